"""What a record of seeds/evidence/episodes.yaml, membership.yaml and seeds/dated.yaml looks like,
declared (sim.inputs.records): field types, and the checks across a record's fields as validators
that name the field they refuse. sim.inputs.evidence parses each row with these, checks what spans
records (ids used once, dates in order, no overlapping ranges) and builds the evidence records.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Optional

from pydantic import BeforeValidator, Field, create_model, model_validator

from sim.inputs.evidence_records import (
    ASKED,
    CHANNELS,
    CRISIS_TYPES,
    DRIVERS,
    FRAMINGS,
    FRONTS,
    ID_PATTERN,
    MEMBERSHIP_EVENTS,
    OUTCOMES,
    PREMISES,
    SEEDS_CODING_FIELDS,
    THREAT_FRONTS,
    Reported,
    tie_key,
)
from sim.inputs.records import (
    Actor,
    Bool,
    Date,
    Member,
    Positive,
    Record,
    SeedCitations,
    Sourced,
    Text,
    Unit,
    choice,
    number,
    refuse,
)

_ROW_ID = re.compile(r"[A-Z]\d+")  # a row of ../shared/evidence/episodes.csv: C03, N1


def _snake(what: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not (isinstance(value, str) and ID_PATTERN.match(value)):
            raise refuse(f"a snake_case {what}")
        return value
    return check


def _row_id(value: Any) -> str:
    if not (isinstance(value, str) and _ROW_ID.fullmatch(value)):
        raise refuse("a row id of episodes.csv such as 'C03' or 'N1'")
    return value


def _scalar(value: Any) -> bool | int | float | str:
    if not isinstance(value, (bool, int, float, str)):
        raise refuse("a scalar: true/false, a number or a text")
    return value


Channel = choice(CHANNELS)
Outcome = choice(OUTCOMES)
Framing = choice(FRAMINGS)
OptionalText = Optional[Text]
RowId = Annotated[str, BeforeValidator(_row_id)]
Scalar = Annotated[bool | int | float | str, BeforeValidator(_scalar)]
AnyNumber = number(-math.inf, math.inf)


# --- episodes.yaml -------------------------------------------------------------------------------


class SeedsCoding(Record):
    """A `seeds_coding` block: the fields the five sources alone code differently, with their seed
    paragraphs; `coding="seeds"` swaps them in."""

    request: Optional[Channel] = None
    outcome: Optional[Outcome] = None
    framing: Optional[Framing] = None
    date: Optional[Date] = None
    deployed: Optional[Date] = None
    first_request: Optional[Bool] = None
    citations: SeedCitations
    assumption: OptionalText = None
    note: OptionalText = None

    def overrides(self) -> dict[str, Any]:
        """The fields it replaces, in SEEDS_CODING_FIELDS order."""
        return {k: getattr(self, k) for k in SEEDS_CODING_FIELDS if getattr(self, k) is not None}

    @model_validator(mode="after")
    def _overrides_something(self) -> SeedsCoding:
        if not self.overrides():
            raise refuse("at least one of " + ", ".join(SEEDS_CODING_FIELDS))
        return self


class _Episode(Reported):
    """A crisis at a member and what the alliance did (the evidence coding; `seeds_coding` the other)."""

    id: Annotated[str, BeforeValidator(_snake("id"))]
    evidence_id: RowId
    name: Text
    date: Date
    end: Date
    requester: Actor
    actors: OptionalText = None
    adversary: Optional[Actor] = None
    crisis_type: choice(CRISIS_TYPES)
    front: choice(FRONTS)
    framing: Sourced[Framing]  # how the requester put the crisis
    on_member_territory: Bool
    asked: Sourced[choice(ASKED)]  # what the request asked for
    request: Channel
    request_to: OptionalText = None
    first_request: Optional[Bool] = None
    troops_asked: Optional[Positive] = None  # personnel asked for, where a number is published
    outcome: Outcome
    outcome_detail: OptionalText = None
    deployed: Optional[Date] = None
    troops: Optional[Positive] = None
    bilateral_help: OptionalText = None
    reasons_given: OptionalText = None
    seeds_coding: Optional[SeedsCoding] = None

    @model_validator(mode="after")
    def _consistent(self) -> _Episode:
        if self.end < self.date:
            raise refuse(f"a date on or after the start ({self.date})", "end", str(self.end))
        asked = self.asked.value
        if (self.request == "none") != (asked == "nothing"):
            raise refuse(f"'nothing' exactly when the request is 'none' (request: {self.request})", "asked.value",
                         asked)
        if self.troops_asked is not None and asked != "forces":
            raise refuse("a positive whole number where forces were asked for, else null", "troops_asked",
                         self.troops_asked)
        date = self.seeds_coding.date if self.seeds_coding else None
        if date is not None and date > self.end:
            raise refuse(f"a date on or before the end ({self.end})", "seeds_coding.date", str(date))
        return self


# An episode may carry a `<key>_note` beside any of its keys (where the CSV gives only a month, why
# the adversary is null, ...).
EpisodeRow = create_model("EpisodeRow", __base__=_Episode,  # type: ignore[call-overload]  # keyword fields
                          **{f"{k}_note": (OptionalText, None) for k in _Episode.model_fields if k != "note"})


# --- membership.yaml -----------------------------------------------------------------------------


class MembershipRow(Reported):
    """A dated change in who is party to the treaty or how a party takes part."""

    date: Date
    date_note: OptionalText = None
    event: choice(MEMBERSHIP_EVENTS)
    members: list[Actor]  # [] for the alliance as a whole
    detail: OptionalText = None


# --- dated.yaml ---------------------------------------------------------------------------------


class _Dated(Sourced[Any]):
    """A value in force over [from, until) with its basis and, for an assumed number, its plausible range."""

    start: Optional[Date] = Field(None, alias="from")
    until: Optional[Date] = None
    range: Optional[list[Any]] = None

    kind: ClassVar[str] = ""  # DatedValue.kind

    def key(self) -> tuple[str, ...]:
        raise NotImplementedError

    @model_validator(mode="after")
    def _in_order(self) -> _Dated:
        if self.start is not None and self.until is not None and self.until <= self.start:
            raise refuse(f"a date after 'from' ({self.start}); until is exclusive", "until", str(self.until))
        rng, value = self.range, self.value
        if rng is not None and (len(rng) != 2 or isinstance(value, (bool, str)) or not rng[0] <= value <= rng[1]):
            raise refuse("[low, high] with low <= value <= high, inside the value's bounds", "range", rng)
        return self


class TieRow(_Dated):
    kind: ClassVar[str] = "tie"
    a: Actor
    b: Actor
    value: number(-1.0, 1.0)
    range: Optional[list[number(-1.0, 1.0)]] = None

    def key(self) -> tuple[str, ...]:
        return tie_key(self.a, self.b)

    @model_validator(mode="after")
    def _two_actors(self) -> TieRow:
        if self.a == self.b:
            raise refuse("an actor other than 'a'", "b", self.b)
        return self


class _Share(_Dated):
    """A member's dated share in [0, 1]: a threat weight, a commitment, a driver or a premise."""

    value: Unit
    range: Optional[list[Unit]] = None
    member: Member


