"""A member's brief for the role-play (docs/roleplay.md): what the model knows about its seat on the
crisis's date, each item marked with where it comes from.

Provenance, for the class: `sourced` (a value the five source texts support, seeds/), `evidence`
(a record of seeds/evidence/: the leverage indicators, the dated records), `assumed` (no source: a
placeholder in the seeds or a config default). The values are the model's own (the run's
ModelSpec), so the brief shows exactly what the model decides on; only the provenance is read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.app.geo import ACTOR_NAMES
from sim.app.seminar import FRONT_LABELS
from sim.inputs.leverage import dependence_on, load_leverage
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import dependence_rule
from sim.model.model import ModelSpec
from sim.model.types import MemberProfile


@dataclass(frozen=True)
class BriefItem:
    """One line of a seat's brief: what, its value in words, where it comes from, and a note."""

    label: str
    value: str
    provenance: str  # sourced | evidence | assumed (provenance_of)
    note: str = ""


def provenance_of(sources: list[str] | tuple[str, ...], assumption: str = "") -> str:
    """sourced when a source text is cited, evidence when only evidence records are, else assumed."""
    cited = [s for s in sources if s]
    if any(not s.startswith("evidence/") for s in cited):
        return "sourced"
    return "evidence" if cited else "assumed"


def day(date: dt.date) -> str:
    """5 January 2022."""
    return f"{date.day} {date:%B %Y}"


def tie_words(affinity: float) -> str:
    """A tie in [-1, 1] in words (the number beside it)."""
    word = ("hostile" if affinity <= -0.5 else "strained" if affinity < -0.05 else
            "neutral" if affinity <= 0.05 else "friendly" if affinity < 0.5 else "close")
    return f"{word} ({affinity:+.1f})"


def priority_words(value: float) -> str:
    """A front's priority in [0, 1]: seeds/members.yaml encodes primary 1.0, secondary 0.5."""
    word = "primary" if value >= 0.75 else "secondary" if value >= 0.3 else "minor"
    return f"{word} ({value:.1f})"


class BriefBuilder:
    """Builds every seat's brief for one run (spec and its dated inputs) and one seeds folder."""

    def __init__(self, spec: ModelSpec, alliance_cfg: Any, seeds_dir: str | Path | None = None) -> None:
        self.spec = spec
        self.seeds_dir = Path(seeds_dir) if seeds_dir else SEEDS_DIR
        self.seeds = load_seeds(self.seeds_dir)
        self.names = {p.code: p.name for p in spec.profiles}
        self.dated = {(i["kind"], i["key"]): i for i in spec.dated_inputs}
        self.leverage = load_leverage(self.seeds_dir)
        self.rule = dependence_rule(alliance_cfg)

    def name(self, code: str | None) -> str:
        """A full name for a member or an outside actor (never a code, unless nothing is known)."""
        if code is None:
            return "none"
        if code in self.names:
            return self.names[code]
        member = self.seeds.members.get(code)
        return member.name if member is not None else ACTOR_NAMES.get(code, code)

    def _dated_item(self, kind: str, key: str) -> dict[str, Any] | None:
        return self.dated.get((kind, key))

    def threats(self, p: MemberProfile) -> list[BriefItem]:
        c = self.spec.crisis
        items = []
        member = self.seeds.members.get(p.code)
        basis = member.threat_basis if member is not None else {}  # where seeds/members.yaml says it comes from
        for front, label in FRONT_LABELS.items():
            dated = self._dated_item("threat", f"{p.code}-{front}")
            if dated is not None:
                prov, note = provenance_of(dated["sources"], dated["assumption"]), dated["assumption"]
            else:
                sources, assumption = basis.get(front, ((), None))
                prov = provenance_of(sources, assumption or "")
                note = assumption or "magnitude encodes the sourced ranking"
            here = " ← the crisis's front" if front == c.front or (front == "internal" and c.internal_unrest) else ""
            items.append(BriefItem(f"Threat priority: {label} front{here}",
                                   priority_words(float(p.threat.get(front, 0.0))), prov, note))
        return items

    def tie(self, p: MemberProfile, other: str, role: str) -> BriefItem:
        a, b = sorted((p.code, other))
        dated = self._dated_item("tie", f"{a}-{b}")
        if dated is not None:
            prov, note = provenance_of(dated["sources"], dated["assumption"]), dated["assumption"]
        elif self.seeds.ties.has_edge(a, b):
            edge = self.seeds.ties.edges[a, b]
            prov = provenance_of(edge["citations"], edge.get("assumption", ""))
            note = edge.get("assumption", "")
        else:
            prov, note = "assumed", "no tie recorded: the config's default tie between members"
        return BriefItem(f"Ties with {self.name(other)} ({role})", tie_words(p.affinity_with(other)), prov, note)

    def dependence(self, p: MemberProfile) -> BriefItem:
        leader = self.spec.leader
        value, components = dependence_on(self.leverage, p.code, self.spec.crisis.date, self.rule)
        if components:
            prov, note = "evidence", "from " + ", ".join(sorted(components)) + " (seeds/evidence/leverage.yaml)"
        else:
            prov, note = "assumed", "no indicator public by the date: the config default (alliance.dependence)"
        return BriefItem(f"Dependence on {self.name(leader)} (the leading state)", f"{p.dependence:.0%}", prov, note)

    def commitments(self, p: MemberProfile) -> list[BriefItem]:
        found = [i for i in self.spec.dated_inputs if i["kind"] == "commitment" and i["key"].startswith(p.code + "-")]
        if not found:
            return [BriefItem(f"Forces committed elsewhere on {day(self.spec.crisis.date)}", "none recorded",
                              "assumed", "nothing in seeds/dated.yaml for the date: taken as none")]
        return [BriefItem(f"Forces committed elsewhere ({i['key'].split('-', 1)[1].replace('_', ' ').capitalize()})",
                          f"{float(i['value']):.0%} of its forces", provenance_of(i["sources"], i["assumption"]),
                          i["assumption"]) for i in found]

    def forces(self, p: MemberProfile) -> BriefItem:
        return BriefItem("Troops free for the alliance", f"about {p.available_troops:,.0f}", "assumed",
                         "the sources give alliance totals only: each member's share is assumed (seeds/members.yaml)")

    def brief(self, code: str) -> tuple[BriefItem, ...]:
        """The seat's brief: threats, ties with the requester and the adversary, dependence, commitments."""
        p = next(q for q in self.spec.profiles if q.code == code)
        c = self.spec.crisis
        items = self.threats(p)
        items.append(self.tie(p, c.requester, "the requester"))
        if c.adversary is not None and c.adversary != p.code:
            items.append(self.tie(p, c.adversary, "the adversary"))
        if self.spec.leader is not None and code != self.spec.leader:
            items.append(self.dependence(p))
        items += self.commitments(p)
        items.append(self.forces(p))
        return tuple(items)
