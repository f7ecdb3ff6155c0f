"""The alliance over time: replay 1992 onwards, with trust that learns and members that may leave.

Two histories (`timeline.history`):
- observed (the default): each state's membership on each date follows the evidence membership
  record (`Evidence.members_on` / `participating_on`: signatures, exits, returns, freezes); the
  episodes are the coded evidence episodes (`Evidence.coded_episodes()`, under alliance.coding);
  renewal points change nothing and only score what the renewal rule would have done; trust
  still learns from every episode by the rules of `sim.model.trust`.
  With `timeline.observed_until` before `timeline.end` the run is a forecast from that cut-off:
  the record, the episodes and the dated inputs are read up to it only; after it Council sessions
  and renewal points move every lane's standing by `sim.model.standing` (exit, suspension, freeze,
  return) on the world as it stood on the cut-off (`DatedRules`), and `forecasts` scores such
  forecasts from `timeline.forecast.cutoffs` against the record (`sim.timeline.scoring`).
- simulated: the description below; membership is the model's.

Events in date order: signatures (membership as the sources give it), the treaty's renewal
points (1999 sourced, later ones a config assumption), the episodes in `seeds/episodes.yaml`
and any hypothetical future crises. Each replication is a lane. The states are the roster's
MemberState agents (sim.timeline.roster), built by the same spec builder as any scenario; they
sign, learn, fade, renew or leave, and freeze through their own methods, which call the pure
rules in `sim.model.trust`. An episode runs one `AllianceModel` over all lanes with each lane's
trust and participation. Nothing about which member left in 1999 is given to the replay: the seeds' `left`
dates are only used afterwards, to check the replay against them.

`run_timeline(cfg)` does no file I/O and prints nothing; `sim.timeline.outputs` writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import DictConfig, OmegaConf
from tqdm.auto import tqdm

from sim.errors import InputError, one_of
from sim.inputs.compose import scenario_node, with_scenario
from sim.inputs.evidence import EXIT_EVENTS, GRIEVANCES, JOIN_EVENTS, Evidence
from sim.inputs.paths import SCENARIO_DIR
from sim.inputs.schema import ScenarioConfig
from sim.inputs.seeds import GEOGRAPHIC_FRONTS, SeedData, load_seeds, parse_date
from sim.inputs.spec import build_spec, check_coding, check_run_settings, load_coded_evidence, to_container
from sim.model import streams
from sim.model import standing as sd
from sim.model import trust as tr
from sim.model.agents import MemberProfile
from sim.model.alliance import OUTCOMES
from sim.model.decision import LEVEL_NAMES
from sim.model.model import AllianceModel, ModelSpec
from sim.runs.stats import interval95
from sim.timeline.roster import Roster
from sim.timeline.scoring import SCORING_DEFINITION, score_forecast

NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED = tr.NOT_SIGNED, tr.ACTIVE, tr.FROZEN, tr.LEFT, tr.SUSPENDED
STATUS_NAMES = tr.STATUS_NAMES
# decision codes in the tidy table: a member's own choice, or why it made none
PARTICIPATION: tuple[str, ...] = ("n/a", *LEVEL_NAMES, "requester", "adversary", "absent", "no_request")
_DEC = {name: i for i, name in enumerate(PARTICIPATION)}
OUTCOME_MODES: tuple[str, ...] = ("simulated", "observed")
HISTORY_MODES: tuple[str, ...] = ("observed", "simulated")
CRISES_AFTER_CUTOFF: tuple[str, ...] = ("resample", "none")
_KIND_ORDER = {"signed": 0, "membership": 0, "renewal": 1, "session": 1, "episode": 2, "future": 2, "tick": 3}
COHESION_DEFINITION = (
    "cohesion(t) = mean over every state that has signed the treaty by t of trust(t) x participating(t), "
    "where participating is 1 for an active member and 0 for one that left or froze its participation"
)
# timeline.history=observed: only the states that are members on t count (the record's membership)
COHESION_DEFINITION_OBSERVED = (
    "cohesion(t) = mean over every state that is a member on t (signed and not left, as the membership "
    "record gives it) of trust(t) x participating(t), where participating is 1 for an active member and "
    "0 for one that froze its participation; states not yet signed or already left are not counted"
)


def cohesion_definition(history: str) -> str:
    return COHESION_DEFINITION_OBSERVED if history == "observed" else COHESION_DEFINITION


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
class Settings:
    """The validated timeline settings (configs/timeline/)."""

    replications: int
    seed: int
    start: dt.date
    end: dt.date
    observed_until: dt.date
    outcomes: str
    trust: tr.TrustRules
    exit: tr.ExitRules
    prior: dict[str, tuple[float, float]]
    prior_samples: int
    prior_replications: int
    progress: bool
    history: str = "simulated"  # observed: membership from the evidence record; simulated: the renewal rule
    sessions_per_year: int = 2  # the forecast's Council sessions (history observed, after observed_until)
    crises_after_cutoff: str = "resample"  # a forecast's crises: resample (members' past crises recur) | none
    forecast: "ForecastSettings | None" = None

    @property
    def forecasting(self) -> bool:
        """History observed up to a cut-off before the end: a forecast from the cut-off."""
        return self.history == "observed" and self.observed_until < self.end


@dataclass(frozen=True)
class ForecastSettings:
    """The forecasts from cut-offs scored against the record (timeline.forecast)."""

    cutoffs: tuple[dt.date, ...]
    dates: tuple[dt.date, ...]
    replications: int


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


@dataclass
class Replay:
    """The lanes' history: one snapshot after every event."""

    events: list[Event]
    trust: np.ndarray  # (snapshots, members, lanes)
    status: np.ndarray  # (snapshots, members, lanes) int8
    decision: np.ndarray  # (snapshots, members, lanes) int8 into PARTICIPATION
    outcome: np.ndarray  # (snapshots, lanes) int8: -1 no episode/no request, else OUTCOMES index (collective)
    renewal_terms: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # date -> term -> (m, lanes)
    # (snapshots, lanes) int8 like `outcome`: what the requester got, collective or the leading state's
    # bilateral help (the more of the two); reported beside the outcome, never learnt from
    answer: np.ndarray | None = None
    renewal_applied: dict[str, bool] = field(default_factory=dict)  # date -> the rule moved standings (else scored)


