"""Score a membership forecast from a cut-off against the record, beside two naive forecasts.

A forecast (sim.timeline.replay with `timeline.observed_until` before the end) gives, per state
and lane, its standing after the cut-off. Three questions are scored with the Brier score, one
probability per state, averaged over the states at risk:

- `renewals`: P(leave) at each renewal point after the cut-off (the treaty's terms), over the
  members on the cut-off; observed = the record has it out of the treaty within a year after.
- `dates`: P(member) and P(active) on each scoring date after the cut-off, over every state
  that had joined by the cut-off; observed = its standing in the record on that date.
- `exit_or_freeze`: P(it leaves, is suspended or freezes at some point between the cut-off and
  the end), over the members taking part on the cut-off: which member is most likely to go.

The naive forecasts: **persistence** (the standing on the cut-off goes on: nobody leaves,
freezes or returns), which knows nothing the model does not; and the **base rate** (every state
gets the share of states at risk that the record shows doing it), which knows the outcome's
frequency, so it is generous to the baseline (in sample for the frequency). Pure functions of a
replay and the record; nothing here runs the model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from sim.model import trust as tr
from sim.runs import stats

SCORING_DEFINITION = (
    "Brier scores, one probability per state, averaged over the states at risk: P(leave) at each renewal "
    "after the cut-off (members on the cut-off); P(member) and P(active) on each scoring date (states joined "
    "by the cut-off); P(leave, suspension or freeze between the cut-off and the end) (members taking part on "
    "the cut-off). Baselines: persistence (the standing on the cut-off goes on) and the base rate (the "
    "record's share among the states at risk: knows the outcome's frequency, so generous to the baseline)"
)

ACTIVE, FROZEN, LEFT, SUSPENDED, NOT_SIGNED = tr.ACTIVE, tr.FROZEN, tr.LEFT, tr.SUSPENDED, tr.NOT_SIGNED


def brier(p: np.ndarray, observed: np.ndarray) -> float:
    """Mean squared difference between probabilities and 0/1 outcomes (nan for no state)."""
    p, o = np.asarray(p, dtype=float), np.asarray(observed, dtype=float)
    return float(stats.brier(p[:, None], o[:, None])) if p.size else float("nan")


def _member(status: np.ndarray) -> np.ndarray:
    return (status == ACTIVE) | (status == FROZEN)


def _block(codes: list[str], p: np.ndarray, observed: np.ndarray, persistence: np.ndarray) -> dict[str, Any]:
    """One scored question: each state's probability and outcome, and the three Brier scores."""
    rate = float(observed.mean()) if observed.size else float("nan")
    return {
        "members": {c: {"p": round(float(pi), 4), "observed": bool(oi)} for c, pi, oi in zip(codes, p, observed)},
        "n": len(codes),
        "brier": {"model": brier(p, observed), "base_rate": brier(np.full(p.shape, rate), observed),
                  "persistence": brier(persistence, observed)},
        "observed_rate": rate,
    }


def snapshot_on(dates: list[dt.date], when: dt.date) -> int:
    """The last snapshot on or before `when`: the standing in force on that date."""
    return max(k for k, d in enumerate(dates) if d <= when)


def score_forecast(codes: tuple[str, ...], dates: list[dt.date], renewals: set[dt.date], status: np.ndarray,
                   record_on: Any, record_dates: list[dt.date], cutoff: dt.date, end: dt.date,
                   score_dates: tuple[dt.date, ...]) -> dict[str, Any]:
    """The forecast's scores. `dates` per snapshot, `renewals` the snapshot dates of the renewal
    points at which the rule moved standings, `status` (snapshots, members, lanes);
    `record_on(date) -> {code: status}` is the record's standing (sim.timeline.events.record_statuses)
    and `record_dates` the dates on which the record changes someone's standing."""
    at_cut = record_on(cutoff)
    out: dict[str, Any] = {"cutoff": cutoff.isoformat(), "end": end.isoformat(), "renewals": {}, "dates": {}}
    for k, when in enumerate(dates):
        if when not in renewals or not cutoff < when <= end:
            continue
        # at risk: the record's members on the eve of the renewal (P(leave) is conditional on belonging)
        eve = record_on(when - dt.timedelta(days=1))
        members = [c for c in codes if eve[c] in (ACTIVE, FROZEN) and at_cut[c] != NOT_SIGNED]
        rows = [codes.index(c) for c in members]
        before = status[k - 1][rows]
        left = _member(before) & ~_member(status[k][rows])
        p = np.array([left[j][_member(before[j])].mean() if _member(before[j]).any() else 0.0
                      for j in range(len(rows))])
        year_on = record_on(when + dt.timedelta(days=366))
        observed = np.array([year_on[c] not in (ACTIVE, FROZEN) for c in members])
        out["renewals"][when.isoformat()] = _block(members, p, observed, np.zeros(len(members)))
    joined = [c for c in codes if at_cut[c] != NOT_SIGNED]
    jrows = [codes.index(c) for c in joined]
    for when in score_dates:
        if not cutoff < when <= end:
            continue
        k = snapshot_on(dates, when)
        rec = record_on(when)
        st = status[k][jrows]
        out["dates"][when.isoformat()] = {
            "member": _block(joined, _member(st).mean(axis=1), np.array([rec[c] in (ACTIVE, FROZEN) for c in joined]),
                             np.array([at_cut[c] in (ACTIVE, FROZEN) for c in joined], dtype=float)),
            "active": _block(joined, (st == ACTIVE).mean(axis=1), np.array([rec[c] == ACTIVE for c in joined]),
                             np.array([at_cut[c] == ACTIVE for c in joined], dtype=float)),
        }
    taking_part = [c for c in codes if at_cut[c] == ACTIVE]
    trows = [codes.index(c) for c in taking_part]
    after = [k for k, d in enumerate(dates) if cutoff < d <= end]
    went = (status[after][:, trows] != ACTIVE).any(axis=0) if after else np.zeros((len(trows), status.shape[2]), bool)
    changes = [d for d in record_dates if cutoff < d <= end] + [end]
    observed = np.array([any(record_on(d)[c] != ACTIVE for d in changes) for c in taking_part])
    block = _block(taking_part, went.mean(axis=1), observed, np.zeros(len(taking_part)))
    ranked = sorted(block["members"], key=lambda c: -block["members"][c]["p"])
    block["most_likely"] = ranked[0] if ranked else None
    block["ranking"] = ranked
    out["exit_or_freeze"] = block
    return out
