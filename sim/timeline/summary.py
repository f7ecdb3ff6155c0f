"""A replay's record and what it says: the standing, trust and decisions per event, member and lane
(Replay), cohesion over time, the tidy table, the membership patterns against the record, and the
summary the outputs and the docs read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.inputs.evidence import Evidence
from sim.inputs.seeds import SeedData
from sim.model import trust as tr
from sim.model.alliance import OUTCOMES
from sim.runs.stats import interval95
from sim.timeline.events import Event, World
from sim.timeline.settings import (
    ACTIVE,
    FROZEN,
    LEFT,
    NOT_SIGNED,
    PARTICIPATION,
    STATUS_NAMES,
    Settings,
    cohesion_definition,
)


@dataclass
class Replay:
    """The lanes' history: one snapshot after every event."""

    events: list[Event]
    trust: np.ndarray  # (snapshots, members, lanes)
    status: np.ndarray  # (snapshots, members, lanes) int8
    decision: np.ndarray  # (snapshots, members, lanes) int8 into PARTICIPATION
    outcome: np.ndarray  # (snapshots, lanes) int8: -1 no episode/no request, else OUTCOMES index (collective)
    renewal_terms: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # date -> term -> (m, lanes)
    # (snapshots, lanes) int8 like `outcome`: what the requester got, collective or the leading state's
    # bilateral help (the more of the two); reported beside the outcome, never learnt from
    answer: np.ndarray | None = None
    renewal_applied: dict[str, bool] = field(default_factory=dict)  # date -> the rule moved standings (else scored)


@dataclass
class TimelineResult:
    table: pd.DataFrame  # one row per replication x date x member
    summary: dict[str, Any]
    replay: Replay
    world: World


def cohesion(trust: np.ndarray, status: np.ndarray, history: str = "simulated") -> np.ndarray:
    """The cohesion index per snapshot and lane, (snapshots, lanes): COHESION_DEFINITION (every
    signatory counts), or with history "observed" COHESION_DEFINITION_OBSERVED (members only)."""
    signed = (status == ACTIVE) | (status == FROZEN) if history == "observed" else status != NOT_SIGNED
    contrib = np.where(status == ACTIVE, trust, 0.0)
    n = signed.sum(axis=-2)
    return np.divide(contrib.sum(axis=-2), n, out=np.zeros(n.shape), where=n > 0)


def observed_leavers(seeds: SeedData, renewal: dt.date) -> list[str]:
    """Members whose membership lapsed within a year after a renewal point, per the seeds."""
    return sorted(c for c, mem in seeds.members.items()
                  if mem.left is not None and renewal <= mem.left < renewal + dt.timedelta(days=366))


def tidy(rep: Replay, world: World) -> pd.DataFrame:
    """One row per replication x snapshot x member."""
    snaps, m, lanes = rep.trust.shape
    dates = np.array([e.date.isoformat() for e in rep.events], dtype=object)
    ids = np.array([e.id for e in rep.events], dtype=object)
    frame = pd.DataFrame({
        "replication": np.tile(np.arange(lanes), snaps * m),
        "date": pd.to_datetime(np.repeat(dates, m * lanes)),
        "event": np.repeat(ids, m * lanes),
        "member": np.tile(np.repeat(np.array(world.codes, dtype=object), lanes), snaps),
        "trust": rep.trust.ravel(),
        "status": pd.Categorical.from_codes(rep.status.ravel(), categories=list(STATUS_NAMES)),
        "active": (rep.status == ACTIVE).ravel(),
        "decision": pd.Categorical.from_codes(rep.decision.ravel(), categories=list(PARTICIPATION)),
    })
    for col in ("event", "member"):
        frame[col] = frame[col].astype("category")
    return frame


def band(x: np.ndarray) -> dict[str, float]:
    """Mean and 5/50/95th percentiles over the lanes: how the summary reports a per-lane figure."""
    return {"mean": float(np.mean(x)), "p5": float(np.quantile(x, 0.05)), "p50": float(np.quantile(x, 0.5)),
            "p95": float(np.quantile(x, 0.95))}


