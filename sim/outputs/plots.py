"""Plots of a run's results. They read the summary and tables; they never re-run the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from sim.model.alliance import REPORT_ORDER  # noqa: E402

OUTCOME_ORDER = REPORT_ORDER  # most help first
OUTCOME_COLOURS = {"troops": "#2b8a3e", "partial": "#f0a202", "none": "#c92a2a"}
CHOICE_COLOURS = {"troops": "#2b8a3e", "partial": "#f0a202", "decline": "#c92a2a"}


def outcome_figure(summary: dict[str, Any]) -> Figure:
    """Distribution of the collective outcome, with 95% Monte Carlo error bars and, for a
    historical episode, the observed outcome marked."""
    fig, ax = plt.subplots(figsize=(5.5, 3.6), layout="constrained")
    probs = [summary["outcome"][k] for k in OUTCOME_ORDER]
    errs = [summary["outcome_ci95_halfwidth"][k] for k in OUTCOME_ORDER]
    bars = ax.bar(OUTCOME_ORDER, probs, yerr=errs, capsize=4,
                  color=[OUTCOME_COLOURS[k] for k in OUTCOME_ORDER])
    for bar, p in zip(bars, probs):
        ax.annotate(f"{p:.1%}", (bar.get_x() + bar.get_width() / 2, p), ha="center", va="bottom",
                    xytext=(0, 3), textcoords="offset points")
    observed = summary.get("observed_outcome")
    if observed:
        i = OUTCOME_ORDER.index(observed)
        bars[i].set_edgecolor("black")
        bars[i].set_linewidth(2)
        ax.annotate("observed", (i, 1.13), ha="center", va="center", fontsize=9, fontweight="bold")
    ax.set_ylim(0, 1.2)
    ax.set_ylabel("probability")
    ax.set_title(f"{summary['scenario_name']}\n{summary['rule']} rule, {summary['replications']:,} replications",
                 fontsize=10)
    return fig


def members_figure(summary: dict[str, Any]) -> Figure:
    """Each member's choice (stacked shares) and the mean troops it sends."""
    members = {k: v for k, v in summary["members"].items() if v["role"] != "requester"}
    codes = list(members)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    left = [0.0] * len(codes)
    for choice in ("troops", "partial", "decline"):
        shares = [members[c][f"p_choice_{choice}"] for c in codes]
        ax1.barh(codes, shares, left=left, color=CHOICE_COLOURS[choice], label=choice)
        left = [a + b for a, b in zip(left, shares)]
    ax1.set_xlim(0, 1)
    ax1.set_xlabel("share of replications")
    ax1.set_title("each member's choice", fontsize=10)
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=8, frameon=False)
    for i, c in enumerate(codes):
        ax1.annotate(members[c]["leading_reason"], (1.01, i), va="center", fontsize=7,
                     annotation_clip=False)
    ax2.barh(codes, [members[c]["mean_troops"] for c in codes], color="#1864ab")
    ax2.set_xlabel("mean troops sent")
    ax2.set_title(f"contributions (request: {summary['crisis']['troops_requested']:,})", fontsize=10)
    requester = summary["crisis"]["requester"]
    fig.suptitle(f"{summary['scenario_name']}: requester {requester}", fontsize=10)
    return fig


def show(fig: Figure, folder: str | Path, name: str) -> Path:
    """For notebooks: save a figure into `folder`; display it too when running in Jupyter."""
    import sys

    path = Path(folder) / name
    fig.savefig(path, dpi=150)
    if "ipykernel" in sys.modules:
        plt.show()
    else:
        plt.close(fig)
        print(f"figure: {path}")
    return path


def save(fig: Figure, path: str) -> None:
    fig.savefig(path, dpi=150, format="png")
    plt.close(fig)
