"""The one range check (sim.inputs.checks): every bound stated on a schema field is enforced at that
bound, names the field in one line, and every YAML in configs/ passes it."""

from __future__ import annotations

import dataclasses
import math
from typing import Any, get_args, get_origin, get_type_hints

import pytest
from conftest import make_cfg
from omegaconf import OmegaConf

from sim.errors import InputError
from sim.inputs import checks
from sim.inputs.checks import Bound, ParamRange, bound_of, check_ranges
from sim.inputs.compose import compose_config, group_names, scenario_names, scenario_node
from sim.inputs.config_shapes import ExperimentsConfig, ValidationConfig
from sim.inputs.schema import CalibrateConfig, Config, EnsembleConfig, ScenarioConfig

DEFAULTS = {"alliance": "csto", "decision": "calibrated", "timeline": "default", "run": "default"}  # config.yaml
ROOTS: tuple[type, ...] = (Config, CalibrateConfig, EnsembleConfig, ValidationConfig, ExperimentsConfig)


def _scalar(hint: Any) -> Any:
    """The number type at the leaves of a (dict of dict of) number field."""
    hint = checks._inner(hint)
    while get_origin(hint) is dict:
        hint = checks._inner(get_args(hint)[1])
    return hint


def bounded_fields() -> list[tuple[type, str, Any, Bound, bool]]:
    """(dataclass, field, type hint, bound, strict) of every range-annotated field reachable from the
    schemas, each dataclass once: the fields the mechanism must enforce."""
    seen, out, todo = set(), [], list(ROOTS)
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = get_type_hints(cls)
        for f in dataclasses.fields(cls):
            hint = checks._inner(hints[f.name])
            bound = bound_of(f.metadata)
            if _scalar(hint) is ParamRange:
                out.append((cls, f.name, hint, bound or Bound(), bool(f.metadata.get(checks.STRICT))))
            elif bound is not None:
                out.append((cls, f.name, hint, bound, False))
            stack = [hint]
            while stack:  # nested dataclasses, also inside dicts and lists
                h = checks._inner(stack.pop())
                if dataclasses.is_dataclass(h) and h is not ParamRange:
                    todo.append(h)
                stack += [a for a in get_args(h) if a is not type(None)] if get_origin(h) else []
    return sorted(out, key=lambda row: (row[0].__name__, row[1]))


FIELDS = bounded_fields()


def outside(bound: Bound, whole: bool) -> list[float]:
    """Values just outside the bound on each finite side (none finite: values that are not finite)."""
    values = []
    if math.isfinite(bound.low):
        values.append(bound.low if bound.low_open else (bound.low - 1 if whole else bound.low - 1e-9 * max(1.0, abs(bound.low))))
    if math.isfinite(bound.high):
        values.append(bound.high if bound.high_open else (bound.high + 1 if whole else bound.high + 1e-9 * max(1.0, abs(bound.high))))
    return values or [math.inf, math.nan]


def inside(bound: Bound, whole: bool) -> float:
    """A value just inside the bound, at its lower side where it has one."""
    if math.isfinite(bound.low):
        step = 1 if whole else 1e-9 * max(1.0, abs(bound.low))
        return bound.low + step if bound.low_open else bound.low
    return bound.high - (1 if whole else 0) if math.isfinite(bound.high) else 0.0


def nest(hint: Any, leaf: Any) -> tuple[Any, str]:
    """A field value holding `leaf` where its numbers go (dicts get key X), and the key path to it."""
    hint = checks._inner(hint)
    if get_origin(hint) is dict:
        value, path = nest(get_args(hint)[1], leaf)
        return {"X": value}, ".X" + path
    return leaf, ""


def test_the_schemas_have_bounds_to_check():
    names = {f"{cls.__name__}.{name}" for cls, name, *_ in FIELDS}
    assert {"TimelineConfig.sessions_per_year", "TimelineConfig.prior", "ExitRules.notice_months",
            "ExperimentsConfig.weights", "ExperimentsConfig.batch_points", "ValidationConfig.score_floor",
            "DecisionConfig.material_effect", "Config.seed", "ClusterConfig.connect_timeout_s"} <= names


