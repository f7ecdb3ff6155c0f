"""How members' trust in the alliance moves, and when a member leaves or freezes: pure rules.

Every function takes arrays (one column per replication lane) and parameters and returns new
arrays; nothing here knows about Mesa or dates. Trust lives in [0, 1] and every rule keeps it
there: gains close a share of the distance to 1, losses remove a share of what is left.

After an episode (`update_after_episode`):
- the requester learns most: an honoured request (troops) raises its trust by `gain` x (1 - trust);
  a refused one (none) lowers it by `loss` x trust; partial help counts as honoured by
  `partial_credit` and as refused by the rest. A refusal never raises the requester's trust.
- onlookers (every other participating member) learn the same lesson, scaled by `vicarious` and
  by their own threat priority on the crisis's front: "next time it could be me on that front".
- a member that sent troops to a deployment gains `participation` x (1 - trust) (shared effort
  binds), and the adversary member of a deployment loses `loss` x trust (forces were sent
  against it).
Between episodes, trust relaxes towards each member's initial trust with a half-life
(`relax`): memories of old crises fade.

At a renewal point (`renewal_utility`), a member renews when trust above `exit_threshold`, how
well the alliance's capabilities cover its own fronts (`threat_alignment`) and its ties with the
other members outweigh noise; otherwise it leaves. Between renewals a member whose trust falls
below `freeze_threshold` freezes its participation (`frozen`) and resumes once it recovers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.model.alliance import NONE_CODE, PARTIAL_CODE, TROOPS_CODE
from sim.model.decision import TROOPS

# A state's standing in the treaty, per lane (the timeline replay).
# left: withdrawn (by notice, or by not renewing the treaty's fixed terms before 1999); suspended: by
# a decision of the Collective Security Council; frozen: a member's own pause, or a member whose
# notice or request is pending, still a member (sim.model.standing)
NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED = 0, 1, 2, 3, 4
STATUS_NAMES: tuple[str, ...] = ("not_signed", "active", "frozen", "left", "suspended")

# Each rule's allowed values, as the config schema's field metadata (`range`: closed (low, high),
# checked by sim.inputs.checks.check_ranges when timeline.trust and timeline.exit are read).
UNIT, NON_NEGATIVE, POSITIVE = (0.0, 1.0), (0.0, math.inf), (1e-6, math.inf)


@dataclass
class TrustRules:
    """Trust-update parameters (configs/timeline/default.yaml says what each means and why).

    Also the config schema of `timeline.trust` (sim/inputs/schema.py): one definition for both.
    """

    gain: float = field(default=0.3, metadata={"range": UNIT})
    loss: float = field(default=0.4, metadata={"range": UNIT})
    partial_credit: float = field(default=0.5, metadata={"range": UNIT})
    vicarious: float = field(default=0.5, metadata={"range": UNIT})
    participation: float = field(default=0.05, metadata={"range": UNIT})
    # typing.Optional: OmegaConf reads it as a schema
    half_life_years: Optional[float] = field(default=15.0, metadata={"range": POSITIVE})


@dataclass
class ExitRules:
    """When members withdraw, ask for suspension, freeze their participation or return.

    Also the config schema of `timeline.exit` (sim/inputs/schema.py).
    """

    exit_threshold: float = field(default=0.3, metadata={"range": UNIT})
    freeze_threshold: float = field(default=0.2, metadata={"range": UNIT})
    weight_alignment: float = field(default=1.0, metadata={"range": NON_NEGATIVE})
    alignment_reference: float = field(default=0.5, metadata={"range": UNIT})
    weight_ties: float = field(default=1.0, metadata={"range": NON_NEGATIVE})
    noise_sd: float = field(default=0.1, metadata={"range": NON_NEGATIVE})
    weight_grievance: float = field(default=1.0, metadata={"range": NON_NEGATIVE})
    weight_outside: float = field(default=1.0, metadata={"range": NON_NEGATIVE})
    return_margin: float = field(default=0.2, metadata={"range": NON_NEGATIVE})
    # case below minus this: notice of withdrawal (sim.model.standing)
    withdrawal_margin: float = field(default=0.4, metadata={"range": NON_NEGATIVE})
    # case below minus this, under the Charter: a request for suspension
    suspension_margin: float = field(default=0.25, metadata={"range": NON_NEGATIVE})
    # notice before a withdrawal takes effect (Charter Art. 19; Treaty Art. 11)
    notice_months: float = field(default=6.0, metadata={"range": (0.0, 120.0)})
    # years of unpaid dues that cost a member its vote
    arrears_years_vote: float = field(default=2.0, metadata={"range": NON_NEGATIVE})
    # pull to stay of a member's dependence on the leading state
    weight_dependence: float = field(default=0.5, metadata={"range": NON_NEGATIVE})
    # dependence at which that pull is neutral
    dependence_reference: float = field(default=0.5, metadata={"range": UNIT})
    # grievance per own request for assistance left wholly unmet (sim.model.standing)
    request_weight: float = field(default=0.1, metadata={"range": NON_NEGATIVE})
    # half-life in years of that grievance
    request_half_life_years: float = field(default=5.0, metadata={"range": POSITIVE})
    # a frozen member takes part again once its case clears this
    unfreeze_margin: float = field(default=0.2, metadata={"range": NON_NEGATIVE})
    # extra margin, per unit of dependence, before a formal exit (notice, suspension)
    exit_cost: float = field(default=0.5, metadata={"range": NON_NEGATIVE})


def satisfaction(outcome: ArrayLike, partial_credit: float) -> NDArray[np.float64]:
    """How far an outcome honoured the request: troops 1, partial `partial_credit`, none 0."""
    o = np.asarray(outcome)
    return np.select([o == TROOPS_CODE, o == PARTIAL_CODE, o == NONE_CODE], [1.0, partial_credit, 0.0], 0.0)


def learn(trust: ArrayLike, honoured: ArrayLike, gain: float, loss: float, scale: ArrayLike = 1.0) -> NDArray[np.float64]:
    """Move trust towards 1 by the honoured share and towards 0 by the refused share.

    `honoured` in [0, 1]; `scale` in [0, 1] damps the lesson (onlookers learn less than the
    requester). Gains and losses are shares of the remaining distance, so trust stays in [0, 1].
    """
    t = np.asarray(trust, dtype=float)
    h = np.clip(np.asarray(honoured, dtype=float), 0.0, 1.0)
    s = np.clip(np.asarray(scale, dtype=float), 0.0, 1.0)
    new = t + s * (gain * h * (1.0 - t) - loss * (1.0 - h) * t)
    return np.clip(new, 0.0, 1.0)


def lesson(trust: ArrayLike, role: str, outcome: ArrayLike, sent_troops: ArrayLike, front_priority: float,
           rules: TrustRules) -> NDArray[np.float64]:
    """One member's new trust after an episode it took part in, (lanes,).

    `role` is requester | adversary | onlooker; `outcome` (lanes,) the collective outcome code;
    `sent_troops` (lanes,) whether this member chose troops; `front_priority` its threat priority
    on the crisis's front (how much "next time it could be me" weighs for an onlooker).
    """
    t = np.asarray(trust, dtype=float)
    honoured = satisfaction(outcome, rules.partial_credit)
    deployed = np.asarray(outcome) == TROOPS_CODE
    if role == "requester":
        return learn(t, honoured, rules.gain, rules.loss)
    if role == "adversary":
        return np.where(deployed, learn(t, 0.0, rules.gain, rules.loss), t)
    updated = learn(t, honoured, rules.gain, rules.loss, rules.vicarious * front_priority)
    return np.where(deployed & np.asarray(sent_troops, dtype=bool), learn(updated, 1.0, rules.participation, 0.0),
                    updated)


def episode_role(row: int, requester: int, adversary: int | None) -> str:
    return "requester" if row == requester else "adversary" if row == adversary else "onlooker"


def update_after_episode(
    trust: NDArray[np.float64],
    requester: int,
    adversary: int | None,
    outcome: NDArray[np.int8],
    level: NDArray[np.int8],
    participating: NDArray[np.bool_],
    front_priority: NDArray[np.float64],
    rules: TrustRules,
) -> NDArray[np.float64]:
    """New trust, (members, lanes), after one episode: each member's `lesson` where it took part.

    `requester`/`adversary` are row indices; `outcome` (lanes,) the collective outcome code;
    `level` (members, lanes) each member's own choice; `participating` (members, lanes) who
    took part (a member that left learns nothing); `front_priority` (members,) each member's
    threat priority on the crisis's front. Lanes where the requester did not take part have no
    request, and nothing changes there.
    """
    trust = np.asarray(trust, dtype=float)
    new = trust.copy()
    asked = participating[requester]
    for row in range(trust.shape[0]):
        updated = lesson(trust[row], episode_role(row, requester, adversary), outcome, level[row] == TROOPS,
                         float(front_priority[row]), rules)
        new[row] = np.where(participating[row] & asked, updated, trust[row])
    return np.clip(new, 0.0, 1.0)


def relax(trust: ArrayLike, baseline: ArrayLike, years: float, half_life_years: float | None) -> NDArray[np.float64]:
    """Trust drifts back towards its baseline as memories fade: half the gap closes per half-life."""
    t = np.asarray(trust, dtype=float)
    if half_life_years is None or years <= 0:
        return t.copy()
    keep = 0.5 ** (years / half_life_years)
    b = np.asarray(baseline, dtype=float)
    return np.clip(b + (t - b) * keep, 0.0, 1.0)


def threat_alignment(priorities: NDArray[np.float64], capability: NDArray[np.float64],
                     present: NDArray[np.bool_]) -> NDArray[np.float64]:
    """How well the other present members' capabilities cover each member's own fronts, in [0, 1].

    `priorities` (members, fronts), `capability` (members,), `present` (members, lanes).
    For member m: sum_f p_m,f x S_-m,f / sum_f p_m,f, where S_-m,f is the capability-weighted
    mean priority of the other present members on front f. Returns (members, lanes).
    """
    w = capability[:, None] * present  # (members, lanes)
    weighted = np.einsum("ml,mf->fl", w, priorities)  # (fronts, lanes)
    out = np.zeros(present.shape)
    own_total = priorities.sum(axis=1)
    for m in range(priorities.shape[0]):
        others_w = w.sum(axis=0) - w[m]
        others = weighted - w[m][None, :] * priorities[m][:, None]
        cover = np.divide(others, others_w, out=np.zeros_like(others), where=others_w > 0)
        out[m] = (priorities[m] @ cover) / own_total[m] if own_total[m] > 0 else 0.0
    return out


def ties_with_alliance(affinity: NDArray[np.float64], present: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Each member's mean affinity with the other present members (one voice each under consensus).

    `affinity` (members, members) symmetric with any diagonal; returns (members, lanes).
    """
    a = affinity.copy()
    np.fill_diagonal(a, 0.0)
    p = present.astype(float)
    total = a @ p  # (members, lanes): sum of affinity with present others
    count = p.sum(axis=0)[None, :] - p  # others present, excluding oneself when present
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0)


