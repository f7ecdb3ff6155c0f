"""The Mesa model: vector lanes equal single runs in distribution, seeds reproduce, rules bind."""

import numpy as np
import pandas as pd
import pytest
from conftest import make_spec
from scipy.stats import chi2_contingency

from sim.model.alliance import OUTCOMES, TROOPS_CODE
from sim.model.decision import REASON_INDEX, TROOPS
from sim.model.model import AllianceModel, run_lanes
from sim.runs.scenario import simulate

R = 10_000
ALPHA = 0.001  # a fixed-seed test: it either passes or fails for good; alpha bounds a false alarm


def outcome_counts(outcomes: np.ndarray) -> np.ndarray:
    return np.bincount(outcomes, minlength=len(OUTCOMES))


def test_one_model_with_10000_lanes_matches_10000_single_lane_models():
    """Chi-square homogeneity test of the outcome distribution (3 categories), alpha = 0.001."""
    # the sources-only coding: a formal request (the evidence coding has a bilateral one, which never
    # yields collective help); all three outcomes are common here
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    lanes = outcome_counts(run_lanes(spec, R, seed=11).outcome)
    singles = outcome_counts(np.array([run_lanes(spec, 1, seed=22, chunk=k).outcome[0] for k in range(R)]))
    assert (lanes > 200).all() and (singles > 200).all(), "scenario must exercise every outcome"
    _, p_value, _, _ = chi2_contingency(np.stack([lanes, singles]))
    assert p_value > ALPHA, f"lanes {lanes} vs singles {singles}: p = {p_value:.2g}"


def test_the_equivalence_test_has_power_against_a_small_change():
    """The same test must reject a model whose front weight is 20% higher (it is not toothless)."""
    base = outcome_counts(run_lanes(make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds"), R, seed=11).outcome)
    shifted = outcome_counts(run_lanes(make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds", "decision.weights.front=1.2"),
                                       R, seed=22).outcome)
    _, p_value, _, _ = chi2_contingency(np.stack([base, shifted]))
    assert p_value < ALPHA


def test_same_seed_same_results_and_other_seed_differs():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    a, b = run_lanes(spec, 500, seed=3), run_lanes(spec, 500, seed=3)
    np.testing.assert_array_equal(a.outcome, b.outcome)
    np.testing.assert_array_equal(a.utility, b.utility)
    assert not np.array_equal(a.utility, run_lanes(spec, 500, seed=4).utility)


def test_results_do_not_depend_on_jobs():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    serial = simulate(spec, 5000, seed=9, chunk_size=1000, jobs=1)
    parallel = simulate(spec, 5000, seed=9, chunk_size=1000, jobs=2)
    for s, p in zip(serial, parallel):
        pd.testing.assert_frame_equal(s, p)


def test_replication_streams_do_not_depend_on_how_many_are_run():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    short, _ = simulate(spec, 1500, seed=9, chunk_size=1000)
    long, _ = simulate(spec, 3000, seed=9, chunk_size=1000)
    pd.testing.assert_frame_equal(short, long.iloc[:1500])


def test_activation_order_does_not_change_draws():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    m1 = AllianceModel(spec, lanes=200, seed=5)
    m2 = AllianceModel(spec, lanes=200, seed=5)
    m2.random.seed(12345)  # a different activation order for the followers
    m1.step(), m2.step()
    np.testing.assert_array_equal(m1.results().utility, m2.results().utility)


def test_no_member_sends_more_than_it_has_and_total_within_request():
    spec = make_spec("+scenario.commitments.RUS=0.9", "decision.thresholds.partial=-1", "decision.thresholds.troops=0")
    res = run_lanes(spec, 2000, seed=1)
    available = np.array([p.available_troops for p in spec.profiles])[:, None]
    assert (res.troops <= available + 1e-9).all()
    assert (res.troops.sum(axis=0) <= spec.crisis.troops_requested + 1e-9).all()
    assert (res.troops[res.level != TROOPS] == 0).all()


def test_member_vs_member_adversary_always_declines_by_rule():
    spec = make_spec("scenario=kyrgyzstan_tajikistan_2021", "alliance.coding=seeds", "decision.thresholds.partial=-100",
                     "decision.thresholds.troops=-100")
    res = run_lanes(spec, 1000, seed=1)
    tjk = res.members.index("TJK")
    assert (res.level[tjk] == 0).all()
    assert (res.reason[tjk] == REASON_INDEX["rule:adversary_member"]).all()
    assert (res.outcome != TROOPS_CODE).all()


def test_no_request_means_no_assistance():
    res = run_lanes(make_spec("scenario.formal_request=false", "decision.thresholds.partial=-100",
                              "decision.thresholds.troops=-100"), 500, seed=1)
    assert (res.outcome == 0).all() and (res.troops == 0).all()


def test_outside_members_territory_no_troops_but_help_possible():
    res = run_lanes(make_spec("scenario.on_member_territory=false", "decision.thresholds.troops=-100",
                              "decision.thresholds.partial=-100"), 500, seed=1)
    assert (res.outcome == 1).all() and (res.troops == 0).all()


def test_before_the_treaty_is_in_force_no_collective_forces():
    eager = ("scenario=tajikistan_taliban_incursion", "decision.thresholds.partial=-100",
             "decision.thresholds.troops=-100")
    before = run_lanes(make_spec(*eager, "scenario.date=1993-06-01"), 500, seed=1)
    after = run_lanes(make_spec(*eager, "scenario.date=1995-06-01"), 500, seed=1)
    assert (before.outcome != TROOPS_CODE).all()
    assert (after.outcome == TROOPS_CODE).all()


def test_datacollector_records_outcome_shares():
    model = AllianceModel(make_spec(), lanes=300, seed=2)
    model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame[["p_none", "p_partial", "p_troops"]].iloc[0].sum() == pytest.approx(1.0)
