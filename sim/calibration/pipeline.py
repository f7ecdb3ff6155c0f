"""`run_calibration(cfg, outdir)`: calibrate, complete the record, write it. One call for the
command (`python -m sim.calibrate`), the notebook and the tests, so they cannot drift apart."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from sim.calibration.fit import CalibrationResult, calibrate
from sim.calibration.report import DEFAULT_CONFIG_PATH, finish_report, write_calibration
from sim.inputs.spec import to_container
from sim.runs import engine


def is_default_fit(cfg: DictConfig) -> bool:
    """A robustness run (the sources' own episodes, or another outcome coding) writes the default
    weights only when a config_path is named explicitly."""
    return (str(getattr(cfg.outcomes, "value", cfg.outcomes)) == "observed"
            and str(getattr(cfg.alliance.coding, "value", cfg.alliance.coding)) == "evidence")


@dataclass
class CalibrationRun:
    result: CalibrationResult
    report: dict[str, Any]  # calibration.json
    written: list[Path]  # every file written, in order
    config_path: Path | None  # the decision config written, if any


def run_calibration(cfg: DictConfig, outdir: Path, command: str = "python -m sim.calibrate") -> CalibrationRun:
    """Calibrate for a composed calibrate config and write its record into `outdir`; the decision
    config is (re)written only when `cfg.write_config` is true (`cfg.config_path` or the default)."""
    start = time.perf_counter()
    with engine.use(cfg.get("cluster"), progress=bool(cfg.progress)):  # here, joblib or a Dask cluster
        result = calibrate(cfg)
    container = to_container(cfg)
    report = finish_report(result, command, outdir, time.perf_counter() - start, container)
    target = None
    if cfg.write_config and cfg.config_path:
        target = Path(cfg.config_path)
    elif cfg.write_config and is_default_fit(cfg):
        target = DEFAULT_CONFIG_PATH  # robustness runs never replace the weights every command uses
    written = write_calibration(outdir, result, report, container["decision"], cfg.plots, target)
    return CalibrationRun(result, report, written, target)
