"""Each decision term alone: sign, scaling, and the choice it feeds."""

import numpy as np
import pytest

from sim.model import decision as d


def test_front_term_scales_with_priority_and_weight():
    assert d.front_term([0.0, 0.5, 1.0], 2.0).tolist() == [0.0, 1.0, 2.0]


def test_regime_term_only_counts_for_internal_unrest():
    assert d.regime_term(0.8, True, 1.5) == pytest.approx(1.2)
    assert d.regime_term(0.8, False, 1.5) == 0.0


def test_mandate_term_only_when_framed_as_aggression():
    assert d.mandate_term(True, 0.7) == pytest.approx(0.7)
    assert d.mandate_term(False, 0.7) == 0.0


def test_cost_term_is_negative_and_dearer_without_standing_forces():
    standing = d.cost_term(500, 1000, ad_hoc=False, ad_hoc_multiplier=2.0, weight=1.0)
    ad_hoc = d.cost_term(500, 1000, ad_hoc=True, ad_hoc_multiplier=2.0, weight=1.0)
    assert standing == pytest.approx(-0.5)
    assert ad_hoc == pytest.approx(-1.0)


def test_cost_term_is_zero_for_a_member_with_nothing_free():
    # the capacity rule, not the cost term, stops such a member sending troops
    assert d.cost_term(500, 0, ad_hoc=False, ad_hoc_multiplier=2.0, weight=1.0) == 0.0


def test_ties_push_in_opposite_directions():
    assert d.tie_requester_term(0.5, 2.0) == pytest.approx(1.0)
    assert d.tie_adversary_term(0.5, 2.0) == pytest.approx(-1.0)
    assert d.tie_adversary_term(-1.0, 2.0) == pytest.approx(2.0)  # hostility to the adversary helps


def test_leader_term_follows_signal_scaled_by_deference():
    np.testing.assert_allclose(d.leader_term([-1, 0, 1], 0.5, 2.0), [-1.0, 0.0, 1.0])


def test_trust_term_is_zero_at_reference():
    np.testing.assert_allclose(d.trust_term([0.5, 1.0, 0.0], 0.5, 1.0), [0.0, 0.5, -0.5])


def test_credibility_term_only_on_a_formal_request():
    assert d.credibility_term(True, 0.7) == pytest.approx(0.7)
    assert d.credibility_term(False, 0.7) == 0.0


def test_material_cost_term_is_a_fixed_negative_cost():
    assert d.material_cost_term(0.8) == pytest.approx(-0.8)
    np.testing.assert_allclose(d.material_cost_term([0.0, 2.0]), [0.0, -2.0])


def test_bloc_affinity_weighs_the_adversarys_partners_by_their_tie():
    assert d.bloc_affinity(0.5, [], []) == pytest.approx(0.5)
    # a partner tied 0.9 to the adversary, with which the member is hostile (-1), pulls the camp down
    assert d.bloc_affinity(0.5, [0.9], [-1.0]) == pytest.approx((0.5 - 0.9) / 1.9)
    assert d.bloc_affinity(0.5, [-0.5], [-1.0]) == pytest.approx(0.5)  # a hostile tie does not count


def choose_one(engagement, credibility=0.0, troop_cost=0.0, material_cost=0.0, noise=(0.0, 0.0, 0.0),
               object_threshold=0.0, troops_threshold=1.5, material_effect=0.5, cap=d.TROOPS) -> int:
    return int(d.choose(np.array([engagement]), credibility, troop_cost, material_cost,
                        np.array(noise, dtype=float)[:, None], object_threshold, troops_threshold,
                        material_effect, cap)[0])


