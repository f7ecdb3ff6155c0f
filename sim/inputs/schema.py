"""The config schemas (Hydra structured configs): one home for every config's shape and defaults.

A typo or a wrong type in a config or an override fails when Hydra composes it. Values that a
YAML file in configs/ provides are MISSING here, or equal to the YAML value (a test checks), so
the Python defaults can never quietly disagree with what a user runs. Each number's bound is
stated on its field (`ranged`, `field(metadata={"range": ...})`) and checked by one walker
(`sim.inputs.checks.check_ranges`); what a schema cannot check (member codes, dates against the
seeds) is checked by `sim.inputs.spec.build_spec`.
"""


from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from enum import Enum
from typing import Any, Optional

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, OmegaConf

from sim.errors import InputError
from sim.inputs.checks import RANGE, ParamRange, check_ranges, check_shape, ranged
from sim.model import decision as d
from sim.model.alliance import Rule
from sim.model.trust import ExitRules, TrustRules


class CrisisType(str, Enum):
    external_non_state = "external_non_state"
    internal_unrest = "internal_unrest"
    conflict_with_non_member = "conflict_with_non_member"
    member_vs_member = "member_vs_member"


class Front(str, Enum):
    western = "western"
    southern = "southern"
    caucasus = "caucasus"


class Channel(str, Enum):
    """How the requester asked (seeds/evidence/episodes.yaml `request`); only `formal` can start
    collective forces and consultations, informal and bilateral pleas can draw aid
    (sim/model/crisis.py rule_cap)."""

    formal = "formal"
    informal = "informal"
    bilateral = "bilateral"
    none = "none"
    political = "political"


class EpisodeCoding(str, Enum):
    """Which coding of the episodes a run uses (alliance.coding; sim/inputs/evidence.py)."""

    evidence = "evidence"  # the best-supported coding of seeds/evidence/episodes.yaml
    seeds = "seeds"  # what the five sources alone say (the records' `seeds_coding` blocks)


class Asked(str, Enum):
    """What the request asked for (seeds/evidence/episodes.yaml `asked`; sim/model/crisis.py ASKED)."""

    forces = "forces"
    aid = "aid"
    political = "political"
    nothing = "nothing"


class Framing(str, Enum):
    external_aggression = "external_aggression"
    internal_security = "internal_security"
    border_dispute = "border_dispute"
    open = "open"  # the requester chooses the framing that gets it the most help (sim/model/framing.py)


@dataclass
class DependenceConfig:
    """alliance.dependence: how the leverage indicators (seeds/evidence/leverage.yaml) become a
    member's dependence on the leading state (sim.inputs.leverage.DependenceRule; configs/alliance/csto.yaml)."""

    default: float = ranged(0.5, 0.0, 1.0)  # where no indicator was public yet on the date
    remittances_full: float = ranged(30.0, 0, low_open=True, note="% of GDP")
    trade_full: float = ranged(50.0, 0, low_open=True, note="% of foreign trade")
    presence_full: float = ranged(5000.0, 0, low_open=True, note="troops")
    # the presence component per Russian installation where a record counts installations, not people
    installation_presence: float = ranged(0.15, 0.0, 1.0)
    # the union component by membership label (every label of sim.inputs.leverage.UNION_LABELS)
    union_levels: dict[str, float] = field(default_factory=lambda: {
        "Union State": 1.0, "EAEU": 1.0, "Customs Union": 1.0, "EurAsEC": 0.6, "EurAsEC observer": 0.3,
        "EAEU observer": 0.3}, metadata={RANGE: (0.0, 1.0)})


@dataclass
class AllianceConfig:
    seeds_dir: Optional[str] = None  # None: the project's seeds/ folder
    coding: EpisodeCoding = MISSING  # configs/alliance/*.yaml: evidence (calibrate.yaml: seeds)
    leader: Optional[str] = "RUS"
    default_affinity: float = ranged(0.3, -1.0, 1.0)
    partner_tie: float = ranged(0.5, 0.0, 1.0)
    trust_initial: float = ranged(0.5, 0.0, 1.0)
    as_of: Optional[str] = None  # read only evidence dated before this day (hindsight-free runs; validation origins)
    # the lead nation's share of a force it joins; None: split by pledge
    lead_share: Optional[float] = ranged(0.75, 0.0, 1.0)
    dependence: DependenceConfig = field(default_factory=DependenceConfig)
    # ISO3 -> dependence; the member codes are checked against the seeds (sim.inputs.spec)
    dependence_overrides: dict[str, float] = field(default_factory=dict, metadata={RANGE: (0.0, 1.0)})
    trust: dict[str, float] = field(default_factory=dict, metadata={RANGE: (0.0, 1.0)})
    threat_overrides: dict[str, dict[str, float]] = field(default_factory=dict, metadata={RANGE: (0.0, 1.0)})
    tie_overrides: dict[str, float] = field(default_factory=dict, metadata={RANGE: (-1.0, 1.0)})


