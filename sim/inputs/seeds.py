"""Read and validate the facts in `seeds/`: members, alliance history, ties, episodes.

This is the border between the sources and the model. Each record of the four files is declared
below as a pydantic model (sim/inputs/records.py), so a bad file fails with one line naming the
file, the record, the field and what is allowed; what needs several records (each member once,
force shares summing to at most 1, every member pair tied) is checked on the whole file. Downstream
code trusts the dataclasses it gets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
from pydantic import BeforeValidator, Field, ValidationInfo, model_validator

from sim.errors import InputError, one_of
from sim.inputs import records as r
from sim.inputs.files import read_text, read_yaml
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seedchecks import check_event_order, check_ties_complete, check_unique

DEFAULT_SEEDS_DIR = SEEDS_DIR

# FRONTS (western, southern, caucasus, internal) are the fields of ThreatPriorities, below.
GEOGRAPHIC_FRONTS: tuple[str, ...] = ("western", "southern", "caucasus")
CRISIS_TYPES: tuple[str, ...] = (
    "external_non_state",
    "internal_unrest",
    "conflict_with_non_member",
    "member_vs_member",
)
FRAMINGS: tuple[str, ...] = ("external_aggression", "internal_security", "border_dispute")
OUTCOMES: tuple[str, ...] = ("troops", "partial", "none")
ROLES: tuple[str, ...] = ("calibration", "validation")
# States and blocs outside the treaty that ties and episodes may name.
OUTSIDE_ACTORS: tuple[str, ...] = ("AFG", "CHN", "IRN", "NATO", "TUR", "UKR", "USA")

_CITATION = re.compile(r"^(\d{3}_[0-9a-f]{16}\.txt) ¶(\d+)$")


@dataclass(frozen=True)
class Member:
    """A state that was party to the treaty, as the sources give it."""

    iso3: str
    name: str
    signed: dt.date
    left: dt.date | None
    threat: dict[str, float]  # front -> priority in [0, 1]
    readiness_share: float
    peacekeeping_share: float

    def active_on(self, when: dt.date) -> bool:
        return self.signed <= when and (self.left is None or when < self.left)


@dataclass(frozen=True)
class Episode:
    """A request for collective assistance reported in the sources, with its observed outcome."""

    id: str
    name: str
    date: dt.date
    requester: str
    crisis_type: str
    front: str
    adversary: str | None
    formal_request: bool
    framing: str
    on_member_territory: bool
    observed_outcome: str
    alternative_outcome: str | None
    role: str
    observed_troops: int | None


@dataclass(frozen=True)
class AllianceHistory:
    """Alliance-level facts, some keyed by date (treaty in force, organisation...)."""

    events: tuple[tuple[dt.date, str, bool], ...]
    treaty_term_years: int
    readiness_troops: int
    peacekeepers: int
    leading_state: str
    decision_rule: str

    def state_at(self, when: dt.date) -> dict[str, bool]:
        """Which dated facts hold on `when` (a fact holds from its date on)."""
        state = {key: False for _, key, _ in self.events}
        for date, key, value in sorted(self.events):
            if date <= when:
                state[key] = value
        return state


@dataclass(frozen=True)
class SeedData:
    members: dict[str, Member]
    alliance: AllianceHistory
    episodes: dict[str, Episode]
    ties: nx.Graph  # nodes: ISO3 codes and outside actors; edge attribute "affinity" in [-1, 1]
    directory: Path

    def members_on(self, when: dt.date) -> list[str]:
        """ISO3 codes of the members on a date, sorted (the model's stable agent order)."""
        return sorted(code for code, m in self.members.items() if m.active_on(when))

    def affinity(self, a: str, b: str | None, default: float) -> float:
        """Affinity between two actors; `default` for member pairs the seeds do not list."""
        if b is None or a == b:
            return 0.0 if b is None else 1.0
        if self.ties.has_edge(a, b):
            return float(self.ties.edges[a, b]["affinity"])
        if a in self.members and b in self.members:
            return default
        return 0.0  # an outside actor with no recorded tie


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
        m = _CITATION.match(head)
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
Affinity = Annotated[r.number(-1.0, 1.0), BeforeValidator(_cell_number)]  # type: ignore[valid-type]


# --- the records --------------------------------------------------------------------------------


class Sourced[T](r.Record):
    """A seed value with where it comes from: a `source` citation or an `assumption`, exactly one."""

    value: T
    source: Source | None = None
    assumption: r.Text | None = None
    note: r.Text | None = None

    @model_validator(mode="after")
    def _one_basis(self) -> Sourced[T]:
        if (self.source is None) == (self.assumption is None):
            raise r.refuse("exactly one of 'source' or 'assumption'")
        return self


class ThreatPriorities(r.Record):
    """The weight of each front in a member's view of threats: every front, and no other."""

    western: Sourced[r.Unit]  # type: ignore[valid-type]
    southern: Sourced[r.Unit]  # type: ignore[valid-type]
    caucasus: Sourced[r.Unit]  # type: ignore[valid-type]
    internal: Sourced[r.Unit]  # type: ignore[valid-type]


FRONTS: tuple[str, ...] = tuple(ThreatPriorities.model_fields)


class MemberForces(r.Record):
    """A member's shares of the alliance's forces (the sources give totals only)."""

    readiness_share: Sourced[r.Unit]  # type: ignore[valid-type]
    peacekeeping_share: Sourced[r.Unit]  # type: ignore[valid-type]


class MemberRecord(r.Record):
    """One record of members.yaml."""

    iso3: Iso3
    name: r.Text | None = None
    signed: Sourced[SeedDate]
    left: Sourced[SeedDate] | None = None
    threat_priorities: ThreatPriorities
    forces: MemberForces

    @model_validator(mode="after")
    def _left_after_signed(self) -> MemberRecord:
        if self.left is not None and self.left.value <= self.signed.value:
            raise r.refuse(f"a date after signed ({self.signed.value.isoformat()})", "left",
                           self.left.value.isoformat())
        return self

    def member(self) -> Member:
        return Member(iso3=self.iso3, name=self.name or self.iso3, signed=self.signed.value,
                      left=None if self.left is None else self.left.value,
                      threat={f: getattr(self.threat_priorities, f).value for f in FRONTS},
                      readiness_share=self.forces.readiness_share.value,
                      peacekeeping_share=self.forces.peacekeeping_share.value)


class AllianceEvent(Sourced[r.Bool]):  # type: ignore[valid-type]
    """A dated alliance fact (treaty in force, organisation...): it holds from its date on."""

    date: SeedDate
    key: r.Text


class AllianceForces(r.Record):
    readiness_troops: Sourced[r.Positive]  # type: ignore[valid-type]
    peacekeepers: Sourced[r.Positive]  # type: ignore[valid-type]


class AllianceRecord(r.Record):
    """alliance.yaml, one record: the treaty and the organisation built on it (context `members`)."""

    name: r.Text | None = None
    events: list[AllianceEvent] = []
    treaty_term_years: Sourced[r.Positive]  # type: ignore[valid-type]
    forces: AllianceForces
    mutual_defence: Sourced[r.Text] | None = None  # type: ignore[valid-type]
    area_of_responsibility: Sourced[r.Text] | None = None  # type: ignore[valid-type]
    assistance_on_request: Sourced[r.Text] | None = None  # type: ignore[valid-type]
    decision_rule: Sourced[r.Text]  # type: ignore[valid-type]
    leading_state: Sourced[r.Member]  # type: ignore[valid-type]
    # Member pairs ties.csv does not list, said explicitly (they take alliance.default_affinity).
    untied_pairs: Sourced[list[MemberPair]] | None = None

    @model_validator(mode="after")
    def _events_in_order(self) -> AllianceRecord:
        check_event_order([(e.date, e.key) for e in self.events])
        return self

    def history(self) -> AllianceHistory:
        return AllianceHistory(
            events=tuple((e.date, e.key, e.value) for e in self.events),
            treaty_term_years=self.treaty_term_years.value,
            readiness_troops=self.forces.readiness_troops.value,
            peacekeepers=self.forces.peacekeepers.value,
            leading_state=self.leading_state.value,
            decision_rule=self.decision_rule.value,
        )


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
    crisis_type: r.choice(CRISIS_TYPES)  # type: ignore[valid-type]
    front: r.choice(GEOGRAPHIC_FRONTS)  # type: ignore[valid-type]
    adversary: r.Actor | None = None
    adversary_note: r.Text | None = None
    formal_request: r.Bool = False
    formal_request_note: r.Text | None = None
    framing: r.choice(FRAMINGS)  # type: ignore[valid-type]
    framing_note: r.Text | None = None
    framing_source: Source | None = None
    on_member_territory: r.Bool = True
    observed_outcome: r.choice(OUTCOMES)  # type: ignore[valid-type]
    alternative_outcome: r.choice(OUTCOMES) | None = None  # type: ignore[valid-type]
    role: r.choice(ROLES)  # type: ignore[valid-type]
    observed_troops: r.Positive | None = None
    source: Source
    note: r.Text | None = None

    def episode(self) -> Episode:
        return Episode(id=self.id, name=self.name or self.id, date=self.date, requester=self.requester,
                       crisis_type=self.crisis_type, front=self.front, adversary=self.adversary,
                       formal_request=self.formal_request, framing=self.framing,
                       on_member_territory=self.on_member_territory, observed_outcome=self.observed_outcome,
                       alternative_outcome=self.alternative_outcome, role=self.role,
                       observed_troops=self.observed_troops)


class MembersFile(r.Record):
    members: Annotated[list[Any], Field(min_length=1)]  # each checked as a MemberRecord


class EpisodesFile(r.Record):
    episodes: Annotated[list[Any], Field(min_length=1)]  # each checked as an EpisodeRecord


# --- the four files -----------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, f"{path.parent.name}/{path.name}")


def _label(path: Path, section: str, i: int, row: Any, id_key: str, well_formed: str) -> str:
    """A record is named by its id where it has a well-formed one ('members.yaml: KAZ'), else by
    its place ('members.yaml: members[3]')."""
    name = row.get(id_key) if isinstance(row, dict) else None
    if isinstance(name, str) and re.fullmatch(well_formed, name):
        return f"{path.name}: {name}"
    return f"{path.name}: {section}[{i}]"


def _load_members(path: Path) -> dict[str, Member]:
    rows = r.parse(MembersFile, _read_yaml(path), path.name).members
    records = [r.parse(MemberRecord, row, _label(path, "members", i, row, "iso3", "[A-Z]{3}"))
               for i, row in enumerate(rows)]
    check_unique(((m.iso3, f"{path.name}: members[{i}].iso3", m.iso3) for i, m in enumerate(records)),
                 "each member once (a second record would silently replace the first)")
    members = {m.iso3: m.member() for m in records}
    for share in ("readiness_share", "peacekeeping_share"):
        total = sum(getattr(m, share) for m in members.values())
        if total > 1.0 + 1e-9:
            raise InputError(f"{path.name}: forces.{share}", round(total, 6),
                             "shares of the alliance's forces summing to at most 1 over all members")
    return members


def _load_alliance(path: Path, members: dict[str, Member]) -> AllianceRecord:
    return r.parse(AllianceRecord, _read_yaml(path), path.name, members=frozenset(members))


def _load_ties(path: Path, actors: frozenset[str]) -> nx.Graph:
    """Ties between members and known outside actors; each pair once, in either order."""
    text = read_text(path, f"{path.parent.name}/{path.name}")
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="cells beyond the header")
    rows = [(line, r.parse(TieRow, {k: v or None for k, v in row.items()}, f"{path.name}: line {line}",
                           actors=actors))
            for line, row in enumerate(reader, start=2)]
    check_unique(((frozenset((t.a, t.b)), f"{path.name}: line {line}", f"{t.a},{t.b}") for line, t in rows),
                 "each pair once, in either order (a second row would silently replace the first)")
    graph = nx.Graph()
    for _, t in rows:
        graph.add_edge(t.a, t.b, affinity=t.affinity, source=t.source or "", assumption=t.assumption or "")
    return graph


