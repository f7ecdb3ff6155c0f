"""sim.model.standing: exit, suspension, freeze and return are distinct acts with their own rules."""

import numpy as np
import pytest
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


RULES = tr.ExitRules(withdrawal_margin=0.4, suspension_margin=0.2, return_margin=0.2)


def session(status, notice, request, case, charter=True, to_effect=1, rules=RULES):
    return sd.at_session(np.asarray(status, dtype=np.int8), np.asarray(notice, dtype=np.int8),
                         np.asarray(request, dtype=bool), np.asarray(case, dtype=float), rules, charter, to_effect)


def test_a_notice_takes_effect_six_months_later_and_the_state_is_a_member_meanwhile():
    to_effect = sd.sessions_until_effect(6.0, 2)
    assert to_effect == 1
    status, notice, request = session([ACTIVE], [0], [False], [-1.0], to_effect=to_effect)
    assert status[0] == FROZEN and notice[0] == 1 and not request[0]  # still a member, taking no part
    status, notice, request = session(status, notice, request, [1.0])  # the notice is not taken back
    assert status[0] == LEFT and notice[0] == 0


def test_notice_works_under_the_treaty_too():
    """Treaty Art. 11 (kept by the 1999 protocol): withdrawal by notice before the Charter as well."""
    status, notice, _ = session([ACTIVE], [0], [False], [-1.0], charter=False)
    assert status[0] == FROZEN and notice[0] == 1


def test_the_six_months_span_as_many_sessions_as_needed():
    assert sd.sessions_until_effect(6.0, 4) == 2 and sd.sessions_until_effect(6.0, 1) == 1
    assert sd.sessions_until_effect(12.0, 2) == 2


def test_a_request_for_suspension_is_granted_by_the_council_at_its_next_session():
    status, notice, request = session([ACTIVE], [0], [False], [-0.3])
    assert status[0] == FROZEN and request[0] and notice[0] == 0  # asked: not suspended yet
    status, notice, request = session(status, notice, request, [-0.3])
    assert status[0] == SUSPENDED and not request[0]


def test_a_request_lapses_when_the_member_no_longer_wants_out():
    status, notice, request = session([FROZEN], [0], [True], [0.0])
    assert status[0] == ACTIVE and not request[0]


def test_no_request_for_suspension_before_the_charter():
    status, notice, request = session([ACTIVE], [0], [False], [-0.3], charter=False)
    assert status[0] == ACTIVE and not request[0] and notice[0] == 0


def test_a_mildly_negative_case_is_no_act():
    status, notice, request = session([ACTIVE, FROZEN], [0, 0], [False, False], [-0.1, -0.1])
    assert list(status) == [ACTIVE, FROZEN] and not notice.any() and not request.any()


def test_a_frozen_member_with_two_years_of_arrears_loses_its_vote():
    assert list(sd.votes([ACTIVE, ACTIVE, FROZEN, FROZEN], [0.0, 2.5, 0.0, 2.5], 2.0)) == [True, False, False, False]


def test_states_outside_return_only_when_the_case_clears_the_margin():
    status, _, _ = session([LEFT, SUSPENDED, LEFT, NOT_SIGNED], [0] * 4, [False] * 4, [0.3, 0.3, 0.1, 0.3])
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
    assert grieved["grievance"][0] == -rules.weight_grievance
    assert grieved["outside_option"][0] == -0.5 * rules.weight_outside
    assert set(base) == set(tr.renewal_utility(0.6, 0.5, 0.3, 0.0, rules)) | {"grievance", "outside_option"}


def test_freeze_is_a_members_own_act_and_keeps_it_a_member():
    status = np.array([ACTIVE, FROZEN, LEFT, ACTIVE], dtype=np.int8)
    trust = np.array([0.1, 0.5, 0.1, 0.1])
    pending = np.array([False, False, False, True])
    out = sd.participation(status, pending, trust, freeze_threshold=0.2)
    assert list(out) == [FROZEN, ACTIVE, LEFT, ACTIVE]  # a pending request: the Council acts, not the freeze rule
    assert sd.is_member(out[:2]).all()


CASES = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)


@given(st.lists(st.tuples(STATUSES, st.integers(0, 3), st.booleans(), CASES), min_size=1, max_size=30),
       st.booleans(), st.integers(1, 4))
def test_a_session_never_signs_anyone_nor_suspends_without_a_request(rows, charter, to_effect):
    status = np.array([r[0] for r in rows], dtype=np.int8)
    member = sd.is_member(status)
    notice = np.where(member, [r[1] for r in rows], 0).astype(np.int8)
    request = np.array([r[2] for r in rows]) & member & (notice == 0)
    out, new_notice, new_request = session(status, notice, request, [r[3] for r in rows], charter, to_effect)
    assert ((status == NOT_SIGNED) == (out == NOT_SIGNED)).all()
    assert not ((out == SUSPENDED) & (status != SUSPENDED) & ~request).any()  # only the Council, on a request
    assert not ((out == LEFT) & (status != LEFT) & (notice != 1)).any()  # only a notice that runs out
    assert not ((new_notice > 0) & ~sd.is_member(out)).any() and not (new_request & ~sd.is_member(out)).any()
    assert not (new_notice > np.maximum(notice.astype(int) - 1, to_effect)).any()  # notices only count down
    if not charter:
        assert not new_request.any()


