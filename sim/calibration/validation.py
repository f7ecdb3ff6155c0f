"""Out-of-sample validation on the whole evidence base, against naive baselines.

The calibration fits every episode of the evidence base (23 records, negative controls included,
weighted by confidence). Here the same prior is screened on them again, on streams of its own, and
the model is judged only on episodes it was not fitted to:

- leave-one-episode-out: the accepted set is re-selected without each episode (confidence-
  weighted log-likelihood over the others) and predicts it;
- rolling origin: fit on the episodes before a year, predict every episode from that year on.

Baselines, refitted on the same training episodes: the training outcomes' frequencies, the
majority class, and a one-line rule of thumb that needs no fitting ("no formal request, a fellow
member as adversary, or outside members' territory -> none; otherwise -> partial").

Beside the scores: each episode's main reasons (the calibrated config's counterfactual reasons)
and its one-at-a-time sensitivity to every assumption over its range (sim.calibration.sensitivity).

`python -m sim.docgen.validation` (make validate) runs it and writes docs/validation.md,
docs/validation.json and outputs/validation/validation.json.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from omegaconf import DictConfig, OmegaConf

from sim.calibration import baselines, fit, scores
from sim.calibration.episodes import EpisodeRun, evidence_runs, member_targets
from sim.calibration.posterior import accepted_mask, resolve_tolerance
from sim.calibration.prior import build_prior
from sim.calibration.sensitivity import episode_sensitivity
from sim.calibration.tallies import member_probabilities, simulate_tallies
from sim.errors import InputError
from sim.inputs.actions import load_member_actions
from sim.inputs.compose import compose_config, scenario_node, with_scenario
from sim.inputs.config_shapes import check_validation
from sim.inputs.evidence import EvidenceEpisode, load_evidence
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import Objective, check_member_fit
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model import streams
from sim.model.alliance import OUTCOMES, REPORT_ORDER
from sim.model.model import run_lanes
from sim.runs import batch

SETTINGS = CONFIG_DIR / "validation.yaml"
NONE, PARTIAL = OUTCOMES.index("none"), OUTCOMES.index("partial")


@dataclass(frozen=True)
class Case:
    """One evidence episode as the validation sees it."""

    record: EvidenceEpisode
    run: EpisodeRun
    weight: float

    @property
    def observed(self) -> int:
        return OUTCOMES.index(self.record.outcome)

    @property
    def cell(self) -> str:
        r = self.record
        return baselines.structural_cell(r.request, r.crisis_type, r.on_member_territory)


def rule_of_thumb(record: EvidenceEpisode) -> int:
    """No formal request, a fellow member as adversary, or outside members' territory -> none; else partial."""
    return scores.rule_of_thumb(record.request, record.crisis_type, record.on_member_territory)


def load_settings(path: Path = SETTINGS) -> DictConfig:
    """configs/validation.yaml, checked against its structured schema (sim.inputs.schema.ValidationConfig)."""
    if not Path(path).is_file():
        raise InputError("validation settings", str(path), "an existing YAML file, e.g. configs/validation.yaml")
    return check_validation(OmegaConf.load(path), compose_config([], "calibrate").search)


def as_of(alliance: DictConfig, when: dt.date | None) -> DictConfig:
    """The alliance config reading only evidence dated before `when` (alliance.as_of)."""
    node = OmegaConf.create(OmegaConf.to_container(alliance, resolve=True))
    node.as_of = None if when is None else when.isoformat()
    return node  # type: ignore[return-value]  # OmegaConf types create() as either container; a dict gives a DictConfig


def cases(settings: DictConfig, cal: DictConfig, when: dt.date | None = None) -> list[Case]:
    """Every coded episode, in date order, as the calibration builds and weights it (evidence_runs),
    with its inputs as known before `when` (None: everything)."""
    evidence = load_evidence(coding=settings.coding.value)
    runs = evidence_runs(as_of(cal.alliance, when), cal.decision, cal.confidence_weights, settings.coding.value,
                             cal.get("members"))
    return [Case(evidence.episodes[run.id], run, run.weight) for run in runs]


def prior_names(cal: DictConfig) -> tuple[str, ...]:
    """The fitted (free) parameters of the calibration's prior."""
    return build_prior(cal.prior).names


def held_case(settings: DictConfig, cal: DictConfig, case: Case) -> Case:
    """One episode rebuilt with its inputs as known before its own date (leave-one-out)."""
    when = case.run.spec.crisis.date
    spec = build_spec(with_scenario(as_of(cal.alliance, when), cal.decision, scenario_node(case.record.id, "episode")))
    weights = dict(cal.confidence_weights)
    silent = check_member_fit(cal.get("members")).silent_weight
    actions = load_member_actions().get(case.record.id)
    run = dataclasses.replace(case.run, spec=spec, members=member_targets(spec, actions, weights, silent))
    return dataclasses.replace(case, run=run)


