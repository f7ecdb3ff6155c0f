"""docs/calibration_results.md and a calibration run's calibration_tables.md, from calibration.json.

`python -m sim.calibrate` writes both (the page only when it writes the default weights,
configs/decision/calibrated.yaml). To re-render them from a saved record without re-calibrating:

    python -m sim.docgen.calibration_results outputs/calibration/<run>/calibration.json [--doc]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.docgen.render import render, table, tri
from sim.errors import OneLineArgumentParser
from sim.inputs.paths import PROJECT_ROOT
from sim.outputs.calibration_report import TABLES
from sim.runs.atomic import write_text

RESULTS_DOC = PROJECT_ROOT / "docs" / "calibration_results.md"
FORECASTERS = ("model_accepted_mean", "model_central", "model_best_fit", "baseline_frequency",
               "baseline_majority", "baseline_rule_of_thumb")


def predictions_table(report: dict[str, Any]) -> str:
    """Per episode: P(troops / partial / none) at the best fit and the central point, the accepted set's
    P(observed) and the leave-one-out P(observed)."""
    loo = report["leave_one_out"]["folds"]
    rows = []
    for eid, e in report["episodes"].items():
        acc = e["accepted"][e["observed"]]
        rows.append([eid, "calibration" if e["role"] == "calibration" else "**validation (out of sample)**",
                     e["observed"], tri(e["best_fit"]), tri(e["central"]),
                     f"{acc['mean']:.2f} [{acc['q05']:.2f}-{acc['q95']:.2f}]",
                     f"{loo[eid]['model_accepted'][e['observed']]['mean']:.2f}" if eid in loo else "(never fitted)"])
    return table(rows, columns=["episode", "role", "observed", "best fit", "central point (calibrated.yaml)",
                                "accepted set: mean [5-95%] of P(observed)", "left out (LOO): mean P(observed)"])


def score_table(block: dict[str, Any]) -> str:
    return table([[f, f"{block[f]['log_score']:.3f}", f"{block[f]['brier']:.3f}"]
                  for f in (*FORECASTERS, "start") if f in block],
                 columns=["forecaster", "log score (higher is better)", "Brier (lower is better)"])


def score_tables(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, table) of in sample, out of sample (if any) and leave-one-out."""
    n_cal = len(report["in_sample"]["episodes"])
    out = [(f"In sample (the {n_cal} calibration episodes; baselines fitted on them too)",
            score_table(report["in_sample"]))]
    if report["validation"]:
        out.append(("Out of sample: " + ", ".join(report["validation"]["episodes"]), score_table(report["validation"])))
    out.append((f"Leave-one-episode-out (sum of log scores, mean Brier over the {n_cal} held-out episodes)",
                score_table(report["leave_one_out"]["total"])))
    return out


def folds_table(report: dict[str, Any]) -> str:
    return table([[eid, f["observed"], f"{f['n_accepted']:,}",
                   *(f"{f['scores'][k]['brier']:.3f}" if k in f["scores"] else "" for k in FORECASTERS)]
                  for eid, f in report["leave_one_out"]["folds"].items()],
                 columns=["held out", "observed", "accepted", *FORECASTERS])


def parameters_table(report: dict[str, Any]) -> str:
    central, best = report["central"]["parameters"], report["best_fit"]["parameters"]
    rows = []
    for name, p in report["parameters"].items():
        if "fixed" in p:
            rows.append([name, f"fixed {p['fixed']}", "", "", "", "", "", p["identifiability"]])
            continue
        rows.append([name, f"U[{p['prior_low']:g}, {p['prior_high']:g}]", f"{central[name]:.2f}", f"{best[name]:.2f}",
                     f"{p['q50']:.2f} [{p['q05']:.2f}-{p['q95']:.2f}]", f"{p['spread_ratio']:.2f}",
                     f"{p['ks_shift']:.2f}", p["identifiability"]])
    return table(rows, columns=["parameter", "prior", "central", "best", "accepted median [5-95%]", "sd ratio",
                                "KS shift", "verdict (sd ratio)"])


def member_tables(members: dict[str, Any]) -> dict[str, str]:
    """The member-level fit (in sample): each target member's recorded action beside the accepted
    set's mean P(object / political / material / troops), what the members constrain, and the lead
    nation's part in deployments. Empty strings where the report has none."""
    if not members.get("episodes"):
        return {"member_actions": "", "constrains": "", "deployments": ""}
    actions = table([[eid, code, r["recorded"], f"{r['weight']:.2f}",
                      f"{r['object']:.2f} / {r['political']:.2f} / {r['material']:.2f} / {r['troops']:.2f}"]
                     for eid, rows in members["episodes"].items() for code, r in rows.items()],
                    columns=["episode", "member", "recorded", "weight", "P(object / political / material / troops)"])
    con = members.get("constrains")
    constrains = table([[name, f"{c['spread_with_members']:.2f}", f"{c['spread_without']:.2f}",
                         "yes" if c["narrowed_by_members"] else ""] for name, c in con["parameters"].items()],
                       columns=["parameter", "spread, answers and members", "spread, answers alone",
                                "narrowed by the members"]) if con else ""
    deployments = table([[eid, f"{dep['p_deploy']:.2f}", f"{dep['with_lead_nation']:.2f}",
                          "" if dep["lead_troop_share"] is None else f"{dep['lead_troop_share']:.2f}"]
                         for eid, dep in members["deployments"].items()],
                        columns=["episode", "P(collective troops)", "deployments with the lead nation",
                                 "its share of the troops"]) if members.get("deployments") else ""
    return {"member_actions": actions, "constrains": constrains, "deployments": deployments}


def _context(report: dict[str, Any]) -> dict[str, Any]:
    return {"r": report, "predictions": predictions_table(report), "score_tables": score_tables(report),
            "folds": folds_table(report), "parameters": parameters_table(report),
            **member_tables(report.get("members") or {})}


def tables_markdown(report: dict[str, Any]) -> str:
    """The result tables (a run's calibration_tables.md), straight from the report: no hand-copied numbers."""
    return render("calibration_tables.md.j2", **_context(report))


def results_markdown(report: dict[str, Any]) -> str:
    """docs/calibration_results.md: the calibration behind configs/decision/calibrated.yaml."""
    return render("calibration_results.md.j2", **_context(report))


def main(argv: list[str] | None = None) -> None:
    parser = OneLineArgumentParser(description="re-render a calibration's tables from its calibration.json")
    parser.add_argument("report", type=Path, help="a run's calibration.json")
    parser.add_argument("--doc", action="store_true", help=f"also rewrite {RESULTS_DOC.relative_to(PROJECT_ROOT)}")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    write_text(args.report.with_name(TABLES), tables_markdown(report))
    if args.doc:
        write_text(RESULTS_DOC, results_markdown(report))
    print(f"wrote {args.report.with_name(TABLES)}" + (f" and {RESULTS_DOC}" if args.doc else ""))


if __name__ == "__main__":
    main()
