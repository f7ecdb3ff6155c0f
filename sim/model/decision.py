"""How one member state answers a request: four choices, each with its own costs (decision model v2).

A member chooses among

    object     (0)  blocks collective measures in the Collective Security Council
    political  (1)  agrees to consultations, a fact-finding mission, a statement; gives nothing
    material   (2)  equipment, arms, advisers, transport: help short of forces
    troops     (3)  contributes forces to a collective deployment

in two stages, as the Council works (charter: decisions by consensus; contributions voluntary):

1. **Stance** (object or not): `support = engagement + credibility + noise_s`; the member objects
   when support < `thresholds.object`. Engagement is the sum of the stance terms (front, regime,
   mandate, ties, leader, trust): how much the member cares that the requester is helped.
   Credibility is the value of the alliance being seen to answer a *formal* request: it makes
   agreeing to cheap measures attractive even when forces are refused.
2. **Contribution** (a member that does not object): the best of
   `political = 0`,
   `material = material_effect x engagement - material_cost + noise_m`,
   `troops = engagement - troop cost - thresholds.troops + noise_t`.
   Troops do the most for the requester (effect 1, material_effect < 1) and cost the most; the troop
   cost (troops asked / troops free, dearer without standing forces) enters only the troops option.

So the troop cost can never turn a member into an objector (it is not in stage 1), and a member
that cares more never chooses less help (the options' benefits rise with engagement in the order
political < material < troops: single crossing). Weights are magnitudes (>= 0); each term carries
its own sign here. Every function is pure and broadcasts over replication lanes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

OBJECT, POLITICAL, MATERIAL, TROOPS = 0, 1, 2, 3
LEVEL_NAMES: tuple[str, ...] = ("object", "political", "material", "troops")
# What the leading state's choice tells the others (its Council position), for the leader term.
LEADER_SIGNAL: tuple[float, ...] = (-1.0, 0.0, 0.5, 1.0)

STANCE_TERMS: tuple[str, ...] = (
    "front",  # the crisis's front matters to me (my threat priority there)
    "regime",  # regime-security solidarity: unrest at a partner could be unrest at home
    "mandate",  # the request is framed as external aggression: the treaty's mutual-defence case
    "tie_requester",  # my ties with the requester
    "tie_adversary",  # my ties with the adversary and its partners (friendly ties hold me back)
    "leader",  # alignment with what the leading state chose, by my dependence on it
    "trust",  # my trust in the alliance, relative to a neutral reference
    "premise",  # I oppose the mission's premise (a doctrine against internal use; a war I refused to back)
    "presence",  # my own forces are based in the requester: its defence is theirs (the lead nation's bases)
)
CHOICE_TERMS: tuple[str, ...] = (
    "credibility",  # the alliance is seen to answer a formal request (any choice but object)
    "cost",  # troops asked of me relative to the forces I have free (troops only)
    "material_cost",  # the fixed cost of equipment, arms and advisers (material only)
    "no_lead",  # no lead nation to lift, command and sustain the force alongside me (troops only)
    "alone",  # the leading state sending its own troops outside the alliance: no mandate, all the burden
)
TERMS: tuple[str, ...] = (*STANCE_TERMS, *CHOICE_TERMS)
NOISE = "noise"
STRUCTURAL_RULES: tuple[str, ...] = (
    "rule:no_request",  # assistance only on a request
    "rule:asked_political",  # only political backing was asked: back it or refuse it
    "rule:asked_aid",  # equipment, arms or advisers were asked, not forces
    "rule:no_formal_request",  # collective forces only on a formal request; aid may follow any request
    "rule:adversary_member",  # members do not take sides against a fellow member: good offices only
    "rule:outside_area",  # the area of responsibility is members' own territory
    "rule:no_forces",  # a member with no forces free cannot send troops
)
# Terms that were absent from this crisis but whose presence would have changed the choice:
# "no mandate" (not framed as external aggression), "no regime" (not internal unrest).
ABSENT: tuple[str, ...] = ("no_mandate", "no_regime")
REASONS: tuple[str, ...] = (*TERMS, NOISE, *STRUCTURAL_RULES, *ABSENT)
REASON_INDEX: dict[str, int] = {name: i for i, name in enumerate(REASONS)}
N_STANCE = len(STANCE_TERMS)
ROW = {name: i for i, name in enumerate((*TERMS, NOISE))}  # rows of a member's contributions array


Lanes = float | NDArray[np.float64]  # one value for every lane, or one per lane (arrays broadcast)


@dataclass
class Weights:
    """Magnitudes of the decision terms (see STANCE_TERMS and CHOICE_TERMS for what each means).

    The config schema of `decision.weights` (sim/inputs/schema.py) is built from TERMS, so the two
    cannot drift apart. A field may hold a numpy array of shape (lanes,): one parameter vector per lane.
    """

    front: Lanes = 1.0
    regime: Lanes = 1.0
    mandate: Lanes = 1.0
    tie_requester: Lanes = 1.0
    tie_adversary: Lanes = 1.0
    leader: Lanes = 1.0
    trust: Lanes = 1.0
    premise: Lanes = 1.0
    presence: Lanes = 1.0
    credibility: Lanes = 1.0
    cost: Lanes = 1.0
    material_cost: Lanes = 1.0
    no_lead: Lanes = 1.0
    alone: Lanes = 1.0

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class DecisionParams:
    weights: Weights
    object_threshold: float | NDArray[np.float64]
    troops_threshold: float | NDArray[np.float64]
    material_effect: float
    noise_sd: float
    trust_reference: float
    ad_hoc_cost_multiplier: float | NDArray[np.float64]


# --- the terms: pure functions -----------------------------------------------------------------


def front_term(priority_on_front: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """Engagement grows with how much the crisis's front matters to the member."""
    return np.asarray(weight) * np.asarray(priority_on_front, dtype=float)


