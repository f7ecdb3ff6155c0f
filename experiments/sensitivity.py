"""Global sensitivity (Sobol or Morris) of P(troops) and P(none) to the decision weights, per calibration episode.

    python experiments/sensitivity.py [--quick] [--jobs 2] [--analyse-only]

Settings: the `weights` ranges and the `sensitivity` section of configs/experiments.yaml.
Writes experiments.parquet, outcomes.parquet, indices.csv and sensitivity.png.
"""

from __future__ import annotations

import time

from sim.explore import design as ex
from sim.explore import sensitivity
from sim.outputs.explore_plots import sensitivity_figure
from sim.outputs.plots import save
from sim.runs.atomic import atomic_write, write_text


def body(args) -> None:
    settings = ex.load_settings(args.config)
    rng, sec = ex.ranges(settings), ex.section(settings, "sensitivity", args.quick)
    out = ex.output_dir(args, "sensitivity")
    start = time.perf_counter()
    if not args.analyse_only:
        method = sensitivity.check_method(sec.method)
        specs = ex.load_specs(ex.scenario_names(sec.scenarios), list(settings.overrides))
        design = sensitivity.design(rng, method, sec.n, settings.seed, sec.calc_second_order, sec.morris_levels)
        ex.run_design(design, specs, sec.replications, settings.seed, out, settings.batch_points,
                      args.jobs or settings.jobs, not args.no_progress, cluster=settings.get("cluster"),
                      meta={"method": method, "n": sec.n, "calc_second_order": sec.calc_second_order,
                            "morris_levels": sec.morris_levels, "ranges": rng.problem()})
    experiments, outcomes, meta = ex.load_results(out)
    saved = ex.Ranges(tuple(meta["ranges"]["names"]), tuple(map(tuple, meta["ranges"]["bounds"])))
    indices = sensitivity.analyse(saved, experiments, outcomes, meta["method"], meta["seed"],
                                  meta["calc_second_order"], meta["morris_levels"])
    write_text(out / "indices.csv", indices.to_csv(index=False))
    atomic_write(out / "sensitivity.png", lambda tmp: save(sensitivity_figure(indices, meta["method"]), tmp))
    print(f"{meta['method']}: {meta['points']:,} points x {meta['replications']} replications x "
          f"{len(meta['scenarios'])} scenarios in {time.perf_counter() - start:.1f} s")
    print("\n".join(sensitivity.headline(indices, meta["method"])))
    print(f"results: {out}")


def main(argv: list[str] | None = None) -> None:
    ex.cli("sensitivity", __doc__.splitlines()[0], body, argv)


if __name__ == "__main__":
    main()
