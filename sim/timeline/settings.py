"""The timeline's vocabulary and its validated settings: the standing codes, the cohesion definitions,
and `timeline` (with its trust, exit and forecast rules) checked once into Settings.

The modes are Enums and every number's bound is field metadata of the schema (sim.inputs.schema
TimelineConfig, sim.model.trust's rules), checked by the one walker (sim.inputs.checks); the defaults
are the schema's. What is left here needs more than one field: the dates against each other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from omegaconf import DictConfig

from sim.errors import InputError, one_of
from sim.inputs.checks import check_ranges, plain
from sim.inputs.schema import TimelineConfig
from sim.inputs.seeds import parse_date
from sim.inputs.spec import check_run_settings
from sim.model import trust as tr
from sim.model.decision import LEVEL_NAMES
from sim.runs.resources import check_jobs

NOT_SIGNED, ACTIVE, FROZEN, LEFT, SUSPENDED = tr.NOT_SIGNED, tr.ACTIVE, tr.FROZEN, tr.LEFT, tr.SUSPENDED
STATUS_NAMES = tr.STATUS_NAMES
# decision codes in the tidy table: a member's own choice, or why it made none
PARTICIPATION: tuple[str, ...] = ("n/a", *LEVEL_NAMES, "requester", "adversary", "absent", "no_request")
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
    """The validated timeline settings (configs/timeline/; their defaults: sim.inputs.schema.TimelineConfig)."""

    replications: int
    seed: int
    start: dt.date
    end: dt.date
    observed_until: dt.date
    outcomes: str  # schema.Outcomes
    trust: tr.TrustRules
    exit: tr.ExitRules
    prior: dict[str, tuple[float, float]]
    prior_samples: int
    prior_replications: int
    progress: bool
    history: str  # schema.History: observed (membership from the evidence record) | simulated (renewal rule)
    sessions_per_year: int  # the forecast's Council sessions (history observed, after observed_until)
    crises_after_cutoff: str  # schema.CrisesAfterCutoff: a forecast's crises after its cut-off
    forecast: ForecastSettings

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
    weights: str  # schema.ForecastWeights: fitted (before each cut-off: FITTED_FILE) | configured


def trust_rules(node: Any) -> tr.TrustRules:
    """timeline.trust (checked by `settings`) as the model's rules."""
    return tr.TrustRules(**{f.name: _float(node[f.name]) for f in dataclasses.fields(tr.TrustRules)})


def exit_rules(node: Any) -> tr.ExitRules:
    """timeline.exit (checked by `settings`) as the model's rules."""
    return tr.ExitRules(**{f.name: _float(node[f.name]) for f in dataclasses.fields(tr.ExitRules)})


def _float(value: Any) -> Any:
    """A rule's number as a float; None stays None where a rule allows it (Optional fields)."""
    return None if value is None else float(value)


_RULE_FIELDS = {f.name: "trust" for f in dataclasses.fields(tr.TrustRules)} | {
    f.name: "exit" for f in dataclasses.fields(tr.ExitRules)}


def check_timeline_run(cfg: DictConfig) -> Settings:
    """Everything a timeline run checks before it starts (the worker count, then `settings`), in one
    place for the command's pre-check and the run itself, as sim.runs.scenario.check_scenario_run."""
    check_jobs(cfg.jobs, force=bool(cfg.get("force_jobs", False)))
    return settings(cfg)


def settings(cfg: DictConfig) -> Settings:
    """Validate the timeline config; bad values fail with one line before anything runs."""
    check_run_settings(cfg)
    tl = cfg.timeline
    check_ranges(TimelineConfig, tl, "timeline")  # every bound, the prior's low <= high included
    start, end = parse_date(tl.start, "timeline.start"), parse_date(tl.end, "timeline.end")
    if end <= start:
        raise InputError("timeline.end", tl.end, f"a date after timeline.start ({start})")
    for name in tl.prior or {}:
        if name not in _RULE_FIELDS:
            raise InputError("timeline.prior", name, one_of(_RULE_FIELDS))
    observed = parse_date(tl.observed_until, "timeline.observed_until")
    if not start < observed <= end:
        raise InputError("timeline.observed_until", tl.observed_until, f"a date in ({start}, {end}]")
    return Settings(replications=tl.replications, seed=int(cfg.seed), start=start, end=end, observed_until=observed,
                    outcomes=plain(tl.outcomes), trust=trust_rules(tl.trust), exit=exit_rules(tl.exit),
                    prior={name: (float(r.low), float(r.high)) for name, r in (tl.prior or {}).items()},
                    prior_samples=int(tl.prior_samples), prior_replications=int(tl.prior_replications),
                    progress=bool(cfg.progress), history=plain(tl.history), sessions_per_year=tl.sessions_per_year,
                    crises_after_cutoff=plain(tl.crises_after_cutoff),
                    forecast=forecast_settings(tl.forecast, start, end))


def forecast_settings(node: Any, start: dt.date, end: dt.date) -> ForecastSettings:
    """timeline.forecast (its replications and weights checked with the timeline): cut-offs in
    (start, end), scoring dates in (start, end]."""
    cutoffs = tuple(parse_date(c, f"timeline.forecast.cutoffs[{i}]") for i, c in enumerate(node.cutoffs))
    for i, c in enumerate(cutoffs):
        if not start < c < end:
            raise InputError(f"timeline.forecast.cutoffs[{i}]", str(c), f"a date in ({start}, {end})")
    dates = tuple(parse_date(c, f"timeline.forecast.dates[{i}]") for i, c in enumerate(node.dates))
    for i, d in enumerate(dates):
        if not start < d <= end:
            raise InputError(f"timeline.forecast.dates[{i}]", str(d), f"a date in ({start}, {end}]")
    return ForecastSettings(cutoffs=cutoffs, dates=tuple(sorted(dates)), replications=node.replications,
                            weights=plain(node.weights))


# the exit, freeze and return weights fitted before each cut-off (`python -m sim.timeline_fit --write`), as
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
