"""Monte Carlo error of a share: one definition for every table, plot and summary.

Why Wilson and not the normal approximation (p +- 1.96 sqrt(p(1-p)/n)): at 0% or 100% the normal
interval has width zero ("none 0.0% +- 0.0%"), claiming a certainty ten thousand replications do not
give; the Wilson score interval stays inside [0, 1] and is honest at the edges (at 0 of 10,000 it
reaches about 0.04%).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Z95 = 1.959963984540054  # the two-sided 95% normal quantile


def wilson_interval(p: ArrayLike, n: int, z: float = Z95) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(low, high) of the Wilson score interval for a share `p` observed in `n` replications."""
    if n < 1:
        raise ValueError("n must be >= 1")
    share = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    denom = 1.0 + z * z / n
    centre = (share + z * z / (2 * n)) / denom
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def interval95(p: float, n: int) -> list[float]:
    """[low, high] of a share's 95% Wilson interval, as plain floats (summary.json)."""
    lo, hi = wilson_interval(p, n)
    return [float(lo), float(hi)]


def brier(probs: ArrayLike, outcomes: ArrayLike, weights: ArrayLike | None = None) -> NDArray[np.float64]:
    """Brier score, one definition for calibration (sim.calibration.scores) and the timeline
    (sim.timeline.scoring): per event, the squared differences between each outcome's forecast
    probability and what happened (1 or 0), summed over the outcomes (last axis); then the mean over
    the events (the axis before it), weighted if `weights` are given. Leading axes (points) broadcast.
    A yes/no question is one outcome column: the classic mean of (p - o)^2."""
    per_event = ((np.asarray(probs, dtype=float) - np.asarray(outcomes, dtype=float)) ** 2).sum(axis=-1)
    if weights is None:
        return per_event.mean(axis=-1)
    w = np.asarray(weights, dtype=float)
    return (per_event @ w) / w.sum()
