"""Fit the decision weights to the historical episodes, and say honestly how well they are pinned.

Method (docs/calibration.md says why):

1. Prior: a uniform box per parameter (configs/calibrate.yaml says where each range comes from),
   sampled with a scrambled Sobol sequence.
2. Screen: every prior point is run on every episode with `replications` vector lanes, all points
   of a block in ONE model run (per-lane parameter arrays). Outcome counts -> smoothed
   probabilities -> the objective (log-likelihood of the observed outcomes, or Brier score) over
   the calibration episodes only. The validation episode (Armenia 2021) is simulated but never
   enters an objective.
3. Accept: the points within `tolerance` of the best score (GLUE / rejection-ABC style). This set
   is the approximate posterior: predictions and weights are reported as distributions over it.
4. Confirm: the best point and (a sample of) the accepted set are re-run with fresh random
   streams and more replications, so the reported fit is not flattered by the selection noise.
5. Leave-one-episode-out: the screen is re-scored without each calibration episode in turn and
   the left-out one predicted; no new simulation, and the left-out episode never selects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from omegaconf import DictConfig

from sim.calibration import scores
from sim.calibration.episodes import EpisodeRun, episode_runs
from sim.calibration.posterior import (accepted_mask, as_outcomes, forecast_scores, objective, parameter_summary,
                                       predictive, representative_index, resolve_tolerance)
from sim.calibration.prior import PARAMETERS, Prior, build_prior, params_values, point_values, sample_prior
from sim.calibration.tallies import member_probabilities, member_scores, simulate_tallies
from sim.errors import InputError
from sim.inputs.checks import check_ranges, plain
from sim.inputs.schema import CalibrateConfig, Coding, Objective, Point, check_member_fit
from sim.model import decision as d
from sim.model import streams
from sim.model.alliance import OUTCOMES
from sim.runs import batch


# --- the whole calibration ------------------------------------------------------------------------


@dataclass
class CalibrationResult:
    report: dict[str, Any]  # becomes calibration.json
    selected: dict[str, float]  # every parameter at the selected point (cfg.point: best or central)
    prior: Prior
    accepted_points: NDArray[np.float64]  # (accepted, free parameters)
    prior_points: NDArray[np.float64]  # (samples, free parameters)
    samples: pd.DataFrame  # one row per prior point: parameters, objective, accepted, P(observed) per episode


def check_settings(cfg: DictConfig) -> None:
    """The search settings' bounds (the schema's: SearchConfig), and what needs two of them."""
    check_ranges(CalibrateConfig, cfg, keys=("search", "members", "jobs", "seed"))
    s = cfg.search
    if Objective(plain(s.objective)) is Objective.loglik and s.smoothing <= 0:
        raise InputError("search.smoothing", s.smoothing, "a number > 0 with objective=loglik (log 0 = -inf)")


@dataclass(frozen=True)
class Screen:
    """Step 1-2: the prior sample, each point run on every episode."""

    points: NDArray[np.float64]  # (samples, free parameters)
    values: dict[str, NDArray[np.float64]]  # every parameter as a (samples,) array
    probs: NDArray[np.float64]  # (samples, episodes, outcomes), smoothed
    score: NDArray[np.float64]  # (samples,) objective over the calibration episodes, members included
    # per episode (samples, members, levels)
    member_probs: list[NDArray[np.float64]] = dataclasses.field(default_factory=list)
    # (samples, episodes): member-level score, unweighted by members.weight
    member_score: NDArray[np.float64] | None = None
    deploy: NDArray[np.float64] | None = None  # (samples, episodes, 4): Tallies.deploy


@dataclass(frozen=True)
class Acceptance:
    """Step 3: the accepted set (the approximate posterior) and its two named points."""

    mask: NDArray[np.bool_]
    best: int
    central: int


@dataclass(frozen=True)
class Confirmation:
    """Step 4: fresh streams and more replications for the best, central and accepted points."""

    index: NDArray[np.int64]  # rows of the screen that were confirmed: best, central, then others
    central_row: int  # row of the central point in `probs`
    probs: NDArray[np.float64]  # (confirmed, episodes, outcomes)
    score: NDArray[np.float64]
    start_values: dict[str, NDArray[np.float64]]  # the base decision config as one point
    start_probs: NDArray[np.float64]  # (episodes, outcomes)
    start_score: float
    # per episode (confirmed, members, levels)
    member_probs: list[NDArray[np.float64]] = dataclasses.field(default_factory=list)
    deploy: NDArray[np.float64] | None = None  # (confirmed, episodes, 4)


def _run_settings(cfg: DictConfig) -> dict[str, Any]:
    return dict(seed=cfg.seed, block_lanes=cfg.search.block_lanes, jobs=cfg.jobs, progress=cfg.progress)


def member_weight(cfg: DictConfig) -> float:
    """calibrate.members.weight, checked: how much the members' recorded actions count."""
    return check_member_fit(cfg.get("members")).weight  # checked here: validation reads it without check_settings


