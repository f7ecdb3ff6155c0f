"""The trust rules (sim/model/trust.py): unit cases and invariants over random inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from sim.model import trust as tr
from sim.model.alliance import NONE_CODE, PARTIAL_CODE, TROOPS_CODE
from sim.model.decision import MATERIAL, OBJECT, POLITICAL, TROOPS

FAST = settings(max_examples=60, deadline=None)
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def rules(draw) -> tr.TrustRules:
    return tr.TrustRules(gain=draw(unit), loss=draw(unit), partial_credit=draw(unit), vicarious=draw(unit),
                         participation=draw(unit), half_life_years=draw(st.floats(0.5, 50.0)))


@st.composite
def episode(draw):
    """A random episode: trust, who asked, who is adversary, outcomes, choices, participation."""
    m = draw(st.integers(2, 7))
    lanes = draw(st.integers(1, 12))
    trust = draw(hnp.arrays(float, (m, lanes), elements=unit))
    requester = draw(st.integers(0, m - 1))
    adversary = draw(st.one_of(st.none(), st.integers(0, m - 1).filter(lambda a: a != requester)))
    outcome = draw(hnp.arrays(np.int8, lanes, elements=st.sampled_from([NONE_CODE, PARTIAL_CODE, TROOPS_CODE])))
    level = draw(hnp.arrays(np.int8, (m, lanes), elements=st.sampled_from([OBJECT, POLITICAL, MATERIAL, TROOPS])))
    here = draw(hnp.arrays(bool, (m, lanes)))
    front = draw(hnp.arrays(float, m, elements=unit))
    return trust, requester, adversary, outcome, level, here, front


def test_satisfaction_scores_the_outcomes():
    got = tr.satisfaction(np.array([TROOPS_CODE, PARTIAL_CODE, NONE_CODE]), 0.25)
    assert got.tolist() == [1.0, 0.25, 0.0]


def test_learn_moves_by_shares_of_the_remaining_distance():
    assert tr.learn(0.5, 1.0, gain=0.4, loss=0.9) == pytest.approx(0.7)  # 0.5 + 0.4 * 0.5
    assert tr.learn(0.5, 0.0, gain=0.9, loss=0.4) == pytest.approx(0.3)  # 0.5 - 0.4 * 0.5
    assert tr.learn(0.5, 0.0, gain=0.9, loss=0.4, scale=0.5) == pytest.approx(0.4)


@FAST
@given(episode(), rules())
def test_trust_stays_within_bounds(ep, r):
    new = tr.update_after_episode(*ep, r)
    assert new.shape == ep[0].shape
    assert np.all((new >= 0.0) & (new <= 1.0))


@FAST
@given(episode(), rules())
def test_a_refused_request_never_raises_the_requesters_trust(ep, r):
    trust, req, adv, outcome, level, here, front = ep
    outcome = np.full_like(outcome, NONE_CODE)
    new = tr.update_after_episode(trust, req, adv, outcome, level, here, front, r)
    assert np.all(new[req] <= trust[req])


@FAST
@given(episode(), rules())
def test_an_honoured_request_never_lowers_the_requesters_trust(ep, r):
    trust, req, adv, outcome, level, here, front = ep
    outcome = np.full_like(outcome, TROOPS_CODE)
    new = tr.update_after_episode(trust, req, adv, outcome, level, here, front, r)
    assert np.all(new[req] >= trust[req])


@FAST
@given(episode(), rules())
def test_members_not_taking_part_learn_nothing(ep, r):
    trust, req, adv, outcome, level, here, front = ep
    new = tr.update_after_episode(trust, req, adv, outcome, level, here, front, r)
    unchanged = ~here | ~here[req][None, :]  # absent themselves, or no request in that lane
    assert np.array_equal(new[unchanged], trust[unchanged])


def test_requester_learns_most_and_onlookers_by_their_stake_in_the_front():
    trust = np.full((3, 1), 0.5)
    here = np.ones((3, 1), dtype=bool)
    level = np.full((3, 1), POLITICAL, dtype=np.int8)
    r = tr.TrustRules(gain=0.3, loss=0.4, vicarious=0.5, participation=0.0)
    new = tr.update_after_episode(trust, 0, None, np.array([NONE_CODE]), level, here, np.array([1.0, 1.0, 0.0]), r)
    assert new[0, 0] == pytest.approx(0.3)  # requester: 0.5 - 0.4 * 0.5
    assert new[1, 0] == pytest.approx(0.4)  # onlooker on the same front learns half the lesson
    assert new[2, 0] == pytest.approx(0.5)  # onlooker with no stake in that front learns nothing


def test_contributors_and_the_adversary_of_a_deployment():
    trust = np.full((3, 1), 0.5)
    here = np.ones((3, 1), dtype=bool)
    level = np.array([[TROOPS], [TROOPS], [OBJECT]], dtype=np.int8)
    r = tr.TrustRules(gain=0.2, loss=0.4, vicarious=0.0, participation=0.1)
    new = tr.update_after_episode(trust, 0, 2, np.array([TROOPS_CODE]), level, here, np.ones(3), r)
    assert new[1, 0] == pytest.approx(0.55)  # sent troops: 0.5 + 0.1 * 0.5
    assert new[2, 0] == pytest.approx(0.3)  # forces were sent against it: 0.5 - 0.4 * 0.5


def test_relax_closes_half_the_gap_per_half_life():
    assert tr.relax(np.array([0.9]), 0.5, years=10.0, half_life_years=10.0)[0] == pytest.approx(0.7)
    assert tr.relax(np.array([0.9]), 0.5, years=10.0, half_life_years=None)[0] == pytest.approx(0.9)


def test_threat_alignment_counts_only_the_others_present_capabilities():
    prio = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    cap = np.array([1.0, 1.0, 1.0])
    present = np.array([[True, True], [True, False], [True, True]])
    got = tr.threat_alignment(prio, cap, present)
    # lane 0: member 0's others are 1 (same front) and 2 (other front): half covered
    assert got[0, 0] == pytest.approx(0.5)
    # lane 1: member 1 is gone, so only member 2 (other front) is left to cover member 0
    assert got[0, 1] == pytest.approx(0.0)
    assert np.all((got >= 0) & (got <= 1))


def test_ties_with_alliance_is_the_mean_affinity_with_present_others():
    aff = np.array([[1.0, 0.8, -1.0], [0.8, 1.0, 0.2], [-1.0, 0.2, 1.0]])
    present = np.array([[True], [True], [False]])
    got = tr.ties_with_alliance(aff, present)
    assert got[0, 0] == pytest.approx(0.8)
    assert got[2, 0] == pytest.approx((-1.0 + 0.2) / 2)  # absent itself, still scored against those present


def test_renewal_and_freeze():
    r = tr.ExitRules(exit_threshold=0.3, weight_alignment=1.0, alignment_reference=0.5, weight_ties=1.0,
                     noise_sd=0.0)
    terms = tr.renewal_utility(np.array([0.5, 0.1]), np.array([0.5, 0.5]), np.array([0.0, 0.0]),
                               np.array([5.0, 5.0]), r)
    assert tr.renews(terms).tolist() == [True, False]
    assert tr.frozen(np.array([0.1, 0.3]), 0.2).tolist() == [True, False]
