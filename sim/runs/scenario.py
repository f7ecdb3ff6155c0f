"""Run a scenario: validate the config, run the replications in chunks, summarise tidily.

`run(cfg)` is the public entry the CLI, tests, notebooks and the app call. It does no file
I/O and prints nothing; `sim.outputs.files` writes what it returns.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import DictConfig
from tqdm.auto import tqdm

from sim.inputs.extrapolation import extrapolation_note
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import build_spec, check_coding, check_run_settings, load_coded_evidence, to_container
from sim.model import decision as d
from sim.model.alliance import OUTCOMES, REPORT_ORDER

# The leading state's bilateral help, as the replications table names it (decision levels below
# material give nothing bilaterally).
BILATERAL: tuple[str, ...] = ("none", "material", "troops")
BILATERAL_CODE: tuple[int, ...] = (0, 0, 1, 2)  # decision level -> index into BILATERAL
NOT_ASKED = "not_asked"  # a member's decision where no request was made (rule:no_request)
from sim.model.model import LaneResults, ModelSpec, run_lanes
from sim.runs.engine import run_chunks
from sim.runs.resources import check_jobs, check_memory
from sim.runs.stats import interval95


@dataclass
class RunResult:
    spec: ModelSpec
    replications: pd.DataFrame  # one row per replication
    members: pd.DataFrame  # one row per replication and member
    summary: dict[str, Any]


def chunks(replications: int, chunk_size: int) -> list[tuple[int, int]]:
    """(chunk index, lanes) pairs. Chunk k always holds replications k*chunk_size onwards."""
    return [(k, min(chunk_size, replications - k * chunk_size))
            for k in range(-(-replications // chunk_size))]


def _iter_results(spec: ModelSpec, replications: int, seed: int, chunk_size: int, jobs: int,
                  progress: bool) -> Iterator[tuple[int, LaneResults]]:
    plan = chunks(replications, chunk_size)
    bar = tqdm(total=replications, unit="rep", disable=not progress or len(plan) < 2, leave=False)
    # the one chunk runner (sim.runs.engine: joblib's public API with the parent watchdog, or the
    # active Dask engine), yielding in chunk order
    outputs = zip((k for k, _ in plan), run_chunks(run_lanes, [(spec, lanes, seed, k) for k, lanes in plan], jobs))
    for k, res in outputs:
        bar.update(len(res.outcome))
        yield k * chunk_size, res
    bar.close()


def tidy(results: list[tuple[int, LaneResults]], with_members: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lane arrays -> (replications table, members table)."""
    rep_frames, mem_frames = [], []
    level_names = np.array(d.LEVEL_NAMES, dtype=object)
    reason_names = np.array(d.REASONS, dtype=object)
    for offset, res in results:
        lanes = len(res.outcome)
        rep_ids = np.arange(offset, offset + lanes)
        voting = np.array([r == "voter" for r in res.roles])
        troops_total = res.troops.sum(axis=0)
        rep_frames.append(pd.DataFrame({
            "replication": rep_ids,
            "outcome": pd.Categorical.from_codes(res.outcome, categories=list(OUTCOMES)),
            "bilateral": pd.Categorical.from_codes(np.asarray(BILATERAL_CODE)[res.bilateral],
                                                   categories=list(BILATERAL)),
            "answer": pd.Categorical.from_codes(res.answer, categories=list(OUTCOMES)),
            "framing": res.framing,
            "total_troops": troops_total,
            "n_contributors": (res.troops > 0).sum(axis=0),
            "n_objecting": ((res.level == d.OBJECT) & voting[:, None]).sum(axis=0),
        }))
        if not with_members:
            continue
        n = len(res.members)
        decision = level_names[res.level].copy()
        decision[res.reason == d.REASON_INDEX["rule:no_request"]] = NOT_ASKED  # nothing was put to them
        roles = np.array(res.roles, dtype=object)
        decision[~voting] = roles[~voting, np.newaxis]  # the requester and a member adversary do not vote
        reason = reason_names[res.reason].copy()
        reason[~voting] = roles[~voting, np.newaxis]
        frame = {
            "replication": np.tile(rep_ids, n),
            "member": np.repeat(res.members, lanes),
            "role": np.repeat(res.roles, lanes),
            "decision": decision.ravel(),
            "troops": res.troops.ravel(),
            "utility": res.utility.ravel(),
            "reason": reason.ravel(),
        }
        for t, name in enumerate((*d.TERMS, d.NOISE)):
            frame[f"term_{name}"] = res.contributions[:, t, :].ravel()
        mem_frames.append(pd.DataFrame(frame))
    reps = pd.concat(rep_frames, ignore_index=True)
    mems = pd.concat(mem_frames, ignore_index=True) if mem_frames else pd.DataFrame()
    for col in ("member", "role", "decision", "reason"):
        if col in mems:
            mems[col] = mems[col].astype("category")
    return reps, mems


def shares(column: pd.Series, names: tuple[str, ...]) -> dict[str, float]:
    """Share of each category, in the order given."""
    counts = column.value_counts().reindex(list(names), fill_value=0)
    return {name: int(counts[name]) / len(column) for name in names}


