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


def test_choose_level_uses_both_thresholds_and_cap():
    u = np.array([-1.0, 0.5, 1.0, 2.0])
    assert d.choose_level(u, 0.5, 1.5).tolist() == [d.DECLINE, d.PARTIAL, d.PARTIAL, d.TROOPS]
    assert d.choose_level(u, 0.5, 1.5, max_level=d.PARTIAL).tolist() == [0, 1, 1, 1]


def test_leading_reason_names_strongest_push_in_the_direction_taken():
    contributions = np.array([[2.0, 2.0], [-3.0, -3.0], [0.1, 0.1]])  # two terms + noise row
    levels = np.array([d.TROOPS, d.DECLINE], dtype=np.int8)
    assert d.leading_reason(contributions, levels).tolist() == [0, 1]


def test_leader_signal_maps_levels():
    assert d.leader_signal([d.DECLINE, d.PARTIAL, d.TROOPS]).tolist() == [-1, 0, 1]


def test_reason_names_are_unique():
    assert len(set(d.REASONS)) == len(d.REASONS)


def test_every_term_has_exactly_one_weight():
    from dataclasses import fields

    assert tuple(f.name for f in fields(d.Weights)) == d.TERMS
