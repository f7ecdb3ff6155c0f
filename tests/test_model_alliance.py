"""The alliance rule: from members' choices to the collective outcome and the troops sent."""

import numpy as np

from sim.model.alliance import (
    NONE_CODE,
    PARTIAL_CODE,
    TROOPS_CODE,
    Rule,
    allocate_troops,
    forces_deploy,
    outcome_codes,
)

L = lambda rows: np.array(rows, dtype=np.int8)  # noqa: E731  (members x lanes)


def test_consensus_one_objection_blocks_forces():
    levels = L([[2, 2], [2, 0], [1, 1]])
    assert forces_deploy(levels, Rule.consensus).tolist() == [True, False]


def test_consensus_needs_a_contributor():
    assert forces_deploy(L([[1], [1]]), Rule.consensus).tolist() == [False]


def test_majority_overrides_a_minority_objection():
    levels = L([[2], [1], [0]])
    assert forces_deploy(levels, Rule.majority, majority_share=0.5).tolist() == [True]
    assert forces_deploy(levels, Rule.consensus).tolist() == [False]


def test_leader_decides_alone():
    levels = L([[0, 0], [2, 1]])  # row 1 is the leader
    assert forces_deploy(levels, Rule.leader, leader_row=1).tolist() == [True, False]


def test_outcome_partial_needs_a_quorum_of_helpers():
    levels = L([[1, 1], [1, 0], [0, 0]])
    deploy = np.array([False, False])
    assert outcome_codes(levels, deploy, partial_quorum=0.5).tolist() == [PARTIAL_CODE, NONE_CODE]
    assert outcome_codes(levels, np.array([True, False]), 0.5).tolist() == [TROOPS_CODE, NONE_CODE]


def test_troops_split_by_pledge_and_capped_at_what_members_have():
    levels = L([[2], [2], [1]])
    troops = allocate_troops(levels, np.array([True]), 2500, np.array([0.4, 0.1, 0.5]),
                             np.array([10_000.0, 100.0, 5000.0]))
    assert troops[:, 0].tolist() == [2000.0, 100.0, 0.0]  # 500 asked of member 1, which has 100


def test_no_troops_when_forces_do_not_deploy():
    troops = allocate_troops(L([[2]]), np.array([False]), 2500, np.array([1.0]), np.array([9e9]))
    assert troops.sum() == 0
