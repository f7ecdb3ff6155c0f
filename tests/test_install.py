"""The lean install (pyproject.toml): the base runs the model, calibration, the timeline and the
commands without importing any extra; a missing extra is named in one line; the declared scripts exist."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib

import pytest
from conftest import PROJECT

# top-level packages that only the extras bring (app, cluster, explore, discovery, notebooks, test)
OPTIONAL = ("solara", "ipyvuetify", "ipyvue", "distributed", "dask", "submitit", "SALib", "sklearn", "ema_workbench",
            "jupytext", "papermill", "nbformat", "pytest", "hypothesis", "playwright", "altair")
# what `python -m sim`, `python -m sim.calibrate`, `python -m sim.timeline_run` import
BASE_MODULES = ("sim.__main__", "sim.timeline_run", "sim.calibrate", "sim.ensemble", "sim.collect", "sim.bench",
                "sim.outputs.files",
                "sim.runs.scenario", "sim.runs.engine", "sim.calibration.pipeline", "sim.outputs.calibration_report",
                "sim.timeline.replay", "sim.outputs.timeline",
                # the pages `make calibrate`, `make validate` and `make timeline-docs` write (base install)
                "sim.docgen.evidence", "sim.docgen.calibration_results", "sim.docgen.validation",
                "sim.docgen.forecast", "sim.docgen.timeline_results")


def pyproject() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_commands_import_no_extra():
    code = (f"import sys\nfor m in {BASE_MODULES!r}: __import__(m)\n"
            f"print(' '.join(sorted(m for m in {OPTIONAL!r} if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


@pytest.mark.parametrize(("module", "blocked", "extra"), [("sim.explore.sensitivity", "SALib", "explore"),
                                                         ("sim.notebooks", "papermill", "notebooks"),
                                                         ("sim.app.app", "solara", "app")])
def test_a_missing_extra_is_named(module, blocked, extra):
    code = f"import sys\nsys.modules[{blocked!r}] = None\nimport {module}"  # None in sys.modules: not installed
    proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines()[-1].endswith(f"needs the '{extra}' extra: pip install -e '.[{extra}]'")


def test_declared_scripts_point_at_callables():
    scripts = pyproject()["project"]["scripts"]
    expected = {"csto-sim", "csto-timeline", "csto-calibrate", "csto-ensemble", "csto-collect", "csto-bench"}
    assert expected <= set(scripts)
    for target in scripts.values():
        module, func = target.split(":")
        assert callable(getattr(importlib.import_module(module), func)), target


def test_the_test_extra_brings_every_other_extra():
    extras = pyproject()["project"]["optional-dependencies"]
    self_ref = next(d for d in extras["test"] if d.startswith("csto-sim["))
    assert set(self_ref[len("csto-sim["):-1].split(",")) >= {"app", "cluster", "explore", "notebooks"}


def test_the_page_templates_ship_with_the_package():
    """A template the package data leaves out would be missing from a non-editable install."""
    globs = pyproject()["tool"]["setuptools"]["package-data"]["sim"]
    templates = sorted((PROJECT / "sim" / "docgen" / "templates").iterdir())
    assert templates
    for path in templates:
        rel = path.relative_to(PROJECT / "sim")
        assert any(rel.match(g) for g in globs), f"{rel} is not in [tool.setuptools.package-data]"
