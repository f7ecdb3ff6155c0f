"""Sweeps as a user runs them: a sweep directory named by the command, resume, serial == joblib."""

import pandas as pd
from conftest import sim

from sim.runs import collect
from sim.runs.sweep import finished, sweep_name, with_default_sweep_dir

# decision=default: the hand-set weights, so the sweep does not depend on the state of the calibration
SWEEP = ["-m", "scenario=kazakhstan_2022,kyrgyzstan_2010", "decision=default", "decision.weights.cost=0,1.5",
         "replications=200", "output.plots=false", "output.print_table=false"]



def test_sweep_name_ignores_order_and_run_only_overrides():
    a = sweep_name(["-m", "scenario=a,b", "decision.weights.cost=0,1", "jobs=2", "hydra/launcher=joblib"])
    b = sweep_name(["decision.weights.cost=0,1", "progress=false", "scenario=a,b", "-m"])
    assert a == b == "decision.weights.cost=0,1__scenario=a,b"
    assert len(sweep_name([f"decision.weights.cost={'1,' * 200}1"])) <= 120


def test_default_sweep_dir_only_for_multirun_and_never_over_an_explicit_one():
    assert with_default_sweep_dir(["scenario=x"]) == ["scenario=x"]
    assert with_default_sweep_dir(["-m", "hydra.sweep.dir=here"]) == ["-m", "hydra.sweep.dir=here"]
    assert with_default_sweep_dir(["-m", "seed=1,2"])[-1] == "hydra.sweep.dir='multirun/seed=1,2'"


def test_rerunning_a_sweep_skips_finished_jobs(tmp_path):
    first = sim(*SWEEP[:3], "replications=200", "output.plots=false", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    sweep_dir = tmp_path / "multirun" / "decision=default__replications=200__scenario=kazakhstan_2022,kyrgyzstan_2010"
    jobs = sorted(p for p in sweep_dir.iterdir() if p.is_dir())
    assert len(jobs) == 2 and all(finished(j) for j in jobs)
    (jobs[1] / "summary.json").unlink()  # as if the sweep had been killed during job 1
    second = sim(*SWEEP[:3], "replications=200", "output.plots=false", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert f"skipping {jobs[0]}: finished" in second.stdout
    assert "skipping" not in second.stdout.replace(f"skipping {jobs[0]}", "")
    assert finished(jobs[1])


def test_serial_joblib_and_submitit_sweeps_give_identical_tables(tmp_path):
    """The submitit launcher through its local executor: the path a SLURM sweep takes (docs/cluster.md)."""
    tables = []
    for name, launcher in (("serial", []), ("joblib", ["hydra/launcher=joblib", "hydra.launcher.n_jobs=2"]),
                           ("submitit", ["hydra/launcher=submitit_local"])):
        proc = sim(*SWEEP, *launcher, f"hydra.sweep.dir={tmp_path / name}", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        result = collect.collect(tmp_path / name)
        assert len(result.summary) == 4 and not result.incomplete
        tables.append(result.table)
    pd.testing.assert_frame_equal(tables[0], tables[1])
    pd.testing.assert_frame_equal(tables[0], tables[2])
