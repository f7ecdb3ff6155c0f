"""Role-play seminar (docs/roleplay.md): the class takes the members' seats, the Council rule turns
their choices into the alliance's answer, shown beside the model's distribution and the record.

Anchor: NetLogo's HubNet participatory simulations. Pure code, no UI (sim/app/roleplay_app.py is
the page): a `Session` holds one crisis, its seats (the voting members: the requester asks, an
adversary member is a party, neither votes), the join code, the open round and the saved rows.

- The model's side comes from the seminar's `SeminarModel` (the CLI's calibrated config and the
  scenario's rule): the outcome probabilities, each member's choice shares and leading reason.
- The class's side goes through the model's own Council (sim.model.alliance `agreed`,
  `forces_deploy`, `outcome_codes`), so the class and the model are judged by one rule.
- A seat may choose only what the treaty's rules allow it on this crisis (sim.model.crisis
  `rule_cap`, `rule_floor`): the same caps the model's members obey.
- Submissions are validated here, whatever the page does: a valid seat, one of its allowed
  choices, the right code on the network, one choice per seat per round. Anything else raises
  `InputError` with a one-line message, and nothing is recorded.
- Each closed round appends one row per seat to a CSV (pandas), rewritten whole each time.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.app.roleplay_brief import BriefBuilder, BriefItem, day
from sim.app.seminar import (
    ANSWER_WORDS,
    DEFAULT_DECISION,
    RULE_SENTENCE,
    SCENARIOS,
    SEMINAR_SEED,
    SeminarModel,
    decision_values,
    reason_sentence,
    scenario_label,
    toward_help,
)
from sim.errors import InputError, one_of
from sim.inputs.compose import compose_config, scenario_node
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import build_crisis, check_coding, load_coded_evidence
from sim.model import decision as d
from sim.model.alliance import OUTCOMES, REPORT_ORDER, Rule, agreed, forces_deploy, outcome_codes
from sim.model.crisis import AllianceState, rule_cap, rule_floor
from sim.model.model import ModelSpec
from sim.runs.atomic import atomic_write

CHOICES: tuple[str, ...] = d.LEVEL_NAMES  # object, political, material, troops
CHOICE_LABELS: dict[str, str] = {  # the buttons' words
    "object": "Object (block)",
    "political": "Political support only",
    "material": "Material aid",
    "troops": "Send troops",
}
ABSENT = "absent"  # a seat that had not chosen when the round closed: neither votes nor sends
HYPOTHETICAL = "hypothetical"  # the record's entry for a scenario without an episode
# Join codes: letters and digits a class cannot confuse (no 0/O, 1/I/L), long enough not to be guessed
# during a seminar, short enough to read off a projector.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
ROLEPLAY_REPLICATIONS = 10_000  # the model's distribution: as many replications as the seminar app
CSV_COLUMNS: tuple[str, ...] = (
    "round", "scenario", "seat", "seat_name", "choice", "rule", "class_answer",
    "model_p_troops", "model_p_partial", "model_p_none",
    "model_got_troops", "model_got_partial", "model_got_none",
    "model_seat_object", "model_seat_political", "model_seat_material", "model_seat_troops",
    "model_reason", "historical_record", "timestamp",
)


def default_csv_path(now: dt.datetime | None = None) -> Path:
    """outputs/roleplay/<date_time>/rounds.csv under the working directory (the project's root for `make`)."""
    return Path("outputs") / "roleplay" / f"{(now or dt.datetime.now()):%Y-%m-%d_%H-%M-%S}" / "rounds.csv"


def new_join_code() -> str:
    """A fresh random join code (secrets: not predictable from earlier codes)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def council_answer(choices: dict[str, str], seats: list[str], rule: Rule, leader: str | None,
                   majority_share: float, min_contributors: int, formal_request: bool) -> str:
    """The Collective Security Council's answer (OUTCOMES name) to the seats' choices: the model's
    own functions on one lane. A seat missing from `choices` (or ABSENT) takes no part."""
    levels = np.array([[CHOICES.index(choices[s]) if choices.get(s, ABSENT) in CHOICES else d.OBJECT]
                       for s in seats], dtype=np.int8).reshape(len(seats), 1)
    present = np.array([[choices.get(s, ABSENT) in CHOICES] for s in seats], dtype=bool).reshape(len(seats), 1)
    here = None if bool(present.all()) else present
    leader_row = seats.index(leader) if leader in seats else None
    measures = agreed(levels, rule, leader_row, majority_share, here)
    deploy = forces_deploy(levels, rule, leader_row, majority_share, here, min_contributors, measures)
    return OUTCOMES[int(outcome_codes(levels, deploy, measures, formal_request, here)[0])]


def seat_range(spec: ModelSpec, code: str) -> tuple[tuple[str, ...], str | None]:
    """The choices the treaty's rules leave a seat on this crisis, and the rule that limits them."""
    profile = next(p for p in spec.profiles if p.code == code)
    cap, rule = rule_cap(spec.crisis, spec.state, code, profile.available_troops)
    floor = rule_floor(spec.crisis, code)
    return CHOICES[floor:cap + 1], rule


def voting_seats(spec: ModelSpec) -> list[str]:
    """The members that vote on this crisis (not the requester, not a member adversary)."""
    return [p.code for p in spec.profiles if p.code not in (spec.crisis.requester, spec.crisis.adversary)]


_PLAYABLE: list[str] = []


def playable_scenarios() -> list[str]:
    """The scenarios in which the Council has something to decide: a request was made, so a bystander
    has more than one choice (rule_cap, rule_floor: a crisis without a request puts nothing before it;
    where two members fight, the others can only offer good offices)."""
    if not _PLAYABLE:
        cfg = compose_config([])
        seeds = load_seeds(cfg.alliance.get("seeds_dir"))
        evidence = load_coded_evidence(seeds, check_coding(cfg.alliance))
        for name in SCENARIOS:
            crisis = build_crisis(scenario_node(name), seeds, evidence)
            facts = seeds.alliance.state_at(crisis.date)
            state = AllianceState(facts.get("treaty_in_force", False), facts.get("organisation", False), False)
            if rule_cap(crisis, state, "", 1.0)[0] > rule_floor(crisis, ""):  # "": a bystander, neither party
                _PLAYABLE.append(name)
    return list(_PLAYABLE)


@dataclass(frozen=True)
class Seat:
    """One member's seat: who it is, what it may choose, its brief and what the model says of it."""

    code: str
    name: str
    leading: bool
    allowed: tuple[str, ...]
    limit: str  # the treaty's rule that limits the choice, in words ("" when none binds)
    brief: tuple[BriefItem, ...]
    model_shares: dict[str, float]  # choice -> share of the model's replications
    model_reason: str  # the model's leading reason for this member, in plain words


@dataclass
class Round:
    """One round of choices; `answer` is set when the lecturer closes it."""

    number: int
    choices: dict[str, str] = field(default_factory=dict)
    answer: str | None = None
    closed_at: str | None = None


class Session:
    """The role-play of one server: the crisis in play, the seats, the rounds, the CSV.

    `network=True` (the lecturer asked for the classroom network) issues a join code that every
    submission must carry; on 127.0.0.1 (turns at the projector) no code is needed. One lock
    guards every change: the page's browser sessions share this object.
    """

    def __init__(self, scenario: str, network: bool = False, csv_path: str | Path | None = None,
                 rule: str | None = None, replications: int = ROLEPLAY_REPLICATIONS,
                 seed: int = SEMINAR_SEED) -> None:
        self.network = bool(network)
        self.code: str | None = new_join_code() if self.network else None
        self.csv_path = Path(csv_path) if csv_path else default_csv_path()
        self.replications = int(replications)
        self.seed = int(seed)
        self.rows: list[dict[str, Any]] = []
        self.rounds: list[Round] = []
        self.version = 0  # bumped on every change, so each open page knows to redraw
        self._lock = threading.RLock()
        self.start(scenario, rule)

    # -- the crisis ------------------------------------------------------------------------------

    def start(self, scenario: str, rule: str | None = None) -> None:
        """Play `scenario` (a file in configs/scenario/) from a fresh round: the open round's choices
        are dropped (they were for another crisis), saved rounds and rows stay."""
        if scenario not in SCENARIOS:
            raise InputError("scenario", scenario, one_of(SCENARIOS))
        rule = rule or decision_values(DEFAULT_DECISION)["rule"]
        if rule not in {r.value for r in Rule}:
            raise InputError("rule", rule, one_of(r.value for r in Rule))
        model = SeminarModel(crisis=scenario, rule=rule, decision=DEFAULT_DECISION,
                             replications=self.replications, seed=self.seed)
        with self._lock:
            self.scenario = scenario
            self.model = model
            self.spec: ModelSpec = model.spec
            self.summary = model.summary
            self.record, self.record_detail = self._record(model)
            briefs = BriefBuilder(self.spec, model.cfg.alliance, model.cfg.alliance.get("seeds_dir"))
            self.name_of = briefs.name
            self.seats: dict[str, Seat] = {code: self._seat(code, briefs) for code in voting_seats(self.spec)}
            if self.rounds and self.rounds[-1].answer is None:
                self.rounds.pop()  # an open round's choices were for the other crisis
            self.rounds.append(Round(len(self.rounds) + 1))
            self.version += 1

    def _seat(self, code: str, briefs: BriefBuilder) -> Seat:
        allowed, limit = seat_range(self.spec, code)
        stats = self.summary["members"][code]
        shares = {c: float(stats.get(f"p_choice_{c}", 0.0)) for c in CHOICES}
        modal = max(shares, key=lambda c: shares[c])
        reason = str(stats["leading_reason"])
        return Seat(code, briefs.name(code), code == self.spec.leader, allowed,
                    RULE_SENTENCE.get(limit, "") if limit else "", briefs.brief(code), shares,
                    reason_sentence(reason, toward_help(reason, modal)))

    @staticmethod
    def _record(model: SeminarModel) -> tuple[str, str]:
        """What history did (the answer the requester got, seeds/evidence), or HYPOTHETICAL."""
        c = model.spec.crisis
        if c.episode is None or c.observed_outcome is None:
            return HYPOTHETICAL, "hypothetical: no such crisis is on record"
        cfg = model.cfg
        evidence = load_coded_evidence(load_seeds(cfg.alliance.get("seeds_dir")), check_coding(cfg.alliance))
        episode = evidence.episodes.get(c.episode)
        detail = (episode.outcome_detail or "") if episode is not None else ""
        return str(c.observed_outcome), detail

    # -- what the page shows ---------------------------------------------------------------------

    @property
    def title(self) -> str:
        return scenario_label(self.scenario)

    @property
    def rule(self) -> Rule:
        return self.spec.rule

    @property
    def current(self) -> Round:
        return self.rounds[-1]

    @property
    def last_closed(self) -> Round | None:
        closed = [r for r in self.rounds if r.answer is not None]
        return closed[-1] if closed else None

    def request_line(self) -> str:
        """What was asked, in words: who asks whom for what."""
        c = self.spec.crisis
        what = {"forces": "collective forces", "aid": "equipment, arms or advisers",
                "political": "political backing", "nothing": "nothing"}.get(c.asked, c.asked)
        how = {"formal": "formally asks the alliance", "informal": "informally asks the members",
               "bilateral": "asks the leading state", "political": "asks for backing",
               "none": "makes no request"}.get(c.channel, c.channel)
        line = f"{self.name_of(c.requester)} {how}" + ("" if c.channel == "none" else f" for {what}")
        if c.adversary:
            line += f"; the adversary: {self.name_of(c.adversary)}"
        return line + f" ({day(c.date)})."

    def model_line(self, key: str = "outcome") -> str:
        """The model's probabilities: the Council's answer (`outcome`), or what the requester got
        counting the leading state's own help (`answer`, what the record codes)."""
        o = self.summary[key]
        return " · ".join(f"{k} {o[k]:.1%}" for k in REPORT_ORDER)

    def got_line(self) -> str:
        leader = self.name_of(self.spec.leader) if self.spec.leader else "the leading state"
        return (f"What {self.name_of(self.spec.crisis.requester)} got in the model, counting {leader}'s "
                f"own help (as the record does): {self.model_line('answer')}")

    def record_line(self) -> str:
        if self.record == HYPOTHETICAL:
            return "hypothetical: no such crisis is on record"
        return ANSWER_WORDS.get(self.record, self.record)

    # -- submissions -----------------------------------------------------------------------------

    def check_code(self, code: str | None) -> None:
        """On the network every request must carry the join code the lecturer's screen shows."""
        if self.network and not (isinstance(code, str) and secrets.compare_digest(code.strip().upper(),
                                                                                   str(self.code))):
            raise InputError("code", code, "the join code on the lecturer's screen")

    def submit(self, seat: str, choice: str, code: str | None = None) -> None:
        """Record `seat`'s choice for the open round; refuse anything else with a one-line message."""
        with self._lock:
            self.check_code(code)
            if seat not in self.seats:
                raise InputError("seat", seat, one_of(self.seats))
            allowed = self.seats[seat].allowed
            if choice not in allowed:
                why = f" ({self.seats[seat].limit})" if self.seats[seat].limit and choice in CHOICES else ""
                raise InputError("choice", choice, one_of(allowed) + why)
            if seat in self.current.choices:
                raise InputError("seat", seat, f"one choice per round: {self.seats[seat].name} has already "
                                 f"chosen in round {self.current.number}")
            self.current.choices[seat] = choice
            self.version += 1

    def waiting_for(self) -> list[str]:
        return [s for s in self.seats if s not in self.current.choices]

    def class_answer(self, choices: dict[str, str]) -> str:
        """What the Council makes of `choices` under the crisis's rule."""
        s = self.spec
        return council_answer(choices, list(self.seats), s.rule, s.leader, s.majority_share, s.min_contributors,
                              s.crisis.formal_request)

    def close_round(self, now: dt.datetime | None = None) -> Round:
        """Close the open round: the Council's answer, one CSV row per seat, and a fresh round.
        A seat that has not chosen takes no part (ABSENT)."""
        with self._lock:
            rnd = self.current
            if not rnd.choices:
                raise InputError("round", rnd.number, "at least one seat must choose before the round closes")
            rnd.answer = self.class_answer(rnd.choices)
            rnd.closed_at = (now or dt.datetime.now()).isoformat(timespec="seconds")
            new_rows = [self._row(rnd, seat) for seat in self.seats]
            self._write([*self.rows, *new_rows])
            self.rows.extend(new_rows)
            self.rounds.append(Round(rnd.number + 1))
            self.version += 1
            return rnd

    def _row(self, rnd: Round, seat: str) -> dict[str, Any]:
        o, info = self.summary["outcome"], self.seats[seat]
        return {
            "round": rnd.number, "scenario": self.scenario, "seat": seat, "seat_name": info.name,
            "choice": rnd.choices.get(seat, ABSENT), "rule": self.rule.value, "class_answer": rnd.answer,
            **{f"model_p_{k}": round(o[k], 4) for k in REPORT_ORDER},
            **{f"model_got_{k}": round(self.summary["answer"][k], 4) for k in REPORT_ORDER},
            **{f"model_seat_{c}": round(info.model_shares[c], 4) for c in CHOICES},
            "model_reason": info.model_reason, "historical_record": self.record, "timestamp": rnd.closed_at,
        }

    def _write(self, rows: list[dict[str, Any]]) -> None:
        """The whole table, written beside and then moved over the old one: never a half-written file."""
        table = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
        atomic_write(self.csv_path, lambda tmp: table.to_csv(tmp, index=False))