def combined_score(probs: NDArray[np.float64], member_score: NDArray[np.float64] | None,
                   episodes: Sequence[EpisodeRun], rows: Sequence[int], which: Objective,
                   weight_members: float) -> NDArray[np.float64]:
    """The pattern-oriented objective over `rows`: the alliance's answers and, times `weight_members`,
    each member's recorded action (member_scores). Higher is better."""
    rows = list(rows)
    score = objective(probs[:, rows], [episodes[i].observed_code for i in rows], which,
                      [episodes[i].weight for i in rows])
    if member_score is not None and weight_members > 0:
        score = score + weight_members * member_score[:, rows].sum(axis=1)
    return score


def screen(cfg: DictConfig, prior: Prior, episodes: Sequence[EpisodeRun], calib: list[int]) -> Screen:
    """Sample the prior and run every point on every episode; score on the calibration episodes."""
    s = cfg.search
    which = Objective(plain(s.objective))
    points = sample_prior(prior, s.samples, cfg.seed)
    values = point_values(prior, points)
    tallies = simulate_tallies(episodes, values, s.replications, stage=streams.SCREEN, desc="screen",
                               **_run_settings(cfg))
    probs = scores.smoothed_probabilities(tallies.counts, s.smoothing)
    member_probs = member_probabilities(tallies, s.smoothing)
    mscore = member_scores(member_probs, episodes, which)
    score = combined_score(probs, mscore, episodes, calib, which, member_weight(cfg))
    return Screen(points, values, probs, score, member_probs, mscore, tallies.deploy)


def accept(scr: Screen, prior: Prior, tolerance: float | None,
           which: Objective = Objective.loglik) -> Acceptance:
    """The points within `tolerance` (None: resolve_tolerance's joint cut) of the best score, with the
    best and the central one."""
    mask = accepted_mask(scr.score, resolve_tolerance(tolerance, len(prior.names), which))
    return Acceptance(mask, int(np.argmax(scr.score)), representative_index(scr.probs, mask))


def confirm(cfg: DictConfig, scr: Screen, acc: Acceptance, episodes: Sequence[EpisodeRun],
            calib: list[int]) -> Confirmation:
    """Re-run the best, the central and (a sample of) the accepted points, and the starting point,
    on fresh streams with more replications: the reported fit is not flattered by selection noise."""
    s = cfg.search
    which = Objective(plain(s.objective))
    observed = [episodes[i].observed_code for i in calib]
    weights = [episodes[i].weight for i in calib]
    rng = streams.sampler_rng(cfg.seed, streams.CONFIRM_SUBSET)
    chosen = [acc.best] if acc.central == acc.best else [acc.best, acc.central]
    acc_idx = np.flatnonzero(acc.mask)
    others = acc_idx[~np.isin(acc_idx, chosen)]
    if len(others) > s.confirm_max - len(chosen):
        others = np.sort(rng.choice(others, size=max(s.confirm_max - len(chosen), 0), replace=False))
    index = np.concatenate([chosen, others]).astype(int)
    tallies = simulate_tallies(episodes, batch.take(scr.values, index), s.confirm_replications,
                               stage=streams.CONFIRM, desc="confirm", **_run_settings(cfg))
    probs = scores.smoothed_probabilities(tallies.counts, s.smoothing)
    member_probs = member_probabilities(tallies, s.smoothing)
    wm = member_weight(cfg)
    score = combined_score(probs, member_scores(member_probs, episodes, which), episodes, calib, which, wm)
    start_values = params_values(episodes[0].spec.params)
    st = simulate_tallies(episodes, start_values, s.confirm_replications, stage=streams.START, **_run_settings(cfg))
    st_probs = scores.smoothed_probabilities(st.counts, s.smoothing)
    st_score = combined_score(st_probs, member_scores(member_probabilities(st, s.smoothing), episodes, which),
                              episodes, calib, which, wm)
    return Confirmation(index, len(chosen) - 1, probs, score, start_values, st_probs[0], float(st_score[0]),
                        member_probs, tallies.deploy)


