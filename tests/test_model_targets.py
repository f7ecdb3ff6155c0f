"""The member-level behaviour targets (sim.runs.targets) on the calibrated config, on small replication
counts with tolerances that can fail: each compares a measured share with the issue's bound, widened
by three binomial standard errors at the replication count used."""

from __future__ import annotations

import math

import pytest

from sim.runs import targets

LANES = 600
SLACK = 3 * math.sqrt(0.25 / LANES)  # three standard errors of a share at its widest (p = 0.5)


@pytest.fixture(scope="module")
def measured() -> dict[str, targets.Target]:
    return {t.name.split(":")[0] + ":" + t.name.split(":")[1][:30]: t for t in targets.measure_targets(LANES, 7)}


def pick(measured: dict[str, targets.Target], start: str) -> targets.Target:
    return next(t for name, t in measured.items() if name.startswith(start))


def test_russia_carries_the_2022_deployment(measured):
    assert pick(measured, "Kazakhstan 2022: deployments without").value < 0.10 + SLACK
    assert pick(measured, "Kazakhstan 2022: lead nation").value >= 0.5


def test_kazakhstan_does_not_fight_for_russia_in_kursk(measured):
    assert pick(measured, "Kursk 2024").value < 0.10 + SLACK


def test_kazakhstan_does_not_fight_nato_for_belarus(measured):
    assert pick(measured, "Belarus-NATO").value < 0.15 + SLACK


def test_russia_is_among_the_likeliest_to_send_troops_to_tajikistan(measured):
    assert pick(measured, "Taliban").value > -2 * SLACK


def test_uzbekistan_objects_to_an_internal_mission(measured):
    assert pick(measured, "Kyrgyzstan 2010").value >= 0.5 - SLACK
