"""A state's standing in the alliance over time: withdrawal, suspension, freeze and return, as pure rules.

What the texts allow (/work/shared/evidence/README.md, "Exits under the Treaty and the Charter"):

- **withdrawal** (LEFT): a member's own act, by official notice. Under the Treaty (Art. 11; its
  five-year terms renewed automatically by the 1999 protocol, which kept the clause) and under
  the Charter (Art. 19, from the record's `charter_in_force`, 2003-09-18) a member may withdraw by
  notice at least six months ahead (`notice_months`); it stays a member until then (it takes no
  part meanwhile: FROZEN, an assumption) and is LEFT at the first Council session at least
  `notice_months` after its notice. A notice is not taken back (an assumption: no member has).
  Before the protocol a member could also leave at a renewal point by not renewing
  (`at_renewal`; 1999: Azerbaijan, Georgia, Uzbekistan).
- **suspension** (SUSPENDED): never a member's own act, only a decision of the Collective Security
  Council, on the member's request or as a sanction. Under the Charter a member whose case is
  below `-suspension_margin` asks for it (and takes no part meanwhile); the Council decides at its
  next session, granting a request that still stands (Uzbekistan: asked June 2012, suspended
  December 2012). Sanctions are not modelled: no lane is suspended without a request.
- **freeze** (FROZEN, no notice or request pending): in neither text; the member's own act, while
  its trust is below `freeze_threshold` and (in a forecast, reviewed at each Council session) its
  case for belonging is negative. It stays a member; in a forecast it resumes only once its case
  clears `unfreeze_margin` (a member frozen over a standing grievance stays frozen until its case
  really recovers), in the simulated history once its trust recovers.
- **return**: a state that left or was suspended comes back by a Council decision at a session
  when its case for belonging clears `return_margin` (Uzbekistan 2006).
- **vote**: a member with `arrears_years_vote` years of unpaid dues can lose its vote (Russian
  foreign ministry, December 2024); a frozen member is already not voting (`votes`).

The deeper the case against belonging, the further the act: below 0 nothing yet (trust may still
freeze the member), below `-suspension_margin` a request for suspension, below
`-withdrawal_margin` a notice of withdrawal (`withdrawal_margin` > `suspension_margin`: leaving
is the stronger break). A state's case (`case_terms`) is the renewal rule's (trust above
`exit_threshold`, how well the others cover its fronts, its ties with them, noise) minus its
grievances against the alliance's patron or line and the pull of an outside alignment, both dated
inputs (seeds/dated.yaml `drivers`) together with its grievance over its own requests for assistance
left unmet (`request_grievance`: the coded episodes dated before the date), plus `weight_dependence`
x (its dependence on the leading state - `dependence_reference`): what leaving would cost
(sim.inputs.leverage, public by the date). Every array is (lanes,) for one state; nothing here knows dates.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.model import trust as tr

NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED = tr.NOT_SIGNED, tr.ACTIVE, tr.FROZEN, tr.LEFT, tr.SUSPENDED


def case_terms(trust: ArrayLike, alignment: ArrayLike, ties: ArrayLike, grievance: float, outside: float,
               noise: ArrayLike, rules: tr.ExitRules,
               dependence: float | None = None) -> dict[str, NDArray[np.float64]]:
    """The terms of a state's case for belonging; it wants to belong when their sum is >= 0."""
    return tr.renewal_utility(trust, alignment, ties, noise, rules, grievance=grievance, outside=outside,
                              dependence=dependence)


