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


def test_the_fit_command_refuses_a_bad_search_size_in_one_line(capsys):
    from sim import timeline_fit

    assert timeline_fit.main(["timeline.fit.accept=0"]) == 2
    assert capsys.readouterr().err == "error: timeline.fit.accept = 0.0: a number in (0, 1]\n"


def test_the_fit_command_writes_the_report_and_the_fitted_config(tmp_path, monkeypatch):
    """--write: the report and the config the forecasts read, both naming the search that made them
    (the search itself is the library's `fit_all`, tested above; here a canned result)."""
    import json

    import yaml

    from sim import timeline_fit
    from sim.timeline.settings import fitted_before

    fits = [{"cutoff": "1998-12-31", "accepted": 0, "fitted": {}},
            {"cutoff": "2011-12-31", "accepted": 3, "fitted": {"exit_threshold": 0.41234567}}]
    monkeypatch.setattr(timeline_fit, "fit_all", lambda cfg: fits)
    monkeypatch.setattr(timeline_fit, "FITS", tmp_path / "timeline_fit.json")
    monkeypatch.setattr(timeline_fit, "FITTED_FILE", tmp_path / "timeline_fitted.yaml")
    assert timeline_fit.main(["--write", "timeline.fit.samples=7"]) == 0
    report = json.loads((tmp_path / "timeline_fit.json").read_text(encoding="utf-8"))
    assert report["command"] == ("python -m sim.timeline_fit --write timeline.fit.samples=7 "
                                 "(timeline.fit: samples 7, lanes 60, accept 0.2)")
    assert report["fits"] == fits
    written = yaml.safe_load((tmp_path / "timeline_fitted.yaml").read_text(encoding="utf-8"))
    assert written == {"fits": {"2011-12-31": {"exit_threshold": 0.4123}}}  # only cut-offs with a fit
    when, values = fitted_before(dt.date(2021, 12, 31), tmp_path / "timeline_fitted.yaml")
    assert when == dt.date(2011, 12, 31) and values == {"exit_threshold": 0.4123}
