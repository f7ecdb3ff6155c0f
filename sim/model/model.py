"""AllianceModel: a crisis hits a member, it asks for help, every member decides, the alliance acts.

One model instance runs `lanes` replications in lockstep: each agent holds one value per lane
and decides for all lanes with numpy. `lanes=1` is the classic single run (teaching, the app).

Randomness: every draw comes from a stream keyed by (seed, chunk, who): the model's own stream
for activation order, and one stream per member keyed by its ISO3 code. So a result depends
only on the config, the seed and the chunk, never on which members are active or in what
order they are activated.
"""

from __future__ import annotations

from collections.abc import Mapping

import mesa
import numpy as np
from numpy.typing import NDArray

from sim.model import decision as d
from sim.model import framing, streams
from sim.model.agents import MemberState
from sim.model.alliance import (
    OUTCOMES,
    agreed,
    allocate_troops,
    answer_codes,
    bilateral_help,
    forces_deploy,
    outcome_codes,
    troop_shares,
)
from sim.model.types import LaneResults, MemberProfile, ModelSpec

# The value types live in sim.model.types; they are named here too, where most callers look for them.
__all__ = ["FRAMING_LANES", "AllianceModel", "LaneResults", "MemberProfile", "ModelSpec", "run_lanes"]


# Replications on which a requester weighs the framings of an open request (sim.model.framing):
# enough for its expected answer to be within about +-0.03 whatever the run's own lane count.
FRAMING_LANES = 2000


