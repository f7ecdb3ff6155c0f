"""What a result was computed from, as two short hashes, so a resumed sweep can tell a stale result.

A sweep resumes by skipping jobs that already hold summary.json (sim.runs.sweep). The job's
directory is named by its command-line overrides only, so an edit to a config file
(configs/run/default.yaml, configs/decision/calibrated.yaml...) or to a seed file would not change
it. Each summary therefore records

- `config`: sha256 of the resolved config (`to_container(cfg)`) as canonical JSON (sorted keys,
  no whitespace), without the keys that change how a run executes but never its numbers
  (sim.runs.sweep.NEUTRAL_KEYS: jobs, progress, output.print_table, output.plots);
- `seeds`: sha256 over every file under the seeds folder the run read (alliance.seeds_dir, or
  the project's seeds/), each as its sorted relative path and its bytes;
- `code`: sha256 over the model's code (every .py file of the `sim` package, path and bytes), so an
  edit to the model (say `u_troops` in sim/model/decision.py) re-runs every job and recomputes
  every cached calibration chunk (sim.runs.engine.chunk_key) instead of serving stale numbers;

and a finished job is skipped only when all three match the job about to run. Pure: no printing.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from sim.inputs.paths import SEEDS_DIR
from sim.runs.atomic import SUMMARY
from sim.runs.codehash import code_hash
from sim.runs.sweep import NEUTRAL_KEYS, finished, remove_leftover_tmp

FINGERPRINT = "fingerprint"  # the summary.json key
_SKIP_NAMES = {"__pycache__", ".DS_Store"}


def _drop(container: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    node: Any = container
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return
    if isinstance(node, dict):
        node.pop(last, None)


def config_hash(container: dict[str, Any]) -> str:
    """sha256 of the resolved config as canonical JSON, run-only keys left out."""
    data = copy.deepcopy(container)
    for key in NEUTRAL_KEYS:
        _drop(data, key)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seeds_dir(container: dict[str, Any]) -> Path:
    """The seeds folder a config reads: alliance.seeds_dir (as sim.inputs.seeds resolves it) or seeds/."""
    given = (container.get("alliance") or {}).get("seeds_dir")
    return SEEDS_DIR if given is None or given == "" else Path(given).expanduser().resolve()


def seeds_hash(directory: Path) -> str:
    """sha256 over every file under `directory`: sorted relative path and bytes of each."""
    digest = hashlib.sha256()
    directory = Path(directory)
    if not directory.is_dir():
        return "missing"
    files = sorted(p for p in directory.rglob("*")
                   if p.is_file() and not _SKIP_NAMES.intersection(p.relative_to(directory).parts))
    for path in files:
        rel = path.relative_to(directory).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(len(rel).to_bytes(8, "big") + rel + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def fingerprint(container: dict[str, Any]) -> dict[str, str]:
    """{'config': ..., 'seeds': ..., 'code': ...} for a resolved config."""
    return {"config": config_hash(container), "seeds": seeds_hash(seeds_dir(container)), "code": code_hash()}


def recorded(summary_path: Path) -> dict[str, str] | None:
    """The fingerprint a finished job recorded, or None (unreadable, or written before fingerprints)."""
    try:
        summary = json.loads(Path(summary_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = summary.get(FINGERPRINT) if isinstance(summary, dict) else None
    return found if isinstance(found, dict) else None


def matches(summary_path: Path, container: dict[str, Any]) -> bool:
    """True when the finished job at `summary_path` was computed from this config and these seeds."""
    return recorded(summary_path) == fingerprint(container)


def resume(job_dir: Path, container: dict[str, Any], summary: str = SUMMARY) -> tuple[bool, str | None]:
    """(whether to skip this sweep job, what to tell the user): re-running a sweep resumes it. A
    finished job (its `summary` file written: summary.json, or a timeline job's timeline.json)
    computed from this config, these seeds and this code is skipped; a changed one re-runs. A killed
    job's half-written files go first (the job holds its folder's lock, so they are never another
    live run's)."""
    remove_leftover_tmp(job_dir)
    if not finished(job_dir, summary):
        return False, None
    if matches(Path(job_dir) / summary, container):
        return True, f"skipping {job_dir}: finished"
    return False, f"re-running {job_dir}: config, seeds or code changed"
