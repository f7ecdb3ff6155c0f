"""The model's value types: what a run is given (ModelSpec, MemberProfile) and what it returns
(LaneResults), and what a member needs of the model it sits in (LaneHost).

They sit below the model and the agents so that both, and the inputs layer that builds a spec,
import them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from sim.model import decision as d
from sim.model.alliance import Rule
from sim.model.crisis import AllianceState, Crisis


@dataclass(frozen=True)
class MemberProfile:
    """Everything a member brings to a decision, resolved from seeds and config."""

    code: str
    name: str
    threat: dict[str, float]  # front -> priority in [0, 1]
    available_troops: float  # readiness share x readiness troops x (1 - committed elsewhere)
    pledge: float  # share of the peacekeeping force: how a deployment is split
    trust: float  # initial trust in the alliance, in [0, 1]
    affinity: dict[str, float] = field(default_factory=dict)  # other actor -> affinity in [-1, 1]
    # measured dependence on the leading state on the date, in [0, 1] (sim.inputs.leverage; the
    # config default where no indicator was public yet): how far it follows the leader
    dependence: float = 0.5
    # how far it opposes the premise of this crisis's mission, in [0, 1] (seeds/dated.yaml premises)
    opposition: float = 0.0
    # its own forces based in the requester, over alliance.dependence.presence_full, capped at 1
    stationed: float = 0.0

    def affinity_with(self, other: str | None) -> float:
        return 0.0 if other is None else self.affinity.get(other, 0.0)


@dataclass(frozen=True)
class ModelSpec:
    """A fully resolved, validated scenario: what the model needs and nothing else."""

    crisis: Crisis
    state: AllianceState
    params: d.DecisionParams
    rule: Rule
    majority_share: float
    min_contributors: int  # collective forces need at least this many members sending troops
    leader: str | None
    profiles: tuple[MemberProfile, ...]  # the members on the crisis's date, sorted by ISO3
    ties: nx.Graph  # members and outside actors, edge attribute "affinity"
    partner_tie: float = 0.5  # an outside actor with a tie >= this to the adversary counts in its camp
    # the lead nation's share of a collective force it joins (alliance.lead_share; evidence C16);
    # None: it splits by pledge like the others
    lead_share: float | None = None
    dated_inputs: tuple[dict[str, Any], ...] = ()  # the dated inputs in force on the date (provenance)

    @property
    def members(self) -> list[str]:
        return [p.code for p in self.profiles]


@dataclass
class LaneResults:
    """What one model run produced, one column per lane."""

    members: list[str]
    roles: list[str]
    outcome: NDArray[np.int8]  # (lanes,) index into OUTCOMES: the collective answer
    bilateral: NDArray[np.int8]  # (lanes,) the leading state's bilateral help (decision level; 0 = none)
    answer: NDArray[np.int8]  # (lanes,) index into OUTCOMES: collective or bilateral, the more of the two
    level: NDArray[np.int8]  # (members, lanes)
    troops: NDArray[np.float64]  # (members, lanes)
    utility: NDArray[np.float64]  # (members, lanes)
    reason: NDArray[np.int8]  # (members, lanes) index into decision.REASONS
    contributions: NDArray[np.float64]  # (members, terms + noise, lanes)
    framing: str = ""  # the framing the run used (the requester's choice where the scenario left it open)


class LaneHost(Protocol):
    """What a member reads from its model: the lane count, and when deciding, the spec and
    whether to explain (AllianceModel has all three; the timeline's Roster only the lanes)."""

    lanes: int
    explain: bool
    spec: ModelSpec