class AllianceModel(mesa.Model):
    """The alliance facing one crisis. One step: request, decisions, collective outcome."""

    def __init__(self, spec: ModelSpec, lanes: int = 1, seed: int | None = 0, chunk: int = 0,
                 trust: Mapping[str, NDArray[np.float64]] | None = None,
                 active: Mapping[str, NDArray[np.bool_]] | None = None) -> None:
        """A model of one crisis, `lanes` replications in lockstep, from a resolved `spec`.

        The Mesa way: the model takes its spec and composes no config. To name a run with plain
        keywords (`scenario`, `decision`, `rule`, a weight such as `cost=2.0`), as `mesa.batch_run`
        does, use the factory `sim.inputs.parameters.model_from_keywords`. `seed=None` draws a
        fresh seed (kept in `self.seed`).

        `trust` (code -> (lanes,) array) replaces members' initial trust, and `active`
        (code -> (lanes,) bool) marks the lanes where each takes part: both come from the
        timeline replay, where trust evolves and members may leave or freeze per lane.
        """
        if lanes < 1:
            raise ValueError("lanes must be >= 1")
        if not isinstance(spec, ModelSpec):
            raise TypeError("AllianceModel takes a ModelSpec; build one from keywords with "
                            "sim.inputs.parameters.model_from_keywords or spec_from_parameters")
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        self.framing_chosen: str | None = None
        if framing.is_open(spec):
            # The requester frames an open request to get the most help (sim.model.framing): it
            # weighs the framings over FRAMING_LANES replications, however many lanes this run has.
            # one choice for every chunk
            self.framing_chosen = framing.choose_framing(spec, FRAMING_LANES, seed, 0, run_lanes)
            spec = framing.with_framing(spec, self.framing_chosen)
        super().__init__(rng=streams.model_rng(seed, chunk))
        self.spec = spec
        self.seed = seed
        self.lanes = lanes
        # Members explain their choices (counterfactual reasons, half the cost of a step); runners
        # that only count outcomes (calibration, experiments) switch it off.
        self.explain = True
        self.outcome: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)
        self.bilateral: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)
        self.answer: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)
        for profile in spec.profiles:
            agent = MemberState(self, profile, streams.member_rng(seed, chunk, profile.code))
            agent.assign_role(spec.crisis)
            if trust is not None and profile.code in trust:
                agent.trust = np.broadcast_to(np.asarray(trust[profile.code], dtype=float), (lanes,)).copy()
            if active is not None and profile.code in active:
                agent.active = np.broadcast_to(np.asarray(active[profile.code], dtype=bool), (lanes,)).copy()
        self.by_code: dict[str, MemberState] = {a.code: a for a in self.agents}
        # Tidy tables for Mesa users: one row per run (model) and one row per member (agents);
        # every cell a scalar. Over several lanes a member's row holds its choice shares; one
        # row per member and lane is what sim.runs.scenario.tidy gives.
        self.datacollector = mesa.DataCollector(
            model_reporters={
                "scenario": lambda m: m.spec.crisis.id,
                "lanes": "lanes",
                **{f"p_{name}": (lambda m, i=i: float(np.mean(m.outcome == i))) for i, name in enumerate(OUTCOMES)},
                "p_bilateral_aid": lambda m: float(np.mean(m.bilateral == d.MATERIAL)),
                "p_bilateral_troops": lambda m: float(np.mean(m.bilateral == d.TROOPS)),
            },
            agent_reporters={
                "member": "code",
                "role": "role",
                **{f"choice_{name}": (lambda a, i=i: float(np.mean(a.level == i)) if a.role == "voter"
                                      else float("nan"))
                   for i, name in enumerate(d.LEVEL_NAMES)},
                "mean_troops": lambda a: float(np.mean(a.troops)),
            },
        )

    # -- the step -------------------------------------------------------------------------------

    def expected_troops(self) -> dict[str, float | NDArray[np.float64]]:
        """What each voting member would send if all voters contributed: the basis of its cost.
        The request is split as a real deployment would be (`troop_shares`: the lead nation its
        lead share, the others the rest by pledge).

        Per lane (arrays) when some member is absent from some lanes: only present voters share.
        """
        voters = [a for a in self.agents if a.role == "voter" and a.profile.available_troops > 0]
        if not voters:
            return {}
        requested = self.spec.crisis.troops_requested
        codes = [a.code for a in voters]
        lead_row = codes.index(self.spec.leader) if self.spec.leader in codes else None
        per_lane = not all(a.active.all() for a in voters)
        present = (np.array([a.active for a in voters], dtype=bool).reshape(len(voters), self.lanes) if per_lane
                   else np.ones((len(voters), 1), dtype=bool))
        share = requested * troop_shares(present, np.array([a.profile.pledge for a in voters]), lead_row,
                                         self.spec.lead_share)
        return {a.code: (row if per_lane else float(row[0])) for a, row in zip(voters, share)}

    def step(self) -> None:
        spec = self.spec
        expected = self.expected_troops()
        args = (spec.crisis, spec.state, spec.params, expected)
        signal = np.zeros(self.lanes)
        lead_sends = np.zeros(self.lanes)  # lanes where the lead nation sends troops or hosts the operation
        leader = self.by_code.get(spec.leader) if spec.leader else None
        if leader is not None and leader.role == "requester":
            signal[:] = 1.0  # the leading state itself asks for help
            lead_sends[:] = 1.0  # and hosts, supplies and commands whoever comes
        elif leader is not None and leader.role == "voter":
            leader.decide(*args, signal, spec.leader)  # the leading state moves first
            # where the leader takes no part, it sends no signal (as with no leader)
            signal = np.where(leader.active, d.leader_signal(leader.level), 0.0)
            lead_sends = (leader.active & (leader.level == d.TROOPS)).astype(float)
        followers = self.agents.select(lambda a: a.role != "requester" and a is not leader)
        followers.shuffle_do("decide", *args, signal, spec.leader, lead_sends)
        self._aggregate()
        self.datacollector.collect(self)
        self.running = False  # one crisis, one decision: the run is over (mesa.batch_run stops here)

    def _aggregate(self) -> None:
        spec = self.spec
        voting = [self.by_code[c] for c in spec.members if self.by_code[c].role == "voter"]
        levels = (np.stack([a.level for a in voting]) if voting
                  else np.zeros((0, self.lanes), dtype=np.int8))
        codes = [a.code for a in voting]
        leader_row = codes.index(spec.leader) if spec.leader in codes else None
        present = (np.stack([a.active for a in voting]) if voting
                   else np.zeros((0, self.lanes), dtype=bool))
        here = None if bool(present.all()) else present
        measures = agreed(levels, spec.rule, leader_row, spec.majority_share, here)
        deploy = forces_deploy(levels, spec.rule, leader_row, spec.majority_share, here, spec.min_contributors,
                               measures)
        self.outcome = outcome_codes(levels, deploy, measures, spec.crisis.formal_request, here)
        if leader_row is not None:
            leader = voting[leader_row]
            self.bilateral = bilateral_help(leader.own_level, leader.level, self.outcome)
        else:
            self.bilateral = np.zeros(self.lanes, dtype=np.int8)
        self.answer = answer_codes(self.outcome, self.bilateral)
        if voting:
            troops = allocate_troops(
                levels, deploy, spec.crisis.troops_requested,
                np.array([a.profile.pledge for a in voting]),
                np.array([a.profile.available_troops for a in voting]),
                leader_row, spec.lead_share,
            )
            for agent, row in zip(voting, troops):
                agent.troops = row

    # -- results --------------------------------------------------------------------------------

    def results(self) -> LaneResults:
        agents = [self.by_code[c] for c in self.spec.members]
        return LaneResults(
            members=[a.code for a in agents],
            roles=[a.role for a in agents],
            outcome=self.outcome.copy(),
            bilateral=self.bilateral.copy(),
            answer=self.answer.copy(),
            level=np.stack([a.level for a in agents]),
            troops=np.stack([a.troops for a in agents]),
            utility=np.stack([a.utility for a in agents]),
            reason=np.stack([a.reason for a in agents]),
            contributions=np.stack([a.contributions for a in agents]),
            framing=self.spec.crisis.framing,
        )


def run_lanes(spec: ModelSpec, lanes: int, seed: int, chunk: int = 0, explain: bool = True) -> LaneResults:
    """Build a model, run its single step, return what it produced (without reasons if not `explain`)."""
    model = AllianceModel(spec, lanes=lanes, seed=seed, chunk=chunk)
    model.explain = explain
    model.step()
    return model.results()