@dataclass
class TimelineResult:
    table: pd.DataFrame  # one row per replication x date x member
    summary: dict[str, Any]
    replay: Replay
    world: World


# --- settings ----------------------------------------------------------------------------------


def _unit(value: Any, name: str, low: float = 0.0, high: float = 1.0) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not low <= value <= high:
        raise InputError(name, value, f"a number in [{low}, {high}]")
    return float(value)


def trust_rules(node: Any) -> tr.TrustRules:
    half = node.get("half_life_years")
    return tr.TrustRules(
        gain=_unit(node.gain, "timeline.trust.gain"),
        loss=_unit(node.loss, "timeline.trust.loss"),
        partial_credit=_unit(node.partial_credit, "timeline.trust.partial_credit"),
        vicarious=_unit(node.vicarious, "timeline.trust.vicarious"),
        participation=_unit(node.participation, "timeline.trust.participation"),
        half_life_years=None if half is None else _unit(half, "timeline.trust.half_life_years", 1e-6, math.inf),
    )


def exit_rules(node: Any) -> tr.ExitRules:
    return tr.ExitRules(
        exit_threshold=_unit(node.exit_threshold, "timeline.exit.exit_threshold"),
        freeze_threshold=_unit(node.freeze_threshold, "timeline.exit.freeze_threshold"),
        weight_alignment=_unit(node.weight_alignment, "timeline.exit.weight_alignment", 0.0, math.inf),
        alignment_reference=_unit(node.alignment_reference, "timeline.exit.alignment_reference"),
        weight_ties=_unit(node.weight_ties, "timeline.exit.weight_ties", 0.0, math.inf),
        noise_sd=_unit(node.noise_sd, "timeline.exit.noise_sd", 0.0, math.inf),
        weight_grievance=_unit(node.weight_grievance, "timeline.exit.weight_grievance", 0.0, math.inf),
        weight_outside=_unit(node.weight_outside, "timeline.exit.weight_outside", 0.0, math.inf),
        return_margin=_unit(node.return_margin, "timeline.exit.return_margin", 0.0, math.inf),
        withdrawal_margin=_unit(node.withdrawal_margin, "timeline.exit.withdrawal_margin", 0.0, math.inf),
        suspension_margin=_unit(node.suspension_margin, "timeline.exit.suspension_margin", 0.0, math.inf),
        notice_months=_unit(node.notice_months, "timeline.exit.notice_months", 0.0, 120.0),
        arrears_years_vote=_unit(node.arrears_years_vote, "timeline.exit.arrears_years_vote", 0.0, math.inf),
        weight_dependence=_unit(node.weight_dependence, "timeline.exit.weight_dependence", 0.0, math.inf),
        dependence_reference=_unit(node.dependence_reference, "timeline.exit.dependence_reference"),
    )


_RULE_FIELDS = {f.name: "trust" for f in dataclasses.fields(tr.TrustRules)} | {
    f.name: "exit" for f in dataclasses.fields(tr.ExitRules)}


