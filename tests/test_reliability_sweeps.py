"""Everything validated before any job starts (issue 24): every job of a sweep is composed and
checked (run-time checks too) before job 0 runs, `--cfg job` runs the same checks, an interval
sweep is one line."""

from __future__ import annotations

import pytest
from conftest import sim
from hydra import initialize_config_dir

from sim.cli import precheck
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import register_configs
from sim.runs.sweep_check import job_configs


def _one_line(proc, needle: str) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    return lines[0]


def test_every_job_of_a_sweep_is_composed_with_its_own_values():
    register_configs()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        jobs = list(job_configs(["scenario=kazakhstan_2022,kyrgyzstan_2010", "seed=range(1,4)",
                                 "decision.weights.cost=0.5", "hydra.launcher.n_jobs=1"]))
    assert len(jobs) == 6
    got = {(cfg.scenario.id, cfg.seed, cfg.decision.weights.cost) for _, cfg in jobs}
    assert got == {(s, k, 0.5) for s in ("kazakhstan_2022", "kyrgyzstan_2010") for k in (1, 2, 3)}


def test_a_bad_pair_that_only_a_later_job_holds_is_refused_before_any_job():
    """Each value is fine in the first jobs (kazakhstan_2022 with RUS, azerbaijan_armenia_1993 with
    AZE); only the pair kazakhstan_2022 x AZE (AZE left in 1999) fails: the whole product is checked."""
    problem = precheck(["-m", "scenario=kazakhstan_2022,azerbaijan_armenia_1993", "scenario.requester=RUS,AZE"])
    assert problem is not None and problem.startswith("scenario.requester = 'AZE': a member on 2022-01-05")


def test_a_bad_value_in_a_later_job_fails_before_job_0_writes_anything(tmp_path):
    proc = sim("-m", "scenario=kazakhstan_2022,kyrgyzstan_2010", "decision.weights.cost=1,-5",
               "replications=100", "output.plots=false", cwd=tmp_path)
    _one_line(proc, "decision.weights.cost = -5.0: a number >= 0")
    assert "kazakhstan_2022" not in proc.stdout  # job 0's table was printed before the error
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("args, needle", [
    (["--cfg", "job", "jobs=1000"], "jobs = 1000: a whole number in [1, "),
    (["--cfg", "job", "scenario.requester=AZE"], "scenario.requester = 'AZE': a member on 2022-01-05"),
    (["-m", "decision.weights.cost=interval(0,1)"], "decision.weights.cost = 'interval(0,1)': a list (a,b,c) "
     "or range(start,stop[,step]) under -m"),
])
def test_cfg_job_runs_the_run_time_checks_and_an_interval_sweep_is_one_line(tmp_path, args, needle):
    proc = sim(*args, cwd=tmp_path)
    _one_line(proc, needle)
    assert "scenario:" not in proc.stdout  # the config is not printed
    assert not list(tmp_path.iterdir())
