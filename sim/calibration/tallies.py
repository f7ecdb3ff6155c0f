"""The episodes simulated at many parameter points: outcome counts and the members' choice tallies,
all points of a block in one vector-lane model run (sim.runs.batch), and the members' scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from tqdm.auto import tqdm

from sim.calibration import scores
from sim.calibration.episodes import EpisodeRun
from sim.inputs.schema import Objective
from sim.model import decision as d
from sim.model import streams
from sim.model.alliance import OUTCOMES
from sim.runs import batch


def simulate_counts(episodes: Sequence[EpisodeRun], values: dict[str, NDArray[np.float64]], reps: int,
                    seed: int, stage: int, block_lanes: int = 200_000, jobs: int = 1, progress: bool = False,
                    desc: str = "") -> NDArray[np.int64]:
    """Outcome counts (points, episodes, outcomes): `reps` replications of every point on every
    episode. Each model run holds as many whole points as fit in `block_lanes` lanes (memory grows
    with lanes); results are identical for any `jobs`, and (block_lanes, reps) fix the streams."""
    n = batch.n_points(values)
    counts = np.zeros((n, len(episodes), len(OUTCOMES)), dtype=np.int64)
    seeds = [streams.stage_seed(seed, stage, e) for e in range(len(episodes))]
    with tqdm(total=n * len(episodes), desc=desc, unit="pt", disable=not progress, leave=False) as bar:
        for e, points, block in batch.iter_counts([ep.spec for ep in episodes], seeds, values, reps,
                                                  max(1, block_lanes // reps), jobs):
            counts[points, e] = block
            bar.update(len(block))
    return counts


@dataclass(frozen=True)
class Tallies:
    """What the screen (or a confirmation) simulated for every point and episode."""

    counts: NDArray[np.int64]  # (points, episodes, outcomes): the requester's answer
    members: list[NDArray[np.int64]]  # per episode (points, its members, levels): what each member in effect did
    deploy: NDArray[np.float64]  # (points, episodes, 4): deployments, with the lead nation, its troops, all troops


def simulate_tallies(episodes: Sequence[EpisodeRun], values: dict[str, NDArray[np.float64]], reps: int,
                     seed: int, stage: int, block_lanes: int = 200_000, jobs: int = 1, progress: bool = False,
                     desc: str = "", keys: Sequence[int] | None = None) -> Tallies:
    """As `simulate_counts` (the same streams, so the same answer counts), with each member's acted
    level and the lead nation's part in deployments (sim.runs.batch.block_tallies)."""
    n = batch.n_points(values)
    counts = np.zeros((n, len(episodes), len(OUTCOMES)), dtype=np.int64)
    members = [np.zeros((n, len(ep.spec.profiles), len(d.LEVEL_NAMES)), dtype=np.int64) for ep in episodes]
    deploy = np.zeros((n, len(episodes), 4))
    # stream key per episode: its position, or `keys` (validation re-runs one episode on its own key)
    seeds = [streams.stage_seed(seed, stage, e) for e in (keys if keys is not None else range(len(episodes)))]
    k = len(OUTCOMES)
    with tqdm(total=n * len(episodes), desc=desc, unit="pt", disable=not progress, leave=False) as bar:
        for e, points, block in batch.iter_tallies([ep.spec for ep in episodes], seeds, values, reps,
                                                   max(1, block_lanes // reps), jobs):
            m = len(episodes[e].spec.profiles)
            counts[points, e] = block[:, :k]
            members[e][points] = block[:, k:k + 4 * m].reshape(-1, m, 4)
            deploy[points, e] = block[:, k + 4 * m:]
            bar.update(len(block))
    return Tallies(counts, members, deploy)


def member_probabilities(tallies: Tallies, smoothing: float) -> list[NDArray[np.float64]]:
    """Per episode (points, members, levels): smoothed shares of each member's acted level."""
    return [scores.smoothed_probabilities(c, smoothing) for c in tallies.members]


def member_scores(member_probs: Sequence[NDArray[np.float64]], episodes: Sequence[EpisodeRun],
                  which: Objective) -> NDArray[np.float64]:
    """(points, episodes): each episode's member-level score, higher is better: the confidence-weighted
    log-likelihood of the members' recorded actions (loglik), or minus their weighted Brier sum (brier).
    0 for an episode without member targets."""
    n = member_probs[0].shape[0] if member_probs else 0
    out = np.zeros((n, len(episodes)))
    for e, ep in enumerate(episodes):
        for obs in ep.members:
            p = member_probs[e][:, obs.row]  # (points, levels)
            if Objective(which) is Objective.loglik:
                out[:, e] += obs.weight * np.log(p[:, obs.level])
            else:
                out[:, e] -= obs.weight * ((p - np.eye(len(d.LEVEL_NAMES))[obs.level]) ** 2).sum(axis=1)
    return out
