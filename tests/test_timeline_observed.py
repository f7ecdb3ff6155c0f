"""timeline.history=observed: membership follows the evidence record in every lane, episodes are
the coded evidence episodes, the cohesion index counts members only; reproducible."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import make_cfg

from sim.inputs.evidence import load_evidence
from sim.timeline.replay import run_timeline
from sim.timeline.settings import ACTIVE, COHESION_DEFINITION_OBSERVED, FROZEN, LEFT, NOT_SIGNED, SUSPENDED
from sim.timeline.summary import cohesion

OBSERVED = ("mode=timeline", "timeline.history=observed", "timeline.replications=40", "progress=false", "seed=5")
# the dates the issue names: after the 1999 exits, Uzbekistan back, Uzbekistan gone again, Armenia frozen
SAMPLE_DATES = ("2000-01-01", "2008-01-01", "2013-01-01", "2024-06-01")


@pytest.fixture(scope="module")
def observed():
    return run_timeline(make_cfg(*OBSERVED))


@pytest.fixture(scope="module")
def evidence():
    return load_evidence(coding="evidence")


def _snapshot_on(result, when: dt.date) -> int:
    """The last snapshot on or before `when`: the standing in force on that date."""
    return max(k for k, e in enumerate(result.replay.events) if e.date <= when)


def test_observed_is_the_default():
    assert make_cfg("mode=timeline").timeline.history == "observed"


@pytest.mark.parametrize("date", SAMPLE_DATES)
def test_every_lane_has_the_records_members_and_participants(observed, evidence, date):
    when = dt.date.fromisoformat(date)
    status = observed.replay.status[_snapshot_on(observed, when)]
    codes = observed.world.codes
    members = {c for i, c in enumerate(codes) if ((status[i] == ACTIVE) | (status[i] == FROZEN)).all()}
    assert members == set(evidence.members_on(when))
    participating = {c for i, c in enumerate(codes) if (status[i] == ACTIVE).all()}
    assert participating == set(evidence.participating_on(when))
    # nobody differs from lane to lane: the record, not the renewal rule, decides
    assert (status == status[:, :1]).all()


def test_the_sample_dates_cover_the_records_changes(evidence):
    """The sample dates are informative: each differs from the one before in the record itself."""
    sets = [(evidence.members_on(dt.date.fromisoformat(d)), evidence.participating_on(dt.date.fromisoformat(d)))
            for d in SAMPLE_DATES]
    assert all(a != b for a, b in zip(sets, sets[1:]))
    assert set(evidence.participating_on(dt.date(2024, 6, 1))) < set(evidence.members_on(dt.date(2024, 6, 1)))


def test_every_snapshot_follows_the_record(observed, evidence):
    """On every event's date, every state's standing is the record's, in every lane."""
    codes = observed.world.codes
    for k, ev in enumerate(observed.replay.events):
        members, part = set(evidence.members_on(ev.date)), set(evidence.participating_on(ev.date))
        for i, c in enumerate(codes):
            expected = ACTIVE if c in part else FROZEN if c in members else None
            got = observed.replay.status[k, i]
            if expected is None:
                assert set(np.unique(got)) <= {NOT_SIGNED, LEFT, SUSPENDED}, (ev.date, c)
            else:
                assert (got == expected).all(), (ev.date, c)


def test_exit_and_suspension_are_distinct_standings(observed, evidence):
    """The 1999 lapses leave a state LEFT; the Council's 2012 decision leaves Uzbekistan SUSPENDED
    (the record's own event names, read from the evidence, not typed here)."""
    codes = observed.world.codes
    for ev in evidence.membership:
        if ev.event not in ("lapsed", "suspended") or ev.date > observed.replay.events[-1].date:
            continue
        k = _snapshot_on(observed, ev.date)
        for c in ev.members:
            want = SUSPENDED if ev.event == "suspended" else LEFT
            assert (observed.replay.status[k, codes.index(c)] == want).all(), (ev.date, c)
    assert any(ev.event == "suspended" for ev in evidence.membership)


