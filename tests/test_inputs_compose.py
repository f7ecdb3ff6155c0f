"""The one compose helper: configs as the commands compose them, one-line errors for unknown scenarios."""

import pytest

from sim.errors import InputError
from sim.inputs import compose


def test_every_primary_config_composes():
    assert compose.compose_config().scenario.id == "kazakhstan_2022"
    assert compose.compose_config(["scenario=kyrgyzstan_2010"]).scenario.id == "kyrgyzstan_2010"
    assert compose.compose_config(config_name="calibrate").search.samples > 0
    assert compose.compose_config(config_name="ensemble").replications_per_point > 0


def test_scenario_names_are_the_files_and_an_unknown_one_is_an_input_error():
    names = compose.scenario_names()
    assert "armenia_2021" in names and names == tuple(sorted(names))
    assert compose.scenario_node("armenia_2021").id == "armenia_2021"
    with pytest.raises(InputError, match="scenario = 'atlantis'.*allowed: .*armenia_2021"):
        compose.scenario_node("atlantis")
