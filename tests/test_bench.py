"""The benchmark runs and prints its figures as one JSON line (no timing is asserted here)."""

import json

import pytest

from sim import bench


def test_bench_prints_one_json_line(capsys):
    bench.main(["--lanes", "500", "--singles", "20", "--repeats", "1"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert {"lanes_per_s", "single_per_s", "ratio"} <= set(figures)
    assert figures["ratio"] == pytest.approx(figures["lanes_per_s"] / figures["single_per_s"], rel=0.01)
