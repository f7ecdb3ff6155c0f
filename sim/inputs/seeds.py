"""Read and validate the facts in `seeds/`: members, alliance history, ties, episodes.

This is the border between the sources and the model: every file is checked here, and a bad
file fails with one line naming the file, the field and what is allowed. Downstream code
trusts the records it gets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from sim.errors import InputError, one_of
from sim.inputs.files import read_text, read_yaml
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seedchecks import check_event_order, check_keys, check_ties_complete

DEFAULT_SEEDS_DIR = SEEDS_DIR

FRONTS: tuple[str, ...] = ("western", "southern", "caucasus", "internal")
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

# The keys each seed record may hold; anything else is refused (a typo would be silently ignored).
SOURCED_KEYS: tuple[str, ...] = ("value", "source", "assumption", "note")
MEMBER_KEYS: tuple[str, ...] = ("iso3", "name", "signed", "left", "threat_priorities", "forces")
FORCE_SHARE_KEYS: tuple[str, ...] = ("readiness_share", "peacekeeping_share")
ALLIANCE_KEYS: tuple[str, ...] = (
    "name", "events", "treaty_term_years", "forces", "mutual_defence", "area_of_responsibility",
    "assistance_on_request", "decision_rule", "leading_state", "untied_pairs")
ALLIANCE_FORCE_KEYS: tuple[str, ...] = ("readiness_troops", "peacekeepers")
EVENT_KEYS: tuple[str, ...] = ("date", "key", "value", "source", "assumption", "note")
EPISODE_KEYS: tuple[str, ...] = (
    "id", "name", "date", "date_note", "requester", "crisis_type", "front", "adversary", "adversary_note",
    "formal_request", "formal_request_note", "framing", "framing_note", "framing_source",
    "on_member_territory", "observed_outcome", "alternative_outcome", "role", "observed_troops",
    "source", "note")

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


# --- parsing helpers -------------------------------------------------------------------------


def parse_date(text: object, field: str) -> dt.date:
    """'YYYY-MM-DD', or a bare 'YYYY' (the sources often give only the year: 1 January is used)."""
    s = str(text)
    try:
        if re.fullmatch(r"\d{4}", s):
            return dt.date(int(s), 1, 1)
        return dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(field, text, "a date as YYYY-MM-DD or YYYY") from None


def parse_citations(text: str, field: str) -> list[tuple[str, int]]:
    """'000_x.txt ¶4; 001_y.txt ¶12, ¶38' -> [(file, 4), (file, 12), (file, 38)]."""
    out: list[tuple[str, int]] = []
    for part in str(text).split(";"):
        part = part.strip()
        head, *more = [p.strip() for p in part.split(",")]
        m = _CITATION.match(head)
        if not m:
            raise InputError(field, text, "citations like '000_b864a2c696621e71.txt ¶4' separated by '; '")
        out.append((m.group(1), int(m.group(2))))
        for extra in more:
            if not re.fullmatch(r"¶\d+", extra):
                raise InputError(field, text, "extra paragraphs of one file as ', ¶N'")
            out.append((m.group(1), int(extra[1:])))
    return out


def _sourced(node: Any, field: str) -> Any:
    """Unwrap {value, source|assumption}: every seed value says where it comes from."""
    if not isinstance(node, dict) or "value" not in node:
        raise InputError(field, node, "a mapping with 'value' and 'source' or 'assumption'")
    check_keys(node, SOURCED_KEYS, field)
    has_source, has_assumption = bool(node.get("source")), bool(node.get("assumption"))
    if has_source == has_assumption:
        raise InputError(field, node, "exactly one of 'source' or 'assumption'")
    if has_source:
        parse_citations(node["source"], field + ".source")
    return node["value"]


def _unit(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise InputError(field, value, "a number in [0, 1]")
    return float(value)


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(field, value, one_of(allowed))
    return str(value)


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, f"{path.parent.name}/{path.name}")


# --- the four files ----------------------------------------------------------------------------


def _load_members(path: Path) -> dict[str, Member]:
    data = _read_yaml(path)
    check_keys(data, ("members",), path.name)
    rows = data.get("members")
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{path.name}: members", rows, "a non-empty list of member records")
    members: dict[str, Member] = {}
    for i, row in enumerate(rows):
        f = f"{path.name}: members[{i}]"
        if not isinstance(row, dict):
            raise InputError(f, row, "a mapping with iso3, name, signed, left, threat_priorities, forces")
        code = row.get("iso3")
        if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
            raise InputError(f + ".iso3", code, "a three-letter upper-case ISO3 code")
        if code in members:
            raise InputError(f + ".iso3", code, "each member once (a second record would silently replace the first)")
        f = f"{path.name}: {code}"
        check_keys(row, MEMBER_KEYS, f)
        threats = row.get("threat_priorities")
        if not isinstance(threats, dict) or set(threats) != set(FRONTS):
            got = sorted(threats) if isinstance(threats, dict) else threats
            raise InputError(f + ".threat_priorities", got, "exactly the fronts " + ", ".join(FRONTS))
        forces = row.get("forces") or {}
        check_keys(forces, FORCE_SHARE_KEYS, f + ".forces")
        left = row.get("left")
        member = Member(
            iso3=code,
            name=str(row.get("name", code)),
            signed=parse_date(_sourced(row.get("signed"), f + ".signed"), f + ".signed"),
            left=None if left is None else parse_date(_sourced(left, f + ".left"), f + ".left"),
            threat={
                front: _unit(_sourced(threats[front], f"{f}.threat_priorities.{front}"),
                             f"{f}.threat_priorities.{front}")
                for front in FRONTS
            },
            readiness_share=_unit(_sourced(forces.get("readiness_share"), f + ".forces.readiness_share"),
                                  f + ".forces.readiness_share"),
            peacekeeping_share=_unit(
                _sourced(forces.get("peacekeeping_share"), f + ".forces.peacekeeping_share"),
                f + ".forces.peacekeeping_share"),
        )
        if member.left is not None and member.left <= member.signed:
            raise InputError(f + ".left", member.left.isoformat(), f"a date after signed ({member.signed.isoformat()})")
        members[code] = member
    for share in ("readiness_share", "peacekeeping_share"):
        total = sum(getattr(m, share) for m in members.values())
        if total > 1.0 + 1e-9:
            raise InputError(f"{path.name}: forces.{share}", round(total, 6),
                             "shares of the alliance's forces summing to at most 1 over all members")
    return members


def _load_alliance(path: Path) -> AllianceHistory:
    data = _read_yaml(path)
    check_keys(data, ALLIANCE_KEYS, path.name)
    events = []
    for i, ev in enumerate(data.get("events") or []):
        f = f"{path.name}: events[{i}]"
        if not isinstance(ev, dict) or "key" not in ev:
            raise InputError(f, ev, "a mapping with date, key, value and source or assumption")
        check_keys(ev, EVENT_KEYS, f)
        value = _sourced({k: v for k, v in ev.items() if k not in ("date", "key")}, f)
        events.append((parse_date(ev.get("date"), f + ".date"), str(ev["key"]), bool(value)))
    check_event_order([(d, k) for d, k, _ in events], f"{path.name}: events")
    forces = data.get("forces") or {}
    check_keys(forces, ALLIANCE_FORCE_KEYS, f"{path.name}: forces")

    def count(node: Any, field: str) -> int:
        v = _sourced(node, f"{path.name}: {field}")
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise InputError(f"{path.name}: {field}", v, "a positive whole number")
        return v

    return AllianceHistory(
        events=tuple(events),
        treaty_term_years=count(data.get("treaty_term_years"), "treaty_term_years"),
        readiness_troops=count(forces.get("readiness_troops"), "forces.readiness_troops"),
        peacekeepers=count(forces.get("peacekeepers"), "forces.peacekeepers"),
        leading_state=str(_sourced(data.get("leading_state"), f"{path.name}: leading_state")),
        decision_rule=str(_sourced(data.get("decision_rule"), f"{path.name}: decision_rule")),
    )


def _load_ties(path: Path, actors: frozenset[str]) -> nx.Graph:
    """Ties between members and known outside actors; each pair once, in either order."""
    text = read_text(path, f"{path.parent.name}/{path.name}")
    graph: nx.Graph[str] = nx.Graph()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    need = {"a", "b", "affinity", "source", "assumption"}
    if reader.fieldnames is None or not need <= set(reader.fieldnames):
        raise InputError(f"{path.name}: header", reader.fieldnames, "columns " + ", ".join(sorted(need)))
    for line, row in enumerate(reader, start=2):
        f = f"{path.name}: line {line}"
        try:
            affinity = float(row["affinity"])
        except (TypeError, ValueError):
            raise InputError(f + ".affinity", row["affinity"], "a number in [-1, 1]") from None
        if not -1.0 <= affinity <= 1.0:
            raise InputError(f + ".affinity", affinity, "a number in [-1, 1]")
        if not (row["source"] or row["assumption"]):
            raise InputError(f, row, "a 'source' citation or an 'assumption' reason")
        if row["source"]:
            parse_citations(row["source"], f + ".source")
        a, b = row["a"], row["b"]
        for end, code in (("a", a), ("b", b)):
            if code not in actors:
                raise InputError(f"{f}.{end}", code, "a member or a known outside actor; " + one_of(actors))
        if a == b:
            raise InputError(f"{f}.b", b, f"an actor other than {a} (a tie joins two actors)")
        if graph.has_edge(a, b):
            raise InputError(f"{f}", f"{a},{b}", "each pair once, in either order (a second row would "
                             "silently replace the first)")
        graph.add_edge(a, b, affinity=affinity,
                       source=row["source"], assumption=row["assumption"])
    return graph


def _load_episodes(path: Path, members: dict[str, Member]) -> dict[str, Episode]:
    data = _read_yaml(path)
    check_keys(data, ("episodes",), path.name)
    episodes: dict[str, Episode] = {}
    for i, row in enumerate(data.get("episodes") or []):
        f = f"{path.name}: episodes[{i}]"
        if not isinstance(row, dict) or "id" not in row:
            raise InputError(f, row, "a mapping with id, date, requester, crisis_type, ...")
        f = f"{path.name}: {row['id']}"
        check_keys(row, EPISODE_KEYS, f)
        if row["id"] in episodes:
            raise InputError(f"{path.name}: episodes[{i}].id", row["id"], "each episode id once")
        parse_citations(row.get("source", ""), f + ".source")
        requester = _choice(row.get("requester"), f + ".requester", tuple(members))
        adversary = row.get("adversary")
        if adversary is not None:
            _choice(adversary, f + ".adversary", tuple(sorted(set(members) | set(OUTSIDE_ACTORS))))
        alt = row.get("alternative_outcome")
        troops = row.get("observed_troops")
        episodes[row["id"]] = Episode(
            id=str(row["id"]),
            name=str(row.get("name", row["id"])),
            date=parse_date(row.get("date"), f + ".date"),
            requester=requester,
            crisis_type=_choice(row.get("crisis_type"), f + ".crisis_type", CRISIS_TYPES),
            front=_choice(row.get("front"), f + ".front", GEOGRAPHIC_FRONTS),
            adversary=None if adversary is None else str(adversary),
            formal_request=bool(row.get("formal_request")),
            framing=_choice(row.get("framing"), f + ".framing", FRAMINGS),
            on_member_territory=bool(row.get("on_member_territory", True)),
            observed_outcome=_choice(row.get("observed_outcome"), f + ".observed_outcome", OUTCOMES),
            alternative_outcome=None if alt is None else _choice(alt, f + ".alternative_outcome", OUTCOMES),
            role=_choice(row.get("role"), f + ".role", ROLES),
            observed_troops=None if troops is None else int(troops),
        )
    if not episodes:
        raise InputError(f"{path.name}: episodes", None, "a non-empty list of episodes")
    return episodes


@lru_cache(maxsize=8)
def _load_cached(directory: Path) -> SeedData:
    if not directory.is_dir():
        raise InputError("alliance.seeds_dir", str(directory), "an existing folder holding the seed files")
    members = _load_members(directory / "members.yaml")
    data = SeedData(
        members=members,
        alliance=_load_alliance(directory / "alliance.yaml"),
        episodes=_load_episodes(directory / "episodes.yaml", members),
        ties=_load_ties(directory / "ties.csv", frozenset(members) | frozenset(OUTSIDE_ACTORS)),
        directory=directory,
    )
    check_ties_complete({frozenset(e) for e in data.ties.edges},
                        _untied_pairs(directory / "alliance.yaml", members),
                        {code: (m.signed, m.left) for code, m in members.items()})
    return data


def _untied_pairs(path: Path, members: dict[str, Member]) -> set[frozenset[str]]:
    """alliance.yaml `untied_pairs`: member pairs the sources give no tie for, said explicitly."""
    node = _read_yaml(path).get("untied_pairs")
    if node is None:
        return set()
    field = f"{path.name}: untied_pairs"
    pairs: set[frozenset[str]] = set()
    for text in _sourced(node, field) or []:
        a, _, b = str(text).partition("-")
        if a not in members or b not in members or a == b:
            raise InputError(field, text, "pairs 'AAA-BBB' of two members; " + one_of(members))
        pairs.add(frozenset((a, b)))
    return pairs


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