@dataclass
class ScenarioConfig:
    id: str = MISSING
    name: str = ""
    description: str = ""
    episode: Optional[str] = None  # fill the crisis from an episode record (alliance.coding); fields below override
    date: Optional[str] = None
    requester: Optional[str] = None
    crisis_type: Optional[CrisisType] = None
    front: Optional[Front] = None
    adversary: Optional[str] = None
    channel: Optional[Channel] = None
    asked: Optional[Asked] = None  # None: the episode's record, else forces
    formal_request: Optional[bool] = None  # shorthand: true = channel formal, false = not formal (none)
    framing: Optional[Framing] = None
    on_member_territory: Optional[bool] = None
    troops_requested: int = ranged(2500, 0, low_open=True, note="troops")
    commitments: dict[str, float] = field(default_factory=dict, metadata={RANGE: (0.0, 1.0)})


# One term list (sim.model.decision.TERMS); the values come from configs/decision/<name>.yaml.
WeightsConfig = make_dataclass("WeightsConfig", [(term, float, ranged(MISSING, 0)) for term in d.TERMS])


@dataclass
class ThresholdsConfig:
    object: float = ranged()  # any finite number (an objection's or troops' default may be either sign)
    troops: float = ranged()


@dataclass
class DecisionConfig:
    name: str = MISSING
    rule: Rule = Rule.consensus
    majority_share: float = ranged(0.5, 0.0, 1.0)
    min_contributors: int = 1  # at most the members on the date: checked against the seeds (sim.inputs.spec)
    weights: WeightsConfig = field(default_factory=WeightsConfig)  # type: ignore[valid-type]  # make_dataclass
    thresholds: ThresholdsConfig = field(default_factory=ThresholdsConfig)
    material_effect: float = ranged(0.5, 0.0, 1.0)
    noise_sd: float = ranged(0.5, 0)
    trust_reference: float = ranged(0.5, 0.0, 1.0)
    ad_hoc_cost_multiplier: float = ranged(MISSING, 1)  # fitted (calibrated.yaml); decision/default.yaml sets 2.0
    calibration: Optional[dict[str, Any]] = None  # provenance, written by sim.calibrate


@dataclass
class OutputConfig:
    plots: bool = True
    member_table: bool = True
    print_table: bool = True


TrustRulesConfig = TrustRules  # one definition: the schema is sim.model.trust's rules themselves
ExitRulesConfig = ExitRules


@dataclass
class FutureCrisisConfig:
    scenario: str = MISSING  # a file in configs/scenario/
    date: Optional[str] = None  # replaces the scenario's date (must follow the last episode)


class ForecastWeights(str, Enum):
    """timeline.forecast.weights: which exit weights a forecast from a cut-off uses."""

    fitted = "fitted"  # those fitted on the record before its cut-off (configs/timeline_fitted.yaml)
    configured = "configured"  # the `timeline.exit` values (priors)


class History(str, Enum):
    """timeline.history: where each state's membership comes from."""

    observed = "observed"  # the evidence record (seeds/evidence/membership.yaml)
    simulated = "simulated"  # the renewal and freeze rules


class Outcomes(str, Enum):
    """timeline.outcomes: who decides each episode's outcome."""

    simulated = "simulated"  # the model (trust feeds back into decisions)
    observed = "observed"  # the outcome the sources report


class CrisesAfterCutoff(str, Enum):
    """timeline.crises_after_cutoff: a forecast's crises after its cut-off."""

    resample = "resample"  # members' own past crises recur at their pre-cut-off rate
    none = "none"  # no crisis: trust only fades


@dataclass
class ForecastConfig:
    """timeline.forecast: membership forecasts from cut-offs scored against the record."""

    cutoffs: list[str] = field(default_factory=lambda: ["1998-12-31", "2011-12-31", "2021-12-31"])
    dates: list[str] = field(default_factory=lambda: ["1999-12-31", "2006-12-31", "2012-12-31", "2021-12-31",
                                                      "2024-12-31"])
    replications: int = ranged(500, 1)
    weights: ForecastWeights = ForecastWeights.fitted


