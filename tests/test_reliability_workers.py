"""Bounded workers everywhere (issue 24), the same rule as `jobs`: the joblib launcher, local Dask
workers, experiments --jobs; and a sweep subdir that does not differ per job is refused."""

from __future__ import annotations

import importlib.util
import os

import pytest
from conftest import PROJECT

from sim.cli import precheck
from sim.errors import InputError
from sim.inputs.schema import register_configs
from sim.runs import engine

CORES = os.cpu_count() or 1


@pytest.mark.parametrize("args, message", [
    (["-m", "hydra/launcher=joblib", "hydra.launcher.n_jobs=1000", "seed=1,2"],
     f"hydra.launcher.n_jobs = 1000: a whole number in [1, {CORES}] (this machine has {CORES} cores)"),
    (["-m", "hydra/launcher=joblib", "hydra.launcher.n_jobs=0", "seed=1,2"],
     "hydra.launcher.n_jobs = 0: a whole number in"),
    (["-m", "hydra/launcher=joblib", "hydra.launcher.n_jobs=many", "seed=1,2"], "hydra.launcher.n_jobs = 'many'"),
    (["-m", "seed=1,2", "hydra.sweep.subdir=same"], "hydra.sweep.subdir = 'same': a folder name that differs per job: "
     "include ${hydra.job.num}"),
    (["-m", "seed=1,2", "hydra.sweep.subdir=run_${now:%H}"], "hydra.sweep.subdir = 'run_${now:%H}'"),
])
def test_unbounded_launchers_and_a_constant_subdir_are_refused_before_running(args, message):
    assert (precheck(args) or "").startswith(message)


def test_a_per_job_subdir_and_bounded_launcher_workers_pass():
    register_configs()  # as `python -m sim` does on import
    assert precheck(["-m", "seed=1,2", "hydra.sweep.subdir=s${hydra.job.num}",
                     f"hydra.launcher.n_jobs={CORES}", "hydra/launcher=joblib"]) is None


def test_local_dask_workers_are_bounded_like_jobs():
    with pytest.raises(InputError, match=rf"cluster.local_workers = 1000: a whole number in \[1, {CORES}\]"):
        engine.check({"local_workers": 1000})
    assert engine.check({"local_workers": 1000}, force=True).local_workers == 1000
    assert engine.check({"local_workers": 0}).local_workers == 0


def test_experiments_jobs_above_the_cores_is_one_line(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("experiment_heatmap", PROJECT / "experiments" / "heatmap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(SystemExit) as exit_info:
        module.main(["--quick", "--jobs", "1000", "--out", str(tmp_path / "out"), "--no-progress"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: --jobs = 1000: a whole number in [1, {CORES}]") and "\n" not in err
    assert not (tmp_path / "out").exists()