def calibrate(cfg: DictConfig) -> CalibrationResult:
    """Run the whole calibration for a composed calibrate config (screen, accept, confirm, report);
    no files, no printing."""
    check_settings(cfg)
    s = cfg.search
    prior = build_prior(cfg.prior)
    coding = Coding(plain(cfg.outcomes))
    episodes = episode_runs(cfg.alliance, cfg.decision, coding, cfg.get("confidence_weights"), cfg.get("members"))
    calib = [i for i, e in enumerate(episodes) if e.role == "calibration"]
    scr = screen(cfg, prior, episodes, calib)
    acc = accept(scr, prior, s.tolerance, Objective(plain(s.objective)))
    con = confirm(cfg, scr, acc, episodes, calib)
    return build_report(cfg, prior, episodes, scr, acc, con)


def build_report(cfg: DictConfig, prior: Prior, episodes: Sequence[EpisodeRun], scr: Screen, acc: Acceptance,
           con: Confirmation) -> CalibrationResult:
    """Step 5: the calibration record: fit, parameters, out-of-sample scores against baselines."""
    s = cfg.search
    which = Objective(plain(s.objective))
    coding = Coding(plain(cfg.outcomes))
    calib = [i for i, e in enumerate(episodes) if e.role == "calibration"]
    valid = [i for i, e in enumerate(episodes) if e.role == "validation"]
    observed = [e.observed_code for e in episodes]
    obs_cal = [observed[i] for i in calib]
    points, values, probs, score = scr.points, scr.values, scr.probs, scr.score
    mask, best_i, central_i = acc.mask, acc.best, acc.central
    confirm_idx, c_central, c_probs, c_score = con.index, con.central_row, con.probs, con.score
    start_values, st_probs, start_score = con.start_values, con.start_probs, con.start_score

    point = Point(plain(cfg.point))
    best = {name: float(v[best_i]) for name, v in values.items()}
    central = {name: float(v[central_i]) for name, v in values.items()}
    selected = best if point is Point.best else central
    report: dict[str, Any] = {
        "method": "prior sample (scrambled Sobol) screened with vector-lane replications; accepted set = "
                  "points within a tolerance of the best objective (GLUE / rejection ABC); confirmed on "
                  "fresh random streams",
        "objective": which.value,
        "outcome_coding": coding.value,
        "objective_meaning": ("sum over calibration episodes of log P(observed outcome), probabilities "
                              f"smoothed with {s.smoothing} pseudo-counts per outcome"
                              if which is Objective.loglik else
                              "minus the mean multi-class Brier score over calibration episodes"),
        "settings": {"samples": s.samples, "replications": s.replications,
                     "tolerance": resolve_tolerance(s.tolerance, len(prior.names), which),
                     "smoothing": s.smoothing, "score_floor": s.score_floor,
                     "confirm_replications": s.confirm_replications, "confirm_max": s.confirm_max,
                     "block_lanes": s.block_lanes, "seed": cfg.seed,
                     "not_fitted": {"noise_sd": cfg.decision.noise_sd, "rule": str(plain(cfg.decision.rule)),
                                    "min_contributors": cfg.decision.min_contributors,
                                    "material_effect": cfg.decision.material_effect,
                                    "trust_reference": cfg.decision.trust_reference}},
        "episode_coding": str(plain(cfg.alliance.coding)),
        "episode_weights": {e.id: e.weight for e in episodes},
        "n_prior": int(s.samples),
        "n_accepted": int(mask.sum()),
        "accepted_share": float(mask.mean()),
        "n_confirmed": int(len(confirm_idx)),
        "best_fit": {
            "parameters": best,
            "thresholds": {"object": best["object"], "troops": best["troops"]},
            "objective_screen": float(score[best_i]),
            "objective_confirm": float(c_score[0]),
        },
        "central": {
            "parameters": central,
            "thresholds": {"object": central["object"], "troops": central["troops"]},
            "objective_screen": float(score[central_i]),
            "objective_confirm": float(c_score[c_central]),
        },
        "selected": point.value,
        "objective_accepted_confirm": {"mean": float(c_score.mean()), "min": float(c_score.min()),
                                       "max": float(c_score.max())},
        "start": {"parameters": {k: float(v[0]) for k, v in start_values.items()},
                  "objective": start_score},
        "episodes": {},
        "parameters": parameter_summary(prior, points[mask], points[best_i], cfg.identifiability),
        "correlations_accepted": _correlations(prior, points[mask]),
    }
    for i, ep in enumerate(episodes):
        report["episodes"][ep.id] = {
            "role": ep.role,
            "observed": ep.observed,
            "best_fit": as_outcomes(c_probs[0, i]),
            "central": as_outcomes(c_probs[c_central, i]),
            "accepted": predictive(c_probs[:, i]),
            "start": as_outcomes(st_probs[i]),
        }

    # 5. scores against the naive baselines, in sample, out of sample (validation), and LOO
    mean_pred = c_probs.mean(axis=0)  # the accepted set's predictive distribution, per episode
    floor = s.score_floor
    freq = scores.frequency_forecast(obs_cal, s.smoothing)
    major = scores.majority_forecast(obs_cal)

    def compare(rows: list[int], model_mean: NDArray, model_best: NDArray, model_central: NDArray) -> dict[str, Any]:
        obs = [observed[i] for i in rows]
        return {
            "episodes": [episodes[i].id for i in rows],
            "model_accepted_mean": forecast_scores(model_mean, obs, floor),
            "model_best_fit": forecast_scores(model_best, obs, floor),
            "model_central": forecast_scores(model_central, obs, floor),
            "start": forecast_scores(st_probs[rows], obs, floor),
            "baseline_frequency": forecast_scores(np.tile(freq, (len(rows), 1)), obs, floor),
            "baseline_majority": forecast_scores(np.tile(major, (len(rows), 1)), obs, floor),
        }

    report["in_sample"] = compare(calib, mean_pred[calib], c_probs[0, calib], c_probs[c_central, calib])
    report["baselines"] = {"frequency": as_outcomes(freq), "majority": as_outcomes(major),
                           "trained_on": [episodes[i].id for i in calib]}
    report["validation"] = (compare(valid, mean_pred[valid], c_probs[0, valid], c_probs[c_central, valid])
                            if valid else None)
    report["leave_one_out"] = leave_one_out(episodes, calib, observed, probs, points / prior.sd, which,
                                            resolve_tolerance(s.tolerance, len(prior.names), which), s.smoothing,
                                            floor, scr.member_score, member_weight(cfg))
    report["members"] = member_report(episodes, con, cfg)
    report["members"]["constrains"] = member_constraint(prior, scr, episodes, calib, which, cfg)
    table = pd.DataFrame({name: values[name] for name in PARAMETERS})
    table.insert(0, "point", np.arange(len(points)))
    table["objective"] = score
    table["accepted"] = mask
    for i, ep in enumerate(episodes):
        for k, name in enumerate(OUTCOMES):
            table[f"p_{name}__{ep.id}"] = probs[:, i, k]
    return CalibrationResult(report=report, selected=selected, prior=prior, accepted_points=points[mask],
                             prior_points=points, samples=table)


