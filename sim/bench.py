"""`python -m sim.bench [--sweep | --cluster]`: replications per second, vector lanes vs single-lane models.

Prints one JSON line: lanes_per_s (one model with R lanes), single_per_s (models with one lane
each, as a plain Mesa run would do), and their ratio, all measured in the same run so machine
load affects both alike. Target: ratio >= 100 at R = 10,000.

With --sweep, the same line adds the sweep figures (sim.runs.batch, sim.explore.design):
joblib_speedup (a fixed design, serial vs 2 workers; target >= 1.7), hydra_sweep_speedup (a
4-job `python -m sim -m` sweep, serial vs hydra/launcher=joblib), sobol_wall_s (the Sobol
experiment of configs/experiments.yaml at N = 1024: design, runs, analysis, plot; target < 60 s
on 2 cores) and peak_mb for a design of N points vs 2N points (flat: results stream to disk).

With --cluster, the line holds instead the wall time of one calibration on the whole record
(configs/calibrate.yaml, --cluster-samples prior points) run serially, on 2 joblib workers and on a
local Dask cluster of 2 workers started for it (sim.runs.engine), their ratios, the cluster's
overhead against joblib at the same parallelism (target < 20 %), and whether all three accepted
the same points and scored every sample alike (they must).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from sim.errors import InputError, OneLineArgumentParser
from sim.inputs.compose import compose_config
from sim.inputs.spec import build_spec
from sim.model.model import ModelSpec, run_lanes
from sim.runs.resources import check_memory


def load_spec(overrides: list[str]) -> ModelSpec:
    return build_spec(compose_config(overrides))


def best_rate(fn, count: int, repeats: int) -> float:
    """Replications per second: the best of `repeats` timings (least disturbed by other load)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return count / best


