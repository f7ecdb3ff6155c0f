"""The role-play page (docs/roleplay.md): the class takes the members' seats.

    make roleplay                   # http://127.0.0.1:8766, in turns at the projector
    make roleplay HOST=0.0.0.0      # on the classroom network: students join with a code

One server, one `Session` (sim/app/roleplay.py) shared by every browser session: a module-level
object, not a Solara reactive (those are per browser). Each open page polls the session's
version and redraws when a seat has chosen or a round has closed.

Views:
- the lecturer's (the root page; on the network only with `?lecturer=<key>`, the key the
  Makefile prints in the terminal): the crisis, the join code, a seat picker with each seat's
  brief and choice buttons (for turns at the projector), "Close round" and the debrief: the class's
  answer beside the model's distribution and the record, member by member;
- a seat's (`?seat=<ISO3>&code=<code>`, or the join form a student's device shows): its brief and
  its choice buttons, one choice per round.
Every submission goes through `Session.submit`, which refuses anything but a valid choice.
"""

from __future__ import annotations

import html
import os
import secrets
import sys
import threading
import urllib.parse
from typing import Any, cast

from sim.app.roleplay import (
    ABSENT,
    CHOICE_LABELS,
    CHOICES,
    ROLEPLAY_REPLICATIONS,
    Round,
    Seat,
    Session,
    playable_scenarios,
)
from sim.app.seminar import DEFAULT_SCENARIO, OUTCOME_WORDS, RULE_LABELS, scenario_label
from sim.app.solara_setup import import_solara
from sim.errors import InputError

solara = import_solara("the role-play app")

LOOPBACK = ("127.0.0.1", "localhost", "::1")
HOST = os.environ.get("ROLEPLAY_HOST", "127.0.0.1")
NETWORK = HOST not in LOOPBACK  # the lecturer asked for the classroom network
START_SCENARIO = os.environ.get("ROLEPLAY_SCENARIO", DEFAULT_SCENARIO)
CSV_PATH = os.environ.get("ROLEPLAY_CSV") or None  # default: outputs/roleplay/<date_time>/rounds.csv
_reps = os.environ.get("ROLEPLAY_REPLICATIONS", str(ROLEPLAY_REPLICATIONS))
if not _reps.isdigit() or int(_reps) < 1:
    raise InputError("ROLEPLAY_REPLICATIONS", _reps, "a whole number >= 1")
REPLICATIONS = int(_reps)
# On the network the lecturer's controls need this key (the Makefile makes one and prints the URL).
LECTURER_KEY = os.environ.get("ROLEPLAY_LECTURER_KEY") or secrets.token_urlsafe(9)
if NETWORK and not os.environ.get("ROLEPLAY_LECTURER_KEY"):
    print(f"Role-play lecturer's screen: http://127.0.0.1:<port>/?lecturer={LECTURER_KEY}", file=sys.stderr)
POLL_S = 0.5  # how often an open page looks for the class's news
CHOICE_COLOURS = {"object": "#c92a2a", "political": "#1864ab", "material": "#b35c00", "troops": "#2b8a3e",
                  ABSENT: "#868e96"}
OUTCOME_COLOURS = {"troops": "#2b8a3e", "partial": "#1864ab", "none": "#868e96"}
PROVENANCE_COLOURS = {"sourced": "#2b8a3e", "evidence": "#1864ab", "assumed": "#868e96"}
CSS = """
.rp-line { display: block; margin-bottom: 2px; }
@media (min-width: 1600px) { .rp-root { font-size: 1.2em; } .rp-root .v-btn { font-size: 1em !important; } }
.rp-small { font-size: 0.85em; color: #343a40; }
.rp-brief { border-collapse: collapse; font-size: 0.85em; width: 100%; }
.rp-brief td { border-bottom: 1px solid #dee2e6; padding: 2px 4px; vertical-align: top; }
.rp-brief td.v { white-space: nowrap; font-weight: bold; }
.rp-tag { color: white; border-radius: 3px; padding: 0 4px; font-size: 0.8em; white-space: nowrap; }
.rp-code { font-size: 1.6em; font-weight: bold; letter-spacing: 0.15em; }
.rp-answer { color: white; font-weight: bold; border-radius: 4px; padding: 4px 8px; display: inline-block; }
.rp-choices .v-btn { text-transform: none !important; letter-spacing: 0 !important; }
"""

