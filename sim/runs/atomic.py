"""Result files written whole or not at all, and the file that marks a finished job.

Each file is written under a temporary name in the same directory and renamed into place (an
atomic rename on POSIX). A job's summary.json goes last: its presence marks a finished run
(sim.runs.sweep.finished, sim.runs.collect). It sits in the runs layer so that the runners and
every writer above them (outputs, calibration, timeline, explore) share it without importing up.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

SUMMARY = "summary.json"
_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import: the process's umask, restored at once


def atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Call `write(tmp_path)`, then rename the temporary file onto `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; results should be as readable as any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