def main_reasons(alliance: DictConfig, decision: DictConfig, episode: str, lanes: int, seed: int,
                 top: int = 3) -> list[str]:
    """A decision config's most frequent member reasons in an episode (counterfactual reasons of
    the voting members over all lanes), with their shares."""
    spec = build_spec(with_scenario(alliance, decision, scenario_node(episode, "episode")))
    res = run_lanes(spec, lanes, seed)
    voting = np.array([r == "voter" for r in res.roles])
    if not voting.any():
        return []
    reasons = np.bincount(res.reason[voting].ravel(), minlength=len(d.REASONS)) / res.reason[voting].size
    order = np.argsort(-reasons)[:top]
    return [f"{d.REASONS[i]} {reasons[i]:.0%}" for i in order if reasons[i] > 0]


@dataclass
class Held:
    """What every forecaster said about the held-out episodes and their members."""

    outcome: dict[str, list[NDArray[np.float64]]]  # forecaster -> one (outcomes,) forecast per episode
    observed: list[int]
    members: dict[str, list[NDArray[np.float64]]]  # model | baseline -> one (levels,) forecast per member row
    member_observed: list[int]
    member_weight: list[float]
    member_rows: list[dict[str, Any]]


def _empty() -> Held:
    return Held({}, [], {"model": [], "baseline": []}, [], [], [])


def select(scr: fit.Screen, runs: Sequence[EpisodeRun], train: Sequence[int], tolerance: float,
           weight_members: float) -> NDArray[np.bool_]:
    """The accepted set chosen on the training episodes alone: the calibration's objective (answers and
    members' recorded actions) over `train`; nothing about any other episode is read."""
    score = fit.combined_score(scr.probs, scr.member_score, runs, list(train), Objective.loglik, weight_members)
    return accepted_mask(score, tolerance)


def hold_out(settings: DictConfig, cal: DictConfig, scr: fit.Screen, train_cases: Sequence[Case],
             test_cases: Sequence[Case], train: Sequence[int], keys: Sequence[int], held: Held) -> None:
    """Select the accepted set on `train` (rows of the screen, whose episodes are `train_cases`), then
    forecast `test_cases` (built as known at their origin) by re-running only the accepted points on
    them, on streams of their own (`keys`); the baselines are refitted on the same training episodes."""
    tol = settings.get("tolerance")
    idx = np.flatnonzero(select(scr, [c.run for c in train_cases], train,
                                resolve_tolerance(None if tol is None else float(tol), len(prior_names(cal))),
                                fit.member_weight(cal)))
    tallies = simulate_tallies([c.run for c in test_cases], batch.take(scr.values, idx),
                                   int(settings.holdout_replications), int(settings.seed), streams.HOLDOUT,
                                   keys=list(keys), jobs=int(settings.jobs))
    probs = scores.smoothed_probabilities(tallies.counts, float(settings.smoothing)).mean(axis=0)  # (test, outcomes)
    mprobs = [m.mean(axis=0) for m in member_probabilities(tallies, float(settings.smoothing))]
    t_cells = [train_cases[i].cell for i in train]
    t_obs = [train_cases[i].observed for i in train]
    t_rule = [rule_of_thumb(train_cases[i].record) for i in train]
    t_asked = [train_cases[i].record.asked for i in train]
    t_members = [(o.member, train_cases[i].cell, o.level) for i in train for o in train_cases[i].run.members]
    sm = float(settings.smoothing)
    for j, case in enumerate(test_cases):
        f = {"model": probs[j],
             "cells": baselines.cell_forecast(t_cells, t_obs, case.cell, sm),
             "cells_asked": baselines.cell_forecast([f"{c}/{a}" for c, a in zip(t_cells, t_asked)], t_obs,
                                                    f"{case.cell}/{case.record.asked}", sm),
             "rule_of_thumb": baselines.rule_forecast(t_rule, t_obs, rule_of_thumb(case.record), sm),
             "frequency": scores.frequency_forecast(t_obs, sm),
             "majority": scores.majority_forecast(t_obs)}
        for name, q in f.items():
            held.outcome.setdefault(name, []).append(q)
        held.observed.append(case.observed)
        for o in case.run.members:
            m = mprobs[j][o.row]
            b = baselines.member_forecast(t_members, o.member, case.cell, sm)
            held.members["model"].append(m)
            held.members["baseline"].append(b)
            held.member_observed.append(o.level)
            held.member_weight.append(o.weight)
            held.member_rows.append({"episode": case.record.id, "member": o.member, "recorded": o.action,
                                     "model": [round(float(x), 3) for x in m],
                                     "baseline": [round(float(x), 3) for x in b]})


def score_table(held: dict[str, list[NDArray[np.float64]]], observed: Sequence[int], floor: float) -> dict[str, Any]:
    return {name: {"brier": float(scores.brier_score(np.array(p), observed)),
                   "log_score": float(scores.log_score(np.array(p), observed, floor) / len(observed)),
                   "modal_hits": int(sum(int(np.argmax(q)) == o for q, o in zip(p, observed)))}
            for name, p in held.items()}


