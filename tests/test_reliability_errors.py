"""Errors are one line and leave nothing behind (issue 14): under -m and --cfg, in sweeps and runs
outside the working directory, for unwritable outputs, for each entry's own keys."""

import pytest
from conftest import run_module, sim


def _one_line(proc, needle):
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode != 0
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    return lines[0]


@pytest.mark.parametrize("args, needle", [
    (["-m", "scenario=bogus"], "scenario = 'bogus': unknown; allowed: armenia_2016, armenia_2020, armenia_2021"),
    (["-m", "foo=1,2"], "foo = 'unknown key': allowed keys: mode,"),
    (["-m", "scenario=kazakhstan_2022,bogus", "seed=1,2"], "scenario = 'bogus'"),
    (["-m", "decision.weights.cost=1,abc"], "decision.weights.cost = 'abc': a number >= 0"),
    (["--multirun", "decision.weights.typo=0,1"], "allowed keys: front, regime"),
    (["--cfg", "job", "scenario=bogus"], "scenario = 'bogus'"),
    (["--cfg", "hydra", "foo=1"], "foo = 'unknown key': allowed keys: mode,"),
    (["-m", "--cfg", "all", "seed=1,x"], "seed = 'x': a whole number >= 0"),
    # an unknown key under a mapping is refused, not stored and ignored
    (["+decision.weights.foo=1"], "decision.weights = 'foo': allowed: alone, cost"),
    # an unknown adversary would have had no ties at all, silently
    (["scenario.adversary=ZZZ"], "scenario.adversary = 'ZZZ': null or a known actor; allowed: AFG"),
])
def test_multirun_and_cfg_errors_are_one_line_and_leave_nothing(tmp_path, args, needle):
    _one_line(sim(*args, cwd=tmp_path), needle)
    assert not list(tmp_path.iterdir())  # no multirun/<name>/multirun.yaml, no outputs/


def test_help_and_info_pass_through(tmp_path):
    assert sim("--help", "-m", cwd=tmp_path).returncode == 0
    assert sim("--info", "defaults", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("module, needle", [
    ("sim.calibrate", "foo = 'unknown key': allowed keys: alliance, decision, prior, search,"),
    ("sim.ensemble", "foo = 'unknown key': allowed keys: mode,"),
])
def test_each_entry_lists_its_own_keys(tmp_path, module, needle):
    line = _one_line(run_module(module, "foo=1", cwd=tmp_path), needle)
    if module == "sim.ensemble":
        assert "samples" in line and "max_points" in line
    assert not list(tmp_path.iterdir())


def test_a_failed_sweep_outside_the_working_directory_leaves_nothing(tmp_path):
    cwd, elsewhere = tmp_path / "cwd", tmp_path / "elsewhere"
    cwd.mkdir()
    proc = sim("-m", "scenario.requester=XYZ,KAZ", "replications=200", "output.plots=false",
               f"hydra.sweep.dir={elsewhere / 'deep' / 'sweep'}", cwd=cwd)
    _one_line(proc, "scenario.requester = 'XYZ'")
    assert not elsewhere.exists() and not list(cwd.iterdir())


def test_a_failed_run_outside_the_working_directory_leaves_nothing(tmp_path):
    cwd, elsewhere = tmp_path / "cwd", tmp_path / "elsewhere"
    cwd.mkdir()
    proc = sim("scenario.requester=XYZ", f"hydra.run.dir={elsewhere / 'a' / 'run'}", cwd=cwd)
    _one_line(proc, "scenario.requester = 'XYZ'")
    assert not elsewhere.exists()


def test_an_unwritable_output_directory_is_one_line_before_the_run(tmp_path):
    proc = sim("replications=200", "hydra.run.dir=/proc/sim-not-writable/run", cwd=tmp_path)
    _one_line(proc, "output directory /proc/sim-not-writable/run is not writable")
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    proc = sim("replications=200", f"hydra.run.dir={blocker / 'run'}", cwd=tmp_path)
    _one_line(proc, "is a file, not a directory")


def test_ensemble_with_an_unreadable_samples_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_text("not parquet")
    proc = run_module("sim.ensemble", f"samples={bad}", f"hydra.run.dir={tmp_path / 'out'}", cwd=tmp_path)
    _one_line(proc, f"samples = '{bad}': a samples.parquet from `python -m sim.calibrate`; this file could not")
    assert not (tmp_path / "out").exists()


def test_a_group_choice_never_loads_a_file_outside_configs(tmp_path):
    """`scenario=../../../elsewhere/evil` named an existing YAML outside configs/ and ran it (issue 24)."""
    import os

    from sim.inputs.paths import SCENARIO_DIR

    evil = tmp_path / "elsewhere" / "evil.yaml"
    evil.parent.mkdir()
    evil.write_text((SCENARIO_DIR / "kazakhstan_2022.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    rel = os.path.relpath(evil.with_suffix(""), SCENARIO_DIR)
    work = tmp_path / "work"
    work.mkdir()
    _one_line(sim(f"scenario={rel}", "replications=50", cwd=work), f"scenario = '{rel}': unknown; allowed")
    _one_line(sim("-m", f"scenario=kazakhstan_2022,{rel}", "replications=50", cwd=work), "unknown; allowed")
    assert not list(work.iterdir())  # nothing ran, nothing written


@pytest.mark.parametrize("flag", ["--repeats", "--lanes", "--singles"])
def test_bench_refuses_counts_below_one_in_one_line(tmp_path, flag):
    """`sim.bench --repeats 0` printed a ratio of 0 as if it had been measured (issue 24)."""
    proc = run_module("sim.bench", flag, "0", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip() == f"error: {flag} = 0: a whole number >= 1"

