"""A forecast from a cut-off (timeline.observed_until): the record up to it, the rules after it,
and nothing dated after the cut-off can move it; its scores against the record."""

import datetime as dt
import shutil

import numpy as np
import pytest
import yaml
from conftest import PROJECT, NoAliasDumper, make_cfg

from sim.errors import InputError
from sim.inputs.evidence import load_evidence
from sim.timeline.events import record_statuses
from sim.timeline.replay import run_timeline
from sim.timeline.scoring import brier, score_forecast
from sim.timeline.settings import ACTIVE, FROZEN, LEFT, SUSPENDED

CUTOFF = "2011-12-31"
SMALL = ("mode=timeline", "timeline.replications=60", "progress=false", "seed=11",
         "timeline.forecast.replications=40")


def _forecast(*extra: str):
    return run_timeline(make_cfg(*SMALL, f"timeline.observed_until={CUTOFF}", "timeline.forecast.cutoffs=[]", *extra))


@pytest.fixture(scope="module")
def forecast():
    return _forecast()


@pytest.fixture(scope="module")
def altered_seeds(tmp_path_factory):
    """A copy of seeds/ whose record after the cut-off says otherwise: Uzbekistan never suspended,
    Belarus frozen from 2016, the 2022 Kazakh request refused, Russia and Armenia close allies
    from 2022, a new grievance for Kazakhstan from 2013."""
    root = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(PROJECT / "seeds", root)
    cut = dt.date.fromisoformat(CUTOFF)
    path = root / "evidence" / "membership.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    events = [e for e in data["events"] if not (e["event"] == "suspended" and "UZB" in e["members"])]
    events.append(dict(next(e for e in events if e["event"] == "froze"), date="2016-06-01", members=["BLR"]))
    data["events"] = sorted(events, key=lambda e: str(e["date"]))
    path.write_text(yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = root / "evidence" / "episodes.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for ep in data["episodes"]:
        if dt.date.fromisoformat(ep["date"]) > cut and ep.get("outcome") == "troops":
            ep["outcome"] = "none"
    path.write_text(yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = root / "dated.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for tie in data["ties"]:
        if {tie["a"], tie["b"]} == {"RUS", "ARM"} and tie["from"] and tie["from"] > CUTOFF:
            tie["value"], tie["range"] = 0.9, [0.5, 1.0]
    data["drivers"].append({"member": "KAZ", "driver": "alternative_alignment", "from": "2013-01-01", "until": None,
                            "value": 1.0, "assumption": "a test's invention"})
    path.write_text(yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_before_the_cut_off_the_record_decides_after_it_the_rules(forecast):
    rep, codes = forecast.replay, forecast.world.codes
    evidence = load_evidence()
    cut = dt.date.fromisoformat(CUTOFF)
    for k, ev in enumerate(rep.events):
        if ev.date <= cut and ev.kind == "membership":
            rec = record_statuses(evidence, codes, ev.date)
            assert all((rep.status[k, i] == rec[c]).all() for i, c in enumerate(codes)), ev.date
    kinds_after = {ev.kind for ev in rep.events if ev.date > cut}
    assert "membership" not in kinds_after and "episode" not in kinds_after and "session" in kinds_after
    # the rules moved someone after the cut-off in some lane: the forecast is not the record carried on
    k_cut = max(k for k, ev in enumerate(rep.events) if ev.date <= cut)
    assert not np.array_equal(rep.status[k_cut], rep.status[-1])


def test_events_after_the_cut_off_cannot_change_the_forecast(forecast, altered_seeds):
    altered = _forecast(f"alliance.seeds_dir={altered_seeds}")
    np.testing.assert_array_equal(altered.replay.status, forecast.replay.status)
    np.testing.assert_array_equal(altered.replay.trust, forecast.replay.trust)
    np.testing.assert_array_equal(altered.replay.decision, forecast.replay.decision)
    assert [e.id for e in altered.replay.events] == [e.id for e in forecast.replay.events]


def test_the_altered_record_does_change_the_plain_replay(altered_seeds):
    """The test above can fail: the same alterations move the replay that reads the whole record."""
    plain = run_timeline(make_cfg(*SMALL, "timeline.forecast.cutoffs=[]"))
    altered = run_timeline(make_cfg(*SMALL, "timeline.forecast.cutoffs=[]", f"alliance.seeds_dir={altered_seeds}"))
    assert not np.array_equal(plain.replay.status, altered.replay.status)


def test_the_forecast_is_reproducible(forecast):
    again = _forecast()
    np.testing.assert_array_equal(again.replay.status, forecast.replay.status)
    assert again.summary["forecast"] == forecast.summary["forecast"]


def test_suspension_exit_and_freeze_stay_distinct_in_a_forecast(forecast):
    """Under the Charter a member leaves only by a notice six months ahead, taking no part meanwhile;
    it is suspended only at a Council session; a freeze keeps it a member."""
    status = forecast.replay.status
    events = forecast.replay.events
    cut = dt.date.fromisoformat(CUTOFF)
    after = [k for k, ev in enumerate(events) if ev.date > cut]
    for k in after:
        moved_out = ((status[k] == LEFT) | (status[k] == SUSPENDED)) & (status[k] != status[k - 1])
        if not moved_out.any():
            continue
        assert events[k].kind == "session"  # only the Council's sessions move a member out
        left = (status[k] == LEFT) & (status[k - 1] != LEFT)
        notice_span = [j for j in range(after[0], k) if (events[k].date - events[j].date).days <= 182]
        for j in notice_span:  # six months of notice: still a member, not taking part
            assert (status[j][left] == FROZEN).all()


def test_scores_by_hand():
    """Two states, two lanes: the Brier scores and baselines score_forecast reports."""
    dates = [dt.date(2000, 1, 1), dt.date(2001, 1, 1)]
    status = np.array([[[ACTIVE, ACTIVE], [ACTIVE, ACTIVE]],
                       [[ACTIVE, SUSPENDED], [ACTIVE, ACTIVE]]], dtype=np.int8)

    def record_on(when):
        return {"AAA": ACTIVE, "BBB": ACTIVE if when < dt.date(2000, 6, 1) else SUSPENDED}

    out = score_forecast(("AAA", "BBB"), dates, set(), status, record_on, [dt.date(2000, 6, 1)],
                         dates[0], dates[1], (dates[1],))
    member = out["dates"]["2001-01-01"]["member"]
    assert member["members"]["AAA"]["p"] == 0.5 and member["members"]["BBB"]["p"] == 1.0
    assert member["brier"]["model"] == pytest.approx(((0.5 - 1) ** 2 + (1 - 0) ** 2) / 2)
    assert member["brier"]["persistence"] == pytest.approx(0.5)
    assert member["brier"]["base_rate"] == pytest.approx(0.25)
    went = out["exit_or_freeze"]
    assert went["members"]["BBB"]["observed"] and not went["members"]["AAA"]["observed"]
    assert went["most_likely"] == "AAA"
    assert brier(np.array([]), np.array([])) != brier(np.array([]), np.array([]))  # nan for no state


@pytest.mark.slow
def test_default_run_scores_three_cut_offs():
    res = run_timeline(make_cfg("mode=timeline", "timeline.replications=20", "timeline.forecast.replications=30",
                                "progress=false"))
    fc = res.summary["forecast"]
    assert list(fc["cutoffs"]) == ["1998-12-31", "2011-12-31", "2021-12-31"]
    first = fc["cutoffs"]["1998-12-31"]["renewals"]["1999-04-02"]
    evidence = load_evidence()
    left = {c for ev in evidence.membership if ev.event == "lapsed" for c in ev.members}
    assert {c for c, m in first["members"].items() if m["observed"]} == left
    assert set(fc["cutoffs"]["2021-12-31"]["exit_or_freeze"]["members"]) == set(
        evidence.participating_on(dt.date(2021, 12, 31)))
    assert "this_run" not in fc


def test_every_exit_setting_is_read_from_the_config():
    """Each field of timeline.exit reaches the rules (a default in code must not shadow the YAML)."""
    from dataclasses import fields

    from sim.model.trust import ExitRules
    from sim.timeline.settings import settings

    for f in fields(ExitRules):
        s = settings(make_cfg(*SMALL, f"timeline.exit.{f.name}=0.123"))
        assert getattr(s.exit, f.name) == 0.123, f.name


@pytest.mark.slow
def test_the_grievance_weight_moves_the_1999_forecast():
    def p_leave(weight: str) -> float:
        res = run_timeline(make_cfg(*SMALL, "timeline.forecast.cutoffs=[1998-12-31]", "timeline.exit.weight_outside=0",
                                    f"timeline.exit.weight_grievance={weight}"))
        members = res.summary["forecast"]["cutoffs"]["1998-12-31"]["renewals"]["1999-04-02"]["members"]
        return members["GEO"]["p"]

    assert p_leave("0") < p_leave("1")


def test_past_crises_recur_after_the_cut_off_and_only_past_ones(forecast):
    cut = dt.date.fromisoformat(CUTOFF)
    evidence = load_evidence()
    sessions = [ev for ev in forecast.replay.events if ev.kind == "session"]
    assert sessions and all(ev.recurring == sessions[0].recurring for ev in sessions)
    pool = {code: {spec.crisis.id for spec in specs} for code, _, specs in sessions[0].recurring}
    for code, ids in pool.items():
        assert code in evidence.members_on(cut)
        for eid in ids:
            rec = evidence.episodes[eid]
            assert rec.date <= cut and rec.requester == code and rec.request != "none"
    assert all(spec.crisis.date == cut for _, _, specs in sessions[0].recurring for spec in specs)
    assert all(0 < rate < 1 for _, rate, _ in sessions[0].recurring)


def test_without_crises_after_the_cut_off_trust_only_fades(forecast):
    quiet = _forecast("timeline.crises_after_cutoff=none")
    rep = quiet.replay
    cut = dt.date.fromisoformat(CUTOFF)
    after = [k for k, ev in enumerate(rep.events) if ev.date > cut]
    assert all(not ev.recurring for ev in rep.events)
    # every lane's trust follows the same relaxation: lane-to-lane differences only shrink
    spread = [np.ptp(rep.trust[k], axis=1) for k in [after[0] - 1, *after]]
    assert all((b <= a + 1e-12).all() for a, b in zip(spread, spread[1:]))
    assert not np.array_equal(quiet.replay.trust, forecast.replay.trust)  # the default: crises recur


@pytest.mark.parametrize("override, field", [
    ("timeline.observed_until=1990-01-01", "timeline.observed_until"),
    ("timeline.sessions_per_year=0", "timeline.sessions_per_year"),
    ("timeline.forecast.cutoffs=[2030-01-01]", "timeline.forecast.cutoffs[0]"),
    ("timeline.forecast.replications=0", "timeline.forecast.replications"),
    ("timeline.crises_after_cutoff=often", "timeline.crises_after_cutoff"),
])
def test_bad_forecast_settings_are_refused(override, field):
    with pytest.raises(InputError, match=field.replace("[", r"\[").replace("]", r"\]")):
        run_timeline(make_cfg(*SMALL, override))
