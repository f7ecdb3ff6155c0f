"""The shapes of the configs the commands read outside Hydra's composition: configs/validation.yaml
and configs/experiments.yaml. Structured configs as in sim.inputs.schema (registered in Hydra's
ConfigStore with them): a wrong type, an unknown key or a value out of its bound (field metadata,
sim.inputs.checks) is one line naming the field; values are stated in the YAML only."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional

from omegaconf import MISSING, DictConfig, OmegaConf

from sim.errors import InputError
from sim.inputs.checks import RANGE, STRICT, ParamRange, check_ranges, check_shape, ranged
from sim.inputs.schema import ClusterConfig, EpisodeCoding

__all__ = ["ExperimentsConfig", "SensitivityMethod", "ValidationConfig", "check_experiments", "check_validation"]

# --- python -m sim.docgen.validation (configs/validation.yaml) -----------------------------------


@dataclass
class ValidationConfig:
    """configs/validation.yaml: the out-of-sample validation's own settings (the prior, the unfitted
    decision settings and the alliance come from configs/calibrate.yaml). Every value is stated once,
    in the YAML; this gives the shape, the types, the bounds and no unknown key."""

    coding: EpisodeCoding = MISSING
    samples: Optional[int] = ranged(MISSING, 1)  # null: configs/calibrate.yaml search.samples
    replications: Optional[int] = ranged(MISSING, 1)  # null: search.replications
    holdout_replications: int = ranged(MISSING, 1)
    tolerance: Optional[float] = ranged(MISSING, 0, low_open=True)  # null: the chi-square rule
    smoothing: Optional[float] = ranged(MISSING, 0, low_open=True, note="pseudo-counts per outcome")  # null: search
    score_floor: float = ranged(MISSING, 0, 1, low_open=True, high_open=True)
    seed: int = ranged(MISSING, 0)
    origins: list[int] = MISSING
    reason_lanes: int = ranged(MISSING, 1)
    sensitivity_lanes: int = ranged(MISSING, 1)
    honoured_share_literature: dict[str, float] = field(default=MISSING, metadata={RANGE: (0, 1)})
    jobs: int = ranged(MISSING, 1)
    progress: bool = MISSING
    miss_notes: dict[str, str] = MISSING


def check_validation(raw: Any, search: Any, source: str = "validation") -> Any:
    """configs/validation.yaml against ValidationConfig: a wrong type or an unknown key, then a value
    out of its bound, is one line naming the field (`samples: true` is refused, not read as 1). Its null
    samples, replications and smoothing take the calibration's `search` values (stated once there)."""
    cfg = check_shape(raw, ValidationConfig, source + ".")
    for key in ("samples", "replications", "smoothing"):
        if cfg[key] is None:
            cfg[key] = search[key]
    check_ranges(ValidationConfig, cfg, source)
    if list(cfg.origins) != sorted(set(cfg.origins)) or not cfg.origins:
        raise InputError(f"{source}.origins", list(cfg.origins), "distinct years in increasing order")
    return cfg


# --- the experiments (configs/experiments.yaml: experiments/*.py, sim.explore) -----------------------


class SensitivityMethod(str, Enum):
    sobol = "sobol"  # Saltelli sampling: first-order and total indices
    morris = "morris"  # elementary effects: a cheaper screening


SIZES = {RANGE: (1, math.inf)}  # sample sizes, grid steps and replications: a whole number >= 1


@dataclass
class SensitivityConfig:
    method: Optional[SensitivityMethod] = None
    scenarios: Optional[list[str]] = None  # scenario names; `calibration`: the calibration episodes
    n: Optional[int] = field(default=None, metadata=SIZES)
    calc_second_order: Optional[bool] = None
    morris_levels: Optional[int] = ranged(None, 2, note="Morris needs a grid of at least 2 levels")
    replications: Optional[int] = field(default=None, metadata=SIZES)
    quick: Optional[dict[str, int]] = field(default=None, metadata=SIZES)


@dataclass
class HeatmapConfig:
    scenario: Optional[str] = None
    x: Optional[str] = None
    y: Optional[str] = None
    steps: Optional[int] = field(default=None, metadata=SIZES)
    replications: Optional[int] = field(default=None, metadata=SIZES)
    quick: Optional[dict[str, int]] = field(default=None, metadata=SIZES)


@dataclass
class DiscoveryConfig:
    scenarios: Optional[list[str]] = None
    samples: Optional[int] = field(default=None, metadata=SIZES)
    replications: Optional[int] = field(default=None, metadata=SIZES)
    troops_share: Optional[float] = ranged(None, 0, 1, low_open=True, note="a share of P(troops)")
    tree_depth: Optional[int] = ranged(None, 1)
    prim_threshold: Optional[float] = ranged(None, 0, 1, low_open=True, note="a box density")
    quick: Optional[dict[str, int]] = field(default=None, metadata=SIZES)


@dataclass
class ExperimentsConfig:
    """configs/experiments.yaml's shape: types, known keys and bounds (values are stated in the YAML
    only, so every field is None here: absent). `weights` are [low, high] pairs in the YAML, ParamRange
    here (`check_experiments` converts them): weights are magnitudes, 0 <= low < high."""

    weights: Optional[dict[str, ParamRange]] = field(default=None, metadata={RANGE: (0.0, math.inf), STRICT: True})
    overrides: Optional[list[str]] = None
    seed: Optional[int] = ranged(None, 0)
    batch_points: Optional[int] = ranged(None, 1)
    jobs: Optional[int] = ranged(None, 1)
    cluster: Optional[ClusterConfig] = None
    sensitivity: Optional[SensitivityConfig] = None
    heatmap: Optional[HeatmapConfig] = None
    discovery: Optional[DiscoveryConfig] = None


SECTIONS: dict[str, type] = {"sensitivity": SensitivityConfig, "heatmap": HeatmapConfig, "discovery": DiscoveryConfig}


def as_ranges(weights: Any) -> Any:
    """The one place the YAML's [low, high] pairs become ParamRange mappings (anything else is left
    for the shape to refuse in one line)."""
    if not OmegaConf.is_dict(weights):
        return weights
    return {str(k): vars(ParamRange.of(v, f"weights.{k}")) for k, v in weights.items()}


def check_experiments(raw: DictConfig) -> DictConfig:
    """configs/experiments.yaml against ExperimentsConfig: shape, types, Enums and bounds; a lone
    scenario name becomes a list of one."""
    raw = raw.copy()
    if "weights" in raw:
        raw.weights = as_ranges(raw.weights)
    sens = raw.get("sensitivity")
    if OmegaConf.is_dict(sens) and isinstance(sens.get("scenarios"), str):
        sens.scenarios = [sens.scenarios]
    cfg = check_shape(raw, ExperimentsConfig)
    check_ranges(ExperimentsConfig, cfg)
    return cfg
