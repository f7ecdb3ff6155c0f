"""calibration.json, the plots and the calibrated decision config: complete, valid, loadable."""

import copy
import json

import pandas as pd
import pytest
import yaml
from conftest import PROJECT
from omegaconf import OmegaConf

from sim.calibration import fit as cal
from sim.calibration.report import (
    DECISION_KEYS,
    validate_report,
)
from sim.inputs.compose import compose_config
from sim.inputs.schema import DecisionConfig
from sim.inputs.spec import build_params


@pytest.fixture(scope="module")
def written(small_calibration):
    tmp, done = small_calibration
    return tmp, done.result, done.report, done.written


def test_run_directory_holds_the_report_and_both_plots(written):
    tmp, _, report, paths = written
    names = {p.name for p in paths}
    assert {"calibration.json", "calibration_predictions.png", "calibration_weights.png", "calibration_tables.md",
            "samples.parquet", "calibrated.yaml", "calibrated_accepted.parquet"} == names
    assert "armenia_2021" in (tmp / "run" / "calibration_tables.md").read_text()
    samples = pd.read_parquet(tmp / "run" / "samples.parquet")
    assert len(samples) == report["n_prior"] and samples["accepted"].sum() == report["n_accepted"]
    accepted = pd.read_parquet(tmp / "calibrated_accepted.parquet")  # travels with the config
    assert len(accepted) == report["n_accepted"] and accepted["accepted"].all()
    assert set(cal.PARAMETERS) <= set(accepted.columns)
    assert ({"front", "troops", "ad_hoc_cost_multiplier", "objective", "p_troops__kazakhstan_2022"}
            <= set(samples.columns))
    for png in ("calibration_predictions.png", "calibration_weights.png"):
        assert (tmp / "run" / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    on_disk = json.loads((tmp / "run" / "calibration.json").read_text())
    validate_report(on_disk)
    assert on_disk["episodes"].keys() == report["episodes"].keys()
    for e in on_disk["episodes"].values():
        assert {"observed", "best_fit", "central", "accepted"} <= set(e)


def test_the_validator_rejects_broken_reports(written):
    _, _, report, _ = written
    broken = copy.deepcopy(report)
    broken["episodes"]["kazakhstan_2022"]["best_fit"]["troops"] = 1.5
    with pytest.raises(ValueError, match="kazakhstan_2022"):
        validate_report(broken)
    missing = copy.deepcopy(report)
    del missing["leave_one_out"]
    with pytest.raises(ValueError, match="leave_one_out"):
        validate_report(missing)


def test_calibrated_config_is_a_complete_decision_config_that_loads(written):
    tmp, result, report, _ = written
    text = (tmp / "calibrated.yaml").read_text()
    data = yaml.safe_load(text)
    default = yaml.safe_load((PROJECT / "configs" / "decision" / "default.yaml").read_text())
    assert set(data) == set(default) == set(DECISION_KEYS)
    assert data["name"] == "calibrated"
    dec = OmegaConf.merge(OmegaConf.structured(DecisionConfig), data)  # the schema accepts it
    params = build_params(dec)
    assert params.weights.cost == pytest.approx(result.selected["cost"], abs=1e-4)
    prov = data["calibration"]
    assert prov["n_accepted"] == report["n_accepted"] and prov["seed"] == report["settings"]["seed"]
    assert prov["point"] == "central" and "command" in prov and "date" in prov


def test_the_committed_calibrated_config_is_the_default_and_reaches_summary_json():
    from conftest import make_cfg

    from sim.runs.scenario import run

    assert compose_config().decision.name == "calibrated"  # what `make run` uses
    cfg = make_cfg("decision=calibrated", "scenario=kazakhstan_2022", "replications=200", "progress=false")
    summary = run(cfg).summary
    assert summary["decision"] == "calibrated"
    assert summary["calibration"]["method"] and summary["calibration"]["n_accepted"] >= 1
