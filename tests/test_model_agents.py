"""The hooks the timeline uses in the core model: per-lane trust and per-lane participation
(sim/model/model.py, sim/model/agents.py, sim/model/alliance.py). Without them the model is unchanged."""

import dataclasses

import numpy as np
from conftest import make_spec
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.model.alliance import Rule, agreed, forces_deploy, outcome_codes
from sim.model.decision import MATERIAL, OBJECT, POLITICAL, TROOPS
from sim.model.model import AllianceModel, run_lanes

FAST = settings(max_examples=40, deadline=None)
levels_st = st.integers(1, 6).flatmap(lambda m: st.integers(1, 8).flatmap(
    lambda n: hnp.arrays(np.int8, (m, n), elements=st.sampled_from([OBJECT, POLITICAL, MATERIAL, TROOPS]))))


@FAST
@given(levels_st, st.sampled_from(list(Rule)), st.floats(0, 1), st.booleans(), st.integers(1, 3))
def test_everyone_present_is_the_same_as_no_mask(levels, rule, share, formal, contributors):
    present = np.ones(levels.shape, dtype=bool)
    lead = 0 if rule is Rule.leader else None
    a = forces_deploy(levels, rule, lead, share, min_contributors=contributors)
    b = forces_deploy(levels, rule, lead, share, present, min_contributors=contributors)
    assert np.array_equal(a, b)
    agree_a, agree_b = agreed(levels, rule, lead, share), agreed(levels, rule, lead, share, present)
    assert np.array_equal(agree_a, agree_b)
    assert np.array_equal(outcome_codes(levels, a, agree_a, formal),
                          outcome_codes(levels, b, agree_b, formal, present))


def test_an_absent_objector_does_not_block_consensus():
    levels = np.array([[TROOPS, TROOPS], [OBJECT, OBJECT]], dtype=np.int8)
    present = np.array([[True, True], [True, False]])
    assert forces_deploy(levels, Rule.consensus, present=present).tolist() == [False, True]


def test_an_absent_members_aid_does_not_make_a_partial_outcome():
    levels = np.array([[POLITICAL, POLITICAL], [MATERIAL, MATERIAL]], dtype=np.int8)
    present = np.array([[True, True], [True, False]])
    measures = agreed(levels, Rule.consensus, present=present)
    deploy = forces_deploy(levels, Rule.consensus, present=present)
    assert outcome_codes(levels, deploy, measures, False, present).tolist() == [1, 0]


def _outcomes(model: AllianceModel) -> np.ndarray:
    model.step()
    return model.results().outcome


def test_a_member_absent_from_every_lane_is_as_if_it_were_not_a_member():
    """A member that left makes no decisions: the others decide exactly as without it."""
    full = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    without = dataclasses.replace(full, profiles=tuple(p for p in full.profiles if p.code != "ARM"))
    lanes = 400
    gone = AllianceModel(full, lanes=lanes, seed=3, active={"ARM": np.zeros(lanes, dtype=bool)})
    res_gone = (gone.step(), gone.results())[1]
    res_without = run_lanes(without, lanes, seed=3)
    assert np.array_equal(res_gone.outcome, res_without.outcome)
    arm = res_gone.members.index("ARM")
    assert np.all(res_gone.troops[arm] == 0) and np.all(res_gone.level[arm] == OBJECT)
    others = [res_gone.members.index(c) for c in res_without.members]
    assert np.array_equal(res_gone.troops[others], res_without.troops)


def test_absence_in_some_lanes_changes_only_those_lanes():
    spec = make_spec("scenario=kazakhstan_2022")
    lanes = 600
    mask = np.arange(lanes) % 2 == 0
    base = _outcomes(AllianceModel(spec, lanes=lanes, seed=9))
    part = _outcomes(AllianceModel(spec, lanes=lanes, seed=9, active={"BLR": mask}))
    # lanes where BLR takes part are untouched (its cost share is the same there)
    assert np.array_equal(base[mask], part[mask])


def test_per_lane_trust_enters_the_trust_term():
    spec = make_spec("scenario=kyrgyzstan_2010", "alliance.coding=seeds")
    lanes = 2000
    low = AllianceModel(spec, lanes=lanes, seed=1, trust={c: np.zeros(lanes) for c in spec.members})
    high = AllianceModel(spec, lanes=lanes, seed=1, trust={c: np.ones(lanes) for c in spec.members})
    assert (_outcomes(high) > 0).mean() > (_outcomes(low) > 0).mean()
