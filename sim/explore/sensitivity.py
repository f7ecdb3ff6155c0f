"""Global sensitivity of the outcome probabilities to the decision weights (SALib).

Sobol: Saltelli sampling, first-order (S1: the share of the variance of P(outcome) a weight
explains alone) and total indices (ST: alone and through interactions). Morris: elementary
effects (mu*: mean absolute effect), a cheaper screening. The design comes from the weight
ranges in configs/experiments.yaml; the analysis reads saved results, never re-runs the model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.explore.design import Ranges
from sim.extras import missing
from sim.inputs.config_shapes import SensitivityMethod

try:
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample
except ImportError as exc:
    raise missing("the sensitivity analysis", "explore") from exc

METHODS: tuple[str, ...] = tuple(m.value for m in SensitivityMethod)
OUTCOMES = ("p_troops", "p_none")


def check_method(method: str) -> str:
    """The method's name (the config gives a SensitivityMethod, a caller may give a string)."""
    if method not in METHODS:
        raise InputError("sensitivity.method", method, "allowed: " + ", ".join(METHODS))
    return SensitivityMethod(method).value


def design(ranges: Ranges, method: str, n: int, seed: int, calc_second_order: bool = True,
           levels: int = 4) -> pd.DataFrame:
    """The SALib sample as a design table (one row per point, one column per weight)."""
    problem = ranges.problem()
    if check_method(method) == "sobol":
        if n & (n - 1):
            raise InputError("sensitivity.n", n, "a power of 2 (Sobol sequences balance only then)")
        x = sobol_sample.sample(problem, n, calc_second_order=calc_second_order, seed=seed)
    else:
        x = morris_sample.sample(problem, n, num_levels=levels, seed=seed)
    return pd.DataFrame(x, columns=list(ranges.names))


def analyse(ranges: Ranges, experiments: pd.DataFrame, outcomes: pd.DataFrame, method: str, seed: int,
            calc_second_order: bool = True, levels: int = 4) -> pd.DataFrame:
    """Tidy indices: one row per scenario, outcome and weight."""
    problem = ranges.problem()
    x = experiments.sort_values("point")[list(ranges.names)].to_numpy()
    rows = []
    for (scenario, frame) in outcomes.groupby("scenario", sort=False):
        frame = frame.sort_values("point")
        for outcome in OUTCOMES:
            y = frame[outcome].to_numpy()
            if np.ptp(y) == 0:  # a constant output has no variance to apportion
                rows += [{"scenario": scenario, "outcome": outcome, "weight": w, "constant": True}
                         for w in ranges.names]
                continue
            if method == "sobol":
                res = sobol_analyze.analyze(problem, y, calc_second_order=calc_second_order, seed=seed)
                keys = ("S1", "S1_conf", "ST", "ST_conf")
            else:
                res = morris_analyze.analyze(problem, x, y, num_levels=levels, seed=seed)
                keys = ("mu_star", "mu_star_conf", "sigma")
            for i, w in enumerate(ranges.names):
                rows.append({"scenario": scenario, "outcome": outcome, "weight": w, "constant": False,
                             **{k: float(res[k][i]) for k in keys}})
    return pd.DataFrame(rows)


def headline(indices: pd.DataFrame, method: str) -> list[str]:
    """One line per scenario and outcome: the weights that matter most."""
    key = "ST" if method == "sobol" else "mu_star"
    lines = []
    for (scenario, outcome), frame in indices.groupby(["scenario", "outcome"], sort=False):
        if frame["constant"].all():
            lines.append(f"{scenario} {outcome}: constant over the ranges")
            continue
        top = frame.sort_values(key, ascending=False).head(3)
        lines.append(f"{scenario} {outcome}: " + ", ".join(f"{r.weight} {key}={getattr(r, key):.2f}"
                                                           for r in top.itertuples()))
    return lines