def leave_one_out(episodes: Sequence[EpisodeRun], calib: list[int], observed: list[int],
                  probs: NDArray[np.float64], scaled_points: NDArray[np.float64], which: Objective,
                  tolerance: float, smoothing: float, floor: float,
                  member_score: NDArray[np.float64] | None = None, weight_members: float = 0.0) -> dict[str, Any]:
    """Refit without each calibration episode (re-scoring the screen) and predict it; the naive
    baselines are refitted on the same training episodes."""
    folds: dict[str, Any] = {}
    held_mean: list[NDArray] = []
    held_best: list[NDArray] = []
    held_central: list[NDArray] = []
    held_freq: list[NDArray] = []
    held_major: list[NDArray] = []
    held_obs: list[Any] = []
    held_rule = []
    for out in calib:
        train = [i for i in calib if i != out]
        obs_train = [observed[i] for i in train]
        score = combined_score(probs, member_score, episodes, train, which, weight_members)
        mask = accepted_mask(score, tolerance)
        best_i = int(np.argmax(score))
        p_mean, p_best = probs[mask, out].mean(axis=0), probs[best_i, out]
        p_central = probs[representative_index(probs[:, train], mask), out]
        freq, major = scores.frequency_forecast(obs_train, smoothing), scores.majority_forecast(obs_train)
        obs = [observed[out]]
        c = episodes[out].spec.crisis
        held_rule.append(np.eye(len(OUTCOMES))[scores.rule_of_thumb(c.channel, c.crisis_type, c.on_member_territory)])
        folds[episodes[out].id] = {
            "observed": episodes[out].observed,
            "n_accepted": int(mask.sum()),
            "model_accepted": predictive(probs[mask, out]),
            "model_best_fit": as_outcomes(p_best),
            "model_central": as_outcomes(p_central),
            "baseline_frequency": as_outcomes(freq),
            "baseline_majority": as_outcomes(major),
            "scores": {"model_accepted_mean": forecast_scores(p_mean[None], obs, floor),
                       "model_best_fit": forecast_scores(p_best[None], obs, floor),
                       "model_central": forecast_scores(p_central[None], obs, floor),
                       "baseline_frequency": forecast_scores(freq[None], obs, floor),
                       "baseline_majority": forecast_scores(major[None], obs, floor),
                       "baseline_rule_of_thumb": forecast_scores(held_rule[-1][None], obs, floor)},
        }
        for held, value in ((held_mean, p_mean), (held_best, p_best), (held_central, p_central), (held_freq, freq),
                            (held_major, major)):
            held.append(value)
        held_obs.append(observed[out])
    total = {name: forecast_scores(np.array(p), held_obs, floor)
             for name, p in (("model_accepted_mean", held_mean), ("model_best_fit", held_best),
                             ("model_central", held_central),
                             ("baseline_frequency", held_freq), ("baseline_majority", held_major),
                             ("baseline_rule_of_thumb", held_rule))}
    return {"folds": folds, "total": total}


