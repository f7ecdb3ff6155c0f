"""`python -m sim.calibrate`: fit the decision weights to the historical episodes (a Hydra app).

    python -m sim.calibrate                                   # full calibration, writes calibrated.yaml
    python -m sim.calibrate search.samples=512 write_config=false
    python -m sim.calibrate --help | --cfg job
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.errors import InputError
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import register_configs

if TYPE_CHECKING:
    from sim.calibration.fit import CalibrationResult

register_configs()


@dataclass
class CalibrationRun:
    result: CalibrationResult
    report: dict[str, Any]  # calibration.json
    written: list[Path]  # every file written, in order
    config_path: Path | None  # the decision config written, if any


def run_calibration(cfg: DictConfig, outdir: Path, command: str = "python -m sim.calibrate",
                    writing: Callable[[], AbstractContextManager[None]] = nullcontext) -> CalibrationRun:
    """Calibrate for a composed calibrate config and write its record into `outdir`; the decision
    config is (re)written only when `cfg.write_config` is true (`cfg.config_path` or the default).
    One call for this command, the notebook and the tests, so they cannot drift apart; it lives in
    the command because it writes through sim.outputs and sim.docgen (imported here, not at the top:
    `--help` stays fast). The writing runs inside `writing()` (the command's one line for a failed
    write, which a failed read must not get)."""
    from sim.calibration.fit import calibrate
    from sim.calibration.pipeline import check_calibration_size, is_default_fit
    from sim.calibration.report import DEFAULT_CONFIG_PATH, finish_report, validate_report
    from sim.docgen.calibration_results import RESULTS_DOC, results_markdown, tables_markdown
    from sim.inputs.spec import to_container
    from sim.outputs.calibration_report import write_calibration
    from sim.runs import engine
    from sim.runs.atomic import write_text

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
    validate_report(report)  # before the tables are rendered from it: a broken report names its problem
    tables = tables_markdown(report)
    with writing():
        written = write_calibration(outdir, result, report, container["decision"], cfg.plots, target,
                                    tables=tables)
        if target is not None and target.resolve() == DEFAULT_CONFIG_PATH.resolve():
            # The default weights' record, for readers of the docs: generated, never typed.
            written.append(RESULTS_DOC)
            write_text(written[-1], results_markdown(report))
    return CalibrationRun(result, report, written, target)


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="calibrate")
def main(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from sim.cli import input_errors, write_errors
    from sim.runs.engine import ChunkFailure
    from sim.runs.resources import check_jobs

    outdir = Path(HydraConfig.get().runtime.output_dir)
    command = " ".join(["python -m sim.calibrate", *HydraConfig.get().overrides.task])
    out_of_memory = InputError("search", "out of memory", "smaller search.samples, search.replications "
                               "or search.block_lanes")
    try:
        with input_errors(out_of_memory):
            check_jobs(cfg.jobs, force=bool(cfg.get("force_jobs", False)))
            check_config_path(cfg)
            done = run_calibration(cfg, outdir, command, writing=lambda: write_errors(outdir))
    except ChunkFailure as exc:  # on a cluster: some chunks failed after their retries
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    r, target = done.report, done.config_path
    print(f"calibration: {r['n_accepted']:,} of {r['n_prior']:,} prior points accepted "
          f"({r['objective']} within {r['settings']['tolerance']:.2f} of the best); {r['elapsed_s']:.1f} s")
    print(f"  {'episode':<28}{'observed':>9}{'P(obs) best':>12}{'central':>9}{'P(obs) acc. mean [5-95%]':>28}")
    for eid, e in r["episodes"].items():
        acc = e["accepted"][e["observed"]]
        tag = "" if e["role"] == "calibration" else "  (out of sample)"
        print(f"  {eid:<28}{e['observed']:>9}{e['best_fit'][e['observed']]:>12.3f}{e['central'][e['observed']]:>9.3f}"
              f"{acc['mean']:>10.3f} [{acc['q05']:.3f}-{acc['q95']:.3f}]{tag}")
    loo = r["leave_one_out"]["total"]
    print("  leave-one-out Brier: " + ", ".join(f"{k} {v['brier']:.3f}" for k, v in loo.items()))
    print(f"results: {outdir}" + (f"\ncalibrated config ({r['selected']} point): {target}" if target else ""))
    if cfg.write_config and target is None:
        print("robustness run: configs/decision/calibrated.yaml left unchanged (add config_path=<file> to write "
              "these weights)")


def check_config_path(cfg: DictConfig) -> None:
    """The calibrated config's destination must be writable before an hour of calibration, not after."""
    from sim.runs.folder import check_writable

    if not (cfg.write_config and cfg.config_path):
        return
    target = Path(cfg.config_path)
    if target.is_dir():
        raise InputError("config_path", str(target), "a file path for the calibrated decision config, not a folder")
    problem = check_writable(target.parent)
    if problem is not None or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError("config_path", str(target), "a file that can be written ("
                         + (problem or f"{target} is read-only") + ")")


def cli() -> None:
    """The `csto-calibrate` command (pyproject [project.scripts]): the same as `python -m sim.calibrate`."""
    from sim.cli import launch

    launch(main, "calibrate")


if __name__ == "__main__":
    cli()
