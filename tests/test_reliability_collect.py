"""sim.collect checks a sweep against its definition (issue 14): missing, incomplete and unreadable
jobs are listed and make it exit 1, unless --partial."""

import shutil

import pytest
from conftest import run_module, sim

from sim.runs import collect


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    root = tmp_path_factory.mktemp("collect")
    proc = sim("-m", "scenario=kazakhstan_2022,kyrgyzstan_2010", "seed=1,2", "replications=200",
               "output.plots=false", "output.print_table=false", f"hydra.sweep.dir={root / 'sw'}", cwd=root)
    assert proc.returncode == 0, proc.stderr
    return root / "sw"


def test_expected_jobs_are_hydras_folder_names(sweep):
    assert collect.expected_jobs(sweep) == sorted(p.name for p in sweep.iterdir() if p.is_dir())
    result = collect.collect(sweep)
    assert result.expected == 4 and result.complete and len(result.summary) == 4


def test_a_partial_sweep_exits_1_listing_what_is_missing_and_partial_collects(sweep, tmp_path):
    partial = tmp_path / "sw"
    shutil.copytree(sweep, partial)
    jobs = sorted(p for p in partial.iterdir() if p.is_dir())
    shutil.rmtree(jobs[1])  # killed before it got a folder
    (jobs[2] / "summary.json").write_text('{"scenario": "kaz')  # truncated
    (jobs[3] / "summary.json").unlink()  # killed while writing
    result = collect.collect(partial)
    assert result.missing == [jobs[1].name]
    assert result.unreadable == [jobs[2]] and result.incomplete == [jobs[3]]
    proc = run_module("sim.collect", str(partial), cwd=tmp_path)
    assert proc.returncode == 1
    assert "1 finished of 4 expected; 1 missing, 1 incomplete, 1 unreadable" in proc.stderr
    assert f"missing: {jobs[1].name} (no folder)" in proc.stderr
    assert not (partial / collect.TABLE).exists()
    proc = run_module("sim.collect", str(partial), "--partial", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "collected 1 finished jobs" in proc.stdout and f"missing: {jobs[1].name}" in proc.stdout
    assert (partial / collect.TABLE).is_file()
