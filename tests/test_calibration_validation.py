"""Validation on the evidence base: out of sample by construction, baselines refitted the same way."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.calibration import fit
from sim.calibration import validation as v
from sim.inputs.evidence import load_evidence


@pytest.fixture(scope="module")
def result():
    settings = v.load_settings()
    settings.samples, settings.replications, settings.progress = 64, 16, False
    settings.reason_lanes, settings.sensitivity_lanes = 200, 200
    return v.validate(settings, sensitivity=["russia_ukraine_2022", "armenia_2021", "kazakhstan_2022"])


def test_the_rule_of_thumb_is_the_one_line_rule():
    ev = load_evidence()
    kaz = ev.episodes["kazakhstan_2022"]
    assert v.rule_of_thumb(kaz) == v.PARTIAL
    assert v.rule_of_thumb(dataclasses.replace(kaz, request="bilateral")) == v.NONE
    assert v.rule_of_thumb(dataclasses.replace(kaz, crisis_type="member_vs_member")) == v.NONE
    assert v.rule_of_thumb(dataclasses.replace(kaz, on_member_territory=False)) == v.NONE


def test_a_held_out_episode_never_selects_the_forecast_that_predicts_it():
    """Changing the held-out episode's outcome and its members' recorded actions changes nothing in
    the accepted set chosen on the others; changing a training episode does (the test can fail)."""
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(3), size=(50, 4))
    member_score = rng.normal(size=(50, 4))
    scr = fit.Screen(np.zeros((50, 1)), {}, probs, np.zeros(50), [], member_score)

    def runs(outcomes, held_score):
        scr.member_score[:, 3] = held_score
        return [fit.EpisodeRun(str(i), "calibration", o, None) for i, o in enumerate(outcomes)]

    a = v.select(scr, runs(["none", "partial", "troops", "none"], 0.0), [0, 1, 2], 1.92, 1.0)
    b = v.select(scr, runs(["none", "partial", "troops", "troops"], 5.0), [0, 1, 2], 1.92, 1.0)
    np.testing.assert_array_equal(a, b)
    c = v.select(scr, runs(["troops", "partial", "troops", "none"], 0.0), [0, 1, 2], 1.92, 1.0)
    assert (a != c).any()


@pytest.mark.slow
def test_every_forecaster_is_scored_on_every_episode_and_rolling_origins(result):
    assert result["episodes"] == len(load_evidence().coded_episodes()) == len(result["per_episode"])
    assert set(result["loo"]) == {"model", "cells", "cells_asked", "frequency", "majority", "rule_of_thumb"}
    for scored in [result["loo"], *result["rolling_origin"].values()]:
        for name in v.FORECASTERS:
            s = scored[name]
            assert 0.0 <= s["brier"] <= 2.0 and s["log_score"] <= 0.0
    assert set(result["rolling_origin"]) <= {"2005", "2012", "2020"} and result["rolling_origin"]
    for e in result["per_episode"]:
        assert sum(e["model_loo"].values()) == pytest.approx(1.0, abs=0.01)
    members = result["members"]["loo"]
    assert members["rows"] == len(result["members"]["loo_rows"]) > 40
    for name in ("model", "baseline"):
        assert 0.0 <= members[name]["brier"] <= 2.0


def test_every_episode_has_reasons_and_a_sensitivity_row_for_every_unfitted_setting(result):
    from sim.calibration.sensitivity import SETTINGS

    for e in result["per_episode"]:
        assert e["main_reasons"], e["id"]
    for eid, sens in result["sensitivity"].items():
        assert 0.0 <= sens["p_observed"] <= 1.0
        names = {a["assumption"] for a in sens["assumptions"]}
        assert {path for path, _, _ in SETTINGS} <= names, eid
        swings = [a["swing"] for a in sens["assumptions"]]
        assert swings == sorted(swings, reverse=True)  # most influential first
    # episodes decided by "no request" do not move with any assumption
    assert all(a["swing"] == 0 for a in result["sensitivity"]["russia_ukraine_2022"]["assumptions"])
    # dated assumptions in force on the date are varied: the Russia-Turkey tie matters to Armenia in 2021
    assert "tie RUS-TUR" in {a["assumption"] for a in result["sensitivity"]["armenia_2021"]["assumptions"]}


def test_formal_requests_are_compared_with_the_literature(result):
    h = result["honoured"]
    assert h["formal_ids"] == ["tajikistan_1993", "armenia_2021", "kazakhstan_2022"]
    assert h["observed_troops_share"] == pytest.approx(2 / 3)
    assert 0.0 <= h["model_troops_share_loo"] <= 1.0
    assert set(h["literature"]) == {"leeds_before_1945", "berkemeier_fuhrmann_after_1945"}
