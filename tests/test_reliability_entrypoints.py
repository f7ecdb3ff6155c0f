"""One-line errors in every entry point (issue 24): calibrate, ensemble, collect, bench and the
experiments scripts refuse bad input in one line, status 2, before any work, never a traceback."""

from __future__ import annotations

import importlib.util
import time

import numpy as np
import pandas as pd
import pytest
from conftest import CALIBRATION_SMALL, PROJECT, make_calibrate_cfg, run_module

from sim import bench
from sim import collect as collect_command
from sim.calibrate import check_config_path
from sim.calibration.fit import PARAMETERS
from sim.calibration.forecast import accepted_values, forecast
from sim.calibration.pipeline import check_calibration_size
from sim.errors import InputError
from sim.inputs.compose import compose_config
from sim.runs import collect, engine

HUGE = "10000000000000"


def _one_line(err: str, start: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), err


def test_an_unwritable_config_path_is_refused_before_the_calibration_runs(tmp_path):
    (tmp_path / "file").write_text("x")
    cfg = make_calibrate_cfg(*CALIBRATION_SMALL, f"config_path={tmp_path / 'file' / 'c.yaml'}")
    with pytest.raises(InputError, match=r"config_path = '.*c\.yaml': a file that can be written \(output directory"):
        check_config_path(cfg)
    with pytest.raises(InputError, match="not a folder"):
        check_config_path(make_calibrate_cfg(*CALIBRATION_SMALL, f"config_path={tmp_path}"))
    check_config_path(make_calibrate_cfg(*CALIBRATION_SMALL, f"config_path={tmp_path / 'new' / 'c.yaml'}"))


def test_the_calibrate_command_refuses_an_unwritable_config_path_in_seconds(tmp_path):
    (tmp_path / "file").write_text("x")
    start = time.perf_counter()
    proc = run_module("sim.calibrate", f"config_path={tmp_path / 'file' / 'c.yaml'}", "progress=false",
                      f"hydra.run.dir={tmp_path / 'run'}", cwd=tmp_path)
    assert proc.returncode == 2
    _one_line(proc.stderr, "error: config_path = ")
    assert time.perf_counter() - start < 60 and not (tmp_path / "run").exists()  # a full calibration takes minutes


@pytest.mark.parametrize("key", ["samples", "replications", "block_lanes"])
def test_calibration_sizes_beyond_memory_are_refused_before_allocating(key):
    cfg = make_calibrate_cfg(*CALIBRATION_SMALL, f"search.{key}={HUGE}")
    with pytest.raises(InputError, match=rf"search\.{key} = {HUGE}: at most [\d,]+ fit in the"):
        check_calibration_size(cfg)
    check_calibration_size(make_calibrate_cfg(*CALIBRATION_SMALL))


def test_an_unreachable_cluster_address_fails_fast_in_one_line():
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"cluster\.address = 'tcp://127\.0\.0\.1:9': a running Dask scheduler; "
                                         r"no answer within cluster\.connect_timeout_s = 1 s"):
        with engine.use({"address": "tcp://127.0.0.1:9", "connect_timeout_s": 1}):
            pass
    assert time.perf_counter() - start < 15
    with pytest.raises(InputError, match=r"cluster\.connect_timeout_s = 0"):
        engine.check({"connect_timeout_s": 0})


def _samples(tmp_path, **change) -> str:
    table = pd.DataFrame({name: [0.5, 1.0] for name in PARAMETERS} | {"accepted": [True, True]})
    table["ad_hoc_cost_multiplier"] = [1.0, 2.0]
    for name, values in change.items():
        table[name] = values
    path = tmp_path / "samples.parquet"
    table.to_parquet(path)
    return path


@pytest.mark.parametrize("change, message", [
    ({"accepted": [False, False]}, r"samples = '.*': a samples table with at least one accepted point"),
    ({"cost": [0.5, np.nan]}, r"samples\.cost = nan: finite numbers >= 0 in every accepted row \(1 are not\)"),
    ({"cost": [-1.0, 0.5]}, r"samples\.cost = -1\.0: finite numbers >= 0"),
])
def test_an_empty_or_nan_or_negative_samples_table_is_refused(tmp_path, change, message):
    with pytest.raises(InputError, match=message):
        accepted_values(_samples(tmp_path, **change), 100, 1)
    assert len(accepted_values(_samples(tmp_path), 100, 1)["cost"]) == 2


