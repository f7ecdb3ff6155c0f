"""The role-play's logic (sim/app/roleplay.py): the Council on the class's choices under each rule,
what a seat may submit, the join code, the saved rounds and the seats' briefs."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sim.app.roleplay import (
    ABSENT,
    CSV_COLUMNS,
    HYPOTHETICAL,
    JOIN_ALPHABET,
    JOIN_CODE_LENGTH,
    Session,
    council_answer,
    default_csv_path,
    new_join_code,
    playable_scenarios,
)
from sim.errors import InputError
from sim.model.alliance import Rule

SEATS = ["ARM", "BLR", "KGZ", "RUS", "TJK"]  # Kazakhstan 2022: Kazakhstan asks, the five others vote
REPS = 300  # enough for the shares to exist; the tests check structure and the Council, not the numbers


def answer(choices: dict[str, str], rule: Rule, formal: bool = True) -> str:
    return council_answer(choices, SEATS, rule, "RUS", 0.5, 1, formal)


def everyone(level: str, **others: str) -> dict[str, str]:
    return {s: others.get(s, level) for s in SEATS}


# Worked by hand from the treaty's rules (docs/roleplay.md): consensus, one objection blocks;
# majority, more than half must not object; leader, Russia's choice decides.
CASES = [
    (everyone("troops"), {"consensus": "troops", "majority": "troops", "leader": "troops"}),
    (everyone("troops", ARM="object"), {"consensus": "none", "majority": "troops", "leader": "troops"}),
    (everyone("troops", RUS="object"), {"consensus": "none", "majority": "troops", "leader": "none"}),
    (everyone("political"), {"consensus": "partial", "majority": "partial", "leader": "partial"}),
    (everyone("political", RUS="troops", ARM="object", BLR="object"),
     {"consensus": "none", "majority": "troops", "leader": "troops"}),
    (everyone("object", RUS="troops", KGZ="material"), {"consensus": "none", "majority": "none", "leader": "troops"}),
    (everyone("object", RUS="political", KGZ="material", TJK="troops"),
     {"consensus": "none", "majority": "troops", "leader": "partial"}),
]


@pytest.mark.parametrize("choices, expected", CASES)
def test_the_council_answers_the_class_choices_under_each_rule(choices: dict[str, str],
                                                               expected: dict[str, str]) -> None:
    for rule, want in expected.items():
        assert answer(choices, Rule(rule)) == want, (rule, choices)


def test_without_a_formal_request_agreed_words_are_no_answer_but_aid_is_partial() -> None:
    assert answer(everyone("political"), Rule.consensus, formal=False) == "none"
    assert answer(everyone("political", TJK="material"), Rule.consensus, formal=False) == "partial"


def test_a_seat_that_did_not_choose_takes_no_part() -> None:
    choices = everyone("troops")
    del choices["ARM"]
    assert answer(choices, Rule.consensus) == "troops"  # an absent seat cannot block
    assert answer({}, Rule.consensus) == "none"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    path = tmp_path_factory.mktemp("roleplay") / "rounds.csv"
    return Session("kazakhstan_2022", network=True, csv_path=path, replications=REPS)


def test_the_seats_are_the_voting_members_with_full_names(session: Session) -> None:
    assert list(session.seats) == SEATS
    assert [s.name for s in session.seats.values()] == ["Armenia", "Belarus", "Kyrgyzstan", "Russia", "Tajikistan"]
    assert [s.code for s in session.seats.values() if s.leading] == ["RUS"]
    assert all(s.allowed == ("object", "political", "material", "troops") for s in session.seats.values())
    assert session.rule is Rule.consensus  # the calibrated config's rule, as the CLI uses


def test_a_round_gives_the_council_answer_and_saves_one_row_per_seat(session: Session) -> None:
    code = session.code
    plan = everyone("troops", BLR="material", ARM="object")
    for seat, choice in plan.items():
        session.submit(seat, choice, code)
    assert session.waiting_for() == []
    with pytest.raises(InputError, match="one choice per round"):
        session.submit("ARM", "troops", code)  # a second submit for the same seat and round
    closed = session.close_round()
    assert closed.answer == "none"  # Armenia's objection blocks under consensus
    assert session.current.number == closed.number + 1 and session.current.choices == {}
    table = pd.read_csv(session.csv_path)
    assert tuple(table.columns) == CSV_COLUMNS
    assert len(table) == len(SEATS)
    assert dict(zip(table["seat"], table["choice"])) == plan
    assert set(table["class_answer"]) == {"none"}
    assert set(table["historical_record"]) == {"troops"}  # 2022: collective forces deployed
    assert set(table["scenario"]) == {"kazakhstan_2022"}
    assert table[["model_p_troops", "model_p_partial", "model_p_none"]].sum(axis=1).round(3).eq(1.0).all()
    assert table[["model_got_troops", "model_got_partial", "model_got_none"]].sum(axis=1).round(3).eq(1.0).all()
    seat_cols = ["model_seat_object", "model_seat_political", "model_seat_material", "model_seat_troops"]
    assert table[seat_cols].sum(axis=1).round(3).eq(1.0).all()
    assert not table["model_reason"].str.contains(r"rule:|_", regex=True).any()  # plain words

    # A second round: the same seat may choose again; one seat stays out and takes no part.
    for seat, choice in everyone("troops").items():
        if seat != "TJK":
            session.submit(seat, choice, code)
    assert session.waiting_for() == ["TJK"]
    assert session.close_round().answer == "troops"
    table = pd.read_csv(session.csv_path)
    assert len(table) == 2 * len(SEATS) and list(table["round"].unique()) == [1, 2]
    assert table.loc[(table["round"] == 2) & (table["seat"] == "TJK"), "choice"].item() == ABSENT


@pytest.mark.parametrize("seat, choice, code, field", [
    ("KAZ", "troops", None, "seat"),  # the requester has no vote
    ("XXX", "troops", None, "seat"),
    ("ARM", "invade", None, "choice"),
    ("ARM", "Troops", None, "choice"),
    ("ARM", "troops", "WRONG1", "code"),
    ("ARM", "troops", "", "code"),
    ("ARM", "troops", "nocode", "code"),
])
def test_anything_but_a_valid_choice_is_refused(session: Session, seat: str, choice: str, code: str | None,
                                                field: str) -> None:
    before = dict(session.current.choices)
    good = session.code if code is None else code
    with pytest.raises(InputError) as err:
        session.submit(seat, choice, good)
    assert err.value.field == field
    assert "\n" not in str(err.value)
    assert session.current.choices == before  # nothing recorded


def test_a_round_with_no_choice_cannot_close(session: Session) -> None:
    if session.current.choices:
        pytest.skip("an earlier test left choices in the open round")
    with pytest.raises(InputError, match="at least one seat"):
        session.close_round()


def test_the_join_code_exists_only_on_the_network(session: Session, tmp_path: Path) -> None:
    code = session.code
    assert code is not None and len(code) == JOIN_CODE_LENGTH and set(code) <= set(JOIN_ALPHABET)
    session.check_code(code.lower())  # read off a projector, typed in lower case: still the code
    fresh = {new_join_code() for _ in range(5)}
    assert len(fresh | {code}) == 6  # drawn afresh each time (a clash has odds of about 1 in 10^7)
    assert all(len(c) == JOIN_CODE_LENGTH and set(c) <= set(JOIN_ALPHABET) for c in fresh)
    local = Session("kazakhstan_2022", csv_path=tmp_path / "d.csv", replications=50)
    assert local.code is None
    local.submit("RUS", "troops")  # at the projector, in turns: no code
    assert local.current.choices == {"RUS": "troops"}
    assert not (tmp_path / "d.csv").exists()  # nothing saved before a round closes


def test_the_treaty_rules_limit_a_seat_as_they_limit_the_model(tmp_path: Path) -> None:
    s = Session("armenia_2021", csv_path=tmp_path / "r.csv", replications=REPS)  # political backing asked
    assert all(seat.allowed == ("object", "political") for seat in s.seats.values())
    assert all("political backing" in seat.limit for seat in s.seats.values())
    assert "Azerbaijan" in s.request_line() and "AZE" not in s.request_line()
    with pytest.raises(InputError, match="allowed: object, political"):
        s.submit("RUS", "troops")
    for seat in s.seats:
        s.submit(seat, "political")
    assert s.close_round().answer == "partial"  # consultations agreed on a formal request


def test_a_crisis_without_a_record_is_hypothetical_and_another_crisis_keeps_the_saved_rounds(
        tmp_path: Path) -> None:
    s = Session("tajikistan_taliban_incursion", csv_path=tmp_path / "h.csv", replications=50)
    assert s.record == HYPOTHETICAL and "hypothetical" in s.record_line()
    assert s.current.number == 1
    s.submit("RUS", "troops")
    s.close_round()
    s.submit("RUS", "object")  # an open round, then the lecturer switches crisis: its choice is dropped
    s.start("kazakhstan_2022")
    assert s.current.number == 2 and s.current.choices == {}
    s.submit("RUS", "troops")
    s.close_round()
    table = pd.read_csv(s.csv_path)
    assert list(table.drop_duplicates("round")["scenario"]) == ["tajikistan_taliban_incursion", "kazakhstan_2022"]
    assert set(table.loc[table["round"] == 1, "historical_record"]) == {HYPOTHETICAL}
    assert table.loc[(table["round"] == 2) & (table["seat"] == "RUS"), "choice"].item() == "troops"


def test_briefs_mark_provenance_and_name_states_in_full(session: Session) -> None:
    codes = re.compile(r"\b(ARM|AZE|BLR|KAZ|KGZ|RUS|TJK|GEO|UZB)\b|rule:|_")
    for seat in session.seats.values():
        labels = [item.label for item in seat.brief]
        assert any(label.startswith("Threat priority") for label in labels)
        assert any("Kazakhstan (the requester)" in label for label in labels)
        assert any("committed elsewhere" in label for label in labels)
        assert seat.leading or any(label.startswith("Dependence on Russia") for label in labels)
        assert {item.provenance for item in seat.brief} <= {"sourced", "evidence", "assumed"}
        for item in seat.brief:
            assert not codes.search(item.label + " " + item.value), item
    provenances = {item.provenance for seat in session.seats.values() for item in seat.brief}
    assert provenances == {"sourced", "evidence", "assumed"}  # the class sees all three kinds


def test_bad_scenario_or_rule_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="scenario"):
        Session("atlantis_2030", csv_path=tmp_path / "x.csv", replications=50)
    with pytest.raises(InputError, match="rule"):
        Session("kazakhstan_2022", rule="dictator", csv_path=tmp_path / "x.csv", replications=50)


def test_playable_scenarios_put_something_before_the_council() -> None:
    playable = playable_scenarios()
    assert "kazakhstan_2022" in playable and "armenia_2021" in playable
    assert "russia_kursk_2024" not in playable  # no request: nothing to decide
    assert "kyrgyzstan_tajikistan_2021" not in playable  # two members fight: good offices only


def test_the_default_csv_is_under_outputs_roleplay() -> None:
    path = default_csv_path()
    assert path.parts[:2] == ("outputs", "roleplay") and path.name == "rounds.csv"
