"""Evaluate many decision-weight vectors in one model run: per-lane parameter arrays.

Every decision term broadcasts, so a weight may be an array with one value per lane. A batch
of P parameter points x R replications is ONE model run of P*R lanes (point p owns lanes
p*R .. p*R+R-1), instead of P Mesa models: this is what makes a Sobol analysis with ~20,000
points affordable. Lane i of a batched run is exactly lane i of a run with point p's weights as
scalars (same streams), so batching changes speed, never results.

Batch b of a design always uses model chunk b, so results depend only on (spec, design, R,
seed, batch_points), never on how many workers ran the batches.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from sim.errors import InputError, one_of
from sim.model import decision as d
from sim.model.alliance import OUTCOMES
from sim.model.model import ModelSpec, run_lanes


def with_lane_weights(spec: ModelSpec, points: pd.DataFrame, replications: int) -> ModelSpec:
    """The spec with each weight column of `points` repeated `replications` times along the lanes."""
    unknown = set(points.columns) - set(d.TERMS)
    if unknown:
        raise InputError("weights", sorted(unknown)[0], one_of(d.TERMS))
    arrays = {name: np.repeat(points[name].to_numpy(dtype=float), replications) for name in points.columns}
    weights = dataclasses.replace(spec.params.weights, **arrays)
    return dataclasses.replace(spec, params=dataclasses.replace(spec.params, weights=weights))


def outcome_shares(outcome: np.ndarray, points: int, replications: int) -> np.ndarray:
    """(points, len(OUTCOMES)) share of each outcome among each point's replications."""
    per_point = outcome.reshape(points, replications)
    return np.stack([(per_point == i).mean(axis=1) for i in range(len(OUTCOMES))], axis=1)


def run_batch(spec: ModelSpec, points: pd.DataFrame, replications: int, seed: int, batch: int) -> np.ndarray:
    """Outcome shares of one batch of points: one model run of len(points) * replications lanes."""
    lanes = len(points) * replications
    result = run_lanes(with_lane_weights(spec, points, replications), lanes, seed, chunk=batch)
    shares = outcome_shares(result.outcome, len(points), replications)
    # A Mesa model and its agents reference each other, so a finished model's lane arrays (tens of
    # MB) wait for the cyclic collector, which counts objects, not bytes: without this, memory grows
    # with the number of batches. A young-generation pass is cheap (~1 ms) and frees them.
    gc.collect(1)
    return shares


def batches(n_points: int, batch_points: int) -> list[slice]:
    return [slice(s, min(s + batch_points, n_points)) for s in range(0, n_points, batch_points)]


def iter_evaluate(spec: ModelSpec, design: pd.DataFrame, replications: int, seed: int, batch_points: int = 500,
                  jobs: int = 1) -> Iterator[pd.DataFrame]:
    """Yield, batch by batch and in order, a table of P(outcome) per design point.

    Yielding lets callers stream results to disk: memory holds a few batches, not the design's results.
    """
    plan = batches(len(design), batch_points)
    if jobs == 1:
        shares = (run_batch(spec, design.iloc[s], replications, seed, b) for b, s in enumerate(plan))
    else:
        shares = Parallel(n_jobs=jobs, return_as="generator")(
            delayed(run_batch)(spec, design.iloc[s], replications, seed, b) for b, s in enumerate(plan))
    for s, share in zip(plan, shares):
        yield pd.DataFrame({f"p_{name}": share[:, i] for i, name in enumerate(OUTCOMES)},
                           index=design.index[s])


def evaluate(spec: ModelSpec, design: pd.DataFrame, replications: int, seed: int, batch_points: int = 500,
             jobs: int = 1) -> pd.DataFrame:
    """P(outcome) for every row of `design` (one column per swept weight), in design order."""
    return pd.concat(list(iter_evaluate(spec, design, replications, seed, batch_points, jobs)))
