"""The model behind the seminar app: an AllianceModel built from a teacher's choices.

A teacher picks a scenario, a rule and the decision weights. `SeminarModel` turns those choices
into Hydra overrides, composes the config exactly as `python -m sim` would, and then

- runs `replications` vector lanes through the public `sim.runs.scenario.run(cfg)`: the outcome
  probabilities and each member's choice shares, what the alliance does "in general";
- is itself a single-lane AllianceModel (lanes=1): each `step()` replays the crisis once (the
  request, each member's decision with its reason, the alliance outcome), which is what the
  class sees happen. Every replay draws fresh noise from the members' own streams.

Nothing here changes the model: the app only chooses overrides and reads results.
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass
from typing import Any

from sim.inputs.compose import compose_config, scenario_names, scenario_node
from sim.inputs.paths import DECISION_DIR
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model.alliance import OUTCOMES, Rule
from sim.model.model import AllianceModel, ModelSpec
from sim.runs.scenario import RunResult, run

SCENARIOS: tuple[str, ...] = scenario_names()
DECISION_CONFIGS: tuple[str, ...] = tuple(sorted(p.stem for p in DECISION_DIR.glob("*.yaml")))
RULE_NAMES: tuple[str, ...] = tuple(r.value for r in Rule)
# The CLI's decision config (configs/config.yaml: the calibrated weights); the app and the
# seminar's numbers start from it. The others are labelled alternatives.
DEFAULT_DECISION: str = str(compose_config([]).decision.name)
DECISION_LABELS: dict[str, str] = {
    "calibrated": "calibrated weights (fitted to history)",
    "default": "hand-set prior weights (not fitted)",
}
RULE_LABELS: dict[str, str] = {
    "consensus": "consensus: one objection blocks forces",
    "majority": "majority: most members must approve",
    "leader": "leader: the leading state decides",
}
WEIGHT_LABELS: dict[str, str] = {
    "front": "the crisis's front matters",
    "regime": "regime solidarity",
    "mandate": "framed as aggression (Article 4)",
    "cost": "cost of troops",
    "tie_requester": "ties with the requester",
    "tie_adversary": "ties with the adversary",
    "leader": "follow the leading state",
    "trust": "trust in the alliance",
}
FRONT_LABELS: dict[str, str] = {"western": "western", "southern": "southern (Central Asia)",
                                "caucasus": "Caucasus", "internal": "internal (regime security)"}
SEMINAR_SEED = 20220106  # the seed of the app and of docs/seminar.md

# Plain-language reasons for the class; the keys are sim.model.decision.REASONS.
REASON_TEXT: dict[str, str] = {
    "front": "its front is at stake",
    "regime": "regime solidarity",
    "mandate": "Article 4 framing (external aggression)",
    "cost": "the cost of the troops",
    "tie_requester": "its ties with the requester",
    "tie_adversary": "its ties with the adversary",
    "leader": "following the leading state",
    "trust": "its trust in the alliance",
    "noise": "chance (idiosyncratic politics)",
    "rule:no_request": "rule: no formal request",
    "rule:adversary_member": "rule: it is the adversary",
    "rule:outside_area": "rule: outside members' territory",
    "rule:treaty_not_in_force": "rule: treaty not in force",
    "rule:no_forces": "rule: no forces free",
    "no_mandate": "no Article 4 framing (not called external aggression)",
    "no_regime": "no regime solidarity (not internal unrest)",
}
# One sentence per reason, for a member that helped (it pushed towards helping) and one that
# declined (it held the member back). The structural rules read the same either way.
REASON_HELPED: dict[str, str] = {
    "front": "the crisis is on a front that matters to it",
    "regime": "it fears the same unrest at home (regime solidarity)",
    "mandate": "the request is framed as external aggression, the treaty's mutual-defence case (Article 4)",
    "cost": "the troops asked of it are cheap for it",
    "tie_requester": "it is on good terms with the requester",
    "tie_adversary": "it is hostile to the adversary",
    "leader": "it follows the leading state, which chose to help",
    "trust": "it trusts the alliance to return the favour",
    "noise": "chance: domestic politics of the day tipped it",
    "no_mandate": "it stopped short of troops: framed as external aggression (Article 4), the request would have moved it further",
    "no_regime": "it stopped short of troops: had the crisis been internal unrest, regime solidarity would have moved it further",
}
REASON_DECLINED: dict[str, str] = {
    "front": "the crisis's front hardly matters to it",
    "regime": "regime solidarity does not apply",
    "mandate": "the request is not framed as external aggression",
    "cost": "the troops asked of it are a large share of its free forces",
    "tie_requester": "it is on bad terms with the requester",
    "tie_adversary": "it is on good terms with the adversary",
    "leader": "it follows the leading state, which declined",
    "trust": "it distrusts the alliance",
    "noise": "chance: domestic politics of the day tipped it",
    "no_mandate": "the request was not framed as external aggression; had it been (Article 4), it would have helped more",
    "no_regime": "the crisis was not internal unrest; regime solidarity would have moved it",
}
RULE_SENTENCE: dict[str, str] = {
    "rule:no_request": "the treaty's rule: no formal request, no collective assistance",
    "rule:adversary_member": "it is the adversary itself: a member cannot fight itself",
    "rule:outside_area": "the treaty's rule: help only on members' own territory",
    "rule:treaty_not_in_force": "the treaty's rule: the collective mechanism was not yet in force",
    "rule:no_forces": "it has no forces free, so it can at most offer help short of troops",
}


def reason_sentence(reason: str, helped: bool) -> str:
    """The reason a member decided as it did, in plain language."""
    if reason in RULE_SENTENCE:
        return RULE_SENTENCE[reason]
    return (REASON_HELPED if helped else REASON_DECLINED).get(reason, REASON_TEXT.get(reason, reason))


def threshold_sentence(thresholds: dict[str, float]) -> str:
    """What the two thresholds mean, for the class."""
    return (f"Each member adds up its considerations (weights x inputs) plus chance into a support "
            f"score. At {thresholds['partial']:.2f} or more it offers help short of troops (talks, "
            f"equipment, advisers); at {thresholds['troops']:.2f} or more it sends troops; below "
            f"{thresholds['partial']:.2f} it objects.")


def score_sentence(utility: float, thresholds: dict[str, float]) -> str:
    """Where one member's support score fell relative to the thresholds."""
    if utility >= thresholds["troops"]:
        where = f"at or above {thresholds['troops']:.2f}, enough for troops"
    elif utility >= thresholds["partial"]:
        where = (f"between {thresholds['partial']:.2f} and {thresholds['troops']:.2f}: "
                 "help short of troops")
    else:
        where = f"below {thresholds['partial']:.2f}: it objects"
    return f"support score {utility:.2f}, {where}"


