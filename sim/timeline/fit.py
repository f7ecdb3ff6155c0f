"""Fit the exit, freeze and return weights on the record before a cut-off, as the calibration does:
draw parameter sets from the prior (configs/timeline/default.yaml `prior`), score each, accept the best.

    python -m sim.timeline_fit                       # each of timeline.forecast.cutoffs (the command)
    python -m sim.timeline_fit timeline.fit.samples=80
    python -m sim.timeline_fit --write               # also docs/timeline_fit.json and configs/timeline_fitted.yaml

What a set is scored on, for a cut-off T: the forecasts from every earlier cut-off T' < T (the
configured ones), run to T and scored on the members' standing on T (Brier of P(member) and
P(active), per state), all read from `Evidence.as_of(T)`: nothing dated after T enters the fit. The
crises after T' are drawn as in any forecast, but the dated inputs (drivers, dependence, the
Charter) move on to T as dated, since all of them were public by T: a driver that appeared between
T' and T is tested by the fit instead of staying unseen.
A cut-off with no earlier one has nothing to fit on and keeps the configured values. The accepted
set (the best `accept` share) gives the fitted point (its medians) and the spread. The search's
sizes are `timeline.fit` (configs/timeline/default.yaml).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
from omegaconf import DictConfig

from sim.inputs.evidence import Evidence
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import check_coding, load_coded_evidence
from sim.model import streams
from sim.timeline.events import build_events, build_world, record_statuses
from sim.timeline.replay import DatedRules, replay
from sim.timeline.scoring import brier
from sim.timeline.settings import ACTIVE, FROZEN, settings, with_params

# the weights of the ways in and out (the trust rules stay as configured)
FIT: tuple[str, ...] = ("exit_threshold", "freeze_threshold", "weight_grievance", "weight_outside",
                        "weight_dependence", "withdrawal_margin", "suspension_margin", "return_margin",
                        "unfreeze_margin", "exit_cost", "request_weight")
FITS = Path(__file__).resolve().parents[2] / "docs" / "timeline_fit.json"


class SetScorer:
    """Scores parameter sets on the record before `cutoff`; `evidence` must already be as of `cutoff`.

    Everything that does not depend on the values (the world, each earlier cut-off's events and who
    had joined by it, the dated rule inputs) is built once here: only the replays run per set."""

    def __init__(self, cfg: DictConfig, evidence: Evidence, cutoff: dt.date) -> None:
        self.s = dataclasses.replace(settings(cfg), progress=False)
        seeds = load_seeds(cfg.alliance.get("seeds_dir"))
        self.world, spec = build_world(cfg, seeds, self.s.start)
        self.profiles = spec.profiles
        self.observed = record_statuses(evidence, self.world.codes, cutoff)
        # the dated inputs (drivers, dependence, the Charter) move on to `cutoff` as they were dated: all
        # of it was public by `cutoff`, and a driver that appeared between the two cut-offs is tested too
        self.rules = DatedRules(cfg, seeds, evidence, cutoff)
        self.earlier: list[tuple[dt.date, list[Any], list[int]]] = []
        for earlier in (c for c in (self.s.forecast.cutoffs if self.s.forecast else ()) if c < cutoff):
            local = dataclasses.replace(self.s, observed_until=earlier)  # run on; read the snapshot on `cutoff`
            events = [e for e in build_events(cfg, seeds, self.world, local) if e.date <= cutoff]
            statuses = record_statuses(evidence, self.world.codes, earlier)
            joined = [i for i, c in enumerate(self.world.codes) if statuses[c] != 0]
            self.earlier.append((earlier, events, joined))

    def __call__(self, values: dict[str, float], lanes: int) -> float:
        """Mean Brier, over the earlier cut-offs, of P(member) and P(active) on `cutoff` (states joined
        by the earlier cut-off); nan when there is no earlier cut-off."""
        s = with_params(self.s, values)
        scores = []
        for earlier, events, joined in self.earlier:
            local = dataclasses.replace(s, observed_until=earlier)
            last = replay(events, self.world, local, lanes, s.seed, self.profiles, self.rules).status[-1]
            for wanted in ((ACTIVE, FROZEN), (ACTIVE,)):
                p = np.isin(last[joined], wanted).mean(axis=1)
                o = np.array([self.observed[self.world.codes[i]] in wanted for i in joined])
                scores.append(brier(p, o))
        return float(np.mean(scores)) if scores else float("nan")


def fit_before(cfg: DictConfig, cutoff: dt.date, samples: int, lanes: int, accept: float) -> dict[str, Any]:
    """The prior sample scored on the record before `cutoff`, the accepted set and its medians."""
    s = settings(cfg)
    seeds = load_seeds(cfg.alliance.get("seeds_dir"))
    evidence = load_coded_evidence(seeds, check_coding(cfg.alliance)).as_of(cutoff)
    names = [n for n in FIT if n in s.prior]
    configured = {n: getattr(s.exit, n) for n in names}
    score = SetScorer(cfg, evidence, cutoff)
    if not score.earlier:
        return {"cutoff": cutoff.isoformat(), "fitted": configured, "accepted": 0,
                "note": "no earlier cut-off: nothing before it to fit on; the configured values stand"}
    rng = streams.sampler_rng(s.seed, streams.TIMELINE_PRIOR)
    rows = []
    for _ in range(samples):
        values = {n: float(rng.uniform(*s.prior[n])) for n in names}
        rows.append((score(values, lanes), values))
    rows.sort(key=lambda r: r[0])
    kept = rows[:max(1, int(round(accept * samples)))]
    fitted = {n: float(np.median([v[n] for _, v in kept])) for n in names}
    return {"cutoff": cutoff.isoformat(), "samples": samples, "accepted": len(kept),
            "score_configured": score(configured, lanes),
            "score_best": kept[0][0], "score_accepted_worst": kept[-1][0], "fitted": fitted,
            "accepted_range": {n: (min(v[n] for _, v in kept), max(v[n] for _, v in kept)) for n in names}}


def fit_all(cfg: DictConfig) -> list[dict[str, Any]]:
    """`fit_before` for each of timeline.forecast.cutoffs, with the search sizes of timeline.fit."""
    forecast = settings(cfg).forecast
    assert forecast is not None, "settings() always reads timeline.forecast"
    f = cfg.timeline.fit
    fits = []
    for cutoff in forecast.cutoffs:
        out = fit_before(cfg, cutoff, int(f.samples), int(f.lanes), float(f.accept))
        print(out["cutoff"], {k: v for k, v in out.items() if k != "cutoff"}, flush=True)
        fits.append(out)
    return fits
