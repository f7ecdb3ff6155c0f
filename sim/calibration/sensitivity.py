"""One-at-a-time sensitivity of each episode's forecast to each assumption, over its plausible range.

The assumptions are the dated inputs in force on the episode's date whose magnitude the sources do
not give (seeds/dated.yaml records with a `range`: ties, threat priorities, forces committed
elsewhere) and the model settings the calibration does not fit (decision.material_effect,
decision.min_contributors, alliance.partner_tie, alliance.default_affinity). Each is set to the low
and the high end of its range in turn, all else at the calibrated config, and the episode is re-run
on the same random streams: the table says how far each assumption moves P(observed outcome).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from omegaconf import DictConfig, OmegaConf

from sim.inputs.compose import scenario_node, with_scenario
from sim.inputs.evidence import DatedValue, Evidence
from sim.inputs.spec import build_spec
from sim.model.alliance import OUTCOMES
from sim.model.model import run_lanes

# Model settings that are assumptions but not fitted: (config path, low, high).
SETTINGS: tuple[tuple[str, float, float], ...] = (
    ("decision.material_effect", 0.3, 0.7),
    ("decision.min_contributors", 1, 3),
    ("alliance.partner_tie", 0.3, 0.8),
    ("alliance.default_affinity", 0.0, 0.5),
)


@dataclass(frozen=True)
class Assumption:
    name: str  # what the table shows
    overrides: tuple[dict[str, Any], dict[str, Any]]  # (low, high): config path -> value


def dated_assumptions(evidence: Evidence, when: Any, members: Sequence[str]) -> list[Assumption]:
    """The ranged dated records in force on `when` that concern the members, as config overrides."""
    out = []
    for rec in evidence.dated:
        if rec.range is None or not rec.covers(when) or rec.kind == "fact":
            continue
        if not set(rec.key[:1] if rec.kind != "tie" else rec.key) & set(members):
            continue
        low, high = rec.range
        out.append(Assumption(f"{rec.kind} {'-'.join(rec.key)}",
                              (_override(evidence, rec, low, when), _override(evidence, rec, high, when))))
    return out


def _override(evidence: Evidence, rec: DatedValue, value: float, when: Any) -> dict[str, Any]:
    if rec.kind == "tie":
        return {"alliance.tie_overrides": {"-".join(rec.key): float(value)}}
    if rec.kind == "threat":
        return {"alliance.threat_overrides": {rec.key[0]: {rec.key[1]: float(value)}}}
    total = evidence.commitment_on(rec.key[0], when) - float(rec.value) + float(value)  # commitment
    return {"scenario.commitments": {rec.key[0]: float(min(max(total, 0.0), 1.0))}}


def _apply(cfg: DictConfig, overrides: dict[str, Any]) -> DictConfig:
    out = OmegaConf.create(OmegaConf.to_container(cfg))
    for path, value in overrides.items():
        OmegaConf.update(out, path, value, merge=True)
    return out  # type: ignore[return-value]  # OmegaConf types create() as either container; a dict gives a DictConfig


def episode_sensitivity(alliance: Any, decision: Any, episode: str, observed: str, evidence: Evidence,
                        lanes: int, seed: int) -> dict[str, Any]:
    """P(observed) at the calibrated config, and its low/high values under each assumption."""
    base_cfg = with_scenario(alliance, decision, scenario_node(episode, "episode"))
    base_spec = build_spec(base_cfg)
    k = OUTCOMES.index(observed)

    def p_observed(cfg: DictConfig) -> float:
        return float(np.mean(run_lanes(build_spec(cfg), lanes, seed, explain=False).answer == k))

    base = p_observed(base_cfg)
    rows: list[dict[str, Any]] = []
    assumptions = dated_assumptions(evidence, base_spec.crisis.date, base_spec.members)
    assumptions += [Assumption(path, ({path: lo}, {path: hi})) for path, lo, hi in SETTINGS]
    for a in assumptions:
        low, high = (p_observed(_apply(base_cfg, o)) for o in a.overrides)
        rows.append({"assumption": a.name, "low": round(low, 3), "high": round(high, 3),
                     "swing": round(max(abs(low - base), abs(high - base)), 3)})
    rows.sort(key=lambda r: -r["swing"])
    return {"p_observed": round(base, 3), "assumptions": rows}
