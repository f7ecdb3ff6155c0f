"""The seminar app's model: a teacher's choices become the same config the CLI would compose."""

from __future__ import annotations

import pytest
from conftest import make_cfg

from sim.app.seminar import (
    CHOICE_WORDS,
    DECISION_CONFIGS,
    DECISION_LABELS,
    DEFAULT_DECISION,
    REASON_TEXT,
    SCENARIOS,
    SeminarModel,
    compose_config,
    decision_values,
    neutral_adversary_ties,
    reason_sentence,
    scenario_label,
    score_sentence,
    seminar_overrides,
    threshold_sentence,
    weight_ranges,
)
from sim.model import decision as d
from sim.outputs.plots import CHOICE_COLOURS
from sim.runs.scenario import run

SMALL = 500


def test_every_reason_has_a_plain_language_text() -> None:
    assert set(REASON_TEXT) == set(d.REASONS)


def test_every_reason_reads_as_a_sentence_either_way() -> None:
    for reason in d.REASONS:
        for helped in (True, False):
            assert reason_sentence(reason, helped) and "_" not in reason_sentence(reason, helped)


def test_the_support_score_is_placed_against_the_objection_threshold() -> None:
    th = {"object": 0.0, "troops": 1.5}
    assert "below the objection threshold 0.00: it objects" in score_sentence(-0.5, th)
    assert "no objection" in score_sentence(0.5, th)
    assert "troops hurdle 1.50" in score_sentence(0.5, th, "troops")
    assert "a rule decides" in score_sentence(0.5, th, "object")  # no request: nothing to agree to
    sentence = threshold_sentence(th, 0.5)
    assert "Below 0.00 it OBJECTS" in sentence and "troops hurdle of 1.50" in sentence
    assert "partial" not in sentence


def test_every_choice_has_plain_words_and_a_colour() -> None:
    from sim.app.seminar import NOT_ASKED
    from sim.outputs.network import NODE_COLOURS

    assert set(CHOICE_WORDS) == {*d.LEVEL_NAMES, NOT_ASKED} and set(d.LEVEL_NAMES) == set(CHOICE_COLOURS)
    assert NODE_COLOURS[NOT_ASKED] not in CHOICE_COLOURS.values()  # "not asked" is not a choice's colour
    assert CHOICE_WORDS["object"].startswith("OBJECTS") and CHOICE_WORDS["troops"] == "SENDS TROOPS"
    assert len(set(CHOICE_COLOURS.values())) == 4


def test_the_app_starts_from_the_clis_decision_config() -> None:
    assert DEFAULT_DECISION == compose_config([]).decision.name == "calibrated"
    assert SeminarModel(replications=10).summary["decision"] == DEFAULT_DECISION
    assert set(DECISION_LABELS) >= set(DECISION_CONFIGS)  # every choice has a label
    assert "hand-set" in DECISION_LABELS["default"]


def test_slider_ranges_are_the_calibration_priors_and_hold_every_configs_weights() -> None:
    prior = compose_config([], "calibrate").prior
    ranges = weight_ranges()
    assert ranges["cost"] == (float(prior.cost.low), float(prior.cost.high))
    for decision in DECISION_CONFIGS:
        for name, value in decision_values(decision)["weights"].items():
            low, high = ranges[name]
            assert low <= value <= high, (decision, name, value)


def test_scenarios_have_display_names() -> None:
    assert scenario_label("kazakhstan_2022").startswith("Kazakhstan January 2022")


def test_every_scenario_file_is_offered() -> None:
    assert "kazakhstan_2022" in SCENARIOS and "armenia_2021" in SCENARIOS


def test_probabilities_are_those_of_the_cli_run_with_the_same_overrides() -> None:
    model = SeminarModel(crisis="kyrgyzstan_2010", rule="majority", cost=2.0, replications=SMALL, seed=5)
    cli = run(make_cfg("scenario=kyrgyzstan_2010", f"decision={DEFAULT_DECISION}", "decision.rule=majority",
                       "decision.weights.cost=2.0", f"replications={SMALL}", "seed=5", "progress=false"))
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
    assert model.bilateral_name in ("none", "material", "troops")
    assert model.answer_name in ("troops", "partial", "none") and model.replay_answers == [model.answer_name]
    assert ("none", "partial", "troops").index(model.answer_name) >= ("none", "partial", "troops").index(
        model.outcome_name)  # the requester gets at least the collective answer


