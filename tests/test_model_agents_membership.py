"""MemberState's membership behaviour: signing, fading, learning, renewing and freezing per lane."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import trust as tr
from sim.timeline.roster import Roster


@pytest.fixture
def roster(spec_factory):
    return Roster(spec_factory("scenario=kazakhstan_2022").profiles, lanes=4, seed=1)


def test_states_start_unsigned_and_sign_once(roster):
    state = roster.by_code["KAZ"]
    assert (state.status == tr.NOT_SIGNED).all() and not state.is_member.any()
    state.sign()
    assert (state.status == tr.ACTIVE).all()
    state.status[0] = tr.LEFT
    state.sign()
    assert state.status[0] == tr.LEFT  # signing again never brings back a state that left


def test_a_member_that_fails_its_renewal_case_leaves_only_where_it_was_a_member(roster):
    state = roster.by_code["ARM"]
    state.sign()
    state.status[3] = tr.NOT_SIGNED
    rules = tr.ExitRules(exit_threshold=0.9, noise_sd=0.0, weight_alignment=0.0, weight_ties=0.0)
    terms = state.consider_renewal(np.zeros(4), np.zeros(4), np.zeros(4), rules)
    assert list(state.status) == [tr.LEFT, tr.LEFT, tr.LEFT, tr.NOT_SIGNED]
    assert np.isnan(terms["trust"][3]) and terms["trust"][0] < 0


def test_low_trust_freezes_and_recovery_resumes(roster):
    state = roster.by_code["BLR"]
    state.sign()
    state.trust = np.array([0.05, 0.5, 0.05, 0.5])
    state.review_participation(tr.ExitRules(freeze_threshold=0.2))
    assert list(state.status) == [tr.FROZEN, tr.ACTIVE, tr.FROZEN, tr.ACTIVE]
    state.trust[:] = 0.5
    state.review_participation(tr.ExitRules(freeze_threshold=0.2))
    assert (state.status == tr.ACTIVE).all()


def test_a_refused_requester_loses_trust_only_where_it_asked(roster):
    state = roster.by_code["KGZ"]
    state.sign()
    before = state.trust.copy()
    outcome = np.full(4, 0, dtype=np.int8)  # none
    asked = np.array([True, True, False, False])
    state.learn_from("requester", outcome, np.zeros(4, dtype=np.int8), 1.0, asked, tr.TrustRules())
    assert (state.trust[:2] < before[:2]).all() and (state.trust[2:] == before[2:]).all()


def test_trust_fades_towards_the_initial_value(roster):
    state = roster.by_code["RUS"]
    state.trust = np.array([0.0, 1.0, 0.0, 1.0])
    state.fade(100.0, tr.TrustRules(half_life_years=10.0))
    assert state.trust == pytest.approx(np.full(4, state.profile.trust), abs=1e-3)
