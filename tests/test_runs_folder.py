"""The RunFolder callback (sim/runs/folder.py) on its own, without a Hydra run: it owns a run's folder
from before Hydra creates it, refuses a busy or unwritable one in one line, and leaves nothing behind
when the run stops early."""

from __future__ import annotations

import os

import pytest
from conftest import lock_held_elsewhere
from hydra.types import RunMode
from omegaconf import OmegaConf

from sim.runs.folder import RunFolder, check_writable
from sim.runs.lock import LOCK


def _run_config(folder) -> object:
    return OmegaConf.create({"hydra": {"run": {"dir": str(folder)}}})


def test_a_run_owns_its_folder_from_the_start_and_releases_it_at_the_end(tmp_path):
    folder = tmp_path / "a" / "run"
    callback = RunFolder()
    callback.on_run_start(_run_config(folder))
    assert (folder / LOCK).read_text() == str(os.getpid())
    (folder / "summary.json").write_text("{}")
    callback.on_run_end(_run_config(folder), job_return=None)
    callback._at_exit()
    assert sorted(p.name for p in folder.iterdir()) == ["summary.json"]


def test_a_run_that_stops_early_leaves_no_folder_and_no_lock(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "a" / "b" / "run"
    callback = RunFolder()
    callback.on_run_start(_run_config(folder))
    callback._at_exit()  # the process ends before on_run_end (bad input exits)
    assert not (tmp_path / "a").exists()


def test_a_busy_folder_is_refused_in_one_line_and_kept(tmp_path, capsys):
    with lock_held_elsewhere(tmp_path) as holder:
        callback = RunFolder()
        with pytest.raises(SystemExit) as exit_:
            callback.on_run_start(_run_config(tmp_path))
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"another run (pid {holder.pid})" in err
        callback._at_exit()
        assert (tmp_path / LOCK).read_text() == str(holder.pid)  # the other run's lock is never touched


def test_a_file_in_the_way_is_refused_before_anything_is_created(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert "is a file, not a directory" in check_writable(tmp_path / "file" / "run")
    with pytest.raises(SystemExit):
        RunFolder().on_run_start(_run_config(tmp_path / "file" / "run"))
    assert "is a file, not a directory" in capsys.readouterr().err


def _job_config(folder) -> object:
    return OmegaConf.create({"hydra": {"mode": RunMode.MULTIRUN, "runtime": {"output_dir": str(folder),
                                                                       "choices": {"hydra/launcher": "basic"}}}})


def test_a_sweep_job_that_exited_without_on_job_end_frees_its_lock_for_the_next(tmp_path):
    """Hydra skips on_job_end on SystemExit; a joblib worker's next job (a fresh callback) frees the lock."""
    from sim.runs.lock import RunFolderBusy, RunLock

    RunFolder().on_job_start(_job_config(tmp_path / "0"))  # exits: no on_job_end, the callback dropped
    with pytest.raises(RunFolderBusy):
        RunLock(tmp_path / "0").acquire()
    nxt = RunFolder()
    nxt.on_job_start(_job_config(tmp_path / "1"))
    RunLock(tmp_path / "0").acquire().release()  # free again
    nxt.on_job_end(_job_config(tmp_path / "1"), job_return=None)
    assert RunFolder.job_lock is None and not (tmp_path / "1" / LOCK).exists()
