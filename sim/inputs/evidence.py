"""Read and validate the outside evidence (seeds/evidence/) and the dated inputs (seeds/dated.yaml).

The five source articles name four requests; the evidence folder adds the crises they leave out,
each record keeping its provenance (seed, evidence, both, assumption) and confidence, so a reader
sees which facts rest on the sources and which on outside reporting. Where the two disagree the
record keeps both codings; `coding="seeds"` applies the seeds-only coding, `coding="evidence"`
the best-supported one. Dated inputs let an episode read the world as it was on its date.

Bad input fails here, with the file, the record and the field named, e.g.
`seeds/evidence/episodes.yaml[kyrgyzstan_1999].request`. Nothing else in the project is imported,
so the module can be used (and tested) on its own.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import InputError, one_of
from sim.inputs.files import read_text, read_yaml
from sim.inputs.seedchecks import check_dated_complete, check_keys, check_no_duplicate_events
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seeds import OUTSIDE_ACTORS

CODINGS: tuple[str, ...] = ("seeds", "evidence")
CHANNELS: tuple[str, ...] = ("formal", "informal", "bilateral", "none", "political")
OUTCOMES: tuple[str, ...] = ("troops", "partial", "none")
CRISIS_TYPES: tuple[str, ...] = (
    "external_non_state", "internal_unrest", "conflict_with_non_member", "member_vs_member")
FRONTS: tuple[str, ...] = ("western", "southern", "caucasus")
THREAT_FRONTS: tuple[str, ...] = (*FRONTS, "internal")
FRAMINGS: tuple[str, ...] = ("external_aggression", "internal_security", "border_dispute")
# What a request asked for: troops or peacekeepers; equipment, arms, advisers or money; political
# backing (consultations, statements, recognition); nothing (no request).
ASKED: tuple[str, ...] = ("forces", "aid", "political", "nothing")
PROVENANCES: tuple[str, ...] = ("seed", "evidence", "both", "assumption")
CONFIDENCES: tuple[str, ...] = ("H", "M", "L")
MEMBERSHIP_EVENTS: tuple[str, ...] = (
    "signed", "in_force", "announced_exit", "renewed", "lapsed", "organisation", "charter_signed",
    "charter_in_force", "announced_return", "returned", "standing_forces", "announced_suspension",
    "suspended", "refused_declaration", "refused_exercises", "recalled_representative",
    "boycotted_summit", "froze", "stopped_financing", "absent", "outside_statement", "no_notice")
DATED_SECTIONS: tuple[str, ...] = ("ties", "threats", "commitments", "drivers", "premises", "facts")
_DATED_COMMON = ("from", "until", "value", "source", "assumption", "range", "note")
DATED_KEYS: dict[str, tuple[str, ...]] = {  # the keys each section's records may hold
    "ties": ("a", "b", *_DATED_COMMON), "threats": ("member", "front", *_DATED_COMMON),
    "commitments": ("member", "theatre", *_DATED_COMMON), "drivers": ("member", "driver", "by", *_DATED_COMMON),
    "premises": ("member", "premise", "against", *_DATED_COMMON), "facts": ("key", *_DATED_COMMON)}
_EPISODE_READ = ("id", "evidence_id", "name", "date", "end", "requester", "actors", "adversary", "crisis_type",
                 "front", "framing", "on_member_territory", "asked", "request", "request_to", "first_request",
                 "troops_asked", "outcome", "outcome_detail", "deployed", "troops", "bilateral_help",
                 "reasons_given", "provenance", "confidence", "citations", "seeds_coding")
# An episode record's keys: those the loader reads, a `<key>_note` beside any of them, and `note`.
EVIDENCE_EPISODE_KEYS: tuple[str, ...] = (*_EPISODE_READ, *(f"{k}_note" for k in _EPISODE_READ), "note")
MEMBERSHIP_KEYS: tuple[str, ...] = ("date", "date_note", "event", "members", "detail", "provenance",
                                    "confidence", "citations", "note")
# A member's opposition to the premise of a mission (seeds/dated.yaml `premises`): internal_use =
# collective forces in a member's internal conflict (applies to internal unrest); war_against =
# helping a war against the record's `against` actor (applies when that actor is the adversary).
PREMISES: tuple[str, ...] = ("internal_use", "war_against")
# What moves a member's case for staying (seeds/dated.yaml `drivers`, sim/model/standing.py): the
# first three are grievances against the alliance's patron or its line, the last an outside option.
GRIEVANCES: tuple[str, ...] = ("arms_to_adversary", "separatist_support", "doctrine_against_internal_use")
DRIVERS: tuple[str, ...] = (*GRIEVANCES, "alternative_alignment")
JOIN_EVENTS: frozenset[str] = frozenset({"signed", "returned"})
EXIT_EVENTS: frozenset[str] = frozenset({"lapsed", "suspended"})
# States and blocs that are not (and were never) parties but appear as adversaries or tie ends.
# The fields a `seeds_coding` block may override, and the bookkeeping keys it must/may hold.
SEEDS_CODING_FIELDS: tuple[str, ...] = ("request", "outcome", "framing", "date", "deployed", "first_request")
_SEEDS_CODING_META: tuple[str, ...] = ("citations", "assumption", "note")

EPISODES_FILE = "evidence/episodes.yaml"
MEMBERSHIP_FILE = "evidence/membership.yaml"
MEMBER_ACTIONS_FILE = "evidence/member_actions.yaml"  # read by sim/inputs/actions.py
LEVERAGE_FILE = "evidence/leverage.yaml"  # read by sim/inputs/leverage.py
DATED_FILE = "dated.yaml"

_SEED_CITATION = re.compile(r"^(\d{3}_[0-9a-f]{16}\.txt) ¶(\d+)$")
_EVIDENCE_CITATION = re.compile(r"^evidence/([a-z_]+\.csv) (\S(?:.*\S)?)$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceEpisode:
    """A crisis at a member and what the alliance did, under one coding (`coded_by`)."""

    id: str
    evidence_id: str
    name: str
    date: dt.date
    end: dt.date
    requester: str
    crisis_type: str
    front: str
    adversary: str | None
    on_member_territory: bool
    framing: str
    request: str
    request_to: str | None
    outcome: str
    outcome_detail: str | None
    actors: str | None
    reasons_given: str | None
    bilateral_help: str | None
    provenance: str
    confidence: str
    citations: tuple[str, ...]
    troops: int | None = None
    deployed: dt.date | None = None
    first_request: bool | None = None
    coded_by: str = field(default="evidence", compare=False)  # the coding asked for, not content
    overridden: tuple[str, ...] = ()  # fields the seeds coding replaced (empty under "evidence")
    has_seeds_coding: bool = False
    asked: str = "forces"  # ASKED: what the request asked for ("nothing" when there was none)
    troops_asked: int | None = None  # personnel asked for, where a number is published

    @property
    def in_seeds(self) -> bool:
        """Whether the five sources report this episode at all (provenance seed or both)."""
        return self.provenance in ("seed", "both")

    @property
    def negative_control(self) -> bool:
        """A crisis without any request: what the alliance does when nobody asks."""
        return self.request == "none"


@dataclass(frozen=True)
class MembershipEvent:
    """A dated change in who is party to the treaty or how a party takes part."""

    date: dt.date
    event: str
    members: tuple[str, ...]
    detail: str | None
    provenance: str
    confidence: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class DatedValue:
    """One value in force over [start, until): a tie, threat, commitment or alliance fact."""

    kind: str  # "tie" | "threat" | "commitment" | "driver" | "premise" | "fact"
    key: tuple[str, ...]  # tie: sorted pair; threat: (member, front); commitment: (member, theatre);
    # driver: (member, driver); premise: (member, premise[, against]); fact: (key,)
    start: dt.date | None
    until: dt.date | None
    value: Any
    sources: tuple[str, ...]
    assumption: str | None
    range: tuple[float, float] | None
    where: str  # the record it came from, for messages and provenance

    def covers(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.until is None or when < self.until)


@dataclass(frozen=True)
class Evidence:
    """The validated evidence records under one coding, with date-keyed lookups."""

    coding: str
    episodes: dict[str, EvidenceEpisode]
    membership: tuple[MembershipEvent, ...]
    dated: tuple[DatedValue, ...]  # from seeds/dated.yaml
    defaults: tuple[DatedValue, ...]  # static ties (ties.csv) and threats (members.yaml), open ranges

    def coded_episodes(self) -> list[EvidenceEpisode]:
        """The episodes this coding stands on: all of them for "evidence"; for "seeds" only those
        the five sources report (the others are still in `episodes`, with `in_seeds` False)."""
        return [e for e in self.episodes.values() if self.coding == "evidence" or e.in_seeds]

    def record_on(self, kind: str, key: tuple[str, ...], when: dt.date) -> DatedValue | None:
        """The dated record in force on `when`, else the static default, else None."""
        for pool in (self.dated, self.defaults):
            for rec in pool:
                if rec.kind == kind and rec.key == key and rec.covers(when):
                    return rec
        return None

    def tie_on(self, a: str, b: str, when: dt.date) -> float | None:
        """Affinity between two actors on a date (either order); None if nothing is recorded."""
        rec = self.record_on("tie", _pair(a, b), when)
        return None if rec is None else float(rec.value)

    def threat_on(self, code: str, front: str, when: dt.date) -> float | None:
        """A member's threat priority on a front on a date; None for an unknown member or front."""
        rec = self.record_on("threat", (code, front), when)
        return None if rec is None else float(rec.value)

    def commitment_on(self, code: str, when: dt.date) -> float:
        """Share of a member's forces tied down elsewhere on a date, summed over theatres, at most 1.
        No record means nothing known to be committed: 0."""
        total = sum(float(r.value) for r in self.dated
                    if r.kind == "commitment" and r.key[0] == code and r.covers(when))
        return min(total, 1.0)

    def drivers_on(self, code: str, when: dt.date) -> dict[str, float]:
        """The drivers of a member's case for leaving in force on a date (DRIVERS -> strength);
        a driver with no record covering the date is absent (0)."""
        out = dict.fromkeys(DRIVERS, 0.0)
        for r in self.dated:
            if r.kind == "driver" and r.key[0] == code and r.covers(when):
                out[r.key[1]] = float(r.value)
        return out

    def opposition_on(self, code: str, crisis: Any) -> float:
        """A member's opposition to the premise of a mission for `crisis` (anything with `date`,
        `crisis_type` and `adversary`), in [0, 1]: the strongest premise record covering the date
        that applies (internal_use to internal unrest; war_against to a crisis whose adversary is
        the record's `against`). No applicable record: 0."""
        found = [0.0]
        for r in self.dated:
            if r.kind != "premise" or r.key[0] != code or not r.covers(crisis.date):
                continue
            if (r.key[1] == "internal_use" and crisis.crisis_type == "internal_unrest") or (
                    r.key[1] == "war_against" and crisis.adversary is not None and r.key[2] == crisis.adversary):
                found.append(float(r.value))
        return max(found)

    def citation_date(self, citation: str) -> dt.date | None:
        """When the evidence a citation points to became known: an episode row (or a member's action
        in it) at the episode's date, a membership row at its date, a leverage statistic on 1 January
        after its year or period. Seed paragraphs are undated background (None): the five articles
        (2022-2024) are read for structure (threat priorities, the treaty), not for dated events."""
        kind, file, ref = parse_citation(citation, "citation")
        if kind == "seed":
            return None
        ref = str(ref)
        if file in ("episodes.csv", "member_actions.csv"):
            eid = ref.split()[0]
            dates = [e.date for e in self.episodes.values() if e.evidence_id == eid]
            return min(dates) if dates else None
        if file == "membership.csv":
            return _date(ref.split()[0] + ("-01" if len(ref.split()[0]) == 7 else ""), "citation")
        if file == "leverage.csv":
            period = ref.split()[2]
            return dt.date(int(period.split("-")[-1]) + 1, 1, 1)
        return None

    def as_of(self, when: dt.date) -> Evidence:
        """The evidence as known before `when` (hindsight-free runs; the validation's origins).

        A dated input that starts on or after `when` is dropped; its citations dated on or after
        `when` are dropped, and so is the input itself if it rested only on such citations; an input
        in force at `when` stays in force (the world as then known persists). Membership events after
        `when` are not read (who is a member on the day itself is known that day). Episode records are
        kept: they are the crises to forecast."""
        kept = []
        for r in self.dated:
            if r.start is not None and r.start >= when:
                continue
            dates = [self.citation_date(c) for c in r.sources]
            sources = tuple(c for c, t in zip(r.sources, dates) if t is None or t < when)
            if r.sources and not sources:
                continue
            until = r.until if r.until is None or r.until <= when else None
            kept.append(dataclasses.replace(r, sources=sources, until=until))
        return dataclasses.replace(self, dated=tuple(kept),
                                   membership=tuple(e for e in self.membership if e.date <= when))

    def fact_on(self, key: str, when: dt.date, default: Any = None) -> Any:
        """An alliance-level fact on a date (e.g. collective_rapid_reaction_forces)."""
        rec = self.record_on("fact", (key,), when)
        return default if rec is None else rec.value

    def members_on(self, when: dt.date) -> tuple[str, ...]:
        """ISO3 codes of the parties on a date, from the membership events (sorted)."""
        current: set[str] = set()
        for ev in self.membership:
            if ev.date > when:
                break
            if ev.event in JOIN_EVENTS:
                current |= set(ev.members)
            elif ev.event in EXIT_EVENTS:
                current -= set(ev.members)
        return tuple(sorted(current))

    def charter_on(self, when: dt.date) -> bool:
        """Whether the Charter is in force on a date: from then on a member withdraws by notice at any
        time (Art. 19) or asks the Collective Security Council to suspend it (membership record,
        `charter_in_force`)."""
        return any(ev.event == "charter_in_force" and ev.date <= when for ev in self.membership)

    def participating_on(self, when: dt.date) -> tuple[str, ...]:
        """Parties on a date minus those that froze their participation (Armenia from 2024)."""
        frozen = {m for ev in self.membership if ev.event == "froze" and ev.date <= when for m in ev.members}
        return tuple(m for m in self.members_on(when) if m not in frozen)


