"""The calibration machinery: prior, per-lane parameters, objective, accepted set, end to end.

Nothing here asserts fitted numbers: the fit is an experiment (docs/calibration.md), the tests
check that the machinery does what it says.
"""

import dataclasses

import numpy as np
import pytest
from conftest import CALIBRATION_SMALL as SMALL
from conftest import make_calibrate_cfg, make_spec
from omegaconf import OmegaConf
from scipy.stats import chi2_contingency

from sim.calibration import fit as cal
from sim.calibration.tallies import simulate_counts
from sim.errors import InputError
from sim.inputs.schema import MemberFitConfig, check_member_fit
from sim.model.model import run_lanes
from sim.runs import batch

ALPHA = 0.001
def prior():
    return cal.build_prior(make_calibrate_cfg().prior)


def test_prior_sample_is_inside_the_bounds_and_reproducible():
    p = prior()
    a, b = cal.sample_prior(p, 256, seed=1), cal.sample_prior(p, 256, seed=1)
    np.testing.assert_array_equal(a, b)
    assert (a >= p.low).all() and (a <= p.high).all()
    assert not np.array_equal(a, cal.sample_prior(p, 256, seed=2))
    values = cal.point_values(p, a)
    assert set(values) == set(cal.PARAMETERS)
    assert (values["trust"] == p.fixed["trust"]).all()  # fixed in configs/calibrate.yaml


@pytest.mark.parametrize("override, field", [
    ("prior.front.low=5", "prior.front.high"),          # low above high
    ("prior.cost.low=-1", "prior.cost.low"),            # a negative weight
    ("prior.trust.fixed=-2", "prior.trust.fixed"),
])
def test_bad_priors_raise_input_errors_naming_the_field(override, field):
    with pytest.raises(InputError) as err:
        cal.build_prior(make_calibrate_cfg(override).prior)
    assert err.value.field == field


@pytest.mark.parametrize("override, field", [
    ("search.smoothing=0", "search.smoothing"),        # log-likelihood of an unseen outcome = -inf
    ("search.replications=0", "search.replications"),
    ("search.score_floor=0", "search.score_floor"),
    ("members.weight=-1", "members.weight"),           # a negative weight rewards missing the members
    ("members.silent_weight=1.5", "members.silent_weight"),
])
def test_impossible_search_settings_are_rejected(override, field):
    with pytest.raises(InputError) as err:
        cal.check_settings(make_calibrate_cfg(override))
    assert err.value.field == field


def test_member_weight_is_read_within_its_schema_bounds():
    assert cal.member_weight(make_calibrate_cfg("members.weight=0.25")) == 0.25
    with pytest.raises(InputError, match=r"^members.weight = -0.5: a number >= 0.0 \(0: fit the alliance"):
        cal.member_weight(make_calibrate_cfg("members.weight=-0.5"))


def test_an_absent_members_node_reads_the_schemas_defaults_and_a_stray_key_is_refused():
    """validation reads calibrate.members outside Hydra: the defaults are the schema's, not a copy."""
    assert check_member_fit(None) == MemberFitConfig()
    assert check_member_fit({"silent_weight": 0.2}) == MemberFitConfig(silent_weight=0.2)
    with pytest.raises(InputError, match=r"^members\.silent = .*allowed keys: weight, silent_weight"):
        check_member_fit({"silent": 0.2})


def test_unknown_or_missing_prior_parameters_are_rejected():
    given = OmegaConf.to_container(make_calibrate_cfg().prior)
    with pytest.raises(InputError, match="bogus"):
        cal.build_prior({**given, "bogus": {"low": 0, "high": 1}})
    given.pop("leader")
    with pytest.raises(InputError, match="prior.leader"):
        cal.build_prior(given)


def test_lane_layout_puts_point_i_in_lanes_i_times_reps_onwards():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    values = {name: np.array([1.0, 2.0]) for name in cal.PARAMETERS}
    params = batch.lane_params(spec.params, values, replications=3)
    assert params.weights.front.tolist() == [1, 1, 1, 2, 2, 2]
    assert params.troops_threshold.tolist() == [1, 1, 1, 2, 2, 2]
    assert params.object_threshold.tolist() == [1, 1, 1, 2, 2, 2]
    assert params.ad_hoc_cost_multiplier.tolist() == [1, 1, 1, 2, 2, 2]  # fitted since v2
    assert params.noise_sd == spec.params.noise_sd  # not calibrated: from the base config


