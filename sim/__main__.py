"""`python -m sim`: run a scenario from Hydra configs and write its results.

    python -m sim scenario=kyrgyzstan_2010 replications=20000 seed=7 decision.rule=majority
    python -m sim --help | --cfg job | -m (multirun)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.cli import die, exit_on_input_error, exit_on_write_error, launch
from sim.errors import InputError
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import register_configs
from sim.inputs.spec import check_mode, to_container
from sim.outputs.lock import RunFolderBusy, RunLock
from sim.runs.fingerprint import FINGERPRINT, fingerprint, matches
from sim.runs.resources import check_jobs, watch_parent
from sim.runs.sweep import finished, remove_leftover_tmp, with_default_sweep_dir

register_configs()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def main(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from sim.outputs.files import format_table, write_run
    from sim.runs.scenario import run

    hydra_cfg = HydraConfig.get()
    outdir = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.runtime.choices.get("hydra/launcher") == "joblib":
        watch_parent()  # a sweep's joblib worker: exit if the sweep's process is killed
    container = to_container(cfg)
    try:  # the run owns its folder until it is done: a second run into it refuses in one line
        lock = RunLock(outdir).acquire()
    except RunFolderBusy as exc:
        die(str(exc))
    try:
        if hydra_cfg.mode == RunMode.MULTIRUN:  # re-running a sweep resumes it
            remove_leftover_tmp(outdir)  # a killed job's half-written files (never another live run's)
            if finished(outdir):
                if matches(outdir / "summary.json", container):
                    print(f"skipping {outdir}: finished")
                    return
                print(f"re-running {outdir}: config, seeds or code changed")
        try:
            if check_mode(cfg) == "timeline":
                return run_timeline_mode(cfg, outdir, lock)
            result = run(cfg)
        except InputError as exc:
            lock.release()
            exit_on_input_error(exc, outdir)
        if hydra_cfg.mode == RunMode.MULTIRUN:
            result.summary["overrides"] = list(hydra_cfg.overrides.task)  # sim.collect's parameter columns
        result.summary[FINGERPRINT] = fingerprint(container)  # what it was computed from (sim.runs.fingerprint)
        try:
            write_run(outdir, result, container, plots_on=cfg.output.plots)
        except OSError as exc:
            lock.release()
            exit_on_write_error(exc, outdir)
    finally:
        lock.release()
    if "extrapolated" in result.summary:
        print(f"warning: {result.summary['extrapolated']}", file=sys.stderr)
    if cfg.output.print_table:
        print(format_table(result.summary))
        print(f"\nresults: {outdir}")


def run_timeline_mode(cfg: DictConfig, outdir: Path, lock: RunLock) -> None:
    """`mode=timeline`: replay the alliance from 1992 (sim.timeline.replay) and write its results."""
    from sim.outputs.timeline import format_summary, write_timeline
    from sim.timeline.replay import run_timeline

    try:
        check_jobs(cfg.jobs, force=bool(cfg.get("force_jobs", False)))
        result = run_timeline(cfg)
    except InputError as exc:
        lock.release()
        exit_on_input_error(exc, outdir)
    try:
        write_timeline(outdir, result, to_container(cfg), plots_on=cfg.output.plots)
    except OSError as exc:
        lock.release()
        exit_on_write_error(exc, outdir)
    if cfg.output.print_table:
        print(format_summary(result.summary))
        print(f"\nresults: {outdir}")


def cli() -> None:
    """The `csto-sim` command (pyproject [project.scripts]): the same as `python -m sim`."""
    launch(main, "config", rewrite_argv=with_default_sweep_dir)


if __name__ == "__main__":
    cli()
