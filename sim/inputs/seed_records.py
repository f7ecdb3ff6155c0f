"""The records of the seed files (members.yaml, alliance.yaml, ties.csv, episodes.yaml), declared.

Each record is a pydantic model (sim/inputs/records.py: unknown keys refused, no coercion), so
sim.inputs.seeds reads a file by `records.parse` and a bad value is one line naming the file, the
record, the field path and what is allowed. Checks that need several records stay in the reader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, model_validator

from sim.errors import InputError, one_of
from sim.inputs import records as r
from sim.inputs.evidence_records import CRISIS_TYPES, FRAMINGS, OUTCOMES
from sim.inputs.evidence_records import FRONTS as GEOGRAPHIC_FRONTS
from sim.inputs.seedchecks import check_event_order

# The episode vocabularies are the evidence records' (one list each); the geographic fronts are
# evidence_records.FRONTS, and FRONTS here (with internal) the fields of ThreatPriorities, below.
ROLES: tuple[str, ...] = ("calibration", "validation")
# States and blocs outside the treaty that ties and episodes may name.
OUTSIDE_ACTORS: tuple[str, ...] = ("AFG", "CHN", "IRN", "NATO", "TUR", "UKR", "USA")


# --- field types -------------------------------------------------------------------------------


def _date_or_year(text: object) -> dt.date:
    s = str(text)
    try:
        return dt.date(int(s), 1, 1) if re.fullmatch(r"\d{4}", s) else dt.date.fromisoformat(s)
    except ValueError:
        raise ValueError("a date as YYYY-MM-DD or YYYY") from None


def _cited(text: str) -> list[tuple[str, int]]:
    """'000_x.txt ¶4; 001_y.txt ¶12, ¶38' -> [(file, 4), (file, 12), (file, 38)]."""
    out: list[tuple[str, int]] = []
    for part in text.split(";"):
        head, *more = [p.strip() for p in part.strip().split(",")]
        m = r.SEED_CITATION.match(head)
        if not m:
            raise ValueError("citations like '000_b864a2c696621e71.txt ¶4' separated by '; '")
        out.append((m.group(1), int(m.group(2))))
        for extra in more:
            if not re.fullmatch(r"¶\d+", extra):
                raise ValueError("extra paragraphs of one file as ', ¶N'")
            out.append((m.group(1), int(extra[1:])))
    return out


def parse_date(text: object, field: str) -> dt.date:
    """'YYYY-MM-DD', or a bare 'YYYY' (the sources often give only the year: 1 January is used)."""
    try:
        return _date_or_year(text)
    except ValueError as exc:
        raise InputError(field, text, str(exc)) from None


def parse_citations(text: str, field: str) -> list[tuple[str, int]]:
    """'000_x.txt ¶4; 001_y.txt ¶12, ¶38' -> [(file, 4), (file, 12), (file, 38)]."""
    try:
        return _cited(str(text))
    except ValueError as exc:
        raise InputError(field, text, str(exc)) from None


def _refusing[V](convert: Callable[[Any], V]) -> BeforeValidator:
    """A field check from a converter whose ValueError says what is allowed."""

    def check(value: Any) -> V:
        try:
            return convert(value)
        except ValueError as exc:
            raise r.refuse(str(exc)) from None

    return BeforeValidator(check)


def _source(value: Any) -> str:
    _cited(value if isinstance(value, str) else "")
    return str(value)


def _iso3(value: Any) -> str:
    if not (isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value)):
        raise ValueError("a three-letter upper-case ISO3 code")
    return value


def _tie_actor(value: Any, info: ValidationInfo) -> str:
    actors: frozenset[str] = (info.context or {}).get("actors", frozenset())
    if value not in actors:
        raise r.refuse("a member or a known outside actor; " + one_of(actors))
    return str(value)


def _member_pair(value: Any, info: ValidationInfo) -> frozenset[str]:
    members: frozenset[str] = (info.context or {}).get("members", frozenset())
    a, _, b = str(value).partition("-")
    if a not in members or b not in members or a == b:
        raise r.refuse("pairs 'AAA-BBB' of two members; " + one_of(members))
    return frozenset((a, b))


def _cell_number(value: Any) -> Any:
    """A CSV cell is text: '0.5' there is a number (what is not one is refused by the range check)."""
    try:
        return float(value) if isinstance(value, str) else value
    except ValueError:
        return value


SeedDate = Annotated[dt.date, _refusing(_date_or_year)]  # 'YYYY-MM-DD' or a bare year
Source = Annotated[str, _refusing(_source)]  # '000_x.txt ¶4; 001_y.txt ¶12, ¶38'
Iso3 = Annotated[str, _refusing(_iso3)]
TieActor = Annotated[str, BeforeValidator(_tie_actor)]  # context `actors`
MemberPair = Annotated[frozenset[str], BeforeValidator(_member_pair)]  # 'ARM-GEO'; context `members`
Affinity = Annotated[r.number(-1.0, 1.0), BeforeValidator(_cell_number)]


# --- the records --------------------------------------------------------------------------------


class SeedSourced[T](r.Record):
    """A seed value with where it comes from: a `source` citation or an `assumption`, exactly one."""

    value: T
    source: Source | None = None
    assumption: r.Text | None = None
    note: r.Text | None = None

    @model_validator(mode="after")
    def _one_basis(self) -> SeedSourced[T]:
        if (self.source is None) == (self.assumption is None):
            raise r.refuse("exactly one of 'source' or 'assumption'")
        return self


class ThreatPriorities(r.Record):
    """The weight of each front in a member's view of threats: every front, and no other."""

    western: SeedSourced[r.Unit]
    southern: SeedSourced[r.Unit]
    caucasus: SeedSourced[r.Unit]
    internal: SeedSourced[r.Unit]


