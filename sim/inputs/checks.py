"""One range check for every config a command reads: bounds are stated on the structured configs'
fields (`field(metadata={"range": ...})`, or `ranged(...)`) and one walker checks a config against them.

OmegaConf already refuses a wrong type, an unknown key and a value outside an Enum when a config is
composed or merged onto its schema; what a type cannot say (a share in [0, 1], a whole number >= 1,
low <= high of a parameter range) is stated next to the field it bounds and checked here, the same
way for configs/config.yaml, calibrate.yaml, validation.yaml and experiments.yaml. A failure is the
one-line InputError naming the field, the value and what the field allows (`describe`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from omegaconf import MISSING, OmegaConf

from sim.errors import InputError, one_of

RANGE = "range"  # field metadata: a Bound, or a (low, high) pair (both ends closed)
STRICT = "strict"  # field metadata on a ParamRange field: low < high, not only low <= high


@dataclass(frozen=True)
class Bound:
    """The values a number may take: from `low` to `high`, either end open or infinite."""

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    note: str = ""  # what the number is, e.g. "% of GDP"

    def admits(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def describe(self, whole: bool = False) -> str:
        """What the field allows, in the words every error message uses."""
        kind = "a whole number" if whole else "a number"
        has_low, has_high = math.isfinite(self.low), math.isfinite(self.high)
        if has_low and has_high and whole and not (self.low_open or self.high_open):
            text = f"{kind} from {self.low} to {self.high}"
        elif has_low and has_high:
            text = (f"{kind} in {'(' if self.low_open else '['}{self.low}, {self.high}"
                    f"{')' if self.high_open else ']'}")
        elif has_low:
            text = f"{kind} {'>' if self.low_open else '>='} {self.low}"
        elif has_high:
            text = f"{kind} {'<' if self.high_open else '<='} {self.high}"
        else:
            text = f"a finite {kind[2:]}"
        return f"{text} ({self.note})" if self.note else text


def ranged(default: Any = MISSING, low: float = -math.inf, high: float = math.inf, *, low_open: bool = False,
           high_open: bool = False, note: str = "") -> Any:
    """A scalar schema field with its bound: `replications: int = ranged(500, 1)`."""
    return field(default=default, metadata={RANGE: Bound(low, high, low_open, high_open, note)})


@dataclass
class ParamRange:
    """A parameter's range [low, high]: the one range type of the configs (timeline.prior, the
    experiments' weights, sim.explore.design.Ranges). `check_ranges` checks low <= high (low < high
    under STRICT metadata) and both ends against the field's own `range` metadata."""

    low: float = MISSING
    high: float = MISSING

    def __iter__(self) -> Iterator[float]:  # unpacks like the (low, high) pair it replaces
        return iter((self.low, self.high))

    @classmethod
    def of(cls, value: Any, path: str) -> ParamRange:
        """A range from a [low, high] pair (experiments.yaml) or a {low, high} mapping (the schemas)."""
        if isinstance(value, ParamRange):
            return value
        if (OmegaConf.is_list(value) or isinstance(value, (list, tuple))) and len(value) == 2:
            return cls(value[0], value[1])
        if OmegaConf.is_dict(value) or isinstance(value, dict):
            if set(value.keys()) <= {"low", "high"}:
                return cls(_get(value, "low"), _get(value, "high"))
        raise InputError(path, plain(value), "[low, high] or {low: .., high: ..}")


def plain(value: Any) -> Any:
    """A config value as plain Python (lists, dicts, an Enum's value) for an error message."""
    if OmegaConf.is_config(value):
        return OmegaConf.to_container(value, enum_to_str=True)
    return value.value if isinstance(value, Enum) else value


def _get(node: Any, key: str) -> Any:
    """node[key] from a DictConfig, a dict or a dataclass; None when absent or MISSING."""
    if OmegaConf.is_config(node):
        if key not in node or OmegaConf.is_missing(node, key):
            return None
        return node.get(key)
    if isinstance(node, dict):
        return node.get(key)
    return getattr(node, key, None)


