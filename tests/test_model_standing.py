"""sim.model.standing: exit, suspension, freeze and return are distinct acts with their own rules."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.model import standing as sd
from sim.model import trust as tr

ACTIVE, FROZEN, LEFT, SUSPENDED, NOT_SIGNED = sd.ACTIVE, sd.FROZEN, sd.LEFT, sd.SUSPENDED, sd.NOT_SIGNED
STATUSES = st.sampled_from([NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED])


def test_exit_only_at_a_renewal_and_only_for_members_that_do_not_renew():
    status = np.array([ACTIVE, FROZEN, ACTIVE, NOT_SIGNED, SUSPENDED], dtype=np.int8)
    stays = np.array([False, False, True, False, False])
    assert list(sd.at_renewal(status, stays)) == [LEFT, LEFT, ACTIVE, NOT_SIGNED, SUSPENDED]


def test_a_note_comes_first_and_the_council_suspends_at_its_next_session():
    status, note = np.array([ACTIVE], dtype=np.int8), np.array([False])
    status, note = sd.at_session(status, note, stays=[False], returns=[False], notes_allowed=True)
    assert status[0] == FROZEN and note[0]  # still a member, taking no part
    status, note = sd.at_session(status, note, stays=[False], returns=[False], notes_allowed=True)
    assert status[0] == SUSPENDED and not note[0]


def test_a_note_lapses_when_the_member_wants_to_stay_by_the_next_session():
    status, note = sd.at_session([FROZEN], [True], stays=[True], returns=[True], notes_allowed=True)
    assert status[0] == ACTIVE and not note[0]


def test_no_note_before_the_charter():
    """Under the treaty's terms a member leaves at a renewal point, not by a note to the Council."""
    status, note = sd.at_session([ACTIVE], [False], stays=[False], returns=[False], notes_allowed=False)
    assert status[0] == ACTIVE and not note[0]


def test_states_outside_return_only_when_the_case_clears_the_margin():
    status, note = sd.at_session([LEFT, SUSPENDED, LEFT, NOT_SIGNED], [False] * 4,
                                 stays=[True, True, True, True], returns=[True, True, False, True], notes_allowed=True)
    assert list(status) == [ACTIVE, ACTIVE, LEFT, NOT_SIGNED]


def test_the_return_margin_makes_coming_back_harder_than_staying():
    rules = tr.ExitRules(return_margin=0.2)
    terms = sd.case_terms(np.array([0.45]), np.array([0.5]), np.array([0.0]), 0.0, 0.0, np.array([0.0]), rules)
    assert sd.belongs(terms)[0] and not sd.belongs(terms, rules.return_margin)[0]  # case 0.15


def test_grievances_and_an_outside_alignment_weigh_against_belonging():
    rules = tr.ExitRules()
    base = sd.case_terms(np.array([0.6]), np.array([0.5]), np.array([0.3]), 0.0, 0.0, np.array([0.0]), rules)
    grieved = sd.case_terms(np.array([0.6]), np.array([0.5]), np.array([0.3]), 1.0, 0.5, np.array([0.0]), rules)
    assert sd.belongs(base)[0] and not sd.belongs(grieved)[0]
    assert grieved["grievance"][0] == -rules.weight_grievance and grieved["outside_option"][0] == -0.5 * rules.weight_outside
    assert set(base) == set(tr.renewal_utility(0.6, 0.5, 0.3, 0.0, rules)) | {"grievance", "outside_option"}


def test_freeze_is_a_members_own_act_and_keeps_it_a_member():
    status = np.array([ACTIVE, FROZEN, LEFT, ACTIVE], dtype=np.int8)
    trust = np.array([0.1, 0.5, 0.1, 0.1])
    note = np.array([False, False, False, True])
    out = sd.participation(status, note, trust, freeze_threshold=0.2)
    assert list(out) == [FROZEN, ACTIVE, LEFT, ACTIVE]  # a pending note: the Council acts, not the freeze rule
    assert sd.is_member(out[:2]).all()


@given(st.lists(st.tuples(STATUSES, st.booleans(), st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=30))
def test_a_session_never_signs_a_new_state_nor_suspends_without_a_note(rows):
    status = np.array([r[0] for r in rows], dtype=np.int8)
    note = np.array([r[1] for r in rows]) & sd.is_member(status)  # notes exist only for members
    stays, returns, allowed = [r[2] for r in rows], [r[3] for r in rows], rows[0][4]
    out, new_note = sd.at_session(status, note, stays, returns, allowed)
    assert ((status == NOT_SIGNED) == (out == NOT_SIGNED)).all()
    newly_suspended = (out == SUSPENDED) & (status != SUSPENDED)
    assert not (newly_suspended & ~note).any()
    assert not (new_note & ~sd.is_member(out)).any()
    if not allowed:
        assert not (new_note & ~note).any()
