"""A run owns its folder while it runs (issue 24: two runs into one folder both exited 0 and one was
silently overwritten, once leaving run A's figures beside run B's summary).

The lock is the kernel's (`flock` on `.run.lock`), not the file's existence: the kernel drops it when
the run's process ends however it ends, so a killed run leaves no lock to be judged stale, and two runs
starting at one moment cannot both take a stale lock over (the pid-file lock this replaced could).
The file holds the owner's pid only for the message a refused run prints.

Light on purpose (no model imports): `python -m sim` takes the lock before anything else.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK = ".run.lock"
ATTEMPTS = 5  # re-opens when the locked file was removed by a releasing run between open and flock


class RunFolderBusy(Exception):
    """Another live run is writing into the same folder."""


class RunLock:
    """A run owns its folder while it runs: an exclusive `flock` on the folder's lock file, held until
    `release` or the process's end. A second run into a busy folder refuses (RunFolderBusy)."""

    def __init__(self, outdir: Path) -> None:
        self.path = Path(outdir) / LOCK
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(ATTEMPTS):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = _read_pid(fd)
                os.close(fd)
                raise RunFolderBusy(f"{self.path.parent} is being written by another run (pid {owner}); "
                                    "choose another hydra.run.dir or wait for it") from None
            if _is_current(fd, self.path):  # not removed by a releasing run since we opened it
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                self._fd = fd
                return self
            os.close(fd)
        raise RunFolderBusy(f"{self.path.parent}: could not take the run lock")

    def release(self) -> None:
        if self._fd is None:
            return
        # removed while still held: a run waiting on this file then finds it gone and opens a new one
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def _read_pid(fd: int) -> str:
    """The owner's pid as written in the lock file ("unknown" while it is still being written)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"


def _is_current(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False
