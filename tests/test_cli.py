"""`python -m sim` as a user runs it: results on disk, Hydra's flags, one-line errors."""

import json
import shutil

import pandas as pd
import pytest
from conftest import PROJECT, sim


def test_run_writes_summary_tables_and_plots(tmp_path):
    out = tmp_path / "run"
    proc = sim("scenario=kyrgyzstan_2010", "replications=3000", "seed=5", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "outcome" in proc.stdout and "KGZ" in proc.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "kyrgyzstan_2010"
    assert summary["replications"] == 3000 and summary["seed"] == 5
    assert set(summary["outcome"]) == {"troops", "partial", "none"}
    assert sum(summary["outcome"].values()) == pytest.approx(1.0, abs=1e-12)
    assert set(summary["members"]) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"}  # UZB: 2006-2012
    rus = summary["members"]["RUS"]
    assert {"p_contribute", "mean_troops", "leading_reason"} <= set(rus)
    reps = pd.read_parquet(out / "replications.parquet")
    assert len(reps) == 3000 and set(reps["outcome"].astype(str)) <= {"troops", "partial", "none"}
    mems = pd.read_parquet(out / "members.parquet")
    assert len(mems) == 3000 * 7
    for png in ("outcome.png", "members.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "config.yaml").is_file()


def test_same_seed_same_summary_from_the_cli(tmp_path):
    runs = []
    for name in ("a", "b"):
        proc = sim("replications=500", "seed=3", "output.plots=false", f"hydra.run.dir={tmp_path / name}",
                   cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        summary = json.loads((tmp_path / name / "summary.json").read_text())
        summary.pop("elapsed_s")
        runs.append(summary)
    assert runs[0] == runs[1]


def test_help_and_cfg_job_work_as_in_hydra(tmp_path):
    help_proc = sim("--help", cwd=tmp_path)
    assert help_proc.returncode == 0 and "scenario" in help_proc.stdout
    cfg_proc = sim("--cfg", "job", "scenario=armenia_2021", cwd=tmp_path)
    assert cfg_proc.returncode == 0 and "episode: armenia_2021" in cfg_proc.stdout


@pytest.mark.parametrize("order", [("-m", "scenario=kazakhstan_2022,kyrgyzstan_2010", "--cfg", "job"),
                                   ("--cfg", "job", "-m", "scenario=kazakhstan_2022,kyrgyzstan_2010")])
def test_a_sweep_with_cfg_is_one_line_and_writes_nothing(tmp_path, order):
    proc = sim(*order, cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and "cannot be combined" in lines[0], proc.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("override, needle", [
    ("scenario=nope", "allowed: armenia_2016, armenia_2020, armenia_2021"),
    ("scenario.requester=XYZ", "scenario.requester = 'XYZ'"),
    ("decision.weights.cost=-1", "decision.weights.cost = -1.0: a number >= 0"),
    ("decision.weights.cost=abc", "decision.weights.cost = 'abc': a number >= 0"),
    ("decision.weights.typo=1", "allowed keys: front, regime"),
    ("+alliance.threat_overrides.RUS.southern=2", "a number in [0.0, 1.0]"),
    ("alliance.seeds_dir=missing_folder", "alliance.seeds_dir"),
])
def test_bad_input_exits_nonzero_with_one_line_and_writes_nothing(tmp_path, override, needle):
    proc = sim(override, f"hydra.run.dir={tmp_path / 'out' / 'run'}", cwd=tmp_path)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    assert not (tmp_path / "out").exists()


def test_malformed_seed_file_fails_cleanly(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(PROJECT / "seeds", seeds)
    (seeds / "alliance.yaml").write_text("events: [\n")
    proc = sim(f"alliance.seeds_dir={seeds}", f"hydra.run.dir={tmp_path / 'out'}", cwd=tmp_path)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "alliance.yaml" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_cfg_job_shows_an_episodes_resolved_crisis(tmp_path):
    proc = sim("--cfg", "job", "scenario=kyrgyzstan_1999", "alliance.coding=seeds", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "resolved_crisis:" in proc.stdout and "channel: formal" in proc.stdout and "coding: seeds" in proc.stdout
    assert "date: '1999-08-01'" in proc.stdout or "date: 1999-08-01" in proc.stdout
    assert not any(tmp_path.iterdir())  # nothing written
