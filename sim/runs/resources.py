"""Bounds on what a run may ask of the machine, checked before any work starts, and workers that
do not outlive their parent.

- `check_jobs`: `jobs` is at most os.cpu_count() (more processes than cores only add overhead;
  `jobs=1000` used to start a thousand worker processes).
- `check_memory`: replications x bytes per replication against the memory available now
  (psutil, else /proc/meminfo MemAvailable). `replications=10**8` used to run until a MemoryError.
- `watch_parent`: a joblib (loky) worker exits when the process that started it dies. Loky's
  workers do not: killed with SIGKILL, the parent of a `jobs=2` run left both workers computing
  (checked with psutil, 10 s after the kill; loky's worker loop only notices at its next queue read).

BYTES_PER_REPLICATION_ROW and BYTES_PER_MEMBER_ROW were measured, not derived: peak resident memory
(getrusage ru_maxrss) of `run(cfg)` then `write_run(...)` in a fresh process, minus the peak of a
1,000-replication warm-up run, for kazakhstan_2022 (6 members) at 100,000 and 300,000 replications:
2,632 and 2,529 bytes per replication with output.member_table=true, 2,624 and 2,523 with false
(sim.runs.scenario.run builds the member table in both cases, since the summary's per-member
statistics are computed from it; member_table=false only skips writing it). That is about
64 bytes per replication row plus 430 per replication and member, rounded up.
"""

from __future__ import annotations

import os
import threading
import time

from sim.errors import InputError

BYTES_PER_REPLICATION_ROW = 64
BYTES_PER_MEMBER_ROW = 430
# member_table=false writes no members.parquet, but run() still builds the table for the summary:
# measured the same peak (see above), so the estimate keeps the member rows.
BYTES_PER_MEMBER_ROW_NO_TABLE = BYTES_PER_MEMBER_ROW


def cores() -> int:
    return os.cpu_count() or 1


def check_jobs(jobs: object, key: str = "jobs", force: bool = False) -> None:
    """`jobs` must be a whole number in [1, cores], or >= 1 when forced (`force_jobs=true`)."""
    n = cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(key, jobs, f"a whole number in [1, {n}] (this machine has {n} cores)")
    if jobs > n and not force:
        raise InputError(key, jobs, f"a whole number in [1, {n}] (this machine has {n} cores); "
                                    f"lower it, e.g. {key}={n}, or add force_jobs=true")


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation now, or None if unknown."""
    try:
        import psutil
    except ImportError:
        pass
    else:
        return int(psutil.virtual_memory().available)
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def bytes_per_replication(members: int, member_table: bool = True) -> int:
    per_member = BYTES_PER_MEMBER_ROW if member_table else BYTES_PER_MEMBER_ROW_NO_TABLE
    return BYTES_PER_REPLICATION_ROW + members * per_member


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"


def check_memory(replications: int, members: int, member_table: bool = True,
                 available: int | None = None, key: str = "replications") -> None:
    """The run's tidy tables must fit in the memory available now."""
    available = available_memory() if available is None else available
    if available is None:
        return
    per = bytes_per_replication(members, member_table)
    most = available // per
    if replications > most:
        raise InputError(key, replications,
                         f"at most {most:,} fit in the {_size(available)} of memory available "
                         f"(about {per:,} bytes per replication with {members} members); "
                         f"run fewer, or several seeds and combine them")


def check_size(key: str, value: int, bytes_each: int, what: str, available: int | None = None) -> None:
    """`value` items of `bytes_each` bytes must fit in the memory available now (one line if not)."""
    available = available_memory() if available is None else available
    if available is None:
        return
    most = available // max(1, bytes_each)
    if value > most:
        raise InputError(key, value, f"at most {most:,} fit in the {_size(available)} of memory available "
                                     f"(about {bytes_each:,} bytes per {what}); lower it")


_WATCHING = False
_WATCH_LOCK = threading.Lock()


def watch_parent(parent: int | None = None, interval: float = 0.5) -> None:
    """In a worker process: exit as soon as its parent (`parent`, default the current parent pid)
    dies, which re-parents the worker. Idempotent."""
    global _WATCHING
    with _WATCH_LOCK:
        if _WATCHING:
            return
        _WATCHING = True
    parent = os.getppid() if parent is None else parent

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="sim-watch-parent", daemon=True).start()
