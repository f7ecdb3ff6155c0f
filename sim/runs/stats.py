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
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def interval95(p: float, n: int) -> list[float]:
    """[low, high] of a share's 95% Wilson interval, as plain floats (summary.json)."""
    lo, hi = wilson_interval(p, n)
    return [float(lo), float(hi)]
