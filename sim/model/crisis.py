"""The crisis that hits a member, and the structural rules that follow from the treaty.

Structural facts from the sources are rules, not fitted noise: assistance follows a request
(000 ¶6, ¶10), the area of responsibility is members' own territory (003 ¶12), and a member
cannot be asked to fight a fellow member. These rules cap what a member may choose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.model.decision import DECLINE, PARTIAL, TROOPS

# How the requester asked (seeds/evidence/episodes.yaml `request`): only a formal request to the
# alliance can start collective assistance (000 ¶6, ¶10); the others are recorded so a run can say
# which channel it assumed and why nothing collective followed.
CHANNELS: tuple[str, ...] = ("formal", "informal", "bilateral", "none", "political")


@dataclass(frozen=True)
class Crisis:
    id: str
    name: str
    date: dt.date
    requester: str
    crisis_type: str  # external_non_state | internal_unrest | conflict_with_non_member | member_vs_member
    front: str  # western | southern | caucasus
    adversary: str | None
    channel: str  # formal | informal | bilateral | none | political (CHANNELS)
    framing: str  # external_aggression | internal_security | border_dispute
    on_member_territory: bool
    troops_requested: int
    episode: str | None = None  # the episode record (seeds/evidence/episodes.yaml) it was built from, if any
    observed_outcome: str | None = None
    coding: str = "evidence"  # which coding of the episodes filled it: evidence | seeds (alliance.coding)

    @property
    def formal_request(self) -> bool:
        """A formal request to the alliance: the only channel that can start collective assistance."""
        return self.channel == "formal"

    @property
    def internal_unrest(self) -> bool:
        return self.crisis_type == "internal_unrest"

    @property
    def framed_as_aggression(self) -> bool:
        return self.framing == "external_aggression"


@dataclass(frozen=True)
class AllianceState:
    """What the alliance was on the crisis's date (read from dated seed facts and config)."""

    treaty_in_force: bool
    organisation: bool
    standing_forces: bool


def rule_cap(crisis: Crisis, state: AllianceState, member: str, available_troops: float) -> tuple[int, str | None]:
    """The highest level a member may choose under the structural rules, and the rule that binds.

    Returns (TROOPS, None) when no rule binds.
    """
    if not crisis.formal_request:
        return DECLINE, "rule:no_request"
    if member == crisis.adversary:
        return DECLINE, "rule:adversary_member"
    if not state.treaty_in_force:
        return PARTIAL, "rule:treaty_not_in_force"
    if not crisis.on_member_territory:
        return PARTIAL, "rule:outside_area"
    if available_troops <= 0:
        return PARTIAL, "rule:no_forces"
    return TROOPS, None