def settings(cfg: DictConfig) -> Settings:
    """Validate the timeline config; bad values fail with one line before anything runs."""
    check_run_settings(cfg)
    tl = cfg.timeline
    reps = tl.replications
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise InputError("timeline.replications", reps, "a whole number >= 1")
    for key in ("prior_samples", "prior_replications"):
        value = tl.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < (0 if key == "prior_samples" else 1):
            raise InputError(f"timeline.{key}", value, f"a whole number >= {0 if key == 'prior_samples' else 1}")
    if tl.outcomes not in OUTCOME_MODES:
        raise InputError("timeline.outcomes", tl.outcomes, one_of(OUTCOME_MODES))
    history = tl.get("history", "observed")
    if history not in HISTORY_MODES:
        raise InputError("timeline.history", history, one_of(HISTORY_MODES))
    start, end = parse_date(tl.start, "timeline.start"), parse_date(tl.end, "timeline.end")
    if end <= start:
        raise InputError("timeline.end", tl.end, f"a date after timeline.start ({start})")
    prior: dict[str, tuple[float, float]] = {}
    for name, rng in (tl.get("prior") or {}).items():
        if name not in _RULE_FIELDS:
            raise InputError("timeline.prior", name, one_of(_RULE_FIELDS))
        low, high = _unit(rng.low, f"timeline.prior.{name}.low", -math.inf, math.inf), rng.high
        high = _unit(high, f"timeline.prior.{name}.high", low, math.inf)
        prior[name] = (low, high)
    observed = parse_date(tl.observed_until, "timeline.observed_until")
    if not start < observed <= end:
        raise InputError("timeline.observed_until", tl.observed_until, f"a date in ({start}, {end}]")
    sessions = tl.get("sessions_per_year", 2)
    if isinstance(sessions, bool) or not isinstance(sessions, int) or not 1 <= sessions <= 12:
        raise InputError("timeline.sessions_per_year", sessions, "a whole number from 1 to 12")
    crises = tl.get("crises_after_cutoff", "resample")
    if crises not in CRISES_AFTER_CUTOFF:
        raise InputError("timeline.crises_after_cutoff", crises, one_of(CRISES_AFTER_CUTOFF))
    return Settings(replications=reps, seed=int(cfg.seed), start=start, end=end, observed_until=observed,
                    outcomes=str(tl.outcomes),
                    trust=trust_rules(tl.trust), exit=exit_rules(tl.exit), prior=prior,
                    prior_samples=int(tl.prior_samples), prior_replications=int(tl.prior_replications),
                    progress=bool(cfg.progress), history=str(history), sessions_per_year=sessions,
                    crises_after_cutoff=str(crises),
                    forecast=forecast_settings(tl.get("forecast"), start, end))


def forecast_settings(node: Any, start: dt.date, end: dt.date) -> ForecastSettings:
    """timeline.forecast: cut-offs in (start, end), scoring dates in (start, end], replications >= 1."""
    node = node or {}
    cutoffs = tuple(parse_date(c, f"timeline.forecast.cutoffs[{i}]") for i, c in enumerate(node.get("cutoffs") or []))
    for i, c in enumerate(cutoffs):
        if not start < c < end:
            raise InputError(f"timeline.forecast.cutoffs[{i}]", str(c), f"a date in ({start}, {end})")
    dates = tuple(parse_date(c, f"timeline.forecast.dates[{i}]") for i, c in enumerate(node.get("dates") or []))
    for i, d in enumerate(dates):
        if not start < d <= end:
            raise InputError(f"timeline.forecast.dates[{i}]", str(d), f"a date in ({start}, {end}]")
    reps = node.get("replications", 500)
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise InputError("timeline.forecast.replications", reps, "a whole number >= 1")
    return ForecastSettings(cutoffs=cutoffs, dates=tuple(sorted(dates)), replications=reps)


def with_params(s: Settings, values: dict[str, float]) -> Settings:
    """The same settings with some trust or exit parameters replaced (prior sampling)."""
    trust = dataclasses.replace(s.trust, **{k: v for k, v in values.items() if _RULE_FIELDS[k] == "trust"})
    exits = dataclasses.replace(s.exit, **{k: v for k, v in values.items() if _RULE_FIELDS[k] == "exit"})
    return dataclasses.replace(s, trust=trust, exit=exits)


# --- the world and the events ---------------------------------------------------------------------


def alliance_spec(cfg: DictConfig, seeds: SeedData, when: dt.date) -> ModelSpec:
    """Every state that ever signed, resolved by the same spec builder as any scenario, on `when`:
    the alliance settings (trust, threat and tie overrides, default affinity) are checked once,
    by the same rules. The crisis fields are placeholders; only the members' profiles are used."""
    node = OmegaConf.merge(OmegaConf.structured(ScenarioConfig), {
        "id": "alliance", "name": f"the alliance on {when}", "date": when.isoformat(),
        "requester": seeds.members_on(when)[0], "crisis_type": "external_non_state",
        "front": GEOGRAPHIC_FRONTS[0], "framing": "external_aggression"})
    return episode_spec(cfg, node, sorted(seeds.members))  # type: ignore[arg-type]


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
        node = (scenario_node(ep, f"timeline.episodes[{i}]") if path.is_file()
                else OmegaConf.merge(OmegaConf.structured(ScenarioConfig), {"id": ep, "episode": ep}))
        when = seeds.episodes[ep].date
        if not s.start <= when <= s.end:
            continue
        signed = [c for c in world.codes if world.signed[c] <= when]
        events.append(Event(when, "episode", ep, seeds.episodes[ep].name, spec=episode_spec(cfg, node, signed)))
        last = max(last, when)
    _add_futures_and_ticks(cfg, world, s, events, last, lambda when: [c for c in world.codes if world.signed[c] <= when])
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


