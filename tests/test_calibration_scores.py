"""Scores and naive forecasters: known values, and the conventions the calibration relies on."""

import numpy as np
import pytest

from sim.calibration import scores

NONE, PARTIAL, TROOPS = 0, 1, 2


def test_smoothing_keeps_unseen_outcomes_finite_and_sums_to_one():
    p = scores.smoothed_probabilities([[10, 0, 0]], 0.5)
    assert p[0].tolist() == pytest.approx([10.5 / 11.5, 0.5 / 11.5, 0.5 / 11.5])
    assert scores.smoothed_probabilities(np.ones((4, 5, 3)), 0.5).sum(axis=-1) == pytest.approx(1.0)


def test_log_score_is_the_log_likelihood_of_the_observed_outcomes():
    p = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    assert scores.log_score(p, [NONE, TROOPS]) == pytest.approx(np.log(0.5) + np.log(0.8))


def test_log_score_broadcasts_over_points_and_floors_zero_probabilities():
    p = np.array([[[1.0, 0.0, 0.0]], [[0.0, 0.0, 1.0]]])  # two points, one episode
    assert scores.log_score(p, [TROOPS], floor=0.001).tolist() == pytest.approx([np.log(0.001), 0.0])


def test_brier_score_perfect_uniform_and_confidently_wrong():
    assert scores.brier_score([[1.0, 0.0, 0.0]], [NONE]) == 0.0
    assert scores.brier_score([[1 / 3] * 3], [NONE]) == pytest.approx(2 / 3)
    assert scores.brier_score([[0.0, 0.0, 1.0]], [NONE]) == pytest.approx(2.0)


def test_a_better_forecast_scores_better_on_both_scores():
    good, bad = np.array([[0.8, 0.1, 0.1]]), np.array([[0.2, 0.4, 0.4]])
    assert scores.log_score(good, [NONE]) > scores.log_score(bad, [NONE])
    assert scores.brier_score(good, [NONE]) < scores.brier_score(bad, [NONE])


def test_naive_baselines():
    observed = [NONE, NONE, NONE, TROOPS]
    assert scores.frequency_forecast(observed, 0.0).tolist() == [0.75, 0.0, 0.25]
    assert scores.frequency_forecast(observed, 0.5).tolist() == pytest.approx([3.5 / 5.5, 0.5 / 5.5, 1.5 / 5.5])
    assert scores.majority_forecast(observed).tolist() == [1.0, 0.0, 0.0]
