"""The lead nation, dependence-driven deference, opposition to a mission's premise and what a request
asked for (decision model v3): pure rules alone, then properties of whole models."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.inputs.compose import compose_config
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model.alliance import TROOPS_CODE, Rule, agreed, troop_shares
from sim.model.crisis import rule_cap
from sim.model.model import run_lanes

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(unit, unit, unit)
def test_more_dependence_never_lowers_deference(low, high, opposition):
    a, b = sorted((low, high))
    assert d.deference(b, opposition) >= d.deference(a, opposition)


@given(unit, unit, unit)
def test_more_opposition_never_raises_deference(dep, low, high):
    a, b = sorted((low, high))
    assert d.deference(dep, b) <= d.deference(dep, a)
    assert 0.0 <= d.deference(dep, a) <= 1.0


def test_premise_and_missing_lead_nation_only_hold_back():
    assert d.premise_term(1.0, 2.0) == -2.0 and d.premise_term(0.0, 2.0) == 0.0
    np.testing.assert_allclose(d.no_lead_term(np.array([1.0, 0.0]), 1.5), [0.0, -1.5])


def test_troop_shares_give_the_lead_nation_its_share():
    contributes = np.array([[True, True, False, False], [True, False, True, False], [True, False, False, False]])
    pledge = np.array([0.4, 0.3, 0.3])
    frac = troop_shares(contributes, pledge, lead_row=0, lead_share=0.75)
    np.testing.assert_allclose(frac[:, 0], [0.75, 0.125, 0.125])  # the others split the rest by pledge
    np.testing.assert_allclose(frac[:, 1], [1.0, 0.0, 0.0])  # the lead nation alone carries it all
    np.testing.assert_allclose(frac[:, 2], [0.0, 1.0, 0.0])  # without it, the others carry it all
    np.testing.assert_allclose(frac.sum(axis=0), [1.0, 1.0, 1.0, 0.0])
    # without a lead share everyone splits by pledge, as before
    np.testing.assert_allclose(troop_shares(contributes, pledge)[:, 0], pledge)
    # nor with a lead nation but no lead share (alliance.lead_share: null); this used to raise a TypeError
    np.testing.assert_allclose(troop_shares(contributes, pledge, lead_row=0)[:, 0], pledge)


def test_one_objection_blocks_under_consensus():
    levels = np.array([[d.TROOPS, d.TROOPS], [d.OBJECT, d.POLITICAL], [d.MATERIAL, d.MATERIAL]], dtype=np.int8)
    np.testing.assert_array_equal(agreed(levels, Rule.consensus), [False, True])


def spec_for(overrides: list[str]):
    return build_spec(compose_config(overrides))


def test_what_was_asked_caps_the_answer():
    aid = spec_for(["scenario=kazakhstan_2022", "scenario.asked=aid"])
    assert rule_cap(aid.crisis, aid.state, "KGZ", 1000.0) == (d.MATERIAL, "rule:asked_aid")
    political = spec_for(["scenario=kazakhstan_2022", "scenario.channel=political"])
    assert rule_cap(political.crisis, political.state, "KGZ", 1000.0) == (d.POLITICAL, "rule:asked_political")
    res = run_lanes(aid, 500, 1, explain=False)
    assert not (res.outcome == TROOPS_CODE).any() and not (res.level == d.TROOPS).any()


def test_a_political_plea_can_be_refused():
    """A plea for political backing asks members something: they may back it or object."""
    spec = spec_for(["scenario=russia_georgia_2008", "decision=default", "decision.thresholds.object=1.5"])
    res = run_lanes(spec, 500, 3, explain=False)
    voters = [i for i, r in enumerate(res.roles) if r == "voter"]
    assert (res.level[voters] == d.OBJECT).mean() > 0.05
    assert (res.level[voters] <= d.POLITICAL).all()


def test_based_forces_add_to_what_the_lead_nation_has_free():
    tjk = spec_for(["scenario=tajikistan_taliban_incursion"])
    blr = spec_for(["scenario=belarus_nato_border_incident"])
    rus_tjk = next(p for p in tjk.profiles if p.code == "RUS").available_troops
    rus_blr = next(p for p in blr.profiles if p.code == "RUS").available_troops
    assert rus_tjk > rus_blr + 5000  # the 201st base in Tajikistan (about 7,000)


def test_dependence_is_measured_and_can_be_overridden():
    spec = spec_for(["scenario=kazakhstan_2022"])
    dep = {p.code: p.dependence for p in spec.profiles}
    assert all(0.0 <= v <= 1.0 for v in dep.values())
    assert dep["TJK"] > dep["KAZ"]  # half of Tajikistan's GDP is remittances, most from Russia
    over = spec_for(["scenario=kazakhstan_2022", "+alliance.dependence_overrides.KAZ=0.05"])
    assert next(p for p in over.profiles if p.code == "KAZ").dependence == 0.05


def test_opposition_is_read_from_the_premises():
    kursk = spec_for(["scenario=russia_kursk_2024", "scenario.channel=formal"])
    assert next(p for p in kursk.profiles if p.code == "KAZ").opposition == 1.0
    osh = spec_for(["scenario=kyrgyzstan_2010", "scenario.channel=formal"])
    assert next(p for p in osh.profiles if p.code == "UZB").opposition == 1.0
    kaz2022 = spec_for(["scenario=kazakhstan_2022"])
    assert all(p.opposition == 0.0 for p in kaz2022.profiles)


@settings(max_examples=15, deadline=None)
@given(st.floats(0.0, 3.0), st.floats(0.0, 3.0), st.floats(-1.0, 3.0), st.integers(0, 10_000))
def test_removing_the_lead_nations_capacity_never_raises_p_troops(leader, no_lead, troops, seed):
    base = spec_for(["scenario=kazakhstan_2022", "decision=default"])
    w = dataclasses.replace(base.params.weights, leader=leader, no_lead=no_lead)
    spec = dataclasses.replace(base, params=dataclasses.replace(base.params, weights=w, troops_threshold=troops))
    profiles = tuple(dataclasses.replace(p, available_troops=0.0) if p.code == spec.leader else p
                     for p in spec.profiles)
    without = dataclasses.replace(spec, profiles=profiles)
    with_lead = run_lanes(spec, 300, seed, explain=False)
    no_capacity = run_lanes(without, 300, seed, explain=False)
    # same streams, lane by lane: no lane deploys without the lead nation's capacity that did not with it
    assert not ((no_capacity.outcome == TROOPS_CODE) & (with_lead.outcome != TROOPS_CODE)).any()