_session: Session | None = None
_session_lock = threading.Lock()


def session() -> Session:
    """The server's one Session, made on the first page load (the model runs once, about a second)."""
    global _session
    with _session_lock:
        if _session is None:
            _session = Session(START_SCENARIO, network=NETWORK, csv_path=CSV_PATH, replications=REPLICATIONS)
        return _session


BOX = {"padding": "6px 8px", "background": "white", "border": "1px solid #dee2e6", "border-radius": "4px"}


def heading(text: str) -> None:
    solara.Text(text, style={"font-size": "1.15em", "font-weight": "bold"}, classes=["rp-line"])


def line(text: str, small: bool = False, style: dict[str, str] | None = None) -> None:
    solara.Text(text, classes=["rp-line"] + (["rp-small"] if small else []), style=style or {})


def use_news(s: Session) -> int:
    """Redraw when the shared session changes (another browser chose, the lecturer closed a round)."""
    version, set_version = solara.use_state(s.version)

    def poll(cancel: threading.Event) -> None:
        seen = s.version
        while not cancel.wait(POLL_S):
            if s.version != seen:
                seen = s.version
                set_version(seen)

    solara.use_thread(poll, dependencies=[id(s)], intrusive_cancel=False)
    return version


def query() -> dict[str, str]:
    """The page's query parameters (?seat=KGZ&code=ABC123), first value of each."""
    search = solara.use_router().search or ""
    return {k: v[0] for k, v in urllib.parse.parse_qs(search.lstrip("?")).items() if v}


def brief_html(seat: Seat) -> str:
    """The seat's brief as a compact table: item, value, where it comes from (the note on hover)."""
    rows = []
    for item in seat.brief:
        tag = (f'<span class="rp-tag" style="background:{PROVENANCE_COLOURS[item.provenance]}" '
               f'title="{html.escape(item.note)}">{html.escape(item.provenance)}</span>')
        rows.append(f"<tr><td>{html.escape(item.label)}</td><td class='v'>{html.escape(item.value)}</td>"
                    f"<td>{tag}</td></tr>")
    return f"<table class='rp-brief'>{''.join(rows)}</table>"


@solara.component
def ChoiceButtons(s: Session, seat: Seat, code: str | None, version: int) -> None:
    """The four choices; those the treaty's rules rule out are greyed; one choice per round."""
    message, set_message = solara.use_state("")
    chosen = s.current.choices.get(seat.code)

    def pick(choice: str) -> None:
        try:
            s.submit(seat.code, choice, code)
            set_message("")
        except InputError as err:
            set_message(f"Refused: {err}")

    with solara.Row(classes=["rp-choices"], gap="6px", style={"flex-wrap": "wrap"}):
        for choice in CHOICES:
            solara.Button(CHOICE_LABELS[choice], on_click=lambda c=choice: pick(c),
                          disabled=chosen is not None or choice not in seat.allowed,
                          color=CHOICE_COLOURS[choice] if choice in seat.allowed and chosen is None else None,
                          dark=choice in seat.allowed and chosen is None, small=True)
    if seat.limit:
        line(f"The treaty's rule: {seat.limit}.", small=True)
    if chosen is not None:
        line(f"{seat.name} chose in round {s.current.number}: {CHOICE_LABELS[chosen]}. "
             "Waiting for the lecturer to close the round.", style={"font-weight": "bold"})
    if message:
        line(message, style={"color": "#c92a2a", "font-weight": "bold"})