@given(st.lists(st.tuples(STATUSES, st.booleans(), st.floats(0.0, 1.0)), min_size=1, max_size=30))
def test_a_freeze_never_changes_membership(rows):
    status = np.array([r[0] for r in rows], dtype=np.int8)
    out = sd.participation(status, [r[1] for r in rows], [r[2] for r in rows], 0.2)
    assert (sd.is_member(out) == sd.is_member(status)).all()
    assert ((out == status) | sd.is_member(status)).all()


def test_in_a_forecast_a_member_freezes_only_when_it_also_wants_out():
    status = np.array([ACTIVE, ACTIVE], dtype=np.int8)
    out = sd.participation(status, [False] * 2, np.array([0.1, 0.1]), 0.2, case_value=[-0.1, 0.1])
    assert list(out) == [FROZEN, ACTIVE]


def test_a_frozen_member_resumes_only_once_its_case_clears_the_unfreeze_margin():
    """A freeze with memory: trust recovering, or a case just above 0, is not enough."""
    status = np.array([FROZEN] * 4, dtype=np.int8)
    trust = np.array([0.5, 0.1, 0.5, 0.1])
    case = np.array([0.1, 0.19, 0.2, 0.3])
    out = sd.participation(status, [False] * 4, trust, 0.2, case_value=case, unfreeze_margin=0.2)
    assert list(out) == [FROZEN, FROZEN, ACTIVE, ACTIVE]
    # a pending notice keeps it out whatever its case
    assert sd.participation(status[:1], [True], trust[:1], 0.2, case_value=[1.0], unfreeze_margin=0.2)[0] == FROZEN


def test_the_grievance_over_unmet_requests_grows_with_the_shortfall_and_fades():
    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(1, 6))
        ages, short = rng.uniform(0.01, 30, n), rng.uniform(0, 1, n)
        more = np.minimum(short + rng.uniform(0, 1, n), 1.0)
        g = sd.request_grievance(ages, short, 0.1, 5.0)
        assert sd.request_grievance(ages, more, 0.1, 5.0) >= g >= 0.0  # more shortfall never lowers it
        assert sd.request_grievance(ages + 1.0, short, 0.1, 5.0) <= g  # older slights weigh less
    assert sd.request_grievance([5.0], [1.0], 0.1, 5.0) == pytest.approx(0.05)
    assert sd.request_grievance([], [], 0.1, 5.0) == 0.0
    with pytest.raises(ValueError):
        sd.request_grievance([0.0], [1.0], 0.1, 5.0)  # a request on or after the date is not read


def test_dependence_on_the_leading_state_pulls_towards_staying():
    rules = tr.ExitRules(weight_dependence=0.5, dependence_reference=0.5)
    args = (np.array([0.25]), np.array([0.5]), np.array([0.0]), 0.0, 0.0, np.array([0.0]), rules)
    assert not sd.belongs(sd.case_terms(*args, dependence=0.0))[0]
    assert sd.belongs(sd.case_terms(*args, dependence=0.9))[0]
    assert sd.case_terms(*args, dependence=0.5)["dependence"][0] == 0.0


def test_a_dependent_member_needs_a_deeper_case_for_a_formal_exit_but_not_for_a_freeze():
    """exit_cost: a notice or a request forfeits what dependence buys; a freeze keeps it."""
    rules = tr.ExitRules(withdrawal_margin=0.4, suspension_margin=0.2, exit_cost=0.5)
    assert sd.formal_exit_margins(rules, None) == (0.4, 0.2)
    assert sd.formal_exit_margins(rules, 0.8) == pytest.approx((0.8, 0.6))
    args = (np.array([ACTIVE], dtype=np.int8), np.array([0], dtype=np.int8), np.array([False]), np.array([-0.5]),
            rules, True, 1)
    status, notice, _ = sd.at_session(*args, dependence=0.0)
    assert status[0] == FROZEN and notice[0] == 1  # independent: gives notice
    status, notice, request = sd.at_session(*args, dependence=0.8)
    assert status[0] == ACTIVE and notice[0] == 0 and not request[0]  # dependent: no formal act
    frozen = sd.participation(status, np.array([False]), np.array([0.1]), 0.2, np.array([-0.5]), 0.2)
    assert frozen[0] == FROZEN  # ... but it freezes


@given(st.floats(-2, 2), st.floats(0, 1), st.floats(0, 1), st.floats(0, 2))
def test_more_dependence_never_makes_a_formal_exit_more_likely(case, low, high, cost):
    low, high = sorted((low, high))
    rules = tr.ExitRules(withdrawal_margin=0.4, suspension_margin=0.2, exit_cost=cost)
    acts = []
    for dep in (low, high):
        status, notice, request = sd.at_session(np.array([ACTIVE], dtype=np.int8), np.array([0], dtype=np.int8),
                                                np.array([False]), np.array([case]), rules, True, 1, dep)
        acts.append(int(notice[0] > 0) * 2 + int(request[0]))
    assert acts[1] <= acts[0]