def renewal_utility(trust: ArrayLike, alignment: ArrayLike, ties: ArrayLike, noise: ArrayLike,
                    rules: ExitRules, grievance: float | None = None,
                    outside: float | None = None, dependence: float | None = None) -> dict[str, NDArray[np.float64]]:
    """The terms of a member's case for renewing the treaty; it renews when their sum is >= 0.

    `grievance` (summed strength of the dated grievances), `outside` (strength of an outside
    alignment) and `dependence` (on the leading state, a pull to stay: what leaving would cost)
    add their terms when given (sim.model.standing); the simulated history gives none."""
    terms = {
        "trust": np.asarray(trust, dtype=float) - rules.exit_threshold,
        "alignment": rules.weight_alignment * (np.asarray(alignment, dtype=float) - rules.alignment_reference),
        "ties": rules.weight_ties * np.asarray(ties, dtype=float),
    }
    shape = terms["trust"].shape
    if grievance is not None:
        terms["grievance"] = np.full(shape, -rules.weight_grievance * float(grievance))
    if outside is not None:
        terms["outside_option"] = np.full(shape, -rules.weight_outside * float(outside))
    if dependence is not None:
        terms["dependence"] = np.full(shape, rules.weight_dependence * (float(dependence) - rules.dependence_reference))
    terms["noise"] = rules.noise_sd * np.asarray(noise, dtype=float)
    return terms


def renews(terms: dict[str, NDArray[np.float64]]) -> NDArray[np.bool_]:
    return sum(terms.values()) >= 0.0  # type: ignore[return-value]


def frozen(trust: ArrayLike, freeze_threshold: float) -> NDArray[np.bool_]:
    """A member freezes its participation while its trust is below the threshold."""
    return np.asarray(trust, dtype=float) < freeze_threshold
