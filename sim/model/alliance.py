"""The Collective Security Council: from members' choices to a collective outcome, and the
leading state's bilateral help beside it.

Members choose object, political, material or troops (sim.model.decision). Under the rule in force:

- consensus (the CSTO's rule): measures are agreed when no voting member objects; one objection
  blocks them all.
- majority: agreed when more than `majority_share` of the voting members do not object.
- leader: agreed when the leading state does not object (or, where it does not vote, by consensus).

Collective forces deploy when the measures are agreed and at least `min_contributors` members
send troops (under the leader rule: when the leading state sends troops). Otherwise the outcome is
partial when measures are agreed and there is something to agree on: consultations on a formal
request, or a member's equipment and advisers on any request; none otherwise.

The leading state (the patron) can also help on its own: where the collective answer does not carry
what it would give by itself, it gives that bilaterally (Russian arms to Kyrgyzstan in 2000, its
division in Tajikistan in 1993). The requester's `answer` is the more of the two: what historians
code as the alliance's answer counts the leader's own help (evidence C01, C04).
"""

from __future__ import annotations

from enum import Enum

import numpy as np
from numpy.typing import NDArray

from sim.model.decision import MATERIAL, OBJECT, POLITICAL, TROOPS

OUTCOMES: tuple[str, ...] = ("none", "partial", "troops")  # index = outcome code (ordinal: more help, higher)
REPORT_ORDER: tuple[str, ...] = ("troops", "partial", "none")  # how tables and plots list them: most help first
NONE_CODE, PARTIAL_CODE, TROOPS_CODE = 0, 1, 2
# The most a member's choice can be carried by each collective outcome (none, partial, troops).
CARRIED: tuple[int, ...] = (OBJECT, MATERIAL, TROOPS)
# Bilateral help as an outcome for the requester: words are none, equipment partial, forces troops.
BILATERAL_OUTCOME: tuple[int, ...] = (NONE_CODE, NONE_CODE, PARTIAL_CODE, TROOPS_CODE)


class Rule(str, Enum):
    consensus = "consensus"
    leader = "leader"
    majority = "majority"


