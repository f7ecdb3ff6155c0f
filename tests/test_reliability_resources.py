"""Bounded resources (issue 14): jobs <= cores, replications that fit in memory, no orphan workers."""

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import sim

from sim.errors import InputError
from sim.runs import resources


def test_jobs_above_the_core_count_is_an_input_error():
    n = os.cpu_count()
    resources.check_jobs(n)
    with pytest.raises(InputError, match=rf"jobs = {n + 1}: a whole number in \[1, {n}\]"):
        resources.check_jobs(n + 1)
    resources.check_jobs(n + 1, force=True)  # forced: the user knows better (e.g. a restricted cpu_count)
    with pytest.raises(InputError, match="jobs = 0"):
        resources.check_jobs(0, force=True)


def test_replications_beyond_memory_name_the_maximum():
    per = resources.bytes_per_replication(6)
    resources.check_memory(1000, 6, available=1000 * per)
    with pytest.raises(InputError, match="replications = 1001: at most 1,000 fit"):
        resources.check_memory(1001, 6, available=1000 * per)
    assert resources.available_memory() > 0


@pytest.mark.parametrize("override, needle", [
    ("jobs=1000", "jobs = 1000: a whole number in [1, "),
    ("replications=1000000000000", "replications = 1000000000000: at most "),
    ("replications=100000000", "replications = 100000000: at most "),
])
def test_cli_refuses_unbounded_runs_in_one_line_and_leaves_nothing(tmp_path, override, needle):
    proc = sim(override, "output.plots=false", f"hydra.run.dir={tmp_path / 'out' / 'run'}", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], proc.stderr
    assert not (tmp_path / "out").exists()


def _loky_workers(parent: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in parent.children(recursive=True):
        try:
            if "loky" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def _alive(procs):
    alive = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="re-parenting checked on Linux")
def test_workers_exit_when_the_parent_of_a_jobs_2_run_is_killed(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "sim", "replications=1000000", "chunk_size=10000", "jobs=2",
                             "output.plots=false", "progress=false", f"hydra.run.dir={tmp_path / 'run'}"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    workers: list[psutil.Process] = []
    try:
        deadline = time.time() + 60
        while len([w for w in _loky_workers(parent) if "popen_loky" in " ".join(w.cmdline())]) < 2:
            assert proc.poll() is None and time.time() < deadline, "no workers started"
            time.sleep(0.1)
        workers = parent.children(recursive=True)  # the workers and loky's resource trackers
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.time() + 5
        while _alive(workers) and time.time() < deadline:
            time.sleep(0.2)
        assert not _alive(workers), [p.cmdline() for p in _alive(workers)]
    finally:
        for p in _alive(workers):
            p.kill()
        if proc.poll() is None:
            proc.kill()
