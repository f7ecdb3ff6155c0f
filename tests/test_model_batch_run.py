"""Mesa interoperability: `mesa.batch_run(model_from_keywords, ...)` works as a Mesa user expects."""

from __future__ import annotations

import mesa
import pandas as pd
import pytest

from sim.errors import InputError
from sim.inputs.parameters import model_from_keywords
from sim.model.model import AllianceModel


def test_batch_run_over_two_weights_and_two_scenarios_gives_tidy_tables(spec_factory):
    rows = mesa.batch_run(
        model_from_keywords,
        parameters={"scenario": ["kazakhstan_2022", "kyrgyzstan_2010"], "cost": [0.5, 3.0], "lanes": 50},
        rng=[None, None],  # two iterations, each with a fresh seed (the model keeps it in .seed)
        number_processes=1, display_progress=False,
    )
    table = pd.DataFrame(rows)
    # 2 scenarios x 2 weights x 2 iterations runs, one row per member, one step each
    assert table["RunId"].nunique() == 8 and (table["Step"] == 1).all()
    # one row per member of the alliance on the scenario's date (Uzbekistan was back in 2010)
    expected = {s: len(spec_factory(f"scenario={s}").members) for s in ("kazakhstan_2022", "kyrgyzstan_2010")}
    per_run = table.groupby("RunId").agg(scenario=("scenario", "first"), members=("member", "nunique"))
    assert (per_run["members"] == per_run["scenario"].map(expected)).all()
    assert len(table) == 4 * sum(expected.values())
    for column in ("scenario", "cost", "lanes", "p_troops", "p_partial", "p_none", "p_bilateral_aid",
                   "p_bilateral_troops", "member", "role", "mean_troops", "choice_troops", "choice_material"):
        assert column in table
        assert table[column].map(lambda v: isinstance(v, (str, int, float))).all(), column  # no arrays in cells
    per_run = table.drop_duplicates("RunId")
    assert per_run[["p_troops", "p_partial", "p_none"]].sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert (per_run[["p_bilateral_aid", "p_bilateral_troops"]].sum(axis=1) <= 1.0 + 1e-12).all()
    voters = table[table["role"] == "voter"]
    choices = ["choice_troops", "choice_material", "choice_political", "choice_object"]
    assert voters[choices].sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert set(table.loc[table["role"] == "requester", "member"]) == {"KAZ", "KGZ"}


def test_keywords_mean_the_same_as_the_cli_overrides(spec_factory):
    by_keywords = model_from_keywords(scenario="kyrgyzstan_2010", decision="default", rule="majority", cost=2.0,
                                      lanes=300, seed=4)
    by_spec = AllianceModel(spec_factory("scenario=kyrgyzstan_2010", "decision=default", "decision.rule=majority",
                                         "decision.weights.cost=2.0"), lanes=300, seed=4)
    for model in (by_keywords, by_spec):
        model.step()
        assert not model.running
    assert (by_keywords.outcome == by_spec.outcome).all()


def test_an_unknown_keyword_is_an_input_error_naming_the_weights():
    with pytest.raises(InputError, match="allowed: .*cost"):
        model_from_keywords(scenario="kazakhstan_2022", nerve=1.0)


def test_the_model_itself_takes_only_a_spec_and_composes_no_config():
    with pytest.raises(TypeError, match="ModelSpec"):
        AllianceModel("kazakhstan_2022")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        AllianceModel(scenario="kazakhstan_2022")  # type: ignore[call-arg]