# --- reading files ----------------------------------------------------------------------------


def _label(seeds_dir: Path, rel: str) -> str:
    """The file as messages name it: the seeds folder's name and the path inside it."""
    return f"{seeds_dir.name}/{rel}"


def _list(data: dict[str, Any], key: str, label: str) -> list[Any]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{label}.{key}", rows, "a non-empty list of records")
    return rows


# --- field checks -------------------------------------------------------------------------------


def parse_citation(text: Any, field: str) -> tuple[str, str, int | str]:
    """'000_x.txt ¶10' -> ('seed', file, 10); 'evidence/episodes.csv C03' -> ('evidence', file, 'C03')."""
    s = str(text)
    if m := _SEED_CITATION.match(s):
        return "seed", m.group(1), int(m.group(2))
    if m := _EVIDENCE_CITATION.match(s):
        return "evidence", m.group(1), m.group(2)
    raise InputError(field, text, "a citation like '000_b864a2c696621e71.txt ¶10' or 'evidence/episodes.csv C03'")


def _citations(node: Any, field: str, *, seeds_only: bool = False) -> tuple[str, ...]:
    """A non-empty list of citations (a '; '-joined string is accepted too)."""
    items = [p.strip() for p in node.split(";")] if isinstance(node, str) else node
    if not isinstance(items, list) or not items:
        raise InputError(field, node, "a non-empty list of citations")
    for item in items:
        kind, _, _ = parse_citation(item, field)
        if seeds_only and kind != "seed":
            raise InputError(field, item, "seed paragraphs only (the seeds coding rests on the five sources)")
    return tuple(str(i) for i in items)


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(field, value, one_of(allowed))
    return str(value)


