"""Experiments as data: ranges from one config, designs within them, results saved and read back."""

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import PROJECT, make_spec

from sim.errors import InputError
from sim.explore import design as ex
from sim.explore import sensitivity
from sim.model import decision as d


@pytest.fixture(scope="module")
def settings():
    return ex.load_settings()


def test_salib_problem_from_the_config_matches_the_swept_weights(settings):
    raw = yaml.safe_load((PROJECT / "configs" / "experiments.yaml").read_text())["weights"]
    problem = ex.ranges(settings).problem()
    assert problem["names"] == list(raw) and set(problem["names"]) == set(d.TERMS)
    assert problem["num_vars"] == len(raw)
    assert problem["bounds"] == [list(map(float, raw[name])) for name in raw]
    design = sensitivity.design(ex.ranges(settings), "sobol", 16, seed=1)
    assert list(design.columns) == problem["names"]
    assert len(design) == 16 * (2 * len(raw) + 2)
    for name, (low, high) in zip(problem["names"], problem["bounds"]):
        assert design[name].between(low, high).all()
        assert design[name].max() - design[name].min() > 0.8 * (high - low)  # the range is really swept


@pytest.mark.parametrize("weights, field", [
    ({"nerve": [0, 1]}, "weights = 'nerve'"),
    ({"cost": [2, 1]}, "weights.cost"),
    ({"cost": [-1, 1]}, "weights.cost"),
    ({"cost": 3}, "weights.cost"),
    ({}, "weights = None"),
])
def test_bad_ranges_are_input_errors(weights, field):
    from omegaconf import OmegaConf

    with pytest.raises(InputError, match=field):
        ex.ranges(OmegaConf.create({"weights": weights}))


def test_unknown_scenario_and_bad_sizes_are_input_errors(settings):
    with pytest.raises(InputError, match="allowed: armenia_2016, armenia_2020, armenia_2021"):
        ex.scenario_names(["atlantis"])
    from omegaconf import OmegaConf

    bad = OmegaConf.merge(settings, {"sensitivity": {"n": 0}})
    with pytest.raises(InputError, match="sensitivity.n = 0"):
        ex.section(bad, "sensitivity", quick=False)
    with pytest.raises(InputError, match="power of 2"):
        sensitivity.design(ex.ranges(settings), "sobol", 24, seed=1)


def test_calibration_scenarios_come_from_the_seeds():
    assert ex.scenario_names("calibration") == ["kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021",
                                                "kazakhstan_2022"]


def test_run_design_saves_experiments_and_outcomes_tables(tmp_path):
    specs = {"kyrgyzstan_2010": make_spec("scenario=kyrgyzstan_2010"),
             "kazakhstan_2022": make_spec("scenario=kazakhstan_2022")}
    design = pd.DataFrame({"regime": [0.0, 1.0, 3.0], "mandate": [0.0, 1.0, 3.0]})
    ex.run_design(design, specs, replications=100, seed=2, outdir=tmp_path, batch_points=2, meta={"tag": "x"})
    experiments, outcomes, meta = ex.load_results(tmp_path)
    assert list(experiments.columns) == ["point", "regime", "mandate"]
    assert len(outcomes) == 3 * 2 and set(outcomes["scenario"]) == set(specs)
    probs = outcomes[["p_none", "p_partial", "p_troops"]].sum(axis=1).to_numpy()
    assert probs == pytest.approx(np.ones(6))
    assert meta["tag"] == "x" and meta["points"] == 3 and meta["replications"] == 100
    assert not list(tmp_path.glob(".*.tmp"))


def test_load_results_without_a_finished_run_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="run the experiment first"):
        ex.load_results(tmp_path)


def test_a_single_scenario_name_is_a_list_of_one():
    assert ex.scenario_names("kazakhstan_2022") == ["kazakhstan_2022"]


@pytest.mark.parametrize("old, new, message", [
    ("  x: regime", "  x: regime\n  z: cost", r"heatmap\.z = 'unknown key': allowed keys: scenario, x, y, steps"),
    ("seed: 20220106", "seed: 20220106\nsed: 3", r"sed = 'unknown key': allowed keys: weights, overrides, seed"),
    ("  retries: 1", "  retires: 1", r"cluster\.retires = 'unknown key': allowed keys: address"),
    ("  steps: 25", "  steps: [1]", r"heatmap\.steps = \[1\]"),
])
def test_an_unknown_key_or_a_wrong_type_in_the_experiment_config_is_one_line(tmp_path, old, new, message):
    """configs/experiments.yaml has a structured shape (sim.inputs.config_shapes.ExperimentsConfig)."""
    text = (PROJECT / "configs" / "experiments.yaml").read_text()
    assert old in text
    path = tmp_path / "experiments.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as err:
        ex.load_settings(path)
    assert "\n" not in str(err.value)
