"""Per-lane parameter arrays: a batched run equals separate runs, lane by lane and in distribution."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from conftest import make_spec

from sim.errors import InputError
from sim.model.alliance import OUTCOMES
from sim.model.model import run_lanes
from sim.runs import batch

POINTS = pd.DataFrame({"regime": [0.0, 1.0, 2.5], "cost": [2.0, 1.0, 0.0], "leader": [0.5, 1.0, 3.0]})
R = 400


@pytest.fixture(scope="module")
def spec():
    return make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")


def lane_spec(spec, points: pd.DataFrame, replications: int):
    params = batch.lane_params(spec.params, {c: points[c].to_numpy() for c in points}, replications)
    return dataclasses.replace(spec, params=params)


def scalar_spec(spec, row):
    return lane_spec(spec, pd.DataFrame([row]), 1)


def test_each_lane_of_a_batched_run_equals_the_same_lane_run_with_scalar_weights(spec):
    batched = run_lanes(lane_spec(spec, POINTS, R), len(POINTS) * R, seed=9, chunk=4)
    for p, (_, row) in enumerate(POINTS.iterrows()):
        alone = run_lanes(scalar_spec(spec, row), len(POINTS) * R, seed=9, chunk=4)
        lanes = slice(p * R, (p + 1) * R)
        np.testing.assert_array_equal(batched.outcome[lanes], alone.outcome[lanes])
        np.testing.assert_array_equal(batched.level[:, lanes], alone.level[:, lanes])


def test_batched_shares_match_separate_runs_in_distribution(spec):
    shares = batch.evaluate(spec, POINTS, replications=4000, seed=3, batch_points=2)
    assert shares.shape == (3, 3)
    assert shares.sum(axis=1).to_numpy() == pytest.approx(1.0)
    for p, (_, row) in enumerate(POINTS.iterrows()):
        alone = run_lanes(scalar_spec(spec, row), 4000, seed=1000 + p)  # independent streams
        for i, name in enumerate(OUTCOMES):
            q = float(np.mean(alone.outcome == i))
            # two independent binomial estimates of the same probability: within 4 standard errors
            se = np.sqrt(2 * max(q * (1 - q), 1e-4) / 4000)
            assert shares.iloc[p][f"p_{name}"] == pytest.approx(q, abs=4 * se)
    assert shares["p_troops"].iloc[2] > shares["p_troops"].iloc[0]  # the weights really differ by lane


def test_results_do_not_depend_on_the_number_of_workers(spec):
    serial = batch.evaluate(spec, POINTS, replications=200, seed=5, batch_points=1, jobs=1)
    parallel = batch.evaluate(spec, POINTS, replications=200, seed=5, batch_points=1, jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)


def test_an_unknown_weight_is_an_input_error(spec):
    with pytest.raises(InputError, match="allowed: cost"):
        batch.lane_params(spec.params, {"nerve": [1.0]}, 10)


def test_thresholds_vary_by_lane_too(spec):
    params = batch.lane_params(spec.params, {"partial": [0.0, 1.0], "troops_gap": [0.5, 2.0]}, 3)
    np.testing.assert_array_equal(params.partial_threshold, [0, 0, 0, 1, 1, 1])
    np.testing.assert_array_equal(params.troops_threshold, [0.5, 0.5, 0.5, 3, 3, 3])
    assert params.weights == spec.params.weights  # what is not given keeps the base value


def test_several_specs_share_one_runner_and_keep_their_own_streams(spec):
    other = make_spec("scenario=kazakhstan_2022")
    values = {c: POINTS[c].to_numpy() for c in POINTS}
    got = {(e, s.start): c for e, s, c in batch.iter_counts([spec, other], [1, 2], values, 50, per_block=2)}
    assert sorted(got) == [(0, 0), (0, 2), (1, 0), (1, 2)]
    alone = batch.block_counts(other, batch.take(values, slice(2, 3)), 50, seed=2, chunk=1)
    np.testing.assert_array_equal(got[(1, 2)], alone)
