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

Here are the replay and the run (`run_timeline`, the forecasts from cut-offs, the prior
sensitivity); the settings are checked in `sim.timeline.settings`, the world and the events built
in `sim.timeline.events`, a replay's record summarised in `sim.timeline.summary`.
`run_timeline(cfg)` does no file I/O and prints nothing; `sim.outputs.timeline` writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import DictConfig
from tqdm.auto import tqdm

from sim.inputs.evidence import GRIEVANCES, Evidence
from sim.inputs.seeds import GEOGRAPHIC_FRONTS, SeedData, load_seeds
from sim.inputs.spec import check_coding, load_coded_evidence, to_container
from sim.model import standing as sd
from sim.model import streams
from sim.model import trust as tr
from sim.model.alliance import OUTCOMES
from sim.model.model import AllianceModel, ModelSpec
from sim.model.types import MemberProfile
from sim.timeline.events import Event, World, build_events, build_world, record_statuses
from sim.timeline.roster import Roster
from sim.timeline.scoring import SCORING_DEFINITION, score_forecast
from sim.timeline.settings import (ACTIVE, NOT_SIGNED, PARTICIPATION, Settings, check_timeline_run, fitted_before,
                                   settings, with_params)
from sim.timeline.summary import Replay, TimelineResult, band, summarise, tidy


_DEC = {name: i for i, name in enumerate(PARTICIPATION)}


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
    grievance: np.ndarray | None = None  # (members,) summed strength of the dated grievances and of the grievance
    # over the state's own unmet requests (sd.request_grievance); None: not modelled
    outside: np.ndarray | None = None  # (members,) strength of an outside alignment
    dependence: np.ndarray | None = None  # (members,) dependence on the leading state (the leader: neutral)
    charter: bool = False

    @classmethod
    def static(cls, world: World) -> RuleInputs:
        """The simulated history's inputs: the world at the start, no drivers, no Charter."""
        return cls(world.priorities, world.capability, world.affinity)


# the channels of a request for assistance whose outcome can leave a grievance ("political" support and
# "none", a crisis in which nobody asked, cannot)
REQUEST_CHANNELS = ("formal", "informal", "bilateral")


