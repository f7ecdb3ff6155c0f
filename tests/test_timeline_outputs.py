"""`python -m sim.timeline_run` (and `python -m sim mode=timeline`) as a user runs it, and what
sim/outputs/timeline.py writes."""

import json

import pandas as pd
import pytest
from conftest import make_cfg, run_module, sim
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from sim.inputs.paths import CONFIG_DIR
from sim.runs import collect


@pytest.mark.slow
def test_timeline_command_writes_json_table_and_plots_as_mode_timeline_does(tmp_path):
    out, old = tmp_path / "run", tmp_path / "old"
    proc = run_module("sim.timeline_run", "timeline.replications=40", "seed=3", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    same = sim("mode=timeline", "timeline.replications=40", "seed=3", "output.plots=false", f"hydra.run.dir={old}",
               cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    assert (out / "timeline.json").read_text() == (old / "timeline.json").read_text()
    assert (out / "config.yaml").read_text() == (old / "config.yaml").read_text().replace("plots: false", "plots: true")
    assert "renewal 1999-04-02" in proc.stdout
    summary = json.loads((out / "timeline.json").read_text())
    assert summary["replications"] == 40 and summary["seed"] == 3
    assert "cohesion_index_definition" in summary and summary["cohesion"]
    assert "p_exact" in summary["renewal_patterns"]["1999-04-02"]
    table = pd.read_parquet(out / "timeline.parquet")
    assert {"replication", "date", "member", "trust", "active", "decision", "status"} <= set(table.columns)
    assert table["replication"].nunique() == 40 and table["member"].nunique() == 9
    assert table.groupby(["replication", "date", "event", "member"], observed=True).size().max() == 1
    for png in ("timeline.png", "trust.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_timeline_config_is_the_scenario_config_in_timeline_mode():
    make_cfg()  # registers the schema
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        own = compose("timeline_run", overrides=["seed=4"])
        via_mode = compose("config", overrides=["mode=timeline", "seed=4"])
        scenario = compose("config", overrides=["seed=4"])
    assert OmegaConf.to_yaml(own) == OmegaConf.to_yaml(via_mode) != OmegaConf.to_yaml(scenario)


def test_the_timeline_command_refuses_another_mode_in_one_line(tmp_path):
    out = tmp_path / "outputs" / "scenario"
    proc = run_module("sim.timeline_run", "mode=scenario", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["error: mode = 'scenario': timeline (this command replays the "
                                                "timeline; a scenario runs with python -m sim)"]
    assert not out.exists()


def test_bad_mode_fails_with_one_line_and_no_files(tmp_path):
    out = tmp_path / "outputs" / "bad"
    proc = sim("mode=replay", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == ["error: mode = 'replay': allowed: scenario, timeline"]
    assert not out.exists()


@pytest.mark.slow
def test_a_timeline_sweep_resumes_and_is_collected_into_tidy_tables(tmp_path):
    """A timeline job's summary is timeline.json: a re-run of the sweep skips its finished jobs, as
    `python -m sim -m` does, and sim.collect gathers it (one row per job; per job and date)."""
    args = ("-m", "seed=3", "timeline.trust.loss=0.3,0.7", "timeline.replications=20", "output.plots=false",
            "output.print_table=false", "progress=false")
    first = run_module("sim.timeline_run", *args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (sweep,) = (tmp_path / "multirun" / "timeline").iterdir()
    jobs = sorted(p for p in sweep.iterdir() if p.is_dir())
    assert len(jobs) == 2 and "fingerprint" in json.loads((jobs[0] / "timeline.json").read_text())
    again = run_module("sim.timeline_run", *args, cwd=tmp_path)
    assert again.returncode == 0 and all(f"skipping {j}: finished" in again.stdout for j in jobs), again.stdout
    # (a job without its summary re-runs: the scenario sweeps' test, tests/test_runs_sweep.py, covers that path)

    collected = run_module("sim.collect", str(sweep), cwd=tmp_path)
    assert collected.returncode == 0, collected.stderr
    assert "collected 2 finished jobs" in collected.stdout and "timeline.trust.loss" in collected.stdout
    per_job = pd.read_csv(sweep / "collected.csv").set_index("timeline.trust.loss")
    assert sorted(per_job.index) == [0.3, 0.7] and set(per_job["seed"]) == {3}
    assert per_job.loc[0.7, "cohesion_mean"] < per_job.loc[0.3, "cohesion_mean"]  # trust lost faster, lower cohesion
    table = pd.read_parquet(sweep / "collected.parquet")
    assert set(table["kind"]) == {"cohesion", "member"}
    members = table[table["kind"] == "member"]
    assert {"ARM", "KAZ", "RUS"} <= set(members["name"]) and members["p"].between(0, 1).all()
    cohesion = table[table["kind"] == "cohesion"]
    assert cohesion.groupby("job")["date"].nunique().min() > 10 and cohesion["mean"].between(0, 1).all()

    (jobs[1] / "timeline.json").write_text('{"cohesion": [')  # truncated
    result = collect.collect(sweep)
    assert result.unreadable == [jobs[1]] and len(result.summary) == 1
