"""Shared fixtures: configs composed exactly as the CLI composes them."""

from __future__ import annotations

import contextlib
import copy
import functools
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.inputs.compose import compose_config
from sim.inputs.spec import build_spec
from sim.model.model import ModelSpec

logging.getLogger("MESA").setLevel(logging.WARNING)
# figures to files in tests and the commands they start; notebooks run inline
os.environ.setdefault("MPLBACKEND", "Agg")

PROJECT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = PROJECT.parent / "shared" / "seeds"


class NoAliasDumper(yaml.SafeDumper):
    """Write an edited seed file out in full: the seed reader refuses YAML aliases, and a record
    copied inside a test would otherwise be written as one."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def copy_seeds(tmp_path: Path) -> Path:
    """A private copy of the project's seeds/ to corrupt in a test."""
    target = tmp_path / "seeds"
    shutil.copytree(PROJECT / "seeds", target)
    return target


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a seed YAML, let `change` edit it in place, write it back whole (no aliases)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_cfg(*overrides: str) -> DictConfig:
    """The config as the CLI composes it, except that the decision group defaults to the hand-set
    `default` weights: the model's tests check mechanics and must not change whenever the
    calibration (the CLI's default, decision=calibrated) is re-run. Pass decision=... to choose."""
    if not any(o.startswith("decision=") for o in overrides):
        overrides = ("decision=default", *overrides)
    return compose_config(list(overrides))


# A calibration small enough for a unit test (seconds), shared by the calibration tests.
CALIBRATION_SMALL = ("search.samples=128", "search.replications=32", "search.confirm_replications=200",
                     "search.confirm_max=50", "search.block_lanes=2048", "progress=false")


def make_calibrate_cfg(*overrides: str) -> DictConfig:
    """The calibrate config as `python -m sim.calibrate` composes it."""
    return compose_config(list(overrides), "calibrate")


@pytest.fixture(scope="session")
def small_calibration(tmp_path_factory):
    """One small calibration for the whole session, written as `python -m sim.calibrate` writes it
    (plots, tables, samples), with its decision config in a temporary file, never the project's."""
    from sim.calibrate import run_calibration

    tmp = tmp_path_factory.mktemp("calibration")
    cfg = make_calibrate_cfg(*CALIBRATION_SMALL, "plots=true", f"config_path={tmp / 'calibrated.yaml'}")
    return tmp, run_calibration(cfg, tmp / "run", "python -m sim.calibrate (test)")


def make_spec(*overrides: str) -> ModelSpec:
    return build_spec(make_cfg(*overrides))


@functools.lru_cache(maxsize=64)
def _group_cfg(groups: tuple[str, ...]) -> DictConfig:
    return make_cfg(*groups)


def make_spec_quick(*overrides: str) -> ModelSpec:
    """make_spec for property tests that build hundreds of specs: each choice of config groups
    (scenario=..., alliance=..., decision=...) is composed once, and the dotted overrides
    (decision.weights.cost=2, +scenario.commitments.RUS=0.5) are merged into a copy, checked by the
    same schema. tests/test_properties.py checks that it gives what make_spec gives."""
    groups = tuple(o for o in overrides if "." not in o.split("=", 1)[0])
    dotted = [o.removeprefix("+") for o in overrides if o not in groups]
    cfg = copy.deepcopy(_group_cfg(groups))
    with open_dict(cfg):  # keys under a mapping (`+...` on the command line) may be added
        cfg = OmegaConf.merge(cfg, OmegaConf.from_dotlist(dotted))
    return build_spec(cfg)  # type: ignore[arg-type]


@pytest.fixture
def cfg_factory():
    return make_cfg


@pytest.fixture
def spec_factory():
    return make_spec


@contextlib.contextmanager
def lock_held_elsewhere(folder: Path) -> Iterator[subprocess.Popen]:
    """Another live process holding the folder's run lock (sim.runs.lock) until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from sim.runs.lock import RunLock; "
                               f"RunLock({str(folder)!r}).acquire(); print('held', flush=True); time.sleep(60)"],
                              cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def run_module(module: str, *args: str, cwd) -> subprocess.CompletedProcess:
    """`python -m <module> <args>` as a user runs it, in `cwd`, output captured."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def sim(*args: str, cwd) -> subprocess.CompletedProcess:
    """`python -m sim <args>`."""
    return run_module("sim", *args, cwd=cwd)
