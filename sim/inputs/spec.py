"""From a composed config to a validated ModelSpec: the checks a schema cannot make.

Member codes, ranges and dates are checked against the seeds here, and every failure raises
InputError with one line naming the field, the bad value and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import Enum
from typing import Any

from omegaconf import DictConfig, OmegaConf

from sim.errors import InputError, one_of
from sim.inputs.schema import MODES
from sim.inputs.seeds import FRONTS, GEOGRAPHIC_FRONTS, SeedData, load_seeds, parse_date
from sim.model import decision as d
from sim.model.agents import MemberProfile
from sim.model.alliance import Rule
from sim.model.crisis import AllianceState, Crisis
from sim.model.model import ModelSpec

# --- validation helpers ---------------------------------------------------------------------------


def _number(value: Any, name: str, low: float = -math.inf, high: float = math.inf, what: str = "") -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not low <= value <= high:
        raise InputError(name, value, what or f"a number in [{low}, {high}]")
    return float(value)


def _member(code: Any, name: str, allowed: list[str], when: dt.date) -> str:
    if code not in allowed:
        raise InputError(name, code, f"a member on {when.isoformat()}; {one_of(allowed)}")
    return str(code)


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --- config -> spec -----------------------------------------------------------------------------


def build_crisis(scn: DictConfig, seeds: SeedData) -> Crisis:
    """The crisis: an episode from the seeds, with any scenario field overriding it."""
    base: dict[str, Any] = {}
    episode = scn.get("episode")
    if episode is not None:
        if episode not in seeds.episodes:
            raise InputError("scenario.episode", episode, one_of(seeds.episodes))
        ep = seeds.episodes[episode]
        base = {k: getattr(ep, k) for k in ("date", "requester", "crisis_type", "front", "adversary",
                                             "formal_request", "framing", "on_member_territory")}
        base["observed_outcome"] = ep.observed_outcome
    for key in ("date", "requester", "crisis_type", "front", "adversary",
                "formal_request", "framing", "on_member_territory"):
        if scn.get(key) is not None:
            base[key] = _enum_value(scn.get(key))
    for key in ("date", "requester", "crisis_type", "front", "framing"):
        if base.get(key) is None:
            raise InputError(f"scenario.{key}", None, "required (set it, or name an episode in scenario.episode)")
    when = base["date"] if isinstance(base["date"], dt.date) else parse_date(base["date"], "scenario.date")
    signed = min(m.signed for m in seeds.members.values())
    if when < signed:
        raise InputError("scenario.date", when.isoformat(), f"on or after {signed.isoformat()} (treaty signed)")
    members = seeds.members_on(when)
    requester = _member(base["requester"], "scenario.requester", members, when)
    adversary = base.get("adversary")
    ctype = base["crisis_type"]
    if ctype == "member_vs_member":
        adversary = _member(adversary, "scenario.adversary", [m for m in members if m != requester], when)
    elif adversary in seeds.members and adversary in members:
        raise InputError("scenario.crisis_type", ctype,
                         f"member_vs_member, since the adversary {adversary} is a member on {when}")
    if base["front"] not in GEOGRAPHIC_FRONTS:
        raise InputError("scenario.front", base["front"], one_of(GEOGRAPHIC_FRONTS))
    troops = scn.get("troops_requested")
    if isinstance(troops, bool) or not isinstance(troops, int) or troops <= 0:
        raise InputError("scenario.troops_requested", troops, "a positive whole number of troops")
    return Crisis(
        id=str(scn.get("id")),
        name=str(scn.get("name") or scn.get("id")),
        date=when,
        requester=requester,
        crisis_type=ctype,
        front=base["front"],
        adversary=adversary,
        formal_request=True if base.get("formal_request") is None else bool(base["formal_request"]),
        framing=base["framing"],
        on_member_territory=bool(True if base.get("on_member_territory") is None else base["on_member_territory"]),
        troops_requested=troops,
        episode=episode,
        observed_outcome=base.get("observed_outcome"),
    )


def build_params(dec: DictConfig) -> d.DecisionParams:
    weights = {}
    for name in d.TERMS:
        weights[name] = _number(dec.weights.get(name), f"decision.weights.{name}", 0.0, what="a number >= 0")
    partial = _number(dec.thresholds.partial, "decision.thresholds.partial")
    troops = _number(dec.thresholds.troops, "decision.thresholds.troops")
    if troops < partial:
        raise InputError("decision.thresholds.troops", troops, f"a number >= decision.thresholds.partial ({partial})")
    return d.DecisionParams(
        weights=d.Weights(**weights),
        partial_threshold=partial,
        troops_threshold=troops,
        noise_sd=_number(dec.noise_sd, "decision.noise_sd", 0.0, what="a number >= 0"),
        trust_reference=_number(dec.trust_reference, "decision.trust_reference", 0.0, 1.0),
        ad_hoc_cost_multiplier=_number(dec.ad_hoc_cost_multiplier, "decision.ad_hoc_cost_multiplier", 1.0,
                                       what="a number >= 1"),
    )


def build_spec(cfg: DictConfig, members: list[str] | None = None) -> ModelSpec:
    """Validate a composed config against the seeds and resolve it into a ModelSpec.

    `members` replaces the membership the seeds give on the crisis's date: the timeline replay
    passes every state that has signed, since in its lanes members leave when the model says so.
    """
    ali, scn, dec = cfg.alliance, cfg.scenario, cfg.decision
    seeds = load_seeds(ali.get("seeds_dir"))
    crisis = build_crisis(scn, seeds)
    members = seeds.members_on(crisis.date) if members is None else sorted(members)
    params = build_params(dec)

    leader = ali.get("leader")
    if leader is not None:
        leader = _member(leader, "alliance.leader", members, crisis.date)
    rule = Rule(_enum_value(dec.rule))
    if rule is Rule.leader and leader is None:
        raise InputError("decision.rule", "leader", "consensus or majority when alliance.leader is null")
    majority = _number(dec.majority_share, "decision.majority_share", 0.0, 1.0)
    quorum = _number(dec.partial_quorum, "decision.partial_quorum", 0.0, 1.0)
    default_affinity = _number(ali.default_affinity, "alliance.default_affinity", -1.0, 1.0)
    trust0 = _number(ali.trust_initial, "alliance.trust_initial", 0.0, 1.0)
    trust = {}
    for code, value in (ali.get("trust") or {}).items():
        trust[_member(code, "alliance.trust", members, crisis.date)] = _number(value, f"alliance.trust.{code}", 0.0, 1.0)

    threats = {code: dict(seeds.members[code].threat) for code in members}
    for code, fronts in (ali.get("threat_overrides") or {}).items():
        _member(code, "alliance.threat_overrides", members, crisis.date)
        for front, value in fronts.items():
            if front not in FRONTS:
                raise InputError(f"alliance.threat_overrides.{code}", front, one_of(FRONTS))
            threats[code][front] = _number(value, f"alliance.threat_overrides.{code}.{front}", 0.0, 1.0)

    ties = seeds.ties.copy()
    actors = set(ties.nodes) | set(seeds.members)
    for pair, value in (ali.get("tie_overrides") or {}).items():
        a, _, b = str(pair).partition("-")
        if a not in actors or b not in actors or a == b:
            raise InputError("alliance.tie_overrides", pair, "pairs 'AAA-BBB' of known actors; " + one_of(actors))
        ties.add_edge(a, b, affinity=_number(value, f"alliance.tie_overrides.{pair}", -1.0, 1.0),
                      source="", assumption="config override")
    for a in members:
        for b in members:
            if a < b and not ties.has_edge(a, b):
                ties.add_edge(a, b, affinity=default_affinity, source="", assumption="alliance.default_affinity")

    commitments = {}
    for code, value in (scn.get("commitments") or {}).items():
        commitments[_member(code, "scenario.commitments", members, crisis.date)] = _number(
            value, f"scenario.commitments.{code}", 0.0, 1.0)

    hist = seeds.alliance
    state_at = hist.state_at(crisis.date)
    standing_since = parse_date(ali.standing_forces_since, "alliance.standing_forces_since")
    state = AllianceState(
        treaty_in_force=state_at.get("treaty_in_force", False),
        organisation=state_at.get("organisation", False),
        standing_forces=crisis.date >= standing_since,
    )
    others = set(ties.nodes)
    profiles = tuple(
        MemberProfile(
            code=code,
            name=seeds.members[code].name,
            threat=threats[code],
            available_troops=seeds.members[code].readiness_share * hist.readiness_troops
            * (1.0 - commitments.get(code, 0.0)),
            pledge=seeds.members[code].peacekeeping_share,
            trust=trust.get(code, trust0),
            affinity={o: float(ties.edges[code, o]["affinity"]) for o in others
                      if o != code and ties.has_edge(code, o)},
        )
        for code in members
    )
    return ModelSpec(crisis=crisis, state=state, params=params, rule=rule, majority_share=majority, partial_quorum=quorum,
                     leader=leader, profiles=profiles, ties=ties)


def check_mode(cfg: DictConfig) -> str:
    mode = cfg.get("mode", "scenario")
    if mode not in MODES:
        raise InputError("mode", mode, one_of(MODES))
    return str(mode)


def check_run_settings(cfg: DictConfig) -> None:
    """Replications, seed, chunking, jobs: impossible values fail before anything runs."""
    for key, low in (("replications", 1), ("chunk_size", 1), ("jobs", 1), ("seed", 0)):
        value = cfg.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise InputError(key, value, f"a whole number >= {low}")


def to_container(cfg: DictConfig) -> dict[str, Any]:
    return OmegaConf.to_container(cfg, resolve=True, enum_to_str=True)  # type: ignore[return-value]
