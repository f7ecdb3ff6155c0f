"""The model behind the seminar app: an AllianceModel built from a teacher's choices.

A teacher picks a scenario, a rule and the decision weights. `SeminarModel` turns those choices
into Hydra overrides, composes the config exactly as `python -m sim` would, and then

- runs `replications` vector lanes through the public `sim.runs.scenario.run(cfg)`: the outcome
  probabilities and each member's choice shares, what the alliance does "in general";
- is itself a single-lane AllianceModel (lanes=1): each `step()` replays the crisis once (the
  request, each member's choice with its reason, the collective outcome, the leading state's
  bilateral help and what the requester got), which is what the class sees happen. Every replay
  draws fresh noise from the members' own streams.

A member chooses one of four (decision model v2, sim.model.decision): object, political support
only, material aid, or troops; CHOICE_WORDS says each in plain words.

Nothing here changes the model: the app only chooses overrides and reads results.
"""

from __future__ import annotations

import functools
import statistics
from dataclasses import dataclass
from typing import Any

from sim.inputs.compose import compose_config, scenario_names, scenario_node
from sim.inputs.paths import DECISION_DIR
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import build_crisis, build_spec, check_coding, load_coded_evidence
from sim.model import decision as d
from sim.model.alliance import OUTCOMES, Rule
from sim.model.model import AllianceModel, ModelSpec
from sim.outputs.words import REASON_TEXT
from sim.runs.scenario import BILATERAL, BILATERAL_CODE, RunResult, run

SCENARIOS: tuple[str, ...] = scenario_names()
DECISION_CONFIGS: tuple[str, ...] = tuple(sorted(p.stem for p in DECISION_DIR.glob("*.yaml")))
RULE_NAMES: tuple[str, ...] = tuple(r.value for r in Rule)
# The CLI's defaults (configs/config.yaml: the calibrated weights, Kazakhstan 2022); the app and the
# seminar's numbers start from them, named there once. The other decision configs are labelled alternatives.
_CLI_DEFAULTS = compose_config([])
DEFAULT_DECISION: str = str(_CLI_DEFAULTS.decision.name)
DEFAULT_SCENARIO: str = str(_CLI_DEFAULTS.scenario.id)
DECISION_LABELS: dict[str, str] = {
    "calibrated": "calibrated weights (fitted to history)",
    "default": "hand-set prior weights (not fitted)",
}
RULE_LABELS: dict[str, str] = {
    "consensus": "consensus: one objection blocks collective measures",
    "majority": "majority: most members must approve",
    "leader": "leader: the leading state decides",
}
WEIGHT_LABELS: dict[str, str] = {
    "front": "the crisis's front matters",
    "regime": "regime solidarity",
    "mandate": "framed as aggression (Article 4)",
    "tie_requester": "ties with the requester",
    "tie_adversary": "ties with the adversary",
    "leader": "follow the leading state",
    "trust": "trust in the alliance",
    "credibility": "the alliance must be seen to answer",
    "cost": "cost of troops",
    "material_cost": "cost of equipment and advisers",
    "premise": "opposing the mission's premise",
    "presence": "own forces based in the requester",
    "no_lead": "no lead nation to lift the force",
    "alone": "the leading state acting alone",
}
# A member's four choices (sim.model.decision.LEVEL_NAMES), in plain words for the class.
NOT_ASKED = "not_asked"  # a member's state where no request was made: nothing was put to the Council
CHOICE_WORDS: dict[str, str] = {
    NOT_ASKED: "not asked (no request was made)",
    "object": "OBJECTS (blocks collective measures)",
    "political": "political support only (consultations, statement)",
    "material": "material aid (equipment, advisers)",
    "troops": "SENDS TROOPS",
}
# The collective outcome (sim.model.alliance.OUTCOMES): what the Collective Security Council agrees.
OUTCOME_WORDS: dict[str, str] = {
    "troops": "TROOPS: collective forces deploy",
    "partial": "PARTIAL: measures short of forces (consultations, members' equipment and advisers)",
    "none": "NONE: no collective answer",
}
# The leading state's bilateral help (sim.runs.scenario.BILATERAL), beside the collective answer.
BILATERAL_WORDS: dict[str, str] = {
    "troops": "sends its own troops",
    "material": "sends equipment and advisers on its own",
    "none": "gives nothing beyond the collective answer",
}
# What the requester got: the collective outcome or the bilateral help, the more of the two (the answer
# the historical records code).
ANSWER_WORDS: dict[str, str] = {
    "troops": "TROOPS (collective or bilateral)",
    "partial": "help short of forces",
    "none": "nothing",
}
FRONT_LABELS: dict[str, str] = {"western": "western", "southern": "southern (Central Asia)",
                                "caucasus": "Caucasus", "internal": "internal (regime security)"}
