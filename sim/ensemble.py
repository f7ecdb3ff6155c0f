"""`python -m sim.ensemble`: forecast a scenario with every accepted point of a calibration.

    python -m sim.ensemble scenario=armenia_azerbaijan_renewed
    python -m sim.ensemble --help
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from sim.errors import InputError
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import register_configs
from sim.model.alliance import REPORT_ORDER

register_configs()


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name="ensemble")
def main(cfg: DictConfig) -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from sim.calibration.forecast import forecast
    from sim.cli import input_errors, write_errors
    from sim.runs.atomic import write_text
    from sim.runs.resources import check_jobs

    outdir = Path(HydraConfig.get().runtime.output_dir)
    with input_errors(InputError("replications_per_point", cfg.replications_per_point, "fewer (out of memory)")):
        check_jobs(cfg.jobs, force=bool(cfg.get("force_jobs", False)))
        result = forecast(cfg)
    with write_errors(outdir):
        write_text(outdir / "ensemble.json", json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"{result['scenario_name']}: {result['n_points']:,} accepted parameter sets x "
          f"{result['replications_per_point']} replications")
    # sim.runs.batch counts the requester's answer: the collective outcome or the leading state's bilateral
    # help, the more of the two (what the historical records code).
    print("  what the requester got (collective or the leading state's bilateral help, the more of the two)")
    print(f"  {'outcome':<10}{'mean':>7}   5-95% over the accepted sets")
    for k in REPORT_ORDER:
        o = result["outcome"][k]
        mark = "   <- observed" if result.get("observed_outcome") == k else ""
        print(f"  {k:<10}{o['mean']:>7.1%}   {o['q05']:.1%} - {o['q95']:.1%}{mark}")
    print(f"results: {outdir}")


def cli() -> None:
    """The `csto-ensemble` command (pyproject [project.scripts]): the same as `python -m sim.ensemble`."""
    from sim.cli import launch

    launch(main, "ensemble")


if __name__ == "__main__":
    cli()
