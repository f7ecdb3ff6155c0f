"""From a composed config to a validated ModelSpec: the checks a schema cannot make.

Each number's bound is the schema's (sim.inputs.schema, checked by sim.inputs.checks.check_ranges
first); member codes, fronts and dates are checked against the seeds here. Every failure raises
InputError with one line naming the field, the bad value and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from omegaconf import DictConfig, OmegaConf

from sim.errors import InputError, one_of
from sim.inputs.checks import check_ranges
from sim.inputs.evidence import Evidence, load_evidence
from sim.inputs.leverage import DependenceRule, LeverageRecord, based_forces_on, dependence_on, load_leverage
from sim.inputs.schema import MODES, AllianceConfig, Config, DecisionConfig, EpisodeCoding, ScenarioConfig
from sim.inputs.seeds import FRONTS, GEOGRAPHIC_FRONTS, OUTSIDE_ACTORS, SeedData, load_seeds, parse_date
from sim.model import decision as d
from sim.model.alliance import Rule
from sim.model.crisis import ASKED, CHANNELS, AllianceState, Crisis
from sim.model.types import MemberProfile, ModelSpec

# --- validation helpers ---------------------------------------------------------------------------


def _member(code: Any, name: str, allowed: list[str], when: dt.date) -> str:
    if code not in allowed:
        raise InputError(name, code, f"a member on {when.isoformat()}; {one_of(allowed)}")
    return str(code)


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --- config -> spec -----------------------------------------------------------------------------


CODINGS: tuple[str, ...] = tuple(c.value for c in EpisodeCoding)
CRISIS_FIELDS: tuple[str, ...] = ("date", "requester", "crisis_type", "front", "adversary", "channel", "framing",
                                  "on_member_territory")


def check_coding(ali: DictConfig) -> str:
    """alliance.coding: which coding of the episodes this run uses."""
    coding = _enum_value(ali.get("coding", EpisodeCoding.evidence.value))
    if coding not in CODINGS:
        raise InputError("alliance.coding", coding, one_of(CODINGS))
    return str(coding)


@lru_cache(maxsize=8)
def _evidence_cached(directory: Path, coding: str) -> Evidence:
    return load_evidence(directory, coding)


def load_coded_evidence(seeds: SeedData, coding: str) -> Evidence:
    """The evidence records and dated inputs of the seeds folder, under one coding (cached)."""
    return _evidence_cached(Path(seeds.directory), coding)


def episode_fields(episode: str, seeds: SeedData, evidence: Evidence) -> dict[str, Any]:
    """The crisis fields of an episode: its evidence record under the run's coding, else (an id only
    seeds/episodes.yaml knows) the seeds record, whose formal_request maps to channel formal|none."""
    if episode in evidence.episodes:
        ep = evidence.episodes[episode]
        base: dict[str, Any] = {k: getattr(ep, k) for k in CRISIS_FIELDS if k != "channel"}
        base["channel"] = ep.request
        base["observed_outcome"] = ep.outcome
        base["asked"] = getattr(ep, "asked", None)
        return base
    if episode in seeds.episodes:
        old = seeds.episodes[episode]
        base = {k: getattr(old, k) for k in CRISIS_FIELDS if k != "channel"}
        base["channel"] = "formal" if old.formal_request else "none"
        base["observed_outcome"] = old.observed_outcome
        return base
    raise InputError("scenario.episode", episode, one_of(set(evidence.episodes) | set(seeds.episodes)))


def resolve_channel(channel: Any, formal_request: Any) -> str:
    """scenario.channel, with the older scenario.formal_request shorthand applied on top: true makes
    the request formal; false keeps a non-formal channel, or makes it none. Neither: formal."""
    channel = _enum_value(channel)
    if formal_request is True:
        return "formal"
    if formal_request is False:
        return channel if channel not in (None, "formal") else "none"
    return "formal" if channel is None else str(channel)


def build_crisis(scn: DictConfig, seeds: SeedData, evidence: Evidence | None = None) -> Crisis:
    """The crisis: an episode record (evidence coding by default), with any scenario field overriding it."""
    evidence = load_coded_evidence(seeds, "evidence") if evidence is None else evidence
    base: dict[str, Any] = {}
    episode = scn.get("episode")
    if episode is not None:
        base = episode_fields(episode, seeds, evidence)
    for key in CRISIS_FIELDS:
        if key != "channel" and scn.get(key) is not None:
            base[key] = _enum_value(scn.get(key))
    if scn.get("channel") is not None:
        base["channel"] = _enum_value(scn.get("channel"))
    if base.get("channel") is not None and base["channel"] not in CHANNELS:
        raise InputError("scenario.channel", base["channel"], one_of(CHANNELS))
    if scn.get("asked") is not None:
        base["asked"] = _enum_value(scn.get("asked"))
    asked = base.get("asked") or "forces"
    if asked not in ASKED:
        raise InputError("scenario.asked", asked, one_of(ASKED))
    channel = resolve_channel(base.get("channel"), scn.get("formal_request"))
    for key in ("date", "requester", "crisis_type", "front", "framing"):
        if base.get(key) is None:
            raise InputError(f"scenario.{key}", None, "required (set it, or name an episode in scenario.episode)")
    when = base["date"] if isinstance(base["date"], dt.date) else parse_date(base["date"], "scenario.date")
    signed = min(m.signed for m in seeds.members.values())
    if when < signed:
        raise InputError("scenario.date", when.isoformat(), f"on or after {signed.isoformat()} (treaty signed)")
    members = list(evidence.members_on(when))
    requester = _member(base["requester"], "scenario.requester", members, when)
    adversary = base.get("adversary")
    ctype = base["crisis_type"]
    actors = set(seeds.members) | set(OUTSIDE_ACTORS) | set(seeds.ties.nodes)
    if adversary is not None and adversary not in actors:
        # an unknown actor would silently have no ties at all (scenario.adversary=ZZZ ran as if absent)
        raise InputError("scenario.adversary", adversary, "null or a known actor; " + one_of(actors))
    if ctype == "member_vs_member":
        adversary = _member(adversary, "scenario.adversary", [m for m in members if m != requester], when)
    elif adversary in seeds.members and adversary in members:
        raise InputError("scenario.crisis_type", ctype,
                         f"member_vs_member, since the adversary {adversary} is a member on {when}")
    if base["front"] not in GEOGRAPHIC_FRONTS:
        raise InputError("scenario.front", base["front"], one_of(GEOGRAPHIC_FRONTS))
    troops = scn.troops_requested  # bounded by the schema (checked by build_spec)
    return Crisis(
        id=str(scn.get("id")),
        name=str(scn.get("name") or scn.get("id")),
        date=when,
        requester=requester,
        crisis_type=ctype,
        front=base["front"],
        adversary=adversary,
        channel=channel,
        framing=base["framing"],
        on_member_territory=bool(True if base.get("on_member_territory") is None else base["on_member_territory"]),
        troops_requested=troops,
        episode=episode,
        observed_outcome=base.get("observed_outcome"),
        coding=evidence.coding,
        asked=asked,
    )


def build_params(dec: DictConfig) -> d.DecisionParams:
    unknown = sorted(set(dec.weights.keys()) - set(d.TERMS))
    if unknown:  # `+decision.weights.foo=1` would otherwise be stored and silently ignored
        raise InputError("decision.weights", unknown[0], one_of(d.TERMS))
    check_ranges(DecisionConfig, dec, "decision")
    return d.DecisionParams(
        weights=d.Weights(**{name: float(dec.weights[name]) for name in d.TERMS}),
        object_threshold=float(dec.thresholds.object),
        troops_threshold=float(dec.thresholds.troops),
        material_effect=float(dec.material_effect),
        noise_sd=float(dec.noise_sd),
        trust_reference=float(dec.trust_reference),
        ad_hoc_cost_multiplier=float(dec.ad_hoc_cost_multiplier),
    )


def voting_members(evidence: Evidence, crisis: Crisis) -> list[str]:
    """Who takes part on the crisis's date, from the evidence membership records: the parties
    (Uzbekistan 2006-2012 included) minus those that froze their participation (Armenia from
    2024-02-22). A frozen party that itself asks for help is still counted, as the requester."""
    taking_part = set(evidence.participating_on(crisis.date)) | {crisis.requester}
    return sorted(m for m in evidence.members_on(crisis.date) if m in taking_part)


def dated_ties(seeds: SeedData, evidence: Evidence, when: dt.date) -> nx.Graph:
    """seeds/ties.csv with every tie that seeds/dated.yaml dates replaced by its value on `when`."""
    ties = seeds.ties.copy()
    pairs = {tuple(sorted(e)) for e in ties.edges} | {r.key for r in evidence.dated if r.kind == "tie"}
    for a, b in sorted(pairs):
        rec = evidence.record_on("tie", (a, b), when)
        if rec is not None:
            ties.add_edge(a, b, affinity=float(rec.value), source="; ".join(rec.sources),
                          citations=tuple(rec.sources), assumption=rec.assumption or "")
    return ties


def dated_inputs(evidence: Evidence, when: dt.date, members: list[str]) -> tuple[dict[str, Any], ...]:
    """The dated inputs (seeds/dated.yaml) in force on `when` that concern these members or the
    alliance: what a run on that date reads, each with its sources and, where the sources do not
    give the value, the assumption (so a hypothetical scenario says which inputs are assumed)."""
    out = []
    for rec in evidence.dated:
        concerned = rec.key if rec.kind == "tie" else rec.key[:1]
        if not rec.covers(when) or (rec.kind != "fact" and not set(concerned) & set(members)):
            continue
        out.append({"kind": rec.kind, "key": "-".join(rec.key), "value": rec.value, "sources": list(rec.sources),
                    "assumption": rec.assumption or "", "range": list(rec.range) if rec.range else None})
    return tuple(out)


def dependence_rule(ali: DictConfig) -> DependenceRule:
    """alliance.dependence, checked: the thresholds at which each leverage component is full."""
    check_ranges(AllianceConfig, ali, "alliance", keys=("dependence",))
    return _dependence_rule(ali.dependence)


def _dependence_rule(dep: DictConfig) -> DependenceRule:
    """alliance.dependence, already checked (build_spec checks the whole alliance group first)."""
    return DependenceRule(remittances_full=float(dep.remittances_full), trade_full=float(dep.trade_full),
                          presence_full=float(dep.presence_full),
                          installation_presence=float(dep.installation_presence),
                          union_levels={str(k): float(v) for k, v in dep.union_levels.items()})


def member_dependence(ali: DictConfig, records: tuple[LeverageRecord, ...], rule: DependenceRule,
                      members: list[str], leader: str | None, when: dt.date) -> dict[str, float]:
    """Each member's dependence on the leading state on `when`: the leverage indicators public by
    then (sim.inputs.leverage.dependence_on), `alliance.dependence.default` where none was, and
    `alliance.dependence_overrides` on top. The leader's own is unused (it does not follow itself): 0."""
    default = float(ali.dependence.default)  # bounds: the schema's (checked by build_spec)
    out = {}
    for code in members:
        value = 0.0 if code == leader else dependence_on(records, code, when, rule)[0]
        out[code] = default if math.isnan(value) else float(value)
    for code, value in (ali.get("dependence_overrides") or {}).items():
        out[_member(code, "alliance.dependence_overrides", members, when)] = float(value)
    return out


