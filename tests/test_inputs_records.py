"""The declarative seed records (sim/inputs/records.py): each field type refuses what it should, and a
pydantic error becomes one line naming the file, the record, the field path and what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import model_validator

from sim.errors import InputError
from sim.inputs import records as r


class Inner(r.Record):
    share: r.Unit
    side: r.choice(("north", "south"))  # type: ignore[valid-type]


class Row(r.Record):
    id: r.Text
    date: r.Date
    end: Optional[r.Date] = None
    troops: Optional[r.Positive] = None
    formal: r.Bool = False
    requester: r.Actor
    citations: r.Citations
    parts: list[Inner] = []

    @model_validator(mode="after")
    def _ends_after_start(self) -> Row:
        if self.end is not None and self.end < self.date:
            raise r.refuse(f"a date on or after the start ({self.date})", "end", str(self.end))
        return self


GOOD = {"id": "x", "date": "2022-01-06", "requester": "KAZ", "citations": ["000_b864a2c696621e71.txt ¶10"]}
ACTORS = frozenset({"KAZ", "RUS"})


def _error(row: dict) -> str:
    with pytest.raises(InputError) as info:
        r.parse(Row, row, "seeds/x.yaml: rows[0]", actors=ACTORS)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_good_record_parses_with_typed_values():
    row = r.parse(Row, GOOD | {"citations": "000_b864a2c696621e71.txt ¶10; evidence/episodes.csv C03"},
                  "f", actors=ACTORS)
    assert row.date == dt.date(2022, 1, 6)
    assert row.citations == ("000_b864a2c696621e71.txt ¶10", "evidence/episodes.csv C03")
    assert row.troops is None and row.formal is False


@pytest.mark.parametrize(("change", "field", "allowed"), [
    ({"date": "6 Jan 2022"}, "rows[0].date", "an ISO date YYYY-MM-DD"),
    ({"troops": 0}, "rows[0].troops", "a whole number >= 1"),
    ({"troops": True}, "rows[0].troops", "a whole number >= 1"),
    ({"troops": "2030"}, "rows[0].troops", "a whole number >= 1"),
    ({"formal": "yes"}, "rows[0].formal", "true or false"),
    ({"requester": "XXX"}, "rows[0].requester", "allowed: KAZ, RUS"),
    ({"citations": ["page 3"]}, "rows[0].citations[0]", "a citation like"),
    ({"citations": ["000_b864a2c696621e71.txt ¶10", "page 3"]}, "rows[0].citations[1]", "a citation like"),
    ({"citations": "000_b864a2c696621e71.txt ¶10; page 3"}, "rows[0].citations[1]", "a citation like"),
    ({"citations": []}, "rows[0].citations", "a non-empty list of citations"),
    ({"id": "  "}, "rows[0].id", "a non-empty text"),
    ({"end": "2022-01-01"}, "rows[0].end", "a date on or after the start (2022-01-06)"),
    ({"parts": [{"share": 1.5, "side": "north"}]}, "rows[0].parts[0].share", "a number in [0, 1]"),
    ({"parts": [{"share": 0.5, "side": "east"}]}, "rows[0].parts[0].side", "allowed: north, south"),
    ({"parts": [{"share": 0.5, "side": "north", "colour": 1}]}, "rows[0].parts[0].colour",
     "an unknown key; allowed keys: share, side"),
    ({"reqester": "KAZ"}, "rows[0].reqester", "allowed keys: citations, date, end, formal, id, parts, requester"),
])
def test_each_bad_field_is_one_line_naming_the_field_and_what_is_allowed(change, field, allowed):
    message = _error(GOOD | change)
    assert message.startswith(f"seeds/x.yaml: {field} = "), message
    assert allowed in message


def test_a_missing_field_is_named_as_required():
    row = dict(GOOD)
    del row["requester"]
    assert _error(row) == "seeds/x.yaml: rows[0].requester = None: required"


def test_several_problems_report_the_first_and_count_the_rest():
    message = _error(GOOD | {"date": "x", "troops": -1, "formal": 2})
    assert message.startswith("seeds/x.yaml: rows[0].date = 'x'")
    assert message.endswith("(2 more problems in this record)")


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 5) | st.booleans())
def test_unit_accepts_exactly_the_numbers_in_0_1(value):
    class U(r.Record):
        v: r.Unit

    ok = not isinstance(value, bool) and 0.0 <= value <= 1.0
    if ok:
        assert r.parse(U, {"v": value}, "f").v == float(value)
    else:
        with pytest.raises(InputError, match=r"^f\.v = .*a number in \[0, 1\]$"):
            r.parse(U, {"v": value}, "f")


def test_seed_citations_refuse_outside_reporting():
    class S(r.Record):
        c: r.SeedCitations

    assert r.parse(S, {"c": ["000_b864a2c696621e71.txt ¶2"]}, "f").c == ("000_b864a2c696621e71.txt ¶2",)
    with pytest.raises(InputError, match="seed paragraphs only"):
        r.parse(S, {"c": ["evidence/episodes.csv C03"]}, "f")


def test_a_record_that_is_not_a_mapping_is_refused():
    with pytest.raises(InputError, match=r"^seeds/x.yaml: rows\[0\] = \['a'\]: a mapping$"):
        r.parse(Row, ["a"], "seeds/x.yaml: rows[0]", actors=ACTORS)
