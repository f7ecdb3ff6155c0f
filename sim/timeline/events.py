"""The world the timeline runs in and what happens to it: the members and their profiles, the
alliance's spec, and the dated events (signatures, renewals, sessions, episodes, hypothetical
futures) in order, observed from the record or simulated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.errors import InputError, one_of
from sim.inputs.compose import scenario_node, with_scenario
from sim.inputs.evidence import EXIT_EVENTS, JOIN_EVENTS, Evidence
from sim.inputs.paths import SCENARIO_DIR
from sim.inputs.schema import ScenarioConfig
from sim.inputs.seeds import GEOGRAPHIC_FRONTS, SeedData, parse_date
from sim.inputs.spec import build_spec, check_coding, load_coded_evidence
from sim.model.model import ModelSpec
from sim.timeline.settings import ACTIVE, FROZEN, LEFT, NOT_SIGNED, SUSPENDED, Settings

_KIND_ORDER = {"signed": 0, "membership": 0, "renewal": 1, "session": 1, "episode": 2, "future": 2, "tick": 3}
@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: str  # signed | membership | renewal | session | episode | future | tick
    id: str
    label: str
    spec: ModelSpec | None = None
    signers: tuple[str, ...] = ()
    statuses: tuple[tuple[str, int], ...] = ()  # kind "membership": every state's standing from this date
    # kind "session" of a forecast: (requester, crises a year, its past crises' specs) that may recur
    recurring: tuple[tuple[str, float, tuple[ModelSpec, ...]], ...] = ()


@dataclass(frozen=True)
class World:
    """What the replay needs about the members, in a fixed order (sorted ISO3)."""

    codes: tuple[str, ...]
    signed: dict[str, dt.date]
    left: dict[str, dt.date | None]  # what the sources report, for comparison only: the replay never reads it
    initial_trust: np.ndarray  # (members,)
    priorities: np.ndarray  # (members, geographic fronts)
    capability: np.ndarray  # (members,) readiness share: what each adds to the others' fronts
    affinity: np.ndarray  # (members, members)
    names: dict[str, str] = field(default_factory=dict)  # ISO3 -> full name, for figures


def alliance_spec(cfg: DictConfig, seeds: SeedData, when: dt.date) -> ModelSpec:
    """Every state that ever signed, resolved by the same spec builder as any scenario, on `when`:
    the alliance settings (trust, threat and tie overrides, default affinity) are checked once,
    by the same rules. The crisis fields are placeholders; only the members' profiles are used."""
    node = OmegaConf.merge(OmegaConf.structured(ScenarioConfig), {
        "id": "alliance", "name": f"the alliance on {when}", "date": when.isoformat(),
        "requester": seeds.members_on(when)[0], "crisis_type": "external_non_state",
        "front": GEOGRAPHIC_FRONTS[0], "framing": "external_aggression"})
    # merging into a structured config gives a DictConfig; OmegaConf types the result as either container
    return episode_spec(cfg, cast(DictConfig, node), sorted(seeds.members))


def build_world(cfg: DictConfig, seeds: SeedData, when: dt.date) -> tuple[World, ModelSpec]:
    """Members' initial trust, fronts, capabilities and ties, as the spec builder gives them on `when`."""
    spec = alliance_spec(cfg, seeds, when)
    profiles = spec.profiles
    codes = tuple(p.code for p in profiles)
    affinity = np.array([[0.0 if a == b.code else b.affinity_with(a) for a in codes] for b in profiles])
    world = World(codes=codes, signed={c: seeds.members[c].signed for c in codes},
                  left={c: seeds.members[c].left for c in codes},
                  initial_trust=np.array([p.trust for p in profiles]),
                  priorities=np.array([[p.threat[f] for f in GEOGRAPHIC_FRONTS] for p in profiles]),
                  capability=np.array([seeds.members[c].readiness_share for c in codes]),
                  affinity=affinity, names={p.code: p.name for p in profiles})
    return world, spec


def episode_spec(cfg: DictConfig, scenario: DictConfig, members: list[str]) -> ModelSpec:
    """The spec for one event: the run's alliance and decision config with this scenario, and
    every state that has signed as a potential member (the lanes say who still takes part)."""
    return build_spec(with_scenario(cfg.alliance, cfg.decision, scenario), members=members)


def record_statuses(evidence: Evidence, codes: tuple[str, ...], when: dt.date) -> dict[str, int]:
    """Every state's standing on `when` as the membership record gives it: active (a party taking
    part), frozen (a party that froze its participation), left (joined once, no longer a party),
    not signed (never joined yet)."""
    members, taking_part = set(evidence.members_on(when)), set(evidence.participating_on(when))
    joined = {m for ev in evidence.membership if ev.date <= when and ev.event in JOIN_EVENTS for m in ev.members}
    last_exit = {m: ev.event for ev in evidence.membership if ev.date <= when and ev.event in EXIT_EVENTS
                 for m in ev.members}  # record order: the latest exit event wins
    gone = {c: SUSPENDED if last_exit.get(c) == "suspended" else LEFT for c in codes}
    return {c: ACTIVE if c in taking_part else FROZEN if c in members else gone[c] if c in joined else NOT_SIGNED
            for c in codes}


