"""The alliance-level rule: from members' choices to a collective outcome, and who sends what.

Members approve collective forces when they choose level >= partial (they do not object) and
contribute troops when they choose level troops. Under the rule in force:

- consensus (the CSTO's rule): forces deploy when no voting member objects and at least one
  contributes; one objection blocks them.
- leader: forces deploy when the leading state contributes (or, if it is the requester, when
  anyone does), whatever the others say.
- majority: forces deploy when more than `majority_share` of voting members approve and at least
  one contributes.

The outcome is ordinal: troops if forces deploy; partial if at least `partial_quorum` of the
voting members offer help short of forces (consultations, equipment, advisers: the alliance as
such responds); none otherwise. One member's bilateral help is not a collective response.
"""

from __future__ import annotations

from enum import Enum

import numpy as np
from numpy.typing import NDArray

from sim.model.decision import PARTIAL, TROOPS

OUTCOMES: tuple[str, ...] = ("none", "partial", "troops")  # index = outcome code (ordinal: more help, higher)
REPORT_ORDER: tuple[str, ...] = ("troops", "partial", "none")  # how tables and plots list them: most help first
NONE_CODE, PARTIAL_CODE, TROOPS_CODE = 0, 1, 2


class Rule(str, Enum):
    consensus = "consensus"
    leader = "leader"
    majority = "majority"


def forces_deploy(
    levels: NDArray[np.int8],
    rule: Rule,
    leader_row: int | None = None,
    majority_share: float = 0.5,
    present: NDArray[np.bool_] | None = None,
) -> NDArray[np.bool_]:
    """Whether collective forces deploy, per lane. `levels` is (voting members, lanes).

    `leader_row` is the leading state's row in `levels`, or None when it is not voting (it is the
    requester, or absent). `present` (same shape as `levels`, default all True) marks who takes
    part in each lane: a member that left or froze its participation neither votes nor sends.
    """
    if levels.shape[0] == 0:
        return np.zeros(levels.shape[1], dtype=bool)
    here = np.ones(levels.shape, dtype=bool) if present is None else present
    someone_sends = ((levels == TROOPS) & here).any(axis=0)
    approves = levels >= PARTIAL
    if rule is Rule.consensus:
        return (approves | ~here).all(axis=0) & someone_sends
    if rule is Rule.majority:
        return (_share(approves, here) > majority_share) & someone_sends
    if rule is Rule.leader:
        if leader_row is None:
            return someone_sends
        leader_absent = ~here[leader_row]
        return np.where(leader_absent, someone_sends, (levels[leader_row] == TROOPS))
    raise ValueError(f"unknown rule {rule!r}")


def _share(mask: NDArray[np.bool_], present: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Share of the present members for which `mask` holds, per lane (0 where nobody is present)."""
    count = present.sum(axis=0)
    return np.divide((mask & present).sum(axis=0), count, out=np.zeros(mask.shape[1]), where=count > 0)


def outcome_codes(levels: NDArray[np.int8], deploy: NDArray[np.bool_], partial_quorum: float,
                  present: NDArray[np.bool_] | None = None) -> NDArray[np.int8]:
    """troops where forces deploy; partial where at least `partial_quorum` of the voting members
    (the present ones, if `present` is given) offer help; none otherwise."""
    if levels.shape[0] == 0:
        return np.where(deploy, TROOPS_CODE, NONE_CODE).astype(np.int8)
    if present is None:
        collective_help = (levels >= PARTIAL).mean(axis=0) >= partial_quorum
    else:
        collective_help = (_share(levels >= PARTIAL, present) >= partial_quorum) & present.any(axis=0)
    return np.where(deploy, TROOPS_CODE, np.where(collective_help, PARTIAL_CODE, NONE_CODE)).astype(np.int8)


def allocate_troops(
    levels: NDArray[np.int8],
    deploy: NDArray[np.bool_],
    requested: float,
    pledge: NDArray[np.float64],
    available: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Troops each member sends, per lane: the request split by peacekeeping pledge among the
    contributors, each capped at what it has free (no member sends more than it has).
    """
    contributes = (levels == TROOPS) & deploy[np.newaxis, :]
    share = np.where(contributes, pledge[:, np.newaxis], 0.0)
    total = share.sum(axis=0)
    count = contributes.sum(axis=0)
    # Contributors without a pledge (total == 0) split the request equally.
    frac = np.where(
        total > 0,
        np.divide(share, total, out=np.zeros_like(share), where=total > 0),
        np.divide(contributes, np.maximum(count, 1)),
    )
    return np.minimum(frac * requested, available[:, np.newaxis]) * contributes
