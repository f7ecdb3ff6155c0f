"""`python -m sim.bench`: replications per second, vector lanes vs single-lane models.

Prints one JSON line: lanes_per_s (one model with R lanes), single_per_s (models with one lane
each, as a plain Mesa run would do), and their ratio, all measured in the same run so machine
load affects both alike. Target: ratio >= 100 at R = 10,000.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import time

from hydra import compose, initialize_config_dir

from sim.cli import CONFIG_DIR
from sim.config import build_spec, register_configs
from sim.model import ModelSpec, run_lanes


def load_spec(overrides: list[str]) -> ModelSpec:
    register_configs()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return build_spec(compose("config", overrides=overrides))


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lanes", type=int, default=10_000, help="R for the vector-lane model")
    parser.add_argument("--singles", type=int, default=2_000, help="single-lane models to time")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. scenario=kyrgyzstan_2010")
    args = parser.parse_args(argv)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    spec = load_spec(args.overrides)
    figures = measure(spec, args.lanes, args.singles, args.repeats)
    figures.update({"R": args.lanes, "singles_timed": args.singles, "scenario": spec.crisis.id,
                    "python": platform.python_version(), "cpus": os.cpu_count()})
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