def _items(node: Any) -> Iterable[tuple[Any, Any]]:
    if OmegaConf.is_dict(node) or isinstance(node, dict):
        return [(k, _get(node, k)) for k in node.keys()]
    return []


def _inner(hint: Any) -> Any:
    """X from Optional[X]."""
    if get_origin(hint) is Union:
        args = [a for a in get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def bound_of(metadata: Any) -> Bound | None:
    value = metadata.get(RANGE) if metadata else None
    return Bound(*value) if isinstance(value, tuple) else value


def check_number(value: Any, path: str, bound: Bound, whole: bool = False) -> None:
    """A finite number (a whole one if `whole`, never a bool) within `bound`, or InputError."""
    ok = (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
          and (isinstance(value, int) or not whole))
    if not ok or not bound.admits(value):
        raise InputError(path, plain(value), bound.describe(whole))


@cache
def _bounded_fields(schema: Any) -> tuple[tuple[str, Any, Any], ...]:
    """(name, type hint, metadata) of the fields of `schema` that hold a bound, here or nested
    (the others are never walked: a config is checked each time a run reads it)."""
    hints = get_type_hints(schema)
    return tuple((f.name, hints[f.name], f.metadata) for f in fields(schema)
                 if bound_of(f.metadata) is not None or _holds_bounds(hints[f.name]))


def _holds_bounds(hint: Any) -> bool:
    hint = _inner(hint)
    if hint is ParamRange:
        return True
    if isinstance(hint, type) and is_dataclass(hint):
        return bool(_bounded_fields(hint))
    return any(_holds_bounds(a) for a in get_args(hint) if a is not type(None)) if get_origin(hint) else False


def check_ranges(schema: Any, node: Any, prefix: str = "", keys: Iterable[str] | None = None) -> None:
    """Every bounded field of `schema` (the dataclass) in `node` (its config), nested dataclasses,
    dicts and lists included; `keys`: only these top-level fields. Raises the first InputError."""
    wanted = None if keys is None else set(keys)
    for name, hint, metadata in _bounded_fields(schema):
        if wanted is not None and name not in wanted:
            continue
        path = f"{prefix}.{name}" if prefix else name
        value = _get(node, name)
        if value is None and OmegaConf.is_config(node) and name in node and OmegaConf.is_missing(node, name):
            bound = bound_of(metadata)
            if bound is not None:
                raise InputError(path, None, "required: " + bound.describe(hint is int))
            continue
        _check(hint, value, path, metadata)


def _check(hint: Any, value: Any, path: str, metadata: Any) -> None:
    if value is None:
        return  # Optional: the schema allows null (OmegaConf refuses it where it does not)
    hint, bound = _inner(hint), bound_of(metadata)
    if hint is ParamRange:
        check_range(ParamRange.of(value, path), path, bound or Bound(), bool(metadata.get(STRICT)))
    elif is_dataclass(hint):
        check_ranges(hint, value, path)
    elif get_origin(hint) is dict:
        for key, item in _items(value):
            _check(get_args(hint)[1], item, f"{path}.{key}", metadata)
    elif get_origin(hint) is list:
        for i, item in enumerate(value if (OmegaConf.is_list(value) or isinstance(value, list)) else []):
            _check(get_args(hint)[0], item, f"{path}[{i}]", metadata)
    elif bound is not None:
        check_number(plain(value), path, bound, whole=hint is int)


def check_range(rng: ParamRange, path: str, ends: Bound = Bound(), strict: bool = False) -> None:
    """Both ends within `ends`, and low <= high (low < high if `strict`): the one range rule."""
    check_number(rng.low, f"{path}.low", ends)
    check_number(rng.high, f"{path}.high", ends)
    if rng.high < rng.low or (strict and rng.high == rng.low):
        raise InputError(f"{path}.high", rng.high, f"a number {'>' if strict else '>='} {path}.low ({rng.low})")


# --- what a field allows, for the errors OmegaConf raises on a wrong type or an unknown key ----------------


def field_at(schema: type, key: str) -> tuple[Any, Any] | None:
    """(type hint, metadata) of the field at dotted `key` (`a.b[0].c`) in `schema`, or None."""
    hint: Any = schema
    metadata: Any = {}
    for part in (p for p in re.split(r"\.|\[\d+\]", key) if p):
        hint = _inner(hint)
        while get_origin(hint) is list:  # an index was stripped: step into the items
            hint = _inner(get_args(hint)[0])
        if is_dataclass(hint):
            found = next((f for f in fields(hint) if f.name == part), None)
            if found is None:
                return None
            hint, metadata = get_type_hints(hint)[part], found.metadata
        elif get_origin(hint) is dict:
            hint = get_args(hint)[1]
        else:
            return None
    if key.endswith("]"):
        hint = _inner(hint)
        hint = get_args(hint)[0] if get_origin(hint) is list else hint
    return hint, metadata


def describe_field(hint: Any, metadata: Any) -> str:
    """What a field of this type (and bound) allows, e.g. `allowed: observed, simulated`."""
    optional = _inner(hint) is not hint
    hint, bound = _inner(hint), bound_of(metadata)
    if isinstance(hint, type) and issubclass(hint, Enum):
        text = one_of(m.value for m in hint)
    elif hint is ParamRange:
        text = "[low, high] or {low: .., high: ..}"
    elif get_origin(hint) is dict or is_dataclass(hint):
        text = "a mapping"
    elif get_origin(hint) is list:
        text = "a list"
    elif hint is bool:
        text = "true or false"
    elif hint in (int, float):
        text = bound.describe(hint is int) if bound else ("a whole number" if hint is int else "a number")
    elif hint is str:
        text = "a string"
    else:
        text = ""
    return f"{text}, or null" if optional and text else text


def schema_error(exc: BaseException, schema: type, prefix: str = "") -> InputError:
    """OmegaConf's error for a value merged onto `schema` as the one-line InputError: the field, the
    value, and what the schema allows there (the allowed keys, for an unknown key)."""
    from omegaconf.errors import ConfigAttributeError, ConfigKeyError, MissingMandatoryValue

    key = str(getattr(exc, "full_key", None) or getattr(exc, "key", None) or "?")
    if isinstance(exc, (ConfigKeyError, ConfigAttributeError)):  # an unknown key (by item or by attribute)
        parent = field_at(schema, key.rpartition(".")[0]) if "." in key else (schema, {})
        inner = _inner(parent[0]) if parent else None
        names = [f.name for f in fields(inner)] if inner is not None and is_dataclass(inner) else []
        allowed = "allowed keys: " + ", ".join(names) if names else "a key the mapping does not hold"
        return InputError(prefix + key, "unknown key", allowed)
    found = field_at(schema, key)
    allowed = describe_field(*found) if found else ""
    if isinstance(exc, MissingMandatoryValue):
        return InputError(prefix + key, None, "required" + (f": {allowed}" if allowed else ""))
    message = str(getattr(exc, "msg", exc)).splitlines()[0]
    return InputError(prefix + key, plain(getattr(exc, "value", None)), allowed or message)


def check_shape(raw: Any, schema: type, prefix: str = "") -> Any:
    """`raw` merged onto the structured `schema` (every value present, none MISSING): an unknown key or a
    wrong type is one line naming the field (`prefix` + its dotted key) and what it allows."""
    from omegaconf.errors import OmegaConfBaseException

    try:
        cfg = OmegaConf.merge(OmegaConf.structured(schema), raw)
        OmegaConf.to_container(cfg, throw_on_missing=True)
    except OmegaConfBaseException as exc:
        raise schema_error(exc, schema, prefix) from None
    return cfg