SEMINAR_SEED = 20220106  # the seed of the app and of docs/seminar.md

# Plain-language reasons for the class; the keys are sim.model.decision.REASONS.
# Short plain words for every reason (sim/outputs/words.py: the CLI table and plots use them too).
# One sentence per reason, for a reason that pushed the member towards more help and one that held
# it back (`toward_help`). The structural rules read the same either way.
REASON_HELPED: dict[str, str] = {
    "front": "the crisis is on a front that matters to it",
    "regime": "it fears the same unrest at home (regime solidarity)",
    "mandate": "the request is framed as external aggression, the treaty's mutual-defence case (Article 4)",
    "tie_requester": "it is on good terms with the requester",
    "tie_adversary": "it is hostile to the adversary",
    "leader": "it follows the leading state, which chose to help",
    "trust": "it trusts the alliance to return the favour",
    "premise": "it does not oppose what the mission is for",
    "presence": "its own forces are based in the requester: an attack there is on them too",
    "no_lead": "the lead nation was there to lift, command and supply the force",
    "alone": "acting alone cost it less than the help was worth",
    "credibility": "it was a formal request: the alliance had to be seen to answer it",
    "cost": "the troops asked of it are cheap for it",
    "material_cost": "equipment and advisers alone would cost it more than they do for the requester",
    "noise": "chance: domestic politics of the day tipped it",
    "no_mandate": ("it stopped short of troops: framed as external aggression (Article 4), the request would have "
                   "moved it further"),
    "no_regime": ("it stopped short of troops: had the crisis been internal unrest, regime solidarity would have "
                  "moved it further"),
}
REASON_DECLINED: dict[str, str] = {
    "front": "the crisis's front hardly matters to it",
    "regime": "regime solidarity does not apply",
    "mandate": "the request is not framed as external aggression",
    "tie_requester": "it is on bad terms with the requester",
    "tie_adversary": "it is on good terms with the adversary",
    "leader": "it follows the leading state, which held back",
    "trust": "it distrusts the alliance",
    "premise": ("it opposes what the mission is for (a doctrine against intervening in members' internal conflicts, "
                "or a war it refused to back)"),
    "presence": "it has no forces of its own there",
    "no_lead": "the lead nation sent no troops: nobody to lift, command and supply the force",
    "alone": "sending its own troops outside the alliance would leave it the whole burden",
    "credibility": "no formal request: the alliance's credibility was not at stake",
    "cost": "the troops asked of it are a large share of its free forces",
    "material_cost": "equipment and advisers cost it more than they would do for the requester",
    "noise": "chance: domestic politics of the day tipped it",
    "no_mandate": ("the request was not framed as external aggression; had it been (Article 4), it would have "
                   "helped more"),
    "no_regime": "the crisis was not internal unrest; regime solidarity would have moved it",
}
RULE_SENTENCE: dict[str, str] = {
    "rule:no_request": "the treaty's rule: no request for assistance, nothing before the Council",
    "rule:asked_political": "only political backing was asked: it could back the requester or refuse",
    "rule:asked_aid": "only equipment, arms or advisers were asked, so at most material aid",
    "rule:no_formal_request": "the treaty's rule: collective forces only on a formal request, so at most material aid",
    "rule:adversary_member": "members take no sides against a fellow member: words and good offices only",
    "rule:outside_area": "the treaty's rule: collective help only on members' own territory, so words only",
    "rule:no_forces": "it has no forces free, so it can at most give material aid",
}


def reason_sentence(reason: str, helped: bool) -> str:
    """The reason a member decided as it did, in plain language."""
    if reason in RULE_SENTENCE:
        return RULE_SENTENCE[reason]
    return (REASON_HELPED if helped else REASON_DECLINED).get(reason, REASON_TEXT.get(reason, reason))


def toward_help(reason: str, choice: str, contribution: float | None = None) -> bool:
    """Whether `reason` pushed the member towards more help (True) or held it back (False): a term by
    the sign of its contribution; an absent consideration held it back (except for one that stopped a
    helper short of troops); the cost of aid, for a member that sent troops, pushed it past aid."""
    if reason in d.ABSENT:
        return choice == "material"
    if reason == "material_cost":
        return choice == "troops"
    if contribution is not None and reason in d.ROW and reason != d.NOISE:
        return contribution > 0
    return choice in ("troops", "material")


