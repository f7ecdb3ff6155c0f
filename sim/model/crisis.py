"""The crisis that hits a member, and the structural rules that follow from the treaty.

Structural facts from the sources are rules, not fitted noise: assistance follows a request
(000 ¶6, ¶10), collective forces follow a formal one, the area of responsibility is members' own
territory (003 ¶12), and members do not take sides against a fellow member. These rules cap what
a member may choose in the alliance; the leading state's bilateral help is not bound by them
(sim.model.alliance.bilateral_help).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.model.decision import MATERIAL, OBJECT, POLITICAL, TROOPS

# How the requester asked (seeds/evidence/episodes.yaml `request`): only a formal request to the
# alliance can start collective forces and consultations (000 ¶6, ¶10); an informal or bilateral
# plea can still draw equipment and advisers (Kyrgyzstan 1999, 2010); none or a plea for political
# backing (recognition, Russia 2008) asks for no assistance.
CHANNELS: tuple[str, ...] = ("formal", "informal", "bilateral", "none", "political")
ASKING: frozenset[str] = frozenset({"formal", "informal", "bilateral"})  # channels that ask for assistance
# Framings a requester can give a crisis; `open` in a scenario lets the requester choose (sim.model.framing).
FRAMINGS: tuple[str, ...] = ("external_aggression", "internal_security", "border_dispute")
OPEN = "open"


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
    def asks_for_assistance(self) -> bool:
        """Any request for assistance (formal, informal or bilateral): what aid and bilateral help need."""
        return self.channel in ASKING

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
    """The highest choice a member may make in the alliance under the structural rules, and the rule
    that binds. Returns (TROOPS, None) when no rule binds.

    The caps: no request, nothing (OBJECT: nothing is put to the Council; tables say "not asked");
    a fellow member as adversary or outside members' territory, words only (POLITICAL:
    consultations, good offices);
    a request that is not formal, or a treaty not yet in force, or no forces free, help short of
    forces (MATERIAL).
    """
    if not crisis.asks_for_assistance:
        return OBJECT, "rule:no_request"
    if member == crisis.adversary:
        return OBJECT, "rule:adversary_member"
    if crisis.crisis_type == "member_vs_member":
        return POLITICAL, "rule:adversary_member"
    if not crisis.on_member_territory:
        return POLITICAL, "rule:outside_area"
    if not crisis.formal_request:
        return MATERIAL, "rule:no_formal_request"
    if not state.treaty_in_force:
        return MATERIAL, "rule:treaty_not_in_force"
    if available_troops <= 0:
        return MATERIAL, "rule:no_forces"
    return TROOPS, None


def bilateral_cap(crisis: Crisis, member: str, available_troops: float) -> int:
    """The most the leading state can give on its own: any request will do, and neither the area
    nor the treaty binds it (Russia's forces in Tajikistan in 1993, its arms to Kyrgyzstan in 2000);
    it sends no troops it does not have, and nothing when it is the requester or the adversary, or
    when two members fight (it does not take sides between allies: "the treaty covers external
    aggressors only", evidence C12)."""
    if (not crisis.asks_for_assistance or member in (crisis.requester, crisis.adversary)
            or crisis.crisis_type == "member_vs_member"):
        return OBJECT
    return TROOPS if available_troops > 0 else MATERIAL