def build_spec(cfg: DictConfig, members: list[str] | None = None) -> ModelSpec:
    """Validate a composed config against the seeds and resolve it into a ModelSpec.

    The crisis comes from the episode records under `alliance.coding`; ties, threat priorities,
    commitments elsewhere and the standing forces are read as they were on the crisis's date
    (seeds/dated.yaml, falling back to seeds/ties.csv and seeds/members.yaml), and the members
    from the evidence membership records. Config overrides (alliance.threat_overrides,
    alliance.tie_overrides, scenario.commitments) win over the dated values.

    `members` replaces the membership on the crisis's date: the timeline replay passes every
    state that has signed, since in its lanes members leave when the model says so.
    """
    ali, scn, dec = cfg.alliance, cfg.scenario, cfg.decision
    check_ranges(AllianceConfig, ali, "alliance")
    check_ranges(ScenarioConfig, scn, "scenario")
    coding = check_coding(ali)
    seeds = load_seeds(ali.get("seeds_dir"))
    evidence = load_coded_evidence(seeds, coding)
    known = None if ali.get("as_of") is None else parse_date(ali.get("as_of"), "alliance.as_of")
    if known is not None:
        evidence = evidence.as_of(known)  # read only what was known before alliance.as_of
    crisis = build_crisis(scn, seeds, evidence)
    when = crisis.date
    read_on = when if known is None else min(when, known)  # statistics public by then
    members = voting_members(evidence, crisis) if members is None else sorted(members)
    params = build_params(dec)

    leader = ali.get("leader")
    if leader is not None:
        leader = _member(leader, "alliance.leader", members, when)
    rule = Rule(_enum_value(dec.rule))
    if rule is Rule.leader and leader is None:
        raise InputError("decision.rule", "leader", "consensus or majority when alliance.leader is null")
    majority = float(dec.majority_share)
    contributors = dec.min_contributors
    if isinstance(contributors, bool) or not isinstance(contributors, int) or not 1 <= contributors <= len(members):
        raise InputError("decision.min_contributors", contributors, f"a whole number in [1, {len(members)}]")
    partner_tie, default_affinity = float(ali.partner_tie), float(ali.default_affinity)
    trust0 = float(ali.trust_initial)
    trust = {_member(code, "alliance.trust", members, when): float(value) for code, value in ali.trust.items()}

    threats: dict[str, dict[str, float]] = {}
    for code in members:
        threats[code] = {}
        for front, static in seeds.members[code].threat.items():
            dated = evidence.threat_on(code, front, when)
            threats[code][front] = static if dated is None else dated
    for code, fronts in (ali.get("threat_overrides") or {}).items():
        _member(code, "alliance.threat_overrides", members, when)
        for front, value in fronts.items():
            if front not in FRONTS:
                raise InputError(f"alliance.threat_overrides.{code}", front, one_of(FRONTS))
            threats[code][front] = float(value)

    ties = dated_ties(seeds, evidence, when)
    actors = set(ties.nodes) | set(seeds.members)
    for pair, value in (ali.get("tie_overrides") or {}).items():
        a, _, b = str(pair).partition("-")
        if a not in actors or b not in actors or a == b:
            raise InputError("alliance.tie_overrides", pair, "pairs 'AAA-BBB' of known actors; " + one_of(actors))
        ties.add_edge(a, b, affinity=float(value), source="", citations=(), assumption="config override")
    for a in members:
        for b in members:
            if a < b and not ties.has_edge(a, b):
                ties.add_edge(a, b, affinity=default_affinity, source="", citations=(),
                              assumption="alliance.default_affinity")

    commitments = {code: evidence.commitment_on(code, when) for code in members}
    for code, value in (scn.get("commitments") or {}).items():
        commitments[_member(code, "scenario.commitments", members, when)] = float(value)

    hist = seeds.alliance
    state_at = hist.state_at(when)
    state = AllianceState(
        treaty_in_force=state_at.get("treaty_in_force", False),
        organisation=state_at.get("organisation", False),
        standing_forces=bool(evidence.fact_on("collective_rapid_reaction_forces", when, False)),
    )
    records, dep_rule = load_leverage(Path(seeds.directory)), _dependence_rule(ali.dependence)
    dependence = member_dependence(ali, records, dep_rule, members, leader, read_on)
    opposition = {code: evidence.opposition_on(code, crisis) for code in members}
    # Forces the lead nation keeps based in the requester (the 201st in Tajikistan, Kant, the 102nd)
    # are on hand, not committed elsewhere: they add to what it has free for this crisis.
    based = (based_forces_on(records, crisis.requester, read_on)
             if leader is not None and leader != crisis.requester else 0.0)
    presence_full = dep_rule.presence_full
    lead_share = None if ali.lead_share is None else float(ali.lead_share)
    others = set(ties.nodes)
    profiles = tuple(
        MemberProfile(
            code=code,
            name=seeds.members[code].name,
            threat=threats[code],
            available_troops=seeds.members[code].readiness_share * hist.readiness_troops
            * (1.0 - commitments.get(code, 0.0)) + (based if code == leader else 0.0),
            pledge=seeds.members[code].peacekeeping_share,
            trust=trust.get(code, trust0),
            affinity={o: float(ties.edges[code, o]["affinity"]) for o in others
                      if o != code and ties.has_edge(code, o)},
            dependence=dependence[code],
            opposition=opposition[code],
            stationed=min(1.0, based / presence_full) if code == leader else 0.0,
        )
        for code in members
    )
    return ModelSpec(crisis=crisis, state=state, params=params, rule=rule, majority_share=majority,
                     min_contributors=int(contributors), leader=leader, profiles=profiles, ties=ties,
                     partner_tie=partner_tie, lead_share=lead_share,
                     dated_inputs=dated_inputs(evidence, when, members))


def check_mode(cfg: DictConfig) -> str:
    mode = cfg.get("mode", "scenario")
    if mode not in MODES:
        raise InputError("mode", mode, one_of(MODES))
    return str(mode)


def check_run_settings(cfg: DictConfig) -> None:
    """Replications, seed, chunking, jobs: impossible values fail before anything runs."""
    check_ranges(Config, cfg, keys=("replications", "chunk_size", "jobs", "seed"))


def to_container(cfg: DictConfig) -> dict[str, Any]:
    return OmegaConf.to_container(cfg, resolve=True, enum_to_str=True)  # type: ignore[return-value]
