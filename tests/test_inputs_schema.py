"""The schemas: every Python default equals the value the YAML configs give it, or is MISSING."""

from __future__ import annotations

import pytest
from omegaconf import OmegaConf

from sim.inputs.compose import compose_config
from sim.inputs.schema import CalibrateConfig, Config, EnsembleConfig


def leaves(node, prefix=""):
    """(dotted key, value) for every leaf of a container; MISSING leaves are skipped."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip("."), node


def disagreements(schema, config_name):
    structured = OmegaConf.to_container(OmegaConf.structured(schema), resolve=False, enum_to_str=True,
                                        throw_on_missing=False)
    composed = OmegaConf.to_container(compose_config(config_name=config_name), resolve=False, enum_to_str=True)
    got = dict(leaves(composed))
    # A scenario's optional fields (episode, name...) default to "not given": each file of the
    # scenario group describes a different crisis, so no single YAML value is "the" default.
    return {key: (value, got.get(key)) for key, value in leaves(structured)
            if value != "???" and key in got and got[key] != value and not key.startswith("scenario.")}


@pytest.mark.parametrize("schema,name", [(Config, "config"), (CalibrateConfig, "calibrate"),
                                         (EnsembleConfig, "ensemble")])
def test_python_defaults_equal_the_yaml_or_are_missing(schema, name):
    assert disagreements(schema, name) == {}
