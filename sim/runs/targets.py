"""The member-level behaviour targets, measured on the calibrated config (one definition for the
report script experiments/targets.py, the tests and the docs).

Each target is a pattern the record or the sources fix: Russia carries a deployment (member_actions
C16), Kazakhstan refused to back Russia's war (003 ¶10, ¶14), Russia's 201st base sits in Tajikistan
(leverage), Uzbekistan opposed any CSTO force in members' internal conflicts (C07).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.inputs.compose import compose_config
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model.alliance import TROOPS_CODE
from sim.model.model import LaneResults, run_lanes


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    target: str
    met: bool


def run(overrides: Sequence[str], lanes: int, seed: int) -> LaneResults:
    """The calibrated config on a scenario, `lanes` replications (no reasons: only choices are read)."""
    return run_lanes(build_spec(compose_config(list(overrides))), lanes, seed, explain=False)


def p_level(res: LaneResults, member: str, level: int) -> float:
    return float(np.mean(res.level[res.members.index(member)] == level))


def lead_figures(res: LaneResults, leader: str = "RUS") -> tuple[float, float]:
    """(share of deploying lanes without the lead nation's troops, its share of all troops sent)."""
    deploy = res.outcome == TROOPS_CODE
    row = res.members.index(leader)
    if not deploy.any():
        return float("nan"), float("nan")
    without = float(np.mean(res.troops[row, deploy] <= 0))
    total = res.troops[:, deploy].sum()
    return without, float(res.troops[row, deploy].sum() / total) if total > 0 else float("nan")


def measure_targets(lanes: int = 3000, seed: int = 20220106) -> list[Target]:
    out = []
    kaz = run(["scenario=kazakhstan_2022"], lanes, seed)
    without, share = lead_figures(kaz)
    out.append(Target("Kazakhstan 2022: deployments without the lead nation", without, "< 0.10", without < 0.10))
    out.append(Target("Kazakhstan 2022: lead nation's share of the troops", share, ">= 0.5", share >= 0.5))
    kursk = run(["scenario=russia_kursk_2024", "scenario.channel=formal", "scenario.asked=forces"], lanes, seed)
    v = p_level(kursk, "KAZ", d.TROOPS)
    out.append(Target("Kursk 2024, formal request: Kazakhstan sends troops", v, "< 0.10", v < 0.10))
    nato = run(["scenario=belarus_nato_border_incident"], lanes, seed)
    v = p_level(nato, "KAZ", d.TROOPS)
    out.append(Target("Belarus-NATO incident: Kazakhstan sends troops", v, "< 0.15", v < 0.15))
    tal = run(["scenario=tajikistan_taliban_incursion"], lanes, seed)
    senders = {m: p_level(tal, m, d.TROOPS) for m, r in zip(tal.members, tal.roles) if r == "voter"}
    top = max(senders, key=senders.__getitem__)
    out.append(Target(f"Taliban incursion: Russia's P(troops) minus the likeliest other's ({top} top)",
                      senders["RUS"] - max(v for m, v in senders.items() if m != "RUS"), "> 0", top == "RUS"))
    osh = run(["scenario=kyrgyzstan_2010", "scenario.channel=formal"], lanes, seed)
    v = p_level(osh, "UZB", d.OBJECT)
    out.append(Target("Kyrgyzstan 2010, formal request: Uzbekistan objects", v, ">= 0.5", v >= 0.5))
    return out
