"""Read and validate the outside evidence (seeds/evidence/) and the dated inputs (seeds/dated.yaml).

The five source articles name four requests; the evidence folder adds the crises they leave out,
each record keeping its provenance (seed, evidence, both, assumption) and confidence, so a reader
sees which facts rest on the sources and which on outside reporting. Where the two disagree the
record keeps both codings; `coding="seeds"` applies the seeds-only coding, `coding="evidence"`
the best-supported one. Dated inputs let an episode read the world as it was on its date.

Bad input fails here, with the file, the record and the field named, e.g.
`seeds/evidence/episodes.yaml[kyrgyzstan_1999].request`. The records this fills are in
sim.inputs.evidence_records, the field checks in sim.inputs.fields; nothing above the inputs is
imported, so the module can be used (and tested) on its own.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

from sim.errors import InputError, one_of
from sim.inputs.evidence_records import (
    ASKED,
    CHANNELS,
    CODINGS,
    CONFIDENCES,
    CRISIS_TYPES,
    DATED_FILE,
    DATED_SECTIONS,
    DRIVERS,
    EPISODES_FILE,
    EXIT_EVENTS,
    FRAMINGS,
    FRONTS,
    GRIEVANCES,
    ID_PATTERN,
    JOIN_EVENTS,
    LEVERAGE_FILE,
    MEMBERSHIP_EVENTS,
    MEMBERSHIP_FILE,
    MEMBER_ACTIONS_FILE,
    OUTCOMES,
    PREMISES,
    PROVENANCES,
    SEEDS_CODING_FIELDS,
    SEEDS_CODING_META,
    THREAT_FRONTS,
    DatedValue,
    Evidence,
    EvidenceEpisode,
    MembershipEvent,
    tie_key,
)
from sim.inputs.fields import (
    check_actor,
    check_bool,
    check_choice,
    check_citations,
    check_date,
    check_number,
    check_opt_date,
    check_sourced_choice,
    check_text,
    file_label,
    parse_citation,
    record_list,
)
from sim.inputs.files import read_text, read_yaml
from sim.inputs.seedchecks import check_dated_complete, check_keys, check_no_duplicate_events
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seeds import OUTSIDE_ACTORS

# Named here too, for the readers and callers that import them from this module.
__all__ = ["ASKED", "CONFIDENCES", "EPISODES_FILE", "EXIT_EVENTS", "GRIEVANCES", "JOIN_EVENTS", "LEVERAGE_FILE",
           "MEMBER_ACTIONS_FILE", "OUTSIDE_ACTORS", "PROVENANCES", "DatedValue", "Evidence", "EvidenceEpisode",
           "MembershipEvent", "all_evidence_citations", "known_actors", "load_evidence", "parse_citation"]

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


def _asked(node: Any, field: str) -> str:
    """What a request asked for: a value with its source or assumption (like the framing)."""
    return check_sourced_choice(node, field, ASKED)


def _framing(node: Any, field: str) -> str:
    """Framing is how the requester put the crisis: a value with its source or assumption."""
    return check_sourced_choice(node, field, FRAMINGS)


# --- episodes -----------------------------------------------------------------------------------


def _episode(row: Any, f: str, actors: frozenset[str]) -> EvidenceEpisode:
    """One record of episodes.yaml under the evidence coding (f = 'file[id]')."""
    check_keys(row, EVIDENCE_EPISODE_KEYS, f)
    date = check_date(row.get("date"), f + ".date")
    end = check_date(row.get("end"), f + ".end")
    if end < date:
        raise InputError(f + ".end", str(end), f"a date on or after the start ({date})")
    adversary = row.get("adversary")
    troops = row.get("troops")
    if troops is not None and (isinstance(troops, bool) or not isinstance(troops, int) or troops <= 0):
        raise InputError(f + ".troops", troops, "a positive whole number or null")
    first = row.get("first_request")
    request = check_choice(row.get("request"), f + ".request", CHANNELS)
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
        name=check_text(row.get("name"), f + ".name", required=True) or "",
        date=date,
        end=end,
        requester=check_actor(row.get("requester"), f + ".requester", actors),
        crisis_type=check_choice(row.get("crisis_type"), f + ".crisis_type", CRISIS_TYPES),
        front=check_choice(row.get("front"), f + ".front", FRONTS),
        adversary=None if adversary is None else check_actor(adversary, f + ".adversary", actors),
        on_member_territory=check_bool(row.get("on_member_territory"), f + ".on_member_territory"),
        framing=_framing(row.get("framing"), f + ".framing"),
        request=request,
        request_to=check_text(row.get("request_to"), f + ".request_to"),
        outcome=check_choice(row.get("outcome"), f + ".outcome", OUTCOMES),
        outcome_detail=check_text(row.get("outcome_detail"), f + ".outcome_detail"),
        actors=check_text(row.get("actors"), f + ".actors"),
        reasons_given=check_text(row.get("reasons_given"), f + ".reasons_given"),
        bilateral_help=check_text(row.get("bilateral_help"), f + ".bilateral_help"),
        provenance=check_choice(row.get("provenance"), f + ".provenance", PROVENANCES),
        confidence=check_choice(row.get("confidence"), f + ".confidence", CONFIDENCES),
        citations=check_citations(row.get("citations"), f + ".citations"),
        troops=troops,
        deployed=check_opt_date(row.get("deployed"), f + ".deployed"),
        first_request=None if first is None else check_bool(first, f + ".first_request"),
        has_seeds_coding=row.get("seeds_coding") is not None,
        asked=asked,
        troops_asked=troops_asked,
    )


def _seeds_overrides(node: Any, f: str) -> dict[str, Any]:
    """Validate a `seeds_coding` block; return the typed field overrides it carries."""
    if not isinstance(node, dict):
        raise InputError(f, node, "a mapping of differing fields with their seed citations")
    unknown = set(node) - set(SEEDS_CODING_FIELDS) - set(SEEDS_CODING_META)
    if unknown:
        raise InputError(f + "." + sorted(unknown)[0], node[sorted(unknown)[0]],
                         one_of((*SEEDS_CODING_FIELDS, *SEEDS_CODING_META)))
    check_citations(node.get("citations"), f + ".citations", seeds_only=True)
    checks = {
        "request": lambda v, g: check_choice(v, g, CHANNELS),
        "outcome": lambda v, g: check_choice(v, g, OUTCOMES),
        "framing": lambda v, g: check_choice(v, g, FRAMINGS),
        "date": check_date,
        "deployed": check_date,
        "first_request": check_bool,
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
    label = file_label(seeds_dir, EPISODES_FILE)
    rows = record_list(read_yaml(seeds_dir / EPISODES_FILE, label), "episodes", label)
    episodes: dict[str, EvidenceEpisode] = {}
    evidence_ids: dict[str, str] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not (isinstance(row.get("id"), str) and ID_PATTERN.match(row["id"])):
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
    label = file_label(seeds_dir, MEMBERSHIP_FILE)
    rows = record_list(read_yaml(seeds_dir / MEMBERSHIP_FILE, label), "events", label)
    events: list[MembershipEvent] = []
    for i, row in enumerate(rows):
        f = f"{label}[{i}]"
        if not isinstance(row, dict):
            raise InputError(f, row, "a mapping with date, event, members, provenance, confidence, citations")
        check_keys(row, MEMBERSHIP_KEYS, f)
        date = check_date(row.get("date"), f + ".date")
        if events and date < events[-1].date:
            raise InputError(f + ".date", str(date), f"a date on or after the previous event's ({events[-1].date}): events are in order")
        members = row.get("members")
        if not isinstance(members, list):
            raise InputError(f + ".members", members, "a list of ISO3 codes ([] for the alliance as a whole)")
        events.append(MembershipEvent(
            date=date,
            event=check_choice(row.get("event"), f + ".event", MEMBERSHIP_EVENTS),
            members=tuple(check_actor(m, f"{f}.members", actors) for m in members),
            detail=check_text(row.get("detail"), f + ".detail"),
            provenance=check_choice(row.get("provenance"), f + ".provenance", PROVENANCES),
            confidence=check_choice(row.get("confidence"), f + ".confidence", CONFIDENCES),
            citations=check_citations(row.get("citations"), f + ".citations"),
        ))
    check_no_duplicate_events([(e.date, e.event, ",".join(sorted(e.members))) for e in events], label)
    return tuple(events)


# --- dated inputs ---------------------------------------------------------------------------------


def _dated(row: Any, f: str, kind: str, key: tuple[str, ...], bounds: tuple[float, float] | None) -> DatedValue:
    """One dated record: range in order, value in bounds, a source or an assumption, a sane range."""
    if not isinstance(row, dict):
        raise InputError(f, row, "a mapping with from, until, value and source or assumption")
    start, until = check_opt_date(row.get("from"), f + ".from"), check_opt_date(row.get("until"), f + ".until")
    if start is not None and until is not None and until <= start:
        raise InputError(f + ".until", str(until), f"a date after 'from' ({start}); until is exclusive")
    if "value" not in row:
        raise InputError(f + ".value", None, "a value")
    value = row["value"]
    if bounds is not None:
        value = check_number(value, f + ".value", *bounds)
    elif not isinstance(value, (bool, int, float, str)):
        raise InputError(f + ".value", value, "a scalar: true/false, a number or a text")
    sources = () if row.get("source") is None else check_citations(row["source"], f + ".source")
    assumption = check_text(row.get("assumption"), f + ".assumption")
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
    label = file_label(seeds_dir, DATED_FILE)
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
        a, b = check_actor(row.get("a"), f + ".a", actors), check_actor(row.get("b"), f + ".b", actors)
        if a == b:
            raise InputError(f + ".b", b, "an actor other than 'a'")
        records.append(_dated(row, f, "tie", tie_key(a, b), (-1.0, 1.0)))
    for f, row in rows("threats"):
        key = (check_actor(row.get("member"), f + ".member", members),
               check_choice(row.get("front"), f + ".front", THREAT_FRONTS))
        records.append(_dated(row, f, "threat", key, (0.0, 1.0)))
    for f, row in rows("commitments"):
        theatre = row.get("theatre")
        if not (isinstance(theatre, str) and ID_PATTERN.match(theatre)):
            raise InputError(f + ".theatre", theatre, "a snake_case name of where the forces are")
        key = (check_actor(row.get("member"), f + ".member", members), theatre)
        records.append(_dated(row, f, "commitment", key, (0.0, 1.0)))
    for f, row in rows("drivers"):
        key = (check_actor(row.get("member"), f + ".member", members),
               check_choice(row.get("driver"), f + ".driver", DRIVERS))
        if row.get("by") is not None:
            check_actor(row.get("by"), f + ".by", actors)
        records.append(_dated(row, f, "driver", key, (0.0, 1.0)))
    for f, row in rows("premises"):
        member = check_actor(row.get("member"), f + ".member", members)
        premise = check_choice(row.get("premise"), f + ".premise", PREMISES)
        against = row.get("against")
        if premise == "war_against":
            key: tuple[str, ...] = (member, premise, check_actor(against, f + ".against", actors))
        elif against is not None:
            raise InputError(f + ".against", against, "null: only a war_against premise names an actor")
        else:
            key = (member, premise)
        records.append(_dated(row, f, "premise", key, (0.0, 1.0)))
    for f, row in rows("facts"):
        fact = row.get("key")
        if not (isinstance(fact, str) and ID_PATTERN.match(fact)):
            raise InputError(f + ".key", fact, "a snake_case fact name")
        records.append(_dated(row, f, "fact", (fact,), None))
    _check_no_overlap(records)
    check_dated_complete(data, DATED_SECTIONS, records, label)
    return tuple(records)


# --- static defaults from the seed files ----------------------------------------------------------


def _seed_members(seeds_dir: Path) -> dict[str, dict[str, Any]]:
    """ISO3 -> threat_priorities node of seeds/members.yaml (validated fully by sim/seeds.py)."""
    label = file_label(seeds_dir, "members.yaml")
    rows = record_list(read_yaml(seeds_dir / "members.yaml", label), "members", label)
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
            f = f"{file_label(seeds_dir, 'members.yaml')}[{code}].threat_priorities.{front}"
            if front in THREAT_FRONTS and isinstance(node, dict):
                src = node.get("source")
                out.append(DatedValue("threat", (code, front), None, None,
                                      check_number(node.get("value"), f + ".value", 0.0, 1.0),
                                      () if not src else check_citations(src, f + ".source"),
                                      node.get("assumption"), None, f))
    label = file_label(seeds_dir, "ties.csv")
    text = read_text(seeds_dir / "ties.csv", label)
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        f = f"{label}[line {line}]"
        a, b = check_actor(row.get("a"), f + ".a", actors), check_actor(row.get("b"), f + ".b", actors)
        try:
            value = float(row.get("affinity") or "")
        except ValueError:
            raise InputError(f + ".affinity", row.get("affinity"), "a number in [-1, 1]") from None
        src = row.get("source") or ""
        out.append(DatedValue("tie", tie_key(a, b), None, None, check_number(value, f + ".affinity", -1.0, 1.0),
                              check_citations(src, f + ".source") if src else (),
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
    coding = check_choice(coding, "evidence.coding", CODINGS)
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
                    for item in check_citations(value, f"{where}.{key}"):
                        kind, file, ref = parse_citation(item, f"{where}.{key}")
                        found.append((f"{where}.{key}", kind, (file, ref)))
                else:
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                label = value["id"] if isinstance(value, dict) and isinstance(value.get("id"), str) else str(i)
                walk(value, f"{where}[{label}]")

    for rel in (EPISODES_FILE, MEMBERSHIP_FILE, MEMBER_ACTIONS_FILE, LEVERAGE_FILE, DATED_FILE):
        label = file_label(seeds_dir, rel)
        walk(read_yaml(seeds_dir / rel, label), label)
    return found
