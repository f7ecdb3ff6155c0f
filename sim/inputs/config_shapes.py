"""The shapes of the configs the commands read outside Hydra's composition: configs/validation.yaml
and configs/experiments.yaml. Structured configs as in sim.inputs.schema: a wrong type or an unknown
key is one line naming the field; values are stated in the YAML only."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Optional

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
    from omegaconf.errors import ConfigKeyError, OmegaConfBaseException

    try:
        cfg = OmegaConf.merge(OmegaConf.structured(ValidationConfig), raw)
        OmegaConf.to_container(cfg, throw_on_missing=True)
    except ConfigKeyError as exc:
        allowed = ", ".join(f.name for f in fields(ValidationConfig))
        raise InputError(f"{source}.{exc.full_key or exc.key}", "unknown key", f"allowed keys: {allowed}") from None
    except OmegaConfBaseException as exc:
        key = getattr(exc, "full_key", None) or "?"
        raise InputError(f"{source}.{key}", getattr(exc, "value", None), str(getattr(exc, "msg", exc)).splitlines()[0]) from None
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


def check_shape(raw: Any, schema: type, source: str) -> None:
    """`raw` merged onto the structured `schema`: an unknown key or a wrong type is one line naming the
    field and what it allows. The caller keeps using `raw` (the schema only checks)."""
    from omegaconf.errors import ConfigKeyError, OmegaConfBaseException

    try:
        OmegaConf.merge(OmegaConf.structured(schema), raw)
    except ConfigKeyError as exc:
        key = str(exc.full_key or exc.key)
        parent: Any = schema
        for part in key.split(".")[:-1]:  # the dataclass that holds the unknown key
            hints = {f.name: f.type for f in fields(parent)} if dataclasses_is(parent) else {}
            nxt = _dataclass_of(hints.get(part))
            parent = nxt if nxt is not None else parent
        allowed = ", ".join(f.name for f in fields(parent)) if dataclasses_is(parent) else "see " + source
        raise InputError(f"{source}: {key}", "unknown key", f"allowed keys: {allowed}") from None
    except OmegaConfBaseException as exc:
        key = getattr(exc, "full_key", None) or "?"
        raise InputError(f"{source}: {key}", getattr(exc, "value", None),
                         str(getattr(exc, "msg", exc)).splitlines()[0]) from None


def dataclasses_is(obj: Any) -> bool:
    return isinstance(obj, type) and hasattr(obj, "__dataclass_fields__")


def _dataclass_of(hint: Any) -> Any:
    """The dataclass named by a field's type hint (`Optional[X]` written as a string under
    `from __future__ import annotations`), or None."""
    if not isinstance(hint, str):
        return hint if dataclasses_is(hint) else None
    name = hint.removeprefix("Optional[").removesuffix("]")
    found = globals().get(name)
    return found if dataclasses_is(found) else None
