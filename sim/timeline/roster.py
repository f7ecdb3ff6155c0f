"""The roster: every state that ever signed the treaty, as MemberState agents that persist.

The replay moves through dated events; across them each state keeps its trust and its standing
(not signed, active, frozen, left) per lane. Those are MemberState behaviour (`sign`, `fade`,
`learn_from`, `consider_renewal`, `review_participation`), which call the pure rules in
`sim.model.trust`. Each episode is decided by its own AllianceModel, built from the episode's
spec with the roster's trust and participation.
"""

from __future__ import annotations

from collections.abc import Sequence

import mesa
import numpy as np
from numpy.typing import NDArray

from sim.model import streams
from sim.model import trust as tr
from sim.model.agents import MemberProfile, MemberState


class Roster(mesa.Model):
    """The states of the alliance over time, `lanes` replications in lockstep."""

    def __init__(self, profiles: Sequence[MemberProfile], lanes: int, seed: int) -> None:
        super().__init__(rng=streams.sampler_rng(seed, streams.ROSTER))
        self.lanes = lanes
        self.members: list[MemberState] = []
        for profile in sorted(profiles, key=lambda p: p.code):
            state = MemberState(self, profile, self.rng)  # the roster's states draw nothing themselves
            state.status[:] = tr.NOT_SIGNED
            self.members.append(state)
        self.by_code: dict[str, MemberState] = {m.code: m for m in self.members}

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.members]

    def trust(self) -> NDArray[np.float64]:
        """(members, lanes) trust, in roster order."""
        return np.stack([m.trust for m in self.members])

    def status(self) -> NDArray[np.int8]:
        """(members, lanes) standing, in roster order."""
        return np.stack([m.status for m in self.members])

    def present(self) -> NDArray[np.bool_]:
        """(members, lanes): where each state belongs to the treaty (active or frozen)."""
        return np.stack([m.is_member for m in self.members])
