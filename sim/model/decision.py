"""How one member state decides on a request: named terms, a latent utility, an ordinal choice.

Every term is a pure function of arrays and parameters, so it can be tested alone and runs over
all replication lanes at once. A member's utility is the sum of its terms plus noise; two
thresholds turn it into a choice:

    level 2 (troops)   utility >= thresholds.troops   contributes troops (and approves)
    level 1 (partial)  utility >= thresholds.partial  approves, offers consultations or aid
    level 0 (decline)  otherwise                      objects, offers nothing

Weights are magnitudes (>= 0); each term carries its own sign, so a reader sees in one place
which considerations push towards helping and which against.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import ArrayLike, NDArray

DECLINE, PARTIAL, TROOPS = 0, 1, 2
LEVEL_NAMES: tuple[str, ...] = ("decline", "partial", "troops")

TERMS: tuple[str, ...] = (
    "front",  # the crisis's front matters to me (my threat priority there)
    "regime",  # regime-security solidarity: unrest at a partner could be unrest at home
    "mandate",  # the request is framed as external aggression: the treaty's mutual-defence case
    "cost",  # troops asked of me relative to the forces I have free
    "tie_requester",  # my ties with the requester
    "tie_adversary",  # my ties with the adversary (friendly ties hold me back)
    "leader",  # alignment with what the leading state chose
    "trust",  # my trust in the alliance, relative to a neutral reference
)
NOISE = "noise"
STRUCTURAL_RULES: tuple[str, ...] = (
    "rule:no_request",  # assistance only on a request
    "rule:adversary_member",  # a member cannot fight itself
    "rule:outside_area",  # the area of responsibility is members' own territory
    "rule:treaty_not_in_force",  # no collective mechanism before the treaty's entry into force
    "rule:no_forces",  # a member with no forces free cannot send troops
)
# Terms that were absent from this crisis but whose presence would have changed the choice:
# "no mandate" (not framed as external aggression), "no regime" (not internal unrest).
ABSENT: tuple[str, ...] = ("no_mandate", "no_regime")
REASONS: tuple[str, ...] = (*TERMS, NOISE, *STRUCTURAL_RULES, *ABSENT)
REASON_INDEX: dict[str, int] = {name: i for i, name in enumerate(REASONS)}


@dataclass
class Weights:
    """Magnitudes of the decision terms (see TERMS for what each means).

    The config schema of `decision.weights` (sim/inputs/schema.py) is built from TERMS, so the two cannot drift apart.
    A field may hold a numpy array of shape (lanes,): one parameter vector per lane.
    """

    front: float = 1.0
    regime: float = 1.0
    mandate: float = 1.0
    cost: float = 1.0
    tie_requester: float = 1.0
    tie_adversary: float = 1.0
    leader: float = 1.0
    trust: float = 1.0

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class DecisionParams:
    weights: Weights
    partial_threshold: float
    troops_threshold: float
    noise_sd: float
    trust_reference: float
    ad_hoc_cost_multiplier: float


# --- the terms: pure functions -----------------------------------------------------------------


def front_term(priority_on_front: ArrayLike, weight: float) -> NDArray[np.float64]:
    """Support grows with how much the crisis's front matters to the member."""
    return weight * np.asarray(priority_on_front, dtype=float)


def regime_term(internal_priority: ArrayLike, internal_unrest: bool, weight: float) -> NDArray[np.float64]:
    """Regime-security solidarity: only for internal unrest, scaled by the member's own concern."""
    return weight * np.asarray(internal_priority, dtype=float) * float(internal_unrest)


def mandate_term(framed_as_aggression: bool, weight: float) -> NDArray[np.float64]:
    """A request framed as external aggression invokes the mutual-defence clause (Article 4)."""
    return np.asarray(weight * float(framed_as_aggression))


def cost_term(
    expected_troops: ArrayLike,
    available_troops: ArrayLike,
    ad_hoc: bool,
    ad_hoc_multiplier: float,
    weight: float,
) -> NDArray[np.float64]:
    """Troops asked of the member relative to what it has free; dearer without standing forces.

    A member with nothing free pays no cost here: the capacity rule stops it sending troops.
    """
    expected = np.asarray(expected_troops, dtype=float)
    available = np.asarray(available_troops, dtype=float)
    ratio = np.divide(expected, available, out=np.zeros_like(expected * available), where=available > 0)
    return -weight * ratio * (ad_hoc_multiplier if ad_hoc else 1.0)


