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


def test_a_forecast_uses_the_latest_fit_made_on_or_before_its_cutoff(tmp_path) -> None:
    import datetime as dt

    from sim.timeline.settings import fitted_before

    path = tmp_path / "fitted.yaml"
    assert fitted_before(dt.date(2030, 1, 1), path) is None  # no file: the configured weights
    path.write_text("fits:\n  '2011-12-31': {exit_cost: 0.1}\n  '2021-12-31': {exit_cost: 0.2}\n")
    assert fitted_before(dt.date(1998, 12, 31), path) is None  # nothing fitted that early
    assert fitted_before(dt.date(2011, 12, 31), path) == (dt.date(2011, 12, 31), {"exit_cost": 0.1})
    assert fitted_before(dt.date(2021, 12, 30), path) == (dt.date(2011, 12, 31), {"exit_cost": 0.1})
    assert fitted_before(dt.date(2025, 12, 31), path) == (dt.date(2021, 12, 31), {"exit_cost": 0.2})


def test_the_committed_fits_name_only_fitted_weights_and_earlier_cutoffs() -> None:
    """configs/timeline_fitted.yaml (generated) holds, per cut-off, only weights the fit searches."""
    import yaml

    from sim.timeline.fit import FIT
    from sim.timeline.settings import FITTED_FILE

    fits = yaml.safe_load(FITTED_FILE.read_text(encoding="utf-8"))["fits"]
    assert fits and all(set(w) <= set(FIT) for w in fits.values())
