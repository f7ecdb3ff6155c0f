"""Plots of the experiments' saved results (sensitivity indices, heatmap, discovery scatter)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from sim.outputs.plots import plt

LABELS = {"p_troops": "P(troops)", "p_none": "P(none)"}


def sensitivity_figure(indices: pd.DataFrame, method: str) -> Figure:
    """One panel per outcome (rows) and scenario (columns): bars per weight with 95% intervals."""
    scenarios = list(dict.fromkeys(indices["scenario"]))
    outcomes = list(dict.fromkeys(indices["outcome"]))
    keys = (("S1", "first-order S1"), ("ST", "total ST")) if method == "sobol" else (("mu_star", "mu*"),)
    fig, axes = plt.subplots(len(outcomes), len(scenarios), figsize=(3.4 * len(scenarios), 2.9 * len(outcomes)),
                             layout="constrained", sharey="row", squeeze=False)
    for r, outcome in enumerate(outcomes):
        for c, scenario in enumerate(scenarios):
            ax = axes[r][c]
            frame = indices[(indices["scenario"] == scenario) & (indices["outcome"] == outcome)]
            weights = list(frame["weight"])
            pos = np.arange(len(weights))
            if frame["constant"].all():
                ax.text(0.5, 0.5, "constant over the ranges", ha="center", va="center", transform=ax.transAxes)
            else:
                width = 0.8 / len(keys)
                for k, (key, label) in enumerate(keys):
                    conf = frame.get(f"{key}_conf")
                    ax.bar(pos + (k - (len(keys) - 1) / 2) * width, frame[key], width,
                           yerr=None if conf is None else conf, capsize=2, label=label)
            ax.set_xticks(pos, weights, rotation=60, ha="right", fontsize=8)
            ax.set_title(f"{scenario}\n{LABELS.get(outcome, outcome)}", fontsize=9)
            ax.axhline(0, color="black", lw=0.5)
    drawn = [ax for row in axes for ax in row if ax.get_legend_handles_labels()[0]]
    if drawn:  # the first panel with bars (a constant one has none to name)
        drawn[0].legend(fontsize=8)
    fig.suptitle(f"{method.capitalize()} sensitivity to the decision weights")
    return fig


CONTOURS = (0.1, 0.25, 0.5, 0.75, 0.9, 0.99)


def heatmap_figure(table: pd.DataFrame, x: str, y: str, title: str) -> Figure:
    """P(troops) over two weights, with labelled contours."""
    fig, ax = plt.subplots(figsize=(5.6, 4.6), layout="constrained")
    xs, ys = table.columns.to_numpy(dtype=float), table.index.to_numpy(dtype=float)
    mesh = ax.pcolormesh(xs, ys, table.to_numpy(), shading="nearest", cmap="viridis", vmin=0, vmax=1)
    values = table.to_numpy()
    levels = [c for c in CONTOURS if values.min() < c < values.max()]
    if levels:
        lines = ax.contour(xs, ys, values, levels=levels, colors="white", linewidths=1.0)
        ax.clabel(lines, fmt="%.2f", fontsize=8)
    fig.colorbar(mesh, ax=ax, label="P(troops)")
    ax.set_xlabel(f"decision.weights.{x}")
    ax.set_ylabel(f"decision.weights.{y}")
    ax.set_title(title, fontsize=10)
    return fig


def discovery_figure(panels: list[tuple[str, pd.DataFrame, np.ndarray, list[str],
                                        dict[str, tuple[float, float]] | None]]) -> Figure:
    """Per scenario: the design on its two most telling weights, troops points marked, PRIM box drawn."""
    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels), 4.0), layout="constrained", squeeze=False)
    for ax, (scenario, x, y, pair, box) in zip(axes[0], panels):
        a, b = pair
        ax.scatter(x.loc[~y, a], x.loc[~y, b], s=4, c="#adb5bd", label="no troops")
        ax.scatter(x.loc[y, a], x.loc[y, b], s=4, c="#2b8a3e", label="troops")
        if box is not None:
            (x0, x1), (y0, y1) = box[a], box[b]
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="black", lw=1.5, label="PRIM box"))
        ax.set_xlabel(a)
        ax.set_ylabel(b)
        ax.set_title(f"{scenario}: {int(y.sum())} of {len(y)} points give troops", fontsize=9)
        ax.legend(fontsize=7, markerscale=3)
    return fig