def tie_requester_term(affinity: ArrayLike, weight: float) -> NDArray[np.float64]:
    """Friends of the requester help more, rivals less."""
    return weight * np.asarray(affinity, dtype=float)


def tie_adversary_term(affinity: ArrayLike, weight: float) -> NDArray[np.float64]:
    """Friendly ties with the adversary hold a member back; hostility to it pushes it forward."""
    return -weight * np.asarray(affinity, dtype=float)


def leader_term(leader_signal: ArrayLike, deference: float, weight: float) -> NDArray[np.float64]:
    """Follow the leading state's choice (+1 troops, 0 partial, -1 decline), by deference to it."""
    return weight * deference * np.asarray(leader_signal, dtype=float)


def trust_term(trust: ArrayLike, reference: float, weight: float) -> NDArray[np.float64]:
    """Members that trust the alliance more than the reference lean towards honouring requests."""
    return weight * (np.asarray(trust, dtype=float) - reference)


# --- from terms to a choice ----------------------------------------------------------------------


def choose_level(
    utility: ArrayLike, partial_threshold: float, troops_threshold: float, max_level: int = TROOPS
) -> NDArray[np.int8]:
    """Ordinal choice from the latent utility, capped by the structural rules (`max_level`)."""
    u = np.asarray(utility, dtype=float)
    level = np.where(u >= troops_threshold, TROOPS, np.where(u >= partial_threshold, PARTIAL, DECLINE))
    return np.minimum(level, max_level).astype(np.int8)


def leading_reason(contributions: NDArray[np.float64], level: NDArray[np.int8]) -> NDArray[np.int8]:
    """Index (into REASONS) of the term that did most to push the choice the way it went.

    `contributions` has one row per TERMS entry plus a last row for noise, one column per lane.
    A member that helped is explained by its largest positive term; one that declined by its
    most negative term.
    """
    helped = level >= PARTIAL
    strongest_for = np.argmax(contributions, axis=0)
    strongest_against = np.argmin(contributions, axis=0)
    return np.where(helped, strongest_for, strongest_against).astype(np.int8)


def counterfactual_reason(
    contributions: NDArray[np.float64],
    absent: NDArray[np.float64],
    level: NDArray[np.int8],
    partial_threshold: ArrayLike,
    troops_threshold: ArrayLike,
    max_level: int = TROOPS,
) -> NDArray[np.int8]:
    """Index (into REASONS) of the consideration without which the member would have chosen otherwise.

    `contributions` (terms + noise, lanes) are the terms in the utility; `absent` (len(ABSENT),
    lanes) what the mandate and regime terms would have added had the crisis been framed as
    external aggression / been internal unrest (0 where they were present). Each term is removed,
    and each absent term added, in turn; among those that change the choice, the largest in size
    is the reason (so "no mandate" can explain a refusal). Where no single consideration changes
    the choice, the strongest term pushing the way the member went explains it (`leading_reason`).
    """
    utility = contributions.sum(axis=0)
    deltas = np.concatenate([-contributions, absent])
    index = np.array([*range(contributions.shape[0]), *(REASON_INDEX[a] for a in ABSENT)], dtype=np.int8)
    shifted = utility[np.newaxis] + deltas
    # the level each counterfactual would give (choose_level, inlined: this runs on every lane)
    other = np.minimum((shifted >= partial_threshold).astype(np.int8) + (shifted >= troops_threshold), max_level)
    flips = other != level[np.newaxis]
    reason = index[np.argmax(np.where(flips, np.abs(deltas), -1.0), axis=0)]
    alone = ~flips.any(axis=0)
    if alone.any():
        reason[alone] = leading_reason(contributions[:, alone], level[alone])
    return reason


def leader_signal(level: ArrayLike) -> NDArray[np.int8]:
    """The leading state's choice as a signal for the others: -1 decline, 0 partial, +1 troops."""
    return (np.asarray(level, dtype=np.int8) - PARTIAL).astype(np.int8)
