"""The alliance rule: from members' choices to the collective outcome, the troops sent, and the
leading state's bilateral help beside it."""

import numpy as np

from sim.model.alliance import (
    NONE_CODE,
    PARTIAL_CODE,
    TROOPS_CODE,
    Rule,
    agreed,
    allocate_troops,
    answer_codes,
    bilateral_help,
    forces_deploy,
    outcome_codes,
)
from sim.model.decision import MATERIAL, OBJECT, POLITICAL, TROOPS


def L(rows: list[list[int]]) -> np.ndarray:  # a one-letter helper for the tables below
    return np.array(rows, dtype=np.int8)


def test_consensus_one_objection_blocks_forces():
    levels = L([[TROOPS, TROOPS], [TROOPS, OBJECT], [POLITICAL, POLITICAL]])
    assert forces_deploy(levels, Rule.consensus).tolist() == [True, False]
    assert agreed(levels, Rule.consensus).tolist() == [True, False]


def test_consensus_needs_a_contributor():
    assert forces_deploy(L([[POLITICAL], [MATERIAL]]), Rule.consensus).tolist() == [False]


def test_forces_need_at_least_min_contributors():
    levels = L([[TROOPS, TROOPS], [TROOPS, POLITICAL], [MATERIAL, MATERIAL]])
    assert forces_deploy(levels, Rule.consensus, min_contributors=1).tolist() == [True, True]
    assert forces_deploy(levels, Rule.consensus, min_contributors=2).tolist() == [True, False]
    assert forces_deploy(levels, Rule.consensus, min_contributors=3).tolist() == [False, False]


def test_majority_overrides_a_minority_objection():
    levels = L([[TROOPS], [POLITICAL], [OBJECT]])
    assert forces_deploy(levels, Rule.majority, majority_share=0.5).tolist() == [True]
    assert forces_deploy(levels, Rule.consensus).tolist() == [False]


def test_leader_decides_alone():
    levels = L([[OBJECT, OBJECT], [TROOPS, MATERIAL]])  # row 1 is the leader
    assert forces_deploy(levels, Rule.leader, leader_row=1).tolist() == [True, False]
    assert agreed(levels, Rule.leader, leader_row=1).tolist() == [True, True]


def test_outcome_partial_on_a_formal_request_needs_only_agreement():
    levels = L([[POLITICAL, POLITICAL], [POLITICAL, OBJECT]])
    measures = agreed(levels, Rule.consensus)
    deploy = forces_deploy(levels, Rule.consensus)
    assert outcome_codes(levels, deploy, measures, formal_request=True).tolist() == [PARTIAL_CODE, NONE_CODE]


def test_outcome_partial_without_a_formal_request_needs_aid():
    levels = L([[POLITICAL, POLITICAL], [MATERIAL, POLITICAL]])
    measures = agreed(levels, Rule.consensus)
    deploy = np.array([False, False])
    assert outcome_codes(levels, deploy, measures, formal_request=False).tolist() == [PARTIAL_CODE, NONE_CODE]
    assert outcome_codes(levels, np.array([True, False]), measures, True).tolist() == [TROOPS_CODE, PARTIAL_CODE]


def test_bilateral_help_only_beyond_what_the_collective_outcome_carries():
    own = L([TROOPS, TROOPS, MATERIAL, MATERIAL, POLITICAL, TROOPS])
    in_alliance = L([TROOPS, OBJECT, MATERIAL, TROOPS, POLITICAL, TROOPS])
    outcome = L([TROOPS_CODE, NONE_CODE, PARTIAL_CODE, NONE_CODE, NONE_CODE, PARTIAL_CODE])
    got = bilateral_help(own, in_alliance, outcome)
    # forces carried collectively: nothing bilateral; blocked: its own forces; material carried by
    # partial: nothing; political on its own: never bilateral; partial carries at most material
    assert got.tolist() == [OBJECT, TROOPS, OBJECT, MATERIAL, OBJECT, TROOPS]


def test_the_answer_is_the_more_of_collective_and_bilateral():
    outcome = L([NONE_CODE, NONE_CODE, PARTIAL_CODE, TROOPS_CODE, PARTIAL_CODE])
    bilateral = L([OBJECT, MATERIAL, TROOPS, OBJECT, MATERIAL])
    assert answer_codes(outcome, bilateral).tolist() == [NONE_CODE, PARTIAL_CODE, TROOPS_CODE, TROOPS_CODE,
                                                         PARTIAL_CODE]


def test_troops_split_by_pledge_and_capped_at_what_members_have():
    levels = L([[TROOPS], [TROOPS], [MATERIAL]])
    troops = allocate_troops(levels, np.array([True]), 2500, np.array([0.4, 0.1, 0.5]),
                             np.array([10_000.0, 100.0, 5000.0]))
    assert troops[:, 0].tolist() == [2000.0, 100.0, 0.0]  # 500 asked of member 1, which has 100


def test_no_troops_when_forces_do_not_deploy():
    troops = allocate_troops(L([[TROOPS]]), np.array([False]), 2500, np.array([1.0]), np.array([9e9]))
    assert troops.sum() == 0
