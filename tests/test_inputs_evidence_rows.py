"""The evidence records as declared (sim/inputs/evidence_rows.py, LeverageRow, ActionRow): checks across a
record's fields name the field they refuse, and the shared pieces of sim/inputs/records.py they rest on
(a sourced value, a single value outside a record, aliased keys, an unknown key before a missing one).
Rows are parsed directly, without copying the seeds, so each case is fast."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sim.errors import InputError
from sim.inputs import records as r
from sim.inputs.evidence import known_actors
from sim.inputs.evidence_rows import EpisodeRow, FactRow, PremiseRow, ThreatRow
from sim.inputs.files import read_yaml
from sim.inputs.leverage import LeverageRow

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ACTORS = known_actors(SEEDS)
MEMBERS = frozenset({"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK", "UZB"})
SEED = "000_b864a2c696621e71.txt ¶10"


def real_episode(id_: str) -> dict[str, Any]:
    rows = read_yaml(SEEDS / "evidence" / "episodes.yaml", "episodes.yaml")["episodes"]
    return dict(next(e for e in rows if e["id"] == id_))


def error(model: type[r.Record], row: Any, **context: Any) -> str:
    with pytest.raises(InputError) as info:
        r.parse(model, row, "f[x]", **context)
    return str(info.value)


def test_a_real_episode_parses_and_its_seeds_coding_lists_what_it_overrides():
    rec = r.parse(EpisodeRow, real_episode("kazakhstan_2022"), "f", actors=ACTORS)
    assert rec.framing.value == "external_aggression" and rec.asked.value == "forces"
    assert rec.seeds_coding is not None
    assert rec.seeds_coding.overrides() == {"date": dt.date(2022, 1, 6), "deployed": dt.date(2022, 1, 7),
                                            "first_request": True}


@pytest.mark.parametrize(("change", "line"), [
    ({"seeds_coding": {"citations": [SEED]}},
     "f[x].seeds_coding = {'citations': ['000_b864a2c696621e71.txt ¶10']}: at least one of request, outcome, "
     "framing, date, deployed, first_request"),
    ({"seeds_coding": {"date": "2022-03-01", "citations": [SEED]}},
     "f[x].seeds_coding.date = '2022-03-01': a date on or before the end (2022-01-19)"),
    ({"seeds_coding": {"outcome": "none", "citations": ["evidence/episodes.csv C16"]}},
     "f[x].seeds_coding.citations[0] = 'evidence/episodes.csv C16': seed paragraphs only"),
    ({"date_note": "x", "colour_note": "red"}, "f[x].colour_note = 'red': an unknown key; allowed keys: actors,"),
    ({"troops": 0}, "f[x].troops = 0: a whole number >= 1"),
    ({"evidence_id": "c16"}, "f[x].evidence_id = 'c16': a row id of episodes.csv such as 'C03' or 'N1'"),
])
def test_an_episode_refuses_what_its_fields_do_not_allow_naming_the_field(change, line):
    message = error(EpisodeRow, real_episode("kazakhstan_2022") | change, actors=ACTORS)
    assert message.startswith(line), message


def test_a_seeds_coding_date_past_the_end_is_refused_under_either_coding():
    """The record is checked once, not per coding: a file valid under one coding is valid under both."""
    row = real_episode("kazakhstan_2022")
    row["seeds_coding"] = dict(row["seeds_coding"], date="2022-01-20")
    assert "seeds_coding.date" in error(EpisodeRow, row, actors=ACTORS)
    row["seeds_coding"]["date"] = "2022-01-19"
    assert r.parse(EpisodeRow, row, "f", actors=ACTORS).seeds_coding.date == dt.date(2022, 1, 19)


BASIS = {"value": 0.5, "assumption": "x"}


@pytest.mark.parametrize(("row", "line"), [
    ({"member": "ARM", "premise": "war_against", **BASIS}, "f[x].against = None: the actor the war is against"),
    ({"member": "ARM", "premise": "internal_use", "against": "AZE", **BASIS}, "f[x].against = 'AZE': the actor"),
    ({"member": "XXX", "premise": "internal_use", **BASIS}, "f[x].member = 'XXX': allowed: ARM, BLR"),
])
def test_a_premise_names_an_actor_exactly_for_a_war(row, line):
    assert error(PremiseRow, row, actors=ACTORS, members=MEMBERS).startswith(line)


def test_a_dated_key_typo_lists_the_keys_as_written_in_the_file():
    message = error(ThreatRow, {"member": "KAZ", "front": "internal", "form": "2020-01-01", **BASIS}, members=MEMBERS)
    assert message.startswith("f[x].form = '2020-01-01': an unknown key; allowed keys: assumption, from, front, ")
    assert "start" not in message


def test_a_dated_value_needs_a_basis_and_a_range_around_it():
    assert error(FactRow, {"key": "x", "value": True}).startswith(
        "f[x] = {'key': 'x', 'value': True}: a 'source' citation list or an 'assumption' reason")
    assert error(ThreatRow, {"member": "KAZ", "front": "internal", "range": [0.6, 0.9], **BASIS},
                 members=MEMBERS).startswith("f[x].range = [0.6, 0.9]: [low, high] with low <= value <= high")
    assert error(ThreatRow, {"member": "KAZ", "front": "internal", "range": [0.1, 1.5], **BASIS},
                 members=MEMBERS).startswith("f[x].range[1] = 1.5: a number in [0, 1]")


def test_a_misspelt_key_is_reported_before_the_key_it_leaves_missing():
    class Row(r.Record):
        role: r.Text

    assert error(Row, {"rol": "requester"}).startswith("f[x].rol = 'requester': an unknown key; allowed keys: role")


def test_a_sourced_value_of_any_field_type():
    Share = r.Sourced[r.Unit]
    assert Share is r.Sourced[r.Unit]  # one model per field type
    assert r.parse(Share, {"value": 1, "source": SEED}, "f").value == 1.0
    assert error(Share, {"value": 2, "source": SEED}).startswith("f[x].value = 2: a number in [0, 1]")
    assert error(Share, {"value": 0.5, "note": "n"}).startswith("f[x] = ")


def test_a_single_value_outside_a_record_is_one_line_with_its_label():
    assert r.parse_value(r.Citations, f"{SEED}; evidence/episodes.csv C03", "f.source") == (
        SEED, "evidence/episodes.csv C03")
    with pytest.raises(InputError, match=r"^coding = 'best': allowed: evidence, seeds$"):
        r.parse_value(r.choice(("evidence", "seeds")), "best", "coding")


LEVERAGE = {"member": "ARM", "indicator": "customs_economic_union", "period": "2015", "value": "EAEU",
            "unit": "membership", "provenance": "evidence", "confidence": "H",
            "citations": ["evidence/leverage.csv ARM customs_economic_union 2015 EAEU"]}


@pytest.mark.parametrize(("change", "line"), [
    ({"ended": "2016-01-01"}, "f[x].ended_note = None: a non-empty text"),
    ({"ended": "2014-12-31", "ended_note": "x"},
     "f[x].ended = '2014-12-31': a date in or after the record's first year"),
    ({"indicator": "remittances_gdp", "value": 12, "unit": None}, "f[x].unit = None: a unit of remittances_gdp"),
    ({"value": 3}, "f[x].value = 3: allowed: Customs Union, EAEU"),
])
def test_a_leverage_record_refuses_inconsistent_fields_naming_the_field(change, line):
    assert error(LeverageRow, LEVERAGE | change, members=MEMBERS).startswith(line)
