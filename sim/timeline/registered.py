"""The registered forecast from the record's last event to 2030: its runs and what they say per state.

Registered so it can be scored when the years come: each member's probability of withdrawing, being
suspended, freezing or unfreezing between the cut-off and the end, from the run that
`python -m sim.timeline_run timeline.observed_until=2025-12-31 timeline.end=2030-12-31` makes
(configs/timeline/default.yaml, the CLI's decision config and seed), with the assumptions in force.
docs/forecast.md is written from it by `python -m sim.docgen.forecast`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from sim.inputs.compose import compose_config
from sim.timeline.replay import run_timeline
from sim.timeline.settings import ACTIVE, FROZEN, LEFT, NOT_SIGNED, STATUS_NAMES, SUSPENDED
from sim.timeline.summary import TimelineResult

CUTOFF, END = "2025-12-31", "2030-12-31"
OVERRIDES = ("mode=timeline", "progress=false", f"timeline.observed_until={CUTOFF}", f"timeline.end={END}")


def standings(result: TimelineResult) -> dict[str, dict[str, Any]]:
    """Per state joined by the cut-off: its standing on the cut-off and P(each act after it, by the end).

    withdraw: LEFT at some snapshot after having been a member on the cut-off; suspended: likewise
    SUSPENDED; freeze: an active member on the cut-off FROZEN at some later snapshot (a notice or a
    request pending counts: it takes no part); unfreeze: a member frozen on the cut-off ACTIVE later;
    member_at_end: ACTIVE or FROZEN on the end."""
    rep, cut = result.replay, dt.date.fromisoformat(CUTOFF)
    k_cut = max(k for k, e in enumerate(rep.events) if e.date <= cut)
    later = rep.status[k_cut + 1:]  # (snapshots after, members, lanes)
    out = {}
    for i, code in enumerate(result.world.codes):
        on_cut = rep.status[k_cut, i]
        if (on_cut == NOT_SIGNED).all():
            continue
        start = int(np.bincount(on_cut, minlength=len(STATUS_NAMES)).argmax())
        member = (on_cut == ACTIVE) | (on_cut == FROZEN)
        ever = {st: (later[:, i] == st).any(axis=0) for st in (ACTIVE, FROZEN, LEFT, SUSPENDED)}
        end = later[-1, i] if len(later) else on_cut
        out[code] = {
            "on_cutoff": STATUS_NAMES[start],
            "withdraw": float((member & ever[LEFT]).mean()),
            "suspended": float((member & ever[SUSPENDED]).mean()),
            "freeze": float(((on_cut == ACTIVE) & ever[FROZEN]).mean()),
            "unfreeze": float(((on_cut == FROZEN) & ever[ACTIVE]).mean()),
            "return": float((((on_cut == LEFT) | (on_cut == SUSPENDED)) & ever[ACTIVE]).mean()),
            "member_at_end": float(((end == ACTIVE) | (end == FROZEN)).mean()),
        }
    return out


def registered_runs() -> tuple[TimelineResult, TimelineResult]:
    """The registered forecast's two runs: on the fitted weights (the default) and on the configured ones."""
    configured = run_timeline(compose_config([*OVERRIDES, "timeline.forecast.weights=configured"]))
    return run_timeline(compose_config(list(OVERRIDES))), configured
