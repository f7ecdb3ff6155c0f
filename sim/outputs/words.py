"""Plain words for what the model reports: one place for the app, the printed table and the plots.

A reader in a seminar or a paper should not meet `material_cost` or `rule:no_formal_request`; these
short phrases say the same in words (the app's sentences say more, sim/app/seminar.py).
"""

from __future__ import annotations

REASON_TEXT: dict[str, str] = {  # every sim.model.decision.REASONS name
    "front": "its front is at stake",
    "regime": "regime solidarity",
    "mandate": "Article 4 framing (external aggression)",
    "tie_requester": "its ties with the requester",
    "tie_adversary": "its ties with the adversary",
    "leader": "following the leading state",
    "trust": "its trust in the alliance",
    "premise": "it opposes the mission's premise",
    "presence": "its own forces are based there",
    "credibility": "the alliance's credibility (a formal request)",
    "cost": "the cost of the troops",
    "material_cost": "the cost of equipment and advisers",
    "no_lead": "no lead nation to lift and command the force",
    "alone": "the cost of acting alone, outside the alliance",
    "noise": "chance (idiosyncratic politics)",
    "rule:no_request": "rule: no request for assistance",
    "rule:asked_political": "rule: only political backing was asked",
    "rule:asked_aid": "rule: only equipment and advisers were asked",
    "rule:no_formal_request": "rule: no formal request, no collective forces",
    "rule:adversary_member": "rule: no sides against a fellow member",
    "rule:outside_area": "rule: outside members' territory",
    "rule:no_forces": "rule: no forces free",
    "no_mandate": "no Article 4 framing (not called external aggression)",
    "no_regime": "no regime solidarity (not internal unrest)",
}


def reason_words(reason: str) -> str:
    """A reason in plain words (the code itself if it has none)."""
    return REASON_TEXT.get(reason, reason)
