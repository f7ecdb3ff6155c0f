"""What a calibration leaves behind: calibration.json, two plots, the tables, and the calibrated
decision config.

Plots and tables read the report (sim.calibration.report); they never re-run the model. Every file
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
    DEFAULT_CONFIG_PATH,
    REPORT,
    accepted_table_path,
    calibrated_decision,
    decision_yaml,
    provenance,
    validate_report,
)
from sim.inputs.paths import PROJECT_ROOT
from sim.outputs.plots import OUTCOME_COLOURS, OUTCOME_ORDER, plt, save
from sim.runs.atomic import atomic_write, write_text

RESULTS_DOC = PROJECT_ROOT / "docs" / "calibration_results.md"


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


# --- tables ---------------------------------------------------------------------------------------


def tables_markdown(report: dict[str, Any]) -> str:
    """The result tables of docs/calibration.md, straight from the report (no hand-copied numbers)."""
    def pct(x: float) -> str:
        return f"{x:.2f}"

    lines = [f"Calibration {report['date']}: `{report['command']}`; {report['n_accepted']:,} of "
             f"{report['n_prior']:,} prior points accepted; wall time {report['elapsed_s']:.0f} s.", "",
             "### Predictions per episode (P(troops) / P(partial) / P(none))", "",
             "| episode | role | observed | best fit | central point (calibrated.yaml) | accepted set: mean "
             "[5-95%] of P(observed) | left out (LOO): mean P(observed) |",
             "|---|---|---|---|---|---|---|"]
    loo = report["leave_one_out"]["folds"]
    for eid, e in report["episodes"].items():
        tri = lambda p: " / ".join(pct(p[k]) for k in OUTCOME_ORDER)  # noqa: E731
        acc = e["accepted"][e["observed"]]
        held = f"{loo[eid]['model_accepted'][e['observed']]['mean']:.2f}" if eid in loo else "(never fitted)"
        role = "calibration" if e["role"] == "calibration" else "**validation (out of sample)**"
        lines.append(f"| {eid} | {role} | {e['observed']} | {tri(e['best_fit'])} | {tri(e['central'])} | "
                     f"{acc['mean']:.2f} [{acc['q05']:.2f}-{acc['q95']:.2f}] | {held} |")
    forecasters = ("model_accepted_mean", "model_central", "model_best_fit", "baseline_frequency",
                   "baseline_majority", "baseline_rule_of_thumb")

    def score_table(title: str, block: dict[str, Any]) -> list[str]:
        out = [f"### {title}", "", "| forecaster | log score (higher is better) | Brier (lower is better) |",
               "|---|---|---|"]
        for f in (*forecasters, "start"):
            if f in block:
                out.append(f"| {f} | {block[f]['log_score']:.3f} | {block[f]['brier']:.3f} |")
        return [*out, ""]

    lines.append("")
    n_cal = len(report["in_sample"]["episodes"])
    lines += score_table(f"In sample (the {n_cal} calibration episodes; baselines fitted on them too)", report["in_sample"])
    if report["validation"]:
        lines += score_table("Out of sample: " + ", ".join(report["validation"]["episodes"]), report["validation"])
    lines += score_table(f"Leave-one-episode-out (sum of log scores, mean Brier over the {n_cal} held-out episodes)",
                         report["leave_one_out"]["total"])
    lines += ["### Leave-one-episode-out folds (Brier of the held-out episode)", "",
              "| held out | observed | accepted | " + " | ".join(forecasters) + " |",
              "|---|---|---|" + "---|" * len(forecasters)]
    for eid, f in loo.items():
        lines.append(f"| {eid} | {f['observed']} | {f['n_accepted']:,} | "
                     + " | ".join(f"{f['scores'][k]['brier']:.3f}" if k in f["scores"] else "" for k in forecasters) + " |")
    lines += ["", "### Parameters: prior, accepted set, identifiability", "",
              "| parameter | prior | central | best | accepted median [5-95%] | sd ratio | KS shift | verdict (sd ratio) |",
              "|---|---|---|---|---|---|---|---|"]
    central, best = report["central"]["parameters"], report["best_fit"]["parameters"]
    for name, p in report["parameters"].items():
        if "fixed" in p:
            lines.append(f"| {name} | fixed {p['fixed']} | | | | | | {p['identifiability']} |")
            continue
        lines.append(f"| {name} | U[{p['prior_low']:g}, {p['prior_high']:g}] | {central[name]:.2f} | "
                     f"{best[name]:.2f} | {p['q50']:.2f} [{p['q05']:.2f}-{p['q95']:.2f}] | "
                     f"{p['spread_ratio']:.2f} | {p['ks_shift']:.2f} | {p['identifiability']} |")
    lines += members_markdown(report.get("members") or {})
    return "\n".join(lines) + "\n"


def members_markdown(members: dict[str, Any]) -> list[str]:
    """The member-level fit (in sample): each target member's recorded action beside the accepted
    set's mean P(object / political / material / troops), and the lead nation's part in deployments."""
    if not members.get("episodes"):
        return []
    lines = ["", f"### What each member did, in sample (members.weight {members['weight']:g})", "",
             "Recorded action (member_actions) and the accepted set's mean P(object / political / material / "
             "troops) for the members the model asks; the weight is the row's confidence weight.", "",
             "| episode | member | recorded | weight | P(object / political / material / troops) |",
             "|---|---|---|---|---|"]
    for eid, rows in members["episodes"].items():
        for code, r in rows.items():
            lines.append(f"| {eid} | {code} | {r['recorded']} | {r['weight']:.2f} | "
                         f"{r['object']:.2f} / {r['political']:.2f} / {r['material']:.2f} / {r['troops']:.2f} |")
    con = members.get("constrains")
    if con:
        lines += ["", "### What the member-level data constrain", "",
                  f"Each parameter's accepted-set spread (sd over the accepted set / sd of the prior; 1 = the data "
                  f"say nothing) with the members' recorded actions in the objective ({con['n_accepted_with']:,} "
                  f"accepted) and with the alliance's answers alone ({con['n_accepted_without']:,} accepted), both "
                  "from the same screen.", "",
                  "| parameter | spread, answers and members | spread, answers alone | narrowed by the members |",
                  "|---|---|---|---|"]
        for name, c in con["parameters"].items():
            lines.append(f"| {name} | {c['spread_with_members']:.2f} | {c['spread_without']:.2f} | "
                         f"{'yes' if c['narrowed_by_members'] else ''} |")
    if members.get("deployments"):
        lines += ["", "| episode | P(collective troops) | deployments with the lead nation | its share of the troops |",
                  "|---|---|---|---|"]
        for eid, dep in members["deployments"].items():
            share = "" if dep["lead_troop_share"] is None else f"{dep['lead_troop_share']:.2f}"
            lines.append(f"| {eid} | {dep['p_deploy']:.2f} | {dep['with_lead_nation']:.2f} | {share} |")
    return lines


def write_calibration(run_dir: Path, result: CalibrationResult, report: dict[str, Any], decision: dict[str, Any],
                      plots_on: bool = True, config_path: Path | None = None) -> list[Path]:
    """Plots, calibration.json (last in the run directory), then the calibrated decision config
    if `config_path` is given. The report is validated before anything is written."""
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
    written.append(run_dir / "calibration_tables.md")
    write_text(written[-1], tables_markdown(report))
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
        if Path(config_path).resolve() == DEFAULT_CONFIG_PATH.resolve():
            # The default weights' record, for readers of the docs: generated, never typed.
            written.append(RESULTS_DOC)
            write_text(written[-1], results_markdown(report))
    return written


def results_markdown(report: dict[str, Any]) -> str:
    """docs/calibration_results.md: the calibration behind configs/decision/calibrated.yaml."""
    s = report["settings"]
    head = [
        "# Calibration results (generated)",
        "",
        "Written by `python -m sim.calibrate` (`make calibrate`) together with",
        "`configs/decision/calibrated.yaml`, the weights every command uses by default. Do not edit:",
        "re-run the calibration. Method and reading: docs/calibration.md.",
        "",
        f"Outcome coding `{report['outcome_coding']}`; {report['accepted_share']:.1%} of the prior box "
        f"accepted (objective `{report['objective']}` within {s['tolerance']:.2f} of the best: the alliance's "
        "answers and the members' recorded actions); seed {s['seed']}.",
        "",
    ]
    return "\n".join(head) + "\n" + tables_markdown(report)