def test_the_collective_outcome_russias_bilateral_help_and_the_answer_are_shown() -> None:
    model = SeminarModel(crisis="kyrgyzstan_2010", replications=SMALL)
    assert model.bilateral_line().startswith("Russia on its own (bilateral): troops ")
    assert model.answer_line().startswith("What Kyrgyzstan got: troops ")
    s = model.summary
    assert s["answer"]["none"] <= s["outcome"]["none"]  # bilateral help only adds


def test_same_choices_same_seed_give_the_same_replays() -> None:
    def replays() -> tuple[list[str], list[tuple[str, ...]]]:
        model = SeminarModel(crisis="kyrgyzstan_2010", replications=SMALL, seed=3)
        choices = []
        for _ in range(20):
            model.step()
            choices.append(tuple(r.choice for r in model.decisions()))
        return model.replays, choices

    first = replays()
    assert first == replays()
    assert len(set(first[1])) > 1  # replays draw fresh noise: the members' choices in Kyrgyzstan 2010 vary


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
    for decision in DECISION_CONFIGS:
        model = SeminarModel(crisis="kazakhstan_2022", decision=decision, cost=2.5, replications=10)
        assert model.summary["weights"]["cost"] == 2.5
        assert model.summary["weights"]["front"] == make_cfg(f"decision={decision}").decision.weights.front


def test_the_member_panel_rows() -> None:
    model = SeminarModel(crisis="armenia_2021", replications=SMALL)
    rows = {r["code"]: r for r in model.member_rows()}
    assert rows["RUS"]["name"] == "Russia" and rows["RUS"]["role"] == "leading state"
    assert rows["ARM"]["role"] == "requester" and rows["ARM"]["tie_requester"] is None
    assert rows["ARM"]["tie_adversary"] == -1.0 and rows["ARM"]["threat"]["caucasus"] == 1.0
    assert rows["BLR"]["latest"] is None
    voter = rows["BLR"]
    assert sum(voter[f"p_{name}"] for name in d.LEVEL_NAMES) == pytest.approx(1.0)
    assert rows["ARM"]["p_object"] is None  # the requester does not vote
    model.step()
    assert all(r["latest"] for r in model.member_rows())


def test_the_commitment_slider_ties_down_a_share_of_what_the_date_leaves_free():
    """0 keeps the scenario as dated; x commits x of the forces the record leaves free; 1 leaves none."""
    from sim.app.seminar import dated_commitment

    dated = dated_commitment("tajikistan_taliban_incursion", DEFAULT_DECISION, "RUS")
    assert 0.0 < dated < 1.0  # Russia's war in Ukraine, seeds/dated.yaml
    as_dated = SeminarModel(crisis="tajikistan_taliban_incursion", replications=10)
    assert "RUS" not in as_dated.cfg.scenario.commitments
    half = SeminarModel(crisis="tajikistan_taliban_incursion", leader_committed=0.5, replications=10)
    assert half.cfg.scenario.commitments["RUS"] == pytest.approx(dated + 0.5 * (1 - dated))
    russia = {p.code: p for p in half.spec.profiles}["RUS"]
    assert russia.available_troops < {p.code: p for p in as_dated.spec.profiles}["RUS"].available_troops
    full = SeminarModel(crisis="tajikistan_taliban_incursion", leader_committed=1.0, replications=10)
    # everything mobile is tied down elsewhere; what stays is the 201st base, already in Tajikistan
    # (seeds/evidence/leverage.yaml: about 7,000), which is not committed elsewhere
    assert {p.code: p for p in full.spec.profiles}["RUS"].available_troops == pytest.approx(7000)
    far = SeminarModel(crisis="belarus_nato_border_incident", leader_committed=1.0, replications=10)
    # Belarus: two facilities
    assert {p.code: p for p in far.spec.profiles}["RUS"].available_troops == pytest.approx(850)


def test_without_a_request_nobody_is_shown_as_objecting() -> None:
    """No request: every member is "not asked" (grey), never OBJECTS, in the step-through and the map."""
    from sim.app.seminar import NOT_ASKED

    model = SeminarModel(crisis="russia_kursk_2024", replications=SMALL)
    model.step()
    shown = {r.code: r.choice for r in model.decisions() if r.role != "requester"}
    assert shown and set(shown.values()) == {NOT_ASKED}
    asked = SeminarModel(crisis="kyrgyzstan_2010", replications=SMALL)
    asked.step()
    assert NOT_ASKED not in {r.choice for r in asked.decisions()}
