"""Ensemble forecasts: every accepted point of a calibration run on a scenario."""

import json

import pytest
from conftest import run_module

from sim.calibration.forecast import forecast
from sim.errors import InputError
from sim.inputs.compose import compose_config


def make_ensemble_cfg(*overrides: str):
    return compose_config(list(overrides), "ensemble")


@pytest.fixture(scope="module")
def samples(small_calibration):
    tmp, done = small_calibration
    return tmp / "run" / "samples.parquet", done.report


def test_ensemble_forecast_is_a_distribution_over_the_accepted_points(samples):
    path, report = samples
    out = forecast(make_ensemble_cfg("scenario=tajikistan_taliban_incursion", f"samples={path}",
                                     "replications_per_point=50", "progress=false"))
    assert out["n_points"] == report["n_accepted"]
    mean = {k: v["mean"] for k, v in out["outcome"].items()}
    assert sum(mean.values()) == pytest.approx(1.0)
    for v in out["outcome"].values():
        assert 0.0 <= v["q05"] <= v["q50"] <= v["q95"] <= 1.0


def test_ensemble_max_points_and_reproducibility(samples):
    path, _ = samples
    args = ("scenario=armenia_2021", f"samples={path}", "replications_per_point=20", "max_points=3", "progress=false")
    a, b = forecast(make_ensemble_cfg(*args)), forecast(make_ensemble_cfg(*args))
    assert a["n_points"] == 3 and a == b


def test_ensemble_without_a_calibration_run_is_a_one_line_input_error(tmp_path):
    with pytest.raises(InputError, match="samples"):
        forecast(make_ensemble_cfg("decision=default", "progress=false"))
    with pytest.raises(InputError, match="samples"):
        forecast(make_ensemble_cfg(f"samples={tmp_path / 'nope.parquet'}", "progress=false"))


def test_ensemble_cli_writes_ensemble_json(samples, tmp_path):
    path, _ = samples
    out = tmp_path / "run"
    proc = run_module("sim.ensemble", "scenario=armenia_2021", f"samples={path}",
                      "replications_per_point=20", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((out / "ensemble.json").read_text())["scenario"] == "armenia_2021"


def test_ensemble_falls_back_to_the_accepted_set_committed_beside_the_config():
    """On a fresh clone the calibration's run directory (outputs/) is absent: the committed
    configs/decision/calibrated_accepted.parquet is used instead."""
    cfg = make_ensemble_cfg("scenario=armenia_2021", "decision.calibration.run_dir=outputs/calibration/absent",
                            "replications_per_point=20", "max_points=5", "progress=false")
    out = forecast(cfg)
    assert out["samples"].endswith("configs/decision/calibrated_accepted.parquet")
    assert out["n_points"] == 5
