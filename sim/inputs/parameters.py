"""Plain keyword parameters -> a ModelSpec: how a Mesa user (e.g. `mesa.batch_run`) names a run.

`AllianceModel(scenario="kyrgyzstan_2010", cost=2.0, rule="majority")` means the same as
`python -m sim scenario=kyrgyzstan_2010 decision.weights.cost=2.0 decision.rule=majority`: the
keywords become Hydra overrides and go through the same composition and validation.
"""

from __future__ import annotations

from sim.errors import InputError, one_of
from sim.inputs.compose import compose_config
from sim.inputs.spec import build_spec
from sim.model.decision import TERMS
from sim.model.model import ModelSpec

DEFAULT_SCENARIO = "kazakhstan_2022"  # the scenario `python -m sim` runs by default (configs/config.yaml)


def parameter_overrides(scenario: str | None = None, decision: str | None = None, rule: str | None = None,
                        **weights: float) -> list[str]:
    """The Hydra overrides that the keywords stand for; unknown keywords are an InputError."""
    unknown = sorted(set(weights) - set(TERMS))
    if unknown:
        raise InputError("AllianceModel parameter", unknown[0],
                         "scenario, decision, rule, spec, lanes, seed or a decision weight; " + one_of(TERMS))
    overrides = [f"scenario={scenario}"] if scenario else []
    overrides += [f"decision={decision}"] if decision else []
    overrides += [f"decision.rule={rule}"] if rule else []
    overrides += [f"decision.weights.{name}={float(value)}" for name, value in weights.items()]
    return overrides


def spec_from_parameters(scenario: str | None = None, decision: str | None = None, rule: str | None = None,
                         **weights: float) -> ModelSpec:
    """The validated spec for a scenario name, a decision config name, a rule and weight values."""
    return build_spec(compose_config(parameter_overrides(scenario, decision, rule, **weights)))
