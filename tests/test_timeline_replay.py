"""The replay (sim/timeline/replay.py): reproducible, members that left make no decisions, trust learns,
bad settings fail with one line, futures continue after 2024."""

import numpy as np
import pandas as pd
import pytest
from conftest import make_cfg

from sim.errors import InputError
from sim.inputs.seeds import load_seeds
from sim.timeline.events import build_events
from sim.timeline.replay import run_timeline
from sim.timeline.settings import ACTIVE, LEFT, NOT_SIGNED, PARTICIPATION
from sim.timeline.summary import cohesion, observed_leavers

SMALL = ("mode=timeline", "timeline.history=simulated", "timeline.replications=60", "progress=false")


@pytest.fixture(scope="module")
def small():
    return run_timeline(make_cfg(*SMALL))


def test_same_seed_same_replay_and_another_seed_differs(small):
    again = run_timeline(make_cfg(*SMALL))
    pd.testing.assert_frame_equal(small.table, again.table)
    other = run_timeline(make_cfg(*SMALL, "seed=11"))
    assert not np.array_equal(small.replay.trust, other.replay.trust)


def test_a_member_that_has_left_makes_no_decisions(small):
    """Who may decide is read before the event: a member that freezes right after deciding
    still decided while active."""
    rep, t = small.replay, small.table
    assert (t["status"] == "left").any()  # some members do leave in the default replay
    silent = {PARTICIPATION.index(n) for n in ("n/a", "absent", "no_request")}
    for k in range(1, len(rep.events)):
        if rep.events[k].spec is None:
            continue
        not_active = rep.status[k - 1] != ACTIVE
        assert set(np.unique(rep.decision[k][not_active])) <= silent, rep.events[k].id


def test_leaving_is_for_good_and_only_at_renewals(small):
    rep = small.replay
    for k in range(1, len(rep.events)):
        newly = (rep.status[k] == LEFT) & (rep.status[k - 1] != LEFT)
        if newly.any():
            assert rep.events[k].kind == "renewal"
        assert not ((rep.status[k - 1] == LEFT) & (rep.status[k] != LEFT)).any()


