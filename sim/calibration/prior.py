"""The calibration's prior: a uniform box per parameter (configs/calibrate.yaml says where each range
comes from), sampled with a scrambled Sobol sequence, and points as parameter values.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import qmc

from sim.errors import InputError, one_of
from sim.inputs.checks import Bound, ParamRange, check_number, check_range
from sim.model import decision as d
from sim.model import streams
from sim.runs import batch

PARAMETERS: tuple[str, ...] = batch.LANE_PARAMETERS  # the weights, the two thresholds, the ad hoc cost factor
# Lower bound of each parameter's prior: weights are magnitudes (>= 0), thresholds may be negative
# (objecting or sending troops the default), a cost factor is at least 1.
FLOORS: dict[str, float] = {"object": -math.inf, "troops": -math.inf, "ad_hoc_cost_multiplier": 1.0}


@dataclass(frozen=True)
class Prior:
    """Uniform bounds of the free parameters, and the values of the fixed ones."""

    names: tuple[str, ...]  # free parameters, in sampling order
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    fixed: dict[str, float]
    why: dict[str, str]

    @property
    def sd(self) -> NDArray[np.float64]:
        return (self.high - self.low) / math.sqrt(12.0)  # sd of a uniform distribution


def build_prior(prior_cfg: Any) -> Prior:
    """Validate the prior config: every parameter once, either `fixed` or `low < high`."""
    given = dict(prior_cfg or {})
    for name in given:
        if name not in PARAMETERS:
            raise InputError("prior", name, one_of(PARAMETERS))
    names, low, high, fixed, why = [], [], [], {}, {}
    for name in PARAMETERS:
        if name not in given:
            raise InputError(f"prior.{name}", None, "required: {low: .., high: ..} or {fixed: ..}")
        b = given[name]
        floor = FLOORS.get(name, 0.0)
        why[name] = str(b.get("why") or "")
        if b.get("fixed") is not None:
            check_number(b.get("fixed"), f"prior.{name}.fixed", Bound(floor))
            fixed[name] = float(b.get("fixed"))
            continue
        lo, hi = b.get("low"), b.get("high")
        check_range(ParamRange(lo, hi), f"prior.{name}", Bound(floor), strict=True)  # floor <= low < high
        names.append(name)
        low.append(float(lo))
        high.append(float(hi))
    if not names:
        raise InputError("prior", "all fixed", "at least one parameter with low/high")
    return Prior(tuple(names), np.array(low), np.array(high), fixed, why)


def finite(value: Any) -> bool:
    """A real number from a config (not a bool, not inf/nan): the check every search setting needs."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def sample_prior(prior: Prior, n: int, seed: int) -> NDArray[np.float64]:
    """(n, free parameters) points from the prior: scrambled Sobol, which covers the box more
    evenly than independent draws for the same n."""
    rng = streams.sampler_rng(seed, streams.PRIOR_SAMPLE)
    sobol = qmc.Sobol(d=len(prior.names), scramble=True, seed=rng)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # balance warning when n is not a power of 2
        unit = sobol.random(n)
    return qmc.scale(unit, prior.low, prior.high)


def point_values(prior: Prior, points: NDArray[np.float64]) -> dict[str, NDArray[np.float64]]:
    """Every parameter (free and fixed) as an (n,) array for the points given."""
    n = points.shape[0]
    values = {name: np.full(n, value) for name, value in prior.fixed.items()}
    values.update({name: points[:, i] for i, name in enumerate(prior.names)})
    return {name: values[name] for name in PARAMETERS}


def params_values(params: d.DecisionParams) -> dict[str, NDArray[np.float64]]:
    """A decision config's own parameters as one point (used for the starting point)."""
    values = {name: np.array([float(v)]) for name, v in params.weights.as_dict().items()}
    values["object"] = np.array([float(params.object_threshold)])
    values["troops"] = np.array([float(params.troops_threshold)])
    values["ad_hoc_cost_multiplier"] = np.array([float(params.ad_hoc_cost_multiplier)])
    return values
