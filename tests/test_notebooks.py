"""Every notebook in notebooks/ runs top to bottom, as a plain script, at its small size.

Notebooks are Jupytext percent-format .py files, so a notebook is executable Python: each runs
in a fresh interpreter from a temporary working directory with CSTO_NOTEBOOK_SMALL=1 (small
replication counts). A new notebook joins this test by being added to the folder. The test also
checks a notebook leaves nothing behind in the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

NOTEBOOKS = sorted((PROJECT / "notebooks").glob("*.py"))
TIMEOUT_S = 300


def repo_files() -> set[str]:
    """Files git would see as new or changed (ignored outputs/ and caches excluded)."""
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    return {line[3:] for line in out.splitlines()}


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, "notebooks/*.py not found"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(notebook: Path, tmp_path: Path) -> None:
    before = repo_files()
    env = {**os.environ, "CSTO_NOTEBOOK_SMALL": "1", "MPLBACKEND": "Agg", "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(notebook)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    assert proc.returncode == 0, f"{notebook.name} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    assert repo_files() == before, f"{notebook.name} left files in the repository"