@solara.component
def SeatPanel(s: Session, seat: Seat, code: str | None, version: int, crisis_line: bool = True) -> None:
    """One seat's card: who it is, the crisis, the choice buttons, then its brief."""
    role = " (the leading state)" if seat.leading else ""
    with solara.Column(gap="2px", style=BOX):
        heading(f"{seat.name}{role}: round {s.current.number}")
        if crisis_line:
            line(f"{s.title}. {s.request_line()}", small=True)
        ChoiceButtons(s, seat, code, version)
        line("Your brief on the date. Sourced: the source texts; evidence: the coded records; assumed: no "
             "source (hover a tag for its note).", small=True, style={"margin-top": "4px"})
        solara.HTML(tag="div", unsafe_innerHTML=brief_html(seat))


def answer_badge(answer: str) -> str:
    return (f'<span class="rp-answer" style="background:{OUTCOME_COLOURS.get(answer, "#868e96")}">'
            f"{html.escape(OUTCOME_WORDS.get(answer, answer))}</span>")


@solara.component
def Debrief(s: Session, rnd: Round, version: int) -> None:
    """A closed round: the class's answer, the model's distribution, the record; member by member."""
    with solara.Column(gap="2px", style=BOX):
        solara.HTML(tag="div", unsafe_innerHTML=(
            f"<span style='font-size:1.15em;font-weight:bold'>Round {rnd.number}: the Council's answer to the "
            f"class</span> {answer_badge(str(rnd.answer))}"))
        line(f"The model, same seats ({s.replications:,} replications, calibrated weights): {s.model_line()}. "
             f"{s.got_line()}.", small=True)
        line(f"The record: {s.record_line()}", style={"font-weight": "bold", "margin-top": "2px"})
        if s.record_detail:
            line(s.record_detail, small=True, style={"font-size": "0.8em"})
        rows = []
        for code, seat in s.seats.items():
            choice = rnd.choices.get(code, ABSENT)
            modal = max(seat.model_shares, key=lambda c: seat.model_shares[c])
            rows.append(f"<tr><td>{html.escape(seat.name)}</td>"
                        f"<td style='color:{CHOICE_COLOURS[choice]};font-weight:bold'>{html.escape(choice)}</td>"
                        f"<td class='v'>{html.escape(modal)} {seat.model_shares[modal]:.0%}</td>"
                        f"<td>{html.escape(seat.model_reason)}</td></tr>")
        head = "<tr><td><b>State</b></td><td><b>Class</b></td><td><b>Model</b></td><td><b>Model's reason</b></td></tr>"
        solara.HTML(tag="div", unsafe_innerHTML=f"<table class='rp-brief rp-debrief'>{head}{''.join(rows)}</table>")
        line(f"Saved: {s.csv_path}", small=True)


@solara.component
def LecturerBar(s: Session, version: int) -> None:
    """The crisis, the rule, the round's progress, the join code and the lecturer's buttons."""
    message, set_message = solara.use_state("")
    busy, set_busy = solara.use_state(False)

    def choose(name: str) -> None:
        set_busy(True)
        try:
            s.start(name)
            set_message("")
        except InputError as err:
            set_message(f"Refused: {err}")
        finally:
            set_busy(False)

    def close() -> None:
        try:
            s.close_round()
            set_message("")
        except InputError as err:
            set_message(f"Refused: {err}")

    with solara.Column(gap="2px", style=BOX):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, gap="12px"):
            solara.v.Select(label="Crisis", v_model=s.scenario, dense=True, hide_details=True,
                            items=[{"text": scenario_label(k), "value": k} for k in playable_scenarios()],
                            on_v_model=choose, style_="flex: 1 1 560px; min-width: 560px; max-width: 720px")
            solara.Text(f"Round {s.current.number}", style={"font-weight": "bold"})
            solara.Button("Close round", on_click=close, color="primary", disabled=busy)
            if s.network:
                solara.HTML(tag="span", unsafe_innerHTML=f"Join code: <span class='rp-code'>{s.code}</span>")
        chosen = [seat.name for c, seat in s.seats.items() if c in s.current.choices]
        waiting = [s.seats[c].name for c in s.waiting_for()]
        line(f"{s.request_line()} Rule: {RULE_LABELS.get(s.rule.value, s.rule.value)}. "
             f"Chosen: {', '.join(chosen) or 'nobody yet'} · waiting for: {', '.join(waiting) or 'nobody'}.",
             small=True)
        if message:
            line(message, style={"color": "#c92a2a", "font-weight": "bold"})


