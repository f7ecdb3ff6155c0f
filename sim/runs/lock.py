"""A run owns its folder while it runs (issue 24: two runs into one folder both exited 0 and one was
silently overwritten, once leaving run A's figures beside run B's summary).

Light on purpose (no model imports): `python -m sim` takes the lock before anything else.
"""

from __future__ import annotations

import os
from pathlib import Path

LOCK = ".run.lock"


class RunFolderBusy(Exception):
    """Another live run is writing into the same folder."""


class RunLock:
    """A run owns its folder while it runs: an exclusively created lock file holding its pid. A second
    run into a busy folder refuses (RunFolderBusy); a lock left by a killed run (its pid gone) is taken over."""

    def __init__(self, outdir: Path) -> None:
        self.path = Path(outdir) / LOCK
        self.held = False

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The pid is written to a private file first and linked into place: the lock never exists
        # empty, so a run starting at the same moment never mistakes it for a killed run's.
        mine = self.path.with_name(f"{LOCK}.{os.getpid()}")
        mine.write_text(str(os.getpid()), encoding="utf-8")
        try:
            return self._take(mine)
        finally:
            mine.unlink(missing_ok=True)

    def _take(self, mine: Path) -> RunLock:
        for _ in range(2):
            try:
                os.link(mine, self.path)  # atomic, and fails if the lock exists
            except FileExistsError:
                try:
                    pid = int(self.path.read_text(encoding="utf-8").strip() or 0)
                except (OSError, ValueError):
                    pid = 0
                if pid and pid != os.getpid() and _alive(pid):
                    raise RunFolderBusy(f"{self.path.parent} is being written by another run (pid {pid}); "
                                        "choose another hydra.run.dir or wait for it") from None
                self.path.unlink(missing_ok=True)  # left by a run that was killed: take it over
                continue
            self.held = True
            return self
        raise RunFolderBusy(f"{self.path.parent}: could not take the run lock")

    def release(self) -> None:
        if self.held:
            self.path.unlink(missing_ok=True)
            self.held = False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