def _load_episodes(path: Path, members: dict[str, Member]) -> dict[str, Episode]:
    rows = r.parse(EpisodesFile, _read_yaml(path), path.name).episodes
    records = [r.parse(EpisodeRecord, row, _label(path, "episodes", i, row, "id", r"\w+"),
                       members=frozenset(members), actors=frozenset(members) | frozenset(OUTSIDE_ACTORS))
               for i, row in enumerate(rows)]
    check_unique(((e.id, f"{path.name}: episodes[{i}].id", e.id) for i, e in enumerate(records)),
                 "each episode id once")
    return {e.id: e.episode() for e in records}


@lru_cache(maxsize=8)
def _load_cached(directory: Path) -> SeedData:
    if not directory.is_dir():
        raise InputError("alliance.seeds_dir", str(directory), "an existing folder holding the seed files")
    members = _load_members(directory / "members.yaml")
    alliance = _load_alliance(directory / "alliance.yaml", members)
    data = SeedData(
        members=members,
        alliance=alliance.history(),
        episodes=_load_episodes(directory / "episodes.yaml", members),
        ties=_load_ties(directory / "ties.csv", frozenset(members) | frozenset(OUTSIDE_ACTORS)),
        directory=directory,
    )
    check_ties_complete({frozenset(e) for e in data.ties.edges},
                        set(alliance.untied_pairs.value) if alliance.untied_pairs else set(),
                        {code: (m.signed, m.left) for code, m in members.items()})
    return data


def load_seeds(directory: str | Path | None = None) -> SeedData:
    """Load and validate the seed files (cached per folder; the records are immutable)."""
    path = DEFAULT_SEEDS_DIR if directory in (None, "") else Path(directory).expanduser().resolve()
    return _load_cached(path)


def all_citations(directory: str | Path | None = None) -> list[tuple[str, str, int]]:
    """Every (field, file, paragraph) cited in the seed files, for checking against the sources."""
    path = DEFAULT_SEEDS_DIR if directory is None else Path(directory)
    found: list[tuple[str, str, int]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and value:
                    found.extend((where, f, p) for f, p in parse_citations(value, where))
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for name in ("members.yaml", "alliance.yaml", "episodes.yaml"):
        walk(_read_yaml(path / name), name)
    with (path / "ties.csv").open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if row["source"]:
                found.extend((f"ties.csv:{line}", f, p) for f, p in parse_citations(row["source"], "ties"))
    return found
