"""sim.runs.engine: chunks on a Dask cluster give what a serial run gives; failures are retried,
then reported; a re-run computes only the missing chunks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import CALIBRATION_SMALL, make_spec

from sim.calibration.fit import calibrate
from sim.errors import InputError
from sim.explore import design as ex
from sim.explore import sensitivity
from sim.inputs.compose import compose_config
from sim.runs import engine


@pytest.fixture(scope="module")
def scheduler():
    """A local Dask cluster started by the test: two worker processes, as on these two cores."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _square(i: int, calls: str) -> np.ndarray:
    """A chunk that records each call (a file per call), so a test can count what ran."""
    Path(calls, f"{i}-{len(list(Path(calls).glob(f'{i}-*')))}").touch()
    return np.array([i * i])


def _flaky(i: int, marks: str, always: bool = False) -> np.ndarray:
    """Fails on its first attempt (or always); succeeds on a retry."""
    mark = Path(marks, str(i))
    if always or not mark.exists():
        mark.touch()
        raise RuntimeError(f"chunk {i} lost its worker")
    return np.array([i])


def test_a_calibration_on_the_cluster_equals_the_serial_one(scheduler):
    cfg = compose_config([*CALIBRATION_SMALL, "plots=false", "write_config=false"], "calibrate")
    serial = calibrate(cfg)
    with engine.use({"address": scheduler}):
        on_cluster = calibrate(cfg)
    np.testing.assert_array_equal(serial.accepted_points, on_cluster.accepted_points)
    pd.testing.assert_frame_equal(serial.samples, on_cluster.samples)
    assert serial.selected == on_cluster.selected


def test_sobol_indices_on_the_cluster_equal_the_serial_ones(scheduler, tmp_path):
    settings = ex.load_settings()
    rng = ex.ranges(settings)
    design = sensitivity.design(rng, "sobol", 8, 3, False, 4)
    specs = {"kazakhstan_2022": make_spec("scenario=kazakhstan_2022", "decision=default")}
    indices = []
    for name, cluster in (("serial", None), ("cluster", {"address": scheduler})):
        out = ex.run_design(design, specs, 20, 3, tmp_path / name, batch_points=37, cluster=cluster)
        experiments, outcomes, meta = ex.load_results(out)
        indices.append(sensitivity.analyse(rng, experiments, outcomes, "sobol", 3, False, 4))
    pd.testing.assert_frame_equal(indices[0], indices[1])


def test_a_failed_chunk_is_retried_once(scheduler, tmp_path):
    with engine.use({"address": scheduler, "retries": 1}):
        got = list(engine.run_chunks(_flaky, [(i, str(tmp_path)) for i in range(4)]))
    assert [int(g[0]) for g in got] == [0, 1, 2, 3]


def test_a_chunk_that_keeps_failing_is_reported_and_the_rest_kept_for_a_rerun(scheduler, tmp_path):
    cache, marks, calls = tmp_path / "cache", tmp_path / "marks", tmp_path / "calls"
    marks.mkdir()
    calls.mkdir()
    tasks = [(i, str(marks), i == 2) for i in range(5)]
    with pytest.raises(engine.ChunkFailure, match=r"1 of 5 chunks failed after 1 retry \(first: chunk 2"):
        with engine.use({"address": scheduler, "retries": 1, "cache_dir": str(cache)}):
            list(engine.run_chunks(_flaky, tasks))
    assert len(list(cache.glob("*.joblib"))) == 4  # every finished chunk kept
    # the re-run (the cause fixed) loads the four and computes only the missing one
    fixed = [(i, str(calls)) for i in range(5)]
    with engine.use({"address": scheduler, "cache_dir": str(cache / "squares")}):
        list(engine.run_chunks(_square, fixed[:3]))
    with engine.use({"address": scheduler, "cache_dir": str(cache / "squares")}):
        got = list(engine.run_chunks(_square, fixed))
    assert [int(g[0]) for g in got] == [0, 1, 4, 9, 16]
    assert sorted(p.name for p in calls.iterdir()) == ["0-0", "1-0", "2-0", "3-0", "4-0"]  # none ran twice


def test_the_cache_works_without_a_cluster_too(tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    tasks = [(i, str(calls)) for i in range(3)]
    with engine.use({"cache_dir": str(tmp_path / "cache")}):
        first = list(engine.run_chunks(_square, tasks))
    with engine.use({"cache_dir": str(tmp_path / "cache")}):
        second = list(engine.run_chunks(_square, tasks, jobs=2))
    assert [int(a[0]) for a in first] == [int(b[0]) for b in second] == [0, 1, 4]
    assert len(list(calls.iterdir())) == 3
    assert not list((tmp_path / "cache").glob(".*"))  # no partial chunk file left


def test_a_scenario_run_is_served_from_the_cache(tmp_path):
    """A scenario's chunks are LaneResults (a dataclass of arrays), not arrays: a second run with the
    same cache computes nothing and gives the same tables."""
    from sim.runs import scenario

    cache = tmp_path / "cache"
    spec = scenario.check_scenario_run(compose_config(["scenario=kazakhstan_2022"]))
    with engine.use({"cache_dir": str(cache)}):
        first = scenario.simulate(spec, 400, 7, chunk_size=200)
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 2 and all(f.endswith(".joblib") for f in files)
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    with engine.use({"cache_dir": str(cache)}):
        second = scenario.simulate(spec, 400, 7, chunk_size=200)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps  # loaded, none rewritten
    for a, b in zip(first, second):
        pd.testing.assert_frame_equal(a, b)


def test_no_engine_means_joblib_or_serial_as_before():
    with engine.use(None) as active:
        assert active is None
        assert [int(x[0]) for x in engine.run_chunks(np.atleast_1d, [(1,), (2,)], jobs=2)] == [1, 2]


@pytest.mark.parametrize("cluster, field", [
    ({"address": "localhost"}, "cluster.address"),
    ({"local_workers": -1}, "cluster.local_workers"),
    ({"retries": 1.5}, "cluster.retries"),
    ({"address": "tcp://h:1", "local_workers": 2}, "cluster.local_workers"),
])
def test_bad_cluster_settings_are_one_line_errors(cluster, field):
    with pytest.raises(InputError, match=field):
        with engine.use(cluster):
            pass


def test_the_calibrate_command_refuses_a_bad_cluster_in_one_line(tmp_path):
    from conftest import run_module

    proc = run_module("sim.calibrate", "cluster.address=localhost", f"hydra.run.dir={tmp_path / 'run'}", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("error: cluster.address = 'localhost'")
    assert not (tmp_path / "run" / "calibration.json").exists()
