"""Hypothesis strategies for valid decision parameters and scenarios (cf. Axelrod's property.py)."""

from __future__ import annotations

from hypothesis import strategies as st

from sim.inputs.compose import scenario_names
from sim.model.alliance import Rule
from sim.model.decision import TERMS

SCENARIOS = scenario_names()  # every scenario a user can name, read from configs/scenario/
RULE_NAMES = tuple(rule.value for rule in Rule)

weight = st.floats(min_value=0.0, max_value=5.0, allow_nan=False)


@st.composite
def decision_overrides(draw) -> list[str]:
    """Hydra overrides for a random but valid decision config."""
    partial = draw(st.floats(min_value=-2.0, max_value=3.0))
    gap = draw(st.floats(min_value=0.0, max_value=3.0))
    overrides = [f"decision.weights.{t}={draw(weight)}" for t in TERMS]
    overrides += [
        f"decision.thresholds.partial={partial}",
        f"decision.thresholds.troops={partial + gap}",
        f"decision.noise_sd={draw(st.floats(min_value=0.0, max_value=2.0))}",
        f"decision.rule={draw(st.sampled_from(RULE_NAMES))}",
        f"decision.partial_quorum={draw(st.floats(min_value=0.0, max_value=1.0))}",
    ]
    return overrides