def record_events(evidence: Evidence, world: World, s: Settings) -> list[Event]:
    """One `membership` event on every date the record changes someone's standing (dates before
    `start` move to it), holding every state's standing from then on."""
    out: dict[dt.date, Event] = {}
    before = {c: NOT_SIGNED for c in world.codes}
    for when in sorted({ev.date for ev in evidence.membership}):
        if when > s.observed_until:  # after a forecast's cut-off the record is not read
            break
        now = record_statuses(evidence, world.codes, when)
        changed = {c for c in world.codes if now[c] != before[c]}
        if not changed:
            continue
        at = max(when, s.start)
        label = "; ".join(f"{ev.event}: {', '.join(sorted(set(ev.members) & changed))}" for ev in evidence.membership
                          if ev.date == when and set(ev.members) & changed)
        if at in out:  # several record dates before the start: the last standing wins
            label = out[at].label + "; " + label
        out[at] = Event(at, "membership", f"membership:{at}", label, statuses=tuple(sorted(now.items())))
        before = now
    return list(out.values())


def _joined_by(evidence: Evidence, world: World, when: dt.date) -> list[str]:
    """The states the record shows as having joined by `when` (members or not any more)."""
    return [c for c, st in record_statuses(evidence, world.codes, when).items() if st != NOT_SIGNED]


def build_events(cfg: DictConfig, seeds: SeedData, world: World, s: Settings) -> list[Event]:
    """Every event of the replay, in date order (same-day order: signatures, renewal, crisis)."""
    tl = cfg.timeline
    events: list[Event] = []
    if s.history == "observed":
        return _observed_events(cfg, seeds, world, s)
    by_date: dict[dt.date, list[str]] = {}
    for code, when in world.signed.items():
        by_date.setdefault(max(when, s.start), []).append(code)
    for when, codes in by_date.items():
        events.append(Event(when, "signed", f"signed:{when}", "signed: " + ", ".join(sorted(codes)),
                            signers=tuple(sorted(codes))))
    events += _renewal_events(cfg, s)
    chosen = list(seeds.episodes) if tl.get("episodes") is None else list(tl.episodes)
    last = s.start
    for i, ep in enumerate(chosen):
        if ep not in seeds.episodes:
            raise InputError(f"timeline.episodes[{i}]", ep, one_of(seeds.episodes))
        path = SCENARIO_DIR / f"{ep}.yaml"
        # merging into a structured config gives a DictConfig; OmegaConf types the result as either container
        node = (scenario_node(ep, f"timeline.episodes[{i}]") if path.is_file()
                else cast(DictConfig, OmegaConf.merge(OmegaConf.structured(ScenarioConfig), {"id": ep, "episode": ep})))
        when = seeds.episodes[ep].date
        if not s.start <= when <= s.end:
            continue
        signed = [c for c in world.codes if world.signed[c] <= when]
        events.append(Event(when, "episode", ep, seeds.episodes[ep].name, spec=episode_spec(cfg, node, signed)))
        last = max(last, when)
    _add_futures_and_ticks(cfg, world, s, events, last,
                           lambda when: [c for c in world.codes if world.signed[c] <= when])
    return sorted(events, key=lambda e: (e.date, _KIND_ORDER[e.kind], e.id))


def _renewal_events(cfg: DictConfig, s: Settings) -> list[Event]:
    events = []
    for i, text in enumerate(cfg.timeline.get("renewals") or []):
        when = parse_date(text, f"timeline.renewals[{i}]")
        if not s.start < when <= s.end:
            raise InputError(f"timeline.renewals[{i}]", text, f"a date in ({s.start}, {s.end}]")
        events.append(Event(when, "renewal", f"renewal:{when}", f"renewal {when.year}"))
    return events