@dataclass
class TimelineFitConfig:
    """timeline.fit: the search `python -m sim.timeline_fit` makes before each cut-off (sim.timeline.fit);
    the values are in configs/timeline/default.yaml."""

    samples: int = ranged(MISSING, 1)  # parameter sets drawn from `prior`
    lanes: int = ranged(MISSING, 1)  # replications per set and forecast
    accept: float = ranged(MISSING, 0, 1, low_open=True)  # the best share of the sets, accepted


@dataclass
class TimelineConfig:
    """The replay of the alliance over time (sim/timeline/replay.py); see configs/timeline/default.yaml."""

    name: str = "default"
    replications: int = ranged(500, 1)
    start: str = "1992-05-15"
    end: str = "2024-12-31"
    observed_until: str = "2024-12-31"
    history: History = History.observed
    outcomes: Outcomes = Outcomes.simulated
    episodes: Optional[list[str]] = None  # None: every episode (history observed: the coded evidence
    # episodes under alliance.coding; simulated: seeds/episodes.yaml)
    sessions_per_year: int = ranged(2, 1, 12)  # the forecast's Council sessions a year
    crises_after_cutoff: CrisesAfterCutoff = CrisesAfterCutoff.resample
    forecast: ForecastConfig = field(default_factory=lambda: ForecastConfig())
    renewals: list[str] = MISSING
    trust: TrustRulesConfig = field(default_factory=TrustRulesConfig)
    exit: ExitRulesConfig = field(default_factory=ExitRulesConfig)
    futures: list[FutureCrisisConfig] = field(default_factory=list)
    prior: dict[str, ParamRange] = field(default_factory=dict)  # names: the trust and exit rules' fields
    prior_samples: int = ranged(0, 0)
    prior_replications: int = ranged(50, 1)
    fit: TimelineFitConfig = field(default_factory=TimelineFitConfig)


MODES: tuple[str, ...] = ("scenario", "timeline")


@dataclass
class Config:
    mode: str = "scenario"  # scenario (one crisis) | timeline (the replay 1992 onwards)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    alliance: AllianceConfig = field(default_factory=AllianceConfig)
    scenario: ScenarioConfig = field(default_factory=ScenarioConfig)
    decision: DecisionConfig = field(default_factory=DecisionConfig)
    replications: int = ranged(10000, 1)
    seed: int = ranged(20220106, 0)
    chunk_size: int = ranged(10000, 1)
    jobs: int = ranged(1, 1)
    force_jobs: bool = False  # allow jobs above the machine's cores
    progress: bool = True
    output: OutputConfig = field(default_factory=OutputConfig)


def run_label(mode: str, scenario_id: str) -> str:
    """Name of a run's output folder: the scenario, or the mode when it is not a single scenario."""
    return scenario_id if mode == "scenario" else mode






# --- python -m sim.calibrate -------------------------------------------------------------------


class Point(str, Enum):
    """Which accepted parameter vector becomes configs/decision/calibrated.yaml."""

    best = "best"  # the highest objective
    central = "central"  # the accepted point that forecasts most like the accepted set (representative_index)


class Coding(str, Enum):
    """Which coding of the episodes' outcomes to fit (seeds/episodes.yaml)."""

    observed = "observed"  # observed_outcome: what the sources say
    alternative = "alternative"  # alternative_outcome where one is given (robustness check)


class Objective(str, Enum):
    loglik = "loglik"
    brier = "brier"


@dataclass
class PriorBound:
    low: Optional[float] = None
    high: Optional[float] = None
    fixed: Optional[float] = None  # set instead of low/high to keep a parameter out of the fit
    why: str = ""  # where the range comes from (copied into calibration.json)


@dataclass
class SearchConfig:
    samples: int = ranged(16384, 2)
    replications: int = ranged(64, 1)
    objective: Objective = Objective.loglik
    # None: chi-square(0.95, free parameters) / 2 (sim.calibration.posterior.resolve_tolerance)
    tolerance: Optional[float] = ranged(None, 0)
    smoothing: float = ranged(0.5, 0)  # > 0 with objective loglik (sim.calibration.fit.check_settings)
    score_floor: float = ranged(0.001, 0, 1, low_open=True, high_open=True)
    confirm_replications: int = ranged(1000, 1)
    confirm_max: int = ranged(500, 1)
    block_lanes: int = ranged(200_000, 1)