def test_episodes_are_the_coded_evidence_episodes_in_date_order(observed, evidence):
    coded = sorted(evidence.coded_episodes(), key=lambda r: (r.date, r.id))
    assert [e["id"] for e in observed.summary["episodes"]] == [r.id for r in coded]
    dates = [e.date for e in observed.replay.events]
    assert dates == sorted(dates)


def test_renewals_change_nobody_but_are_scored(observed):
    rep = observed.replay
    for k, ev in enumerate(rep.events):
        if ev.kind == "renewal":
            assert np.array_equal(rep.status[k], rep.status[k - 1])
    pat = observed.summary["renewal_patterns"]["1999-04-02"]
    assert pat["observed_leavers"] == ["AZE", "GEO", "UZB"] and 0.0 <= pat["p_exact"] <= 1.0


def test_cohesion_counts_only_members_on_the_date(observed):
    rep = observed.replay
    coh = cohesion(rep.trust, rep.status, "observed")
    member = (rep.status == ACTIVE) | (rep.status == FROZEN)
    by_hand = np.where(rep.status == ACTIVE, rep.trust, 0.0).sum(axis=1) / np.maximum(member.sum(axis=1), 1)
    np.testing.assert_allclose(coh, by_hand)
    # states not yet signed or already left change nothing, whatever their trust
    moved = np.where(member, rep.trust, rep.trust * 0.0 + 1.0)
    np.testing.assert_allclose(cohesion(moved, rep.status, "observed"), coh)
    extra = np.concatenate([rep.trust, np.ones_like(rep.trust[:, :1])], axis=1)
    for standing in (NOT_SIGNED, LEFT, SUSPENDED):
        status = np.concatenate([rep.status, np.full_like(rep.status[:, :1], standing)], axis=1)
        np.testing.assert_allclose(cohesion(extra, status, "observed"), coh)
    assert observed.summary["cohesion_index_definition"] == COHESION_DEFINITION_OBSERVED
    assert observed.summary["history"] == "observed"
    assert np.all((coh >= 0) & (coh <= 1))


def test_the_simulated_index_still_counts_every_signatory():
    status = np.array([[[ACTIVE], [LEFT]]])
    trust = np.array([[[0.8], [0.2]]])
    assert cohesion(trust, status)[0, 0] == pytest.approx(0.4)
    assert cohesion(trust, status, "observed")[0, 0] == pytest.approx(0.8)


@pytest.mark.slow
def test_same_seed_same_result_and_another_seed_differs(observed):
    again = run_timeline(make_cfg(*OBSERVED))
    pd.testing.assert_frame_equal(observed.table, again.table)
    assert observed.summary["cohesion"] == again.summary["cohesion"]
    other = run_timeline(make_cfg(*OBSERVED[:-1], "seed=6"))
    assert np.array_equal(observed.replay.status, other.replay.status)  # the record does not depend on the seed
    assert not np.array_equal(observed.replay.trust, other.replay.trust)


def test_simulated_history_is_todays_replay():
    """history=simulated: membership moves by the model's rules (the regression test pins its numbers)."""
    res = run_timeline(make_cfg("mode=timeline", "timeline.history=simulated", "timeline.replications=40",
                                "progress=false"))
    assert res.summary["history"] == "simulated"
    assert not any(e.kind == "membership" for e in res.replay.events)
    assert [e["id"] for e in res.summary["episodes"]] == ["kyrgyzstan_1999", "kyrgyzstan_2010",
                                                          "kyrgyzstan_tajikistan_2021", "armenia_2021",
                                                          "kazakhstan_2022"]


def test_a_bad_history_fails_with_one_line():
    from sim.errors import InputError
    with pytest.raises(InputError) as err:
        run_timeline(make_cfg(*OBSERVED, "timeline.history=imagined"))
    assert str(err.value).startswith("timeline.history") and "\n" not in str(err.value)


def test_an_episode_outside_the_evidence_base_is_refused_in_observed_mode():
    from sim.errors import InputError
    with pytest.raises(InputError, match=r"^timeline.episodes\[0\]"):
        run_timeline(make_cfg(*OBSERVED, "timeline.episodes=[nowhere_2030]"))
