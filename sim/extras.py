"""Optional dependencies. The base install runs the model, calibration, the timeline and the commands;
the seminar app, Dask clusters, the experiments and the notebooks come as extras (pyproject.toml), imported
only by the modules that need them, so a missing extra is one line naming it, not a traceback deep inside."""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtra(ImportError):
    """An optional package is not installed; the message names the extra that brings it."""


def missing(what: str, extra: str) -> MissingExtra:
    return MissingExtra(f"{what} needs the '{extra}' extra: pip install -e '.[{extra}]'")


def require(module: str, what: str, extra: str) -> ModuleType:
    """Import `module`, or raise MissingExtra naming `extra`."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing(what, extra) from exc