def test_choose_stance_then_contribution():
    assert choose_one(-1.0) == d.OBJECT
    assert choose_one(-1.0, credibility=1.5) == d.POLITICAL  # credibility makes cheap measures worth agreeing to
    assert choose_one(0.5, material_cost=-1.0) == d.POLITICAL  # 0.5 x 0.5 - 1 < 0
    assert choose_one(2.0, material_cost=-0.5, troops_threshold=1.8) == d.MATERIAL  # material 0.5 > troops 0.2
    assert choose_one(2.0, material_cost=-0.5, troops_threshold=1.5) == d.MATERIAL  # a tie goes to the cheaper
    assert choose_one(3.0, material_cost=-1.0, troops_threshold=1.0) == d.TROOPS  # troops 2.0 > material 0.5
    assert choose_one(3.0, troop_cost=-2.0, material_cost=-1.0, troops_threshold=1.0) == d.MATERIAL  # troops 0
    assert choose_one(3.0, troop_cost=-9.0, material_cost=-9.0) == d.POLITICAL  # costs never make it object


def test_choose_respects_the_cap_and_the_noise_columns():
    assert choose_one(5.0, cap=d.MATERIAL) == d.MATERIAL
    assert choose_one(5.0, cap=d.POLITICAL) == d.POLITICAL
    assert choose_one(5.0, cap=d.OBJECT) == d.OBJECT
    assert choose_one(-1.0, cap=d.MATERIAL) == d.OBJECT  # a cap never turns an objection into support
    assert choose_one(0.5, noise=(-1.0, 0.0, 0.0)) == d.OBJECT  # stance noise
    assert choose_one(0.5, noise=(0.0, 1.0, 0.0), material_cost=-0.5) == d.MATERIAL  # material noise
    assert choose_one(0.5, noise=(0.0, 0.0, 2.0)) == d.TROOPS  # troops noise


def test_choice_level_drops_a_term_or_shifts_engagement():
    stance = np.zeros((d.N_STANCE, 1))
    stance[d.STANCE_TERMS.index("front")], stance[d.STANCE_TERMS.index("trust")] = 1.0, 0.5
    choice = d.Choice(stance=stance, credibility=np.array([0.0]), troop_cost=np.array([-1.5]),
                      material_cost=np.array([-0.2]), noise=np.zeros((3, 1)))
    params = d.DecisionParams(weights=d.Weights(), object_threshold=0.0, troops_threshold=0.5, material_effect=0.5,
                              noise_sd=0.0, trust_reference=0.5, ad_hoc_cost_multiplier=2.0)
    assert choice.level(params).tolist() == [d.MATERIAL]  # troops 1.5 - 1.5 - 0.5 < material 0.75 - 0.2
    assert choice.level(params, drop="cost").tolist() == [d.TROOPS]
    assert choice.level(params, engagement_shift=-2.0).tolist() == [d.OBJECT]
    assert choice.level(params, d.POLITICAL).tolist() == [d.POLITICAL]
    rows = choice.contributions
    assert rows.shape == (len(d.TERMS) + 1, 1)
    assert rows[d.ROW["cost"], 0] == -1.5 and rows[d.ROW["front"], 0] == 1.0 and rows[d.ROW["trust"], 0] == 0.5


def test_leading_reason_names_strongest_push_in_the_direction_taken():
    contributions = np.array([[2.0, 2.0, 2.0], [-3.0, -3.0, -3.0], [0.1, 0.1, 0.1]])  # two terms + noise row
    levels = np.array([d.TROOPS, d.OBJECT, d.MATERIAL], dtype=np.int8)
    assert d.leading_reason(contributions, levels).tolist() == [0, 1, 0]


def test_leader_signal_maps_levels():
    assert d.leader_signal([d.OBJECT, d.POLITICAL, d.MATERIAL, d.TROOPS]).tolist() == [-1, 0, 0.5, 1]


def test_reason_names_are_unique():
    assert len(set(d.REASONS)) == len(d.REASONS)


def test_every_term_has_exactly_one_weight():
    from dataclasses import fields

    assert tuple(f.name for f in fields(d.Weights)) == d.TERMS
