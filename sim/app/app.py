"""The seminar app: a Mesa SolaraViz page to step through one crisis with a class.

    make seminar          # http://127.0.0.1:8765

The teacher picks a scenario, the alliance rule and the decision weights in the sidebar, presses
Reset to build the crisis, and Step to replay it: the request, each member's decision with its
reason, the alliance outcome. Beside it: the members as a network, the outcome probabilities
over many replications, and a short guide. This file is the visual front end and nothing else;
the model behind it is `sim.app.seminar.SeminarModel`.
"""

from __future__ import annotations

import logging
import os

import matplotlib.pyplot as plt
import solara
from mesa.visualization import SolaraViz
from mesa.visualization.user_param import Slider
from mesa.visualization.utils import update_counter

from sim.app.seminar import (
    DECISION_CONFIGS,
    RULE_NAMES,
    SCENARIOS,
    SeminarModel,
    compose_config,
)
from sim.outputs import plots
from sim.outputs.network import network_figure

logging.getLogger("MESA").setLevel(logging.WARNING)

# Which decision weights the sliders start from: `SEMINAR_DECISION=calibrated make seminar`.
DECISION = os.environ.get("SEMINAR_DECISION", "default")
if DECISION not in DECISION_CONFIGS:
    raise SystemExit(f"SEMINAR_DECISION = {DECISION!r}: allowed: {', '.join(DECISION_CONFIGS)}")
START = compose_config([f"decision={DECISION}"])
WEIGHT_LABELS = {
    "front": "weight: the crisis's front matters",
    "regime": "weight: regime solidarity",
    "mandate": "weight: framed as aggression",
    "cost": "weight: cost of troops",
    "tie_requester": "weight: ties with the requester",
    "tie_adversary": "weight: ties with the adversary",
    "leader": "weight: follow the leading state",
    "trust": "weight: trust in the alliance",
}

model_params = {
    "crisis": {"type": "Select", "value": "kazakhstan_2022", "values": list(SCENARIOS), "label": "Scenario"},
    "rule": {"type": "Select", "value": str(START.decision.rule.value), "values": list(RULE_NAMES),
             "label": "Alliance rule"},
    **{name: Slider(label, value=float(START.decision.weights[name]), min=0.0, max=3.0, step=0.1)
       for name, label in WEIGHT_LABELS.items()},
    "leader_committed": Slider(f"{START.alliance.leader} committed elsewhere",
                               value=0.0, min=0.0, max=1.0, step=0.1),
    "cut_ties_with_adversary": {"type": "Checkbox", "value": False,
                                "label": "Other members have no ties with the adversary"},
    "decision": DECISION,
    "seed": int(START.seed),
    "replications": 10_000,
}

CHOICE_MARK = {"troops": "TROOPS", "partial": "partial help", "decline": "DECLINES"}


CARD_STYLE = {"height": "100%", "overflow": "auto"}  # Mesa's grid gives each panel a fixed height


def line(text: str, style: dict[str, str] | None = None) -> None:
    """One paragraph of text (solara.Text is an inline span; the panels read as lines)."""
    solara.Text(text, style={"display": "block", "margin-bottom": "4px", **(style or {})})


@solara.component
def CrisisPanel(model: SeminarModel) -> None:
    """The step-through: the request, each member's decision with its reason, the outcome."""
    update_counter.get()  # re-render after every Step
    c = model.spec.crisis
    with solara.Card("The crisis, step by step", style=CARD_STYLE):
        line(c.name, {"font-weight": "bold"})
        adversary = c.adversary or "none (no state adversary)"
        line(f"1. THE REQUEST: {c.requester} asks the alliance for {c.troops_requested:,} troops. "
             f"{c.crisis_type.replace('_', ' ')}, {c.front} front, framed as "
             f"{c.framing.replace('_', ' ')}; adversary: {adversary}.")
        line(f"Rule: {model.spec.rule.value}; leading state: {model.spec.leader or 'none'}.")
        weights = ", ".join(f"{k} {v:g}" for k, v in model.summary["weights"].items())
        line(f"Weights ({model.summary['decision']}): {weights}.", {"font-size": "0.85em"})
        changes = [f"{k} committed elsewhere {v:.0%}" for k, v in model.cfg.scenario.commitments.items()]
        if model.cfg.alliance.tie_overrides:
            changes.append("other members' ties with the adversary set to 0")
        if changes:
            line("What-if: " + "; ".join(changes) + ".", {"font-size": "0.85em"})
        if not model.decided:
            line("Press Step to let the members decide.", {"font-style": "italic"})
            return
        line(f"2. THE DECISIONS (replay {len(model.replays)}; the leading state moves first):",
             {"margin-top": "8px"})
        for r in model.decisions():
            if r.choice == "requester":
                continue
            sent = f", {r.troops:,.0f} troops" if r.troops > 0 else ""
            line(f"{r.code} ({r.role}) → {CHOICE_MARK[r.choice]}{sent}. Why: {r.reason_text} "
                 f"(utility {r.utility:+.2f})", {"font-size": "0.85em", "margin-bottom": "2px"})
        line(f"3. THE ALLIANCE OUTCOME: {model.outcome_name.upper()}",
             {"font-weight": "bold", "margin-top": "8px"})
        observed = model.summary.get("observed_outcome")
        if observed:
            line(f"(In history the outcome was: {observed}.)")


