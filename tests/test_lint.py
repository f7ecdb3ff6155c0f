"""ruff and mypy (both configured in pyproject.toml) are clean on the code, so `make test`, which CI runs, keeps
them so."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def test_ruff_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "sim", "tests", "experiments",
                           "notebooks"], cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean():
    # the packages and settings come from [tool.mypy]; the cache (.mypy_cache, git-ignored) makes a re-run quick
    proc = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", ".mypy_cache"],
                          cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
