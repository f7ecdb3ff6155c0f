"""Two-weight heatmap of P(troops) for one scenario (default: regime-security solidarity x cost, Kazakhstan 2022).

    python experiments/heatmap.py [--quick] [--jobs 2] [--analyse-only]

Settings: the `weights` ranges and the `heatmap` section of configs/experiments.yaml; the other
weights stay at the scenario's configured values. Writes experiments.parquet, outcomes.parquet,
grid.csv and heatmap.png.
"""

from __future__ import annotations

import time

from sim.explore import design as ex
from sim.explore import heatmap
from sim.outputs.explore_plots import heatmap_figure
from sim.outputs.plots import save
from sim.runs.atomic import atomic_write, write_text


def body(args) -> None:
    settings = ex.load_settings(args.config)
    rng, sec = ex.ranges(settings), ex.section(settings, "heatmap", args.quick)
    out = ex.output_dir(args, "heatmap")
    start = time.perf_counter()
    if not args.analyse_only:
        specs = ex.load_specs(ex.scenario_names([sec.scenario]), list(settings.overrides))
        fixed = ex.default_weights(specs[sec.scenario])
        design = heatmap.design(rng, sec.x, sec.y, sec.steps, fixed)
        ex.run_design(design, specs, sec.replications, settings.seed, out, settings.batch_points,
                      args.jobs or settings.jobs, not args.no_progress,
                      cluster=settings.get("cluster"), meta={"x": sec.x, "y": sec.y})
    experiments, outcomes, meta = ex.load_results(out)
    x, y, scenario = meta["x"], meta["y"], meta["scenarios"][0]
    table = heatmap.grid(experiments, outcomes, x, y)
    write_text(out / "grid.csv", table.to_csv())
    title = f"{scenario}: P(troops), {meta['replications']} replications per cell"
    atomic_write(out / "heatmap.png", lambda tmp: save(heatmap_figure(table, x, y, title), tmp))
    print(f"{scenario}: {meta['points']} cells x {meta['replications']} replications "
          f"in {time.perf_counter() - start:.1f} s")
    print(heatmap.headline(table, x, y))
    print(f"results: {out}")


def main(argv: list[str] | None = None) -> None:
    ex.cli("heatmap", __doc__.splitlines()[0], body, argv)


if __name__ == "__main__":
    main()