def _observed_events(cfg: DictConfig, seeds: SeedData, world: World, s: Settings) -> list[Event]:
    """timeline.history=observed: membership events from the record, renewals (scored only), and
    the coded evidence episodes (alliance.coding) in date order, as the validation enumerates them."""
    tl = cfg.timeline
    evidence = load_coded_evidence(seeds, check_coding(cfg.alliance))
    events = record_events(evidence, world, s) + _renewal_events(cfg, s)
    coded = sorted(evidence.coded_episodes(), key=lambda r: (r.date, r.id))
    ids = [r.id for r in coded]
    if tl.get("episodes") is not None:
        for i, ep in enumerate(tl.episodes):
            if ep not in ids:
                raise InputError(f"timeline.episodes[{i}]", ep, one_of(ids))
        coded = [r for r in coded if r.id in set(tl.episodes)]
    last = s.start
    for record in coded:
        if not s.start <= record.date <= s.observed_until:  # a forecast knows no crisis after its cut-off
            continue
        # every state that has joined by then is a potential member (the lanes say who takes part);
        # the requester too, so a crisis at a state that has not joined yet is a crisis without a request
        members = sorted(set(_joined_by(evidence, world, record.date)) | ({record.requester} & set(world.codes)))
        spec = episode_spec(cfg, scenario_node(record.id, "episode"), members)
        events.append(Event(record.date, "episode", record.id, record.name, spec=spec))
        last = max(last, record.date)
    if s.forecasting:
        recurring = recurring_crises(cfg, evidence, world, s, coded) if s.crises_after_cutoff == "resample" else ()
        events += [dataclasses.replace(e, recurring=recurring) for e in session_events(s)]
    _add_futures_and_ticks(cfg, world, s, events, last,
                           lambda when: _joined_by(evidence, world, min(when, s.observed_until)))
    return sorted(events, key=lambda e: (e.date, _KIND_ORDER[e.kind], e.id))


def recurring_crises(cfg: DictConfig, evidence: Evidence, world: World, s: Settings,
                     coded: list[Any]) -> tuple[tuple[str, float, tuple[ModelSpec, ...]], ...]:
    """A forecast's crises after the cut-off (`timeline.crises_after_cutoff: resample`): each member
    on the cut-off that asked for help before it meets one of its own past crises again, at the rate
    it met them (requests / years from its joining to the cut-off), rebuilt on the cut-off's world.
    Only what happened before the cut-off is read."""
    cut = s.observed_until
    members = set(evidence.members_on(cut))
    pool: dict[str, list[Any]] = {}
    for record in coded:
        if record.date <= cut and record.request != "none" and record.requester in members:
            pool.setdefault(record.requester, []).append(record)
    joined_by = _joined_by(evidence, world, cut)
    out = []
    for code, records in sorted(pool.items()):
        joined = min((ev.date for ev in evidence.membership if ev.event in JOIN_EVENTS and code in ev.members),
                     default=s.start)
        years = max((cut - max(joined, s.start)).days / 365.25, 1.0)
        specs = []
        for r in records:
            node = scenario_node(r.id, "episode")
            node.date = cut.isoformat()  # the past crisis, on the world as it stood on the cut-off
            specs.append(episode_spec(cfg, node, joined_by))
        out.append((code, len(records) / years, tuple(specs)))
    return tuple(out)


def session_events(s: Settings) -> list[Event]:
    """The Collective Security Council's sessions after a forecast's cut-off, `sessions_per_year`
    a year, the first one a session interval after the cut-off."""
    step = pd.DateOffset(months=12 // s.sessions_per_year)
    out, when = [], (pd.Timestamp(s.observed_until) + step).date()
    while when <= s.end:  # each session a whole number of intervals after the cut-off (month ends clamp)
        out.append(Event(when, "session", f"session:{when}", "Council session"))
        when = (pd.Timestamp(s.observed_until) + step * (len(out) + 1)).date()
    return out


def _add_futures_and_ticks(cfg: DictConfig, world: World, s: Settings, events: list[Event], last: dt.date,
                           signed_by: Any) -> None:
    """Hypothetical crises after the last episode, yearly ticks, the end and the sources' horizon."""
    tl = cfg.timeline
    for i, fut in enumerate(tl.get("futures") or []):
        where = f"timeline.futures[{i}]"
        node = scenario_node(fut.scenario, where + ".scenario")
        if fut.get("date") is not None:
            node.date = str(fut.date)
        when = parse_date(node.date, where + ".date")
        if not last < when <= s.end:
            raise InputError(where + ".date", str(node.date), f"a date after the last episode ({last}) "
                             f"and on or before timeline.end ({s.end})")
        if s.forecasting and when > s.observed_until:
            # after a forecast's cut-off a hypothetical crisis meets the world as it was on the cut-off
            node.date = s.observed_until.isoformat()
        events.append(Event(when, "future", str(node.id), str(node.name or node.id) + " (hypothetical)",
                            spec=episode_spec(cfg, node, signed_by(when))))
    for year in range(s.start.year + 1, s.end.year + 1):
        events.append(Event(dt.date(year, 1, 1), "tick", f"tick:{year}", ""))
    events.append(Event(s.end, "tick", f"tick:{s.end}", "end"))
    if s.start < s.observed_until < s.end:  # a snapshot at the sources' horizon (a forecast's cut-off)
        events.append(Event(s.observed_until, "tick", f"tick:{s.observed_until}",
                            "forecast cut-off" if s.forecasting else "horizon of the sources"))
