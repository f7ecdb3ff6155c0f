"""Sobol and Morris indices read from saved results find the weight that drives the output."""

import pandas as pd
import pytest

from sim.explore import sensitivity
from sim.explore.design import Ranges

RANGES = Ranges(("a", "b", "c"), ((0.0, 1.0), (0.0, 1.0), (0.0, 2.0)))


@pytest.mark.parametrize("method", ["sobol", "morris"])
def test_indices_rank_the_driving_weight_first_and_flag_constant_outputs(method):
    design = sensitivity.design(RANGES, method, 256, seed=4)
    experiments = design.rename_axis("point").reset_index()
    y = 4 * design["a"] + 0.5 * design["c"]  # b does nothing
    outcomes = pd.DataFrame({"point": experiments["point"], "scenario": "toy", "p_troops": y, "p_none": 0.0})
    indices = sensitivity.analyse(RANGES, experiments, outcomes, method, seed=4)
    troops = indices[indices["outcome"] == "p_troops"].set_index("weight")
    key = "ST" if method == "sobol" else "mu_star"
    assert troops[key].idxmax() == "a"
    assert troops.loc["b", key] == pytest.approx(0.0, abs=0.02)
    assert indices[indices["outcome"] == "p_none"]["constant"].all()
    assert "toy p_none: constant" in "\n".join(sensitivity.headline(indices, method))


def test_an_unknown_method_is_an_input_error():
    from sim.errors import InputError

    with pytest.raises(InputError, match="allowed: sobol, morris"):
        sensitivity.design(RANGES, "fast", 8, seed=1)


def test_the_figure_names_its_bars_when_the_first_panel_is_constant():
    """p_none is constant here and drawn first: the legend goes on the first panel with bars, no warning."""
    import warnings

    import matplotlib.pyplot as plt

    from sim.outputs.explore_plots import sensitivity_figure

    design = sensitivity.design(RANGES, "morris", 64, seed=4)
    experiments = design.rename_axis("point").reset_index()
    outcomes = pd.DataFrame({"point": experiments["point"], "scenario": "toy", "p_none": 0.0,
                             "p_troops": 4 * design["a"]})
    indices = sensitivity.analyse(RANGES, experiments, outcomes, "morris", seed=4)
    indices = indices.sort_values("outcome", key=lambda s: s != "p_none", kind="stable")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = sensitivity_figure(indices, "morris")
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert [t.get_text() for t in legends[0].get_texts()] == ["mu*"]
    plt.close(fig)