@solara.component
def LecturerView(s: Session) -> None:
    version = use_news(s)
    picked, set_picked = solara.use_state(next(iter(s.seats)))
    if picked not in s.seats:  # another crisis: other seats
        picked = next(iter(s.seats))
    with solara.Column(gap="6px", style={"padding": "6px"}, classes=["rp-root"]):
        LecturerBar(s, version)
        with solara.Columns([6, 6], gutters_dense=True):
            with solara.Column(gap="4px"):
                with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
                    for code, seat in s.seats.items():
                        mark = " ✓" if code in s.current.choices else ""
                        solara.Button(seat.name + mark, on_click=lambda c=code: set_picked(c), small=True,
                                      outlined=code != picked, color="primary")
                SeatPanel(s, s.seats[picked], s.code, version, crisis_line=False)
            with solara.Column(gap="4px"):
                last = s.last_closed
                if last is not None and last.number < s.current.number:
                    Debrief(s, last, version)
                else:
                    with solara.Column(gap="2px", style=BOX):
                        heading("The debrief")
                        line("Close the round to see the Council's answer to the class's choices, beside the "
                             "model's distribution for the same seats and the historical record.", small=True)


@solara.component
def JoinForm(s: Session, on_join: Any) -> None:
    """A student's device on the network: pick the seat, type the code on the lecturer's screen."""
    seat, set_seat = solara.use_state(next(iter(s.seats)))
    code, set_code = solara.use_state("")
    with solara.Card("Join the role-play", style={"max-width": "560px"}):
        line(s.title, style={"margin-bottom": "16px"})
        solara.v.Select(label="Your state", v_model=seat, dense=True, hide_details=True,
                        items=[{"text": x.name, "value": c} for c, x in s.seats.items()], on_v_model=set_seat)
        solara.InputText("Join code (on the lecturer's screen)", value=code, on_value=set_code,
                         continuous_update=True)
        solara.Button("Join", on_click=lambda: on_join(seat, code), color="primary")


@solara.component
def SeatView(s: Session, seat_code: str, code: str | None, on_leave: Any = None) -> None:
    version = use_news(s)
    refusal = ""
    if seat_code not in s.seats:
        names = ", ".join(x.name for x in s.seats.values())
        refusal = f"Refused: no seat '{seat_code}' in this crisis; the seats are {names}."
    else:
        try:
            s.check_code(code)
        except InputError as err:
            refusal = f"Refused: {err}"
    if refusal:
        with solara.Column(style={"padding": "12px"}):
            line(refusal, style={"color": "#c92a2a", "font-weight": "bold"})
            if on_leave is not None:
                solara.Button("Back to the join form", on_click=on_leave)
        return
    with solara.Column(gap="6px", style={"padding": "6px"}, classes=["rp-root"]):
        with solara.Columns([6, 6], gutters_dense=True):
            SeatPanel(s, s.seats[seat_code], code, version)
            last = s.last_closed
            if last is not None:
                Debrief(s, last, version)


@solara.component
def Page() -> None:
    s = session()
    params = query()
    joined, set_joined = solara.use_state(cast(tuple[str, str | None] | None, None))  # (seat, code) from the join form
    solara.Title("CSTO role-play")
    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle("CSTO role-play: the class takes the members' seats")
    if "seat" in params or joined is not None:
        seat, code = joined or (params["seat"], params.get("code"))
        SeatView(s, seat.upper(), code, (lambda: set_joined(None)) if joined is not None else None)
    elif not NETWORK or secrets.compare_digest(params.get("lecturer", ""), LECTURER_KEY):
        LecturerView(s)
    else:
        JoinForm(s, lambda seat, code: set_joined((seat, code)))


page = Page  # `solara run sim/app/roleplay_app.py` serves the module's Page
