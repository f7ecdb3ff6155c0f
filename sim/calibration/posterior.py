"""From the screen's scores to the accepted set and what it says (GLUE / rejection-ABC): the
objective, the tolerance, the representative point, predictive distributions, and how far the data
pinned each parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import chi2, kstest

from sim.calibration import scores
from sim.calibration.prior import Prior
from sim.errors import InputError
from sim.inputs.schema import Objective
from sim.model.alliance import OUTCOMES


def objective(probs: NDArray[np.float64], observed: Sequence[int], which: Objective,
              weights: Sequence[float] | None = None) -> NDArray[np.float64]:
    """Higher is better: the (confidence-weighted) log-likelihood, or minus the weighted mean Brier
    score, per point. `probs` is (..., episodes, outcomes); `weights` one per episode (default 1)."""
    if Objective(which) is Objective.loglik:
        return scores.log_score(probs, observed, weights=weights)
    return -scores.brier_score(probs, observed, weights=weights)


def resolve_tolerance(tolerance: float | None, free: int, which: Objective = Objective.loglik) -> float:
    """The accepted set's cut: the given one, or (None, log-likelihood) the joint 95% likelihood region of
    the `free` fitted parameters, chi-square(0.95, free) / 2 (Wilks). Why joint: with sixteen parameters,
    the one-parameter cut (1.92) keeps the few points the screen's noise flattered most, and their
    forecasts are over-confident out of sample."""
    if tolerance is not None:
        return float(tolerance)
    if Objective(which) is not Objective.loglik:
        raise InputError("search.tolerance", None, "a number (in Brier units) with objective=brier")
    return float(chi2.ppf(0.95, max(free, 1)) / 2.0)


def accepted_mask(score: NDArray[np.float64], tolerance: float) -> NDArray[np.bool_]:
    """The points that fit about as well as the best: within `tolerance` of its score."""
    return score >= score.max() - tolerance


def representative_index(probs: NDArray[np.float64], mask: NDArray[np.bool_]) -> int:
    """The accepted point whose forecasts (episodes x outcomes) are nearest the accepted set's mean
    forecast: one parameter vector that predicts like the whole set. With a dozen parameters the
    point nearest the coordinate-wise median can predict quite unlike the set (the median of each
    weight is not a point the data favour); the best-scoring point is the luckiest of many."""
    idx = np.flatnonzero(mask)
    sub = probs[idx]
    dist = ((sub - sub.mean(axis=0)) ** 2).sum(axis=(1, 2))
    return int(idx[np.argmin(dist)])


def predictive(probs: NDArray[np.float64]) -> dict[str, dict[str, float]]:
    """Distribution over points of each outcome's probability: (points, outcomes) -> per outcome
    mean and 5/50/95 percentiles."""
    out = {}
    for k, name in enumerate(OUTCOMES):
        p = probs[:, k]
        q05, q50, q95 = np.percentile(p, [5, 50, 95])
        out[name] = {"mean": float(p.mean()), "q05": float(q05), "q50": float(q50), "q95": float(q95)}
    return out


def as_outcomes(p: NDArray[np.float64]) -> dict[str, float]:
    return {name: float(p[k]) for k, name in enumerate(OUTCOMES)}


def forecast_scores(p: NDArray[np.float64], observed: Sequence[int], floor: float) -> dict[str, float]:
    """Log score (clipped at `floor`, the same for every forecaster) and Brier score of a set of
    forecasts (episodes, outcomes)."""
    return {"log_score": float(scores.log_score(p, observed, floor)),
            "brier": float(scores.brier_score(p, observed))}


def parameter_summary(prior: Prior, accepted: NDArray[np.float64], best: NDArray[np.float64],
                      ident: Any) -> dict[str, Any]:
    """Per free parameter: prior range, best fit, accepted-set spread, and how much the data
    narrowed it (sd over the accepted set / sd of the prior) or moved it (Kolmogorov-Smirnov
    distance between the accepted marginal and the uniform prior: 0 = unchanged, 1 = disjoint)."""
    out: dict[str, Any] = {}
    for i, name in enumerate(prior.names):
        col = accepted[:, i]
        ratio = float(col.std() / prior.sd[i])
        label = ("constrained" if ratio < ident.constrained_below
                 else "weakly constrained" if ratio < ident.weak_below else "not constrained")
        q05, q50, q95 = np.percentile(col, [5, 50, 95])
        ks = float(kstest(col, "uniform", args=(prior.low[i], prior.high[i] - prior.low[i])).statistic)
        out[name] = {"prior_low": float(prior.low[i]), "prior_high": float(prior.high[i]), "why": prior.why[name],
                     "best": float(best[i]), "mean": float(col.mean()), "sd": float(col.std()),
                     "q05": float(q05), "q50": float(q50), "q95": float(q95),
                     "spread_ratio": round(ratio, 3), "ks_shift": round(ks, 3), "identifiability": label}
    for name, value in prior.fixed.items():
        out[name] = {"fixed": value, "why": prior.why[name], "identifiability": "fixed (not fitted)"}
    return out