def regime_term(internal_priority: ArrayLike, internal_unrest: bool, weight: ArrayLike,
                opposition: ArrayLike = 0.0) -> NDArray[np.float64]:
    """Regime-security solidarity: only for internal unrest, scaled by the member's own concern, and
    gone as far as it opposes collective forces in a member's internal conflict (`opposition`): a
    doctrine that internal conflicts are not the alliance's business (Uzbekistan, C07) removes the
    very motive regime solidarity would supply."""
    keep = 1.0 - np.clip(np.asarray(opposition, dtype=float), 0.0, 1.0)
    return np.asarray(weight) * np.asarray(internal_priority, dtype=float) * float(internal_unrest) * keep


def mandate_term(framed_as_aggression: bool, weight: ArrayLike) -> NDArray[np.float64]:
    """A request framed as external aggression invokes the mutual-defence clause (Article 4)."""
    return np.asarray(weight) * float(framed_as_aggression)


def tie_requester_term(affinity: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """Friends of the requester help more, rivals less."""
    return np.asarray(weight) * np.asarray(affinity, dtype=float)


def tie_adversary_term(affinity: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """Friendly ties with the adversary (and its partners) hold a member back; hostility pushes it forward."""
    return -np.asarray(weight) * np.asarray(affinity, dtype=float)


def leader_term(leader_signal: ArrayLike, deference: float, weight: ArrayLike) -> NDArray[np.float64]:
    """Follow the leading state's Council position (LEADER_SIGNAL), by deference to it."""
    return np.asarray(weight) * deference * np.asarray(leader_signal, dtype=float)


def deference(dependence: ArrayLike, opposition: ArrayLike) -> NDArray[np.float64]:
    """How far a member follows the leading state: its measured dependence on it (bases, remittances,
    arms, the economic union, trade: sim.inputs.leverage), less where it opposes the premise of what
    is asked. Why not one weight for all: Tajikistan, half of whose GDP is remittances from Russia,
    and Kazakhstan, which refused to back Russia's war (003 ¶10, ¶14), do not follow alike.
    Never falls when dependence rises (tested)."""
    dep = np.clip(np.asarray(dependence, dtype=float), 0.0, 1.0)
    return dep * (1.0 - np.clip(np.asarray(opposition, dtype=float), 0.0, 1.0))


def premise_term(opposition: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """A member that opposes the mission's premise leans to objecting: Uzbekistan's doctrine against
    collective forces in members' internal conflicts (C07), a war the member refused to back."""
    return -np.asarray(weight) * np.asarray(opposition, dtype=float)


def alone_term(weight: ArrayLike) -> NDArray[np.float64]:
    """The leading state's own troops without the alliance's mandate cost it more than troops in a
    collective force: it carries the whole burden and the blame (Yeltsin on Tajikistan, C01); in the
    record Russia sent troops on its own once (1993) and declined five times (C03, C04, C07, N5, C15).
    Enters only its bilateral troops option."""
    return -np.asarray(weight, dtype=float)


def presence_term(stationed: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """A state whose own forces are based in the requester (Russia's 201st in Tajikistan, the 102nd in
    Armenia, Kant in Kyrgyzstan) has a stake of its own: an attack there is on its troops too.
    `stationed` in [0, 1]: the forces based there over alliance.dependence.presence_full."""
    return np.asarray(weight) * np.asarray(stationed, dtype=float)


def no_lead_term(lead_sends: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """Sending troops where the lead nation sends none costs more: only it can lift, command and
    sustain a collective force (Russia flew Belarus's company to Kazakhstan in 2022, member_actions
    C16). Enters the troops option only; `lead_sends` is 1 in lanes where the lead nation sends
    troops or hosts the operation (it is the requester), else 0."""
    return -np.asarray(weight) * (1.0 - np.asarray(lead_sends, dtype=float))


def trust_term(trust: ArrayLike, reference: float, weight: ArrayLike) -> NDArray[np.float64]:
    """Members that trust the alliance more than the reference lean towards honouring requests."""
    return np.asarray(weight) * (np.asarray(trust, dtype=float) - reference)


def credibility_term(formal_request: bool, weight: ArrayLike) -> NDArray[np.float64]:
    """The alliance is seen to answer a formal request: worth something to every member that does not object."""
    return np.asarray(weight) * float(formal_request)


def cost_term(expected_troops: ArrayLike, available_troops: ArrayLike, ad_hoc: bool,
              ad_hoc_multiplier: ArrayLike, weight: ArrayLike) -> NDArray[np.float64]:
    """Troops asked of the member relative to what it has free; dearer without standing forces.

    Enters the troops option only. A member with nothing free pays no cost here: the capacity
    rule stops it sending troops.
    """
    expected = np.asarray(expected_troops, dtype=float)
    available = np.asarray(available_troops, dtype=float)
    ratio = np.divide(expected, available, out=np.zeros_like(expected * available), where=available > 0)
    factor = np.asarray(ad_hoc_multiplier, dtype=float) if ad_hoc else 1.0
    return -np.asarray(weight) * ratio * factor


def material_cost_term(weight: ArrayLike) -> NDArray[np.float64]:
    """Equipment, arms and advisers cost the giver something whatever the crisis (material option only)."""
    return -np.asarray(weight, dtype=float)


def bloc_affinity(with_adversary: float, partner_ties: ArrayLike, with_partners: ArrayLike) -> float:
    """Affinity with the adversary's camp: the adversary and its partners, each partner weighted by
    its tie to the adversary. Russia facing Azerbaijan also faces Turkey (the issue's example)."""
    w = np.clip(np.asarray(partner_ties, dtype=float), 0.0, None)
    return float((with_adversary + (w * np.asarray(with_partners, dtype=float)).sum()) / (1.0 + w.sum()))


# --- from terms to a choice ----------------------------------------------------------------------


def choose(engagement: ArrayLike, credibility: Lanes, troop_cost: Lanes, material_cost: Lanes,
           noise: NDArray[np.float64], object_threshold: Lanes, troops_threshold: Lanes,
           material_effect: float, cap: int = TROOPS) -> NDArray[np.int8]:
    """The member's choice per lane (OBJECT..TROOPS), capped by the structural rules (`cap`).

    `noise` is (3, lanes): stance, material, troops. Costs are the (negative) cost terms.
    """
    e = np.asarray(engagement, dtype=float)
    objects = e + credibility + noise[0] < object_threshold
    u_material = material_effect * e + material_cost + noise[1]
    u_troops = e + troop_cost - troops_threshold + noise[2]
    if cap < MATERIAL:
        best = np.full(np.shape(objects), POLITICAL)
    elif cap < TROOPS:
        best = np.where(u_material > 0, MATERIAL, POLITICAL)
    else:
        best = np.where((u_troops > u_material) & (u_troops > 0), TROOPS, np.where(u_material > 0, MATERIAL, POLITICAL))
    level = np.where(objects, OBJECT, best)
    return np.minimum(level, cap).astype(np.int8)


@dataclass(frozen=True)
class Choice:
    """Everything one member's choice depends on, per lane: what `choose` and the reasons read."""

    stance: NDArray[np.float64]  # (STANCE_TERMS, lanes) contributions to engagement
    credibility: NDArray[np.float64]
    troop_cost: NDArray[np.float64]
    material_cost: NDArray[np.float64]
    noise: NDArray[np.float64]  # (3, lanes)
    no_lead: NDArray[np.float64] = field(default_factory=lambda: np.zeros(1))  # troops only, like troop_cost

    @property
    def troops_extra(self) -> NDArray[np.float64]:
        """Everything the troops option pays beyond its hurdle: the troop cost and the missing lead nation."""
        return self.troop_cost + self.no_lead

    def level(self, params: DecisionParams, cap: int = TROOPS, *, engagement_shift: Lanes = 0.0,
              drop: str | None = None) -> NDArray[np.int8]:
        """The choice; with `drop` (a CHOICE_TERMS name or NOISE) that term removed, and
        `engagement_shift` added to engagement (a stance term removed or an absent one added)."""
        zero = np.zeros(1)
        return choose(
            self.stance.sum(axis=0) + engagement_shift,
            zero if drop == "credibility" else self.credibility,
            (zero if drop == "cost" else self.troop_cost) + (zero if drop == "no_lead" else self.no_lead),
            zero if drop == "material_cost" else self.material_cost,
            np.zeros_like(self.noise) if drop == NOISE else self.noise,
            params.object_threshold, params.troops_threshold, params.material_effect, cap)

    @cached_property
    def contributions(self) -> NDArray[np.float64]:
        """(TERMS + noise, lanes): every term's value, the stance noise last (what tables show)."""
        out = np.zeros((len(TERMS) + 1, self.noise.shape[1]))  # `alone` stays 0: not part of a Council choice
        out[:N_STANCE] = self.stance
        out[ROW["credibility"]] = self.credibility  # rows broadcast lane-free terms across lanes
        out[ROW["cost"]] = self.troop_cost
        out[ROW["material_cost"]] = self.material_cost
        out[ROW["no_lead"]] = self.no_lead
        out[ROW[NOISE]] = self.noise[0]
        return out


def leading_reason(contributions: NDArray[np.float64], level: NDArray[np.int8]) -> NDArray[np.int8]:
    """Index (into REASONS) of the term that did most to push the choice the way it went: a member
    that helped (material or troops) by its largest positive term, any other by its most negative."""
    helped = level >= MATERIAL
    return np.where(helped, np.argmax(contributions, axis=0), np.argmin(contributions, axis=0)).astype(np.int8)


def counterfactual_reason(choice: Choice, absent: NDArray[np.float64], level: NDArray[np.int8],
                          params: DecisionParams, cap: int = TROOPS, fallback: int | None = None) -> NDArray[np.int8]:
    """Index (into REASONS) of the consideration without which the member would have chosen otherwise.

    Each term is removed (except the cost of aid, for a member that sent troops), and each absent
    term (`absent`: (len(ABSENT), lanes), what the mandate and regime terms would have added had
    the crisis been framed as external aggression / been internal unrest) added, in turn, through
    the same two-stage choice; among those that change the choice, the largest in size is the
    reason (so "no mandate" can explain a refusal). Where no single consideration changes the
    choice, `fallback` (the structural rule that capped the choice, if any) or else the strongest
    term pushing the way the member went (`leading_reason`) explains it.
    """
    contributions = choice.contributions  # (TERMS + noise, lanes)
    n_terms = len(TERMS)
    # Every counterfactual of engagement at once, one row each (the stance terms removed, the
    # absent terms added), through one call of `choose` on (variants, lanes) arrays: this runs for
    # every member. The rows of the choice terms and the noise are then filled one by one.
    engagement = contributions[:N_STANCE].sum(axis=0)
    shift = np.zeros((n_terms + 1 + len(ABSENT), level.shape[0]))
    shift[:N_STANCE] = -contributions[:N_STANCE]
    shift[n_terms + 1:] = absent
    other = choose(engagement + shift, choice.credibility, choice.troops_extra, choice.material_cost,
                   choice.noise[:, np.newaxis, :], params.object_threshold, params.troops_threshold,
                   params.material_effect, cap)
    for name in (*CHOICE_TERMS, NOISE):  # rows where a choice term (not engagement) is removed
        other[ROW[name]] = choice.level(params, cap, drop=name)
    # The cost of a cheaper option explains nothing about why a member did more: sending troops
    # is not explained by aid being dear.
    other[ROW["material_cost"]] = np.where(level == TROOPS, level, other[ROW["material_cost"]])
    flip = other != level
    size = np.abs(np.concatenate([contributions[:n_terms], np.abs(choice.noise).max(axis=0)[np.newaxis], absent]))
    index = np.array([*range(n_terms + 1), *(REASON_INDEX[name] for name in ABSENT)], dtype=np.int8)
    reason = index[np.argmax(np.where(flip, size, -1.0), axis=0)]
    alone = ~flip.any(axis=0)
    if alone.any():
        if fallback is not None:
            reason[alone] = fallback  # a structural rule capped the choice: it explains the rest
        else:
            reason[alone] = leading_reason(contributions[:, alone], level[alone])
    return reason


def leader_signal(level: ArrayLike) -> NDArray[np.float64]:
    """The leading state's choice as a signal for the others (LEADER_SIGNAL: object -1 .. troops +1)."""
    return np.asarray(LEADER_SIGNAL)[np.asarray(level, dtype=np.int8)]