class ThreatRow(_Share):
    kind: ClassVar[str] = "threat"
    front: choice(THREAT_FRONTS)

    def key(self) -> tuple[str, ...]:
        return (self.member, self.front)


class CommitmentRow(_Share):
    kind: ClassVar[str] = "commitment"
    theatre: Annotated[str, BeforeValidator(_snake("name of where the forces are"))]

    def key(self) -> tuple[str, ...]:
        return (self.member, self.theatre)


class DriverRow(_Share):
    kind: ClassVar[str] = "driver"
    driver: choice(DRIVERS)
    by: Optional[Actor] = None  # the actor behind it, where there is one

    def key(self) -> tuple[str, ...]:
        return (self.member, self.driver)


class PremiseRow(_Share):
    kind: ClassVar[str] = "premise"
    premise: choice(PREMISES)
    against: Optional[Actor] = None

    def key(self) -> tuple[str, ...]:
        return (self.member, self.premise) + ((self.against,) if self.against else ())

    @model_validator(mode="after")
    def _against_only_for_war(self) -> PremiseRow:
        if (self.premise == "war_against") != (self.against is not None):
            raise refuse("the actor the war is against for a war_against premise, else null", "against", self.against)
        return self


class FactRow(_Dated):
    kind: ClassVar[str] = "fact"
    key_: Annotated[str, BeforeValidator(_snake("fact name"))] = Field(alias="key")
    value: Scalar
    range: Optional[list[AnyNumber]] = None

    def key(self) -> tuple[str, ...]:
        return (self.key_,)


DATED_ROWS: dict[str, type[_Dated]] = {"ties": TieRow, "threats": ThreatRow, "commitments": CommitmentRow,
                                        "drivers": DriverRow, "premises": PremiseRow, "facts": FactRow}


# --- static defaults (ties.csv; members.yaml threat priorities, read fully by sim/inputs/seeds.py) ---