def patterns(rep: Replay, world: World, seeds: SeedData, s: Settings) -> dict[str, Any]:
    """How often each renewal reproduces the membership change the seeds report, and why."""
    out: dict[str, Any] = {}
    for date_text, terms in rep.renewal_terms.items():
        when = dt.date.fromisoformat(date_text)
        if when > s.observed_until and s.history != "observed":
            continue  # the sources say nothing about membership after their horizon
        k = next(i for i, e in enumerate(rep.events) if e.kind == "renewal" and e.date == when)
        before = rep.status[k - 1] if k > 0 else rep.status[k]
        present = (before == ACTIVE) | (before == FROZEN)
        applied = rep.renewal_applied.get(date_text, s.history != "observed")
        if applied:
            left = present & (rep.status[k] == LEFT)
        else:  # nobody left by the rule: who it would have had leave
            left = present & ~tr.renews(terms)
        expected = observed_leavers(seeds, when)
        target = np.array([c in expected for c in world.codes])
        exact = (left == target[:, None]).all(axis=0)
        members = {}
        for i, c in enumerate(world.codes):
            if not present[i].any():
                continue
            members[c] = {"p_leave": float(left[i][present[i]].mean()),
                          "observed_left": c in expected,
                          "terms_mean": {n: round(float(np.nanmean(v[i])), 4) for n, v in terms.items()}}
        out[date_text] = {"observed_leavers": expected, "p_exact": float(exact.mean()),
                          "basis": ("replay status" if s.history != "observed" else "forecast: status by the rules"
                                    if applied else "renewal rule scored, status from the record"
                                    if when <= s.observed_until
                                    else "renewal rule scored: terms renew automatically, exit by notice"),
                          "p_exact_ci95": interval95(float(exact.mean()), int(exact.size)),
                          "mean_leavers": float(left.sum(axis=0).mean()), "members": members}
    return out


def summarise(rep: Replay, world: World, seeds: SeedData, s: Settings,
              evidence: Evidence | None = None) -> dict[str, Any]:
    """The summary; with history "observed", `evidence` gives the membership the match compares with."""
    coh = cohesion(rep.trust, rep.status, s.history)
    series, membership = [], []
    for k, ev in enumerate(rep.events):
        series.append({"date": ev.date.isoformat(), "event": ev.id, "kind": ev.kind, **band(coh[k])})
        member = (rep.status[k] == ACTIVE) | (rep.status[k] == FROZEN)
        membership.append({"date": ev.date.isoformat(), "event": ev.id,
                           "mean_members": float(member.sum(axis=0).mean()),
                           "mean_active": float((rep.status[k] == ACTIVE).sum(axis=0).mean()),
                           "p_member": {c: float(member[i].mean()) for i, c in enumerate(world.codes)
                                        if (rep.status[k][i] != NOT_SIGNED).any()}})
        if evidence is not None:  # history observed: the record's count beside the replay's (a forecast's check)
            membership[-1]["record_members"] = len(evidence.members_on(ev.date))
    episodes = []
    for k, ev in enumerate(rep.events):
        if ev.spec is None:
            continue
        asked = rep.outcome[k] >= 0
        made = max(int(asked.sum()), 1)  # outcome shares among the lanes where the request was made
        counts = {name: float((rep.outcome[k] == i).sum() / made) for i, name in enumerate(OUTCOMES)}
        got = rep.outcome if rep.answer is None else rep.answer
        answers = {name: float((got[k] == i).sum() / made) for i, name in enumerate(OUTCOMES)}
        episodes.append({"date": ev.date.isoformat(), "id": ev.id, "kind": ev.kind, "label": ev.label,
                         "observed_outcome": ev.spec.crisis.observed_outcome,
                         "p_request_made": float(asked.mean()),
                         "p_outcome": counts,  # the collective outcome (what trust learns from)
                         "p_answer": answers})  # what the requester got, collective or bilateral
    last = max(k for k, e in enumerate(rep.events) if e.date <= s.observed_until)
    when = rep.events[last].date
    member = (rep.status[last] == ACTIVE) | (rep.status[last] == FROZEN)
    if s.history == "observed" and evidence is not None:
        sources = np.array([c in evidence.members_on(when) for c in world.codes])
    else:
        sources = np.array([world.signed[c] <= when and ((left := world.left[c]) is None or when < left)
                            for c in world.codes])
    match = {
        "date": when.isoformat(),
        "sources_members": [c for c, here in zip(world.codes, sources) if here],
        # the whole membership as the sources give it on that date
        "p_same_members": float((member == sources[:, None]).all(axis=0).mean()),
        # the states the sources show staying on are all still members (whoever else stayed)
        "p_renewers_all_stay": float(member[sources].all(axis=0).mean()),
        "p_member": {c: float(member[i].mean()) for i, c in enumerate(world.codes)},
    }
    return {
        "cohesion_index_definition": cohesion_definition(s.history),
        "history": s.history,
        "forecasting": s.forecasting,
        "observed_until": s.observed_until.isoformat(),
        "outcomes": s.outcomes,
        "replications": int(rep.trust.shape[2]),
        "seed": s.seed,
        "cohesion": series,
        "cohesion_at_observed_until": {"date": rep.events[last].date.isoformat(), **band(coh[last])},
        "membership": membership,
        "membership_match": match,
        "episodes": episodes,
        "renewal_patterns": patterns(rep, world, seeds, s),
        "trust_rules": dataclasses.asdict(s.trust),
        "exit_rules": dataclasses.asdict(s.exit),
    }
