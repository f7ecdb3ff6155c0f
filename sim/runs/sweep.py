"""Sweeps that can be resumed: a sweep directory named by its command, and finished-job detection.

Hydra's default sweep directory is a fresh timestamp, so re-running a killed sweep would start
again from nothing. Here the default sweep directory is derived from the sweep's own overrides
(`multirun/<overrides>`), so re-running the same command finds the same job directories, and a
job whose directory already holds its summary (summary.json, written last by
`sim.outputs.files.write_run`; a timeline job's timeline.json) is skipped if it was computed from
the same resolved config, seed files and code (sim.runs.fingerprint), and re-run otherwise.
`hydra.sweep.dir=...` on the command line still wins.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from sim.runs.atomic import SUMMARY

SWEEP_ROOT = "multirun"
# Overrides that change how a sweep runs, never what it computes: they do not name the sweep.
# Keep in step with hydra.job.config.override_dirname.exclude_keys in configs/config.yaml.
NEUTRAL_KEYS: frozenset[str] = frozenset({"jobs", "progress", "output.print_table", "output.plots"})
MAX_NAME = 120  # longer names are shortened and made unique with a hash (file systems cap at 255)
_UNSAFE = re.compile(r"[^A-Za-z0-9_.,=+\-]")


def override_key(override: str) -> str:
    """'+decision.weights.cost=1' -> 'decision.weights.cost'; 'hydra/launcher=joblib' -> 'hydra/launcher'."""
    return override.split("=", 1)[0].lstrip("+~")


def is_multirun(argv: Sequence[str]) -> bool:
    return any(a in ("-m", "--multirun") for a in argv)


def sweep_name(overrides: Sequence[str]) -> str:
    """A directory name that depends only on the overrides that shape results (order-free)."""
    kept = sorted(o for o in overrides
                  if "=" in o and not o.startswith("-") and not override_key(o).startswith("hydra")
                  and override_key(o) not in NEUTRAL_KEYS)
    if not kept:
        return "default"
    name = _UNSAFE.sub("_", "__".join(kept))
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(name.encode()).hexdigest()[:10]
        name = f"{name[:MAX_NAME - 11]}_{digest}"
    return name


def with_default_sweep_dir(argv: list[str], root: str = SWEEP_ROOT) -> list[str]:
    """For a multirun without an explicit hydra.sweep.dir, add `hydra.sweep.dir=<root>/<name>`.
    An override on the command line, not a config interpolation: Hydra composes each job's config
    again with the sweep's `hydra.overrides.hydra`, so only an override names every job's folder."""
    if not is_multirun(argv) or any(override_key(a) == "hydra.sweep.dir" for a in argv):
        return argv
    return [*argv, f"hydra.sweep.dir='{root}/{sweep_name(argv)}'"]


def remove_leftover_tmp(job_dir: Path) -> list[Path]:
    """Remove the `.*.tmp` files a killed job left in its directory (sim.runs.atomic.atomic_write
    writes under such names and renames; a kill between the two leaves them). Returns what went."""
    removed = []
    if Path(job_dir).is_dir():
        for path in Path(job_dir).glob(".*.tmp"):
            if path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def finished(job_dir: Path, summary: str = SUMMARY) -> bool:
    """A job is finished when its summary (summary.json; a timeline job's timeline.json) exists: it is
    written last, atomically."""
    return (Path(job_dir) / summary).is_file()

