"""A run's output folder: writable before the run, owned while it runs, and nothing left behind when
it fails, as a Hydra callback (configured under `hydra.callbacks.run_folder` in each command's
primary config), so no command re-reads Hydra's command line to find its folder.

Hydra resolves the folder (`hydra.run.dir`, `hydra.sweep.dir`, a job's `hydra.runtime.output_dir`)
and calls back before it creates it (`on_run_start`, `on_multirun_start`) and around each job
(`on_job_start`, `on_job_end`). A single run takes its folder's lock before Hydra creates the folder,
so a second run started at the same moment refuses in one line; a sweep's job takes its own job
folder's lock. Hydra turns a callback's ordinary exception into a warning, so the refusals exit
(SystemExit passes through). A command that exits on bad input never reaches `on_run_end`: the
lock is released and the empty folders it created are removed when the process ends (atexit).
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from hydra.core.utils import JobReturn
from hydra.experimental.callback import Callback
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.runs.lock import RunFolderBusy, RunLock
from sim.runs.resources import watch_parent

SWEEP_LEFTOVERS = {"multirun.yaml", ".hydra"}  # what Hydra writes in a sweep dir before any job runs
MIN_FREE_BYTES = 16 * 2**20  # a folder with less free space cannot take a run's results


def check_writable(path: Path) -> str | None:
    """One line if results cannot be written under `path` (its nearest existing folder is tried)."""
    probe = Path(path).absolute()
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        return f"output directory {path}: {probe} is a file, not a directory"
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        return f"output directory {path} is not writable ({probe}: {exc.strerror or exc})"
    if shutil.disk_usage(probe).free < MIN_FREE_BYTES:
        return f"output directory {path}: no space left ({probe} has under {MIN_FREE_BYTES // 2**20} MB free)"
    return None


def first_missing(path: Path) -> Path | None:
    """The highest ancestor of `path` (or itself) that does not exist yet: what a run will create."""
    path = Path(path).absolute()
    if path.exists():
        return None
    top = path
    while not top.parent.exists():
        top = top.parent
    return top


def remove_empty_dirs(path: Path, stop: Path | None = None) -> None:
    """Remove `path` and its parents while they are empty, never `stop` (default: the working
    directory) or above it: on bad input nothing is left behind."""
    stop = (stop or Path.cwd()).resolve()
    path = Path(path).resolve()
    while path != stop and stop in path.parents:
        try:
            path.rmdir()
        except OSError:
            return
        path = path.parent


def only_leftovers(sweep_dir: Path) -> bool:
    """True if a sweep directory holds nothing but Hydra's multirun.yaml/.hydra and empty folders."""
    for path in sweep_dir.rglob("*"):
        rel = path.relative_to(sweep_dir)
        if rel.parts[0] in SWEEP_LEFTOVERS or path.is_dir():
            continue
        return False
    return True


def clean_after_failure(target: Path, created: Path, multirun: bool) -> None:
    """Remove what a failed command created under `created` (the first folder it made) and left
    without results: empty folders, and a sweep folder holding only multirun.yaml."""
    target = Path(target).absolute()
    if multirun and target.is_dir() and only_leftovers(target):
        shutil.rmtree(target, ignore_errors=True)
    elif target.is_dir():
        for sub in sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            try:
                sub.rmdir()
            except OSError:
                pass
        try:
            target.rmdir()
        except OSError:
            return
    remove_empty_dirs(target.parent, stop=created.parent)


def _refuse(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def take_lock(folder: Path) -> RunLock:
    """The folder's lock, or one line and exit 2 if another live run holds it."""
    try:
        return RunLock(folder).acquire()
    except RunFolderBusy as exc:
        _refuse(str(exc))


class RunFolder(Callback):
    """Check, own and clean up the folder of a run or a sweep (module docstring)."""

    # The lock of the sweep job this process runs. Hydra skips on_job_end when a job exits (SystemExit
    # after a failed write), and a joblib worker then runs the next job with a fresh copy of this
    # callback: the process-wide slot lets that next job free the lock the exited one left.
    job_lock: RunLock | None = None

    def __init__(self) -> None:
        self.lock: RunLock | None = None  # a single run's, or the running sweep job's
        self.target: Path | None = None  # the run or sweep folder this process claimed
        self.created: Path | None = None  # the first folder of `target` that did not exist
        self.multirun = False
        self.done = False

    def _claim(self, folder: Path, multirun: bool) -> None:
        problem = check_writable(folder)
        if problem:
            _refuse(problem)
        created = first_missing(folder)
        if not multirun:
            self.lock = take_lock(folder)  # refuses before anything of ours is in the folder
        self.target, self.created, self.multirun = folder, created, multirun
        atexit.register(self._at_exit)

    def on_run_start(self, config: DictConfig, **kwargs: Any) -> None:
        self._claim(Path(config.hydra.run.dir), multirun=False)

    def on_run_end(self, config: DictConfig, **kwargs: Any) -> None:
        job_return = kwargs.get("job_return")
        self.done = job_return is None or job_return.status.name == "COMPLETED"
        self._release()

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        self._claim(Path(config.hydra.sweep.dir), multirun=True)

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        self.done = True

    def on_job_start(self, config: DictConfig, **kwargs: Any) -> None:
        if config.hydra.runtime.choices.get("hydra/launcher") == "joblib":
            watch_parent()  # a sweep's joblib worker: exit if the sweep's process is killed
        if config.hydra.mode == RunMode.MULTIRUN:  # a sweep's job owns its own folder (Hydra made it)
            if RunFolder.job_lock is not None:  # one job at a time per process: the earlier one exited
                RunFolder.job_lock.release()
            self.lock = RunFolder.job_lock = take_lock(Path(config.hydra.runtime.output_dir))

    def on_job_end(self, config: DictConfig, job_return: JobReturn, **kwargs: Any) -> None:
        if config.hydra.mode == RunMode.MULTIRUN:
            self._release()

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            if RunFolder.job_lock is self.lock:
                RunFolder.job_lock = None
            self.lock = None

    def _at_exit(self) -> None:
        """The process ends: a lock still held means the run stopped early (bad input, a failed
        write, an interrupt); its lock goes, and the empty folders it created."""
        self._release()
        if not self.done and self.target is not None and self.created is not None:
            clean_after_failure(self.target, self.created, self.multirun)
