"""Read and validate the facts in `seeds/`: members, alliance history, ties, episodes.

This is the border between the sources and the model. Each record of the four files is declared
as a pydantic model (sim/inputs/seed_records.py), so a bad file fails with one line naming the
file, the record, the field and what is allowed; what needs several records (each member once,
force shares summing to at most 1, every member pair tied) is checked here on the whole file.
Downstream code trusts the dataclasses it gets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from sim.errors import InputError
from sim.inputs import records as r
from sim.inputs.fields import file_label
from sim.inputs.files import read_text, read_yaml
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seed_records import (
    CRISIS_TYPES,
    FRAMINGS,
    FRONTS,
    GEOGRAPHIC_FRONTS,
    OUTCOMES,
    OUTSIDE_ACTORS,
    ROLES,
    AllianceRecord,
    EpisodeRecord,
    EpisodesFile,
    MemberRecord,
    MembersFile,
    TieRow,
    parse_citations,
    parse_date,
)
from sim.inputs.seedchecks import check_ties_complete, check_unique

# The vocabularies and date parsing are declared with the records; callers import them from here.
__all__ = ["CRISIS_TYPES", "DEFAULT_SEEDS_DIR", "FRAMINGS", "FRONTS", "GEOGRAPHIC_FRONTS", "OUTCOMES",
           "OUTSIDE_ACTORS", "ROLES", "AllianceHistory", "Episode", "Member", "SeedData", "all_citations",
           "load_seeds", "parse_citations", "parse_date"]

DEFAULT_SEEDS_DIR = SEEDS_DIR


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
    # front -> (source citations, assumption): what each threat priority rests on (the evidence
    # base's fallback values carry it, sim/inputs/evidence.py)
    threat_basis: dict[str, tuple[tuple[str, ...], str | None]] = field(default_factory=dict, compare=False)

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
    # nodes: ISO3 codes and outside actors; edge attributes "affinity" in [-1, 1], "source" as
    # written, "citations" (its one-per-file parts), "assumption" and the file's "line"
    ties: nx.Graph
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


# --- the records, as the model reads them -------------------------------------------------------


def _member(rec: MemberRecord) -> Member:
    return Member(iso3=rec.iso3, name=rec.name or rec.iso3, signed=rec.signed.value,
                  left=None if rec.left is None else rec.left.value,
                  threat={f: getattr(rec.threat_priorities, f).value for f in FRONTS},
                  threat_basis={f: (_citations(getattr(rec.threat_priorities, f).source),
                                    getattr(rec.threat_priorities, f).assumption) for f in FRONTS},
                  readiness_share=rec.forces.readiness_share.value,
                  peacekeeping_share=rec.forces.peacekeeping_share.value)


def _citations(source: str | None) -> tuple[str, ...]:
    """'000_x.txt ¶4; 001_y.txt ¶12' -> one citation per file, as the evidence records keep them."""
    return tuple(p.strip() for p in source.split(";")) if source else ()


def _history(rec: AllianceRecord) -> AllianceHistory:
    return AllianceHistory(events=tuple((e.date, e.key, e.value) for e in rec.events),
                           treaty_term_years=rec.treaty_term_years.value,
                           readiness_troops=rec.forces.readiness_troops.value,
                           peacekeepers=rec.forces.peacekeepers.value,
                           leading_state=rec.leading_state.value, decision_rule=rec.decision_rule.value)


def _episode(rec: EpisodeRecord) -> Episode:
    return Episode(id=rec.id, name=rec.name or rec.id, date=rec.date, requester=rec.requester,
                   crisis_type=rec.crisis_type, front=rec.front, adversary=rec.adversary,
                   formal_request=rec.formal_request, framing=rec.framing,
                   on_member_territory=rec.on_member_territory, observed_outcome=rec.observed_outcome,
                   alternative_outcome=rec.alternative_outcome, role=rec.role, observed_troops=rec.observed_troops)


# --- the four files -----------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, file_label(path.parent, path.name))


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
    members = {m.iso3: _member(m) for m in records}
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
    text = read_text(path, file_label(path.parent, path.name))
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="cells beyond the header")
    rows = [(line, r.parse(TieRow, {k: v or None for k, v in row.items()}, f"{path.name}: line {line}",
                           actors=actors))
            for line, row in enumerate(reader, start=2)]
    check_unique(((frozenset((t.a, t.b)), f"{path.name}: line {line}", f"{t.a},{t.b}") for line, t in rows),
                 "each pair once, in either order (a second row would silently replace the first)")
    graph: nx.Graph = nx.Graph()
    for line, t in rows:
        graph.add_edge(t.a, t.b, affinity=t.affinity, source=t.source or "", citations=_citations(t.source),
                       assumption=t.assumption or "", line=line)
    return graph


def _load_episodes(path: Path, members: dict[str, Member]) -> dict[str, Episode]:
    rows = r.parse(EpisodesFile, _read_yaml(path), path.name).episodes
    records = [r.parse(EpisodeRecord, row, _label(path, "episodes", i, row, "id", r"\w+"),
                       members=frozenset(members), actors=frozenset(members) | frozenset(OUTSIDE_ACTORS))
               for i, row in enumerate(rows)]
    check_unique(((e.id, f"{path.name}: episodes[{i}].id", e.id) for i, e in enumerate(records)),
                 "each episode id once")
    return {e.id: _episode(e) for e in records}


@lru_cache(maxsize=8)
def _load_cached(directory: Path) -> SeedData:
    if not directory.is_dir():
        raise InputError("alliance.seeds_dir", str(directory), "an existing folder holding the seed files")
    members = _load_members(directory / "members.yaml")
    alliance = _load_alliance(directory / "alliance.yaml", members)
    data = SeedData(
        members=members,
        alliance=_history(alliance),
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
    path = DEFAULT_SEEDS_DIR if directory is None or directory == "" else Path(directory).expanduser().resolve()
    return _load_cached(path)


def all_citations(directory: str | Path | None = None) -> list[tuple[str, str, int]]:
    """Every (field, file, paragraph) cited in the seed files, for checking against the sources."""
    path = DEFAULT_SEEDS_DIR if directory is None else Path(directory)
    found: list[tuple[str, str, int]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if (key == "source" or key.endswith("_source")) and value:  # framing_source too
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
