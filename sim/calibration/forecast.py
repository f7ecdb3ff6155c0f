"""Forecast any scenario with the whole accepted set of a calibration, not one point of it.

`decision=calibrated` runs one parameter vector. The calibration accepted thousands that fit the
episodes about equally well (docs/calibration.md), and they disagree about new scenarios. This
runs every accepted point on the scenario (per-lane parameters, as the calibration's screen does)
and reports each outcome's probability as a distribution over them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from omegaconf import DictConfig

from sim.calibration import scores
from sim.calibration.episodes import EpisodeRun
from sim.calibration.posterior import predictive
from sim.calibration.prior import FLOORS, PARAMETERS
from sim.calibration.report import accepted_table_path
from sim.calibration.tallies import simulate_counts
from sim.errors import InputError
from sim.inputs.paths import DECISION_DIR, PROJECT_ROOT
from sim.inputs.spec import build_spec, check_run_settings
from sim.model import streams
from sim.runs.resources import check_memory


def samples_path(cfg: DictConfig) -> Path:
    """The samples.parquet to use: given; else the run directory recorded in the decision config;
    else the accepted set committed beside the calibrated config (configs/decision/<name>_accepted.parquet)."""
    if cfg.get("samples"):
        path = Path(cfg.samples)
    else:
        cal = cfg.decision.get("calibration") or {}
        if not cal.get("run_dir"):
            raise InputError("samples", None, "a samples.parquet path (the decision config names no calibration run)")
        path = Path(cal["run_dir"]) / "samples.parquet"
        if not path.is_absolute():
            path = PROJECT_ROOT / path
        committed = accepted_table_path(DECISION_DIR / f"{cfg.decision.name}.yaml")
        if not path.is_file() and committed.is_file():
            path = committed
    if not path.is_file():
        raise InputError("samples", str(path), "an existing samples.parquet from `python -m sim.calibrate` "
                                               "(run `make calibrate` first)")
    return path


def accepted_values(path: Path, max_points: int, seed: int) -> dict[str, NDArray[np.float64]]:
    """The accepted points' parameters, at most `max_points` of them (a seeded random subset)."""
    try:
        table = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...: any unreadable file
        reason = " ".join(str(exc).split())[:200]
        raise InputError("samples", str(path), f"a samples.parquet from `python -m sim.calibrate`; "
                                               f"this file could not be read as parquet ({reason})") from exc
    missing = [c for c in (*PARAMETERS, "accepted") if c not in table.columns]
    if missing:
        raise InputError("samples", str(path), f"a calibration samples table; missing columns {missing}")
    table = table[table["accepted"].astype(bool)]
    if table.empty:
        raise InputError("samples", str(path), "a samples table with at least one accepted point; this one has none "
                         "(an empty or fully rejected calibration)")
    for name in PARAMETERS:  # a NaN or out-of-range weight would run and give meaningless probabilities
        col = pd.to_numeric(table[name], errors="coerce").to_numpy(dtype=float)
        floor = FLOORS.get(name, 0.0)
        bad = ~np.isfinite(col) | (col < floor)
        if bad.any():
            allowed = "finite numbers" + (f" >= {floor:g}" if np.isfinite(floor) else "")
            raise InputError(f"samples.{name}", float(col[bad][0]),
                             f"{allowed} in every accepted row ({int(bad.sum())} are not)")
    if len(table) > max_points:
        rng = streams.sampler_rng(seed, streams.ENSEMBLE_SUBSET)
        table = table.iloc[np.sort(rng.choice(len(table), size=max_points, replace=False))]
    return {name: table[name].to_numpy(dtype=float) for name in PARAMETERS}


def forecast(cfg: DictConfig) -> dict[str, Any]:
    """Run the accepted points on the configured scenario; no files, no printing."""
    check_run_settings(cfg)
    for key in ("replications_per_point", "max_points"):
        value = cfg.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(key, value, "a whole number >= 1")
    spec = build_spec(cfg)
    check_memory(cfg.replications_per_point, len(spec.members), key="replications_per_point")
    path = samples_path(cfg)
    values = accepted_values(path, cfg.max_points, cfg.seed)
    episode = EpisodeRun(spec.crisis.id, "scenario", spec.crisis.observed_outcome or "none", spec)
    counts = simulate_counts([episode], values, cfg.replications_per_point, seed=cfg.seed, stage=streams.ENSEMBLE,
                             progress=cfg.progress, desc="ensemble")[:, 0]
    probs = scores.smoothed_probabilities(counts, 0.0)
    c = spec.crisis
    return {
        "scenario": c.id,
        "scenario_name": c.name,
        "observed_outcome": c.observed_outcome,
        "samples": str(path),
        "n_points": int(len(probs)),
        "replications_per_point": int(cfg.replications_per_point),
        "seed": int(cfg.seed),
        "outcome": predictive(probs),  # per outcome: mean, q05, q50, q95 over the accepted points
    }
