"""What each member did in each episode (seeds/evidence/member_actions.yaml) and what each request
asked for (`asked` in seeds/evidence/episodes.yaml): the real files load, the records agree with
their episodes, and every kind of bad input fails with the file, the record and the field named."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_seeds, edit_yaml

from sim.errors import InputError
from sim.inputs.actions import ACTIONS, ROLES, MemberAction, load_member_actions
from sim.inputs.evidence import ASKED, load_evidence

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ACTIONS_FILE = "evidence/member_actions.yaml"
EPISODES_FILE = "evidence/episodes.yaml"


def test_every_row_loads_keyed_by_episode_and_member():
    actions = load_member_actions(SEEDS)
    assert len(actions) == 14
    assert sum(len(by) for by in actions.values()) == 92
    assert all(isinstance(a, MemberAction) and a.member == m for by in actions.values() for m, a in by.items())
    assert {a.role for by in actions.values() for a in by.values()} == set(ROLES)
    assert {a.action for by in actions.values() for a in by.values()} == {*ACTIONS, "requester", "adversary"}


def test_records_agree_with_their_episodes():
    episodes = load_evidence(SEEDS).episodes
    for episode, by_member in load_member_actions(SEEDS).items():
        ep = episodes[episode]
        assert all(a.evidence_id == ep.evidence_id for a in by_member.values())
        requesters = [m for m, a in by_member.items() if a.role == "requester"]
        assert requesters == [ep.requester]
        assert all(m == ep.adversary for m, a in by_member.items() if a.role == "adversary")


def test_kazakhstan_2022_contingents():
    kaz = load_member_actions(SEEDS)["kazakhstan_2022"]
    assert {m: a.troops for m, a in kaz.items() if a.troops is not None} == {"ARM": 100, "TJK": 200, "KGZ": 150}
    assert {m for m, a in kaz.items() if a.action == "troops"} == {"RUS", "BLR", "ARM", "TJK", "KGZ"}
    assert kaz["KAZ"].action == "requester"


def test_silent_rows_are_mostly_assumptions():
    silent = [a for by in load_member_actions(SEEDS).values() for a in by.values() if a.action == "silent"]
    assert len(silent) == 24
    assert sum(a.provenance == "assumption" for a in silent) >= 20
    assert all(a.confidence == "L" for a in silent)


def test_loader_returns_fresh_dicts():
    first = load_member_actions(SEEDS)
    first["kazakhstan_2022"].pop("KAZ")
    assert "KAZ" in load_member_actions(SEEDS)["kazakhstan_2022"]


# --- what each request asked for (episodes.yaml `asked`) -------------------------------------------


def test_every_episode_says_what_it_asked_for():
    episodes = load_evidence(SEEDS).episodes
    assert {e.asked for e in episodes.values()} == set(ASKED)
    assert all((e.request == "none") == (e.asked == "nothing") for e in episodes.values())
    asked = {k: e.asked for k, e in episodes.items()}
    assert asked["kazakhstan_2022"] == "forces" and asked["tajikistan_1993"] == "forces"
    assert asked["kyrgyzstan_1999"] == "aid" and asked["kyrgyzstan_2000"] == "aid"
    assert asked["kyrgyzstan_2010"] == "forces"  # a peace-making force, asked of Russia
    assert asked["armenia_2021"] == "political" and asked["russia_georgia_2008"] == "political"
    assert asked["belarus_2020"] == "forces" and asked["russia_ukraine_2022"] == "nothing"
    assert all(e.troops_asked is None for e in episodes.values())  # no published number


def test_the_seeds_coding_keeps_what_was_asked():
    evidence, seeds = load_evidence(SEEDS, "evidence"), load_evidence(SEEDS, "seeds")
    assert {k: e.asked for k, e in evidence.episodes.items()} == {k: e.asked for k, e in seeds.episodes.items()}


def test_corrected_kazakhstan_2022_deployment():
    kaz = load_evidence(SEEDS).episodes["kazakhstan_2022"]
    assert kaz.troops == 2030 and "2,500 planned" in (kaz.outcome_detail or "")


# --- bad input ------------------------------------------------------------------------------------




def action(data: dict[str, Any], row: str, code: str) -> dict[str, Any]:
    return next(a for a in data["actions"] if a["evidence_id"] == row and a["member"] == code)


def set_action(row: str, code: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: action(data, row, code).update(fields)


def set_asked(id_: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        ep = next(e for e in data["episodes"] if e["id"] == id_)
        for key, value in fields.items():
            if key == "troops_asked":
                ep[key] = value
            elif value is None:
                ep["asked"].pop(key, None)
            else:
                ep["asked"][key] = value
    return change


F = "seeds/evidence/member_actions.yaml"
BAD_ACTIONS = [
    pytest.param(set_action("C16", "ARM", member="XYZ"), rf"{F}[C16 XYZ].member = 'XYZ': allowed:",
                 id="unknown-member"),
    pytest.param(lambda d: d["actions"].append(dict(action(d, "C16", "ARM"))),
                 rf"{F}[C16 ARM].member = 'ARM': a member not already coded for kazakhstan_2022", id="duplicate"),
    pytest.param(set_action("C16", "ARM", action="invaded"), rf"{F}[C16 ARM].action = 'invaded': allowed:",
                 id="bad-action"),
    pytest.param(set_action("C16", "ARM", troops=-100), rf"{F}[C16 ARM].troops = -100", id="negative-troops"),
    pytest.param(set_action("C16", "TJK", troops=200.5), rf"{F}[C16 TJK].troops = 200.5", id="fractional-troops"),
    pytest.param(set_action("C07", "BLR", troops=10), rf"{F}[C07 BLR].troops = 10: null, as the action is objected",
                 id="troops-without-troops-action"),
    pytest.param(set_action("C16", "KAZ", action="troops"), rf"{F}[C16 KAZ].action = 'troops': 'requester'",
                 id="requester-role-action-mismatch"),
    pytest.param(set_action("C16", "ARM", action="requester"), rf"{F}[C16 ARM].action = 'requester': allowed:",
                 id="member-with-requester-action"),
    pytest.param(set_action("C12", "TJK", action="political"), rf"{F}[C12 TJK].action = 'political': 'adversary'",
                 id="adversary-role-action-mismatch"),
    pytest.param(set_action("C16", "ARM", role="requester", action="requester"),
                 rf"{F}[C16 ARM].member = 'ARM': the episode's requester (KAZ)", id="requester-not-the-episodes"),
    pytest.param(set_action("C16", "ARM", role="ally"), rf"{F}[C16 ARM].role = 'ally': allowed:", id="bad-role"),
    pytest.param(set_action("C16", "ARM", episode="kazakhstan_2023"), rf"{F}[C16 ARM].episode = 'kazakhstan_2023'",
                 id="unknown-episode"),
    pytest.param(set_action("C16", "ARM", evidence_id="C17"),
                 rf"{F}[C17 ARM].evidence_id = 'C17': the episode's own row id (C16)", id="evidence-id-mismatch"),
    pytest.param(set_action("C16", "ARM", provenance="E"), rf"{F}[C16 ARM].provenance = 'E': allowed:",
                 id="csv-provenance"),
    pytest.param(set_action("C16", "ARM", confidence="high"), rf"{F}[C16 ARM].confidence = 'high'",
                 id="bad-confidence"),
    pytest.param(set_action("C16", "ARM", citations=["member_actions.csv C16 ARM"]), rf"{F}[C16 ARM].citations",
                 id="bad-citation"),
    pytest.param(lambda d: d["actions"].remove(action(d, "C16", "KAZ")),
                 rf"{F}[C16] = 'kazakhstan_2022': a record for the episode's requester", id="missing-requester"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ACTIONS)
def test_bad_member_action_names_file_row_and_field(tmp_path, change, message):
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / ACTIONS_FILE, change)
    with pytest.raises(InputError, match=re.escape(message)):
        load_member_actions(seeds)


E = "seeds/evidence/episodes.yaml"
BAD_ASKED = [
    pytest.param(set_asked("armenia_2021", value="money"), rf"{E}[armenia_2021].asked.value = 'money': allowed:",
                 id="bad-value"),
    pytest.param(set_asked("armenia_2023", value="forces"),
                 rf"{E}[armenia_2023].asked.value = 'forces': 'nothing' exactly when", id="asked-without-request"),
    pytest.param(set_asked("armenia_2021", value="nothing"),
                 rf"{E}[armenia_2021].asked.value = 'nothing': 'nothing' exactly when", id="nothing-with-request"),
    pytest.param(set_asked("armenia_2021", source=None), rf"{E}[armenia_2021].asked = ", id="no-basis"),
    pytest.param(set_asked("armenia_2021", source=["a letter"]),
                 rf"{E}[armenia_2021].asked.source[0] = 'a letter': a citation like", id="bad-source"),
    pytest.param(set_asked("armenia_2021", troops_asked=500), rf"{E}[armenia_2021].troops_asked = 500",
                 id="troops-for-political"),
    pytest.param(set_asked("kazakhstan_2022", troops_asked=0), rf"{E}[kazakhstan_2022].troops_asked = 0",
                 id="zero-troops-asked"),
    pytest.param(lambda d: next(e for e in d["episodes"] if e["id"] == "armenia_2021").pop("asked"),
                 rf"{E}[armenia_2021].asked = None", id="missing"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ASKED)
def test_bad_asked_names_file_row_and_field(tmp_path, change, message):
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / EPISODES_FILE, change)
    with pytest.raises(InputError, match=re.escape(message)):
        load_evidence(seeds)


def test_troops_asked_where_published_is_kept(tmp_path):
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / EPISODES_FILE, set_asked("kazakhstan_2022", troops_asked=2500))
    assert load_evidence(seeds).episodes["kazakhstan_2022"].troops_asked == 2500


def test_an_edited_file_is_read_again(tmp_path):
    seeds = copy_seeds(tmp_path)
    assert load_member_actions(seeds)["kazakhstan_2022"]["ARM"].troops == 100
    edit_yaml(seeds / ACTIONS_FILE, set_action("C16", "ARM", troops=70))
    assert load_member_actions(seeds)["kazakhstan_2022"]["ARM"].troops == 70
