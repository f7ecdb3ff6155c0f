"""ruff (configured in pyproject.toml) is clean on the code, so `make test`, which CI runs, keeps it so."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def test_ruff_is_clean():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "sim", "tests", "experiments", "notebooks"],
                          cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
