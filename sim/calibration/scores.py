"""Proper scores of probabilistic forecasts of an ordinal outcome, and the naive forecasters the
model must beat.

A forecast is a probability vector over the collective outcomes in `alliance.OUTCOMES` order
(none, partial, troops). Pure functions over arrays: the last axis is always the outcome axis,
so one call scores thousands of parameter vectors at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sim.model.alliance import OUTCOMES
from sim.runs import stats

N_OUTCOMES = len(OUTCOMES)


def smoothed_probabilities(counts: ArrayLike, smoothing: float) -> NDArray[np.float64]:
    """Outcome frequencies with `smoothing` pseudo-counts added to every outcome.

    Why: with R replications an outcome never seen has estimate 0 and log-likelihood -inf,
    although its true probability is only known to be below about 1/R. Adding 0.5 (Jeffreys /
    Krichevsky-Trofimov) keeps the estimate finite and close to the raw frequency.
    """
    c = np.asarray(counts, dtype=float)
    return (c + smoothing) / (c.sum(axis=-1, keepdims=True) + smoothing * c.shape[-1])


def one_hot(observed: Sequence[int]) -> NDArray[np.float64]:
    return np.eye(N_OUTCOMES)[np.asarray(observed, dtype=int)]


def log_score(probs: ArrayLike, observed: Sequence[int], floor: float = 0.0,
              weights: ArrayLike | None = None) -> NDArray[np.float64]:
    """Log probability of the observed outcome per episode (last-but-one axis), summed (each episode
    times its weight, if given): the log-likelihood. `floor` clips forecasts from below so a
    forecaster that gave an observed outcome probability 0 gets log(floor) rather than -inf
    (applied equally to every forecaster)."""
    p = np.asarray(probs, dtype=float)
    picked = (p * one_hot(observed)).sum(axis=-1)  # broadcasts over any leading (points) axes
    logs = np.log(np.maximum(picked, floor))
    return logs.sum(axis=-1) if weights is None else logs @ np.asarray(weights, dtype=float)


def brier_score(probs: ArrayLike, observed: Sequence[int], weights: ArrayLike | None = None) -> NDArray[np.float64]:
    """Multi-class Brier score, mean over episodes (weighted, if weights are given): sum over
    outcomes of (p - observed)^2. 0 is a perfect forecast, 2 a confident wrong one, 2/3 the
    uniform forecast."""
    return stats.brier(probs, one_hot(observed), weights)


def frequency_forecast(observed: Sequence[int], smoothing: float) -> NDArray[np.float64]:
    """Naive baseline: the outcome frequencies of the training episodes (smoothed like the
    model's estimates, so an outcome never seen is not given probability 0)."""
    return smoothed_probabilities(np.bincount(np.asarray(observed, dtype=int), minlength=N_OUTCOMES), smoothing)


def majority_forecast(observed: Sequence[int]) -> NDArray[np.float64]:
    """Naive baseline: all probability on the most frequent training outcome (ties: the lower
    outcome code, i.e. the less cooperative outcome)."""
    counts = np.bincount(np.asarray(observed, dtype=int), minlength=N_OUTCOMES)
    return np.eye(N_OUTCOMES)[int(np.argmax(counts))]


def rule_of_thumb(channel: str, crisis_type: str, on_member_territory: bool) -> int:
    """The one-line rule a reader might use instead of the model: no formal request, a fellow member
    as adversary, or outside members' territory -> none; otherwise -> partial (an outcome code)."""
    if channel != "formal" or crisis_type == "member_vs_member" or not on_member_territory:
        return OUTCOMES.index("none")
    return OUTCOMES.index("partial")
