"""A state's standing in the alliance over time: exit, suspension, freeze and return, as pure rules.

The record (seeds/evidence/membership.yaml) shows three distinct ways out, each its own act, and
one way back; the timeline's forecast (sim/timeline/replay.py, after `timeline.observed_until`)
moves every lane's standing by these rules alone:

- **exit** (LEFT): under the treaty's renewable five-year terms, before the Charter, a member
  leaves at a renewal point by not renewing (1999: Azerbaijan, Georgia, Uzbekistan).
- **suspension** (SUSPENDED): the Charter has no unilateral exit. A member that wants out sends
  a note suspending its participation (from then it takes no part: FROZEN, note pending); the
  Collective Security Council suspends it at its next session if it still wants out, otherwise
  the note lapses (Uzbekistan 2012: note in June, the Council's decision in December).
- **freeze** (FROZEN without a note): a member's own act, at any time, while its trust is below
  `freeze_threshold`; it stays a member and resumes once trust recovers (Armenia 2024).
- **return**: a state that left or was suspended comes back at a session when its case for
  belonging clears `return_margin` (Uzbekistan 2006).

A state's case for belonging (`case_terms`) is the renewal rule's (trust above `exit_threshold`,
how well the others cover its fronts, its ties with them, noise) minus its grievances against
the alliance's patron or line and the pull of an outside alignment, both dated inputs
(seeds/dated.yaml `drivers`). Every array is (lanes,) for one state; nothing here knows dates.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.model import trust as tr

NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED = tr.NOT_SIGNED, tr.ACTIVE, tr.FROZEN, tr.LEFT, tr.SUSPENDED


def case_terms(trust: ArrayLike, alignment: ArrayLike, ties: ArrayLike, grievance: float, outside: float,
               noise: ArrayLike, rules: tr.ExitRules) -> dict[str, NDArray[np.float64]]:
    """The terms of a state's case for belonging; it wants to belong when their sum is >= 0."""
    return tr.renewal_utility(trust, alignment, ties, noise, rules, grievance=grievance, outside=outside)


def belongs(terms: dict[str, NDArray[np.float64]], margin: float = 0.0) -> NDArray[np.bool_]:
    """Whether the case clears `margin` (0 to stay; `return_margin` to come back)."""
    return sum(terms.values()) >= margin  # type: ignore[return-value]


def is_member(status: ArrayLike) -> NDArray[np.bool_]:
    s = np.asarray(status)
    return (s == ACTIVE) | (s == FROZEN)


def at_renewal(status: ArrayLike, stays: ArrayLike) -> NDArray[np.int8]:
    """Exit under the treaty's terms: a member whose case is negative does not renew and leaves."""
    s = np.asarray(status)
    return np.where(is_member(s) & ~np.asarray(stays, dtype=bool), LEFT, s).astype(np.int8)


def at_session(status: ArrayLike, note: ArrayLike, stays: ArrayLike, returns: ArrayLike,
               notes_allowed: bool) -> tuple[NDArray[np.int8], NDArray[np.bool_]]:
    """One session of the Collective Security Council; returns (status, note pending).

    - a pending note: the Council suspends the member if its case is still negative; otherwise
      the note lapses and the member takes part again (the freeze rule may freeze it anew);
    - a member without a note whose case is negative sends one (`notes_allowed`: under the
      Charter; before it, leaving waits for a renewal point) and stops taking part;
    - a state that left or was suspended returns where its case clears the return margin.
    """
    s, n = np.asarray(status).astype(np.int8), np.asarray(note, dtype=bool)
    stays, returns = np.asarray(stays, dtype=bool), np.asarray(returns, dtype=bool)
    member = is_member(s)
    suspend = member & n & ~stays
    lapse = member & n & stays
    send = member & ~n & ~stays & notes_allowed
    back = ((s == LEFT) | (s == SUSPENDED)) & returns
    out = np.select([suspend, lapse, send, back], [SUSPENDED, ACTIVE, FROZEN, ACTIVE], s).astype(np.int8)
    return out, (n & member & ~suspend & ~lapse) | send


def participation(status: ArrayLike, note: ArrayLike, trust: ArrayLike, freeze_threshold: float) -> NDArray[np.int8]:
    """The freeze rule: a member without a pending note freezes while its trust is below the
    threshold and resumes once it recovers; a note keeps its member frozen until the Council acts."""
    s = np.asarray(status)
    free = is_member(s) & ~np.asarray(note, dtype=bool)
    frozen = tr.frozen(trust, freeze_threshold)
    return np.where(free, np.where(frozen, FROZEN, ACTIVE), s).astype(np.int8)
