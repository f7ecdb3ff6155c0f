"""How far to trust a run's numbers: for a historical episode, the out-of-sample forecast beside the
in-sample one (docs/validation.json, written by `make validate`).

A run of an episode the calibration was fitted to shows an in-sample probability: the episode helped
choose the weights. The leave-one-out forecast (the weights chosen without the episode, its inputs as
known before its date) says how well the model would have done had it not seen it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim.inputs.paths import PROJECT_ROOT

VALIDATION_JSON = PROJECT_ROOT / "docs" / "validation.json"


@lru_cache(maxsize=4)
def _per_episode(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {e["id"]: e for e in data.get("per_episode", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no validation yet (or unreadable): the table says so, the run goes on


def out_of_sample(episode: str | None, path: Path = VALIDATION_JSON) -> dict[str, Any] | None:
    """The episode's leave-one-out forecast (troops / partial / none) and the structural-cell
    baseline's, from docs/validation.json; None for a scenario that is not a validated episode."""
    if not episode:
        return None
    row = _per_episode(path).get(episode)
    if row is None:
        return None
    return {"model": row["model_loo"], "cells": row.get("cells_loo"), "observed": row["observed"]}


def trust_line(summary: dict[str, Any]) -> str | None:
    """One line for the printed table: the out-of-sample forecast beside the in-sample run."""
    oos = out_of_sample(summary.get("episode"))
    if oos is None:
        return None
    m = oos["model"]
    return (f"  {'out of sample':<22}troops {m['troops']:.1%}   partial {m['partial']:.1%}   none {m['none']:.1%}"
            "   <- leave-one-out (docs/validation.json): the numbers above are in sample")
