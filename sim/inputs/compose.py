"""One way to compose a config: as `python -m sim` (or `sim.calibrate`, `sim.ensemble`) would.

Library code, notebooks, the app and the tests all come here instead of calling Hydra's
`initialize_config_dir` themselves, so there is one config directory, one schema registration
and one lock (Hydra's global state is not thread-safe; the seminar app composes from threads).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from hydra import compose, initialize_config_dir
from hydra.errors import ConfigCompositionException
from omegaconf import DictConfig, OmegaConf

from sim.errors import InputError, one_of
from sim.inputs.hydra_errors import composition_error
from sim.inputs.paths import CONFIG_DIR, SCENARIO_DIR
from sim.inputs.schema import Config, ScenarioConfig, register_configs

_LOCK = threading.Lock()


def compose_config(overrides: Iterable[str] = (), config_name: str = "config") -> DictConfig:
    """The composed config for `overrides`, validated by the schema (not yet against the seeds): a
    wrong type or a value outside an Enum is one InputError naming the field and what it allows."""
    register_configs()
    with _LOCK, initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        try:
            return compose(config_name, overrides=list(overrides))
        except ConfigCompositionException as exc:
            error = composition_error(exc, config_name)
            if error is None:
                raise
            raise error from None


def scenario_names() -> tuple[str, ...]:
    """The scenarios a user can name (`scenario=<name>`): the files in configs/scenario/."""
    return tuple(sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml")))


# Config groups a user chooses by name on the command line (group=name): each name must be a file
# of that group's folder, never a path that climbs out of configs/ (`scenario=../../elsewhere/evil`).
CHOICE_GROUPS: tuple[str, ...] = ("scenario", "alliance", "decision", "run", "timeline")


def group_names(group: str) -> tuple[str, ...]:
    """The names a config group offers: its YAML files in configs/<group>/."""
    return tuple(sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml")))


def check_group_choice(group: str, name: str) -> None:
    """A group choice names a file inside configs/<group>/ (no path, no '..'), or fails in one line."""
    allowed = group_names(group)
    if name not in allowed or "/" in name or "\\" in name or ".." in name:
        raise InputError(group, name, "unknown; " + one_of(allowed))  # names only, never a path


def scenario_node(name: str, field: str = "scenario") -> DictConfig:
    """One scenario file, checked against the schema, for code that swaps scenarios in a config."""
    if "/" in str(name) or ".." in str(name):
        raise InputError(field, name, one_of(scenario_names()))
    path = SCENARIO_DIR / f"{name}.yaml"
    if not path.is_file():
        raise InputError(field, name, one_of(scenario_names()))
    # OmegaConf types merge() as either container; into a structured config it is a DictConfig
    return OmegaConf.merge(OmegaConf.structured(ScenarioConfig), OmegaConf.load(path))  # type: ignore[return-value]


def with_scenario(alliance: object, decision: object, scenario: DictConfig) -> DictConfig:
    """A full run config from an alliance, a decision and a scenario node (calibration, timeline)."""
    return OmegaConf.merge(OmegaConf.structured(Config),  # type: ignore[return-value]  # as above: a DictConfig
                           {"alliance": alliance, "decision": decision, "scenario": scenario})