def test_per_lane_parameters_give_the_same_distribution_as_separate_runs():
    """Two parameter vectors in ONE model run vs each in its own run with scalar parameters:
    chi-square homogeneity test per vector, alpha = 0.001 (fixed seeds)."""
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    p = prior()
    points = np.array([(p.low + p.high) / 2, p.low + 0.3 * (p.high - p.low)])
    values = cal.point_values(p, points)
    reps = 5000
    counts = simulate_counts([cal.EpisodeRun("k", "calibration", "none", spec)], values, reps, seed=1,
                                 stage=0)[:, 0]
    for i in range(2):
        scalar = batch.lane_params(spec.params, batch.take(values, [i]), 1)
        scalar = dataclasses.replace(scalar, **{k: float(getattr(scalar, k)[0]) for k in
                                                ("object_threshold", "troops_threshold",
                                                 "ad_hoc_cost_multiplier")},
                                     weights=type(scalar.weights)(**{k: float(v[0]) for k, v in
                                                                     vars(scalar.weights).items()}))
        alone = np.bincount(run_lanes(dataclasses.replace(spec, params=scalar), reps, seed=7).answer, minlength=3)
        both = np.stack([counts[i], alone])
        both = both[:, both.sum(axis=0) > 0]
        if both.shape[1] > 1:
            assert chi2_contingency(both)[1] > ALPHA, (counts[i], alone)
    assert not np.array_equal(counts[0], counts[1])  # the two vectors really differ


def test_simulated_counts_do_not_depend_on_jobs():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    p = prior()
    values = cal.point_values(p, cal.sample_prior(p, 12, seed=3))
    ep = [cal.EpisodeRun("k", "calibration", "none", spec)]
    serial = simulate_counts(ep, values, 20, seed=5, stage=0, block_lanes=100, jobs=1)
    parallel = simulate_counts(ep, values, 20, seed=5, stage=0, block_lanes=100, jobs=2)
    np.testing.assert_array_equal(serial, parallel)
    assert serial.sum(axis=-1).tolist() == [[20]] * 12


def test_accepted_set_holds_the_points_within_tolerance_and_the_central_one_is_in_it():
    score = np.array([-0.1, -2.5, -1.0, -5.0])
    assert cal.accepted_mask(score, 1.92).tolist() == [True, False, True, False]
    # forecasts (points, episodes, outcomes): the set's mean forecast is nearest point 2's
    probs = np.array([[[1.0, 0.0, 0.0]], [[0.0, 0.0, 1.0]], [[0.4, 0.2, 0.4]], [[0.5, 0.0, 0.5]]])
    mask = np.array([True, True, True, False])
    assert cal.representative_index(probs, mask) == 2
    assert cal.representative_index(probs, np.array([False, False, False, True])) == 3  # only accepted points


def test_episodes_are_the_whole_evidence_base_weighted_by_confidence():
    cfg = make_calibrate_cfg()
    runs = cal.episode_runs(cfg.alliance, cfg.decision, confidence_weights=cfg.confidence_weights)
    assert len(runs) == 23 and all(r.role == "calibration" for r in runs)
    assert runs[-1].id == "russia_kursk_2024"  # in the records' date order
    weights = {r.id: r.weight for r in runs}
    assert weights["kazakhstan_2022"] == 1.0  # confidence H
    assert weights["kyrgyzstan_1999"] == cfg.confidence_weights.M
    assert weights["tajikistan_1993"] == cfg.confidence_weights.L
    assert all(r.spec.crisis.coding == "evidence" for r in runs)


