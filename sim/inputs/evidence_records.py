"""The evidence's records and vocabularies: an episode, a membership event, a dated value, and the
Evidence that holds them (what was in force on a date, who was a party). sim.inputs.evidence reads
and checks the files that fill them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from sim.inputs.fields import parse_citation
from sim.inputs.records import Date, choice, parse_value

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
# The fields a `seeds_coding` block may override (sim.inputs.evidence_rows.SeedsCoding).
SEEDS_CODING_FIELDS: tuple[str, ...] = ("request", "outcome", "framing", "date", "deployed", "first_request")

EPISODES_FILE = "evidence/episodes.yaml"
MEMBERSHIP_FILE = "evidence/membership.yaml"
MEMBER_ACTIONS_FILE = "evidence/member_actions.yaml"  # read by sim/inputs/actions.py
LEVERAGE_FILE = "evidence/leverage.yaml"  # read by sim/inputs/leverage.py
DATED_FILE = "dated.yaml"

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

# The field types of the vocabularies every evidence file shares (sim.inputs.records).
Provenance = choice(PROVENANCES)
Confidence = choice(CONFIDENCES)


def tie_key(a: str, b: str) -> tuple[str, str]:
    """A tie's key: the same for (a, b) and (b, a)."""
    return (a, b) if a <= b else (b, a)


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
        rec = self.record_on("tie", tie_key(a, b), when)
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
            return parse_value(Date, ref.split()[0] + ("-01" if len(ref.split()[0]) == 7 else ""), "citation")
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
