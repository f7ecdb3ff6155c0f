"""Keyword parameters mean the same overrides as the command line."""

import pytest

from sim.errors import InputError
from sim.inputs.parameters import parameter_overrides, spec_from_parameters


def test_keywords_become_overrides():
    assert parameter_overrides("kyrgyzstan_2010", "default", "majority", cost=2) == [
        "scenario=kyrgyzstan_2010", "decision=default", "decision.rule=majority", "decision.weights.cost=2.0"]
    assert parameter_overrides() == []


def test_spec_from_parameters_validates_like_the_cli():
    spec = spec_from_parameters("kyrgyzstan_2010", cost=2.5)
    assert spec.crisis.id == "kyrgyzstan_2010" and float(spec.params.weights.cost) == 2.5
    with pytest.raises(InputError, match="decision.weights.cost"):
        spec_from_parameters("kyrgyzstan_2010", cost=-1)
    with pytest.raises(InputError, match="allowed: .*front"):
        parameter_overrides(nerve=1)