def measure(spec: ModelSpec, lanes: int, singles: int, repeats: int, seed: int = 1) -> dict[str, float]:
    lanes_rate = best_rate(lambda: run_lanes(spec, lanes, seed), lanes, repeats)
    single_rate = best_rate(lambda: [run_lanes(spec, 1, seed, chunk=k) for k in range(singles)], singles,
                            max(1, repeats // 2))
    return {"lanes_per_s": round(lanes_rate, 1), "single_per_s": round(single_rate, 1),
            "ratio": round(lanes_rate / single_rate, 1)}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def spin(n: int) -> int:
    """Pure-Python CPU work: what 2 workers can gain on this machine right now, whatever our code does."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def joblib_speedup(spec: ModelSpec, points: int, replications: int, workers: int = 2,
                   repeats: int = 3, spin_n: int = 2_000_000) -> dict[str, object]:
    """The same design evaluated serially and by `workers` processes (warmed up; best of `repeats`).

    The machine may be shared, so the same comparison is made for a pure CPU reference task:
    if that one gains little, the machine had no second core free, not the code a bottleneck.
    """
    import pandas as pd
    from joblib import Parallel, delayed

    from sim.model import decision as d
    from sim.runs import batch

    rng = np.random.default_rng(0)
    # weights only (d.TERMS), as the experiments sweep them; the thresholds keep the spec's values
    design = pd.DataFrame(rng.uniform(0, 3, (points, len(d.TERMS))), columns=list(d.TERMS))
    batch.evaluate(spec, design.iloc[:workers], 10, 1, batch_points=1, jobs=workers)  # start the workers
    size = max(1, points // 8)  # 8 tasks: enough to balance 2 workers, big enough to dwarf the overhead
    serial = min(timed(lambda: batch.evaluate(spec, design, replications, 1, size, jobs=1)) for _ in range(repeats))
    parallel = min(timed(lambda: batch.evaluate(spec, design, replications, 1, size, jobs=workers))
                   for _ in range(repeats))
    cpu_serial = min(timed(lambda: [spin(spin_n) for _ in range(8)]) for _ in range(repeats))
    cpu_parallel = min(timed(lambda: Parallel(n_jobs=workers)(delayed(spin)(spin_n) for _ in range(8)))
                       for _ in range(repeats))
    return {"joblib_serial_s": round(serial, 2), "joblib_parallel_s": round(parallel, 2),
            "joblib_speedup": round(serial / parallel, 2), "joblib_workload": f"{points} points x {replications} reps",
            "cpu_reference_speedup": round(cpu_serial / cpu_parallel, 2)}


def hydra_sweep_speedup(workdir: Path, replications: int) -> dict[str, object]:
    """A 4-job `python -m sim -m` sweep, serial vs hydra/launcher=joblib with 2 workers (whole commands,
    process start-up included, as a user runs them)."""
    import subprocess
    import sys

    sweep = ["-m", "scenario=kazakhstan_2022,kyrgyzstan_2010", "decision.weights.cost=0,1",
             f"replications={replications}", "output.plots=false", "output.print_table=false", "progress=false"]
    times = {}
    for name, launcher in (("serial", []), ("joblib", ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2"])):
        cmd = [sys.executable, "-m", "sim", *sweep, *launcher, f"hydra.sweep.dir={workdir / name}"]
        times[name] = timed(lambda cmd=cmd: subprocess.run(cmd, check=True, capture_output=True, cwd=workdir))
    return {"hydra_sweep_serial_s": round(times["serial"], 2), "hydra_sweep_joblib_s": round(times["joblib"], 2),
            "hydra_sweep_speedup": round(times["serial"] / times["joblib"], 2),
            "hydra_sweep_workload": f"4 jobs x {replications} reps"}


def sobol_experiment(outdir: Path, n: int, replications: int, jobs: int) -> dict[str, float]:
    """Wall time of the Sobol experiment as experiments/sensitivity.py runs it."""
    from sim.explore import design as ex
    from sim.explore import sensitivity
    from sim.outputs.explore_plots import sensitivity_figure
    from sim.outputs.plots import save

    settings = ex.load_settings()
    rng, sec = ex.ranges(settings), ex.section(settings, "sensitivity", quick=False)
    start = time.perf_counter()
    specs = ex.load_specs(ex.scenario_names(sec.scenarios), list(settings.overrides))
    design = sensitivity.design(rng, "sobol", n, settings.seed, sec.calc_second_order)
    ex.run_design(design, specs, replications, settings.seed, outdir, settings.batch_points, jobs)
    experiments, outcomes, _ = ex.load_results(outdir)
    indices = sensitivity.analyse(rng, experiments, outcomes, "sobol", settings.seed, sec.calc_second_order)
    save(sensitivity_figure(indices, "sobol"), str(outdir / "sensitivity.png"))
    return {"sobol_wall_s": round(time.perf_counter() - start, 1), "sobol_points": len(design),
            "sobol_replications": replications, "sobol_scenarios": len(specs), "sobol_jobs": jobs}


def peak_memory(spec: ModelSpec, outdir: Path, points: int, replications: int, batch_points: int) -> float:
    """Peak traced memory (MB) of evaluating `points` points and streaming the results to disk."""
    import pandas as pd

    from sim.explore import design as ex
    from sim.model import decision as d

    design = pd.DataFrame(np.random.default_rng(0).uniform(0, 3, (points, len(d.TERMS))), columns=list(d.TERMS))
    tracemalloc.start()
    ex.run_design(design, {spec.crisis.id: spec}, replications, 1, outdir, batch_points, jobs=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def sweep_figures(spec: ModelSpec, args: argparse.Namespace) -> dict[str, object]:
    figures: dict[str, object] = joblib_speedup(spec, args.speedup_points, args.speedup_replications,
                                                repeats=args.repeats, spin_n=args.cpu_reference_n)
    with tempfile.TemporaryDirectory(prefix="sim-bench-") as tmp:
        figures.update(hydra_sweep_speedup(Path(tmp), args.hydra_replications))
        figures.update(sobol_experiment(Path(tmp) / "sobol", args.sobol_n, args.sweep_replications, jobs=2))
        n = args.memory_points
        figures[f"peak_mb_{n}_points"] = peak_memory(spec, Path(tmp) / "m1", n, args.sweep_replications, 500)
        figures[f"peak_mb_{2 * n}_points"] = peak_memory(spec, Path(tmp) / "m2", 2 * n, args.sweep_replications, 500)
    figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def cluster_figures(samples: int) -> dict[str, object]:
    """One calibration serial, on joblib and on a local Dask cluster: times, ratios, identity."""
    import pandas as pd

    from sim.calibration.fit import calibrate
    from sim.runs import engine

    base = ["progress=false", "plots=false", "write_config=false", f"search.samples={samples}"]
    serial_cfg = compose_config(base, "calibrate")
    start = time.perf_counter()
    serial = calibrate(serial_cfg)
    serial_s = time.perf_counter() - start
    start = time.perf_counter()
    pooled = calibrate(compose_config([*base, "jobs=2"], "calibrate"))
    joblib_s = time.perf_counter() - start
    start = time.perf_counter()
    with engine.use({"local_workers": 2}):
        up_s = time.perf_counter() - start
        start = time.perf_counter()
        clustered = calibrate(serial_cfg)
        cluster_s = time.perf_counter() - start

    def same(a, b) -> bool:
        try:
            pd.testing.assert_frame_equal(a.samples, b.samples)
        except AssertionError:
            return False
        return bool(np.array_equal(a.accepted_points, b.accepted_points)) and a.selected == b.selected

    return {"calibration_samples": samples, "episodes": len(serial.report["episodes"]),
            "n_accepted": int(serial.report["n_accepted"]), "serial_s": round(serial_s, 2),
            "joblib_2_s": round(joblib_s, 2), "cluster_2_s": round(cluster_s, 2),
            "cluster_start_s": round(up_s, 2), "cluster_over_serial": round(cluster_s / serial_s, 3),
            "cluster_overhead_vs_joblib": round(cluster_s / joblib_s - 1.0, 3),
            "identical": same(serial, clustered) and same(serial, pooled)}


def main(argv: list[str] | None = None) -> None:
    parser = OneLineArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lanes", type=int, default=10_000, help="R for the vector-lane model")
    parser.add_argument("--singles", type=int, default=2_000, help="single-lane models to time")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="add the sweep figures (speed-up, Sobol, memory)")
    parser.add_argument("--sobol-n", type=int, default=1024, help="Sobol base sample N (points: N*(2D+2))")
    parser.add_argument("--sweep-replications", type=int, default=100, help="replications per parameter point")
    parser.add_argument("--speedup-points", type=int, default=8000, help="design points for the joblib speed-up")
    parser.add_argument("--speedup-replications", type=int, default=400, help="replications for the speed-up")
    parser.add_argument("--cpu-reference-n", type=int, default=2_000_000, help="size of the pure-CPU reference task")
    parser.add_argument("--hydra-replications", type=int, default=100_000,
                        help="replications per job of the 4-job Hydra sweep timed serial vs joblib")
    parser.add_argument("--memory-points", type=int, default=5000, help="N for the N vs 2N memory figure")
    parser.add_argument("--cluster", action="store_true",
                        help="only the cluster figures: a calibration serial, on joblib, on a local Dask cluster")
    parser.add_argument("--cluster-samples", type=int, default=16_384, help="prior points of that calibration")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. scenario=kyrgyzstan_2010")
    args = parser.parse_args(argv)
    for name in ("lanes", "singles", "repeats", "sobol_n", "sweep_replications", "speedup_points",
                 "speedup_replications", "cpu_reference_n", "hydra_replications", "memory_points", "cluster_samples"):
        value = getattr(args, name)
        if value < 1:  # `--repeats 0` printed a ratio of 0 as if measured
            parser.exit(2, f"error: --{name.replace('_', '-')} = {value}: a whole number >= 1\n")
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from sim.cli import input_errors, precheck
    from sim.inputs.schema import register_configs

    register_configs()
    problem = precheck(list(args.overrides))  # a bad override is one line, as in `python -m sim`
    if problem:
        parser.exit(2, f"error: {problem}\n")
    with input_errors(InputError("--lanes", "out of memory", "lower --lanes or the sweep sizes")):
        run_bench(args)


def run_bench(args: argparse.Namespace) -> None:
    """Check the sizes against memory, then measure and print one JSON line."""
    if args.cluster:
        print(json.dumps({**cluster_figures(args.cluster_samples), "python": platform.python_version(),
                          "cpus": os.cpu_count()}))
        return
    spec = load_spec(args.overrides)
    members = len(spec.members)
    for name in ("lanes", "hydra_replications", "sweep_replications", "speedup_replications"):
        check_memory(getattr(args, name), members, key="--" + name.replace("_", "-"))
    figures: dict[str, object] = dict(measure(spec, args.lanes, args.singles, args.repeats))  # then more than times
    if args.sweep:
        figures.update(sweep_figures(spec, args))
    figures.update({"R": args.lanes, "singles_timed": args.singles, "scenario": spec.crisis.id,
                    "python": platform.python_version(), "cpus": os.cpu_count()})
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
