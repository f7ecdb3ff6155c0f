"""The benchmark runs and prints its figures as one JSON line (no timing is asserted here)."""

import json

import pytest

from sim import bench
from sim.model import decision as d


def test_bench_prints_one_json_line(capsys):
    bench.main(["--lanes", "500", "--singles", "20", "--repeats", "1"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert {"lanes_per_s", "single_per_s", "ratio"} <= set(figures)
    assert figures["ratio"] == pytest.approx(figures["lanes_per_s"] / figures["single_per_s"], rel=0.01)


@pytest.mark.filterwarnings("ignore:Constant values encountered")  # a tiny Sobol design
def test_bench_sweep_adds_speedup_sobol_and_memory_figures(capsys):
    bench.main(["--lanes", "200", "--singles", "5", "--repeats", "1", "--sweep", "--sobol-n", "4",
                "--sweep-replications", "5", "--speedup-points", "16", "--speedup-replications", "5",
                "--memory-points", "20", "--hydra-replications", "50", "--cpu-reference-n", "1000"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert {"ratio", "joblib_speedup", "cpu_reference_speedup", "sobol_wall_s", "peak_mb_20_points",
            "peak_mb_40_points", "hydra_sweep_speedup"} <= set(figures)
    assert figures["sobol_points"] == 4 * (2 * len(d.TERMS) + 2)  # configs/experiments.yaml sweeps every weight
    assert figures["joblib_speedup"] > 0 and figures["sobol_wall_s"] > 0 and figures["peak_mb_20_points"] > 0
