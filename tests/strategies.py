"""Hypothesis strategies for valid decision parameters and scenarios (cf. Axelrod's property.py)."""

from __future__ import annotations

from hypothesis import strategies as st

from sim.model.decision import TERMS

SCENARIOS = (
    "kazakhstan_2022", "kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021",
    "armenia_2021", "tajikistan_taliban_incursion", "belarus_nato_border_incident",
    "armenia_azerbaijan_renewed",
)
RULES = ("consensus", "leader", "majority")

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
        f"decision.rule={draw(st.sampled_from(RULES))}",
        f"decision.partial_quorum={draw(st.floats(min_value=0.0, max_value=1.0))}",
    ]
    return overrides