def threshold_sentence(thresholds: dict[str, float], material_effect: float | None = None) -> str:
    """The two-stage choice, for the class: the objection threshold on the support score, then what
    a member that does not object gives (the troops hurdle)."""
    aid = (f"{material_effect:.0%} of its engagement (what aid does for the requester, next to troops)"
           if material_effect is not None else "what aid does for the requester")
    return (f"Each member decides in two steps. 1) Its support score: how much it cares that the requester is "
            f"helped (the front, regime solidarity, Article 4, ties, the leading state, trust), plus the "
            f"alliance's credibility on a formal request, plus chance. Below {thresholds['object']:.2f} it "
            f"OBJECTS and blocks collective measures. 2) Otherwise it chooses what to give: political support "
            f"costs nothing; material aid when {aid} outweighs the cost of equipment and advisers; troops when "
            f"its engagement, less the cost of the troops asked of it, clears the troops hurdle of "
            f"{thresholds['troops']:.2f} and beats aid.")


def score_sentence(utility: float, thresholds: dict[str, float], choice: str | None = None,
                   capped: bool = False) -> str:
    """Where one member's support score fell relative to the objection threshold, and what the
    second step made of it (`capped`: a treaty rule limited the choice)."""
    low = thresholds["object"]
    if utility < low:
        return f"support score {utility:.2f}, below the objection threshold {low:.2f}: it objects"
    if choice == "object":
        return f"support score {utility:.2f}, at or above the objection threshold {low:.2f}, but a rule decides"
    text = f"support score {utility:.2f}, at or above the objection threshold {low:.2f}: no objection"
    if choice == "troops":
        text += f"; engagement less the troop cost cleared the troops hurdle {thresholds['troops']:.2f}"
    elif choice == "material" and not capped:
        text += "; aid was worth its cost, troops did not pay"
    elif choice == "material":
        text += "; aid was worth its cost"
    elif choice == "political" and not capped:
        text += "; neither aid nor troops was worth its cost"
    return text