FRONTS: tuple[str, ...] = tuple(ThreatPriorities.model_fields)


class MemberForces(r.Record):
    """A member's shares of the alliance's forces (the sources give totals only)."""

    readiness_share: SeedSourced[r.Unit]
    peacekeeping_share: SeedSourced[r.Unit]


class MemberRecord(r.Record):
    """One record of members.yaml."""

    iso3: Iso3
    name: r.Text | None = None
    signed: SeedSourced[SeedDate]
    left: SeedSourced[SeedDate] | None = None
    threat_priorities: ThreatPriorities
    forces: MemberForces

    @model_validator(mode="after")
    def _left_after_signed(self) -> MemberRecord:
        if self.left is not None and self.left.value <= self.signed.value:
            raise r.refuse(f"a date after signed ({self.signed.value.isoformat()})", "left",
                           self.left.value.isoformat())
        return self


class AllianceEvent(SeedSourced[r.Bool]):
    """A dated alliance fact (treaty in force, organisation...): it holds from its date on."""

    date: SeedDate
    key: r.Text


class AllianceForces(r.Record):
    readiness_troops: SeedSourced[r.Positive]
    peacekeepers: SeedSourced[r.Positive]


class AllianceRecord(r.Record):
    """alliance.yaml, one record: the treaty and the organisation built on it (context `members`)."""

    name: r.Text | None = None
    events: list[AllianceEvent] = []
    treaty_term_years: SeedSourced[r.Positive]
    forces: AllianceForces
    mutual_defence: SeedSourced[r.Text] | None = None
    area_of_responsibility: SeedSourced[r.Text] | None = None
    assistance_on_request: SeedSourced[r.Text] | None = None
    decision_rule: SeedSourced[r.Text]
    leading_state: SeedSourced[r.Member]
    # Member pairs ties.csv does not list, said explicitly (they take alliance.default_affinity).
    untied_pairs: SeedSourced[list[MemberPair]] | None = None

    @model_validator(mode="after")
    def _events_in_order(self) -> AllianceRecord:
        check_event_order([(e.date, e.key) for e in self.events])
        return self


class TieRow(r.Record):
    """One row of ties.csv (an empty cell is an absent value); both a source and an assumption may
    be given: the sign is often sourced and the magnitude assumed."""

    a: TieActor
    b: TieActor
    affinity: Affinity
    source: Source | None = None
    assumption: r.Text | None = None

    @model_validator(mode="after")
    def _two_actors_and_a_basis(self) -> TieRow:
        if self.source is None and self.assumption is None:
            raise r.refuse("a 'source' citation or an 'assumption' reason")
        if self.a == self.b:
            raise r.refuse(f"an actor other than {self.a} (a tie joins two actors)", "b", self.b)
        return self


class EpisodeRecord(r.Record):
    """One record of episodes.yaml (context `members`, and `actors` for the adversary)."""

    id: r.Text
    name: r.Text | None = None
    date: SeedDate
    date_note: r.Text | None = None
    requester: r.Member
    crisis_type: r.choice(CRISIS_TYPES)
    front: r.choice(GEOGRAPHIC_FRONTS)
    adversary: r.Actor | None = None
    adversary_note: r.Text | None = None
    formal_request: r.Bool = False
    formal_request_note: r.Text | None = None
    framing: r.choice(FRAMINGS)
    framing_note: r.Text | None = None
    framing_source: Source | None = None
    on_member_territory: r.Bool = True
    observed_outcome: r.choice(OUTCOMES)
    alternative_outcome: r.choice(OUTCOMES) | None = None
    role: r.choice(ROLES)
    observed_troops: r.Positive | None = None
    source: Source
    note: r.Text | None = None


class MembersFile(r.Record):
    members: Annotated[list[Any], Field(min_length=1)]  # each checked as a MemberRecord


class EpisodesFile(r.Record):
    episodes: Annotated[list[Any], Field(min_length=1)]  # each checked as an EpisodeRecord
