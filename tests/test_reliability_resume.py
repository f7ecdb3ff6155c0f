"""Resume after edits (issue 14): a finished job is skipped only if its config and seeds are unchanged."""

import json
import shutil

from conftest import PROJECT, sim

from sim.runs.fingerprint import config_hash, seeds_hash

RUN = ["replications=200", "output.plots=false", "output.print_table=false", "progress=false"]


def sweep(tmp_path, seeds):  # seeds: tmp_path/seeds, named relatively (a "/" would nest job folders)
    proc = sim("-m", "seed=1,2", *RUN, "alliance.seeds_dir=seeds", f"hydra.sweep.dir={tmp_path / 'sw'}",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_config_hash_ignores_run_only_keys_and_sees_the_rest():
    base = {"replications": 200, "jobs": 1, "progress": True, "output": {"plots": True, "member_table": True}}
    same = {**base, "jobs": 2, "progress": False, "output": {"plots": False, "member_table": True}}
    assert config_hash(base) == config_hash(same)
    assert config_hash(base) != config_hash({**base, "replications": 300})
    assert config_hash(base) != config_hash({**base, "output": {"plots": True, "member_table": False}})


def test_seeds_hash_sees_an_edit_and_a_rename(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(PROJECT / "seeds", seeds)
    before = seeds_hash(seeds)
    assert seeds_hash(seeds) == before
    first = min(seeds.rglob("*.yaml"))
    first.write_text(first.read_text() + "\n# edited\n")
    edited = seeds_hash(seeds)
    assert edited != before
    first.rename(first.with_name("renamed.yaml"))
    assert seeds_hash(seeds) not in (before, edited)


def test_a_seed_edit_or_a_config_change_reruns_the_jobs_and_tmp_leftovers_go(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(PROJECT / "seeds", seeds)
    sweep(tmp_path, seeds)
    jobs = sorted(p for p in (tmp_path / "sw").iterdir() if p.is_dir())
    assert len(jobs) == 2
    assert all("fingerprint" in json.loads((j / "summary.json").read_text()) for j in jobs)
    out = sweep(tmp_path, seeds)  # nothing changed: both skipped
    assert all(f"skipping {j}: finished" in out for j in jobs) and "re-running" not in out

    # a resolved-config change that is no command-line override (an edited configs/*.yaml)
    summary = json.loads((jobs[0] / "summary.json").read_text())
    summary["fingerprint"]["config"] = "0" * 64
    (jobs[0] / "summary.json").write_text(json.dumps(summary))
    (jobs[1] / ".replications.parquet.abc123.tmp").write_bytes(b"")  # a killed job's leftover
    out = sweep(tmp_path, seeds)
    assert f"re-running {jobs[0]}: config, seeds or code changed" in out
    assert f"skipping {jobs[1]}: finished" in out
    assert json.loads((jobs[0] / "summary.json").read_text())["fingerprint"]["config"] != "0" * 64
    assert not list(jobs[1].glob(".*.tmp"))

    # an edited model (the code's hash in the fingerprint differs, as after editing sim/model/decision.py)
    summary = json.loads((jobs[1] / "summary.json").read_text())
    summary["fingerprint"]["code"] = "0" * 64
    (jobs[1] / "summary.json").write_text(json.dumps(summary))
    out = sweep(tmp_path, seeds)
    assert f"re-running {jobs[1]}: config, seeds or code changed" in out and f"skipping {jobs[0]}: finished" in out

    # an edited seed file: every job re-runs
    episodes = seeds / "episodes.yaml"
    episodes.write_text(episodes.read_text() + "\n# an edit\n")
    out = sweep(tmp_path, seeds)
    assert all(f"re-running {j}: config, seeds or code changed" in out for j in jobs)


def test_a_truncated_summary_is_rerun(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(PROJECT / "seeds", seeds)
    sweep(tmp_path, seeds)
    job = min(p for p in (tmp_path / "sw").iterdir() if p.is_dir())
    (job / "summary.json").write_text('{"scen')
    out = sweep(tmp_path, seeds)
    assert f"re-running {job}: config, seeds or code changed" in out
    json.loads((job / "summary.json").read_text())
