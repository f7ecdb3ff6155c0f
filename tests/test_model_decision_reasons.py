"""Explanations by counterfactual: a member's reason is what, removed (or added), changes its choice."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.model import decision as d

ROWS = len(d.TERMS) + 1  # terms and noise


@settings(max_examples=200, deadline=None)
@given(contributions=arrays(float, (ROWS, 8), elements=st.floats(-3, 3)),
       mandate=arrays(float, 8, elements=st.floats(0, 3)), partial=st.floats(-1, 1), gap=st.floats(0, 2))
def test_the_reason_changes_the_choice_when_removed(contributions, mandate, partial, gap):
    troops = partial + gap
    absent = np.stack([mandate, np.zeros(8)])
    level = d.choose_level(contributions.sum(axis=0), partial, troops)
    reason = d.counterfactual_reason(contributions, absent, level, partial, troops)
    utility = contributions.sum(axis=0)
    for lane in range(8):
        name = d.REASONS[reason[lane]]
        if name == "no_mandate":
            changed = utility[lane] + mandate[lane]
        elif name in (*d.TERMS, d.NOISE):
            changed = utility[lane] - contributions[(*d.TERMS, d.NOISE).index(name), lane]
        else:
            raise AssertionError(name)
        flips = d.choose_level(changed, partial, troops) != level[lane]
        any_flip = any(d.choose_level(utility[lane] - contributions[r, lane], partial, troops) != level[lane]
                       for r in range(ROWS)) or d.choose_level(utility[lane] + mandate[lane], partial, troops) != level[lane]
        assert flips or not any_flip  # the fallback only where no single consideration flips the choice


def test_an_absent_mandate_explains_a_refusal_that_the_framing_would_have_turned():
    contributions = np.zeros((ROWS, 1))
    contributions[d.TERMS.index("cost")] = -0.5
    contributions[d.TERMS.index("front")] = 0.2
    level = d.choose_level(contributions.sum(axis=0), 0.0, 1.0)
    assert level[0] == d.DECLINE
    reason = d.counterfactual_reason(contributions, np.array([[2.0], [0.0]]), level, 0.0, 1.0)
    assert d.REASONS[reason[0]] == "no_mandate"  # removing the cost would change it too, but the missing mandate weighs more
