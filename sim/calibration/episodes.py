"""The episodes a calibration fits: each coded episode as a resolved spec with its observed outcome
and weight, and the members' recorded actions as targets (seeds/member_actions.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.calibration.prior import finite
from sim.errors import InputError, one_of
from sim.inputs.actions import load_member_actions
from sim.inputs.checks import plain
from sim.inputs.compose import scenario_node, with_scenario
from sim.inputs.evidence import load_evidence
from sim.inputs.schema import Coding, check_member_fit
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model.alliance import OUTCOMES
from sim.model.crisis import rule_cap
from sim.model.model import ModelSpec

# What member_actions.yaml records, as the model's decision levels: a refusal is an objection, and
# `silent` (no recorded action) is read as "gave nothing": political support or less.
ACTION_LEVEL: dict[str, int] = {"objected": d.OBJECT, "declined": d.OBJECT, "silent": d.POLITICAL,
                                "political": d.POLITICAL, "material": d.MATERIAL, "troops": d.TROOPS}


@dataclass(frozen=True)
class MemberObs:
    """One member's recorded action in an episode, as a target of the member-level fit."""

    row: int  # the member's row in spec.members
    member: str
    action: str  # as recorded (ACTION_LEVEL keys)
    weight: float  # confidence weight (x members.silent_weight for `silent`)

    @property
    def level(self) -> int:
        return ACTION_LEVEL[self.action]


@dataclass(frozen=True)
class EpisodeRun:
    """One historical episode, resolved once; only `spec.params` varies during the search."""

    id: str
    role: str  # calibration | validation
    observed: str  # none | partial | troops
    spec: ModelSpec
    weight: float = 1.0  # how much the episode counts in the likelihood (its coding's confidence)
    members: tuple[MemberObs, ...] = ()  # the members' recorded actions the model is asked about

    @property
    def observed_code(self) -> int:
        return OUTCOMES.index(self.observed)


def episode_runs(alliance: Any, decision: Any, coding: Coding = Coding.observed,
                 confidence_weights: Any = None, members: Any = None) -> list[EpisodeRun]:
    """The episodes the calibration fits, each built from its scenario config with the given
    alliance and decision configs.

    Under `alliance.coding: evidence` (the default): every coded episode of the evidence base
    (seeds/evidence/episodes.yaml, negative controls included), in date order, each weighted by its
    coding's confidence (`confidence_weights`). Under `seeds` (the robustness run): the five
    episodes of seeds/episodes.yaml, calibration ones first; with the alternative outcome coding an
    episode's alternative_outcome (if any) replaces its observed one.
    """
    if str(plain(alliance.get("coding", "evidence"))) == "evidence":
        return evidence_runs(alliance, decision, confidence_weights, members=members)
    seeds = load_seeds(alliance.get("seeds_dir"))
    runs = []
    for role in ("calibration", "validation"):
        for ep in seeds.episodes.values():
            if ep.role != role:
                continue
            cfg = with_scenario(alliance, decision, scenario_node(ep.id, "episode"))
            outcome = ep.observed_outcome
            if Coding(coding) is Coding.alternative and ep.alternative_outcome:
                outcome = ep.alternative_outcome
            runs.append(EpisodeRun(ep.id, role, outcome, build_spec(cfg)))
    if not any(r.role == "calibration" for r in runs):
        raise InputError("seeds/episodes.yaml", "no calibration episode", "at least one episode with role: calibration")
    return runs


def member_targets(spec: ModelSpec, actions: Any, weights: dict[str, float],
                   silent_weight: float) -> tuple[MemberObs, ...]:
    """The recorded actions of the members the model asks in this episode: voters (not the requester
    or the adversary) that take part on the date and that the structural rules let answer at all
    (a crisis without a request asks nobody: the model makes no member-level claim there)."""
    out = []
    for row, profile in enumerate(spec.profiles):
        rec = (actions or {}).get(profile.code)
        if rec is None or rec.role != "member" or rec.action not in ACTION_LEVEL:
            continue
        if profile.code in (spec.crisis.requester, spec.crisis.adversary):
            continue
        cap, _ = rule_cap(spec.crisis, spec.state, profile.code, profile.available_troops)
        if cap == d.OBJECT:
            continue
        w = weights[rec.confidence] * (silent_weight if rec.action == "silent" else 1.0)
        if w > 0:
            out.append(MemberObs(row, profile.code, rec.action, float(w)))
    return tuple(out)


def evidence_runs(alliance: Any, decision: Any, confidence_weights: Any = None,
                  coding: str = "evidence", members: Any = None) -> list[EpisodeRun]:
    """Every coded episode of the evidence base under `coding`, in date order, weighted by confidence,
    with its members' recorded actions (`members`: calibrate.members; its silent_weight)."""
    seeds = load_seeds(alliance.get("seeds_dir"))
    evidence = load_evidence(Path(seeds.directory), coding)
    weights = dict(confidence_weights or {"H": 1.0, "M": 1.0, "L": 1.0})
    silent = check_member_fit(members).silent_weight  # checked here: validation reads calibrate.members unchecked
    actions = load_member_actions(Path(seeds.directory))
    runs = []
    for record in sorted(evidence.coded_episodes(), key=lambda r: (r.date, r.id)):
        if record.confidence not in weights:
            raise InputError("confidence_weights", record.confidence, one_of(weights))
        weight = weights[record.confidence]
        if not finite(weight) or weight < 0:
            raise InputError(f"confidence_weights.{record.confidence}", weight, "a number >= 0")
        spec = build_spec(with_scenario(alliance, decision, scenario_node(record.id, "episode")))
        runs.append(EpisodeRun(record.id, "calibration", record.outcome, spec, float(weight),
                               member_targets(spec, actions.get(record.id), weights, silent)))
    return runs
