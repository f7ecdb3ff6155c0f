"""Whole-file checks of the seed files: completeness, order, each record once, known keys.

Each value is checked where it is read (the records declared in sim/inputs/seeds.py, the readers in
sim/inputs/evidence.py); these checks look at a file as a whole, because a file that lost half its
lines, a tie or an event, or holds a record twice, still holds only valid values and would
otherwise run with silently different inputs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from sim.errors import InputError
from sim.inputs.records import refuse

# The alliance's treaty milestones can only happen in this order (alliance.yaml events).
TREATY_MILESTONES: tuple[str, ...] = ("treaty_signed", "treaty_in_force", "treaty_renewed", "organisation")
# Dated series that replace a static value (ties.csv, members.yaml) run without gaps and stay open:
# a gap or an early end would fall back to the static value without a word.
CONTINUOUS_KINDS: tuple[str, ...] = ("tie", "threat")


def check_ties_complete(pairs: set[frozenset[str]], untied: set[frozenset[str]],
                        periods: Mapping[str, tuple[dt.date, dt.date | None]]) -> None:
    """Every two members that were parties at the same time have a tie, or are declared untied.

    An empty or cut ties.csv would otherwise give every pair `alliance.default_affinity`.
    """
    for pair in sorted(untied, key=sorted):
        if pair in pairs:
            a, b = sorted(pair)
            raise InputError(f"alliance.yaml: untied_pairs.{a}-{b}", "listed in ties.csv",
                             "only pairs that ties.csv does not list")
    for a, b in itertools.combinations(sorted(periods), 2):
        (sa, la), (sb, lb) = periods[a], periods[b]
        overlap = max(sa, sb) < min(la or dt.date.max, lb or dt.date.max)
        if overlap and frozenset((a, b)) not in pairs | untied:
            raise InputError(f"ties.csv: {a}-{b}", "missing",
                             "a row for every pair of members, or the pair in alliance.yaml untied_pairs "
                             "(which take alliance.default_affinity)")


def check_event_order(events: list[tuple[dt.date, str]]) -> None:
    """Events listed by date, each key once, treaty milestones in their only possible order.

    Called from the alliance record's validator: a refusal names the field under `events`."""
    seen: dict[str, dt.date] = {}
    for i, (date, key) in enumerate(events):
        if key in seen:
            raise refuse("each event once (a second would silently win)", f"events[{i}].key", key)
        if i and date < events[i - 1][0]:
            prev_date, prev_key = events[i - 1]
            raise refuse(f"events in date order: on or after {prev_key} ({prev_date})", f"events[{i}].date",
                         f"{key} {date}")
        seen[key] = date
    dated = [(k, seen[k]) for k in TREATY_MILESTONES if k in seen]
    for (k1, d1), (k2, d2) in zip(dated, dated[1:]):
        if d2 < d1:
            raise refuse(f"a date on or before {k2} ({d2}): order " + " < ".join(TREATY_MILESTONES),
                         f"events.{k1}", str(d1))


def check_unique(records: Iterable[tuple[Hashable, str, object]], allowed: str) -> None:
    """Each (key, field, shown value) once: a second record would silently replace the first."""
    seen: set[Hashable] = set()
    for key, field, shown in records:
        if key in seen:
            raise InputError(field, shown, allowed)
        seen.add(key)


def check_no_duplicate_events(keys: list[tuple[Any, ...]], label: str) -> None:
    """The same membership event twice would count a signature or an exit twice."""
    seen: dict[tuple[Any, ...], int] = {}
    for i, key in enumerate(keys):
        if key in seen:
            raise InputError(f"{label}[{i}]", " ".join(map(str, key)),
                             f"each event once (the same as {label}[{seen[key]}])")
        seen[key] = i


def check_dated_complete(data: Mapping[str, Any], sections: Iterable[str], records: Iterable[Any],
                         label: str) -> None:
    """Every section present, and every tie or threat series without gaps and still open."""
    missing = [s for s in sections if not data.get(s)]
    if missing:
        raise InputError(f"{label}: {', '.join(missing)}", "missing or empty",
                         "every section of the file: " + ", ".join(sections) + " (was the file cut?)")
    series: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
    for rec in records:
        if rec.kind in CONTINUOUS_KINDS:
            series.setdefault((rec.kind, rec.key), []).append(rec)
    for (kind, key), recs in series.items():
        recs.sort(key=lambda r: r.start or dt.date.min)
        for prev, nxt in zip(recs, recs[1:]):
            if prev.until != nxt.start:
                raise InputError(nxt.where + ".from", str(nxt.start),
                                 f"{prev.until} (the end of the previous {kind} {'-'.join(key)}): no gaps")
        if recs[-1].until is not None:
            raise InputError(recs[-1].where + ".until", str(recs[-1].until),
                             f"null on the last {kind} {'-'.join(key)} record (the series runs to today; "
                             "was the file cut?)")
