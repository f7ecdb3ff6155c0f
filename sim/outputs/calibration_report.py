"""What a calibration leaves behind: calibration.json, two plots, the samples, and the calibrated
decision config (the Markdown tables are rendered by sim.docgen.calibration_results).

Plots read the report (sim.calibration.report); they never re-run the model. Every file
is written atomically, and calibration.json goes last in the run directory: its presence marks a
finished calibration.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from sim.calibration.fit import CalibrationResult
from sim.calibration.prior import PARAMETERS
from sim.calibration.report import (
    REPORT,
    accepted_table_path,
    calibrated_decision,
    decision_yaml,
    provenance,
    validate_report,
)
from sim.outputs.plots import OUTCOME_COLOURS, OUTCOME_ORDER, plt, save
from sim.runs.atomic import atomic_write, write_text

TABLES = "calibration_tables.md"  # the result tables as Markdown, beside calibration.json


# --- plots ----------------------------------------------------------------------------------------


PREDICTION_COLUMNS = 6  # panels per row of the predictions figure (readable on a page or a screen)


def predictions_figure(report: dict[str, Any]) -> plt.Figure:
    """Per episode: P(troops/partial/none) over the accepted set (bar = mean, whiskers = 5-95%),
    the best fit (dot), the leave-one-out prediction (diamond) and the observed outcome (outlined)."""
    eps = report["episodes"]
    loo = report["leave_one_out"]["folds"]
    cols = min(len(eps), PREDICTION_COLUMNS)  # a grid, not a strip: 23 episodes in one row cannot be read
    rows = -(-len(eps) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.3 * cols, 2.6 * rows + 0.6), layout="constrained",
                             sharey=True, squeeze=False)
    for ax in axes.flat[len(eps):]:
        ax.set_visible(False)
    for ax, (eid, e) in zip(axes.flat, eps.items()):
        x = np.arange(len(OUTCOME_ORDER))
        mean = np.array([e["accepted"][k]["mean"] for k in OUTCOME_ORDER])
        lo = mean - np.array([e["accepted"][k]["q05"] for k in OUTCOME_ORDER])
        hi = np.array([e["accepted"][k]["q95"] for k in OUTCOME_ORDER]) - mean
        bars = ax.bar(x, mean, yerr=[np.maximum(lo, 0), np.maximum(hi, 0)], capsize=3,
                      color=[OUTCOME_COLOURS[k] for k in OUTCOME_ORDER], alpha=0.8)
        ax.plot(x, [e["best_fit"][k] for k in OUTCOME_ORDER], "o", color="black", ms=4,
                label="best fit")
        ax.plot(x, [e["central"][k] for k in OUTCOME_ORDER], "x", color="#1c7ed6", ms=7, mew=2,
                label="central point")
        if eid in loo:
            ax.plot(x, [loo[eid]["model_accepted"][k]["mean"] for k in OUTCOME_ORDER], "D", mfc="white",
                    mec="black", ms=5, label="left out (LOO)")
        i = OUTCOME_ORDER.index(e["observed"])
        bars[i].set_edgecolor("black")
        bars[i].set_linewidth(2)
        ax.annotate("observed", (i, 1.08), ha="center", fontsize=8, fontweight="bold")
        ax.set_xticks(x, OUTCOME_ORDER, fontsize=8)
        ax.set_ylim(0, 1.15)
        tag = "calibration" if e["role"] == "calibration" else "OUT OF SAMPLE"
        ax.set_title(f"{eid}\n({tag})", fontsize=8)
    for row in axes:
        row[0].set_ylabel("predicted probability")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(f"Predicted vs observed: bars = mean over {report['n_accepted']:,} accepted parameter sets, "
                 "whiskers 5-95%", fontsize=9)
    return fig


def weights_figure(result: CalibrationResult) -> plt.Figure:
    """Marginal distribution of each fitted parameter over the accepted set against its prior."""
    prior, acc = result.prior, result.accepted_points
    params = result.report["parameters"]
    k = len(prior.names)
    cols = min(k, 5)
    rows = -(-k // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.5 * cols, 2.2 * rows), layout="constrained", squeeze=False)
    for ax in axes.ravel()[k:]:
        ax.set_visible(False)
    for i, (ax, name) in enumerate(zip(axes.ravel(), prior.names)):
        lo, hi = prior.low[i], prior.high[i]
        ax.hist(acc[:, i], bins=20, range=(lo, hi), density=True, color="#4c6ef5", alpha=0.75)
        ax.axhline(1.0 / (hi - lo), color="grey", ls="--", lw=1)
        ax.axvline(result.report["best_fit"]["parameters"][name], color="black", lw=1, ls=":")
        ax.axvline(result.report["central"]["parameters"][name], color="#1c7ed6", lw=1.5)
        p = params[name]
        ax.set_title(f"{name}\nsd ratio {p['spread_ratio']:.2f} ({p['identifiability']}), KS {p['ks_shift']:.2f}",
                     fontsize=7)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    fig.suptitle("Accepted parameter sets (histogram) vs prior (dashed); central point = blue line, "
                 "best fit = dotted", fontsize=9)
    return fig


# --- writing --------------------------------------------------------------------------------------


def write_calibration(run_dir: Path, result: CalibrationResult, report: dict[str, Any], decision: dict[str, Any],
                      plots_on: bool = True, config_path: Path | None = None, tables: str | None = None) -> list[Path]:
    """Plots, the samples, the result `tables` (calibration_tables.md, rendered by the command:
    sim.docgen.calibration_results), calibration.json (last in the run directory), then the calibrated
    decision config if `config_path` is given. The report is validated before anything is written."""
    validate_report(report)
    run_dir = Path(run_dir)
    written: list[Path] = []
    if plots_on:
        for name, fig in (("calibration_predictions.png", predictions_figure(report)),
                          ("calibration_weights.png", weights_figure(result))):
            written.append(run_dir / name)
            atomic_write(written[-1], lambda tmp, fig=fig: save(fig, tmp))
    written.append(run_dir / "samples.parquet")
    atomic_write(written[-1], lambda tmp: result.samples.to_parquet(tmp, index=False))
    if tables is not None:
        written.append(run_dir / TABLES)
        write_text(written[-1], tables)
    written.append(run_dir / REPORT)
    write_text(written[-1], json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if config_path is not None:
        # The accepted set travels with the config, so `python -m sim.ensemble` works on a fresh
        # clone, where the run directory (outputs/ is not committed) does not exist.
        accepted = result.samples.loc[result.samples["accepted"], [*PARAMETERS, "accepted"]]
        written.append(accepted_table_path(Path(config_path)))
        atomic_write(written[-1], lambda tmp: accepted.to_parquet(tmp, index=False))
        config = calibrated_decision(result, decision, provenance(report))
        written.append(Path(config_path))
        write_text(written[-1], decision_yaml(config))
    return written
