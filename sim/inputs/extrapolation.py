"""Say when a date lies beyond the record: the dated inputs are then read as of their last value.

A scenario dated after the last dated change of the seeds (`scenario.date=2099-01-01`) still runs:
every dated input keeps the value it had at its last recorded change. That is an extrapolation the
user should know about, so the run says which inputs it concerns, on one line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# DatedValue.kind -> the plural a user reads in seeds/dated.yaml
KIND_NAMES: dict[str, str] = {"tie": "ties", "threat": "threats", "commitment": "commitments",
                              "driver": "drivers", "premise": "premises", "fact": "facts"}


def record_end(evidence: Any) -> dt.date:
    """The last date at which any dated input or membership event changes."""
    dates = [d for rec in evidence.dated for d in (rec.start, rec.until) if d is not None]
    dates += [event.date for event in evidence.membership]
    return max(dates)


def extrapolation_note(when: dt.date, evidence: Any, field: str = "scenario.date") -> str | None:
    """One line naming the inputs read as of their last dated value, or None inside the record."""
    end = record_end(evidence)
    if when <= end:
        return None
    last: dict[str, dt.date] = {}
    for rec in evidence.dated:
        changed = max(d for d in (rec.start, rec.until, dt.date.min) if d is not None)
        kind = KIND_NAMES.get(rec.kind, rec.kind)
        last[kind] = max(last.get(kind, dt.date.min), changed)
    last["membership"] = max(e.date for e in evidence.membership)
    listed = ", ".join(f"{kind} (last change {date})" for kind, date in sorted(last.items(), key=lambda kv: kv[1]))
    return (f"{field} = {when} is after the record (it ends {end}): extrapolated, these inputs are read as of "
            f"their last dated value: {listed}")
