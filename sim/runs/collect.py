"""Gather a Hydra multirun directory into one tidy table: one row per job and outcome or member.

A job counts when its summary.json exists (written last, atomically); any other job directory
is incomplete (killed, failed, still running) and is left out, and counted. The swept
parameters come from the overrides each job recorded in its summary (`python -m sim -m ...`
writes them), so they become columns next to the seed whatever was swept.

    python -m sim.collect multirun/<sweep>    -> <sweep>/collected.parquet, <sweep>/collected.csv

(the command is sim/collect.py; this is the library it calls)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.errors import InputError
from sim.model.alliance import REPORT_ORDER
from sim.outputs.files import SUMMARY, atomic_write
from sim.runs.sweep import NEUTRAL_KEYS, override_key

TABLE = "collected.parquet"
CSV = "collected.csv"
MEMBER_FIELDS = ("p_contribute", "mean_troops", "p_choice_troops", "p_choice_partial", "p_choice_decline",
                 "leading_reason")
JOB_MARKERS = {SUMMARY, "config.yaml", "replications.parquet", "members.parquet"}


@dataclass
class Collected:
    table: pd.DataFrame  # one row per job and outcome/member
    summary: pd.DataFrame  # one row per job
    parameters: list[str]  # the swept parameter columns
    incomplete: list[Path] = field(default_factory=list)


def job_dirs(root: Path) -> list[Path]:
    """Every directory under `root` that a job wrote to (or created and was killed in)."""
    dirs = {p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    for path in root.rglob("*"):
        if path.is_file() and (path.name in JOB_MARKERS or path.name.endswith(".tmp")) and path.parent != root:
            dirs.add(path.parent)
    return sorted(dirs)


def parse_overrides(overrides: list[str]) -> dict[str, Any]:
    """'decision.weights.cost=0.5' -> {'decision.weights.cost': 0.5}; run-only keys are dropped."""
    params: dict[str, Any] = {}
    for item in overrides:
        key = override_key(item)
        if "=" not in item or key.startswith("hydra") or key in NEUTRAL_KEYS:
            continue
        value = item.split("=", 1)[1]
        try:
            params[key] = yaml.safe_load(value)
        except yaml.YAMLError:
            params[key] = value
    return params


def job_rows(name: str, summary: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the job's row in the summary table, its rows in the tidy table)."""
    params = parse_overrides(summary.get("overrides", []))
    base = {"job": name, **params, "seed": summary["seed"], "replications": summary["replications"],
            "scenario": summary["scenario"], "rule": summary["rule"], "decision": summary.get("decision")}
    outcome, half = summary["outcome"], summary["outcome_ci95_halfwidth"]
    job = {**base, **{f"p_{k}": outcome[k] for k in REPORT_ORDER},
           "mean_total_troops": summary["mean_total_troops"], "observed_outcome": summary.get("observed_outcome")}
    rows = [{**base, "kind": "outcome", "name": k, "role": None, "p": outcome[k], "ci95_halfwidth": half[k]}
            for k in REPORT_ORDER]
    for code, member in summary["members"].items():
        row = {**base, "kind": "member", "name": code, "role": member["role"],
               "p": member.get("p_contribute"), "ci95_halfwidth": None}
        row.update({f: member.get(f) for f in MEMBER_FIELDS if f != "p_contribute"})
        rows.append(row)
    return job, rows


def collect(root: Path) -> Collected:
    """Read every finished job under `root`; report the unfinished ones instead of failing."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("multirun dir", str(root), "an existing directory written by `python -m sim -m ...`")
    jobs, rows, incomplete, params = [], [], [], {}
    for job_dir in job_dirs(root):
        if not (job_dir / SUMMARY).is_file():
            incomplete.append(job_dir)
            continue
        summary = json.loads((job_dir / SUMMARY).read_text(encoding="utf-8"))
        job, job_table = job_rows(job_dir.relative_to(root).as_posix(), summary)
        params.update(dict.fromkeys(parse_overrides(summary.get("overrides", []))))
        jobs.append(job)
        rows.extend(job_table)
    summary_table = pd.DataFrame(jobs)
    table = pd.DataFrame(rows)
    for col in ("kind", "name", "role", "scenario", "rule", "leading_reason"):
        if col in table:
            table[col] = table[col].astype("category")
    return Collected(table=table, summary=summary_table, parameters=list(params), incomplete=incomplete)


def write(result: Collected, root: Path) -> tuple[Path, Path]:
    """collected.parquet and collected.csv in `root`, each complete or absent."""
    table_path, csv_path = Path(root) / TABLE, Path(root) / CSV
    atomic_write(table_path, lambda tmp: result.table.to_parquet(tmp, index=False))
    atomic_write(csv_path, lambda tmp: result.summary.to_csv(tmp, index=False))
    return table_path, csv_path
