"""Invariants that must hold for any valid parameters (hypothesis)."""

import numpy as np
from conftest import make_cfg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import SCENARIOS, decision_overrides

from sim.inputs.spec import build_spec
from sim.model.alliance import TROOPS_CODE
from sim.model.model import run_lanes
from sim.runs.scenario import summarise, tidy

LANES = 300
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(scenario=st.sampled_from(SCENARIOS), overrides=decision_overrides(), seed=st.integers(0, 2**32 - 1))
def test_probabilities_are_valid_and_members_never_exceed_their_forces(scenario, overrides, seed):
    spec = build_spec(make_cfg(f"scenario={scenario}", *overrides))
    res = run_lanes(spec, LANES, seed)
    summary = summarise(spec, *tidy([(0, res)]))
    probs = np.array(list(summary["outcome"].values()))
    assert ((probs >= 0) & (probs <= 1)).all()
    assert probs.sum() == np.float64(1.0) or abs(probs.sum() - 1.0) < 1e-12
    for member in summary["members"].values():
        if member["role"] != "requester":
            assert 0.0 <= member["p_contribute"] <= 1.0
    available = np.array([p.available_troops for p in spec.profiles])[:, None]
    assert (res.troops <= available + 1e-9).all()


@FAST
@given(scenario=st.sampled_from(SCENARIOS), overrides=decision_overrides(), seed=st.integers(0, 2**32 - 1),
       member_index=st.integers(0, 5), bump=st.floats(0.01, 1.0))
def test_raising_threat_priority_on_the_crisis_front_never_lowers_support(scenario, overrides, seed,
                                                                          member_index, bump):
    base = build_spec(make_cfg(f"scenario={scenario}", *overrides))
    code = base.members[member_index % len(base.members)]
    old = base.profiles[base.members.index(code)].threat[base.crisis.front]
    raised = build_spec(make_cfg(f"scenario={scenario}", *overrides,
                                 f"+alliance.threat_overrides.{code}.{base.crisis.front}={min(1.0, old + bump)}"))
    row = base.members.index(code)
    before, after = run_lanes(base, LANES, seed), run_lanes(raised, LANES, seed)
    assert (after.level[row] >= before.level[row]).all()


@FAST
@given(overrides=decision_overrides(), seed=st.integers(0, 2**32 - 1))
def test_member_vs_member_never_yields_troops_under_consensus(overrides, seed):
    spec = build_spec(make_cfg("scenario=kyrgyzstan_tajikistan_2021", *overrides, "decision.rule=consensus"))
    assert (run_lanes(spec, LANES, seed).outcome != TROOPS_CODE).all()
