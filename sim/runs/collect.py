"""Gather a Hydra multirun directory into one tidy table: one row per job and outcome or member (a
scenario sweep, `python -m sim -m`), or per job and date (a timeline sweep, `python -m sim.timeline_run -m`).

A job counts when its summary (summary.json; a timeline job's timeline.json: written last,
atomically) exists and parses; any other job directory is incomplete (killed, failed, still
running) or unreadable (a truncated summary), and is left out, and counted. The sweep's
definition, the multirun.yaml Hydra writes at its root (hydra.overrides.task), says how many jobs
there should be: Hydra numbers them 0..N-1 over the cartesian product of the swept values
(BasicSweeper) and names each folder `<num>_<override_dirname>` (configs/config.yaml), so a job
that never got a folder is missing. The swept parameters come from the overrides each job
recorded in its summary (both commands' sweeps write them), so they become columns next to the
seed whatever was swept.

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
from sim.runs.atomic import SUMMARY, atomic_write
from sim.runs.layout import RUN_FILES, TIMELINE_FILES, TIMELINE_SUMMARY
from sim.runs.sweep import NEUTRAL_KEYS, override_key

TABLE = "collected.parquet"
CSV = "collected.csv"
MEMBER_FIELDS = ("p_contribute", "mean_troops", "p_choice_troops", "p_choice_material", "p_choice_political",
                 "p_choice_object", "p_not_asked", "leading_reason")
JOB_MARKERS = frozenset(RUN_FILES + TIMELINE_FILES)  # any file a job writes marks its folder
COHESION_FIELDS = ("mean", "p5", "p50", "p95")


@dataclass
class Collected:
    table: pd.DataFrame  # one row per job and outcome/member
    summary: pd.DataFrame  # one row per job
    parameters: list[str]  # the swept parameter columns
    incomplete: list[Path] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)  # a summary present but not valid JSON
    missing: list[str] = field(default_factory=list)  # jobs of the sweep with no folder at all
    expected: int | None = None  # jobs in the sweep definition (None: no multirun.yaml to read)
    definition_problem: str | None = None  # why multirun.yaml could not tell the expected jobs


    @property
    def complete(self) -> bool:
        return not (self.incomplete or self.unreadable or self.missing)


def expected_jobs(root: Path) -> list[str] | None:
    """The folder names of the sweep's jobs, from <root>/multirun.yaml, or None if it says nothing.

    Hydra 1.3 has no public function for either step: a sweep's job list (BasicSweeper.split_arguments)
    and a job's folder name (get_overrides_dirname, the value of hydra.job.override_dirname) exist only
    under hydra._internal. The public route, composing each job with return_hydra_config=True, needs the
    configs as they were when the sweep ran and costs a composition a job; so Hydra's own functions are
    called here, in this one place, and pinned by hydra-core<1.4 (tests/test_reliability_collect.py)."""
    from hydra._internal.config_loader_impl import get_overrides_dirname
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    path = Path(root) / "multirun.yaml"
    try:
        definition = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        hydra = definition.get("hydra") or {}
        task = (hydra.get("overrides") or {}).get("task")
    except (OSError, yaml.YAMLError, AttributeError):
        return None
    if not isinstance(task, list):  # what definition_problem calls malformed: no expectation either
        return None
    exclude = (((hydra.get("job") or {}).get("config") or {}).get("override_dirname") or {}).get(
        "exclude_keys", [])
    parser = OverridesParser.create()
    try:
        batches = BasicSweeper.split_arguments(parser.parse_overrides(task), None)[0]
    except Exception:  # noqa: BLE001 - a sweep the basic sweeper cannot expand: no expectation
        return None
    return [f"{num}_{get_overrides_dirname(parser.parse_overrides(job), exclude, ',', '=')}"
            for num, job in enumerate(batches)]


def definition_problem(root: Path) -> str | None:
    """Why <root>/multirun.yaml cannot say which jobs the sweep has, or None: without it, jobs that
    never started cannot be counted missing."""
    path = Path(root) / "multirun.yaml"
    if not path.is_file():
        return f"{path} is missing"
    try:
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return f"{path} cannot be read ({' '.join(str(exc).split())[:120]})"
    task = (((definition.get("hydra") or {}).get("overrides") or {}).get("task") if isinstance(definition, dict)
            else None)
    if not isinstance(task, list):
        return f"{path} holds no hydra.overrides.task list (malformed)"
    if expected_jobs(root) is None:
        return f"{path}: its sweep cannot be expanded by Hydra's basic sweeper"
    return None


def _job_num(name: str) -> int | None:
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() else None


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
    outcome, interval = summary["outcome"], summary["outcome_ci95"]
    answer, bilateral = summary.get("answer", {}), summary.get("bilateral", {})
    job = {**base, **{f"p_{k}": outcome[k] for k in REPORT_ORDER},
           **{f"p_answer_{k}": answer.get(k) for k in REPORT_ORDER},
           **{f"p_bilateral_{k}": bilateral.get(k) for k in ("material", "troops")},
           "mean_total_troops": summary["mean_total_troops"], "observed_outcome": summary.get("observed_outcome")}
    rows = [{**base, "kind": "outcome", "name": k, "role": None, "p": outcome[k],
             "ci95_low": interval[k][0], "ci95_high": interval[k][1]} for k in REPORT_ORDER]
    rows += [{**base, "kind": "answer", "name": k, "role": None, "p": answer.get(k), "ci95_low": None,
              "ci95_high": None} for k in REPORT_ORDER if k in answer]
    for code, member in summary["members"].items():
        row = {**base, "kind": "member", "name": code, "role": member["role"],
               "p": member.get("p_contribute"), "ci95_low": None, "ci95_high": None}
        row.update({f: member.get(f) for f in MEMBER_FIELDS if f != "p_contribute"})
        rows.append(row)
    return job, rows


def timeline_job_rows(name: str, summary: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A timeline job (timeline.json): its row in the summary table (cohesion at the end of the
    record, the membership checks) and its rows in the tidy table, per date: the cohesion index
    (`kind=cohesion`, `name` = the event) and each state's P(member) (`kind=member`, `name` = ISO3)."""
    params = parse_overrides(summary.get("overrides", []))
    base = {"job": name, **params, "seed": summary["seed"], "replications": summary["replications"],
            "history": summary.get("history"), "outcomes": summary.get("outcomes")}
    end, match = summary.get("cohesion_at_observed_until") or {}, summary.get("membership_match") or {}
    job = {**base, "observed_until": end.get("date"), **{f"cohesion_{k}": end.get(k) for k in COHESION_FIELDS},
           "p_same_members": match.get("p_same_members"), "p_renewers_all_stay": match.get("p_renewers_all_stay")}
    rows = [{**base, "kind": "cohesion", "date": c["date"], "name": c["event"], "p": None,
             **{k: c[k] for k in COHESION_FIELDS}} for c in summary["cohesion"]]
    rows += [{**base, "kind": "member", "date": m["date"], "name": code, "p": p}
             for m in summary.get("membership", []) for code, p in m["p_member"].items()]
    return job, rows