def summarise(spec: ModelSpec, reps: pd.DataFrame, mems: pd.DataFrame) -> dict[str, Any]:
    """Outcome probabilities (collective, bilateral, and what the requester got) and, per member,
    how often it chooses each option and why."""
    n = len(reps)
    outcome = shares(reps["outcome"], REPORT_ORDER)
    answer = shares(reps["answer"], REPORT_ORDER)
    bilateral = shares(reps["bilateral"], BILATERAL)
    # 95% Wilson intervals, so readers see the Monte Carlo error (honest at 0% and 100%: sim.runs.stats)
    interval = {k: interval95(p, n) for k, p in outcome.items()}
    members: dict[str, Any] = {}
    names = {p.code: p.name for p in spec.profiles}
    for code, group in mems.groupby("member", observed=True, sort=True):
        role = str(group["role"].iloc[0])
        if role != "voter":
            members[code] = {"role": role, "name": names.get(code, code)}
            continue
        decision = group["decision"].value_counts(normalize=True)
        reasons = group["reason"].value_counts(normalize=True)
        reasons = reasons[reasons > 0]
        members[code] = {
            "role": role,
            "name": names.get(code, code),
            "p_contribute": float((group["troops"] > 0).mean()),
            "mean_troops": float(group["troops"].mean()),
            **{f"p_choice_{name}": float(decision.get(name, 0.0)) for name in reversed(d.LEVEL_NAMES)},
            "p_not_asked": float(decision.get(NOT_ASKED, 0.0)),
            "leading_reason": str(reasons.index[0]),
            "reason_shares": {str(k): round(float(v), 4) for k, v in reasons.items()},
        }
    c = spec.crisis
    framings = reps["framing"].unique() if "framing" in reps else [c.framing]
    return {
        "scenario": c.id,
        "scenario_name": c.name,
        "episode": c.episode,
        "coding": c.coding,  # which coding of the episodes this run used (alliance.coding: evidence | seeds)
        "observed_outcome": c.observed_outcome,
        "crisis": {
            "date": c.date.isoformat(), "requester": c.requester, "adversary": c.adversary,
            "crisis_type": c.crisis_type, "front": c.front, "framing": str(framings[0]),
            "framing_chosen_by_requester": c.framing == "open",
            "channel": c.channel, "formal_request": c.formal_request,
            "on_member_territory": c.on_member_territory,
            "troops_requested": c.troops_requested,
        },
        "alliance_state": {"members": spec.members, "leader": spec.leader,
                           "treaty_in_force": spec.state.treaty_in_force,
                           "organisation": spec.state.organisation,
                           "standing_forces": spec.state.standing_forces},
        "rule": spec.rule.value,
        "outcome": outcome,  # the collective answer (the Collective Security Council)
        "outcome_ci95": interval,
        "bilateral": {"by": spec.leader, **bilateral},  # the leading state's own help beside it
        "answer": answer,  # what the requester got, collective or bilateral: what the records code
        "mean_total_troops": float(reps["total_troops"].mean()),
        "members": members,
        # what the run read for its date (seeds/dated.yaml): assumed values say so
        "inputs_on_date": list(spec.dated_inputs),
        "n_inputs_assumed": sum(1 for i in spec.dated_inputs if i["assumption"]),
    }


def simulate(spec: ModelSpec, replications: int, seed: int, chunk_size: int = 10_000, jobs: int = 1,
             progress: bool = False, with_members: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run `replications` lanes of a resolved spec; identical tables for any `jobs`."""
    results = list(_iter_results(spec, replications, seed, chunk_size, jobs, progress))
    return tidy(results, with_members=with_members)


def check_scenario_run(cfg: DictConfig) -> ModelSpec:
    """Every check a scenario run makes before it computes; the spec it would run."""
    check_run_settings(cfg)
    check_jobs(cfg.jobs, force=bool(cfg.get("force_jobs", False)))
    spec = build_spec(cfg)
    check_memory(cfg.replications, len(spec.members), bool(cfg.output.member_table))
    return spec


def run(cfg: DictConfig) -> RunResult:
    """Validate `cfg`, run it, and return tidy tables and the summary (no files written)."""
    spec = check_scenario_run(cfg)
    start = time.perf_counter()
    reps, mems = simulate(spec, cfg.replications, cfg.seed, cfg.chunk_size, cfg.jobs, cfg.progress)
    summary = summarise(spec, reps, mems)
    container = to_container(cfg)
    summary.update({
        "replications": int(cfg.replications),
        "seed": int(cfg.seed),
        "chunk_size": int(cfg.chunk_size),
        "decision": container["decision"].get("name"),
        "weights": container["decision"]["weights"],
        "thresholds": container["decision"]["thresholds"],
        "calibration": container["decision"].get("calibration"),
        "elapsed_s": round(time.perf_counter() - start, 3),
    })
    note = extrapolation_note(spec.crisis.date, load_coded_evidence(load_seeds(cfg.alliance.get("seeds_dir")),
                                                                    check_coding(cfg.alliance)))
    if note is not None:
        summary["extrapolated"] = note  # the command prints it as a warning; the summary keeps it
    if not cfg.output.member_table:
        mems = mems.iloc[0:0]
    return RunResult(spec=spec, replications=reps, members=mems, summary=summary)
