"""The naive forecasters of the validation, alone (sim.calibration.baselines)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calibration import baselines as b

NONE, PARTIAL, TROOPS = 0, 1, 2


def test_structural_cells():
    assert b.structural_cell("none", "internal_unrest", True) == "capped"
    assert b.structural_cell("political", "conflict_with_non_member", True) == "capped"
    assert b.structural_cell("formal", "member_vs_member", True) == "capped"
    assert b.structural_cell("formal", "external_non_state", False) == "capped"
    assert b.structural_cell("bilateral", "internal_unrest", True) == "informal"
    assert b.structural_cell("informal", "external_non_state", True) == "informal"
    assert b.structural_cell("formal", "internal_unrest", True) == "formal"


def test_cell_forecast_uses_only_its_cell():
    cells = ["capped", "capped", "formal", "formal", "informal"]
    observed = [NONE, NONE, TROOPS, PARTIAL, PARTIAL]
    np.testing.assert_allclose(b.cell_forecast(cells, observed, "formal", 0.5), [0.5 / 3.5, 1.5 / 3.5, 1.5 / 3.5])
    np.testing.assert_allclose(b.cell_forecast(cells, observed, "capped", 0.5), [2.5 / 3.5, 0.5 / 3.5, 0.5 / 3.5])
    np.testing.assert_allclose(b.cell_forecast(cells, observed, "nowhere", 0.5), [1 / 3, 1 / 3, 1 / 3])


def test_rule_forecast_is_the_rules_track_record():
    rule = [NONE, NONE, PARTIAL, PARTIAL]
    observed = [NONE, PARTIAL, TROOPS, PARTIAL]
    np.testing.assert_allclose(b.rule_forecast(rule, observed, PARTIAL, 0.5), [0.5 / 3.5, 1.5 / 3.5, 1.5 / 3.5])


def test_member_forecast_prefers_the_members_own_record_in_the_cell():
    train = [("KAZ", "formal", 3), ("KAZ", "formal", 3), ("KAZ", "informal", 2), ("RUS", "formal", 1)]
    np.testing.assert_allclose(b.member_forecast(train, "KAZ", "formal", 0.5), [0.5 / 4, 0.5 / 4, 0.5 / 4, 2.5 / 4])
    # a member with no record in the cell: every member's record there
    np.testing.assert_allclose(b.member_forecast(train, "ARM", "formal", 0.5), [0.5 / 5, 1.5 / 5, 0.5 / 5, 2.5 / 5])


@given(st.lists(st.integers(0, 3), min_size=1, max_size=30), st.integers(0, 3))
def test_member_forecasts_are_distributions(levels, observed):
    train = [("KAZ", "formal", lvl) for lvl in levels]
    p = b.member_forecast(train, "KAZ", "formal", 0.5)
    assert p.sum() == pytest.approx(1.0) and (p > 0).all()
    assert 0.0 <= b.multiclass_brier(p[None], [observed]) <= 2.0


def test_multiclass_brier_weights_rows():
    p = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]])
    assert b.multiclass_brier(p, [0, 0]) == pytest.approx(1.0)
    assert b.multiclass_brier(p, [0, 0], [1.0, 0.0]) == pytest.approx(0.0)