# a job's summary file, the key that marks it as that kind of summary, and its rows
KINDS = ((SUMMARY, "outcome", job_rows), (TIMELINE_SUMMARY, "cohesion", timeline_job_rows))


def collect(root: Path) -> Collected:
    """Read every finished job under `root`; report the unfinished ones instead of failing."""
    root = Path(root)
    if not root.is_dir():
        raise InputError("multirun dir", str(root), "an existing directory written by `python -m sim -m ...` "
                         "or `python -m sim.timeline_run -m ...`")
    jobs, rows, incomplete, unreadable, params = [], [], [], [], {}
    try:
        found = job_dirs(root)
    except OSError as exc:
        raise InputError("multirun dir", str(root), f"a readable directory ({exc.strerror or exc})") from None
    for job_dir in found:
        try:
            kind = next((k for k in KINDS if (job_dir / k[0]).is_file()), None)
        except OSError:  # a folder that cannot be read
            unreadable.append(job_dir)
            continue
        if kind is None:
            incomplete.append(job_dir)
            continue
        name, marker, rows_of = kind
        try:
            summary = json.loads((job_dir / name).read_text(encoding="utf-8"))
            if not isinstance(summary, dict) or marker not in summary:
                raise ValueError("not a run summary")
        except (OSError, ValueError):
            unreadable.append(job_dir)
            continue
        job, job_table = rows_of(job_dir.relative_to(root).as_posix(), summary)
        params.update(dict.fromkeys(parse_overrides(summary.get("overrides", []))))
        jobs.append(job)
        rows.extend(job_table)
    summary_table = pd.DataFrame(jobs)
    table = pd.DataFrame(rows)
    for col in ("kind", "name", "role", "scenario", "rule", "leading_reason", "history", "outcomes"):
        if col in table:
            table[col] = table[col].astype("category")
    expected = expected_jobs(root)
    missing: list[str] = []
    if expected is not None:
        nums = {_job_num(p.relative_to(root).parts[0]) for p in found}
        missing = [name for num, name in enumerate(expected) if num not in nums]
    return Collected(table=table, summary=summary_table, parameters=list(params), incomplete=incomplete,
                     unreadable=unreadable, missing=missing, expected=None if expected is None else len(expected),
                     definition_problem=definition_problem(root) if expected is None else None)


def write(result: Collected, root: Path) -> tuple[Path, Path]:
    """collected.parquet and collected.csv in `root`, each complete or absent."""
    table_path, csv_path = Path(root) / TABLE, Path(root) / CSV
    atomic_write(table_path, lambda tmp: result.table.to_parquet(tmp, index=False))
    atomic_write(csv_path, lambda tmp: result.summary.to_csv(tmp, index=False))
    return table_path, csv_path
