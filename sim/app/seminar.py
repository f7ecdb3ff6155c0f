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

from dataclasses import dataclass
from typing import Any

from sim.inputs.compose import compose_config, scenario_names
from sim.inputs.paths import DECISION_DIR
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model.alliance import OUTCOMES, Rule
from sim.model.model import AllianceModel, ModelSpec
from sim.runs.scenario import RunResult, run

SCENARIOS: tuple[str, ...] = scenario_names()
DECISION_CONFIGS: tuple[str, ...] = tuple(sorted(p.stem for p in DECISION_DIR.glob("*.yaml")))
RULE_NAMES: tuple[str, ...] = tuple(r.value for r in Rule)

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
}

def seminar_overrides(
    scenario: str,
    decision: str,
    rule: str,
    weights: dict[str, float] | None = None,
    commitments: dict[str, float] | None = None,
    tie_overrides: dict[str, float] | None = None,
    replications: int = 10_000,
    seed: int = 20220106,
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


class SeminarModel(AllianceModel):
    """The crisis a teacher set up: one replay per step, and the probabilities over many.

    `crisis` names a file in configs/scenario/ (the keyword `scenario` is Mesa's own). A weight
    left at None keeps the value in `configs/decision/<decision>.yaml`.
    """

    def __init__(
        self,
        crisis: str = "kazakhstan_2022",
        rule: str = "consensus",
        decision: str = "default",
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
        seed: int = 20220106,
    ) -> None:
        given = {"front": front, "regime": regime, "mandate": mandate, "cost": cost,
                 "tie_requester": tie_requester, "tie_adversary": tie_adversary,
                 "leader": leader, "trust": trust}
        weights = {k: v for k, v in given.items() if v is not None}  # None: the decision config's
        base = compose_config(["decision=" + decision])
        commitments = {base.alliance.leader: leader_committed} if base.alliance.leader and leader_committed else {}
        overrides = seminar_overrides(crisis, decision, rule, weights, commitments,
                                      replications=replications, seed=int(seed))
        if cut_ties_with_adversary:
            ties = neutral_adversary_ties(build_spec(compose_config(overrides)))
            overrides = seminar_overrides(crisis, decision, rule, weights, commitments, ties,
                                          replications=replications, seed=int(seed))
        cfg = compose_config(overrides)
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
