"""Explanations by counterfactual: a member's reason is what, removed (or added), changes its choice."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import LANES, choices, decision_params, lane_values

from sim.model import decision as d

CONSIDERED = (*d.TERMS, d.NOISE, *d.ABSENT)  # what counterfactual_reason may name (rules are the agent's)


def params(object_threshold: float = 0.0, troops_threshold: float = 1.5, material_effect: float = 0.5):
    return d.DecisionParams(weights=d.Weights(), object_threshold=object_threshold,
                            troops_threshold=troops_threshold, material_effect=material_effect, noise_sd=0.5,
                            trust_reference=0.5, ad_hoc_cost_multiplier=2.0)


@st.composite
def drawn_choices(draw) -> tuple[d.Choice, np.ndarray, d.DecisionParams, int]:
    """A random member's choice inputs over LANES lanes, absent terms, parameters and a rule cap."""
    absent = lane_values(draw, (len(d.ABSENT), LANES), 0, 3)
    return draw(choices(LANES)), absent, draw(decision_params()), draw(st.sampled_from([d.POLITICAL, d.MATERIAL,
                                                                                         d.TROOPS]))


def counterfactuals(choice: d.Choice, absent: np.ndarray, p: d.DecisionParams, cap: int) -> dict[str, np.ndarray]:
    """The choice with each consideration removed (terms, noise) or added (absent terms), through
    Choice.level, as counterfactual_reason considers them."""
    out = {name: choice.level(p, cap, engagement_shift=-choice.stance[k]) for k, name in enumerate(d.STANCE_TERMS)}
    out |= {name: choice.level(p, cap, drop=name) for name in (*d.CHOICE_TERMS, d.NOISE)}
    # the cost of aid explains nothing about why a member sent troops: it is not removed there
    level = choice.level(p, cap)
    out["material_cost"] = np.where(level == d.TROOPS, level, out["material_cost"])
    out |= {name: choice.level(p, cap, engagement_shift=absent[a]) for a, name in enumerate(d.ABSENT)}
    return out


@settings(max_examples=200, deadline=None)
@given(drawn_choices())
def test_the_reason_changes_the_choice_when_removed(drawn):
    choice, absent, p, cap = drawn
    level = choice.level(p, cap)
    reason = d.counterfactual_reason(choice, absent, level, p, cap)
    other = counterfactuals(choice, absent, p, cap)
    for lane in range(LANES):
        name = d.REASONS[reason[lane]]
        assert name in CONSIDERED
        flips = {n for n, lv in other.items() if lv[lane] != level[lane]}
        # the reason flips the choice; only where nothing flips it does the strongest push explain it
        assert name in flips or not flips, (name, flips)
    # a structural rule given as the fallback explains exactly the lanes nothing else flips
    rule = d.REASON_INDEX["rule:no_forces"]
    with_rule = d.counterfactual_reason(choice, absent, level, p, cap, rule)
    flipped = np.array([any(lv[lane] != level[lane] for lv in other.values()) for lane in range(LANES)])
    np.testing.assert_array_equal(with_rule[flipped], reason[flipped])
    assert (with_rule[~flipped] == rule).all()


def test_an_absent_mandate_explains_an_objection_that_the_framing_would_have_turned():
    stance = np.zeros((d.N_STANCE, 1))
    stance[d.STANCE_TERMS.index("front")] = 0.2
    stance[d.STANCE_TERMS.index("tie_adversary")] = -0.5
    choice = d.Choice(stance=stance, credibility=np.zeros(1), troop_cost=np.zeros(1), material_cost=np.full(1, -1.0),
                      noise=np.zeros((3, 1)))
    p = params()
    level = choice.level(p)
    assert level[0] == d.OBJECT
    reason = d.counterfactual_reason(choice, np.array([[2.0], [0.0]]), level, p)
    # removing the tie with the adversary would change it too, but the missing mandate weighs more
    assert d.REASONS[reason[0]] == "no_mandate"


def test_the_troop_cost_explains_material_aid_instead_of_troops():
    stance = np.zeros((d.N_STANCE, 1))
    stance[d.STANCE_TERMS.index("front")] = 0.7  # engagement 2, from several terms none of which flips it
    stance[d.STANCE_TERMS.index("regime")] = 0.7
    stance[d.STANCE_TERMS.index("tie_requester")] = 0.6
    choice = d.Choice(stance=stance, credibility=np.ones(1), troop_cost=np.full(1, -0.4),
                      material_cost=np.full(1, -0.5), noise=np.zeros((3, 1)))
    p = params(troops_threshold=1.2)
    level = choice.level(p)
    assert level[0] == d.MATERIAL  # troops 2 - 0.4 - 1.2 = 0.4 < material 1 - 0.5 = 0.5
    reason = d.counterfactual_reason(choice, np.zeros((2, 1)), level, p)
    assert d.REASONS[reason[0]] == "cost"
    assert choice.level(p, drop="cost")[0] == d.TROOPS


def test_the_cost_of_aid_never_explains_sending_troops():
    stance = np.ones((d.N_STANCE, 1))
    choice = d.Choice(stance=stance, credibility=np.zeros(1), troop_cost=np.zeros(1), material_cost=np.full(1, -1.0),
                      noise=np.zeros((3, 1)))
    p = params(troops_threshold=0.0, material_effect=1.0)
    level = choice.level(p)
    assert level[0] == d.TROOPS and choice.level(p, drop="material_cost")[0] == d.MATERIAL  # a tie goes to aid
    reason = d.counterfactual_reason(choice, np.zeros((2, 1)), level, p)
    assert d.REASONS[reason[0]] != "material_cost"
