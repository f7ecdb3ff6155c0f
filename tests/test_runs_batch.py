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
        np.testing.assert_array_equal(batched.answer[lanes], alone.answer[lanes])
        np.testing.assert_array_equal(batched.level[:, lanes], alone.level[:, lanes])


def test_batched_shares_match_separate_runs_in_distribution(spec):
    shares = batch.evaluate(spec, POINTS, replications=4000, seed=3, batch_points=2)
    assert shares.shape == (3, 3)
    assert shares.sum(axis=1).to_numpy() == pytest.approx(1.0)
    for p, (_, row) in enumerate(POINTS.iterrows()):
        alone = run_lanes(scalar_spec(spec, row), 4000, seed=1000 + p)  # independent streams
        for i, name in enumerate(OUTCOMES):
            q = float(np.mean(alone.answer == i))  # shares are of the answer
            # two independent binomial estimates of the same probability: within 4 standard errors
            se = np.sqrt(2 * max(q * (1 - q), 1e-4) / 4000)
            assert shares.iloc[p][f"p_{name}"] == pytest.approx(q, abs=4 * se)
    assert shares["p_troops"].iloc[2] > shares["p_troops"].iloc[0]  # the weights really differ by lane


def test_results_do_not_depend_on_the_number_of_workers(spec):
    serial = batch.evaluate(spec, POINTS, replications=200, seed=5, batch_points=1, jobs=1)
    parallel = batch.evaluate(spec, POINTS, replications=200, seed=5, batch_points=1, jobs=2)
    pd.testing.assert_frame_equal(serial, parallel)


def test_an_unknown_weight_is_an_input_error(spec):
    with pytest.raises(InputError, match="allowed: .*, cost, .*object"):
        batch.lane_params(spec.params, {"nerve": [1.0]}, 10)


def test_thresholds_and_the_ad_hoc_factor_vary_by_lane_too(spec):
    params = batch.lane_params(spec.params, {"object": [0.0, 1.0], "troops": [0.5, 2.0],
                                             "ad_hoc_cost_multiplier": [1.0, 3.0]}, 3)
    np.testing.assert_array_equal(params.object_threshold, [0, 0, 0, 1, 1, 1])
    np.testing.assert_array_equal(params.troops_threshold, [0.5, 0.5, 0.5, 2, 2, 2])
    np.testing.assert_array_equal(params.ad_hoc_cost_multiplier, [1, 1, 1, 3, 3, 3])
    assert params.weights == spec.params.weights  # what is not given keeps the base value
    assert params.material_effect == spec.params.material_effect


def test_batched_thresholds_equal_scalar_runs_lane_by_lane(spec):
    points = pd.DataFrame({"object": [-0.5, 0.8], "troops": [0.0, 2.5], "material_cost": [0.2, 1.5]})
    batched = run_lanes(lane_spec(spec, points, R), 2 * R, seed=2)
    for p, (_, row) in enumerate(points.iterrows()):
        alone = run_lanes(scalar_spec(spec, row), 2 * R, seed=2)
        lanes = slice(p * R, (p + 1) * R)
        np.testing.assert_array_equal(batched.answer[lanes], alone.answer[lanes])
        np.testing.assert_array_equal(batched.level[:, lanes], alone.level[:, lanes])


def test_counts_are_of_the_answer_collective_or_bilateral():
    """A bilateral plea gets no collective forces, but Russia's own troops count (evidence C01, C04)."""
    plea = make_spec("scenario=kyrgyzstan_2010")
    assert plea.crisis.channel == "bilateral"
    values = {"cost": np.array([0.5])}
    counts = batch.block_counts(plea, values, 2000, seed=4, chunk=0)
    alone = run_lanes(lane_spec(plea, pd.DataFrame(values), 2000), 2000, seed=4, chunk=0, explain=False)
    assert (alone.outcome != 2).all() and counts[0, 2] > 0
    np.testing.assert_array_equal(counts[0], np.bincount(alone.answer, minlength=len(OUTCOMES)))


def test_several_specs_share_one_runner_and_keep_their_own_streams(spec):
    other = make_spec("scenario=kazakhstan_2022")
    values = {c: POINTS[c].to_numpy() for c in POINTS}
    got = {(e, s.start): c for e, s, c in batch.iter_counts([spec, other], [1, 2], values, 50, per_block=2)}
    assert sorted(got) == [(0, 0), (0, 2), (1, 0), (1, 2)]
    alone = batch.block_counts(other, batch.take(values, slice(2, 3)), 50, seed=2, chunk=1)
    np.testing.assert_array_equal(got[(1, 2)], alone)
