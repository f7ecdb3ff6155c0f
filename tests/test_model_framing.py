"""An open request (`scenario.framing: open`): the requester frames it to get the most help."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import make_cfg, make_spec

from sim.model import framing
from sim.model.crisis import FRAMINGS, OPEN
from sim.model.model import AllianceModel, run_lanes
from sim.runs import batch
from sim.runs.scenario import run, simulate

SCENARIO = "scenario=armenia_azerbaijan_renewed"


def test_the_requester_picks_the_framing_with_the_highest_expected_answer(monkeypatch):
    spec = make_spec(SCENARIO, "scenario.framing=open")
    assert framing.is_open(spec)
    scores = framing.expected_answers(spec, 500, seed=1, chunk=0, run=run_lanes)
    assert set(scores) == set(FRAMINGS) and all(0.0 <= v <= 2.0 for v in scores.values())
    # the mandate term only helps: external aggression is the best framing (or ties with the others)
    assert scores["external_aggression"] == max(scores.values())
    assert framing.choose_framing(spec, 500, 1, 0, run_lanes) == "external_aggression"
    # the choice itself: the highest score, ties going to the earliest in FRAMINGS
    monkeypatch.setattr(framing, "expected_answers",
                        lambda *a: {"external_aggression": 0.5, "internal_security": 1.2, "border_dispute": 1.2})
    assert framing.choose_framing(spec, 10, 1, 0, run_lanes) == "internal_security"


def test_an_open_request_runs_as_the_chosen_framing_on_the_same_streams():
    opened = AllianceModel(make_spec(SCENARIO, "scenario.framing=open"), lanes=400, seed=3)
    assert opened.framing_chosen in FRAMINGS and opened.spec.crisis.framing == opened.framing_chosen
    opened.step()
    fixed = run_lanes(make_spec(SCENARIO, f"scenario.framing={opened.framing_chosen}"), 400, seed=3)
    res = opened.results()
    assert res.framing == opened.framing_chosen
    np.testing.assert_array_equal(res.answer, fixed.answer)
    np.testing.assert_array_equal(res.level, fixed.level)


def test_without_a_mandate_weight_the_framings_tie_and_the_first_is_kept():
    spec = make_spec(SCENARIO, "scenario.framing=open", "decision.weights.mandate=0")
    scores = framing.expected_answers(spec, 300, seed=2, chunk=0, run=run_lanes)
    assert len(set(scores.values())) == 1
    assert framing.choose_framing(spec, 300, 2, 0, run_lanes) == FRAMINGS[0]


def test_one_framing_for_every_chunk_and_the_summary_says_the_requester_chose_it():
    spec = make_spec(SCENARIO, "scenario.framing=open")
    reps, _ = simulate(spec, 600, seed=5, chunk_size=200, with_members=False)
    assert reps["framing"].nunique() == 1 and reps["framing"].iloc[0] in FRAMINGS
    summary = run(make_cfg(SCENARIO, "scenario.framing=open", "replications=300", "progress=false")).summary
    assert summary["crisis"]["framing_chosen_by_requester"] is True
    assert summary["crisis"]["framing"] in FRAMINGS


def test_a_historical_framing_is_kept():
    spec = make_spec("scenario=kazakhstan_2022")
    assert spec.crisis.framing != OPEN and not framing.is_open(spec)
    assert AllianceModel(spec, lanes=10, seed=1).framing_chosen is None


def test_batched_parameters_need_a_fixed_framing():
    spec = make_spec(SCENARIO, "scenario.framing=open")
    batched = dataclasses.replace(spec, params=batch.lane_params(spec.params, {"cost": [0.5, 2.0]}, 10))
    with pytest.raises(ValueError, match="scenario.framing=open needs one parameter point"):
        run_lanes(batched, 20, seed=1)