def test_seeds_coding_is_the_five_source_episodes_with_the_validation_episode_last():
    cfg = make_calibrate_cfg("alliance.coding=seeds")
    runs = cal.episode_runs(cfg.alliance, cfg.decision)
    roles = [r.role for r in runs]
    assert roles == sorted(roles)  # calibration before validation
    assert {r.id for r in runs if r.role == "validation"} == {"armenia_2021"}
    assert all(r.spec.crisis.episode == r.id and r.weight == 1.0 for r in runs)


def test_a_confidence_without_a_weight_is_an_input_error():
    cfg = make_calibrate_cfg()
    with pytest.raises(InputError, match="confidence_weights"):
        cal.episode_runs(cfg.alliance, cfg.decision, confidence_weights={"H": 1.0})


def test_weighted_objective_counts_each_episode_by_its_weight():
    probs = np.array([[[0.5, 0.25, 0.25], [0.1, 0.1, 0.8]]])
    observed = [0, 2]
    assert cal.objective(probs, observed, cal.Objective.loglik, [1.0, 0.5])[0] == pytest.approx(
        np.log(0.5) + 0.5 * np.log(0.8))
    assert cal.objective(probs, observed, cal.Objective.loglik)[0] == pytest.approx(np.log(0.5) + np.log(0.8))


def test_alternative_coding_swaps_in_the_alternative_outcomes():
    cfg = make_calibrate_cfg("alliance.coding=seeds")
    observed = {r.id: r.observed for r in cal.episode_runs(cfg.alliance, cfg.decision)}
    alternative = {r.id: r.observed for r in cal.episode_runs(cfg.alliance, cfg.decision, cal.Coding.alternative)}
    assert observed["kyrgyzstan_1999"] == "none" and alternative["kyrgyzstan_1999"] == "partial"
    assert observed["kazakhstan_2022"] == alternative["kazakhstan_2022"] == "troops"  # no alternative coded


def test_small_calibration_improves_on_a_deliberately_bad_start():
    """Start: every member sends troops whatever happens (no one objects, forces cost nothing), so
    the refusals are predicted as deployments. The fitted point must score better than that start."""
    cfg = make_calibrate_cfg(*SMALL, "decision.thresholds.object=-20", "decision.thresholds.troops=-19")
    report = cal.calibrate(cfg).report
    start, best = report["start"]["objective"], report["best_fit"]["objective_confirm"]
    assert report["start"]["parameters"]["object"] == -20
    assert best > start + 1.0, (best, start)
    assert report["central"]["objective_confirm"] > start
    assert 1 <= report["n_accepted"] <= 128
    assert len(report["leave_one_out"]["folds"]) == 23
    assert report["validation"] is None  # every evidence episode is fitted; validation.py holds them out
    assert report["episode_weights"]["kazakhstan_2022"] == 1.0


def test_brier_objective_runs_and_is_reported():
    report = cal.calibrate(make_calibrate_cfg(*SMALL, "search.objective=brier", "search.tolerance=0.1")).report
    assert report["objective"] == "brier"
    assert report["best_fit"]["objective_confirm"] <= 0  # minus a Brier score


@pytest.mark.slow
def test_same_seed_same_calibration():
    a = cal.calibrate(make_calibrate_cfg(*SMALL)).report
    b = cal.calibrate(make_calibrate_cfg(*SMALL)).report
    assert a == b
    c = cal.calibrate(make_calibrate_cfg(*SMALL, "seed=2")).report
    assert c["best_fit"] != a["best_fit"]


def test_the_validation_episode_never_enters_the_objective(monkeypatch):
    """Seeds coding (the robustness run): changing Armenia's observed outcome must not change the
    fit (only its validation score)."""
    cfg = make_calibrate_cfg(*SMALL, "alliance.coding=seeds")
    base = cal.calibrate(cfg).report
    original = cal.episode_runs

    def flipped(alliance, decision, coding, weights=None, members=None):
        return [dataclasses.replace(r, observed="troops") if r.role == "validation" else r
                for r in original(alliance, decision, coding, weights, members)]

    monkeypatch.setattr(cal, "episode_runs", flipped)
    other = cal.calibrate(cfg).report
    assert other["best_fit"] == base["best_fit"] and other["n_accepted"] == base["n_accepted"]
    assert other["validation"] != base["validation"]