@pytest.mark.parametrize("cls, name, hint, bound, strict", FIELDS,
                         ids=[f"{cls.__name__}.{name}" for cls, name, *_ in FIELDS])
def test_a_value_just_outside_a_bound_is_refused_naming_the_field(cls, name, hint, bound, strict):
    whole = _scalar(hint) is int
    for bad in outside(bound, whole):
        if _scalar(hint) is ParamRange:
            value, path = nest(hint, {"low": bad, "high": max(inside(bound, False), 1.0)})
            path += ".low"
        else:
            value, path = nest(hint, bad)
        with pytest.raises(InputError) as err:
            check_ranges(cls, {name: value}, "cfg", keys=(name,))
        assert err.value.field == f"cfg.{name}{path}" and "\n" not in str(err.value)
        assert str(err.value).endswith(bound.describe(whole) if math.isfinite(bad) else str(err.value).split(": ", 1)[1])
    good = inside(bound, whole)
    leaf = {"low": good, "high": good + 1.0} if _scalar(hint) is ParamRange else good
    check_ranges(cls, {name: nest(hint, leaf)[0]}, "cfg", keys=(name,))  # the bound itself is allowed


def test_a_bound_is_enforced_on_a_composed_config_not_only_on_plain_dicts():
    cfg = make_cfg("timeline.sessions_per_year=13")
    with pytest.raises(InputError, match=r"^timeline\.sessions_per_year = 13: a whole number from 1 to 12$"):
        check_ranges(Config, cfg)


def test_a_parameter_range_needs_low_at_most_high_and_strict_ones_low_below_high():
    with pytest.raises(InputError, match=r"^t\.p\.x\.high = 0\.1: a number >= t\.p\.x\.low \(0\.5\)$"):
        checks._check(dict[str, ParamRange], {"x": {"low": 0.5, "high": 0.1}}, "t.p", {})
    checks._check(dict[str, ParamRange], {"x": [0.5, 0.5]}, "t.p", {})  # a point: allowed unless strict
    with pytest.raises(InputError, match=r"^weights\.cost\.high = 1\.0: a number > weights\.cost\.low"):
        check_ranges(ExperimentsConfig, {"weights": {"cost": [1.0, 1.0]}}, keys=("weights",))
    with pytest.raises(InputError, match=r"^weights\.cost = 3: \[low, high\]"):
        check_ranges(ExperimentsConfig, {"weights": {"cost": 3}}, keys=("weights",))


@pytest.mark.parametrize("override, message", [
    ("timeline.history=imagined", "timeline.history = 'imagined': allowed: observed, simulated"),
    ("timeline.outcomes=guessed", "timeline.outcomes = 'guessed': allowed: observed, simulated"),
    ("timeline.crises_after_cutoff=often", "timeline.crises_after_cutoff = 'often': allowed: none, resample"),
    ("timeline.forecast.weights=mine", "timeline.forecast.weights = 'mine': allowed: configured, fitted"),
    ("seed=abc", "seed = 'abc': a whole number >= 0"),
])
def test_a_value_outside_an_enum_or_of_the_wrong_type_is_one_line_when_composed(override, message):
    with pytest.raises(InputError) as err:
        compose_config([override])
    assert str(err.value) == message


def test_every_config_in_configs_passes_its_checks():
    for name, schema in (("config", Config), ("calibrate", CalibrateConfig), ("ensemble", EnsembleConfig)):
        check_ranges(schema, compose_config([], name), "")
    others = [f"{group}={choice}" for group in DEFAULTS for choice in group_names(group)  # the defaults: above
              if choice != DEFAULTS[group]]
    assert len(others) == 4  # one other file per group: all composed at once
    check_ranges(Config, compose_config(others))
    for name in scenario_names():
        check_ranges(ScenarioConfig, scenario_node(name), "scenario")
    from sim.calibration.validation import load_settings as validation_settings
    from sim.explore.design import load_settings as experiment_settings

    assert validation_settings().samples >= 1  # the nulls take calibrate.yaml's search values
    assert OmegaConf.is_dict(experiment_settings().weights)