@functools.cache
def decision_values(decision: str) -> dict[str, Any]:
    """The weights, thresholds and rule in configs/decision/<decision>.yaml."""
    cfg = compose_config([f"decision={decision}"])
    dec = cfg.decision
    return {"weights": {k: float(dec.weights[k]) for k in d.TERMS},
            "thresholds": {k: float(v) for k, v in dec.thresholds.items()},
            "rule": str(getattr(dec.rule, "value", dec.rule)),
            "leader": cfg.alliance.leader}


@functools.cache
def weight_ranges() -> dict[str, tuple[float, float]]:
    """Each weight's slider range: the calibration's prior range (configs/calibrate.yaml: prior).

    A weight the calibration holds fixed gets the range most weights have, and always its value.
    """
    prior = compose_config([], "calibrate").prior
    ranges = {k: (float(prior[k].low), float(prior[k].high)) for k in d.TERMS
              if prior[k].get("low") is not None}
    typical = statistics.median(high for _, high in ranges.values())
    for k in d.TERMS:
        if k not in ranges:
            fixed = float(prior[k].fixed)
            ranges[k] = (min(0.0, fixed), max(typical, fixed))
    return {k: ranges[k] for k in d.TERMS}


@functools.cache
def scenario_label(name: str) -> str:
    """A scenario's display name (its `name` in configs/scenario/<name>.yaml)."""
    return str(scenario_node(name).name or name)


def seminar_overrides(
    scenario: str,
    decision: str,
    rule: str,
    weights: dict[str, float] | None = None,
    commitments: dict[str, float] | None = None,
    tie_overrides: dict[str, float] | None = None,
    replications: int = 10_000,
    seed: int = SEMINAR_SEED,
) -> list[str]:
    """The Hydra overrides for a teacher's choices (what `python -m sim` would be given)."""
    out = [f"scenario={scenario}", f"decision={decision}", f"decision.rule={rule}",
           f"replications={replications}", f"seed={seed}", "progress=false"]
    out += [f"decision.weights.{k}={float(v)}" for k, v in (weights or {}).items()]
    out += [f"++scenario.commitments.{k}={float(v)}" for k, v in (commitments or {}).items()]
    out += [f"++alliance.tie_overrides.{k}={float(v)}" for k, v in (tie_overrides or {}).items()]
    return out


def neutral_adversary_ties(spec: ModelSpec) -> dict[str, float]:
    """Tie overrides that make the other members' ties with the crisis's adversary neutral (0).

    The requester keeps its own tie: the question is what the bystanders' ties do.
    """
    adversary, requester = spec.crisis.adversary, spec.crisis.requester
    if adversary is None:
        return {}
    return {f"{m}-{adversary}": 0.0 for m in spec.members
            if m not in (adversary, requester) and spec.ties.has_edge(m, adversary)}


@functools.cache
def _neutral_ties(crisis: str, decision: str) -> dict[str, float]:
    return neutral_adversary_ties(build_spec(compose_config([f"scenario={crisis}", f"decision={decision}"])))