def test_membership_starts_as_the_sources_give_it(small):
    rep, world = small.replay, small.world
    first = rep.status[0]
    founders = {c for c in world.codes if world.signed[c] <= rep.events[0].date}
    assert {world.codes[i] for i in np.where((first == ACTIVE).all(axis=1))[0]} == founders
    assert founders == {"ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert (first[[world.codes.index(c) for c in ("AZE", "BLR", "GEO")]] == NOT_SIGNED).all()


def test_the_1999_check_reads_the_sources_not_the_replay():
    seeds = load_seeds()
    import datetime as dt
    assert observed_leavers(seeds, dt.date(1999, 4, 2)) == ["AZE", "GEO", "UZB"]
    assert observed_leavers(seeds, dt.date(2004, 4, 2)) == []


def test_summary_reports_cohesion_membership_and_the_1999_pattern(small):
    s = small.summary
    assert "trust" in s["cohesion_index_definition"]
    pat = s["renewal_patterns"]["1999-04-02"]
    assert pat["observed_leavers"] == ["AZE", "GEO", "UZB"] and 0.0 <= pat["p_exact"] <= 1.0
    assert {row["kind"] for row in s["cohesion"]} >= {"signed", "renewal", "episode"}
    coh = cohesion(small.replay.trust, small.replay.status)
    assert np.all((coh >= 0) & (coh <= 1))
    assert [e["id"] for e in s["episodes"]] == ["kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021",
                                                "armenia_2021", "kazakhstan_2022"]


def test_decisions_are_the_four_choices_and_the_requester_gets_at_least_the_collective_answer(small):
    assert PARTICIPATION[1:5] == ("object", "political", "material", "troops")
    rep = small.replay
    for k, ev in enumerate(rep.events):
        if ev.spec is None:
            continue
        asked = rep.outcome[k] >= 0
        assert np.array_equal(rep.answer[k] >= 0, asked)
        assert (rep.answer[k][asked] >= rep.outcome[k][asked]).all()  # bilateral help only adds
    for ep in small.summary["episodes"]:
        if ep["p_request_made"] > 0:
            assert sum(ep["p_answer"].values()) == pytest.approx(1.0)
            assert ep["p_answer"]["none"] <= ep["p_outcome"]["none"] + 1e-12


def test_observed_refusals_lower_the_requesters_trust():
    res = run_timeline(make_cfg(*SMALL, "timeline.outcomes=observed", "timeline.exit.noise_sd=0"))
    rep, world = res.replay, res.world
    kgz = world.codes.index("KGZ")
    k = next(i for i, e in enumerate(rep.events) if e.id == "kyrgyzstan_1999")
    asked = rep.outcome[k] >= 0
    assert asked.any()
    assert np.all(rep.trust[k, kgz, asked] < rep.trust[k - 1, kgz, asked])


def test_futures_continue_after_2024():
    res = run_timeline(make_cfg(*SMALL, "timeline=futures"))
    ids = [e["id"] for e in res.summary["events"]]
    assert ids.index("tajikistan_taliban_incursion") > ids.index("kazakhstan_2022")
    assert res.replay.events[-1].date.year == 2029
    assert "belarus_nato_border_incident" in {e["id"] for e in res.summary["episodes"]}


def test_prior_sensitivity_runs_across_the_prior():
    res = run_timeline(make_cfg(*SMALL, "timeline.prior_samples=3", "timeline.prior_replications=10"))
    ps = res.summary["prior_sensitivity"]
    assert ps["samples"] == 3 and len(ps["table"]) == 3
    assert len({row["gain"] for row in ps["table"]}) == 3


@pytest.mark.parametrize("override, field", [
    ("timeline.outcomes=guessed", "timeline.outcomes"),
    ("timeline.trust.loss=1.5", "timeline.trust.loss"),
    ("timeline.replications=0", "timeline.replications"),
    ("timeline.renewals=[1980-01-01]", "timeline.renewals[0]"),
    ("timeline.episodes=[nowhere_2030]", "timeline.episodes[0]"),
    ("timeline.prior.gain.low=0.9", "timeline.prior.gain.high"),
])
def test_bad_settings_fail_with_one_line_naming_the_field(override, field):
    with pytest.raises(InputError) as err:
        run_timeline(make_cfg(*SMALL, override))
    assert str(err.value).startswith(field) and "\n" not in str(err.value)


def test_a_future_before_the_last_episode_is_refused():
    cfg = make_cfg(*SMALL, "timeline=futures", "timeline.futures.0.date=2020-01-01")
    with pytest.raises(InputError, match=r"timeline.futures\[0\].date"):
        run_timeline(cfg)


def test_events_are_in_date_order():
    from sim.timeline.events import build_world
    from sim.timeline.settings import settings
    cfg = make_cfg(*SMALL)
    seeds = load_seeds()
    s = settings(cfg)
    events = build_events(cfg, seeds, build_world(cfg, seeds, s.start)[0], s)
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_the_replay_never_reads_the_exits_the_sources_report():
    """The 1999 exits are what the replay is checked against, so they must not be an input."""
    import dataclasses

    from sim.timeline.events import build_world
    from sim.timeline.replay import replay
    from sim.timeline.settings import settings
    cfg = make_cfg(*SMALL)
    seeds = load_seeds()
    s = settings(cfg)
    world, alliance = build_world(cfg, seeds, s.start)
    events = build_events(cfg, seeds, world, s)
    blind = dataclasses.replace(world, left={c: None for c in world.codes})
    a, b = replay(events, world, s, 30, 5, alliance.profiles), replay(events, blind, s, 30, 5, alliance.profiles)
    assert np.array_equal(a.status, b.status) and np.array_equal(a.trust, b.trust)


def test_an_unknown_future_scenario_is_refused():
    with pytest.raises(InputError, match=r"^timeline.futures\[1\].scenario = 'atlantis'"):
        run_timeline(make_cfg(*SMALL, "timeline=futures", "timeline.futures.1.scenario=atlantis"))


def test_alliance_settings_are_checked_by_the_spec_builder_as_in_a_scenario():
    """The timeline and a scenario reject the same bad tie override with the same message."""
    bad = "+alliance.tie_overrides.RUS-XXX=0.5"
    with pytest.raises(InputError) as in_scenario:
        from sim.inputs.spec import build_spec
        build_spec(make_cfg(bad))
    with pytest.raises(InputError) as in_timeline:
        run_timeline(make_cfg(*SMALL, bad))
    assert str(in_timeline.value) == str(in_scenario.value)