def member_constraint(prior: Prior, scr: Screen, episodes: Sequence[EpisodeRun], calib: list[int],
                      which: Objective, cfg: DictConfig) -> dict[str, Any]:
    """Which parameters the members' recorded actions constrain: each parameter's accepted-set spread
    (sd over the accepted set / sd of the prior) with the member-level targets and without them
    (the alliance's answers alone), both selected from the same screen, so no simulation is added."""
    tol = resolve_tolerance(cfg.search.tolerance, len(prior.names), which)
    with_members = accepted_mask(scr.score, tol)
    alone = accepted_mask(combined_score(scr.probs, None, episodes, calib, which, 0.0), tol)
    out: dict[str, Any] = {"n_accepted_with": int(with_members.sum()), "n_accepted_without": int(alone.sum()),
                           "parameters": {}}
    for i, name in enumerate(prior.names):
        a = float(scr.points[with_members, i].std() / prior.sd[i])
        b = float(scr.points[alone, i].std() / prior.sd[i])
        out["parameters"][name] = {"spread_with_members": round(a, 3), "spread_without": round(b, 3),
                                   "narrowed_by_members": bool(a < cfg.identifiability.weak_below <= b
                                                               or a < 0.8 * b)}
    return out


def member_report(episodes: Sequence[EpisodeRun], con: Confirmation, cfg: DictConfig) -> dict[str, Any]:
    """In-sample member-level fit of the accepted set (confirmed points): per episode, each target
    member's recorded action and the accepted set's mean P(each level); the lead nation's share of
    deployments. A description of the fit, not a test (docs/validation.md has the out-of-sample one)."""
    out: dict[str, Any] = {"weight": member_weight(cfg), "episodes": {}}
    for e, ep in enumerate(episodes):
        if ep.members and con.member_probs:
            mean = con.member_probs[e].mean(axis=0)
            out["episodes"][ep.id] = {o.member: {"recorded": o.action, "weight": round(o.weight, 3),
                                                 **{name: round(float(mean[o.row, k]), 3)
                                                    for k, name in enumerate(d.LEVEL_NAMES)}}
                                      for o in ep.members}
        if con.deploy is not None and con.deploy[:, e, 0].sum() > 0:
            dep = con.deploy[:, e].sum(axis=0)
            out.setdefault("deployments", {})[ep.id] = {
                "p_deploy": round(float(dep[0] / (con.deploy.shape[0] * cfg.search.confirm_replications)), 3),
                "with_lead_nation": round(float(dep[1] / dep[0]), 3),
                "lead_troop_share": round(float(dep[2] / dep[3]), 3) if dep[3] > 0 else None}
    return out


def _correlations(prior: Prior, accepted: NDArray[np.float64]) -> dict[str, dict[str, float]]:
    """Pairwise correlations over the accepted set: the data may pin a combination of weights
    (e.g. a sum against a threshold) while each weight alone looks unconstrained."""
    if len(accepted) < 3:
        return {}
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.corrcoef(accepted, rowvar=False)
    c = np.nan_to_num(np.atleast_2d(c))
    return {a: {b: round(float(c[i, j]), 3) for j, b in enumerate(prior.names)} for i, a in enumerate(prior.names)}
