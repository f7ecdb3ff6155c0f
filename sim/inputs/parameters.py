"""Plain keyword parameters -> a ModelSpec or a model: how a Mesa user (e.g. `mesa.batch_run`) names a run.

`model_from_keywords(scenario="kyrgyzstan_2010", cost=2.0, rule="majority")` means the same as
`python -m sim scenario=kyrgyzstan_2010 decision.weights.cost=2.0 decision.rule=majority`: the
keywords become Hydra overrides and go through the same composition and validation. The model
itself only takes the resulting spec (the Mesa way), so it never composes a config.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from sim.errors import InputError, one_of
from sim.inputs.compose import compose_config
from sim.inputs.spec import build_spec
from sim.model.decision import TERMS
from sim.model.model import AllianceModel
from sim.model.types import ModelSpec


def parameter_overrides(scenario: str | None = None, decision: str | None = None, rule: str | None = None,
                        **weights: float) -> list[str]:
    """The Hydra overrides that the keywords stand for; unknown keywords are an InputError."""
    unknown = sorted(set(weights) - set(TERMS))
    if unknown:
        raise InputError("AllianceModel parameter", unknown[0],
                         "scenario, decision, rule, lanes, seed, chunk, trust, active or a decision weight; "
                         + one_of(TERMS))
    overrides = [f"scenario={scenario}"] if scenario else []
    overrides += [f"decision={decision}"] if decision else []
    overrides += [f"decision.rule={rule}"] if rule else []
    overrides += [f"decision.weights.{name}={float(value)}" for name, value in weights.items()]
    return overrides


def spec_from_parameters(scenario: str | None = None, decision: str | None = None, rule: str | None = None,
                         **weights: float) -> ModelSpec:
    """The validated spec for a scenario name, a decision config name, a rule and weight values."""
    return build_spec(compose_config(parameter_overrides(scenario, decision, rule, **weights)))


def model_from_keywords(scenario: str | None = None, decision: str | None = None, rule: str | None = None,
                        lanes: int = 1, seed: int | None = 0, chunk: int = 0,
                        trust: Mapping[str, NDArray[np.float64]] | None = None,
                        active: Mapping[str, NDArray[np.bool_]] | None = None,
                        **weights: float) -> AllianceModel:
    """An AllianceModel named by plain keywords: `scenario` (a file in configs/scenario/), `decision`
    (a file in configs/decision/, default the calibrated one), `rule` (consensus | leader | majority)
    and any decision weight by name (`cost=2.0`); the rest as AllianceModel takes them.

    A model factory as `mesa.batch_run(model_from_keywords, parameters={...}, rng=[None] * n)` expects
    (it passes the seed as `seed`)."""
    spec = spec_from_parameters(scenario, decision, rule, **weights)
    return AllianceModel(spec, lanes=lanes, seed=seed, chunk=chunk, trust=trust, active=active)
