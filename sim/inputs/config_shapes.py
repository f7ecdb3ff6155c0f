"""The shapes of the configs the commands read outside Hydra's composition: configs/validation.yaml
and configs/experiments.yaml. Structured configs as in sim.inputs.schema: a wrong type or an unknown
key is one line naming the field; values are stated in the YAML only."""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Optional, get_args, get_type_hints

from omegaconf import MISSING, OmegaConf

from sim.errors import InputError, one_of
from sim.inputs.schema import ClusterConfig, EpisodeCoding

# --- python -m sim.calibration.validation (configs/validation.yaml) -----------------------------------


@dataclass
class ValidationConfig:
    """configs/validation.yaml: the out-of-sample validation's own settings (the prior, the unfitted
    decision settings and the alliance come from configs/calibrate.yaml). Every value is stated once,
    in the YAML; this gives the shape, the types, and no unknown key (`check_validation`: ranges)."""

    coding: str = MISSING
    samples: Optional[int] = MISSING  # null: configs/calibrate.yaml search.samples
    replications: Optional[int] = MISSING  # null: search.replications
    holdout_replications: int = MISSING
    tolerance: Optional[float] = MISSING
    smoothing: Optional[float] = MISSING  # null: search.smoothing
    score_floor: float = MISSING
    seed: int = MISSING
    origins: list[int] = MISSING
    reason_lanes: int = MISSING
    sensitivity_lanes: int = MISSING
    honoured_share_literature: dict[str, float] = MISSING
    jobs: int = MISSING
    progress: bool = MISSING
    miss_notes: dict[str, str] = MISSING


def check_validation(raw: Any, search: Any, source: str = "validation") -> Any:
    """configs/validation.yaml against ValidationConfig: a wrong type or an unknown key, then a value
    out of range, is one line naming the field (`samples: true` is refused, not read as 1). Its null
    samples, replications and smoothing take the calibration's `search` values (stated once there)."""
    cfg = check_shape(raw, ValidationConfig, source + ".")
    for key in ("samples", "replications", "smoothing"):
        if cfg[key] is None:
            cfg[key] = search[key]
    for key in ("samples", "replications", "holdout_replications", "reason_lanes", "sensitivity_lanes", "jobs"):
        if cfg[key] < 1:
            raise InputError(f"{source}.{key}", cfg[key], "a whole number >= 1")
    if cfg.coding not in [c.value for c in EpisodeCoding]:
        raise InputError(f"{source}.coding", cfg.coding, one_of(tuple(c.value for c in EpisodeCoding)))
    if cfg.tolerance is not None and not cfg.tolerance > 0:
        raise InputError(f"{source}.tolerance", cfg.tolerance, "a number > 0, or null (chi-square rule)")
    if not cfg.smoothing > 0:
        raise InputError(f"{source}.smoothing", cfg.smoothing, "a number > 0 (pseudo-counts per outcome)")
    if not 0 < cfg.score_floor < 1:
        raise InputError(f"{source}.score_floor", cfg.score_floor, "a number in (0, 1)")
    if list(cfg.origins) != sorted(set(cfg.origins)) or not cfg.origins:
        raise InputError(f"{source}.origins", list(cfg.origins), "distinct years in increasing order")
    for name, share in cfg.honoured_share_literature.items():
        if not 0 <= share <= 1:
            raise InputError(f"{source}.honoured_share_literature.{name}", share, "a share in [0, 1]")
    return cfg


# --- the experiments (configs/experiments.yaml: experiments/*.py, sim.explore) -----------------------


@dataclass
class SensitivityConfig:
    method: Optional[str] = None  # sobol | morris (checked by sim.explore.sensitivity)
    scenarios: Any = None  # `calibration` or a list of scenario names
    n: Optional[int] = None
    calc_second_order: Optional[bool] = None
    morris_levels: Optional[int] = None
    replications: Optional[int] = None
    quick: Optional[dict[str, int]] = None


@dataclass
class HeatmapConfig:
    scenario: Optional[str] = None
    x: Optional[str] = None
    y: Optional[str] = None
    steps: Optional[int] = None
    replications: Optional[int] = None
    quick: Optional[dict[str, int]] = None


@dataclass
class DiscoveryConfig:
    scenarios: Optional[list[str]] = None
    samples: Optional[int] = None
    replications: Optional[int] = None
    troops_share: Optional[float] = None
    tree_depth: Optional[int] = None
    prim_threshold: Optional[float] = None
    quick: Optional[dict[str, int]] = None


@dataclass
class ExperimentsConfig:
    """configs/experiments.yaml's shape: types and known keys (values are stated in the YAML only, so
    every field is None here: absent; ranges are checked where each value is used)."""

    weights: Optional[dict[str, list[float]]] = None
    overrides: Optional[list[str]] = None
    seed: Optional[int] = None
    batch_points: Optional[int] = None
    jobs: Optional[int] = None
    cluster: Optional[ClusterConfig] = None
    sensitivity: Optional[SensitivityConfig] = None
    heatmap: Optional[HeatmapConfig] = None
    discovery: Optional[DiscoveryConfig] = None


def check_shape(raw: Any, schema: type, prefix: str) -> Any:
    """`raw` merged onto the structured `schema` (every value present, none MISSING): an unknown key or a
    wrong type is one line naming the field (`prefix` + its dotted key) and what it allows."""
    from omegaconf.errors import ConfigKeyError, OmegaConfBaseException

    try:
        cfg = OmegaConf.merge(OmegaConf.structured(schema), raw)
        OmegaConf.to_container(cfg, throw_on_missing=True)
    except ConfigKeyError as exc:
        key = str(exc.full_key or exc.key)
        raise InputError(prefix + key, "unknown key", "allowed keys: " + ", ".join(_keys_at(schema, key))) from None
    except OmegaConfBaseException as exc:
        raise InputError(prefix + str(getattr(exc, "full_key", None) or "?"), getattr(exc, "value", None),
                         str(getattr(exc, "msg", exc)).splitlines()[0]) from None
    return cfg


def _keys_at(schema: type, key: str) -> list[str]:
    """The fields of the dataclass that holds dotted `key` (an Optional[X] field leads into X)."""
    for part in key.split(".")[:-1]:
        hint = get_type_hints(schema).get(part)
        inner = next((a for a in (get_args(hint) or (hint,)) if isinstance(a, type) and is_dataclass(a)), None)
        if inner is None:
            break
        schema = inner
    return [f.name for f in fields(schema)]
