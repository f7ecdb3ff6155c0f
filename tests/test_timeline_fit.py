"""sim.timeline.fit: the exit, freeze and return weights fitted before a cut-off come only from the
record before it; a cut-off with nothing before it keeps the configured values."""

import datetime as dt

import pytest
from conftest import make_cfg
from test_timeline_forecast import CUTOFF, altered_seeds  # noqa: F401  (a fixture: the record altered after CUTOFF)

from sim.timeline.fit import FIT, fit_before

TINY = {"samples": 3, "lanes": 8, "accept": 0.34}


@pytest.mark.slow
def test_fitted_weights_come_only_from_events_before_the_cutoff(altered_seeds):  # noqa: F811
    cut = dt.date.fromisoformat(CUTOFF)
    plain = fit_before(make_cfg("mode=timeline", "progress=false"), cut, **TINY)
    altered = fit_before(make_cfg("mode=timeline", "progress=false", f"alliance.seeds_dir={altered_seeds}"),
                         cut, **TINY)
    assert plain["accepted"] >= 1 and set(plain["fitted"]) <= set(FIT)
    assert plain == altered


def test_a_cutoff_with_nothing_before_it_keeps_the_configured_values():
    out = fit_before(make_cfg("mode=timeline", "progress=false"), dt.date(1998, 12, 31), **TINY)
    assert out["accepted"] == 0 and out["fitted"]["withdrawal_margin"] == 0.4


@pytest.mark.slow
def test_the_alteration_does_move_a_fit_that_may_read_it(altered_seeds):  # noqa: F811
    """The first test can fail: a later cut-off (2021) sees the altered years, and its score moves."""
    late = dt.date(2021, 12, 31)
    plain = fit_before(make_cfg("mode=timeline", "progress=false"), late, **TINY)
    altered = fit_before(make_cfg("mode=timeline", "progress=false", f"alliance.seeds_dir={altered_seeds}"),
                         late, **TINY)
    assert plain["score_configured"] != altered["score_configured"]
