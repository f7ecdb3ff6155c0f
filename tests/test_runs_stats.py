"""The Monte Carlo interval of a share (sim.runs.stats): Wilson, honest at 0% and 100%."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.runs import stats
from sim.runs.stats import interval95, wilson_interval


def test_zero_is_not_certain():
    lo, hi = interval95(0.0, 10_000)
    assert lo == 0.0 and 0.0002 < hi < 0.0005  # about 3.8 in 10,000
    lo, hi = interval95(1.0, 10_000)
    assert hi == 1.0 and 0.9995 < lo < 0.9998


def test_matches_the_textbook_value():
    lo, hi = wilson_interval(0.5, 100)
    assert float(lo) == pytest.approx(0.4038, abs=1e-4) and float(hi) == pytest.approx(0.5962, abs=1e-4)


@given(st.floats(0.0, 1.0), st.integers(1, 1_000_000))
def test_the_interval_holds_the_share_and_stays_in_0_1(p, n):
    lo, hi = interval95(p, n)
    assert 0.0 <= lo <= p + 1e-12 and p - 1e-12 <= hi <= 1.0


def test_more_replications_narrow_it():
    widths = [np.subtract(*interval95(0.3, n)[::-1]) for n in (100, 1_000, 10_000)]
    assert widths[0] > widths[1] > widths[2]


def test_no_replications_is_an_error():
    with pytest.raises(ValueError):
        wilson_interval(0.5, 0)


def test_brier_one_definition_for_yes_no_and_several_outcomes():
    # a yes/no question as one outcome column: the classic mean of (p - o)^2
    assert float(stats.brier([[0.9], [0.2]], [[1.0], [1.0]])) == pytest.approx((0.01 + 0.64) / 2)
    # three outcomes: 0 perfect, 2 confidently wrong, 2/3 uniform; weights average the events
    assert float(stats.brier([[0.0, 0.0, 1.0]], [[1.0, 0.0, 0.0]])) == pytest.approx(2.0)
    assert float(stats.brier([[1 / 3] * 3], [[1.0, 0.0, 0.0]])) == pytest.approx(2 / 3)
    both = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    assert float(stats.brier(both, [[1.0, 0.0, 0.0]] * 2, weights=[3.0, 1.0])) == pytest.approx(0.5)


@pytest.mark.parametrize(("p", "n", "printed"), [
    (1.0, 10_000, "100.00% [99.96%-100.00%]"),  # was '100.0% [100.0%-100.0%]': the interval hidden
    (1.0, 20_000, "100.00% [99.98%-100.00%]"),  # its upper end computes as 0.9999999999999999
    (0.0, 10_000, "0.00% [0.00%-0.04%]"),
    (0.701, 10_000, "70.1% [69.2%-71.0%]"),  # one decimal where it shows the width
    (1.0, 10**9, "100.000% [100.000%-100.000%]"),  # at most three decimals
])
def test_a_printed_interval_shows_its_width_with_the_fewest_decimals(p, n, printed):
    from sim.outputs.files import share_with_interval

    assert share_with_interval(p, *interval95(p, n)) == printed
