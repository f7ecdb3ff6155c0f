"""A two-weight grid for one scenario: where does the alliance send troops?

The other weights stay at the scenario's configured values, so the map reads as "this
scenario, varying only these two considerations".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.errors import InputError, one_of
from sim.explore.design import Ranges


def design(rng: Ranges, x: str, y: str, steps: int, fixed: dict[str, float]) -> pd.DataFrame:
    """A steps x steps grid over the two weights' ranges; every other weight at `fixed`."""
    for key, name in (("heatmap.x", x), ("heatmap.y", y)):
        if name not in rng.names:
            raise InputError(key, name, one_of(rng.names))
    if x == y:
        raise InputError("heatmap.y", y, f"a weight other than heatmap.x ({x})")
    bounds = dict(zip(rng.names, rng.bounds))
    xs = np.linspace(bounds[x].low, bounds[x].high, steps)
    ys = np.linspace(bounds[y].low, bounds[y].high, steps)
    gx, gy = np.meshgrid(xs, ys, indexing="xy")
    table = pd.DataFrame({name: np.full(gx.size, value) for name, value in fixed.items()})
    table[x], table[y] = gx.ravel(), gy.ravel()
    return table


def grid(experiments: pd.DataFrame, outcomes: pd.DataFrame, x: str, y: str, outcome: str = "p_troops") -> pd.DataFrame:
    """P(outcome) as a table: rows y values (ascending), columns x values."""
    merged = experiments.merge(outcomes, on="point")
    return merged.pivot_table(index=y, columns=x, values=outcome).sort_index()


def headline(table: pd.DataFrame, x: str, y: str) -> str:
    """The range of P(troops) over the grid and where it is lowest and highest."""
    values = table.to_numpy()
    lo = np.unravel_index(np.argmin(values), values.shape)
    hi = np.unravel_index(np.argmax(values), values.shape)
    return (f"P(troops) from {values[lo]:.2f} ({x}={table.columns[lo[1]]:.2f}, {y}={table.index[lo[0]]:.2f}) "
            f"to {values[hi]:.2f} ({x}={table.columns[hi[1]]:.2f}, {y}={table.index[hi[0]]:.2f}); "
            f">= 0.5 on {float((values >= 0.5).mean()):.0%} of the grid")