# --- the replay ---------------------------------------------------------------------------------


def _noise(seed: int, index: int, code: str, lanes: int) -> np.ndarray:
    """The renewal noise of one member at one event: its own stream, like the model's."""
    return streams.renewal_rng(seed, index, code).standard_normal(lanes)


def _observed_code(spec: ModelSpec) -> int | None:
    return None if spec.crisis.observed_outcome is None else OUTCOMES.index(spec.crisis.observed_outcome)


@dataclass(frozen=True)
class RuleInputs:
    """What the membership rules read on a date: fronts, capabilities and ties (sorted ISO3, like
    World), each state's dated drivers, and whether the Charter (withdrawal by notice, suspension
    by the Council) is in force."""

    priorities: np.ndarray  # (members, geographic fronts)
    capability: np.ndarray  # (members,)
    affinity: np.ndarray  # (members, members)
    grievance: np.ndarray | None = None  # (members,) summed strength of the dated grievances; None: not modelled
    outside: np.ndarray | None = None  # (members,) strength of an outside alignment
    dependence: np.ndarray | None = None  # (members,) dependence on the leading state (the leader: neutral)
    charter: bool = False

    @classmethod
    def static(cls, world: World) -> RuleInputs:
        """The simulated history's inputs: the world at the start, no drivers, no Charter."""
        return cls(world.priorities, world.capability, world.affinity)


class DatedRules:
    """RuleInputs on a date, read from the seeds and the evidence as they stood on it, never later
    than `cutoff`: after a forecast's cut-off the world stays as it was known on the cut-off."""

    def __init__(self, cfg: DictConfig, seeds: SeedData, evidence: Evidence, cutoff: dt.date) -> None:
        self.cfg, self.seeds, self.evidence, self.cutoff = cfg, seeds, evidence, cutoff
        self._cache: dict[dt.date, RuleInputs] = {}

    def __call__(self, when: dt.date) -> RuleInputs:
        when = min(when, self.cutoff)
        if when not in self._cache:
            world, spec = build_world(self.cfg, self.seeds, when)
            drivers = [self.evidence.drivers_on(c, when) for c in world.codes]
            reference = self.cfg.timeline.exit.dependence_reference  # the leader does not depend on itself
            dependence = np.array([reference if p.code == spec.leader else p.dependence for p in spec.profiles])
            self._cache[when] = RuleInputs(
                world.priorities, world.capability, world.affinity,
                grievance=np.array([sum(d[g] for g in GRIEVANCES) for d in drivers]),
                outside=np.array([d["alternative_alignment"] for d in drivers]), dependence=dependence,
                charter=self.evidence.charter_on(when))
        return self._cache[when]


