"""A requester that frames its own request: `scenario.framing: open`.

The record shows framing is a choice: Tokayev called the January 2022 unrest an attack by
foreign-trained terrorists, which made it an Article 4 case (004 ¶19), while Kyrgyzstan's 2010
plea was for help with internal disorder. For a hypothetical crisis the requester (with the
leading state) picks the framing that gives it the most help: each framing is played out on the
same replication streams, and the one with the highest expected answer (troops 2, partial 1,
none 0; the earlier in FRAMINGS on a tie) is used. Historical episodes keep their observed framing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from sim.model.crisis import FRAMINGS, OPEN
from sim.model.types import LaneResults, ModelSpec

# How the framings are played out: sim.model.model.run_lanes, handed in by the model, which
# calls this module while it is being built (so this module does not import it).
Runner = Callable[..., LaneResults]


def is_open(spec: ModelSpec) -> bool:
    return spec.crisis.framing == OPEN


def with_framing(spec: ModelSpec, framing: str) -> ModelSpec:
    return dataclasses.replace(spec, crisis=dataclasses.replace(spec.crisis, framing=framing))


def expected_answers(spec: ModelSpec, lanes: int, seed: int, chunk: int, run: Runner) -> dict[str, float]:
    """Mean answer code under each framing, on the run's own streams (so the choice is reproducible);
    `run(spec, lanes, seed, chunk, explain=False)` plays one framing out (sim.model.model.run_lanes)."""
    params = spec.params  # the raw fields: Weights.as_dict() would fail on a per-lane array before this check
    for value in (params.object_threshold, params.troops_threshold, params.ad_hoc_cost_multiplier,
                  *vars(params.weights).values()):
        if np.ndim(value) > 0:
            # Per-lane parameter vectors (calibration, experiments) mix many models in one run: one
            # framing choice for all of them would be wrong, so the scenario must say which framing.
            raise ValueError("scenario.framing=open needs one parameter point per run; set scenario.framing to "
                             + " | ".join(FRAMINGS) + " for batched runs")
    return {f: float(run(with_framing(spec, f), lanes, seed, chunk, explain=False).answer.mean())
            for f in FRAMINGS}


def choose_framing(spec: ModelSpec, lanes: int, seed: int, chunk: int, run: Runner) -> str:
    """The framing with the highest expected answer (ties: the earliest in FRAMINGS)."""
    scores = expected_answers(spec, lanes, seed, chunk, run)
    return max(FRAMINGS, key=lambda f: (scores[f], -FRAMINGS.index(f)))