def member_table(held: Held) -> dict[str, Any]:
    """Member-level scores: the four-level Brier score, weighted by each row's confidence weight and
    unweighted, and modal hits, for the model and the member baseline."""
    out = {}
    for name, p in held.members.items():
        arr = np.array(p)
        out[name] = {"brier": baselines.multiclass_brier(arr, held.member_observed, held.member_weight),
                     "brier_unweighted": baselines.multiclass_brier(arr, held.member_observed),
                     "modal_hits": int(sum(int(np.argmax(q)) == o for q, o in zip(p, held.member_observed)))}
    return {**out, "rows": len(held.member_observed)}


def validate(settings: DictConfig, sensitivity: bool | Sequence[str] = True) -> dict[str, Any]:
    """Screen the prior on every episode once; leave-one-out re-selects from it and forecasts each
    held-out episode with its inputs as known before its date; each rolling origin re-screens its
    training episodes as known before the origin and forecasts the rest the same way.
    `sensitivity`: run the one-at-a-time sensitivity for every episode (True), none (False), or
    the episode ids given."""
    cal = compose_config([f"alliance.coding={settings.coding.value}", f"search.samples={settings.samples}",
                          f"search.replications={settings.replications}", f"search.smoothing={settings.smoothing}",
                          f"seed={settings.seed}", f"jobs={settings.jobs}",
                          f"progress={str(settings.progress).lower()}"],
                         "calibrate")
    prior = build_prior(cal.prior)
    calibrated = compose_config(["decision=calibrated"]).decision  # reasons and sensitivity describe it
    all_cases = cases(settings, cal)
    runs = [c.run for c in all_cases]
    rows = list(range(len(runs)))
    scr = fit.screen(cal, prior, runs, rows)
    floor = float(settings.score_floor)

    loo = _empty()
    per_episode = []
    for i, case in enumerate(all_cases):
        # the held-out episode reads only what was known before its own date
        known = [held_case(settings, cal, case)]
        hold_out(settings, cal, scr, all_cases, known, [j for j in rows if j != i], [i], loo)
        r = case.record
        p = loo.outcome["model"][-1]
        per_episode.append({
            "date": r.date.isoformat(), "id": r.id, "requester": r.requester, "channel": r.request,
            "cell": case.cell, "observed": r.outcome, "confidence": r.confidence, "provenance": r.provenance,
            "model_loo": {k: round(float(p[OUTCOMES.index(k)]), 3) for k in REPORT_ORDER},
            "cells_loo": {k: round(float(loo.outcome["cells"][-1][OUTCOMES.index(k)]), 3) for k in REPORT_ORDER},
            "model_modal_hit": int(np.argmax(p)) == case.observed,
            "rule_of_thumb": OUTCOMES[rule_of_thumb(r)], "rule_hit": rule_of_thumb(r) == case.observed,
            "main_reasons": main_reasons(cal.alliance, calibrated, r.id, int(settings.reason_lanes),
                                         int(settings.seed)),
        })
    rolling: dict[str, Any] = {}
    for year in settings.origins:
        origin = dt.date(int(year), 1, 1)
        known = cases(settings, cal, origin)
        train = [i for i, c in enumerate(known) if c.record.date < origin]
        test = [i for i, c in enumerate(known) if c.record.date >= origin]
        if not train or not test:
            continue
        train_cases = [known[i] for i in train]
        o_scr = fit.screen(cal, prior, [c.run for c in train_cases], list(range(len(train))))
        held = _empty()
        hold_out(settings, cal, o_scr, train_cases, [known[i] for i in test], list(range(len(train))), test, held)
        rolling[str(year)] = {**score_table(held.outcome, held.observed, floor),
                              "n_train": len(train), "n_test": len(test), "members": member_table(held)}
    formal = [i for i, c in enumerate(all_cases) if c.record.request == "formal"]
    troops = OUTCOMES.index("troops")
    honoured = {
        "formal_requests": len(formal),
        "formal_ids": [all_cases[i].record.id for i in formal],
        "observed_troops_share": float(np.mean([all_cases[i].observed == troops for i in formal])) if formal else None,
        "model_troops_share_loo": float(np.mean([loo.outcome["model"][i][troops] for i in formal])) if formal else None,
        "literature": OmegaConf.to_container(settings.honoured_share_literature),
    }
    sens = {}
    if sensitivity:
        evidence = load_evidence(coding=settings.coding.value)
        wanted = None if sensitivity is True else set(sensitivity)  # episode ids, or every episode
        for c in all_cases:
            if wanted is not None and c.record.id not in wanted:
                continue
            sens[c.record.id] = episode_sensitivity(cal.alliance, calibrated, c.record.id, c.record.outcome,
                                                    evidence, int(settings.sensitivity_lanes), int(settings.seed))
    return {"coding": settings.coding.value, "episodes": len(all_cases), "samples": int(settings.samples),
            "replications": int(settings.replications), "seed": int(settings.seed),
            "loo": score_table(loo.outcome, loo.observed, floor), "rolling_origin": rolling,
            "members": {"loo": member_table(loo), "loo_rows": loo.member_rows},
            "per_episode": per_episode, "honoured": honoured, "sensitivity": sens,
            "settings": OmegaConf.to_container(settings, enum_to_str=True)}


FORECASTERS = ("model", "cells", "cells_asked", "rule_of_thumb", "frequency", "majority")
