"""Many parameter vectors in one model run: the runner behind calibration, experiments and benchmarks.

Counts are of the requester's answer (collective or the leading state's bilateral help, the more
of the two: sim.model.alliance), which is what the episode records code.

Every decision term broadcasts, so a weight or threshold may be an array with one value per
lane. A block of P parameter points x R replications is ONE model run of P*R lanes (point p owns
lanes p*R .. p*R+R-1) instead of P Mesa models: this is what makes a calibration over 16,384
points or a Sobol analysis with ~20,000 points affordable. Lane i of a batched run is exactly
lane i of a run with point p's parameters as scalars (same streams), so batching changes speed,
never results.

Block b of a design always runs as model chunk b, so results depend only on (spec, values,
replications, seed, points per block), never on how many workers ran the blocks.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from sim.errors import InputError, one_of
from sim.model import decision as d
from sim.model.alliance import CARRIED, OUTCOMES, TROOPS_CODE
from sim.model.model import LaneResults, ModelSpec, run_lanes
from sim.runs import engine

THRESHOLDS: tuple[str, ...] = ("object", "troops")  # decision.thresholds
# Every parameter that may vary by lane: the weights, the thresholds and the troop cost factor
# before standing forces (a fitted parameter since decision model v2, no longer a fixed switch).
LANE_PARAMETERS: tuple[str, ...] = (*d.TERMS, *THRESHOLDS, "ad_hoc_cost_multiplier")

Values = Mapping[str, ArrayLike]  # parameter name -> (points,) values


def lane_params(base: d.DecisionParams, values: Values, replications: int) -> d.DecisionParams:
    """`base` with each parameter in `values` repeated `replications` times along the lanes.

    Parameters not in `values` keep their value in `base`.
    """
    unknown = set(values) - set(LANE_PARAMETERS)
    if unknown:
        raise InputError("parameters", sorted(unknown)[0], one_of(LANE_PARAMETERS))
    lanes = {name: np.repeat(np.asarray(v, dtype=float), replications) for name, v in values.items()}
    weights = dataclasses.replace(base.weights, **{t: lanes[t] for t in d.TERMS if t in lanes})
    return dataclasses.replace(
        base, weights=weights,
        object_threshold=lanes.get("object", base.object_threshold),
        troops_threshold=lanes.get("troops", base.troops_threshold),
        ad_hoc_cost_multiplier=lanes.get("ad_hoc_cost_multiplier", base.ad_hoc_cost_multiplier))


def n_points(values: Values) -> int:
    return len(np.atleast_1d(next(iter(values.values()))))


def take(values: Values, index: slice | Sequence[int] | NDArray[np.integer]) -> dict[str, NDArray[np.float64]]:
    """The points at `index` of every parameter."""
    return {k: np.atleast_1d(np.asarray(v, dtype=float)[index]) for k, v in values.items()}


def block_counts(spec: ModelSpec, values: Values, replications: int, seed: int, chunk: int) -> NDArray[np.int64]:
    """Outcome counts (points, outcomes) of one block of points: one model run of points x replications lanes."""
    points = n_points(values)
    lanes = points * replications
    result = run_lanes(dataclasses.replace(spec, params=lane_params(spec.params, values, replications)),
                       lanes, seed, chunk=chunk, explain=False)  # only outcomes are counted here
    outcome = result.answer.reshape(points, replications)  # what the requester got, collective or bilateral
    # A Mesa model and its agents reference each other, so a finished model's lane arrays (tens to
    # hundreds of MB) wait for the cyclic collector, which counts objects, not bytes: without this,
    # memory grows with the number of blocks. A young-generation pass is cheap (~1 ms) and frees them.
    gc.collect(1)
    return np.stack([(outcome == k).sum(axis=1) for k in range(len(OUTCOMES))], axis=1)


def acted_levels(results: LaneResults, leader: str | None) -> NDArray[np.int8]:
    """What each member in effect did, per lane (members, lanes), as member_actions codes it: an
    objection stays one; otherwise its choice as far as the collective outcome carried it, at
    least political (it did not object); the leading state also counts its bilateral help."""
    level = results.level
    carried = np.asarray(CARRIED, dtype=np.int8)[results.outcome]
    acted = np.where(level == d.OBJECT, d.OBJECT, np.maximum(d.POLITICAL, np.minimum(level, carried[np.newaxis, :])))
    if leader in results.members:
        row = results.members.index(leader)
        acted[row] = np.where(level[row] == d.OBJECT, np.maximum(d.OBJECT, results.bilateral),
                              np.maximum(acted[row], results.bilateral))
    return acted.astype(np.int8)


def tally_width(members: int) -> int:
    """Columns of a block's tallies: answer counts, each member's acted-level counts, then the deployment
    figures (deployments, deployments with the leader sending troops, the leader's troops, all troops)."""
    return len(OUTCOMES) + members * len(d.LEVEL_NAMES) + 4


def block_tallies(spec: ModelSpec, values: Values, replications: int, seed: int, chunk: int) -> NDArray[np.float64]:
    """Everything the pattern-oriented calibration scores, per point of one block (points, tally_width):
    the answer counts (as `block_counts`), each member's acted-level counts (`acted_levels`, in
    spec.members order) and the lead nation's part in deployments. Same streams as block_counts."""
    points = n_points(values)
    lanes = points * replications
    result = run_lanes(dataclasses.replace(spec, params=lane_params(spec.params, values, replications)),
                       lanes, seed, chunk=chunk, explain=False)
    gc.collect(1)
    m = len(result.members)
    out = np.zeros((points, tally_width(m)))
    answer = result.answer.reshape(points, replications)
    for k in range(len(OUTCOMES)):
        out[:, k] = (answer == k).sum(axis=1)
    acted = acted_levels(result, spec.leader).reshape(m, points, replications)
    col = len(OUTCOMES)
    for i in range(m):
        for k in range(len(d.LEVEL_NAMES)):
            out[:, col] = (acted[i] == k).sum(axis=1)
            col += 1
    deploy = (result.outcome == TROOPS_CODE).reshape(points, replications)
    troops = result.troops.reshape(m, points, replications)
    out[:, col] = deploy.sum(axis=1)
    if spec.leader in result.members:
        row = result.members.index(spec.leader)
        out[:, col + 1] = (deploy & (troops[row] > 0)).sum(axis=1)
        out[:, col + 2] = troops[row].sum(axis=1)
    out[:, col + 3] = troops.sum(axis=(0, 2))
    return out


def blocks(points: int, per_block: int) -> list[slice]:
    return [slice(s, min(s + per_block, points)) for s in range(0, points, per_block)]


def _iter_blocks[T](fn: Callable[..., T], specs: Sequence[ModelSpec], seeds: Sequence[int], values: Values,
                    replications: int, per_block: int, jobs: int) -> Iterator[tuple[int, slice, T]]:
    """(spec index, points slice, fn's block), block by block and in order; `fn` is block_counts or
    block_tallies. Where the chunks run (here, joblib workers, a Dask cluster) and whether finished
    ones are kept is the active engine's business (sim.runs.engine.use): the results are the same."""
    plan = blocks(n_points(values), max(1, per_block))
    tasks = [(e, b, s) for e in range(len(specs)) for b, s in enumerate(plan)]
    out = engine.run_chunks(fn, [(specs[e], take(values, s), replications, seeds[e], b) for e, b, s in tasks],
                            jobs=jobs)
    for (e, _, s), block in zip(tasks, out):
        yield e, s, block


def iter_counts(specs: Sequence[ModelSpec], seeds: Sequence[int], values: Values, replications: int,
                per_block: int, jobs: int = 1) -> Iterator[tuple[int, slice, NDArray[np.int64]]]:
    """Yield (spec index, points slice, outcome counts), block by block and in order, for every point
    of `values` run on every spec (spec e with root seed seeds[e]: episodes of a calibration).

    Yielding lets callers stream results to disk or a progress bar: memory holds a few blocks,
    not the whole design's results. Identical for any `jobs`.
    """
    yield from _iter_blocks(block_counts, specs, seeds, values, replications, per_block, jobs)


def iter_tallies(specs: Sequence[ModelSpec], seeds: Sequence[int], values: Values, replications: int,
                 per_block: int, jobs: int = 1) -> Iterator[tuple[int, slice, NDArray[np.float64]]]:
    """As `iter_counts`, with `block_tallies` (the member-level and deployment figures too)."""
    yield from _iter_blocks(block_tallies, specs, seeds, values, replications, per_block, jobs)


def iter_evaluate(spec: ModelSpec, design: pd.DataFrame, replications: int, seed: int, batch_points: int = 500,
                  jobs: int = 1) -> Iterator[pd.DataFrame]:
    """Yield, block by block and in order, a table of P(outcome) per design row (one column per parameter)."""
    values = {name: design[name].to_numpy(dtype=float) for name in design.columns}
    for _, s, counts in iter_counts([spec], [seed], values, replications, batch_points, jobs):
        shares = counts / replications
        yield pd.DataFrame({f"p_{name}": shares[:, i] for i, name in enumerate(OUTCOMES)}, index=design.index[s])


def evaluate(spec: ModelSpec, design: pd.DataFrame, replications: int, seed: int, batch_points: int = 500,
             jobs: int = 1) -> pd.DataFrame:
    """P(outcome) for every row of `design`, in design order."""
    return pd.concat(list(iter_evaluate(spec, design, replications, seed, batch_points, jobs)))
