"""Bad input in configs: one clear error naming the field and what is allowed."""

import pytest
from conftest import make_cfg, make_spec

from sim.errors import InputError
from sim.inputs.spec import build_spec
from sim.runs.scenario import run


@pytest.mark.parametrize("overrides, pattern", [
    (["scenario.requester=XYZ"], r"scenario.requester = 'XYZ': a member on 2022-01-05; allowed: ARM, BLR"),
    (["decision.weights.cost=-1"], r"decision.weights.cost = -1.0: a number >= 0"),
    (["decision.material_effect=1.5"], r"decision.material_effect = 1.5: a number in \[0.0, 1.0\]"),
    (["decision.min_contributors=0"], r"decision.min_contributors = 0: a whole number in \[1, 6\]"),
    (["alliance.partner_tie=2"], r"alliance.partner_tie = 2"),
    (["+alliance.threat_overrides.RUS.southern=1.5"], r"threat_overrides.RUS.southern = 1.5: a number in \[0.0, 1.0\]"),
    (["+alliance.threat_overrides.XXX.southern=0.5"], r"alliance.threat_overrides = 'XXX'"),
    (["+alliance.trust.RUS=2"], r"alliance.trust.RUS = 2"),
    (["scenario.episode=nope"], r"scenario.episode = 'nope': allowed: armenia_2016, armenia_2020, armenia_2021"),
    (["scenario.date=1990-01-01"], r"scenario.date = '1990-01-01': on or after 1992-05-15"),
    (["scenario.adversary=RUS", "scenario=armenia_azerbaijan_renewed"], r"member_vs_member"),
    (["+scenario.commitments.RUS=1.5"], r"scenario.commitments.RUS = 1.5"),
    (["scenario.troops_requested=0"], r"scenario.troops_requested = 0"),
    (["alliance.seeds_dir=/nonexistent/seeds"], r"alliance.seeds_dir = '/nonexistent/seeds'"),
    (["decision.rule=leader", "alliance.leader=null"], r"decision.rule = 'leader'"),
])
def test_bad_config_values_raise_one_line_input_errors(overrides, pattern):
    with pytest.raises(InputError, match=pattern) as info:
        build_spec(make_cfg(*overrides))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("key, value", [("replications", 0), ("seed", -1), ("jobs", 0), ("chunk_size", 0)])
def test_impossible_run_settings_are_rejected(key, value):
    with pytest.raises(InputError, match=f"{key} = {value}"):
        run(make_cfg(f"{key}={value}"))


def test_historical_scenario_takes_the_crisis_from_the_episode():
    spec = make_spec("scenario=kyrgyzstan_tajikistan_2021")
    assert spec.crisis.requester == "KGZ" and spec.crisis.adversary == "TJK"
    assert spec.crisis.crisis_type == "member_vs_member"
    assert spec.crisis.observed_outcome == "none"


def test_scenario_fields_override_the_episode():
    spec = make_spec("scenario=kazakhstan_2022", "scenario.framing=internal_security")
    assert spec.crisis.framing == "internal_security" and spec.crisis.requester == "KAZ"


def test_membership_and_alliance_state_follow_the_date():
    spec = make_spec("scenario=kyrgyzstan_1999")
    assert spec.members == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert spec.state.treaty_in_force and not spec.state.organisation and not spec.state.standing_forces


def test_commitments_reduce_available_forces():
    base = {p.code: p.available_troops for p in make_spec("+scenario.commitments.RUS=0").profiles}
    busy = {p.code: p.available_troops for p in make_spec("+scenario.commitments.RUS=0.75").profiles}
    assert busy["RUS"] == pytest.approx(base["RUS"] * 0.25)
    assert busy["BLR"] == base["BLR"]


def test_tie_overrides_replace_seeded_affinities():
    spec = make_spec("scenario=armenia_2021", "+alliance.tie_overrides.BLR-AZE=-0.5")
    blr = next(p for p in spec.profiles if p.code == "BLR")
    assert blr.affinity["AZE"] == -0.5
