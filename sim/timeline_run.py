"""`python -m sim.timeline_run` (csto-timeline): the alliance replayed from 1992 (docs/timeline.md).

    python -m sim.timeline_run timeline.history=simulated timeline.replications=2000 seed=7
    python -m sim.timeline_run --help | --cfg job | -m (multirun)

A thin Hydra app on configs/timeline_run.yaml (configs/config.yaml with mode=timeline, so the
results are those of `python -m sim mode=timeline`, which calls the same `replay`). The command
line is checked before Hydra runs (sim.cli.launch); the output folder is the RunFolder callback's.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.cli import finished_sweep_job, input_errors, launch, record_inputs, write_errors
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import register_configs
from sim.inputs.spec import to_container
from sim.runs.layout import TIMELINE_SUMMARY
from sim.runs.sweep import SWEEP_ROOT, with_default_sweep_dir

register_configs()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="timeline_run")
def main(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    replay(cfg)


def replay(cfg: DictConfig) -> None:
    """Replay the alliance (sim.timeline.replay), write its results into the job's folder, print."""
    from sim.outputs.timeline import format_summary, write_timeline
    from sim.timeline.replay import run_timeline

    job = HydraConfig.get()
    outdir, container, sweep = Path(job.runtime.output_dir), to_container(cfg), job.mode == RunMode.MULTIRUN
    if sweep and finished_sweep_job(outdir, container, TIMELINE_SUMMARY):  # as `python -m sim -m` resumes
        return
    with input_errors():
        result = run_timeline(cfg)  # checks first (check_timeline_run)
    record_inputs(result.summary, container, list(job.overrides.task) if sweep else None)
    with write_errors(outdir):
        write_timeline(outdir, result, container, plots_on=cfg.output.plots)
    if cfg.output.print_table:
        print(format_summary(result.summary))
        print(f"\nresults: {outdir}")


def cli() -> None:
    """The `csto-timeline` command (pyproject [project.scripts]): the same as `python -m sim.timeline_run`.
    Its sweeps go to multirun/timeline/<overrides>, apart from the scenario sweeps of `python -m sim`."""
    launch(main, "timeline_run", rewrite_argv=partial(with_default_sweep_dir, root=f"{SWEEP_ROOT}/timeline"))


if __name__ == "__main__":
    cli()
