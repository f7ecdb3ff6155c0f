"""The seminar app: a Solara page to step through one crisis with a class.

    make seminar          # http://127.0.0.1:8765

The teacher picks a scenario, the alliance rule and the decision weights in the sidebar; the
model rebuilds at once (about a second). STEP replays the crisis: the request, each member's
choice (objects, political support only, material aid, sends troops) with its reason in plain
words, the collective outcome, the leading state's bilateral help and what the requester got.
Their probabilities over many replications stay at the top of the page; below are the
step-through, a schematic map, the member panel and a short guide.

The page is built from plain Solara components around the Mesa model (`sim.app.seminar.
SeminarModel`), not with Mesa's SolaraViz: its play/render/thread controls and page tabs do
nothing for a model that is replayed one step at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt

from sim.app.geo import map_figure
from sim.app.kit import (
    MEMBER_PROVENANCE,
    crisis_provenance,
    export_csv,
    history_actions,
    provenance_line,
    trust_sentences,
)
from sim.app.seminar import (
    ANSWER_WORDS,
    BILATERAL_WORDS,
    CHOICE_WORDS,
    DECISION_CONFIGS,
    DECISION_LABELS,
    DEFAULT_DECISION,
    DEFAULT_SCENARIO,
    FRONT_LABELS,
    NOT_ASKED,
    OUTCOME_WORDS,
    RULE_LABELS,
    RULE_NAMES,
    SCENARIOS,
    SEMINAR_SEED,
    WEIGHT_LABELS,
    SeminarModel,
    decision_values,
    scenario_label,
    score_sentence,
    threshold_sentence,
    weight_ranges,
)
from sim.app.solara_setup import import_solara
from sim.model import decision as d
from sim.outputs.plots import (
    BILATERAL_COLOURS,
    BILATERAL_ORDER,
    CHOICE_COLOURS,
    CHOICE_ORDER,
)

solara = import_solara("the seminar app")
if TYPE_CHECKING:
    from solara import Reactive

REPLICATIONS = 10_000
START_SCENARIO = DEFAULT_SCENARIO
OUTCOME_COLOURS = {"troops": CHOICE_COLOURS["troops"], "partial": CHOICE_COLOURS["political"], "none": "#868e96"}
# Text on white must be readable on a projector: the plots' amber and light green are fills, too pale
# for words, so text uses darker shades of the same hues (contrast at least 4.5:1 on white).
TEXT_COLOURS = {"troops": "#2f7d32", "material": "#4a7a0a", "political": "#9c5700", "object": "#c92a2a",
                "partial": "#9c5700", "none": "#5c636a"}
DARK_ON = {"#f0a202", "#66a80f", "#868e96"}  # bar fills that need dark text (white on them is faint)
OUTCOME_ORDER = ("troops", "partial", "none")
NOT_ASKED_COLOUR = "#868e96"  # grey: no request, so no choice to show
CHOICE_HEADERS = {"troops": "sends troops", "material": "material aid", "political": "political only",
                  "object": "objects"}
CSS = """
.v-navigation-drawer { min-width: 340px !important; max-width: 360px !important; width: 360px !important; }
.seminar-line { display: block; margin-bottom: 4px; }
.seminar-small { font-size: 0.9em; }
.seminar-table { border-collapse: collapse; font-size: 0.85em; width: 100%; table-layout: auto; }
.seminar-table th, .seminar-table td { border-bottom: 1px solid #dee2e6; padding: 2px 4px; text-align: right; }
.seminar-table th { font-weight: 600; vertical-align: bottom; line-height: 1.15; }
.seminar-table-wrap { max-width: 100%; }
.seminar-trust { background: #e7f5ff; border-left: 4px solid #1c7ed6; padding: 4px 8px; margin-top: 6px;
                 font-size: 0.88em; line-height: 1.3; }
.v-select__selection { white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
                       line-height: 1.2; }
.v-list-item__title { white-space: normal !important; }
.seminar-table th:first-child, .seminar-table td:first-child { text-align: left; }
.seminar-table .front { background: #fff3bf; font-weight: bold; }
.seminar-bar { display: flex; height: 26px; border-radius: 4px; overflow: hidden; margin: 6px 0; }
.seminar-bar-thin { height: 18px; margin: 2px 0 6px 0; }
.seminar-bar-thin div { line-height: 18px !important; font-size: 0.78em !important; }
.seminar-bar div { color: white; font-weight: bold; font-size: 0.85em; line-height: 26px; padding-left: 6px;
                   white-space: nowrap; overflow: hidden; }
"""


def start_settings(crisis: str = START_SCENARIO, decision: str = DEFAULT_DECISION) -> dict[str, Any]:
    """Every sidebar value for a decision config: its rule and weights, nothing committed or cut."""
    values = decision_values(decision)
    return {"crisis": crisis, "decision": decision, "rule": values["rule"], **values["weights"],
            "leader_committed": 0.0, "cut_ties_with_adversary": False}


def line(text: str, style: dict[str, str] | None = None, small: bool = False) -> None:
    """One paragraph of text (solara.Text is an inline span; the panels read as lines)."""
    solara.Text(text, classes=["seminar-line"] + (["seminar-small"] if small else []), style=style or {})


def member_name(model: SeminarModel, code: str | None) -> str:
    names = {p.code: p.name for p in model.spec.profiles}
    return names.get(code or "", code or "none")


@solara.component
def SelectBox(label: str, value: str, items: dict[str, str], on_value: Any) -> None:
    """A select showing display names for ids."""
    solara.v.Select(label=label, v_model=value, items=[{"text": t, "value": k} for k, t in items.items()],
                    on_v_model=on_value, dense=True, hide_details=True, class_="mb-3")


@solara.component
def ValueSlider(label: str, value: float, low: float, high: float, step: float, on_value: Any,
                fmt: str = "{:.2f}") -> None:
    """A slider whose value is always shown; it reports the value when released (the model then
    rebuilds once, not at every pixel of a drag)."""
    with solara.Column(gap="0px", classes=["seminar-slider"]):
        with solara.Row(style={"justify-content": "space-between"}):
            solara.Text(label, style={"font-size": "0.9em"})
            solara.Text(fmt.format(value), style={"font-weight": "bold", "font-size": "0.9em"},
                        classes=["slider-value"])
        slider = solara.v.Slider(v_model=value, min=low, max=high, step=step, thumb_label=True, dense=True,
                                 hide_details=True, class_="mt-0 mb-1")
        solara.v.use_event(slider, "change", lambda *args: on_value(round(float(args[-1]), 4)))


@solara.component
def Sidebar(settings: Reactive[dict[str, Any]], leader: str) -> None:
    s = settings.value

    def put(**changes: Any) -> None:
        settings.set({**settings.value, **changes})

    def choose_decision(decision: str) -> None:
        # another set of weights: every slider moves to its values
        settings.set(start_settings(settings.value["crisis"], decision))

    with solara.Card("The crisis and the rule"):
        SelectBox("Scenario", s["crisis"], {k: scenario_label(k) for k in SCENARIOS}, lambda v: put(crisis=v))
        SelectBox("Alliance rule", s["rule"], {k: RULE_LABELS.get(k, k) for k in RULE_NAMES},
                  lambda v: put(rule=v))
        SelectBox("Decision weights", s["decision"], {k: DECISION_LABELS.get(k, k) for k in DECISION_CONFIGS},
                  choose_decision)
    with solara.Card("What if?", margin=0, classes=["mt-2"]):
        # a share of what the date's record leaves free (0: as on the date; 100%: nothing free)
        ValueSlider(f"{leader}: more forces tied down elsewhere", float(s["leader_committed"]), 0.0, 1.0, 0.1,
                    lambda v: put(leader_committed=v), fmt="{:.0%}")
        solara.Checkbox(label="Other members have no ties with the adversary",
                        value=bool(s["cut_ties_with_adversary"]), on_value=lambda v: put(cut_ties_with_adversary=v))
    with solara.Card("Decision weights", margin=0, classes=["mt-2"]):
        ranges = weight_ranges()
        for name in d.TERMS:
            low, high = ranges[name]
            ValueSlider(WEIGHT_LABELS[name], float(s[name]), low, high, 0.01,
                        lambda v, name=name: put(**{name: v}))
        solara.Button(f"Reset to {DEFAULT_DECISION}", icon_name="mdi-restore", outlined=True, small=True,
                      on_click=lambda: settings.set(start_settings(settings.value["crisis"], DEFAULT_DECISION)))


def probability_bar(probs: dict[str, float], order: tuple[str, ...] = OUTCOME_ORDER,
                    colours: dict[str, str] = OUTCOME_COLOURS, thin: bool = False) -> None:
    cells = "".join(
        f'<div style="width:{100 * probs[k]:.2f}%;background:{colours[k]};'
        f'color:{"#212529" if colours[k] in DARK_ON else "white"}" title="{k}">'
        f'{k} {probs[k]:.0%}</div>' for k in order if probs[k] > 0)
    solara.HTML(tag="div", unsafe_innerHTML=cells, classes=["seminar-bar"] + (["seminar-bar-thin"] if thin else []))


@solara.component
def TrustBox(model: SeminarModel, fitted: bool) -> None:
    """How far to trust the numbers above: in sample beside out of sample, or no record at all."""
    with solara.Div(classes=["seminar-trust"]):
        solara.Text("HOW FAR TO TRUST THIS: ", style={"font-weight": "bold"})
        solara.Text(" ".join(trust_sentences(model.summary, fitted)))


@solara.component
def ExportButton(model: SeminarModel, settings: dict[str, Any]) -> None:
    """The numbers on screen as a CSV (the member table and the outcome distributions, with the
    scenario, settings, seed and replications): built when clicked, not at every render."""
    def data() -> str:
        record = history_actions(model.spec.crisis.episode)
        rows = [{**r, "history": record.get(r["code"])} for r in model.member_rows()]
        return export_csv(settings, model.summary, rows)

    name = f"csto_{settings['crisis']}_seed{model.summary['seed']}.csv"
    solara.FileDownload(data, filename=name, mime_type="text/csv",
                        children=[solara.Button("Export CSV", icon_name="mdi-download", small=True, outlined=True)])


@solara.component
def OutcomeCard(model: SeminarModel, replays: int, on_step: Any, on_clear: Any, fitted: bool = True,
                settings: dict[str, Any] | None = None) -> None:
    """The alliance's answer, always at the top of the page: the collective outcome (the Council),
    the leading state's bilateral help beside it, and what the requester got (the more of the two)."""
    s = model.summary
    leader = member_name(model, model.spec.leader) if model.spec.leader else None
    requester = member_name(model, model.spec.crisis.requester)
    with solara.Card(style={"border-left": "6px solid #1c7ed6"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text("THE ALLIANCE OUTCOME", style={"font-weight": "bold", "font-size": "1.1em"})
            solara.Button("Step: replay the crisis once", color="primary", on_click=on_step, small=True)
            solara.Button("Clear replays", on_click=on_clear, small=True, outlined=True,
                          disabled=not model.replays)
            if settings is not None:
                ExportButton(model, settings)
        line(f"{model.spec.crisis.name} · {RULE_LABELS.get(model.spec.rule.value, model.spec.rule.value)} · "
             f"{DECISION_LABELS.get(str(s['decision']), s['decision'])}", small=True)
        line("Collective (the Collective Security Council):", small=True)
        line(model.outcome_line(), {"font-weight": "bold", "font-size": "1.05em"})
        probability_bar(s["outcome"])
        if leader:
            line(model.bilateral_line(), small=True)
            if s["bilateral"]["none"] < 1.0:  # a full grey bar would say nothing the line does not
                probability_bar(s["bilateral"], BILATERAL_ORDER, BILATERAL_COLOURS, thin=True)
        line(model.answer_line(), {"font-weight": "bold"}, small=True)
        probability_bar(s["answer"], thin=True)
        observed = s.get("observed_outcome")
        history = (f"In history {requester} got: {ANSWER_WORDS[observed]}." if observed
                   else "A hypothetical crisis: no history.")
        if model.decided:
            n = len(model.replays)
            bilateral = f" {leader} {BILATERAL_WORDS[model.bilateral_name]}." if leader else ""
            line(f"This replay (#{n}): {OUTCOME_WORDS[model.outcome_name]}.{bilateral} "
                 f"{requester} got {ANSWER_WORDS[model.answer_name]}.",
                 {"font-weight": "bold", "color": TEXT_COLOURS[model.answer_name]})
            seen = {k: model.replays.count(k) for k in OUTCOME_ORDER}
            got = {k: model.replay_answers.count(k) for k in OUTCOME_ORDER}
            line(f"Replays in class so far: collective troops {seen['troops']}, partial {seen['partial']}, "
                 f"none {seen['none']}; {requester} got troops {got['troops']}, partial {got['partial']}, "
                 f"none {got['none']}. {history}", small=True)
        else:
            line(f"Press STEP to watch the members decide once. {history}", small=True)
        TrustBox(model, fitted)


@solara.component
def CrisisPanel(model: SeminarModel, replays: int) -> None:
    """The step-through: the request, each member's decision with its reason, the outcome."""
    c = model.spec.crisis
    th = model.summary["thresholds"]
    with solara.Card("The crisis, step by step"):
        adversary = member_name(model, c.adversary) if c.adversary else "none (no state adversary)"
        channel = {"formal": "a formal request", "informal": "an informal request",
                   "bilateral": "a bilateral plea", "none": "no request", "political": "a plea for political backing"}
        chosen = " (its own choice)" if model.summary["crisis"].get("framing_chosen_by_requester") else ""
        # what the record says was asked (seeds/evidence/episodes.yaml `asked`); a troop number only
        # for forces, and it is an assumption (no request published one)
        asked = {"forces": f"forces ({c.troops_requested:,} troops: an assumed size)",
                 "aid": "equipment, arms and advisers", "political": "political backing and consultations",
                 "nothing": "nothing"}[c.asked]
        who = member_name(model, c.requester)
        request = (f"{who} makes no request" if c.channel == "none" or c.asked == "nothing"
                   else f"{who} asks for {asked} ({channel.get(c.channel, c.channel)})")
        line(f"1. THE REQUEST: {request}. "
             f"{c.crisis_type.replace('_', ' ').capitalize()} on the {FRONT_LABELS[c.front]} front, framed as "
             f"{c.framing.replace('_', ' ')}{chosen}; adversary: {adversary}.")
        line(f"Rule: {RULE_LABELS.get(model.spec.rule.value, model.spec.rule.value)}. Leading state: "
             f"{member_name(model, model.spec.leader) if model.spec.leader else 'none'} (it decides first, and "
             f"may also help on its own).")
        line(threshold_sentence(th, decision_values(str(model.summary["decision"]))["material_effect"]), small=True)
        weights = ", ".join(f"{k} {v:.3g}" for k, v in model.summary["weights"].items())
        line(f"Weights ({model.summary['decision']}): {weights}.", {"color": "#495057"}, small=True)
        line(provenance_line(crisis_provenance(model.spec, str(model.summary["scenario"]))),
             {"color": "#495057"}, small=True)
        changes = [f"{member_name(model, k)} has {v:.0%} of its forces committed elsewhere"
                   for k, v in model.cfg.scenario.commitments.items()]
        if model.cfg.alliance.tie_overrides:
            changes.append("the other members' ties with the adversary are set to neutral")
        if changes:
            line("What-if: " + "; ".join(changes) + ".", {"font-weight": "bold"}, small=True)
        if not model.decided:
            line("Press STEP (top) to let the members decide.", {"font-style": "italic"})
            return
        line(f"2. THE DECISIONS (replay {len(model.replays)}):", {"margin-top": "8px"})
        for r in model.decisions():
            if r.choice == "requester":
                continue
            if r.role == "adversary":
                line(f"{member_name(model, r.code)}, the adversary → takes no part in the decision.",
                     {"color": "#495057"}, small=True)
                continue
            if r.choice == NOT_ASKED:
                line(f"{member_name(model, r.code)} → {CHOICE_WORDS[NOT_ASKED]}: nothing was put to the Council.",
                     {"color": NOT_ASKED_COLOUR}, small=True)
                continue
            sent = f" ({r.troops:,.0f} troops)" if r.troops > 0 else ""
            role = {"leader": ", the leading state"}.get(r.role, "")
            line(f"{member_name(model, r.code)}{role} → {CHOICE_WORDS[r.choice]}{sent}. "
                 f"Because {r.reason_sentence}; {score_sentence(r.utility, th, r.choice, r.capped)}.",
                 {"color": TEXT_COLOURS[r.choice]}, small=True)
        line(f"3. THE COLLECTIVE OUTCOME: {OUTCOME_WORDS[model.outcome_name]}",
             {"font-weight": "bold", "margin-top": "8px"})
        if model.spec.leader and model.spec.leader != c.requester:
            line(f"4. {member_name(model, model.spec.leader).upper()} ON ITS OWN: "
                 f"{BILATERAL_WORDS[model.bilateral_name]}.", {"font-weight": "bold"})
        line(f"{'5' if model.spec.leader and model.spec.leader != c.requester else '4'}. "
             f"{member_name(model, c.requester).upper()} GOT: {ANSWER_WORDS[model.answer_name]}.",
             {"font-weight": "bold", "color": TEXT_COLOURS[model.answer_name]})


@solara.component
def MapPanel(model: SeminarModel, replays: int) -> None:
    choices = {r.code: r.choice for r in model.decisions()} if model.decided else {}
    fig = map_figure(model.spec, choices)
    plt.close(fig)
    with solara.Card("Map"):
        solara.FigureMatplotlib(fig, format="png", dpi=100)


def _tie(value: float | None) -> str:
    if value is None:
        return "–"
    word = "friendly" if value > 0.05 else "hostile" if value < -0.05 else "neutral"
    return f"{value:+.1f}<br>{word}"


def _latest(choice: str | None) -> str:
    """A member's choice in the latest replay, in a table cell's words and colour."""
    if choice is None:
        return "–"
    word = {**CHOICE_HEADERS, NOT_ASKED: "not asked"}.get(choice, choice)
    colour = NOT_ASKED_COLOUR if choice == NOT_ASKED else TEXT_COLOURS.get(choice, "inherit")
    return f'<span style="color:{colour}">{word}</span>'


@solara.component
def MemberPanel(model: SeminarModel, replays: int) -> None:
    """Who the members are: threat priority per front, forces, ties, how they decide."""
    c = model.spec.crisis
    fronts = list(FRONT_LABELS)
    crisis_fronts = {c.front} | ({"internal"} if c.crisis_type == "internal_unrest" else set())
    adversary = member_name(model, c.adversary) if c.adversary else None
    history = history_actions(c.episode)
    asked = not (c.channel == "none" or c.asked == "nothing")  # no request: no choice to count
    head = ("<tr><th>member</th><th>role</th>"
            + "".join(f'<th class="{"front" if f in crisis_fronts else ""}">{f}</th>' for f in fronts)
            + "<th>troops free</th><th>share of a deployment</th>"
            + f"<th>tie with {member_name(model, c.requester)}</th>"
            + (f"<th>tie with {adversary}</th>" if adversary else "")
            + "".join(f"<th>{CHOICE_HEADERS[k]}</th>" for k in CHOICE_ORDER) + "<th>this replay</th>"
            + ("<th>in history</th>" if history else "") + "</tr>")
    body = []

    def pct(p: float | None) -> str:
        return "–" if p is None else f"{p:.0%}"

    for row in model.member_rows():
        body.append(
            f"<tr><td>{row['name']}</td><td>{row['role']}</td>"
            + "".join(f'<td class="{"front" if f in crisis_fronts else ""}">{row["threat"][f]:.1f}</td>'
                      for f in fronts)
            + f"<td>{row['available_troops']:,.0f}</td><td>{row['pledge']:.0%}</td>"
            + f"<td>{_tie(row['tie_requester'])}</td>"
            + (f"<td>{_tie(row['tie_adversary'])}</td>" if adversary else "")
            + "".join(f"<td>{pct(row[f'p_{k}']) if asked else '–'}</td>" for k in CHOICE_ORDER)
            + f"<td>{_latest(row['latest'])}</td>"
            + (f"<td>{history.get(row['code'], '–')}</td>" if history else "") + "</tr>")
    with solara.Card("The members"):
        line("Threat priority per front (0 to 1; the crisis's front highlighted), forces free for this "
             "crisis, ties (−1 hostile to +1 friendly), and how often each member makes each choice over the "
             f"{model.summary['replications']:,} replications: sends troops, material aid (equipment, advisers), "
             "political support only (consultations, a statement), or objects (blocks collective measures).",
             small=True)
        solara.HTML(tag="table", unsafe_innerHTML=head + "".join(body), classes=["seminar-table"])
        line(provenance_line(MEMBER_PROVENANCE if history else MEMBER_PROVENANCE[:3]),
             {"color": "#495057", "margin-top": "4px"}, small=True)


GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("WHAT IS IT", (
        "A model of the Collective Security Treaty Organization (CSTO): when a member is hit by a "
        "crisis and asks for collective assistance, does the alliance send troops, agree on help short "
        "of forces (consultations, equipment, advisers) or nothing? And does Russia, the leading state, "
        "help on its own where the alliance does not?",)),
    ("HOW IT WORKS", (
        "Every other member weighs the request in two steps. First, its support score: how much the "
        "crisis's front matters to it, regime solidarity, whether the request is framed as external "
        "aggression, its ties with the requester and with the adversary, what the leading state chose, "
        "its trust in the alliance, the alliance's credibility on a formal request, plus chance. Below "
        "the objection threshold it OBJECTS (blocks collective measures). Otherwise it chooses what to "
        "give: political support only (consultations, a statement: costs nothing), material aid "
        "(equipment, advisers: worth it when it cares enough to pay for them), or troops (when its "
        "engagement, less the cost of the troops asked of it, clears the troops hurdle). Treaty rules cap "
        "the choice (no sides against a fellow member; collective forces need a formal request on "
        "members' territory).",
        "The alliance rule turns choices into the collective outcome: under consensus one objection "
        "blocks all collective measures; under leader the leading state decides; under majority most "
        "must not object. Forces deploy when measures are agreed and a member sends troops. Beside it, "
        "Russia may help on its own (bilaterally); what the requester got is the more of the two.",
        "The weights start at the calibrated values, fitted to the historical episodes of the evidence "
        "base: for those episodes the numbers are in sample (the box HOW FAR TO TRUST THIS gives the "
        "out-of-sample forecast). The hand-set prior weights (all 1) are the alternative in the select.",)),
    ("HOW TO USE IT", (
        "Pick a scenario, a rule and the weights in the sidebar: the model rebuilds at once with "
        f"{REPLICATIONS:,} replications (seed {SEMINAR_SEED}). Press STEP to replay the crisis once "
        "and read each member's decision and reason. EXPORT CSV saves the numbers on screen.",
        "A replication is one possible history: every member's idiosyncratic politics drawn afresh. "
        "\"Troops 78.9 %\" means that in 78.9 % of the replications the alliance sent troops: a share of "
        "possible histories under these inputs and weights, not a forecast of what will happen.",)),
    ("THINGS TO TRY", (
        "Commit Russia's forces elsewhere in Kazakhstan 2022: who carries the burden?",
        "Armenia, renewed incursion (a request for forces): tick 'no ties with the adversary'. How much "
        "of the refusal comes from ties? Then Armenia 2021, which asked for consultations only.",
        "Compare Kazakhstan 2022 with Kyrgyzstan 2010, then set the Article 4 weight to 0.",
        "Kyrgyzstan 2010: what did the Council agree, and what did Russia give on its own?",
        "Switch the rule from consensus to majority or leader.",)),
)


@solara.component
def GuidePanel() -> None:
    with solara.Card("Guide"):
        for heading, paragraphs in GUIDE:
            line(heading, {"font-weight": "bold", "margin-top": "6px"})
            for text in paragraphs:
                line(text, small=True)


@solara.component
def Page() -> None:
    settings = solara.use_reactive(start_settings())
    build, set_build = solara.use_state(0)  # bumped by "Clear replays": a fresh model
    _, set_steps = solara.use_state(0)  # bumped after each Step: Page re-renders
    key = tuple(sorted(settings.value.items()))
    model = solara.use_memo(lambda: SeminarModel(**settings.value, replications=REPLICATIONS,
                                                 seed=SEMINAR_SEED), dependencies=[key, build])

    def step() -> None:
        model.step()
        set_steps(lambda n: n + 1)  # a count of clicks, not of replays: a new model starts at 0 again

    steps = len(model.replays)  # the panels' prop: they re-render after each Step

    solara.Title("CSTO seminar")
    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle("CSTO seminar: does the alliance answer a request for help?")
    with solara.Sidebar():
        Sidebar(settings, member_name(model, model.spec.leader) if model.spec.leader else "The leading state")
    with solara.Column(style={"padding-bottom": "48px"}):
        fitted = settings.value == start_settings(settings.value["crisis"], DEFAULT_DECISION)
        OutcomeCard(model, steps, step, lambda: set_build(build + 1), fitted, settings.value)
        with solara.ColumnsResponsive(12, xlarge=[6, 6]):  # side by side on wide screens only
            CrisisPanel(model, steps)
            MapPanel(model, steps)
        MemberPanel(model, steps)
        GuidePanel()


page = Page  # `solara run sim/app/app.py` serves the module's Page