def own_requests(evidence: Evidence, code: str, when: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """(ages in years on `when`, outcome codes) of `code`'s own requests for assistance among the coded
    episodes dated before `when`. Outcome-blind: the same for every member; an episode dated on or
    after `when` is not read. Free of the rule parameters, so a date's reading serves every fit."""
    rows = [((when - e.date).days / 365.25, OUTCOMES.index(e.outcome)) for e in evidence.coded_episodes()
            if e.requester == code and e.request in REQUEST_CHANNELS and e.date < when]
    return np.array([r[0] for r in rows], dtype=float), np.array([r[1] for r in rows], dtype=np.int8)


def unmet_requests(evidence: Evidence, code: str, when: dt.date, partial_credit: float
                   ) -> tuple[np.ndarray, np.ndarray]:
    """(ages, shortfalls) of `code`'s own requests before `when`: the share each left unmet
    (none: 1, partial: 1 - `partial_credit`, troops: 0; sim.model.trust.satisfaction)."""
    ages, outcomes = own_requests(evidence, code, when)
    return ages, 1.0 - tr.satisfaction(outcomes, partial_credit)


@dataclass(frozen=True)
class _DatedReading:
    """What the evidence and the seeds say on a date, before any rule parameter is applied."""

    world: World
    dated_grievance: np.ndarray  # (members,) summed strength of the dated grievances
    requests: tuple[tuple[np.ndarray, np.ndarray], ...]  # per member: own_requests
    outside: np.ndarray  # (members,)
    dependence: np.ndarray  # (members,)
    leader: int | None  # the leading state's row (its dependence reads exit.dependence_reference)
    charter: bool


class DatedRules:
    """RuleInputs on a date, read from the seeds and the evidence as they stood on it, never later
    than `cutoff`: after a forecast's cut-off the world stays as it was known on the cut-off.

    The reading of a date is cached; the rule parameters (`request_weight`, `request_half_life_years`,
    `dependence_reference`, `trust.partial_credit`) are applied on each call from the settings the
    replay runs with, so a fit's or a prior sample's values take effect (`s` None: the config's)."""

    def __init__(self, cfg: DictConfig, seeds: SeedData, evidence: Evidence, cutoff: dt.date) -> None:
        self.cfg, self.seeds, self.evidence, self.cutoff = cfg, seeds, evidence, cutoff
        self._cache: dict[dt.date, _DatedReading] = {}
        self._configured: Settings | None = None

    def _reading(self, when: dt.date) -> _DatedReading:
        if when not in self._cache:
            world, spec = build_world(self.cfg, self.seeds, when)
            drivers = [self.evidence.drivers_on(c, when) for c in world.codes]
            leader = next((i for i, p in enumerate(spec.profiles) if p.code == spec.leader), None)
            self._cache[when] = _DatedReading(
                world, np.array([sum(d[g] for g in GRIEVANCES) for d in drivers], dtype=float),
                tuple(own_requests(self.evidence, c, when) for c in world.codes),
                np.array([d["alternative_alignment"] for d in drivers]),
                np.array([p.dependence for p in spec.profiles]), leader, self.evidence.charter_on(when))
        return self._cache[when]

    def __call__(self, when: dt.date, s: Settings | None = None) -> RuleInputs:
        if s is None:
            self._configured = self._configured or settings(self.cfg)
            s = self._configured
        r = self._reading(min(when, self.cutoff))
        ex = s.exit
        requests = [sd.request_grievance(ages, 1.0 - tr.satisfaction(outcomes, s.trust.partial_credit),
                                         ex.request_weight, ex.request_half_life_years)
                    for ages, outcomes in r.requests]
        dependence = r.dependence.copy()
        if r.leader is not None:
            dependence[r.leader] = ex.dependence_reference  # the leader does not depend on itself
        return RuleInputs(r.world.priorities, r.world.capability, r.world.affinity,
                          grievance=r.dated_grievance + np.array(requests), outside=r.outside,
                          dependence=dependence, charter=r.charter)


def _cases(rules: RuleInputs, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(alignment, ties), (members, lanes): each state's cover and ties among the present members."""
    return (tr.threat_alignment(rules.priorities, rules.capability, present),
            tr.ties_with_alliance(rules.affinity, present))


def _driver(values: np.ndarray | None, i: int) -> float | None:
    return None if values is None else float(values[i])


def replay(events: list[Event], world: World, s: Settings, lanes: int, seed: int,
           profiles: tuple[MemberProfile, ...], rules_on: Any = None) -> Replay:
    """Run every event over `lanes` replications; results depend only on (config, seed).

    `rules_on(date, s) -> RuleInputs` gives what the membership rules read on a date under these
    settings (DatedRules); None: the world at the start without drivers (the simulated history)."""
    roster = Roster(profiles, lanes, seed)
    snaps_t, snaps_s, snaps_d, snaps_o, snaps_a = [], [], [], [], []
    renewal_terms: dict[str, dict[str, np.ndarray]] = {}
    renewal_applied: dict[str, bool] = {}
    observed = s.history == "observed"
    static = RuleInputs.static(world)
    inputs_on = (lambda when: rules_on(when, s)) if rules_on is not None else (lambda when: static)
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
        out[target] = {**band(col.to_numpy()), "max": float(col.max()),
                       "share_of_samples_above_0": float((col > 0).mean()),
                       "spearman_with": {n: round(float(table[n].corr(col, method="spearman")), 3)
                                         for n in names if table[n].nunique() > 1 and col.nunique() > 1}}
    out["table"] = table.round(5).to_dict(orient="records")
    return out


# --- forecasts from cut-offs --------------------------------------------------------------------


def forecasts(cfg: DictConfig, seeds: SeedData, world: World, profiles: tuple[MemberProfile, ...],
              evidence: Evidence, s: Settings, own: tuple[Replay, list[Event], dict[str, Any]] | None = None
              ) -> dict[str, Any]:
    """The membership forecasts scored against the record (sim.timeline.scoring): this run's own
    when it is a forecast (`own`: its replay, events and weights record), and one from each
    `timeline.forecast.cutoffs` date, each run on the world and the record as they stood on its
    cut-off, with `forecast.replications` lanes. `s` holds the configured weights: each cut-off
    takes the fit made before it, never a later one."""
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
        out["this_run"] = {**score(own[0], s.observed_until, s.replications), "weights": own[2]}
    for cutoff in tqdm(fs.cutoffs, unit="cut-off", disable=not s.progress, leave=False):
        local, weights = forecast_weights(dataclasses.replace(s, observed_until=cutoff, progress=False), cutoff)
        events = build_events(cfg, seeds, world, local)
        rep = replay(events, world, local, fs.replications, s.seed, profiles,
                     DatedRules(cfg, seeds, evidence, cutoff))
        out["cutoffs"][cutoff.isoformat()] = {**score(rep, cutoff, fs.replications),
                                              "weights": weights}
    return out


def forecast_weights(s: Settings, cutoff: dt.date) -> tuple[Settings, dict[str, Any]]:
    """The settings a forecast from `cutoff` runs with, and the record of which exit weights those are:
    under `forecast.weights: fitted` the latest fit made on or before the cut-off (configs/
    timeline_fitted.yaml, read once here), else the configured values."""
    fit = fitted_before(cutoff) if s.forecast is not None and s.forecast.weights == "fitted" else None
    if fit is None:
        return s, {"source": "configured", "values": dataclasses.asdict(s.exit)}
    return with_params(s, fit[1]), {"source": f"fitted before {fit[0].isoformat()}", "values": fit[1]}


# --- the public entry ---------------------------------------------------------------------------


def run_timeline(cfg: DictConfig) -> TimelineResult:
    """Validate `cfg`, replay the alliance, return the tidy table and the summary (no files)."""
    s = check_timeline_run(cfg)
    seeds = load_seeds(cfg.alliance.get("seeds_dir"))
    world, alliance = build_world(cfg, seeds, s.start)
    events = build_events(cfg, seeds, world, s)
    evidence = load_coded_evidence(seeds, check_coding(cfg.alliance)) if s.history == "observed" else None
    rules_on = DatedRules(cfg, seeds, evidence, s.observed_until) if evidence is not None else None
    configured, weights = s, None
    if s.forecasting and evidence is not None:
        s, weights = forecast_weights(s, s.observed_until)  # this run is a forecast: its cut-off's fitted weights
    rep = replay(events, world, s, s.replications, s.seed, alliance.profiles, rules_on)
    summary = summarise(rep, world, seeds, s, evidence)
    if evidence is not None:
        summary["forecast"] = forecasts(cfg, seeds, world, alliance.profiles, evidence, configured,
                                        (rep, events, weights) if weights is not None else None)
    if s.prior_samples > 0:
        summary["prior_sensitivity"] = prior_sensitivity(events, world, seeds, s, alliance.profiles, evidence,
                                                         rules_on)
    summary["events"] = [{"date": e.date.isoformat(), "kind": e.kind, "id": e.id, "label": e.label}
                         for e in events if e.kind != "tick"]
    summary["config"] = {"timeline": to_container(cfg)["timeline"]}
    return TimelineResult(table=tidy(rep, world), summary=summary, replay=rep, world=world)