def _share(mask: NDArray[np.bool_], present: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Share of the present members for which `mask` holds, per lane (0 where nobody is present)."""
    count = present.sum(axis=0)
    return np.divide((mask & present).sum(axis=0), count, out=np.zeros(mask.shape[1]), where=count > 0)


def agreed(levels: NDArray[np.int8], rule: Rule, leader_row: int | None = None, majority_share: float = 0.5,
           present: NDArray[np.bool_] | None = None) -> NDArray[np.bool_]:
    """Whether the Council agrees on collective measures, per lane. `levels` is (voting members, lanes);
    `present` (default all True) marks who takes part in each lane (a member that left or froze
    its participation neither votes nor sends)."""
    if levels.shape[0] == 0:
        return np.zeros(levels.shape[1], dtype=bool)
    here = np.ones(levels.shape, dtype=bool) if present is None else present
    approves = levels >= POLITICAL
    consensus = (approves | ~here).all(axis=0) & here.any(axis=0)
    if rule is Rule.consensus:
        return consensus
    if rule is Rule.majority:
        return _share(approves, here) > majority_share
    if rule is Rule.leader:
        if leader_row is None:
            return consensus
        return np.where(here[leader_row], approves[leader_row], consensus)
    raise ValueError(f"unknown rule {rule!r}")


def forces_deploy(levels: NDArray[np.int8], rule: Rule, leader_row: int | None = None, majority_share: float = 0.5,
                  present: NDArray[np.bool_] | None = None, min_contributors: int = 1,
                  measures_agreed: NDArray[np.bool_] | None = None) -> NDArray[np.bool_]:
    """Whether collective forces deploy, per lane: measures agreed (`measures_agreed`, if the caller
    has it already, else `agreed`) and enough contributors."""
    if levels.shape[0] == 0:
        return np.zeros(levels.shape[1], dtype=bool)
    here = np.ones(levels.shape, dtype=bool) if present is None else present
    senders = ((levels == TROOPS) & here).sum(axis=0)
    ok = agreed(levels, rule, leader_row, majority_share, present) if measures_agreed is None else measures_agreed
    if rule is Rule.leader and leader_row is not None:
        leads = here[leader_row] & (levels[leader_row] == TROOPS)
        return np.where(here[leader_row], leads, ok & (senders >= min_contributors))
    return ok & (senders >= min_contributors)


def outcome_codes(levels: NDArray[np.int8], deploy: NDArray[np.bool_], measures_agreed: NDArray[np.bool_],
                  formal_request: bool, present: NDArray[np.bool_] | None = None) -> NDArray[np.int8]:
    """troops where forces deploy; partial where measures are agreed and there is something to agree
    on (consultations on a formal request, or some member's equipment and advisers); none otherwise."""
    here = np.ones(levels.shape, dtype=bool) if present is None else present
    aid = ((levels >= MATERIAL) & here).any(axis=0)
    partial = measures_agreed & (formal_request | aid)
    return np.where(deploy, TROOPS_CODE, np.where(partial, PARTIAL_CODE, NONE_CODE)).astype(np.int8)


def bilateral_help(own: NDArray[np.int8], in_alliance: NDArray[np.int8], outcome: NDArray[np.int8]) -> NDArray[np.int8]:
    """The leading state's bilateral help per lane (a decision level; OBJECT = none): what it would give
    on its own (`own`), where that is aid or forces and more than the collective outcome carries of
    its choice in the alliance (`in_alliance`)."""
    carried = np.minimum(in_alliance, np.asarray(CARRIED, dtype=np.int8)[outcome])
    return np.where((own >= MATERIAL) & (own > carried), own, OBJECT).astype(np.int8)


def answer_codes(outcome: NDArray[np.int8], bilateral: NDArray[np.int8]) -> NDArray[np.int8]:
    """What the requester got, collective or bilateral (OUTCOMES codes): the more of the two."""
    return np.maximum(outcome, np.asarray(BILATERAL_OUTCOME, dtype=np.int8)[bilateral]).astype(np.int8)


def troop_shares(contributes: NDArray[np.bool_], pledge: NDArray[np.float64], lead_row: int | None = None,
                 lead_share: float | None = None) -> NDArray[np.float64]:
    """Each contributor's share of the request, per lane (columns sum to 1 where anyone contributes):
    the lead nation, where it contributes, carries `lead_share` (in 2022 Russia sent most of the
    2,030 and the command, member_actions C16); the others split the rest by peacekeeping pledge
    (equally where none has a pledge). A lead nation alone carries it all, as do the others without it.
    Without a `lead_share` (alliance.lead_share: null) the lead nation splits by pledge like the others."""
    share = np.where(contributes, pledge[:, np.newaxis], 0.0)
    count = contributes.sum(axis=0)
    if lead_row is not None and lead_share is not None:
        share[lead_row] = 0.0
        others = contributes.copy()
        others[lead_row] = False
    else:
        others = contributes
    total = share.sum(axis=0)
    n_others = others.sum(axis=0)
    frac = np.where(total > 0, np.divide(share, total, out=np.zeros_like(share), where=total > 0),
                    np.divide(others, np.maximum(n_others, 1)))
    if lead_row is None or lead_share is None:
        return frac * (count > 0)
    leads = contributes[lead_row]
    lead_part = np.where(leads, np.where(n_others > 0, lead_share, 1.0), 0.0)
    frac = frac * (1.0 - lead_part)
    frac[lead_row] = lead_part
    return frac


def allocate_troops(
    levels: NDArray[np.int8],
    deploy: NDArray[np.bool_],
    requested: float,
    pledge: NDArray[np.float64],
    available: NDArray[np.float64],
    lead_row: int | None = None,
    lead_share: float | None = None,
) -> NDArray[np.float64]:
    """Troops each member sends, per lane: the request split among the contributors
    (`troop_shares`), each capped at what it has free (no member sends more than it has).
    """
    contributes = (levels == TROOPS) & deploy[np.newaxis, :]
    frac = troop_shares(contributes, pledge, lead_row, lead_share)
    return np.minimum(frac * requested, available[:, np.newaxis]) * contributes
