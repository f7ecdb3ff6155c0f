"""A calibration's record: calibration.json completed and checked, and the calibrated decision config.

The figures, tables and the writing of the run directory are sim.outputs.calibration_report:
they read this record; they never re-run the model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from sim.calibration.fit import CalibrationResult
from sim.inputs.paths import DECISION_DIR
from sim.model.alliance import OUTCOMES
from sim.model.decision import TERMS

REPORT = "calibration.json"
DEFAULT_CONFIG_PATH = DECISION_DIR / "calibrated.yaml"
DECISION_KEYS = ("name", "rule", "majority_share", "min_contributors", "weights", "thresholds", "material_effect",
                 "noise_sd", "trust_reference", "ad_hoc_cost_multiplier", "calibration")


# --- the calibrated decision config -----------------------------------------------------------------


def calibrated_decision(result: CalibrationResult, decision: dict[str, Any], provenance: dict[str, Any]) -> dict[str, Any]:
    """A complete decision config: the base decision's fixed settings, the selected point's weights
    and thresholds (rounded to 4 decimals for reading), and where they came from."""
    b = result.selected
    return {
        "name": "calibrated",
        "rule": decision["rule"],
        "majority_share": decision["majority_share"],
        "min_contributors": decision["min_contributors"],
        "weights": {t: round(b[t], 4) for t in TERMS},
        "thresholds": {"object": round(b["object"], 4), "troops": round(b["troops"], 4)},
        "material_effect": decision["material_effect"],
        "noise_sd": decision["noise_sd"],
        "trust_reference": decision["trust_reference"],
        "ad_hoc_cost_multiplier": round(b["ad_hoc_cost_multiplier"], 4),
        "calibration": provenance,
    }


def provenance(report: dict[str, Any]) -> dict[str, Any]:
    """The short record of a calibration that travels with its weights into every summary.json."""
    eps = report["episodes"]
    point = report["selected"]
    key = "best_fit" if point == "best" else "central"
    return {
        "method": report["method"],
        "date": report["date"],
        "command": report["command"],
        "run_dir": report["run_dir"],
        "seed": report["settings"]["seed"],
        "objective": report["objective"],
        "point": point,
        "objective_value": round(report[key]["objective_confirm"], 4),
        "objective_value_best_fit": round(report["best_fit"]["objective_confirm"], 4),
        "n_prior": report["n_prior"],
        "n_accepted": report["n_accepted"],
        "episodes": {
            eid: {"role": e["role"], "observed": e["observed"],
                  "these_weights": {k: round(v, 3) for k, v in e[key].items()},
                  "accepted_mean": {k: round(v["mean"], 3) for k, v in e["accepted"].items()}}
            for eid, e in eps.items()
        },
        "identifiability": {k: v["identifiability"] for k, v in report["parameters"].items()},
        "leave_one_out_brier": {k: round(v["brier"], 4) for k, v in report["leave_one_out"]["total"].items()},
    }


def decision_yaml(config: dict[str, Any]) -> str:
    header = (
        "# Fitted decision weights, written by `python -m sim.calibrate` (docs/calibration.md): one point of the\n"
        "# accepted set (calibration.point says which). Do not edit by hand; re-run the calibration. A weight the\n"
        "# episodes do not constrain (calibration.identifiability) is one plausible value among many: for\n"
        "# predictions, prefer the accepted set's distribution in the run's calibration.json.\n"
    )
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=110)


# --- checks ---------------------------------------------------------------------------------------


def validate_report(report: dict[str, Any]) -> None:
    """Raise ValueError if calibration.json is incomplete or its probabilities are not probabilities."""
    problems: list[str] = []
    required = ("method", "objective", "settings", "n_prior", "n_accepted", "best_fit", "central", "selected", "start", "episodes",
                "parameters", "in_sample", "baselines", "leave_one_out", "validation", "date", "command",
                "elapsed_s")
    problems += [f"missing key {k!r}" for k in required if k not in report]
    if problems:
        raise ValueError("; ".join(problems))
    if not 1 <= report["n_accepted"] <= report["n_prior"]:
        problems.append(f"n_accepted {report['n_accepted']} not in [1, n_prior]")

    def check_probs(where: str, p: dict[str, float]) -> None:
        if set(p) != set(OUTCOMES):
            problems.append(f"{where}: outcomes {sorted(p)}")
        elif not all(0.0 <= v <= 1.0 for v in p.values()) or abs(sum(p.values()) - 1.0) > 1e-9:
            problems.append(f"{where}: not a probability vector {p}")

    roles = set()
    for eid, e in report["episodes"].items():
        roles.add(e["role"])
        if e["observed"] not in OUTCOMES:
            problems.append(f"episodes.{eid}.observed = {e['observed']!r}")
        check_probs(f"episodes.{eid}.best_fit", e["best_fit"])
        check_probs(f"episodes.{eid}.central", e["central"])
        for k, q in e["accepted"].items():
            if not 0.0 <= q["q05"] <= q["q50"] <= q["q95"] <= 1.0:
                problems.append(f"episodes.{eid}.accepted.{k}: quantiles out of order {q}")
        check_probs(f"episodes.{eid}.accepted(mean)", {k: q["mean"] for k, q in e["accepted"].items()})
    calibration_ids = {eid for eid, e in report["episodes"].items() if e["role"] == "calibration"}
    if set(report["leave_one_out"]["folds"]) != calibration_ids:
        problems.append("leave_one_out.folds must hold every calibration episode")
    if ("validation" in roles) != (report["validation"] is not None):
        problems.append("validation scores missing or without a validation episode")
    for name, p in report["parameters"].items():
        if "identifiability" not in p:
            problems.append(f"parameters.{name}: no identifiability")
    if problems:
        raise ValueError("; ".join(problems))


# --- the record ---------------------------------------------------------------------------------


def finish_report(result: CalibrationResult, command: str, run_dir: Path, elapsed_s: float,
                  config: dict[str, Any]) -> dict[str, Any]:
    report = dict(result.report)
    run_dir = Path(run_dir)
    if run_dir.is_absolute() and Path.cwd() in run_dir.parents:
        run_dir = run_dir.relative_to(Path.cwd())  # portable: the path a user sees in the repo
    report.update({"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "command": command,
                   "run_dir": str(run_dir), "elapsed_s": round(elapsed_s, 2), "config": config})
    return report



def accepted_table_path(config_path: Path) -> Path:
    """Where the accepted parameter sets of a calibrated decision config are kept: beside it."""
    return config_path.with_name(config_path.stem + "_accepted.parquet")
