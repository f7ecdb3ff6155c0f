"""Hypothesis strategies for valid decision parameters, scenarios and choice inputs (cf. Axelrod's property.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.inputs.compose import scenario_names
from sim.model import decision as d
from sim.model.alliance import Rule
from sim.model.crisis import CHANNELS, FRAMINGS

SCENARIOS = scenario_names()  # every scenario a user can name, read from configs/scenario/
RULE_NAMES = tuple(rule.value for rule in Rule)

weight = st.floats(min_value=0.0, max_value=5.0, allow_nan=False)


@st.composite
def decision_overrides(draw) -> list[str]:
    """Hydra overrides for a random but valid decision config (decision model v2)."""
    overrides = [f"decision.weights.{t}={draw(weight)}" for t in d.TERMS]
    overrides += [
        f"decision.thresholds.object={draw(st.floats(min_value=-2.0, max_value=2.0))}",
        f"decision.thresholds.troops={draw(st.floats(min_value=-1.0, max_value=3.0))}",
        f"decision.material_effect={draw(st.floats(min_value=0.0, max_value=1.0))}",
        f"decision.noise_sd={draw(st.floats(min_value=0.0, max_value=2.0))}",
        f"decision.ad_hoc_cost_multiplier={draw(st.floats(min_value=1.0, max_value=3.0))}",
        f"decision.rule={draw(st.sampled_from(RULE_NAMES))}",
        f"decision.majority_share={draw(st.floats(min_value=0.0, max_value=0.9))}",
        # every scenario has at least three voting members on its date
        f"decision.min_contributors={draw(st.integers(min_value=1, max_value=3))}",
    ]
    return overrides


@st.composite
def scenario_overrides(draw, channels: tuple[str, ...] | None = None) -> list[str]:
    """A scenario a user can name, with (sometimes) its request channel or framing overridden.
    `channels`: the channels to draw from, always overriding (default: keep or override at random)."""
    overrides = [f"scenario={draw(st.sampled_from(SCENARIOS))}"]
    if channels is not None:
        overrides.append(f"scenario.channel={draw(st.sampled_from(channels))}")
    elif draw(st.booleans()):
        overrides.append(f"scenario.channel={draw(st.sampled_from(CHANNELS))}")
    if draw(st.booleans()):
        overrides.append(f"scenario.framing={draw(st.sampled_from(FRAMINGS))}")
    if draw(st.booleans()):
        overrides.append("alliance.coding=seeds")
    return overrides


LANES = 8


def lane_values(draw, shape, low: float, high: float) -> np.ndarray:
    return draw(arrays(float, shape, elements=st.floats(low, high, allow_nan=False)))


@st.composite
def decision_params(draw) -> d.DecisionParams:
    """Scalar decision parameters within their config bounds (what `d.choose` reads)."""
    return d.DecisionParams(weights=d.Weights(), object_threshold=draw(st.floats(-1, 1.5)),
                            troops_threshold=draw(st.floats(-1, 3)), material_effect=draw(st.floats(0, 1)),
                            noise_sd=0.5, trust_reference=0.5, ad_hoc_cost_multiplier=2.0)


@st.composite
def choices(draw, lanes: int = LANES) -> d.Choice:
    """One member's choice inputs over `lanes` lanes: stance terms, choice terms (costs <= 0) and noise."""
    return d.Choice(stance=lane_values(draw, (d.N_STANCE, lanes), -2, 2),
                    credibility=lane_values(draw, lanes, 0, 2),
                    troop_cost=lane_values(draw, lanes, -3, 0),
                    material_cost=lane_values(draw, lanes, -2, 0),
                    noise=lane_values(draw, (3, lanes), -2, 2))


caps = st.sampled_from([d.OBJECT, d.POLITICAL, d.MATERIAL, d.TROOPS])