def test_an_empty_parquet_file_is_refused(tmp_path):
    path = tmp_path / "samples.parquet"
    pd.DataFrame({name: pd.Series(dtype=float) for name in (*PARAMETERS, "accepted")}).to_parquet(path)
    with pytest.raises(InputError, match="at least one accepted point"):
        accepted_values(path, 100, 1)


def test_ensemble_replications_beyond_memory_are_refused_before_reading_samples(tmp_path):
    cfg = compose_config([f"replications_per_point={HUGE}", f"samples={tmp_path / 'none.parquet'}"], "ensemble")
    with pytest.raises(InputError, match=rf"replications_per_point = {HUGE}: at most"):
        forecast(cfg)


def _sweep_with_one_job(tmp_path, multirun_yaml: str | None):
    root = tmp_path / "sweep"
    (root / "0_seed=1").mkdir(parents=True)
    if multirun_yaml is not None:
        (root / "multirun.yaml").write_text(multirun_yaml)
    return root


@pytest.mark.parametrize("definition, message", [
    (None, "multirun.yaml is missing: the sweep's definition"),
    ("hydra: [\n", "multirun.yaml cannot be read"),
    ("hydra: {}\n", "multirun.yaml holds no hydra.overrides.task list (malformed)"),
])
def test_collect_without_a_readable_multirun_yaml_is_one_line(tmp_path, capsys, definition, message):
    root = _sweep_with_one_job(tmp_path, definition)
    with pytest.raises(SystemExit) as exit_info:
        collect_command.main([str(root)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    _one_line(err, "error: ")
    assert message in err and "--partial" in err


def test_collect_on_an_unreadable_folder_is_one_line(tmp_path, capsys, monkeypatch):
    root = _sweep_with_one_job(tmp_path, None)

    def denied(_root):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(collect, "job_dirs", denied)  # as root, chmod cannot make a folder unreadable
    with pytest.raises(SystemExit) as exit_info:
        collect_command.main([str(root)])
    assert exit_info.value.code == 2
    _one_line(capsys.readouterr().err, f"error: multirun dir = '{root}': a readable directory (Permission denied)")


@pytest.mark.parametrize("args, start", [
    (["--lanes", "abc"], "error: argument --lanes: invalid int value: 'abc'"),
    (["--bogus"], "error: unrecognized arguments: --bogus"),
    (["--lanes", HUGE], f"error: --lanes = {HUGE}: at most"),
    (["foo=1"], "error: foo = 'unknown key': allowed keys: mode,"),
    (["scenario.requester=XYZ"], "error: scenario.requester = 'XYZ': a member on"),
    (["--singles", "-1"], "error: --singles = -1: a whole number >= 1"),
])
def test_every_bad_bench_argument_is_one_line(args, start, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench.main(args)
    assert exit_info.value.code == 2
    _one_line(capsys.readouterr().err, start)


def _experiment(name: str):
    spec = importlib.util.spec_from_file_location(f"experiment_{name}", PROJECT / "experiments" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("text, start", [
    ("x: [\n", "error: experiment config = "),
    ("- 1\n", "error: experiment config = "),
    ("weights: 3\n", "error: weights = 3: a mapping"),
    ("seed: abc\nweights: {cost: [0, 3]}\n", "error: seed = 'abc': a whole number >= 0"),
])
@pytest.mark.parametrize("name", ["heatmap", "sensitivity", "discovery"])
def test_an_experiment_with_a_bad_config_is_one_line(tmp_path, capsys, name, text, start):
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    with pytest.raises(SystemExit) as exit_info:
        _experiment(name).main(["--quick", "--config", str(config), "--out", str(tmp_path / "out"), "--no-progress"])
    assert exit_info.value.code == 2
    _one_line(capsys.readouterr().err, start)
    assert not (tmp_path / "out").exists()


def test_the_targets_experiment_refuses_bad_arguments_in_one_line(capsys):
    module = _experiment("targets")
    for args, start in ((["--replications", HUGE], f"error: --replications = {HUGE}: at most"),
                        (["--bogus"], "error: unrecognized arguments: --bogus")):
        with pytest.raises(SystemExit) as exit_info:
            module.main(args)
        assert exit_info.value.code == 2
        _one_line(capsys.readouterr().err, start)
