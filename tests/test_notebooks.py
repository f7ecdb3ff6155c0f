"""Every notebook runs top to bottom in a Jupyter kernel at its small size, and shows its figures.

Notebooks are Jupytext percent-format .py files with a cell tagged `parameters`; the test runs
each as `make notebooks` does (papermill, a fresh kernel) with `SMALL = True`, from a temporary
working directory, and counts the inline images. A new notebook joins this test by being added
to the folder. The test also checks a notebook leaves nothing behind in the repository.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import jupytext
import pytest
from conftest import PROJECT

from sim.notebooks import execute, image_outputs, notebooks

NOTEBOOKS = notebooks()


def repo_files() -> set[str]:
    """Files git would see as new or changed (ignored outputs/ and caches excluded)."""
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    return {line[3:] for line in out.splitlines()}


def test_there_are_notebooks_and_each_has_one_tagged_parameters_cell() -> None:
    assert NOTEBOOKS, "notebooks/*.py not found"
    for path in NOTEBOOKS:
        tagged = [c for c in jupytext.read(path).cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and "SMALL = False" in tagged[0].source, path.name


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_a_kernel_and_shows_figures(notebook: Path, tmp_path: Path) -> None:
    before = repo_files()
    executed = execute(notebook, tmp_path / f"{notebook.stem}.ipynb", {"SMALL": True}, cwd=tmp_path)
    assert image_outputs(executed) >= 1, f"{notebook.name} shows no figure"
    assert repo_files() == before, f"{notebook.name} left files in the repository"
