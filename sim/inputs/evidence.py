"""Read and validate the outside evidence (seeds/evidence/) and the dated inputs (seeds/dated.yaml).

The five source articles name four requests; the evidence folder adds the crises they leave out,
each record keeping its provenance (seed, evidence, both, assumption) and confidence, so a reader
sees which facts rest on the sources and which on outside reporting. Where the two disagree the
record keeps both codings; `coding="seeds"` applies the seeds-only coding, `coding="evidence"`
the best-supported one. Dated inputs let an episode read the world as it was on its date.

Bad input fails here, with the file, the record and the field named, e.g.
`seeds/evidence/episodes.yaml[kyrgyzstan_1999].request`. The records this fills are in
sim.inputs.evidence_records, what each record looks like in sim.inputs.evidence_rows; nothing
above the inputs is imported, so the module can be used (and tested) on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from sim.errors import InputError, one_of
from sim.inputs.evidence_records import (
    ASKED,
    CODINGS,
    CONFIDENCES,
    DATED_FILE,
    DATED_SECTIONS,
    EPISODES_FILE,
    EXIT_EVENTS,
    GRIEVANCES,
    ID_PATTERN,
    JOIN_EVENTS,
    LEVERAGE_FILE,
    MEMBERSHIP_FILE,
    MEMBER_ACTIONS_FILE,
    PROVENANCES,
    DatedValue,
    Evidence,
    EvidenceEpisode,
    MembershipEvent,
    tie_key,
)
from sim.inputs.evidence_rows import DATED_ROWS, EpisodeRow, MembershipRow
from sim.inputs.fields import file_label, parse_citation, record_list
from sim.inputs.files import read_yaml
from sim.inputs.records import Citations, choice, parse, parse_value
from sim.inputs.seedchecks import check_dated_complete, check_no_duplicate_events
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seeds import OUTSIDE_ACTORS, SeedData, load_seeds

# Named here too, for the readers and callers that import them from this module.
__all__ = ["ASKED", "CONFIDENCES", "EPISODES_FILE", "EXIT_EVENTS", "GRIEVANCES", "JOIN_EVENTS", "LEVERAGE_FILE",
           "MEMBER_ACTIONS_FILE", "OUTSIDE_ACTORS", "PROVENANCES", "DatedValue", "Evidence", "EvidenceEpisode",
           "MembershipEvent", "all_evidence_citations", "known_actors", "load_evidence", "parse_citation"]

_CODING = choice(CODINGS)
# EvidenceEpisode's fields an episode record gives under the same name (framing and asked are
# sourced values: their `value` is taken).
_EPISODE_SAME = tuple(f.name for f in dataclasses.fields(EvidenceEpisode)
                      if f.name in EpisodeRow.model_fields and f.name not in ("framing", "asked"))


# --- episodes -----------------------------------------------------------------------------------


def _episode(row: Any, f: str, actors: frozenset[str]) -> tuple[EvidenceEpisode, dict[str, Any]]:
    """One record of episodes.yaml (f = 'file[id]'): the episode under the evidence coding and the
    fields its `seeds_coding` block overrides."""
    rec = parse(EpisodeRow, row, f, actors=actors)
    ep = EvidenceEpisode(**{k: getattr(rec, k) for k in _EPISODE_SAME}, framing=rec.framing.value,
                         asked=rec.asked.value, has_seeds_coding=rec.seeds_coding is not None)
    return ep, {} if rec.seeds_coding is None else rec.seeds_coding.overrides()


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
        ep, overrides = _episode(row, f, actors)
        if ep.evidence_id in evidence_ids:
            raise InputError(f + ".evidence_id", ep.evidence_id,
                             f"a row not already coded by {evidence_ids[ep.evidence_id]}")
        evidence_ids[ep.evidence_id] = ep.id
        episodes[ep.id] = _apply_coding(ep, overrides, coding)
    return episodes


# --- membership ----------------------------------------------------------------------------------


def _load_membership(seeds_dir: Path, actors: frozenset[str]) -> tuple[MembershipEvent, ...]:
    label = file_label(seeds_dir, MEMBERSHIP_FILE)
    rows = record_list(read_yaml(seeds_dir / MEMBERSHIP_FILE, label), "events", label)
    events: list[MembershipEvent] = []
    for i, row in enumerate(rows):
        f = f"{label}[{i}]"
        rec = parse(MembershipRow, row, f, actors=actors)
        if events and rec.date < events[-1].date:
            raise InputError(f + ".date", str(rec.date),
                             f"a date on or after the previous event's ({events[-1].date}): events are in order")
        events.append(MembershipEvent(date=rec.date, event=rec.event, members=tuple(rec.members), detail=rec.detail,
                                      provenance=rec.provenance, confidence=rec.confidence, citations=rec.citations))
    check_no_duplicate_events([(e.date, e.event, ",".join(sorted(e.members))) for e in events], label)
    return tuple(events)


# --- dated inputs ---------------------------------------------------------------------------------


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
                                 f"a range not overlapping {prev.where} ({prev.start} to {prev.until}) "
                                 f"for {'-'.join(rec.key)}")


def _load_dated(seeds_dir: Path, actors: frozenset[str], members: frozenset[str]) -> tuple[DatedValue, ...]:
    label = file_label(seeds_dir, DATED_FILE)
    data = read_yaml(seeds_dir / DATED_FILE, label)
    unknown = set(data) - set(DATED_SECTIONS)
    if unknown:
        raise InputError(f"{label}.{sorted(unknown)[0]}", None, one_of(DATED_SECTIONS))
    records: list[DatedValue] = []
    for section in DATED_SECTIONS:
        items = data.get(section) or []
        if not isinstance(items, list):
            raise InputError(f"{label}.{section}", items, "a list of dated records")
        for i, row in enumerate(items):
            f = f"{label}[{section}[{i}]]"
            rec = parse(DATED_ROWS[section], row, f, actors=actors, members=members)
            records.append(DatedValue(rec.kind, rec.key(), rec.start, rec.until, rec.value, rec.source or (),
                                      rec.assumption, None if rec.range is None else tuple(rec.range), f))
    _check_no_overlap(records)
    check_dated_complete(data, DATED_SECTIONS, records, label)
    return tuple(records)


# --- static defaults from the seed files ----------------------------------------------------------


def _static_defaults(seeds_dir: Path, seeds: SeedData) -> tuple[DatedValue, ...]:
    """Static threats (members.yaml) and ties (ties.csv) as open ranges: the fallback lookups. The
    files are read and validated once, by sim/inputs/seeds.py; here they only change shape."""
    out: list[DatedValue] = []
    members_file = file_label(seeds_dir, "members.yaml")
    for code, member in seeds.members.items():
        for front, (source, assumption) in member.threat_basis.items():
            out.append(DatedValue("threat", (code, front), None, None, member.threat[front], source, assumption,
                                  None, f"{members_file}[{code}].threat_priorities.{front}"))
    ties_file = file_label(seeds_dir, "ties.csv")
    for a, b, tie in sorted(seeds.ties.edges(data=True), key=lambda e: e[2]["line"]):
        out.append(DatedValue("tie", tie_key(a, b), None, None, tie["affinity"], tie["citations"],
                              tie["assumption"] or None, None, f"{ties_file}[line {tie['line']}]"))
    return tuple(out)


# --- public API -------------------------------------------------------------------------------------


def known_actors(seeds_dir: Path) -> frozenset[str]:
    """Every code a record may name: the treaty's parties (members.yaml) and OUTSIDE_ACTORS."""
    return frozenset(load_seeds(seeds_dir).members) | frozenset(OUTSIDE_ACTORS)


def load_evidence(seeds_dir: Path = SEEDS_DIR, coding: str = "evidence") -> Evidence:
    """Load and validate seeds/evidence/episodes.yaml and membership.yaml and seeds/dated.yaml under
    one coding (member_actions.yaml: sim/inputs/actions.py; leverage.yaml: sim/inputs/leverage.py).

    coding="evidence": the best-supported coding of every episode.
    coding="seeds": episodes with a `seeds_coding` block take its fields (what the five sources
    alone say); every episode is still returned, and `in_seeds` tells which the sources report
    (`Evidence.coded_episodes()` keeps only those).
    """
    coding = parse_value(_CODING, coding, "evidence.coding")
    seeds_dir = Path(seeds_dir)
    seeds = load_seeds(seeds_dir)
    members = frozenset(seeds.members)
    actors = members | frozenset(OUTSIDE_ACTORS)
    return Evidence(
        coding=coding,
        episodes=_load_episodes(seeds_dir, actors, coding),
        membership=_load_membership(seeds_dir, actors),
        dated=_load_dated(seeds_dir, actors, members),
        defaults=_static_defaults(seeds_dir, seeds),
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
                    for item in parse_value(Citations, value, f"{where}.{key}"):
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
