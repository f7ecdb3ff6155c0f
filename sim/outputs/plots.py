"""Plots of a run's results. They read the summary and tables; they never re-run the model."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from sim.model.alliance import REPORT_ORDER  # noqa: E402
from sim.model.decision import LEVEL_NAMES  # noqa: E402
from sim.outputs.words import reason_words  # noqa: E402
from sim.runs.stats import wilson_interval  # noqa: E402

OUTCOME_ORDER = REPORT_ORDER  # most help first
OUTCOME_COLOURS = {"troops": "#2b8a3e", "partial": "#f0a202", "none": "#c92a2a"}
# A member's four choices (sim.model.decision), most help first: greens for help, amber for words, red for an objection.
CHOICE_ORDER: tuple[str, ...] = tuple(reversed(LEVEL_NAMES))  # troops, material, political, object
CHOICE_COLOURS = {"troops": "#2b8a3e", "material": "#66a80f", "political": "#f0a202", "object": "#c92a2a"}
# The leading state's bilateral help (sim.runs.scenario.BILATERAL), coloured as the member choice it is.
BILATERAL_ORDER: tuple[str, ...] = ("troops", "material", "none")
BILATERAL_COLOURS = {"troops": CHOICE_COLOURS["troops"], "material": CHOICE_COLOURS["material"], "none": "#868e96"}


def _caption(fig: Figure, summary: dict[str, Any]) -> None:
    """What a replication is, under every figure of a run: slides travel without their text."""
    text = (f"{summary['replications']:,} replications: each one draws every member's idiosyncratic politics "
            f"(decision noise) afresh; seed {summary.get('seed', '?')}; weights: "
            f"{summary.get('decision') or 'as configured'}; coding: {summary.get('coding', 'evidence')}.")
    fig.supxlabel(textwrap.fill(text, int(fig.get_figwidth() * 17)), fontsize=7, color="#555555")


def outcome_figure(summary: dict[str, Any]) -> Figure:
    """The collective outcome (the Council) beside what the requester got (collective or the leading
    state's bilateral help, the more of the two), with 95% Monte Carlo error bars. For a historical
    episode the observed outcome (coded as what the requester got) is marked."""
    fig, ax = plt.subplots(figsize=(6.4, 4.0), layout="constrained")
    observed = summary.get("observed_outcome")
    answer = summary.get("answer", summary["outcome"])
    n = summary["replications"]
    x = np.arange(len(OUTCOME_ORDER))
    width = 0.4
    series = (("collective (the Council)", summary["outcome"], -width / 2, 1.0, None),
              ("requester got (incl. bilateral help)", answer, width / 2, 0.55, "//"))
    for label, probs_by, offset, alpha, hatch in series:
        probs = [probs_by[k] for k in OUTCOME_ORDER]
        low, high = wilson_interval(probs, n)
        errs = np.maximum(high - np.asarray(probs), 0.0)
        yerr = np.vstack([np.maximum(np.asarray(probs) - low, 0.0), errs])  # Wilson: asymmetric at the edges
        bars = ax.bar(x + offset, probs, width, yerr=yerr, capsize=3, alpha=alpha, hatch=hatch, label=label,
                      color=[OUTCOME_COLOURS[k] for k in OUTCOME_ORDER], edgecolor="black", linewidth=0.5)
        for bar, p, err in zip(bars, probs, errs):
            ax.annotate(f"{p:.0%}", (bar.get_x() + bar.get_width() / 2, min(p + err, 0.93)), ha="center",
                        va="bottom", xytext=(0, 3), textcoords="offset points", fontsize=8)
    ax.set_xticks(x, [f"{k}\n(observed)" if k == observed else k for k in OUTCOME_ORDER])
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    bilateral = summary.get("bilateral") or {}
    by = bilateral.get("by")
    note = (f"; {by}'s bilateral help: material {bilateral.get('material', 0.0):.0%}, "
            f"troops {bilateral.get('troops', 0.0):.0%}" if by else "")
    ax.set_title(f"{summary['scenario_name']}\n{summary['rule']} rule{note}", fontsize=10)
    _caption(fig, summary)
    return fig


def members_figure(summary: dict[str, Any]) -> Figure:
    """Each member's choice (stacked shares, its main reason beside it) and the mean troops it sends."""
    members = {k: v for k, v in summary["members"].items() if v["role"] == "voter"}
    codes = list(members)
    names = [members[c].get("name", c) for c in codes]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.0), layout="constrained")
    left = [0.0] * len(codes)
    for choice in CHOICE_ORDER:
        shares = [members[c].get(f"p_choice_{choice}", 0.0) for c in codes]
        ax1.barh(names, shares, left=left, color=CHOICE_COLOURS[choice], label=choice)
        left = [a + b for a, b in zip(left, shares)]
    ax1.set_xlim(0, 1)
    ax1.set_xlabel("share of replications")
    ax1.set_title("each member's choice (its main reason on the right)", fontsize=10)
    ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize=8, frameon=False)
    for i, c in enumerate(codes):
        ax1.annotate(reason_words(members[c]["leading_reason"]), (1.01, i), va="center", fontsize=7,
                     annotation_clip=False)
    ax2.barh(names, [members[c]["mean_troops"] for c in codes], color="#1864ab")
    ax2.set_xlabel("mean troops sent")
    ax2.set_title(f"contributions (request: {summary['crisis']['troops_requested']:,})", fontsize=10)
    requester = summary["members"].get(summary["crisis"]["requester"], {}).get("name", summary["crisis"]["requester"])
    fig.suptitle(f"{summary['scenario_name']}: {requester} asks", fontsize=10)
    _caption(fig, summary)
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
