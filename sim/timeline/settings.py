"""The timeline's vocabulary and its validated settings: the standing codes, the modes, the cohesion
definitions, and `timeline` (with its trust, exit and forecast rules) checked once into Settings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from omegaconf import DictConfig

from sim.errors import InputError, one_of
from sim.inputs.schema import ForecastConfig
from sim.inputs.seeds import parse_date
from sim.inputs.spec import check_run_settings
from sim.model import trust as tr
from sim.model.decision import LEVEL_NAMES

NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED = tr.NOT_SIGNED, tr.ACTIVE, tr.FROZEN, tr.LEFT, tr.SUSPENDED
STATUS_NAMES = tr.STATUS_NAMES
# decision codes in the tidy table: a member's own choice, or why it made none
PARTICIPATION: tuple[str, ...] = ("n/a", *LEVEL_NAMES, "requester", "adversary", "absent", "no_request")
OUTCOME_MODES: tuple[str, ...] = ("simulated", "observed")
HISTORY_MODES: tuple[str, ...] = ("observed", "simulated")
CRISES_AFTER_CUTOFF: tuple[str, ...] = ("resample", "none")
COHESION_DEFINITION = (
    "cohesion(t) = mean over every state that has signed the treaty by t of trust(t) x participating(t), "
    "where participating is 1 for an active member and 0 for one that left or froze its participation"
)
# timeline.history=observed: only the states that are members on t count (the record's membership)
COHESION_DEFINITION_OBSERVED = (
    "cohesion(t) = mean over every state that is a member on t (signed and not left, as the membership "
    "record gives it) of trust(t) x participating(t), where participating is 1 for an active member and "
    "0 for one that froze its participation; states not yet signed or already left are not counted"
)


def cohesion_definition(history: str) -> str:
    return COHESION_DEFINITION_OBSERVED if history == "observed" else COHESION_DEFINITION


@dataclass(frozen=True)
class Settings:
    """The validated timeline settings (configs/timeline/)."""

    replications: int
    seed: int
    start: dt.date
    end: dt.date
    observed_until: dt.date
    outcomes: str
    trust: tr.TrustRules
    exit: tr.ExitRules
    prior: dict[str, tuple[float, float]]
    prior_samples: int
    prior_replications: int
    progress: bool
    history: str = "simulated"  # observed: membership from the evidence record; simulated: the renewal rule
    sessions_per_year: int = 2  # the forecast's Council sessions (history observed, after observed_until)
    crises_after_cutoff: str = "resample"  # a forecast's crises: resample (members' past crises recur) | none
    forecast: ForecastSettings | None = None

    @property
    def forecasting(self) -> bool:
        """History observed up to a cut-off before the end: a forecast from the cut-off."""
        return self.history == "observed" and self.observed_until < self.end


@dataclass(frozen=True)
class ForecastSettings:
    """The forecasts from cut-offs scored against the record (timeline.forecast)."""

    cutoffs: tuple[dt.date, ...]
    dates: tuple[dt.date, ...]
    replications: int
    weights: str  # fitted: each forecast's exit weights fitted before its cut-off (FITTED_FILE); configured


def _unit(value: Any, name: str, low: float = 0.0, high: float = 1.0) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not low <= value <= high:
        raise InputError(name, value, f"a number in [{low}, {high}]")
    return float(value)


def trust_rules(node: Any) -> tr.TrustRules:
    half = node.get("half_life_years")
    return tr.TrustRules(
        gain=_unit(node.gain, "timeline.trust.gain"),
        loss=_unit(node.loss, "timeline.trust.loss"),
        partial_credit=_unit(node.partial_credit, "timeline.trust.partial_credit"),
        vicarious=_unit(node.vicarious, "timeline.trust.vicarious"),
        participation=_unit(node.participation, "timeline.trust.participation"),
        half_life_years=None if half is None else _unit(half, "timeline.trust.half_life_years", 1e-6, math.inf),
    )


def exit_rules(node: Any) -> tr.ExitRules:
    return tr.ExitRules(
        exit_threshold=_unit(node.exit_threshold, "timeline.exit.exit_threshold"),
        freeze_threshold=_unit(node.freeze_threshold, "timeline.exit.freeze_threshold"),
        weight_alignment=_unit(node.weight_alignment, "timeline.exit.weight_alignment", 0.0, math.inf),
        alignment_reference=_unit(node.alignment_reference, "timeline.exit.alignment_reference"),
        weight_ties=_unit(node.weight_ties, "timeline.exit.weight_ties", 0.0, math.inf),
        noise_sd=_unit(node.noise_sd, "timeline.exit.noise_sd", 0.0, math.inf),
        weight_grievance=_unit(node.weight_grievance, "timeline.exit.weight_grievance", 0.0, math.inf),
        weight_outside=_unit(node.weight_outside, "timeline.exit.weight_outside", 0.0, math.inf),
        return_margin=_unit(node.return_margin, "timeline.exit.return_margin", 0.0, math.inf),
        withdrawal_margin=_unit(node.withdrawal_margin, "timeline.exit.withdrawal_margin", 0.0, math.inf),
        suspension_margin=_unit(node.suspension_margin, "timeline.exit.suspension_margin", 0.0, math.inf),
        notice_months=_unit(node.notice_months, "timeline.exit.notice_months", 0.0, 120.0),
        arrears_years_vote=_unit(node.arrears_years_vote, "timeline.exit.arrears_years_vote", 0.0, math.inf),
        weight_dependence=_unit(node.weight_dependence, "timeline.exit.weight_dependence", 0.0, math.inf),
        dependence_reference=_unit(node.dependence_reference, "timeline.exit.dependence_reference"),
        request_weight=_unit(node.request_weight, "timeline.exit.request_weight", 0.0, math.inf),
        request_half_life_years=_unit(node.request_half_life_years, "timeline.exit.request_half_life_years",
                                      1e-6, math.inf),
        unfreeze_margin=_unit(node.unfreeze_margin, "timeline.exit.unfreeze_margin", 0.0, math.inf),
        exit_cost=_unit(node.exit_cost, "timeline.exit.exit_cost", 0.0, math.inf),
    )


_RULE_FIELDS = {f.name: "trust" for f in dataclasses.fields(tr.TrustRules)} | {
    f.name: "exit" for f in dataclasses.fields(tr.ExitRules)}


def settings(cfg: DictConfig) -> Settings:
    """Validate the timeline config; bad values fail with one line before anything runs."""
    check_run_settings(cfg)
    tl = cfg.timeline
    reps = tl.replications
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise InputError("timeline.replications", reps, "a whole number >= 1")
    for key in ("prior_samples", "prior_replications"):
        value = tl.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < (0 if key == "prior_samples" else 1):
            raise InputError(f"timeline.{key}", value, f"a whole number >= {0 if key == 'prior_samples' else 1}")
    if tl.outcomes not in OUTCOME_MODES:
        raise InputError("timeline.outcomes", tl.outcomes, one_of(OUTCOME_MODES))
    history = tl.get("history", "observed")
    if history not in HISTORY_MODES:
        raise InputError("timeline.history", history, one_of(HISTORY_MODES))
    start, end = parse_date(tl.start, "timeline.start"), parse_date(tl.end, "timeline.end")
    if end <= start:
        raise InputError("timeline.end", tl.end, f"a date after timeline.start ({start})")
    prior: dict[str, tuple[float, float]] = {}
    for name, rng in (tl.get("prior") or {}).items():
        if name not in _RULE_FIELDS:
            raise InputError("timeline.prior", name, one_of(_RULE_FIELDS))
        low, high = _unit(rng.low, f"timeline.prior.{name}.low", -math.inf, math.inf), rng.high
        high = _unit(high, f"timeline.prior.{name}.high", low, math.inf)
        prior[name] = (low, high)
    observed = parse_date(tl.observed_until, "timeline.observed_until")
    if not start < observed <= end:
        raise InputError("timeline.observed_until", tl.observed_until, f"a date in ({start}, {end}]")
    sessions = tl.get("sessions_per_year", 2)
    if isinstance(sessions, bool) or not isinstance(sessions, int) or not 1 <= sessions <= 12:
        raise InputError("timeline.sessions_per_year", sessions, "a whole number from 1 to 12")
    crises = tl.get("crises_after_cutoff", "resample")
    if crises not in CRISES_AFTER_CUTOFF:
        raise InputError("timeline.crises_after_cutoff", crises, one_of(CRISES_AFTER_CUTOFF))
    return Settings(replications=reps, seed=int(cfg.seed), start=start, end=end, observed_until=observed,
                    outcomes=str(tl.outcomes),
                    trust=trust_rules(tl.trust), exit=exit_rules(tl.exit), prior=prior,
                    prior_samples=int(tl.prior_samples), prior_replications=int(tl.prior_replications),
                    progress=bool(cfg.progress), history=str(history), sessions_per_year=sessions,
                    crises_after_cutoff=str(crises),
                    forecast=forecast_settings(tl.get("forecast"), start, end))


def forecast_settings(node: Any, start: dt.date, end: dt.date) -> ForecastSettings:
    """timeline.forecast: cut-offs in (start, end), scoring dates in (start, end], replications >= 1."""
    node = node or {}
    cutoffs = tuple(parse_date(c, f"timeline.forecast.cutoffs[{i}]") for i, c in enumerate(node.get("cutoffs") or []))
    for i, c in enumerate(cutoffs):
        if not start < c < end:
            raise InputError(f"timeline.forecast.cutoffs[{i}]", str(c), f"a date in ({start}, {end})")
    dates = tuple(parse_date(c, f"timeline.forecast.dates[{i}]") for i, c in enumerate(node.get("dates") or []))
    for i, d in enumerate(dates):
        if not start < d <= end:
            raise InputError(f"timeline.forecast.dates[{i}]", str(d), f"a date in ({start}, {end}]")
    reps = node.get("replications", 500)
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise InputError("timeline.forecast.replications", reps, "a whole number >= 1")
    weights = node.get("weights", ForecastConfig.weights)
    if weights not in FORECAST_WEIGHTS:
        raise InputError("timeline.forecast.weights", weights, one_of(FORECAST_WEIGHTS))
    return ForecastSettings(cutoffs=cutoffs, dates=tuple(sorted(dates)), replications=reps, weights=str(weights))


FORECAST_WEIGHTS: tuple[str, ...] = ("fitted", "configured")
# the exit, freeze and return weights fitted before each cut-off (`python -m sim.timeline.fit --write`), as
# configs/decision/calibrated.yaml holds the decision weights: a generated config, read by the forecasts
FITTED_FILE = Path(__file__).resolve().parents[2] / "configs" / "timeline_fitted.yaml"


def fitted_before(when: dt.date, path: Path = FITTED_FILE) -> tuple[dt.date, dict[str, float]] | None:
    """(fit cut-off, weights) of the latest fit made on or before `when`, or None (no fit that early,
    or no file). A fit before T reads nothing dated after T, so a forecast from `when` >= T may use it."""
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    fits = sorted((parse_date(k, f"{path.name}: cut-off"), v) for k, v in (data.get("fits") or {}).items())
    usable = [(c, {str(n): float(x) for n, x in v.items()}) for c, v in fits if c <= when]
    return usable[-1] if usable else None


def with_params(s: Settings, values: dict[str, float]) -> Settings:
    """The same settings with some trust or exit parameters replaced (prior sampling)."""
    trust = dataclasses.replace(s.trust, **{k: v for k, v in values.items() if _RULE_FIELDS[k] == "trust"})
    exits = dataclasses.replace(s.exit, **{k: v for k, v in values.items() if _RULE_FIELDS[k] == "exit"})
    return dataclasses.replace(s, trust=trust, exit=exits)
