"""`python -m sim`: run a scenario from Hydra configs and write its results.

    python -m sim scenario=kyrgyzstan_2010 replications=20000 seed=7 decision.rule=majority
    python -m sim --help | --cfg job | -m (multirun)

A thin Hydra app: Hydra composes, sim.cli.launch checks before Hydra runs, the RunFolder callback
(sim/runs/folder.py, hydra.callbacks) owns the output folder, and this runs, writes and prints.
`mode=timeline` is the timeline's command, `python -m sim.timeline_run` (csto-timeline).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.cli import finished_sweep_job, input_errors, launch, record_inputs, write_errors
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import register_configs
from sim.inputs.spec import check_mode, to_container
from sim.runs.atomic import SUMMARY
from sim.runs.sweep import with_default_sweep_dir
from sim.timeline_run import replay

register_configs()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="config")
def main(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    if check_mode(cfg) == "timeline":
        return replay(cfg)  # the same as `python -m sim.timeline_run`
    from sim.outputs.files import format_table, write_run
    from sim.runs.scenario import run

    job = HydraConfig.get()
    outdir, sweep = Path(job.runtime.output_dir), job.mode == RunMode.MULTIRUN
    container = to_container(cfg)
    if sweep and finished_sweep_job(outdir, container, SUMMARY):  # re-running a sweep resumes it
        return
    with input_errors():
        result = run(cfg)
    record_inputs(result.summary, container, list(job.overrides.task) if sweep else None)
    with write_errors(outdir):
        write_run(outdir, result, container, plots_on=cfg.output.plots)
    if "extrapolated" in result.summary:
        print(f"warning: {result.summary['extrapolated']}", file=sys.stderr)
    if cfg.output.print_table:
        print(format_table(result.summary))
        print(f"\nresults: {outdir}")


def cli() -> None:
    """The `csto-sim` command (pyproject [project.scripts]): the same as `python -m sim`."""
    launch(main, "config", rewrite_argv=with_default_sweep_dir)


if __name__ == "__main__":
    cli()
