"""The structural rules: what a member may choose whatever its utility."""

from __future__ import annotations

import dataclasses

from conftest import make_spec

from sim.model.crisis import rule_cap
from sim.model.decision import DECLINE, PARTIAL, TROOPS


def test_no_rule_binds_on_a_formal_request_on_members_territory():
    spec = make_spec("scenario=kazakhstan_2022")
    assert rule_cap(spec.crisis, spec.state, "RUS", 1000.0) == (TROOPS, None)


def test_each_rule_caps_the_choice_and_names_itself():
    spec = make_spec("scenario=kazakhstan_2022")
    no_request = make_spec("scenario=kazakhstan_2022", "scenario.formal_request=false")
    assert rule_cap(no_request.crisis, no_request.state, "RUS", 1000.0) == (DECLINE, "rule:no_request")
    outside = make_spec("scenario=kazakhstan_2022", "scenario.on_member_territory=false")
    assert rule_cap(outside.crisis, outside.state, "RUS", 1000.0) == (PARTIAL, "rule:outside_area")
    assert rule_cap(spec.crisis, spec.state, "RUS", 0.0) == (PARTIAL, "rule:no_forces")
    before = dataclasses.replace(spec.state, treaty_in_force=False)
    assert rule_cap(spec.crisis, before, "RUS", 1000.0) == (PARTIAL, "rule:treaty_not_in_force")


def test_the_adversary_member_may_not_help_against_itself():
    spec = make_spec("scenario=armenia_2021")
    assert spec.crisis.adversary is not None
    assert rule_cap(spec.crisis, spec.state, spec.crisis.adversary, 1000.0) == (DECLINE, "rule:adversary_member")