def case(terms: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """The case for belonging: the sum of its terms."""
    return np.asarray(sum(terms.values()), dtype=float)


def belongs(terms: dict[str, NDArray[np.float64]], margin: float = 0.0) -> NDArray[np.bool_]:
    """Whether the case clears `margin` (0 to stay; `return_margin` to come back)."""
    return case(terms) >= margin


def request_grievance(ages_years: ArrayLike, shortfalls: ArrayLike, weight: float, half_life_years: float) -> float:
    """A state's grievance over its own requests for assistance that the alliance left unmet, by one
    outcome-blind rule for every member: `weight` x the sum over its past requests of the shortfall
    (1 for none, 1 - partial_credit for partial help, 0 for troops), each fading with
    `half_life_years`. `ages_years` are the requests' ages on the date (only requests made before
    it: an age <= 0 is refused, so a request not yet made cannot count)."""
    ages = np.asarray(ages_years, dtype=float)
    short = np.asarray(shortfalls, dtype=float)
    if ages.size and (ages <= 0).any():
        raise ValueError("request_grievance reads only requests made before the date (ages > 0)")
    if ages.size == 0:
        return 0.0
    return float(weight * np.sum(np.clip(short, 0.0, 1.0) * 0.5 ** (ages / half_life_years)))


def is_member(status: ArrayLike) -> NDArray[np.bool_]:
    s = np.asarray(status)
    return (s == ACTIVE) | (s == FROZEN)


def sessions_until_effect(notice_months: float, sessions_per_year: int) -> int:
    """Council sessions from a notice to the withdrawal: the first session at least `notice_months` on
    (2 sessions a year, six months: the next session)."""
    return max(1, math.ceil(notice_months / (12.0 / sessions_per_year) - 1e-9))


def at_renewal(status: ArrayLike, stays: ArrayLike) -> NDArray[np.int8]:
    """Exit at a renewal point of the treaty's fixed terms (before the 1999 protocol made renewal
    automatic): a member whose case is negative does not renew and leaves."""
    s = np.asarray(status)
    return np.where(is_member(s) & ~np.asarray(stays, dtype=bool), LEFT, s).astype(np.int8)


def formal_exit_margins(rules: tr.ExitRules, dependence: float | None) -> tuple[float, float]:
    """(withdrawal, suspension) margins for a state with `dependence` on the leading state.

    A formal exit (a notice, a request for suspension) forfeits what a dependent member gets from
    belonging (the security guarantee, the leading state's base and prices); a freeze keeps all of
    it. So the formal acts need a case deeper below zero by `exit_cost` x dependence, while a freeze
    does not: the more dependent a member, the more its break stays a freeze (Armenia from 2024).
    None (no dependence known): the plain margins."""
    extra = rules.exit_cost * float(dependence) if dependence is not None else 0.0
    return rules.withdrawal_margin + extra, rules.suspension_margin + extra


def at_session(status: ArrayLike, notice: ArrayLike, request: ArrayLike, case_value: ArrayLike,
               rules: tr.ExitRules, charter: bool, sessions_to_effect: int, dependence: float | None = None
               ) -> tuple[NDArray[np.int8], NDArray[np.int8], NDArray[np.bool_]]:
    """One session of the Collective Security Council; returns (status, notice, request).

    `notice` (lanes,) counts the sessions left until a pending withdrawal takes effect (0: none);
    `request` marks a pending request for suspension; `case_value` is the case for belonging.
    In order: pending withdrawals count down and take effect (LEFT); the Council decides pending
    requests (SUSPENDED where the case is still below `-suspension_margin`, else the request lapses
    and the member takes part again); a member with nothing pending gives notice below
    `-withdrawal_margin`, or (under the Charter) asks for suspension below `-suspension_margin`, and
    stops taking part; a state that left or was suspended returns where its case clears `return_margin`.
    Both margins grow with `dependence` (`formal_exit_margins`).
    """
    withdrawal_margin, suspension_margin = formal_exit_margins(rules, dependence)
    s = np.asarray(status).astype(np.int8)
    c = np.asarray(case_value, dtype=float)
    member = is_member(s)
    n = np.where(member, np.asarray(notice, dtype=np.int8), 0).astype(np.int8)
    r = np.asarray(request, dtype=bool) & member & (n == 0)
    pending = n > 0
    n = np.where(pending, n - 1, 0).astype(np.int8)
    withdraws = pending & (n == 0)
    grant = r & (c < -suspension_margin)
    lapse = r & ~grant
    free = member & ~pending & ~r
    give_notice = free & (c < -withdrawal_margin)
    ask = free & ~give_notice & charter & (c < -suspension_margin)
    back = ((s == LEFT) | (s == SUSPENDED)) & (c >= rules.return_margin)
    out = np.select([withdraws, grant, lapse, give_notice | ask, back],
                    [LEFT, SUSPENDED, ACTIVE, FROZEN, ACTIVE], s).astype(np.int8)
    n = np.where(give_notice, sessions_to_effect, n).astype(np.int8)
    return out, n, ask


def participation(status: ArrayLike, pending: ArrayLike, trust: ArrayLike, freeze_threshold: float,
                  case_value: ArrayLike | None = None, unfreeze_margin: float = 0.0) -> NDArray[np.int8]:
    """The freeze rule: a member with nothing pending freezes while its trust is below the threshold
    and resumes once it recovers; one with a notice or request pending takes no part until it is acted on.

    `case_value` (a forecast's Council session): a freeze is a political act with a memory. An active
    member freezes only where its case for belonging is also negative (a member whose dependence or
    ties keep the case positive goes on taking part however little it trusts the alliance's help); a
    frozen member resumes only where its case clears `unfreeze_margin`, whatever its trust (it froze
    over its case; trust recovering alone does not undo that). None: trust alone, both ways (the
    simulated history)."""
    s = np.asarray(status)
    free = is_member(s) & ~np.asarray(pending, dtype=bool)
    frozen = tr.frozen(trust, freeze_threshold)
    if case_value is not None:
        c = np.asarray(case_value, dtype=float)
        frozen = np.where(s == FROZEN, c < unfreeze_margin, frozen & (c < 0))
    return np.where(free, np.where(frozen, FROZEN, ACTIVE), s).astype(np.int8)


def votes(status: ArrayLike, arrears_years: ArrayLike, arrears_years_vote: float) -> NDArray[np.bool_]:
    """Whether a member votes in the organisation's bodies: it takes part and its unpaid dues are
    short of `arrears_years_vote` years (Armenia stopped financing in 2024: frozen, it does not vote
    anyway, and from two years of arrears it would not even when it resumed)."""
    return (np.asarray(status) == ACTIVE) & (np.asarray(arrears_years, dtype=float) < arrears_years_vote)
