"""Scenario discovery recovers a known region from labelled points."""

import re

import numpy as np
import pandas as pd
import pytest

from sim.explore import discovery
from sim.explore.design import Ranges

RANGES = Ranges(("a", "b", "c"), ((0.0, 3.0), (0.0, 3.0), (0.0, 3.0)))


@pytest.fixture(scope="module")
def labelled():
    x = discovery.design(RANGES, 2000, seed=3)
    y = ((x["a"] > 1.5) & (x["c"] <= 1.0)).to_numpy()
    return x, y


def test_tree_rules_name_the_region_that_gives_troops(labelled):
    x, y = labelled
    rules, text = discovery.tree_rules(x, y, depth=3, seed=0)
    best = rules[0]
    a_cut = float(re.search(r"a > ([\d.]+)", best.text).group(1))
    c_cut = float(re.search(r"c <= ([\d.]+)", best.text).group(1))
    assert a_cut == pytest.approx(1.5, abs=0.05) and c_cut == pytest.approx(1.0, abs=0.05)
    assert "b" not in best.text
    assert best.density > 0.95 and best.coverage > 0.95
    assert "|---" in text


def test_no_troops_anywhere_gives_no_rules(labelled):
    x, _ = labelled
    rules, text = discovery.tree_rules(x, np.zeros(len(x), dtype=bool), depth=3, seed=0)
    assert rules == [] and text == ""


def test_prim_box_matches_the_region(labelled):
    if not discovery.prim_available():
        pytest.skip("EMA Workbench not installed (optional extra `discovery`)")
    x, y = labelled
    rule = discovery.prim_rule(x, y, RANGES, threshold=0.9)
    assert rule is not None and rule.density >= 0.9 and rule.coverage > 0.8
    assert rule.limits["a"][0] == pytest.approx(1.5, abs=0.1) and rule.limits["c"][1] == pytest.approx(1.0, abs=0.1)
    assert "b" not in rule.text


def test_labels_use_the_troops_share():
    experiments = pd.DataFrame({"point": [0, 1, 2], "a": [0.0, 1.0, 2.0]})
    outcomes = pd.DataFrame({"point": [2, 0, 1], "scenario": "s", "p_troops": [0.9, 0.1, 0.5]})
    x, y = discovery.labelled(experiments, outcomes, ["a"], share=0.5)
    assert list(x["a"]) == [0.0, 1.0, 2.0] and list(y) == [False, True, True]
