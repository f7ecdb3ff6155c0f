"""The structural rules: what a member may choose whatever its engagement, and what the leading
state may give on its own."""

from __future__ import annotations

import dataclasses

from conftest import make_spec

from sim.model.crisis import bilateral_cap, rule_cap
from sim.model.decision import MATERIAL, OBJECT, POLITICAL, TROOPS


def test_no_rule_binds_on_a_formal_request_on_members_territory():
    spec = make_spec("scenario=kazakhstan_2022")
    assert rule_cap(spec.crisis, spec.state, "RUS", 1000.0) == (TROOPS, None)


def test_each_rule_caps_the_choice_and_names_itself():
    spec = make_spec("scenario=kazakhstan_2022")
    no_request = make_spec("scenario=kazakhstan_2022", "scenario.formal_request=false")
    assert no_request.crisis.channel == "none"
    assert rule_cap(no_request.crisis, no_request.state, "RUS", 1000.0) == (OBJECT, "rule:no_request")
    political = make_spec("scenario=kazakhstan_2022", "scenario.channel=political")
    # a plea for political backing asks members to back it or refuse it (decision model v3)
    assert rule_cap(political.crisis, political.state, "RUS", 1000.0) == (POLITICAL, "rule:asked_political")
    for channel in ("informal", "bilateral"):
        informal = make_spec("scenario=kazakhstan_2022", f"scenario.channel={channel}")
        assert rule_cap(informal.crisis, informal.state, "RUS", 1000.0) == (MATERIAL, "rule:no_formal_request")
    outside = make_spec("scenario=kazakhstan_2022", "scenario.on_member_territory=false")
    assert rule_cap(outside.crisis, outside.state, "RUS", 1000.0) == (POLITICAL, "rule:outside_area")
    assert rule_cap(spec.crisis, spec.state, "RUS", 0.0) == (MATERIAL, "rule:no_forces")
    # no cap before the treaty's entry into force (1994-04-20): members sent battalions to Tajikistan in
    # 1993 under the CIS agreement (evidence C01, member_actions C01), which the record codes as troops
    before = dataclasses.replace(spec.state, treaty_in_force=False)
    assert rule_cap(spec.crisis, before, "RUS", 1000.0) == (TROOPS, None)


def test_the_adversary_member_may_not_help_against_itself_and_the_others_only_talk():
    spec = make_spec("scenario=kyrgyzstan_tajikistan_2021", "scenario.channel=formal")
    assert spec.crisis.adversary == "TJK"
    assert rule_cap(spec.crisis, spec.state, "TJK", 1000.0) == (OBJECT, "rule:adversary_member")
    assert rule_cap(spec.crisis, spec.state, "RUS", 1000.0) == (POLITICAL, "rule:adversary_member")


def test_the_leading_state_on_its_own_is_bound_only_by_the_request_and_its_forces():
    spec = make_spec("scenario=kazakhstan_2022", "scenario.on_member_territory=false", "scenario.channel=bilateral")
    assert bilateral_cap(spec.crisis, "RUS", 1000.0) == TROOPS  # neither the area nor the channel binds it
    assert bilateral_cap(spec.crisis, "RUS", 0.0) == MATERIAL
    assert bilateral_cap(spec.crisis, "KAZ", 1000.0) == OBJECT  # the requester does not help itself
    for channel in ("none", "political"):
        silent = make_spec("scenario=kazakhstan_2022", f"scenario.channel={channel}")
        assert bilateral_cap(silent.crisis, "RUS", 1000.0) == OBJECT
    early = make_spec("scenario=tajikistan_1993")
    assert bilateral_cap(early.crisis, "RUS", 1000.0) == TROOPS  # before the treaty was in force
    mvm = make_spec("scenario=kyrgyzstan_tajikistan_2021", "scenario.channel=formal")
    assert bilateral_cap(mvm.crisis, "TJK", 1000.0) == OBJECT
    assert bilateral_cap(mvm.crisis, "RUS", 1000.0) == OBJECT  # it takes no side between two allies (C12)
