"""Two real processes at once (issue 24): two runs into one folder, one refuses in one line and the
other completes, nothing mixed; two sweeps into different folders both complete."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml


def _start(*args: str, cwd) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sim", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    outputs = [p.communicate(timeout=300) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


def test_two_runs_into_one_folder_one_refuses_the_other_completes_nothing_mixed(tmp_path):
    args = ("replications=5000", "progress=false", "hydra.run.dir=same")
    done = _finish([_start(*args, f"seed={seed}", cwd=tmp_path) for seed in (1, 2)])
    codes = sorted(code for code, _, _ in done)
    assert codes == [0, 2], done
    refused = next(err for code, _, err in done if code == 2)
    assert refused.strip().count("\n") == 0 and "is being written by another run (pid " in refused
    folder = tmp_path / "same"
    summary = json.loads((folder / "summary.json").read_text())
    config = yaml.safe_load((folder / "config.yaml").read_text())
    assert summary["seed"] == config["seed"]  # the summary and the config are one run's
    assert sorted(p.name for p in folder.iterdir()) == ["config.yaml", "members.parquet", "members.png",
                                                        "outcome.png", "replications.parquet", "summary.json"]


def test_two_sweeps_into_different_folders_started_together_both_complete(tmp_path):
    procs = [_start("-m", "seed=1,2", "replications=200", "progress=false", "output.plots=false",
                    f"hydra.sweep.dir=sweep{i}", cwd=tmp_path) for i in (1, 2)]
    for code, _, err in _finish(procs):
        assert code == 0, err
    for i in (1, 2):
        summaries = sorted((tmp_path / f"sweep{i}").glob("*/summary.json"))
        assert len(summaries) == 2
        assert sorted(json.loads(p.read_text())["seed"] for p in summaries) == [1, 2]