def _cases(rules: RuleInputs, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(alignment, ties), (members, lanes): each state's cover and ties among the present members."""
    return (tr.threat_alignment(rules.priorities, rules.capability, present),
            tr.ties_with_alliance(rules.affinity, present))


def _driver(values: np.ndarray | None, i: int) -> float | None:
    return None if values is None else float(values[i])


def replay(events: list[Event], world: World, s: Settings, lanes: int, seed: int,
           profiles: tuple[MemberProfile, ...], rules_on: Any = None) -> Replay:
    """Run every event over `lanes` replications; results depend only on (config, seed).

    `rules_on(date) -> RuleInputs` gives what the membership rules read on a date (DatedRules);
    None: the world at the start without drivers (the simulated history)."""
    roster = Roster(profiles, lanes, seed)
    snaps_t, snaps_s, snaps_d, snaps_o, snaps_a = [], [], [], [], []
    renewal_terms: dict[str, dict[str, np.ndarray]] = {}
    renewal_applied: dict[str, bool] = {}
    observed = s.history == "observed"
    static = RuleInputs.static(world)
    inputs_on = rules_on if rules_on is not None else (lambda when: static)
    previous = s.start
    for k, ev in enumerate(tqdm(events, unit="event", disable=not s.progress, leave=False)):
        years = (ev.date - previous).days / 365.25
        for state in roster.members:
            state.fade(years, s.trust)
        previous = ev.date
        decision = np.full((len(roster.members), lanes), _DEC["n/a"], dtype=np.int8)
        outcome = np.full(lanes, -1, dtype=np.int8)
        answer = outcome
        if ev.kind == "signed":
            for code in ev.signers:
                roster.by_code[code].sign()
        elif ev.kind == "membership":  # history observed: the record sets every state's standing
            for code, standing in ev.statuses:
                roster.by_code[code].status[:] = standing
        elif ev.kind == "renewal":
            rules = inputs_on(ev.date)
            alignment, ties = _cases(rules, roster.present())
            # history observed: up to the cut-off the record decides, and under the Charter there is no
            # term to renew; the rule is then only scored (each member's case; nobody leaves)
            scored = observed and (ev.date <= s.observed_until or rules.charter)
            terms = []
            for i, state in enumerate(roster.members):
                args = (alignment[i], ties[i], _noise(seed, k, state.code, lanes), s.exit,
                        _driver(rules.grievance, i), _driver(rules.outside, i), _driver(rules.dependence, i))
                if scored:
                    terms.append({name: np.where(state.is_member, value, np.nan)
                                  for name, value in tr.renewal_utility(state.trust, *args).items()})
                else:
                    terms.append(state.consider_renewal(*args))
            renewal_terms[ev.date.isoformat()] = {name: np.stack([row[name] for row in terms]) for name in terms[0]}
            renewal_applied[ev.date.isoformat()] = not scored
        elif ev.kind == "session":  # a forecast's Council session: notices, suspensions, returns
            rules = inputs_on(ev.date)
            to_effect = sd.sessions_until_effect(s.exit.notice_months, s.sessions_per_year)
            alignment, ties = _cases(rules, roster.present())
            for i, state in enumerate(roster.members):
                if (state.status != NOT_SIGNED).any():
                    state.attend_session(alignment[i], ties[i], _noise(seed, k, state.code, lanes), s.exit,
                                         _driver(rules.grievance, i) or 0.0, _driver(rules.outside, i) or 0.0,
                                         rules.charter, to_effect, _driver(rules.dependence, i))
            for code, rate, specs in ev.recurring:  # the members' past crises that recur in this interval
                rng = streams.recurrence_rng(seed, k, code)
                occurs = rng.random(lanes) < 1.0 - math.exp(-rate / s.sessions_per_year)
                which = rng.integers(len(specs), size=lanes)
                for j, spec in enumerate(specs):
                    here = occurs & (which == j)
                    if here.any():
                        chunk = streams.RECURRENT_CHUNK + 64 * k + j
                        _episode(spec, chunk, roster, world, s, lanes, seed, occurs=here)
        elif ev.spec is not None:
            decision, outcome, answer = _episode(ev.spec, k, roster, world, s, lanes, seed)
        if ev.kind != "signed" and not observed:
            for state in roster.members:  # the freeze rule (a forecast reviews it at its Council sessions)
                state.review_participation(s.exit)
        snaps_t.append(roster.trust())
        snaps_s.append(roster.status())
        snaps_d.append(decision)
        snaps_o.append(outcome)
        snaps_a.append(answer)
    return Replay(events=events, trust=np.stack(snaps_t), status=np.stack(snaps_s), decision=np.stack(snaps_d),
                  outcome=np.stack(snaps_o), renewal_terms=renewal_terms, answer=np.stack(snaps_a),
                  renewal_applied=renewal_applied)


def _episode(spec: ModelSpec, k: int, roster: Roster, world: World, s: Settings, lanes: int,
             seed: int, occurs: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One crisis over all lanes: the model decides with each lane's trust and participants, then
    every member that took part learns from the collective outcome (what the alliance did; the
    leading state's bilateral help is its own, not the alliance's). Returns (decision codes,
    collective outcome, what the requester got), -1 where no request was made. `occurs` (lanes,):
    the lanes where the crisis happens (a forecast's recurring crisis, always decided by the model);
    None: all of them."""
    index = {c: i for i, c in enumerate(world.codes)}
    rows = [index[c] for c in spec.members]
    status = roster.status()
    active = status == ACTIVE
    model = AllianceModel(spec, lanes=lanes, seed=seed, chunk=k,
                          trust={c: roster.by_code[c].trust for c in spec.members},
                          active={c: active[index[c]] for c in spec.members})
    model.step()
    res = model.results()
    crisis = spec.crisis
    req = index[crisis.requester]
    adv = index.get(crisis.adversary) if crisis.adversary is not None else None
    asked = active[req] if occurs is None else active[req] & occurs
    if s.history == "observed" and crisis.channel == "none":
        # a crisis in which nobody asked (the evidence's negative controls): no request, nothing to learn
        # (simulated history keeps its behaviour: its seeds episodes all carry a request)
        asked = np.zeros(lanes, dtype=bool)
    outcome = res.outcome.copy()
    observed = _observed_code(spec) if occurs is None else None  # a recurrence's outcome is the model's
    if s.outcomes == "observed" and observed is not None:
        outcome[:] = observed
    level = np.zeros((len(world.codes), lanes), dtype=np.int8)
    level[rows] = res.level
    front = {p.code: p.threat[crisis.front] for p in spec.profiles}  # the spec's, with any threat overrides
    for i, state in enumerate(roster.members):
        priority = front.get(state.code, world.priorities[i][GEOGRAPHIC_FRONTS.index(crisis.front)])
        state.learn_from(tr.episode_role(i, req, adv), outcome, level[i], float(priority), asked, s.trust)
    decision = np.full((len(world.codes), lanes), _DEC["n/a"], dtype=np.int8)
    decision[rows] = np.where(active[rows], res.level + 1, _DEC["absent"])  # levels follow "n/a"
    decision[req] = _DEC["requester"]
    if adv is not None and adv in rows:
        decision[adv] = np.where(active[adv], _DEC["adversary"], _DEC["absent"])
    decision[:, ~asked] = np.where(status[:, ~asked] == NOT_SIGNED, _DEC["n/a"], _DEC["no_request"])
    outcome = np.where(asked, outcome, -1).astype(np.int8)
    answer = np.where(asked, res.answer, -1).astype(np.int8)
    if s.outcomes == "observed" and observed is not None:
        answer = np.where(asked, observed, -1).astype(np.int8)  # the records code what the requester got
    return decision, outcome, answer


# --- results ------------------------------------------------------------------------------------


def cohesion(trust: np.ndarray, status: np.ndarray, history: str = "simulated") -> np.ndarray:
    """The cohesion index per snapshot and lane, (snapshots, lanes): COHESION_DEFINITION (every
    signatory counts), or with history "observed" COHESION_DEFINITION_OBSERVED (members only)."""
    signed = (status == ACTIVE) | (status == FROZEN) if history == "observed" else status != NOT_SIGNED
    contrib = np.where(status == ACTIVE, trust, 0.0)
    n = signed.sum(axis=-2)
    return np.divide(contrib.sum(axis=-2), n, out=np.zeros(n.shape), where=n > 0)


def observed_leavers(seeds: SeedData, renewal: dt.date) -> list[str]:
    """Members whose membership lapsed within a year after a renewal point, per the seeds."""
    return sorted(c for c, mem in seeds.members.items()
                  if mem.left is not None and renewal <= mem.left < renewal + dt.timedelta(days=366))


def tidy(rep: Replay, world: World) -> pd.DataFrame:
    """One row per replication x snapshot x member."""
    snaps, m, lanes = rep.trust.shape
    dates = np.array([e.date.isoformat() for e in rep.events], dtype=object)
    ids = np.array([e.id for e in rep.events], dtype=object)
    frame = pd.DataFrame({
        "replication": np.tile(np.arange(lanes), snaps * m),
        "date": pd.to_datetime(np.repeat(dates, m * lanes)),
        "event": np.repeat(ids, m * lanes),
        "member": np.tile(np.repeat(np.array(world.codes, dtype=object), lanes), snaps),
        "trust": rep.trust.ravel(),
        "status": pd.Categorical.from_codes(rep.status.ravel(), categories=list(STATUS_NAMES)),
        "active": (rep.status == ACTIVE).ravel(),
        "decision": pd.Categorical.from_codes(rep.decision.ravel(), categories=list(PARTICIPATION)),
    })
    for col in ("event", "member"):
        frame[col] = frame[col].astype("category")
    return frame


def _band(x: np.ndarray) -> dict[str, float]:
    return {"mean": float(np.mean(x)), "p5": float(np.quantile(x, 0.05)), "p50": float(np.quantile(x, 0.5)),
            "p95": float(np.quantile(x, 0.95))}


def patterns(rep: Replay, world: World, seeds: SeedData, s: Settings) -> dict[str, Any]:
    """How often each renewal reproduces the membership change the seeds report, and why."""
    out: dict[str, Any] = {}
    for date_text, terms in rep.renewal_terms.items():
        when = dt.date.fromisoformat(date_text)
        if when > s.observed_until and s.history != "observed":
            continue  # the sources say nothing about membership after their horizon
        k = next(i for i, e in enumerate(rep.events) if e.kind == "renewal" and e.date == when)
        before = rep.status[k - 1] if k > 0 else rep.status[k]
        present = (before == ACTIVE) | (before == FROZEN)
        applied = rep.renewal_applied.get(date_text, s.history != "observed")
        if applied:
            left = present & (rep.status[k] == LEFT)
        else:  # nobody left by the rule: who it would have had leave
            left = present & ~tr.renews(terms)
        expected = observed_leavers(seeds, when)
        target = np.array([c in expected for c in world.codes])
        exact = (left == target[:, None]).all(axis=0)
        members = {}
        for i, c in enumerate(world.codes):
            if not present[i].any():
                continue
            members[c] = {"p_leave": float(left[i][present[i]].mean()),
                          "observed_left": c in expected,
                          "terms_mean": {n: round(float(np.nanmean(v[i])), 4) for n, v in terms.items()}}
        out[date_text] = {"observed_leavers": expected, "p_exact": float(exact.mean()),
                          "basis": ("replay status" if s.history != "observed" else "forecast: status by the rules"
                                    if applied else "renewal rule scored, status from the record"
                                    if when <= s.observed_until else "renewal rule scored: terms renew automatically, exit by notice"),
                          "p_exact_ci95": interval95(float(exact.mean()), int(exact.size)),
                          "mean_leavers": float(left.sum(axis=0).mean()), "members": members}
    return out


def summarise(rep: Replay, world: World, seeds: SeedData, s: Settings,
              evidence: Evidence | None = None) -> dict[str, Any]:
    """The summary; with history "observed", `evidence` gives the membership the match compares with."""
    coh = cohesion(rep.trust, rep.status, s.history)
    series, membership = [], []
    for k, ev in enumerate(rep.events):
        series.append({"date": ev.date.isoformat(), "event": ev.id, "kind": ev.kind, **_band(coh[k])})
        member = (rep.status[k] == ACTIVE) | (rep.status[k] == FROZEN)
        membership.append({"date": ev.date.isoformat(), "event": ev.id,
                           "mean_members": float(member.sum(axis=0).mean()),
                           "mean_active": float((rep.status[k] == ACTIVE).sum(axis=0).mean()),
                           "p_member": {c: float(member[i].mean()) for i, c in enumerate(world.codes)
                                        if (rep.status[k][i] != NOT_SIGNED).any()}})
        if evidence is not None:  # history observed: the record's count beside the replay's (a forecast's check)
            membership[-1]["record_members"] = len(evidence.members_on(ev.date))
    episodes = []
    for k, ev in enumerate(rep.events):
        if ev.spec is None:
            continue
        asked = rep.outcome[k] >= 0
        made = max(int(asked.sum()), 1)  # outcome shares among the lanes where the request was made
        counts = {name: float((rep.outcome[k] == i).sum() / made) for i, name in enumerate(OUTCOMES)}
        got = rep.outcome if rep.answer is None else rep.answer
        answers = {name: float((got[k] == i).sum() / made) for i, name in enumerate(OUTCOMES)}
        episodes.append({"date": ev.date.isoformat(), "id": ev.id, "kind": ev.kind, "label": ev.label,
                         "observed_outcome": ev.spec.crisis.observed_outcome,
                         "p_request_made": float(asked.mean()),
                         "p_outcome": counts,  # the collective outcome (what trust learns from)
                         "p_answer": answers})  # what the requester got, collective or bilateral
    last = max(k for k, e in enumerate(rep.events) if e.date <= s.observed_until)
    when = rep.events[last].date
    member = (rep.status[last] == ACTIVE) | (rep.status[last] == FROZEN)
    if s.history == "observed" and evidence is not None:
        sources = np.array([c in evidence.members_on(when) for c in world.codes])
    else:
        sources = np.array([world.signed[c] <= when and (world.left[c] is None or when < world.left[c])
                            for c in world.codes])
    match = {
        "date": when.isoformat(),
        "sources_members": [c for c, here in zip(world.codes, sources) if here],
        # the whole membership as the sources give it on that date
        "p_same_members": float((member == sources[:, None]).all(axis=0).mean()),
        # the states the sources show staying on are all still members (whoever else stayed)
        "p_renewers_all_stay": float(member[sources].all(axis=0).mean()),
        "p_member": {c: float(member[i].mean()) for i, c in enumerate(world.codes)},
    }
    return {
        "cohesion_index_definition": cohesion_definition(s.history),
        "history": s.history,
        "forecasting": s.forecasting,
        "observed_until": s.observed_until.isoformat(),
        "outcomes": s.outcomes,
        "replications": int(rep.trust.shape[2]),
        "seed": s.seed,
        "cohesion": series,
        "cohesion_at_observed_until": {"date": rep.events[last].date.isoformat(), **_band(coh[last])},
        "membership": membership,
        "membership_match": match,
        "episodes": episodes,
        "renewal_patterns": patterns(rep, world, seeds, s),
        "trust_rules": dataclasses.asdict(s.trust),
        "exit_rules": dataclasses.asdict(s.exit),
    }


# --- prior sensitivity --------------------------------------------------------------------------


def prior_sensitivity(events: list[Event], world: World, seeds: SeedData, s: Settings,
                      profiles: tuple[MemberProfile, ...], evidence: Evidence | None = None,
                      rules_on: Any = None) -> dict[str, Any]:
    """Rerun the replay for parameter sets drawn uniformly from the prior ranges (few lanes each):
    what the 1999 reproduction rate and the 2024 cohesion do across what we cannot pin down."""
    rng = streams.sampler_rng(s.seed, streams.TIMELINE_PRIOR)
    names = sorted(s.prior)
    quiet = dataclasses.replace(s, progress=False)
    rows = []
    first = next((e.date.isoformat() for e in events if e.kind == "renewal"), None)
    for j in tqdm(range(s.prior_samples), unit="sample", disable=not s.progress, leave=False):
        values = {n: float(rng.uniform(*s.prior[n])) for n in names}
        local = with_params(quiet, values)
        rep = replay(events, world, local, s.prior_replications, s.seed + 1 + j, profiles, rules_on)
        summ = summarise(rep, world, seeds, local, evidence)
        row = dict(values)
        row["cohesion_observed_until"] = summ["cohesion_at_observed_until"]["mean"]
        row["p_sources_membership"] = summ["membership_match"]["p_same_members"]
        row["p_renewers_all_stay"] = summ["membership_match"]["p_renewers_all_stay"]
        row["p_exact_first_renewal"] = summ["renewal_patterns"].get(first, {}).get("p_exact", float("nan"))
        rows.append(row)
    table = pd.DataFrame(rows)
    out: dict[str, Any] = {"samples": s.prior_samples, "replications_each": s.prior_replications,
                           "first_renewal": first, "ranges": {n: list(s.prior[n]) for n in names}}
    for target in ("p_exact_first_renewal", "cohesion_observed_until", "p_sources_membership",
                   "p_renewers_all_stay"):
        col = table[target]
        out[target] = {**_band(col.to_numpy()), "max": float(col.max()),
                       "share_of_samples_above_0": float((col > 0).mean()),
                       "spearman_with": {n: round(float(table[n].corr(col, method="spearman")), 3)
                                         for n in names if table[n].nunique() > 1 and col.nunique() > 1}}
    out["table"] = table.round(5).to_dict(orient="records")
    return out


# --- forecasts from cut-offs --------------------------------------------------------------------


def forecasts(cfg: DictConfig, seeds: SeedData, world: World, profiles: tuple[MemberProfile, ...],
              evidence: Evidence, s: Settings, own: tuple[Replay, list[Event]] | None = None) -> dict[str, Any]:
    """The membership forecasts scored against the record (sim.timeline.scoring): this run's own
    when it is a forecast (`own`), and one from each `timeline.forecast.cutoffs` date, each run on
    the world and the record as they stood on its cut-off, with `forecast.replications` lanes."""
    assert s.forecast is not None
    fs = s.forecast
    end = fs.dates[-1] if fs.dates else s.end
    record_dates = sorted({ev.date for ev in evidence.membership})

    def record_on(when: dt.date) -> dict[str, int]:
        return record_statuses(evidence, world.codes, when)

    def score(rep: Replay, cutoff: dt.date, lanes: int) -> dict[str, Any]:
        applied = {dt.date.fromisoformat(d) for d, moved in rep.renewal_applied.items() if moved}
        out = score_forecast(world.codes, [e.date for e in rep.events], applied, rep.status,
                             record_on, record_dates, cutoff, min(end, s.end), fs.dates)
        session = next((e for e in rep.events if e.kind == "session"), None)
        recurring = {code: {"rate_per_year": round(rate, 4), "episodes": [sp.crisis.id for sp in specs]}
                     for code, rate, specs in (session.recurring if session is not None else ())}
        return {"replications": lanes, **out, "drivers_in_force": drivers_on(cutoff),
                "crises_after_cutoff": recurring}

    out: dict[str, Any] = {"definition": SCORING_DEFINITION, "end": min(end, s.end).isoformat(), "cutoffs": {}}

    def drivers_on(cutoff: dt.date) -> list[dict[str, Any]]:
        """The dated drivers a forecast from `cutoff` reads, with their provenance (all outside evidence)."""
        return [{"member": r.key[0], "driver": r.key[1], "value": r.value, "sources": list(r.sources),
                 "assumption": r.assumption} for r in evidence.dated if r.kind == "driver" and r.covers(cutoff)]

    if own is not None:
        out["this_run"] = score(own[0], s.observed_until, s.replications)
    for cutoff in tqdm(fs.cutoffs, unit="cut-off", disable=not s.progress, leave=False):
        local = dataclasses.replace(s, observed_until=cutoff, progress=False)
        events = build_events(cfg, seeds, world, local)
        rep = replay(events, world, local, fs.replications, s.seed, profiles,
                     DatedRules(cfg, seeds, evidence, cutoff))
        out["cutoffs"][cutoff.isoformat()] = score(rep, cutoff, fs.replications)
    return out


# --- the public entry ---------------------------------------------------------------------------


def run_timeline(cfg: DictConfig) -> TimelineResult:
    """Validate `cfg`, replay the alliance, return the tidy table and the summary (no files)."""
    s = settings(cfg)
    seeds = load_seeds(cfg.alliance.get("seeds_dir"))
    world, alliance = build_world(cfg, seeds, s.start)
    events = build_events(cfg, seeds, world, s)
    evidence = load_coded_evidence(seeds, check_coding(cfg.alliance)) if s.history == "observed" else None
    rules_on = DatedRules(cfg, seeds, evidence, s.observed_until) if evidence is not None else None
    rep = replay(events, world, s, s.replications, s.seed, alliance.profiles, rules_on)
    summary = summarise(rep, world, seeds, s, evidence)
    if evidence is not None:
        summary["forecast"] = forecasts(cfg, seeds, world, alliance.profiles, evidence, s,
                                        (rep, events) if s.forecasting else None)
    if s.prior_samples > 0:
        summary["prior_sensitivity"] = prior_sensitivity(events, world, seeds, s, alliance.profiles, evidence,
                                                         rules_on)
    summary["events"] = [{"date": e.date.isoformat(), "kind": e.kind, "id": e.id, "label": e.label}
                         for e in events if e.kind != "tick"]
    summary["config"] = {"timeline": to_container(cfg)["timeline"]}
    return TimelineResult(table=tidy(rep, world), summary=summary, replay=rep, world=world)
