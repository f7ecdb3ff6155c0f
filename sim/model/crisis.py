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
# What the request asked for (seeds/evidence/episodes.yaml `asked`): most requests asked for equipment,
# advisers or political backing, not forces (Kyrgyzstan 1999 asked Russia for arms; Armenia 2021
# for consultations). A member cannot answer with more than was asked.
ASKED: tuple[str, ...] = ("forces", "aid", "political", "nothing")


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
    asked: str = "forces"  # forces | aid | political | nothing (ASKED): what the request asked for

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
    a plea for political backing only, back it or refuse it (POLITICAL; a refusal is an objection);
    a fellow member as adversary or outside members' territory, words only (POLITICAL:
    consultations, good offices);
    a request for aid only, a request that is not formal, or no forces free, help short of forces
    (MATERIAL). Before the treaty's entry into force there is no cap: in 1993 members sent battalions
    to Tajikistan under the CIS agreement (evidence C01), which the record codes as the answer.
    """
    if crisis.channel == "none" or crisis.asked == "nothing":
        return OBJECT, "rule:no_request"
    if member == crisis.adversary:
        return OBJECT, "rule:adversary_member"
    if crisis.crisis_type == "member_vs_member":
        return POLITICAL, "rule:adversary_member"
    if crisis.channel == "political" or crisis.asked == "political":
        return POLITICAL, "rule:asked_political"  # back the requester or refuse it (Armenia 2008: no recognition)
    if not crisis.on_member_territory:
        return POLITICAL, "rule:outside_area"
    if crisis.asked == "aid":
        return MATERIAL, "rule:asked_aid"
    if not crisis.formal_request:
        return MATERIAL, "rule:no_formal_request"
    if available_troops <= 0:
        return MATERIAL, "rule:no_forces"
    return TROOPS, None


def rule_floor(crisis: Crisis, member: str) -> int:
    """The least a member does under the structural rules: where two members fight, the others offer
    good offices and take no side (POLITICAL): nobody blocks them and nobody goes further (Bishkek
    1994, evidence C02; the 2021 Kyrgyz-Tajik clash, C12: "the treaty covers external aggressors
    only"). Elsewhere nothing is owed (OBJECT)."""
    if (crisis.channel != "none" and crisis.asked != "nothing" and crisis.crisis_type == "member_vs_member"
            and member not in (crisis.requester, crisis.adversary)):
        return POLITICAL
    return OBJECT


def bilateral_cap(crisis: Crisis, member: str, available_troops: float) -> int:
    """The most the leading state can give on its own: any request will do, and neither the area
    nor the treaty binds it (Russia's forces in Tajikistan in 1993, its arms to Kyrgyzstan in 2000);
    it sends no troops it does not have, and nothing when it is the requester or the adversary, or
    when two members fight (it does not take sides between allies: "the treaty covers external
    aggressors only", evidence C12)."""
    if (not crisis.asks_for_assistance or crisis.asked in ("political", "nothing")
            or member in (crisis.requester, crisis.adversary) or crisis.crisis_type == "member_vs_member"):
        return OBJECT
    return TROOPS if available_troops > 0 and crisis.asked == "forces" else MATERIAL