@solara.component
def NetworkPanel(model: SeminarModel) -> None:
    """The members as a network: ties by affinity, members by their latest decision."""
    update_counter.get()  # re-render after every Step
    choices = {r.code: r.choice for r in model.decisions()} if model.decided else {}
    fig = network_figure(model.spec, choices, title=f"{model.spec.crisis.requester} asks for help")
    fig.set_size_inches(5.0, 3.8)
    plt.close(fig)
    with solara.Card(style=CARD_STYLE):
        solara.FigureMatplotlib(fig, format="png")


@solara.component
def OutcomePanel(model: SeminarModel) -> None:
    """The outcome probabilities over many replications, and the replays seen so far."""
    update_counter.get()  # re-render after every Step
    with solara.Card("Outcome probabilities", style=CARD_STYLE):
        line(model.outcome_line(), {"font-weight": "bold"})
        if model.replays:
            seen = {k: model.replays.count(k) for k in ("troops", "partial", "none")}
            line(f"Replays in class so far ({len(model.replays)}): troops {seen['troops']}, "
                        f"partial {seen['partial']}, none {seen['none']}")
        fig = plots.outcome_figure(model.summary)
        fig.set_size_inches(5.0, 2.7)
        plt.close(fig)
        solara.FigureMatplotlib(fig, format="png")


GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("WHAT IS IT", (
        "A model of the Collective Security Treaty Organization (CSTO): when a member is hit by a "
        "crisis and asks for collective assistance, does the alliance send troops, offer partial "
        "help (consultations, equipment, advisers) or nothing?",)),
    ("HOW IT WORKS", (
        "Every other member weighs the request: how much the crisis's front matters to it, regime "
        "solidarity, whether the request is framed as external aggression, the cost of the troops "
        "asked of it, its ties with the requester and with the adversary, what the leading state "
        "chose, and its trust in the alliance, plus chance. The weighted sum decides: troops, "
        "partial help, or decline. Treaty rules cap the choice (a member cannot fight itself; help "
        "needs a request on members' territory).",
        "The alliance rule turns choices into an outcome: under consensus one objection blocks "
        "forces; under leader the leading state decides; under majority most must approve.",)),
    ("HOW TO USE IT", (
        "Pick a scenario, a rule and the weights in the sidebar, then press Reset to build the "
        "crisis. Press Step to replay it once and read each member's decision and reason. The "
        "bars show the probabilities over 10,000 replications.",)),
    ("THINGS TO NOTICE", (
        "Which member's objection blocks the alliance under consensus? Does the history (the "
        "black-edged bar) look likely or surprising under these weights?",)),
    ("THINGS TO TRY", (
        "Commit the leading state's forces elsewhere (slider) in Kazakhstan 2022: who carries the "
        "burden, and does the outcome change?",
        "Armenia 2021: tick 'no ties with the adversary'. How much of the failure came from the "
        "members' ties with Azerbaijan?",
        "Compare Kazakhstan 2022 with Kyrgyzstan 2010, then set the mandate weight to 0. Why does "
        "the framing matter?",
        "Switch the rule from consensus to majority or leader.",)),
)


@solara.component
def GuidePanel(model: SeminarModel) -> None:
    """A NetLogo-style Info tab for the class."""
    with solara.Card("Guide", style=CARD_STYLE):
        for heading, paragraphs in GUIDE:
            line(heading, {"font-weight": "bold", "margin-top": "6px"})
            for text in paragraphs:
                line(text)


def initial_values() -> dict[str, object]:
    """The values the sidebar starts from: the first model must match what Reset would build."""
    return {k: v.value if isinstance(v, Slider) else v["value"] if isinstance(v, dict) else v
            for k, v in model_params.items()}


model = SeminarModel(**initial_values())
page = SolaraViz(
    model,
    components=[(CrisisPanel, 0), (OutcomePanel, 0), (NetworkPanel, 0), (GuidePanel, 0)],
    model_params=model_params,
    name="CSTO seminar: does the alliance answer a request for help?",
)
page  # noqa: B018 - solara serves the module's `page`
