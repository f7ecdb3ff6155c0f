"""run_calibration: the steps in order, the record written, the decision config only when asked."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import CALIBRATION_SMALL

from sim.calibrate import run_calibration
from sim.calibration import fit
from sim.inputs.compose import compose_config

SMALL = [*CALIBRATION_SMALL, "plots=false"]


@pytest.mark.slow
def test_run_calibration_writes_the_record_and_no_config_unless_asked(tmp_path):
    cfg = compose_config([*SMALL, "write_config=false"], "calibrate")
    done = run_calibration(cfg, tmp_path / "run")
    assert done.config_path is None
    assert (tmp_path / "run" / "calibration.json").is_file()
    assert all(p.is_file() for p in done.written)
    target = tmp_path / "calibrated.yaml"
    cfg = compose_config([*SMALL, f"config_path={target}"], "calibrate")
    assert run_calibration(cfg, tmp_path / "run2").config_path == target and target.is_file()


@pytest.mark.slow
def test_the_steps_compose_into_calibrate():
    cfg = compose_config(SMALL, "calibrate")
    prior = fit.build_prior(cfg.prior)
    episodes = fit.episode_runs(cfg.alliance, cfg.decision, confidence_weights=cfg.confidence_weights)
    calib = [i for i, e in enumerate(episodes) if e.role == "calibration"]
    scr = fit.screen(cfg, prior, episodes, calib)
    acc = fit.accept(scr, prior, cfg.search.tolerance)
    assert acc.mask[acc.best] and acc.mask[acc.central]
    assert scr.score[acc.best] == scr.score.max()
    con = fit.confirm(cfg, scr, acc, episodes, calib)
    assert con.index[0] == acc.best and set(con.index) <= set(np.flatnonzero(acc.mask))
    stepwise = fit.build_report(cfg, prior, episodes, scr, acc, con).report
    assert stepwise["n_accepted"] == fit.calibrate(cfg).report["n_accepted"]


def test_a_robustness_calibration_never_overwrites_the_default_weights(tmp_path):
    from sim.calibration.report import DEFAULT_CONFIG_PATH

    before = DEFAULT_CONFIG_PATH.read_bytes()
    cfg = compose_config([*SMALL, "outcomes=alternative"], "calibrate")  # write_config=true by default
    done = run_calibration(cfg, tmp_path / "run")
    assert done.config_path is None and DEFAULT_CONFIG_PATH.read_bytes() == before
    named = tmp_path / "alternative.yaml"
    cfg = compose_config([*SMALL, "outcomes=alternative", f"config_path={named}"], "calibrate")
    assert run_calibration(cfg, tmp_path / "run2").config_path == named and named.is_file()
