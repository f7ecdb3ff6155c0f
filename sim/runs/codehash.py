"""The model's code as one hash, so results can be tied to the code that computed them (a run's
fingerprint, sim.runs.fingerprint; the calibration's chunk cache, sim.runs.engine). Standard library
only: the engine imports it without the rest of the runner."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from sim.inputs.paths import PROJECT_ROOT

CODE_DIR = PROJECT_ROOT / "sim"
_SKIP_NAMES = {"__pycache__", ".DS_Store"}


@lru_cache(maxsize=1)
def code_hash(directory: Path = CODE_DIR) -> str:
    """sha256 over the package's .py files (sorted relative path and bytes): the code's identity.
    Computed once per process (about 0.1 MB of source)."""
    digest = hashlib.sha256()
    for path in sorted(Path(directory).rglob("*.py")):
        if _SKIP_NAMES.intersection(path.relative_to(directory).parts):
            continue
        rel = path.relative_to(directory).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(len(rel).to_bytes(8, "big") + rel + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