@dataclass(frozen=True)
class MemberDecision:
    """One member's choice in one replay of the crisis, as the class reads it."""

    code: str
    role: str  # requester | adversary | voter | leader
    choice: str  # troops | partial | decline | requester
    reason: str  # a key of REASON_TEXT ("" for the requester)
    utility: float
    troops: float

    @property
    def reason_text(self) -> str:
        return REASON_TEXT.get(self.reason, "")

    @property
    def reason_sentence(self) -> str:
        return reason_sentence(self.reason, self.choice in ("troops", "partial"))


class SeminarModel(AllianceModel):
    """The crisis a teacher set up: one replay per step, and the probabilities over many.

    `crisis` names a file in configs/scenario/ (the keyword `scenario` is Mesa's own). A weight
    left at None keeps the value in `configs/decision/<decision>.yaml`.
    """

    def __init__(
        self,
        crisis: str = "kazakhstan_2022",
        rule: str = "consensus",
        decision: str = DEFAULT_DECISION,
        front: float | None = None,
        regime: float | None = None,
        mandate: float | None = None,
        cost: float | None = None,
        tie_requester: float | None = None,
        tie_adversary: float | None = None,
        leader: float | None = None,
        trust: float | None = None,
        leader_committed: float = 0.0,
        cut_ties_with_adversary: bool = False,
        replications: int = 10_000,
        seed: int = SEMINAR_SEED,
        extra: tuple[str, ...] = (),
    ) -> None:
        given = {"front": front, "regime": regime, "mandate": mandate, "cost": cost,
                 "tie_requester": tie_requester, "tie_adversary": tie_adversary,
                 "leader": leader, "trust": trust}
        weights = {k: v for k, v in given.items() if v is not None}  # None: the decision config's
        leader = decision_values(decision)["leader"]
        commitments = {leader: leader_committed} if leader and leader_committed else {}
        overrides = seminar_overrides(crisis, decision, rule, weights, commitments,
                                      replications=replications, seed=int(seed))
        if cut_ties_with_adversary:
            ties = _neutral_ties(crisis, decision)
            overrides = seminar_overrides(crisis, decision, rule, weights, commitments, ties,
                                          replications=replications, seed=int(seed))
        cfg = compose_config([*overrides, *extra])  # extra: further overrides (scenario.framing=...)
        self.cfg = cfg
        self.result: RunResult = run(cfg)  # the many replications
        super().__init__(self.result.spec, lanes=1, seed=int(seed))
        self.summary: dict[str, Any] = self.result.summary
        self.replays: list[str] = []  # the outcome of each replay so far

    def step(self) -> None:
        """One replay of the crisis: request, decisions (leader first), the alliance outcome."""
        super().step()
        self.replays.append(self.outcome_name)

    # -- what the app shows -------------------------------------------------------------------

    @property
    def outcome_name(self) -> str:
        return OUTCOMES[int(self.outcome[0])]

    @property
    def decided(self) -> bool:
        return bool(self.replays)

    def decisions(self) -> list[MemberDecision]:
        """Each member's choice in the latest replay, the leading state first (it moves first)."""
        res = self.results()
        rows = []
        for i, code in enumerate(res.members):
            role = res.roles[i]
            if role == "requester":
                choice, reason = "requester", ""
            else:
                choice, reason = d.LEVEL_NAMES[int(res.level[i, 0])], d.REASONS[int(res.reason[i, 0])]
            shown_role = "leader" if code == self.spec.leader and role == "voter" else role
            rows.append(MemberDecision(code, shown_role, choice, reason,
                                       float(res.utility[i, 0]), float(res.troops[i, 0])))
        rows.sort(key=lambda r: (r.role != "requester", r.role != "leader", r.code))
        return rows

    def outcome_line(self) -> str:
        """The outcome probabilities over the many replications, on one line."""
        o = self.summary["outcome"]
        return (f"Over {self.summary['replications']:,} replications: troops {o['troops']:.1%} · "
                f"partial {o['partial']:.1%} · none {o['none']:.1%}")

    def member_rows(self) -> list[dict[str, Any]]:
        """One row per member for the member panel: who it is, what it brings, how it decides."""
        c = self.spec.crisis
        latest = {r.code: r for r in self.decisions()} if self.decided else {}
        rows = []
        for p in self.spec.profiles:
            stats = self.summary["members"].get(p.code, {})
            role = "requester" if p.code == c.requester else "adversary" if p.code == c.adversary else (
                "leading state" if p.code == self.spec.leader else "member")
            rows.append({
                "code": p.code, "name": p.name, "role": role,
                "threat": {f: float(p.threat.get(f, 0.0)) for f in FRONT_LABELS},
                "available_troops": float(p.available_troops), "pledge": float(p.pledge),
                "tie_requester": None if p.code == c.requester else p.affinity_with(c.requester),
                "tie_adversary": None if c.adversary in (None, p.code) else p.affinity_with(c.adversary),
                "p_troops": stats.get("p_choice_troops"), "p_decline": stats.get("p_choice_decline"),
                "latest": latest[p.code].choice if p.code in latest else None,
            })
        return rows
