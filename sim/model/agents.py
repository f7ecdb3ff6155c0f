"""MemberState: a member of the alliance deciding whether to honour a request.

The agent holds its state (threat priorities, forces, ties, trust) and, for the replication
lanes the model runs in lockstep, one value per lane of everything that varies by chance. Its
`decide` gathers the inputs of the decision terms, calls the pure functions in
`sim.model.decision`, and records its choice, the troops it may send and the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import mesa
import numpy as np
from numpy.typing import NDArray

from sim.model import decision as d
from sim.model import standing
from sim.model import trust as tr
from sim.model.crisis import AllianceState, Crisis, bilateral_cap, rule_cap, rule_floor
from sim.model.types import LaneHost, MemberProfile

__all__ = ["MemberProfile", "MemberState"]  # MemberProfile lives in sim.model.types; named here for old callers


class MemberState(mesa.Agent):
    """A member state. Roles per crisis: requester, adversary (a member in conflict with the
    requester), or voter (everyone else, the leading state included)."""

    model: LaneHost  # an AllianceModel, or the timeline's Roster (which only has the lanes)

    def __init__(self, model: mesa.Model, profile: MemberProfile, rng: np.random.Generator) -> None:
        super().__init__(model)
        self.profile = profile
        self.code = profile.code
        self.lane_rng = rng  # this member's own stream: activation order cannot change the draws
        lanes = self.model.lanes
        self.trust: NDArray[np.float64] = np.full(lanes, profile.trust)
        self.level: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)  # choice in the alliance (decision levels)
        self.own_level: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)  # the leader's choice on its own
        self.utility: NDArray[np.float64] = np.zeros(lanes)
        self.reason: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)
        self.contributions: NDArray[np.float64] = np.zeros((len(d.TERMS) + 1, lanes))
        self.troops: NDArray[np.float64] = np.zeros(lanes)
        # Lanes where the member takes part; False where it left or froze its participation
        # (the timeline replay), so it neither votes nor sends troops there.
        self.active: NDArray[np.bool_] = np.ones(lanes, dtype=bool)
        # Standing in the treaty per lane (sim.model.trust statuses); the timeline replay moves it.
        self.status: NDArray[np.int8] = np.full(lanes, tr.ACTIVE, dtype=np.int8)
        # Per lane, Council sessions until its notice of withdrawal takes effect (0: none), and
        # whether it asked for suspension and the Council has not yet decided (sim.model.standing;
        # the timeline's forecast only).
        self.notice: NDArray[np.int8] = np.zeros(lanes, dtype=np.int8)
        self.request: NDArray[np.bool_] = np.zeros(lanes, dtype=bool)
        self.role = "voter"

    def assign_role(self, crisis: Crisis) -> None:
        if self.code == crisis.requester:
            self.role = "requester"
        elif self.code == crisis.adversary:
            self.role = "adversary"
        else:
            self.role = "voter"

    def decide(
        self,
        crisis: Crisis,
        state: AllianceState,
        params: d.DecisionParams,
        expected_troops: Mapping[str, d.Lanes],
        leader_signal: NDArray[np.float64],
        leader_code: str | None,
        lead_sends: NDArray[np.float64] | float = 0.0,
    ) -> None:
        """Weigh the request and choose, in every lane at once: the choice in the alliance (`level`)
        and, for the leading state, what it would give on its own (`own_level`). `lead_sends` is 1
        in the lanes where the lead nation sends troops or hosts the operation (sim.model.decision.no_lead_term)."""
        w, p = params.weights, self.profile
        lanes = self.model.lanes
        # Lane by lane (lanes, 3), then transposed: lane i's three draws are the stream's draws 3i..3i+2,
        # whatever the number of lanes (a (3, lanes) draw would tie every lane's noise to the lane count).
        noise = params.noise_sd * self.lane_rng.standard_normal((lanes, 3)).T
        deference = 0.0 if leader_code in (None, self.code) else float(d.deference(p.dependence, p.opposition))
        stance = [
            d.front_term(p.threat[crisis.front], w.front),
            d.regime_term(p.threat["internal"], crisis.internal_unrest, w.regime, p.opposition),
            d.mandate_term(crisis.framed_as_aggression, w.mandate),
            d.tie_requester_term(p.affinity_with(crisis.requester), w.tie_requester),
            d.tie_adversary_term(self.adversary_affinity(crisis.adversary), w.tie_adversary),
            d.leader_term(leader_signal, deference, w.leader),
            d.trust_term(self.trust, params.trust_reference, w.trust),
            d.premise_term(p.opposition, w.premise),
            d.presence_term(p.stationed, w.presence),
        ]
        rows = np.empty((len(stance), lanes))
        for i, term in enumerate(stance):
            rows[i] = term  # broadcasts lane-free terms across lanes
        choice = d.Choice(
            stance=rows,
            credibility=d.credibility_term(crisis.formal_request, w.credibility),
            troop_cost=d.cost_term(expected_troops.get(self.code, 0.0), p.available_troops, not state.standing_forces,
                                   params.ad_hoc_cost_multiplier, w.cost),
            material_cost=d.material_cost_term(w.material_cost),
            noise=noise,
            # the lead nation itself needs no other lead nation
            no_lead=(np.zeros(1) if leader_code == self.code
                     else np.broadcast_to(d.no_lead_term(lead_sends, w.no_lead), (lanes,))),
        )
        self.contributions = choice.contributions
        self.utility = choice.stance.sum(axis=0) + choice.credibility + noise[0]  # support (stage 1)

        cap, rule = rule_cap(crisis, state, self.code, p.available_troops)
        self.level = np.maximum(choice.level(params, cap), rule_floor(crisis, self.code)).astype(np.int8)
        if leader_code == self.code:
            # On its own the leading state carries the whole request (Yeltsin's complaint about
            # Tajikistan, evidence C01), and the alliance's credibility is not at stake.
            alone = dataclasses.replace(
                choice, credibility=np.zeros(1),
                troop_cost=d.cost_term(crisis.troops_requested, p.available_troops, not state.standing_forces,
                                       params.ad_hoc_cost_multiplier, w.cost),
                no_lead=np.broadcast_to(d.alone_term(w.alone), (lanes,)))
            self.own_level = alone.level(params, bilateral_cap(crisis, self.code, p.available_troops))
        if self.model.explain:
            # What the mandate and regime terms would have added had they applied to this crisis:
            # their absence can be the reason for a refusal (explanation by counterfactual).
            absent = np.zeros((len(d.ABSENT), lanes))
            if not crisis.framed_as_aggression:
                absent[d.ABSENT.index("no_mandate")] = d.mandate_term(True, w.mandate)
            if not crisis.internal_unrest:
                absent[d.ABSENT.index("no_regime")] = d.regime_term(p.threat["internal"], True, w.regime, p.opposition)
            reason = d.counterfactual_reason(choice, absent, self.level, params, cap,
                                             None if rule is None else d.REASON_INDEX[rule])
        else:
            reason = np.zeros(lanes, dtype=np.int8)
        if rule is not None:
            # A rule that forbids any help explains every lane; one that caps help explains the
            # lanes where the member would have gone further.
            binds = (np.ones(lanes, dtype=bool) if cap == d.OBJECT or rule_floor(crisis, self.code) == cap
                     else choice.level(params) > cap)
            reason = np.where(binds, d.REASON_INDEX[rule], reason).astype(np.int8)
        self.reason = reason
        if not self.active.all():
            self.level = np.where(self.active, self.level, d.OBJECT).astype(np.int8)
            self.own_level = np.where(self.active, self.own_level, d.OBJECT).astype(np.int8)

    def adversary_affinity(self, adversary: str | None) -> float:
        """Affinity with the adversary's camp: the adversary and the outside actors allied to it
        (tie >= alliance.partner_tie), each weighted by its tie to the adversary."""
        if adversary is None:
            return 0.0
        ties, members = self.model.spec.ties, set(self.model.spec.members)
        partners = [o for o in (ties.neighbors(adversary) if adversary in ties else ())
                    if o not in members and o != self.code
                    and ties.edges[adversary, o]["affinity"] >= self.model.spec.partner_tie]
        return d.bloc_affinity(self.profile.affinity_with(adversary),
                               [ties.edges[adversary, o]["affinity"] for o in partners],
                               [self.profile.affinity_with(o) for o in partners])

    # -- membership over time (the timeline replay); the rules are pure functions in sim.model.trust --

    @property
    def is_member(self) -> NDArray[np.bool_]:
        """Lanes where the state belongs to the treaty (active or frozen)."""
        return (self.status == tr.ACTIVE) | (self.status == tr.FROZEN)

    def sign(self) -> None:
        """The state signs the treaty: it becomes an active member wherever it had not signed."""
        self.status = np.where(self.status == tr.NOT_SIGNED, tr.ACTIVE, self.status).astype(np.int8)

    def fade(self, years: float, rules: tr.TrustRules) -> None:
        """Memories of old crises fade: trust relaxes towards the member's initial trust."""
        self.trust = tr.relax(self.trust, self.profile.trust, years, rules.half_life_years)

    def learn_from(self, role: str, outcome: NDArray[np.int8], level: NDArray[np.int8], front_priority: float,
                   asked: NDArray[np.bool_], rules: tr.TrustRules) -> None:
        """Update trust after an episode, in the lanes where the request was made and this member took part."""
        new = tr.lesson(self.trust, role, outcome, level == d.TROOPS, front_priority, rules)
        here = (self.status == tr.ACTIVE) & asked
        self.trust = np.clip(np.where(here, new, self.trust), 0.0, 1.0)

    def consider_renewal(self, alignment: NDArray[np.float64], ties: NDArray[np.float64],
                         noise: NDArray[np.float64], rules: tr.ExitRules, grievance: float | None = None,
                         outside: float | None = None,
                         dependence: float | None = None) -> dict[str, NDArray[np.float64]]:
        """At a renewal point, a member stays when its case for renewing is >= 0, and leaves otherwise
        (with `grievance`/`outside`, the dated drivers count too: sim.model.standing).

        Returns the terms of its case (NaN in lanes where it was not a member)."""
        present = self.is_member
        terms = tr.renewal_utility(self.trust, alignment, ties, noise, rules, grievance, outside, dependence)
        self.status = standing.at_renewal(self.status, tr.renews(terms))
        return {name: np.where(present, value, np.nan) for name, value in terms.items()}

    def attend_session(self, alignment: NDArray[np.float64], ties: NDArray[np.float64], noise: NDArray[np.float64],
                       rules: tr.ExitRules, grievance: float, outside: float, charter: bool,
                       sessions_to_effect: int, dependence: float | None = None) -> None:
        """A session of the Collective Security Council: pending withdrawals take effect, the Council
        decides requests for suspension, a member that wants out gives notice or (under the Charter)
        asks to be suspended, a state outside comes back when its case clears the return margin
        (sim.model.standing.at_session)."""
        terms = standing.case_terms(self.trust, alignment, ties, grievance, outside, noise, rules, dependence)
        case = standing.case(terms)
        self.status, self.notice, self.request = standing.at_session(
            self.status, self.notice, self.request, case, rules, charter, sessions_to_effect, dependence)
        self.status = standing.participation(self.status, (self.notice > 0) | self.request, self.trust,
                                             rules.freeze_threshold, case, rules.unfreeze_margin)

    def review_participation(self, rules: tr.ExitRules) -> None:
        """A member freezes its participation while its trust is low, and resumes once it recovers
        (a member with a notice or a request pending takes no part until it is acted on)."""
        pending = (self.notice > 0) | self.request
        self.status = standing.participation(self.status, pending, self.trust, rules.freeze_threshold)

