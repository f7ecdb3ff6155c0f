"""The seminar app's model: a teacher's choices become the same config the CLI would compose."""

from __future__ import annotations

import pytest
from conftest import make_cfg

from sim.app.seminar import (
    REASON_TEXT,
    SCENARIOS,
    SeminarModel,
    compose_config,
    neutral_adversary_ties,
    seminar_overrides,
)
from sim.model import decision as d
from sim.runs.scenario import run

SMALL = 500


def test_every_reason_has_a_plain_language_text() -> None:
    assert set(REASON_TEXT) == set(d.REASONS)


def test_every_scenario_file_is_offered() -> None:
    assert "kazakhstan_2022" in SCENARIOS and "armenia_2021" in SCENARIOS


def test_probabilities_are_those_of_the_cli_run_with_the_same_overrides() -> None:
    model = SeminarModel(crisis="kyrgyzstan_2010", rule="majority", cost=2.0, replications=SMALL, seed=5)
    cli = run(make_cfg("scenario=kyrgyzstan_2010", "decision.rule=majority", "decision.weights.cost=2.0",
                       f"replications={SMALL}", "seed=5", "progress=false"))
    assert model.summary["outcome"] == cli.summary["outcome"]
    assert model.outcome_line().startswith(f"Over {SMALL:,} replications: troops ")


def test_a_step_replays_the_crisis_and_every_voting_member_gives_a_reason() -> None:
    model = SeminarModel(crisis="kazakhstan_2022", replications=SMALL)
    assert not model.decided
    model.step()
    rows = model.decisions()
    assert [r.role for r in rows[:2]] == ["requester", "leader"]  # the leading state moves first
    assert {r.code for r in rows} == set(model.spec.members)
    for r in rows[1:]:
        assert r.choice in d.LEVEL_NAMES and r.reason in REASON_TEXT
    assert model.outcome_name in ("troops", "partial", "none")
    assert model.replays == [model.outcome_name]


def test_same_choices_same_seed_give_the_same_replays() -> None:
    def replays() -> list[str]:
        model = SeminarModel(crisis="armenia_2021", replications=SMALL, seed=3)
        for _ in range(20):
            model.step()
        return model.replays

    first = replays()
    assert first == replays()
    assert len(set(first)) > 1  # replays draw fresh noise: Armenia 2021 is not a foregone conclusion


def test_leader_committed_elsewhere_reduces_its_forces() -> None:
    free = SeminarModel(crisis="kazakhstan_2022", replications=SMALL)
    busy = SeminarModel(crisis="kazakhstan_2022", leader_committed=1.0, replications=SMALL)
    assert busy.cfg.scenario.commitments == {"RUS": 1.0}
    rus = {p.code: p for p in busy.spec.profiles}["RUS"]
    assert rus.available_troops == 0 < {p.code: p for p in free.spec.profiles}["RUS"].available_troops
    assert busy.summary["members"]["RUS"]["leading_reason"] == "rule:no_forces"


def test_cutting_ties_with_the_adversary_spares_the_requesters_own_tie() -> None:
    model = SeminarModel(crisis="armenia_2021", cut_ties_with_adversary=True, replications=SMALL)
    affinity = {p.code: p.affinity_with("AZE") for p in model.spec.profiles}
    assert affinity["ARM"] == -1.0
    assert all(affinity[m] == 0.0 for m in ("RUS", "BLR", "KAZ", "KGZ", "TJK"))


def test_no_adversary_no_ties_to_cut() -> None:
    assert neutral_adversary_ties(SeminarModel(replications=SMALL).spec) == {}


@pytest.mark.parametrize("rule", ["consensus", "leader", "majority"])
def test_overrides_compose_for_every_rule(rule: str) -> None:
    cfg = compose_config(seminar_overrides("armenia_2021", "default", rule, {"trust": 2.0}, {"RUS": 0.5},
                                           {"RUS-AZE": 0.0}, replications=10, seed=1))
    assert cfg.decision.rule.value == rule and cfg.decision.weights.trust == 2.0
    assert cfg.scenario.commitments.RUS == 0.5 and cfg.alliance.tie_overrides["RUS-AZE"] == 0.0


def test_weights_not_given_come_from_the_decision_config() -> None:
    model = SeminarModel(crisis="kazakhstan_2022", cost=2.5, replications=10)
    assert model.summary["weights"]["cost"] == 2.5
    assert model.summary["weights"]["front"] == make_cfg().decision.weights.front