@dataclass
class MemberFitConfig:
    """calibrate.members: the member-level part of the pattern-oriented fit (configs/calibrate.yaml)."""

    # a member's recorded action counts this much against an episode's outcome
    weight: float = ranged(1.0, 0.0, note="0: fit the alliance outcomes alone")
    # times the confidence weight, for `silent` (no recorded action: weak evidence)
    silent_weight: float = ranged(0.5, 0.0, 1.0)


def check_member_fit(members: Any) -> MemberFitConfig:
    """calibrate.members (a mapping, or None: the defaults) merged onto its schema and checked, so a
    reader outside Hydra's composition (validation) gets the schema's defaults, not a second copy."""
    node = check_shape(members or {}, MemberFitConfig, "members.")
    check_ranges(MemberFitConfig, node, "members")
    return OmegaConf.to_object(node)  # type: ignore[return-value]


@dataclass
class IdentifiabilityConfig:
    constrained_below: float = 0.5
    weak_below: float = 0.85


# --- where chunks run (sim.runs.engine) ---------------------------------------------------------


@dataclass
class ClusterConfig:
    """`cluster` in configs/calibrate.yaml and configs/experiments.yaml (docs/cluster.md)."""

    address: Optional[str] = None  # a running Dask scheduler (tcp://host:8786); None: none
    # > 0: start a local Dask cluster with this many worker processes for the run
    local_workers: int = ranged(0, 0)
    cache_dir: Optional[str] = None  # finished chunks kept here; a re-run computes only the missing ones
    retries: int = ranged(1, 0)  # a failed chunk is retried this many times on the cluster, then reported
    # an address that does not answer within this fails in one line
    connect_timeout_s: float = ranged(5.0, 0, 3600, low_open=True, note="seconds")


def check_cluster(cluster: Any) -> ClusterConfig:
    """Validate a `cluster` node (a mapping, a ClusterConfig or None: the defaults): one line naming
    the field on bad input."""
    node = check_shape(cluster or {}, ClusterConfig, "cluster.")
    check_ranges(ClusterConfig, node, "cluster")
    address, workers = node.address, node.local_workers
    if address is not None and "://" not in address:
        raise InputError("cluster.address", address, "a Dask scheduler address such as tcp://host:8786, or null")
    if address is not None and workers:
        raise InputError("cluster.local_workers", workers, "0 when cluster.address names a running scheduler")
    return OmegaConf.to_object(node)  # type: ignore[return-value]



@dataclass
class CalibrateConfig:
    alliance: AllianceConfig = field(default_factory=AllianceConfig)
    decision: DecisionConfig = field(default_factory=DecisionConfig)
    prior: dict[str, PriorBound] = field(default_factory=dict)
    search: SearchConfig = field(default_factory=SearchConfig)
    identifiability: IdentifiabilityConfig = field(default_factory=IdentifiabilityConfig)
    point: Point = Point.central
    outcomes: Coding = Coding.observed
    confidence_weights: dict[str, float] = field(default_factory=lambda: {"H": 1.0, "M": 0.67, "L": 0.33})
    members: MemberFitConfig = field(default_factory=lambda: MemberFitConfig())
    seed: int = ranged(19990801, 0)
    jobs: int = ranged(1, 1)
    force_jobs: bool = False  # allow jobs above the machine's cores
    cluster: ClusterConfig = field(default_factory=ClusterConfig)  # chunks on a Dask cluster (docs/cluster.md)
    progress: bool = True
    plots: bool = True
    write_config: bool = True
    config_path: Optional[str] = None  # None: configs/decision/calibrated.yaml in the project



# --- python -m sim.ensemble --------------------------------------------------------------------


@dataclass
class EnsembleConfig(Config):
    samples: Optional[str] = None  # samples.parquet of a calibration; None: the one decision.calibration names
    replications_per_point: int = 500
    max_points: int = 2000  # a seeded random subset of the accepted points if there are more


def register_configs() -> None:
    """Register every schema, so any primary config (config, calibrate, ensemble) composes."""
    store = ConfigStore.instance()
    store.store(name="base_config", node=Config)
    store.store(name="base_calibrate", node=CalibrateConfig)
    store.store(name="base_ensemble", node=EnsembleConfig)
    OmegaConf.register_new_resolver("run_label", run_label, replace=True)
