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
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import check_coding, load_coded_evidence, to_container
from sim.runs import engine
from sim.runs.resources import bytes_per_replication, check_size


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


# Bytes the calibration holds per prior sample and episode: the outcome counts and probabilities
# (3 outcomes), the deployment tallies (4), the per-member choice counts and probabilities (up to 9
# members x 4 levels, twice) and the samples table's columns, as float64/int64 (8 bytes), rounded up.
# Derived from the arrays in sim/calibration/fit.py, not measured.
BYTES_PER_SAMPLE_EPISODE = 8 * (3 + 3 + 4 + 2 * 9 * 4 + 8)


def check_calibration_size(cfg: DictConfig) -> None:
    """Sizes that cannot fit in memory fail in one line before anything is allocated."""
    seeds = load_seeds(cfg.alliance.get("seeds_dir"))
    members = len(seeds.members)  # an upper bound: the most members any episode has
    episodes = len(load_coded_evidence(seeds, check_coding(cfg.alliance)).episodes)
    s = cfg.search
    for key in ("samples", "replications", "confirm_replications", "block_lanes"):
        value = s.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return  # fit.check_settings names the bad value
    check_size("search.samples", s.samples, BYTES_PER_SAMPLE_EPISODE * episodes,
               f"prior sample with {episodes} episodes")
    lanes = bytes_per_replication(members)  # one model lane holds what a replication row does, at most
    for key in ("replications", "confirm_replications", "block_lanes"):
        check_size(f"search.{key}", s.get(key), lanes, f"model lane with up to {members} members")


def run_calibration(cfg: DictConfig, outdir: Path, command: str = "python -m sim.calibrate") -> CalibrationRun:
    """Calibrate for a composed calibrate config and write its record into `outdir`; the decision
    config is (re)written only when `cfg.write_config` is true (`cfg.config_path` or the default)."""
    check_calibration_size(cfg)
    start = time.perf_counter()
    force = bool(cfg.get("force_jobs", False))  # local Dask workers are bounded like `jobs`
    with engine.use(cfg.get("cluster"), progress=bool(cfg.progress), force=force):  # joblib here, or Dask
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