@functools.cache
def decision_values(decision: str) -> dict[str, Any]:
    """The weights, thresholds and rule in configs/decision/<decision>.yaml."""
    cfg = compose_config([f"decision={decision}"])
    dec = cfg.decision
    return {"weights": {k: float(dec.weights[k]) for k in d.TERMS},
            "thresholds": {k: float(v) for k, v in dec.thresholds.items()},  # object, troops
            "material_effect": float(dec.material_effect),
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


def dated_commitment(scenario: str, decision: str, member: str) -> float:
    """The share of `member`'s forces committed elsewhere on the scenario's date: the scenario's own
    value if it sets one, else the dated record (seeds/dated.yaml)."""
    cfg = compose_config(seminar_overrides(scenario, decision, decision_values(decision)["rule"]))
    given = cfg.scenario.get("commitments") or {}
    if member in given:
        return float(given[member])
    seeds = load_seeds(cfg.alliance.get("seeds_dir"))
    evidence = load_coded_evidence(seeds, check_coding(cfg.alliance))
    return float(evidence.commitment_on(member, build_crisis(cfg.scenario, seeds, evidence).date))


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
    choice: str  # object | political | material | troops (d.LEVEL_NAMES) | requester
    reason: str  # a key of REASON_TEXT ("" for the requester)
    utility: float  # the support score (stage 1 of the choice)
    troops: float
    helped_by_reason: bool = False  # the reason pushed towards more help (toward_help)

    @property
    def reason_sentence(self) -> str:
        return reason_sentence(self.reason, self.helped_by_reason)

    @property
    def capped(self) -> bool:
        """A treaty rule limited the choice."""
        return self.reason.startswith("rule:")


class SeminarModel(AllianceModel):
    """The crisis a teacher set up: one replay per step, and the probabilities over many.

    `crisis` names a file in configs/scenario/ (the keyword `scenario` is Mesa's own). A weight
    left at None keeps the value in `configs/decision/<decision>.yaml`.
    """

    def __init__(
        self,
        crisis: str = DEFAULT_SCENARIO,
        rule: str = "consensus",
        decision: str = DEFAULT_DECISION,
        front: float | None = None,
        regime: float | None = None,
        mandate: float | None = None,
        tie_requester: float | None = None,
        tie_adversary: float | None = None,
        leader: float | None = None,
        trust: float | None = None,
        credibility: float | None = None,
        cost: float | None = None,
        material_cost: float | None = None,
        premise: float | None = None,
        presence: float | None = None,
        no_lead: float | None = None,
        alone: float | None = None,
        leader_committed: float = 0.0,
        cut_ties_with_adversary: bool = False,
        replications: int = 10_000,
        seed: int = SEMINAR_SEED,
        extra: tuple[str, ...] = (),
    ) -> None:
        given = {"front": front, "regime": regime, "mandate": mandate, "tie_requester": tie_requester,
                 "tie_adversary": tie_adversary, "leader": leader, "trust": trust, "credibility": credibility,
                 "cost": cost, "material_cost": material_cost, "premise": premise, "presence": presence,
                 "no_lead": no_lead, "alone": alone}
        assert set(given) == set(d.TERMS), "one keyword per decision term (sim.model.decision.TERMS)"
        weights = {k: v for k, v in given.items() if v is not None}  # None: the decision config's
        lead_code = decision_values(decision)["leader"]  # `leader` is the leader term's weight
        commitments = {}
        if lead_code and leader_committed:
            # the slider commits a share of what the date's record leaves free, on top of it
            dated = dated_commitment(crisis, decision, lead_code)
            commitments = {lead_code: dated + float(leader_committed) * (1.0 - dated)}
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
        self.replays: list[str] = []  # the collective outcome of each replay so far
        self.replay_answers: list[str] = []  # what the requester got in each replay so far

    def step(self) -> None:
        """One replay of the crisis: request, decisions (leader first), the alliance outcome."""
        super().step()
        self.replays.append(self.outcome_name)
        self.replay_answers.append(self.answer_name)

    # -- what the app shows -------------------------------------------------------------------

    @property
    def outcome_name(self) -> str:
        """The collective outcome of the latest replay (OUTCOMES)."""
        return OUTCOMES[int(self.outcome[0])]

    @property
    def bilateral_name(self) -> str:
        """The leading state's bilateral help in the latest replay (BILATERAL: none | material | troops)."""
        return BILATERAL[BILATERAL_CODE[int(self.bilateral[0])]]

    @property
    def answer_name(self) -> str:
        """What the requester got in the latest replay (OUTCOMES): collective or bilateral, the more."""
        return OUTCOMES[int(self.answer[0])]

    def name_of(self, code: str | None) -> str:
        return {p.code: p.name for p in self.spec.profiles}.get(code or "", code or "none")

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
                choice, reason, up = "requester", "", False
            else:
                choice, reason = d.LEVEL_NAMES[int(res.level[i, 0])], d.REASONS[int(res.reason[i, 0])]
                if reason == "rule:no_request":
                    choice = NOT_ASKED  # nothing was put to it: not an objection
                term = float(res.contributions[i, d.ROW[reason], 0]) if reason in d.ROW else None
                up = toward_help(reason, choice, term)
            shown_role = "leader" if code == self.spec.leader and role == "voter" else role
            rows.append(MemberDecision(code, shown_role, choice, reason,
                                       float(res.utility[i, 0]), float(res.troops[i, 0]), up))
        rows.sort(key=lambda r: (r.role != "requester", r.role != "leader", r.code))
        return rows

    def outcome_line(self) -> str:
        """The collective outcome's probabilities over the many replications, on one line."""
        o = self.summary["outcome"]
        return (f"Over {self.summary['replications']:,} replications: troops {o['troops']:.1%} · "
                f"partial {o['partial']:.1%} · none {o['none']:.1%}")

    def bilateral_line(self) -> str:
        """How often the leading state helps on its own, beside the collective answer."""
        b = self.summary["bilateral"]
        if not b.get("by"):
            return "No leading state: no bilateral help."
        return (f"{self.name_of(b['by'])} on its own (bilateral): troops {b['troops']:.1%} · "
                f"equipment and advisers {b['material']:.1%} · nothing more {b['none']:.1%}")

    def answer_line(self) -> str:
        """What the requester got (collective or bilateral, the more of the two): what history codes."""
        a = self.summary["answer"]
        return (f"What {self.name_of(self.spec.crisis.requester)} got: troops {a['troops']:.1%} · "
                f"partial {a['partial']:.1%} · none {a['none']:.1%}")

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
                **{f"p_{name}": stats.get(f"p_choice_{name}") for name in d.LEVEL_NAMES},
                "latest": latest[p.code].choice if p.code in latest else None,
            })
        return rows