def _date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field, value, "an ISO date YYYY-MM-DD") from None


def _opt_date(value: Any, field: str) -> dt.date | None:
    return None if value is None else _date(value, field)


def _text(value: Any, field: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, value, "a non-empty text")
    return value


def _bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, value, "true or false")
    return value


def _actor(value: Any, field: str, actors: frozenset[str]) -> str:
    if value not in actors:
        raise InputError(field, value, one_of(actors))
    return str(value)


def _number(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise InputError(field, value, f"a number in [{low:g}, {high:g}]")
    return float(value)


def _sourced_choice(node: Any, field: str, allowed: tuple[str, ...]) -> str:
    """A coded value with its source or assumption: `{value, source: [...], assumption: "..."}`."""
    if not isinstance(node, dict) or "value" not in node:
        raise InputError(field, node, "a mapping with 'value' and 'source' and/or 'assumption'")
    if node.get("source") is None and not node.get("assumption"):
        raise InputError(field, node, "a 'source' citation list or an 'assumption' reason")
    if node.get("source") is not None:
        _citations(node["source"], field + ".source")
    if node.get("assumption") is not None:
        _text(node["assumption"], field + ".assumption")
    return _choice(node["value"], field + ".value", allowed)


def _asked(node: Any, field: str) -> str:
    """What a request asked for: a value with its source or assumption (like the framing)."""
    return _sourced_choice(node, field, ASKED)


def _framing(node: Any, field: str) -> str:
    """Framing is how the requester put the crisis: a value with its source or assumption."""
    return _sourced_choice(node, field, FRAMINGS)


# --- episodes -----------------------------------------------------------------------------------


def _episode(row: Any, f: str, actors: frozenset[str]) -> EvidenceEpisode:
    """One record of episodes.yaml under the evidence coding (f = 'file[id]')."""
    check_keys(row, EVIDENCE_EPISODE_KEYS, f)
    date = _date(row.get("date"), f + ".date")
    end = _date(row.get("end"), f + ".end")
    if end < date:
        raise InputError(f + ".end", str(end), f"a date on or after the start ({date})")
    adversary = row.get("adversary")
    troops = row.get("troops")
    if troops is not None and (isinstance(troops, bool) or not isinstance(troops, int) or troops <= 0):
        raise InputError(f + ".troops", troops, "a positive whole number or null")
    first = row.get("first_request")
    request = _choice(row.get("request"), f + ".request", CHANNELS)
    asked = _asked(row.get("asked"), f + ".asked")
    if (request == "none") != (asked == "nothing"):
        raise InputError(f + ".asked.value", asked,
                         "'nothing' exactly when the request is 'none'" + f" (request: {request})")
    troops_asked = row.get("troops_asked")
    if troops_asked is not None and (isinstance(troops_asked, bool) or not isinstance(troops_asked, int)
                                     or troops_asked <= 0 or asked != "forces"):
        raise InputError(f + ".troops_asked", troops_asked,
                         "a positive whole number where forces were asked for, else null")
    evidence_id = row.get("evidence_id")
    if not (isinstance(evidence_id, str) and re.fullmatch(r"[A-Z]\d+", evidence_id)):
        raise InputError(f + ".evidence_id", evidence_id, "a row id of episodes.csv such as 'C03' or 'N1'")
    return EvidenceEpisode(
        id=str(row["id"]),
        evidence_id=evidence_id,
        name=_text(row.get("name"), f + ".name", required=True) or "",
        date=date,
        end=end,
        requester=_actor(row.get("requester"), f + ".requester", actors),
        crisis_type=_choice(row.get("crisis_type"), f + ".crisis_type", CRISIS_TYPES),
        front=_choice(row.get("front"), f + ".front", FRONTS),
        adversary=None if adversary is None else _actor(adversary, f + ".adversary", actors),
        on_member_territory=_bool(row.get("on_member_territory"), f + ".on_member_territory"),
        framing=_framing(row.get("framing"), f + ".framing"),
        request=request,
        request_to=_text(row.get("request_to"), f + ".request_to"),
        outcome=_choice(row.get("outcome"), f + ".outcome", OUTCOMES),
        outcome_detail=_text(row.get("outcome_detail"), f + ".outcome_detail"),
        actors=_text(row.get("actors"), f + ".actors"),
        reasons_given=_text(row.get("reasons_given"), f + ".reasons_given"),
        bilateral_help=_text(row.get("bilateral_help"), f + ".bilateral_help"),
        provenance=_choice(row.get("provenance"), f + ".provenance", PROVENANCES),
        confidence=_choice(row.get("confidence"), f + ".confidence", CONFIDENCES),
        citations=_citations(row.get("citations"), f + ".citations"),
        troops=troops,
        deployed=_opt_date(row.get("deployed"), f + ".deployed"),
        first_request=None if first is None else _bool(first, f + ".first_request"),
        has_seeds_coding=row.get("seeds_coding") is not None,
        asked=asked,
        troops_asked=troops_asked,
    )


def _seeds_overrides(node: Any, f: str) -> dict[str, Any]:
    """Validate a `seeds_coding` block; return the typed field overrides it carries."""
    if not isinstance(node, dict):
        raise InputError(f, node, "a mapping of differing fields with their seed citations")
    unknown = set(node) - set(SEEDS_CODING_FIELDS) - set(_SEEDS_CODING_META)
    if unknown:
        raise InputError(f + "." + sorted(unknown)[0], node[sorted(unknown)[0]],
                         one_of((*SEEDS_CODING_FIELDS, *_SEEDS_CODING_META)))
    _citations(node.get("citations"), f + ".citations", seeds_only=True)
    checks = {
        "request": lambda v, g: _choice(v, g, CHANNELS),
        "outcome": lambda v, g: _choice(v, g, OUTCOMES),
        "framing": lambda v, g: _choice(v, g, FRAMINGS),
        "date": _date,
        "deployed": _date,
        "first_request": _bool,
    }
    overrides = {k: checks[k](node[k], f"{f}.{k}") for k in SEEDS_CODING_FIELDS if k in node}
    if not overrides:
        raise InputError(f, node, "at least one of " + ", ".join(SEEDS_CODING_FIELDS))
    return overrides


def _apply_coding(ep: EvidenceEpisode, overrides: dict[str, Any], coding: str) -> EvidenceEpisode:
    """The episode under `coding`: the seeds coding swaps in the fields the five sources give."""
    if coding == "evidence":
        return ep
    changed = tuple(k for k, v in overrides.items() if getattr(ep, k) != v)
    return dataclasses.replace(ep, **overrides, coded_by="seeds", overridden=changed)


def _load_episodes(seeds_dir: Path, actors: frozenset[str], coding: str) -> dict[str, EvidenceEpisode]:
    label = _label(seeds_dir, EPISODES_FILE)
    rows = _list(read_yaml(seeds_dir / EPISODES_FILE, label), "episodes", label)
    episodes: dict[str, EvidenceEpisode] = {}
    evidence_ids: dict[str, str] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not (isinstance(row.get("id"), str) and _ID.match(row["id"])):
            got = row.get("id") if isinstance(row, dict) else row
            raise InputError(f"{label}[{i}].id", got, "a snake_case id")
        f = f"{label}[{row['id']}]"
        if row["id"] in episodes:
            raise InputError(f + ".id", row["id"], "an id not used by another episode")
        ep = _episode(row, f, actors)
        if ep.evidence_id in evidence_ids:
            raise InputError(f + ".evidence_id", ep.evidence_id, f"a row not already coded by {evidence_ids[ep.evidence_id]}")
        evidence_ids[ep.evidence_id] = ep.id
        overrides = {} if row.get("seeds_coding") is None else _seeds_overrides(row["seeds_coding"], f + ".seeds_coding")
        coded = _apply_coding(ep, overrides, coding)
        if coded.end < coded.date:
            raise InputError(f + ".seeds_coding.date", str(coded.date), f"a date on or before the end ({coded.end})")
        episodes[ep.id] = coded
    return episodes


# --- membership ----------------------------------------------------------------------------------


def _load_membership(seeds_dir: Path, actors: frozenset[str]) -> tuple[MembershipEvent, ...]:
    label = _label(seeds_dir, MEMBERSHIP_FILE)
    rows = _list(read_yaml(seeds_dir / MEMBERSHIP_FILE, label), "events", label)
    events: list[MembershipEvent] = []
    for i, row in enumerate(rows):
        f = f"{label}[{i}]"
        if not isinstance(row, dict):
            raise InputError(f, row, "a mapping with date, event, members, provenance, confidence, citations")
        check_keys(row, MEMBERSHIP_KEYS, f)
        date = _date(row.get("date"), f + ".date")
        if events and date < events[-1].date:
            raise InputError(f + ".date", str(date), f"a date on or after the previous event's ({events[-1].date}): events are in order")
        members = row.get("members")
        if not isinstance(members, list):
            raise InputError(f + ".members", members, "a list of ISO3 codes ([] for the alliance as a whole)")
        events.append(MembershipEvent(
            date=date,
            event=_choice(row.get("event"), f + ".event", MEMBERSHIP_EVENTS),
            members=tuple(_actor(m, f"{f}.members", actors) for m in members),
            detail=_text(row.get("detail"), f + ".detail"),
            provenance=_choice(row.get("provenance"), f + ".provenance", PROVENANCES),
            confidence=_choice(row.get("confidence"), f + ".confidence", CONFIDENCES),
            citations=_citations(row.get("citations"), f + ".citations"),
        ))
    check_no_duplicate_events([(e.date, e.event, ",".join(sorted(e.members))) for e in events], label)
    return tuple(events)


# --- dated inputs ---------------------------------------------------------------------------------


def _pair(a: str, b: str) -> tuple[str, str]:
    """A tie's key: the same for (a, b) and (b, a)."""
    return (a, b) if a <= b else (b, a)


def _dated(row: Any, f: str, kind: str, key: tuple[str, ...], bounds: tuple[float, float] | None) -> DatedValue:
    """One dated record: range in order, value in bounds, a source or an assumption, a sane range."""
    if not isinstance(row, dict):
        raise InputError(f, row, "a mapping with from, until, value and source or assumption")
    start, until = _opt_date(row.get("from"), f + ".from"), _opt_date(row.get("until"), f + ".until")
    if start is not None and until is not None and until <= start:
        raise InputError(f + ".until", str(until), f"a date after 'from' ({start}); until is exclusive")
    if "value" not in row:
        raise InputError(f + ".value", None, "a value")
    value = row["value"]
    if bounds is not None:
        value = _number(value, f + ".value", *bounds)
    elif not isinstance(value, (bool, int, float, str)):
        raise InputError(f + ".value", value, "a scalar: true/false, a number or a text")
    sources = () if row.get("source") is None else _citations(row["source"], f + ".source")
    assumption = _text(row.get("assumption"), f + ".assumption")
    if not sources and assumption is None:
        raise InputError(f, {k: row.get(k) for k in ("value", "source", "assumption")},
                         "a 'source' citation list or an 'assumption' reason")
    rng = row.get("range")
    if rng is not None:
        ok = (isinstance(rng, list) and len(rng) == 2 and all(
            isinstance(x, (int, float)) and not isinstance(x, bool) for x in rng))
        if not ok or not rng[0] <= value <= rng[1] or (bounds and not bounds[0] <= rng[0] <= rng[1] <= bounds[1]):
            raise InputError(f + ".range", rng, "[low, high] with low <= value <= high, inside the value's bounds")
        rng = (float(rng[0]), float(rng[1]))
    return DatedValue(kind, key, start, until, value, sources, assumption, rng, f)


def _overlaps(a: DatedValue, b: DatedValue) -> bool:
    a_start, b_start = a.start or dt.date.min, b.start or dt.date.min
    a_until, b_until = a.until or dt.date.max, b.until or dt.date.max
    return a_start < b_until and b_start < a_until


def _check_no_overlap(records: list[DatedValue]) -> None:
    """Two ranges for one key would make a lookup ambiguous; the later record is named."""
    for i, rec in enumerate(records):
        for prev in records[:i]:
            if prev.kind == rec.kind and prev.key == rec.key and _overlaps(prev, rec):
                raise InputError(rec.where + ".from", str(rec.start),
                                 f"a range not overlapping {prev.where} ({prev.start} to {prev.until}) for {'-'.join(rec.key)}")


def _load_dated(seeds_dir: Path, actors: frozenset[str], members: frozenset[str]) -> tuple[DatedValue, ...]:
    label = _label(seeds_dir, DATED_FILE)
    data = read_yaml(seeds_dir / DATED_FILE, label)
    unknown = set(data) - set(DATED_SECTIONS)
    if unknown:
        raise InputError(f"{label}.{sorted(unknown)[0]}", None, one_of(DATED_SECTIONS))
    records: list[DatedValue] = []

    def rows(section: str) -> list[tuple[str, dict[str, Any]]]:
        items = data.get(section) or []
        if not isinstance(items, list):
            raise InputError(f"{label}.{section}", items, "a list of dated records")
        out = []
        for i, row in enumerate(items):
            f = f"{label}[{section}[{i}]]"
            if not isinstance(row, dict):
                raise InputError(f, row, "a mapping with from, until, value and source or assumption")
            check_keys(row, DATED_KEYS[section], f)
            out.append((f, row))
        return out

    for f, row in rows("ties"):
        a, b = _actor(row.get("a"), f + ".a", actors), _actor(row.get("b"), f + ".b", actors)
        if a == b:
            raise InputError(f + ".b", b, "an actor other than 'a'")
        records.append(_dated(row, f, "tie", _pair(a, b), (-1.0, 1.0)))
    for f, row in rows("threats"):
        key = (_actor(row.get("member"), f + ".member", members),
               _choice(row.get("front"), f + ".front", THREAT_FRONTS))
        records.append(_dated(row, f, "threat", key, (0.0, 1.0)))
    for f, row in rows("commitments"):
        theatre = row.get("theatre")
        if not (isinstance(theatre, str) and _ID.match(theatre)):
            raise InputError(f + ".theatre", theatre, "a snake_case name of where the forces are")
        key = (_actor(row.get("member"), f + ".member", members), theatre)
        records.append(_dated(row, f, "commitment", key, (0.0, 1.0)))
    for f, row in rows("drivers"):
        key = (_actor(row.get("member"), f + ".member", members), _choice(row.get("driver"), f + ".driver", DRIVERS))
        if row.get("by") is not None:
            _actor(row.get("by"), f + ".by", actors)
        records.append(_dated(row, f, "driver", key, (0.0, 1.0)))
    for f, row in rows("premises"):
        member = _actor(row.get("member"), f + ".member", members)
        premise = _choice(row.get("premise"), f + ".premise", PREMISES)
        against = row.get("against")
        if premise == "war_against":
            key: tuple[str, ...] = (member, premise, _actor(against, f + ".against", actors))
        elif against is not None:
            raise InputError(f + ".against", against, "null: only a war_against premise names an actor")
        else:
            key = (member, premise)
        records.append(_dated(row, f, "premise", key, (0.0, 1.0)))
    for f, row in rows("facts"):
        fact = row.get("key")
        if not (isinstance(fact, str) and _ID.match(fact)):
            raise InputError(f + ".key", fact, "a snake_case fact name")
        records.append(_dated(row, f, "fact", (fact,), None))
    _check_no_overlap(records)
    check_dated_complete(data, DATED_SECTIONS, records, label)
    return tuple(records)


# --- static defaults from the seed files ----------------------------------------------------------


def _seed_members(seeds_dir: Path) -> dict[str, dict[str, Any]]:
    """ISO3 -> threat_priorities node of seeds/members.yaml (validated fully by sim/seeds.py)."""
    label = _label(seeds_dir, "members.yaml")
    rows = _list(read_yaml(seeds_dir / "members.yaml", label), "members", label)
    out: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(rows):
        code = row.get("iso3") if isinstance(row, dict) else None
        if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
            raise InputError(f"{label}[{i}].iso3", code, "a three-letter upper-case ISO3 code")
        out[code] = row.get("threat_priorities") or {}
    return out


def _static_defaults(seeds_dir: Path, seed_members: dict[str, dict[str, Any]],
                     actors: frozenset[str]) -> tuple[DatedValue, ...]:
    """Static ties (ties.csv) and threats (members.yaml) as open ranges: the fallback lookups."""
    out: list[DatedValue] = []
    for code, threats in seed_members.items():
        for front, node in threats.items():
            f = f"{_label(seeds_dir, 'members.yaml')}[{code}].threat_priorities.{front}"
            if front in THREAT_FRONTS and isinstance(node, dict):
                src = node.get("source")
                out.append(DatedValue("threat", (code, front), None, None,
                                      _number(node.get("value"), f + ".value", 0.0, 1.0),
                                      () if not src else _citations(src, f + ".source"),
                                      node.get("assumption"), None, f))
    label = _label(seeds_dir, "ties.csv")
    text = read_text(seeds_dir / "ties.csv", label)
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        f = f"{label}[line {line}]"
        a, b = _actor(row.get("a"), f + ".a", actors), _actor(row.get("b"), f + ".b", actors)
        try:
            value = float(row.get("affinity") or "")
        except ValueError:
            raise InputError(f + ".affinity", row.get("affinity"), "a number in [-1, 1]") from None
        src = row.get("source") or ""
        out.append(DatedValue("tie", _pair(a, b), None, None, _number(value, f + ".affinity", -1.0, 1.0),
                              _citations(src, f + ".source") if src else (),
                              row.get("assumption") or None, None, f))
    return tuple(out)


# --- public API -------------------------------------------------------------------------------------


def known_actors(seeds_dir: Path) -> frozenset[str]:
    """Every code a record may name: the treaty's parties (members.yaml) and OUTSIDE_ACTORS."""
    return frozenset(_seed_members(Path(seeds_dir))) | frozenset(OUTSIDE_ACTORS)


def load_evidence(seeds_dir: Path = SEEDS_DIR, coding: str = "evidence") -> Evidence:
    """Load and validate seeds/evidence/episodes.yaml and membership.yaml and seeds/dated.yaml under
    one coding (member_actions.yaml: sim/inputs/actions.py; leverage.yaml: sim/inputs/leverage.py).

    coding="evidence": the best-supported coding of every episode.
    coding="seeds": episodes with a `seeds_coding` block take its fields (what the five sources
    alone say); every episode is still returned, and `in_seeds` tells which the sources report
    (`Evidence.coded_episodes()` keeps only those).
    """
    coding = _choice(coding, "evidence.coding", CODINGS)
    seeds_dir = Path(seeds_dir)
    seed_members = _seed_members(seeds_dir)
    members = frozenset(seed_members)
    actors = members | frozenset(OUTSIDE_ACTORS)
    return Evidence(
        coding=coding,
        episodes=_load_episodes(seeds_dir, actors, coding),
        membership=_load_membership(seeds_dir, actors),
        dated=_load_dated(seeds_dir, actors, members),
        defaults=_static_defaults(seeds_dir, seed_members, actors),
    )


def all_evidence_citations(seeds_dir: Path = SEEDS_DIR) -> list[tuple[str, str, tuple[str, int | str]]]:
    """Every citation in seeds/evidence/*.yaml (episodes, membership, member actions, leverage) and
    seeds/dated.yaml as (where, kind, target):
    kind 'seed' -> target (file, paragraph); kind 'evidence' -> target (csv file, row id)."""
    seeds_dir = Path(seeds_dir)
    found: list[tuple[str, str, tuple[str, int | str]]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("citations", "source") and value is not None:
                    for item in _citations(value, f"{where}.{key}"):
                        kind, file, ref = parse_citation(item, f"{where}.{key}")
                        found.append((f"{where}.{key}", kind, (file, ref)))
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                label = value["id"] if isinstance(value, dict) and isinstance(value.get("id"), str) else str(i)
                walk(value, f"{where}[{label}]")

    for rel in (EPISODES_FILE, MEMBERSHIP_FILE, MEMBER_ACTIONS_FILE, LEVERAGE_FILE, DATED_FILE):
        label = _label(seeds_dir, rel)
        walk(read_yaml(seeds_dir / rel, label), label)
    return found
