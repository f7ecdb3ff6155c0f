"""The leverage indicators (seeds/evidence/leverage.yaml): the real file loads, bad input fails with
the file, the record and the field named, and the readings on a date are bounded, monotone and
free of hindsight (only records public by the date are read)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import copy_seeds, edit_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.errors import InputError
from sim.inputs.leverage import (
    ARMS,
    COMPONENTS,
    INDICATORS,
    PRESENCE,
    REMITTANCES,
    TRADE,
    UNION,
    DependenceRule,
    LeverageRecord,
    based_forces_on,
    dependence_on,
    load_leverage,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
LEVERAGE = "evidence/leverage.yaml"
MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "TJK", "UZB")
DATES = [dt.date(y, m, 1) for y in range(1992, 2028) for m in (1, 7)]


def test_every_row_loads():
    records = load_leverage(SEEDS)
    assert len(records) == 75
    assert {r.indicator for r in records} == set(INDICATORS)
    assert len({r.row_id for r in records}) == 75
    assert load_leverage(SEEDS) is records  # cached


def test_periods_and_public_dates():
    recs = {r.row_id: r for r in load_leverage(SEEDS)}
    arms = recs["ARM arms_imports_share_russia 2016-2020"]
    assert (arms.first_year, arms.last_year, arms.value, arms.public_from) == (2016, 2020, 94.0, dt.date(2021, 1, 1))
    union = recs["BLR customs_economic_union 2000 EurAsEC"]
    assert (union.label, union.value, union.ended) == ("EurAsEC", None, None)
    assert recs["UZB customs_economic_union 2006 EurAsEC"].ended == dt.date(2008, 10, 16)
    assert (not recs["GEO russian_military_presence 2020"].hosted
            and not recs["AZE russian_military_presence 2021"].hosted)


# --- based forces ---------------------------------------------------------------------------------


def test_based_forces_follow_the_latest_public_headcount():
    records = load_leverage(SEEDS)
    assert based_forces_on(records, "TJK", dt.date(2026, 1, 1)) == 7000.0
    assert based_forces_on(records, "TJK", dt.date(1994, 1, 1)) == 0.0  # the 1995 row is public only in 1996
    assert based_forces_on(records, "TJK", dt.date(1996, 1, 1)) == 25000.0
    assert based_forces_on(records, "KGZ", dt.date(2014, 6, 1)) == 700.0
    assert based_forces_on(records, "KGZ", dt.date(2013, 12, 31)) == 0.0  # Kant counted as an air base only
    assert based_forces_on(records, "ARM", dt.date(2024, 8, 6)) == 3500.0
    assert based_forces_on(records, "RUS", dt.date(2024, 8, 6)) == 0.0


def test_occupation_and_peacekeepers_are_not_based_forces():
    records = load_leverage(SEEDS)
    assert based_forces_on(records, "GEO", dt.date(2022, 1, 1)) == 0.0
    assert based_forces_on(records, "AZE", dt.date(2023, 1, 1)) == 0.0


# --- the dependence index -------------------------------------------------------------------------


def test_dependence_is_in_unit_interval_with_known_components():
    records, rule = load_leverage(SEEDS), DependenceRule()
    for member in (*MEMBERS, "AZE", "GEO"):
        for when in DATES:
            index, comps = dependence_on(records, member, when, rule)
            assert set(comps) <= set(COMPONENTS)
            assert all(0.0 <= v <= 1.0 for v in comps.values())
            if comps:
                assert 0.0 <= index <= 1.0 and math.isclose(index, sum(comps.values()) / len(comps))
            else:
                assert math.isnan(index)


def test_the_leading_state_has_no_dependence():
    index, comps = dependence_on(load_leverage(SEEDS), "RUS", dt.date(2022, 1, 6))
    assert math.isnan(index) and comps == {}


def test_known_readings():
    records = load_leverage(SEEDS)
    _, arm = dependence_on(records, "ARM", dt.date(2022, 1, 6))
    assert arm == pytest.approx({"presence": 0.7, "remittances": 13.1 / 30, "arms": 0.94, "union": 1.0})
    _, blr = dependence_on(records, "BLR", dt.date(2010, 6, 1))
    assert blr == pytest.approx({"presence": 0.3, "union": 1.0})  # Union State and EurAsEC (2000): the higher
    # Uzbekistan suspended EurAsEC in October 2008 (an observer of the EAEU from Dec 2020, public 2021)
    assert dependence_on(records, "UZB", dt.date(2008, 6, 1))[1]["union"] == 0.6
    assert dependence_on(records, "UZB", dt.date(2010, 6, 1))[1]["union"] == 0.0
    assert dependence_on(records, "UZB", dt.date(2022, 1, 6))[1]["union"] == 0.3
    # Tajikistan, outside the EAEU, keeps its EurAsEC level (a documented limitation)
    assert dependence_on(records, "TJK", dt.date(2022, 1, 6))[1]["union"] == 0.6
    # Kyrgyzstan's EAEU membership (Aug 2015) is read from 2016, when the year's record is public
    assert dependence_on(records, "KGZ", dt.date(2015, 9, 1))[1]["union"] == 0.6
    assert dependence_on(records, "KGZ", dt.date(2016, 1, 1))[1]["union"] == 1.0
    # Armenia's trade with Russia as % of GDP (2020) is not a share of its foreign trade: not read
    assert "trade" not in dependence_on(records, "ARM", dt.date(2022, 1, 6))[1]
    assert dependence_on(records, "ARM", dt.date(2024, 8, 6))[1]["trade"] == pytest.approx(34 / 50)


def test_reading_is_hindsight_free_on_the_real_records():
    """Changing, removing or adding records that are not yet public on a date leaves the reading."""
    records = load_leverage(SEEDS)
    for when in (dt.date(2010, 6, 1), dt.date(2022, 1, 6), dt.date(2024, 8, 6)):
        later = [r for r in records if r.public_from > when]
        assert later
        altered = tuple(dataclasses.replace(r, value=None if r.value is None else r.value * 3 + 1,
                                            hosted=not r.hosted if r.indicator == PRESENCE else True)
                        if r.public_from > when else r for r in records)
        extra = tuple(dataclasses.replace(r, first_year=when.year, last_year=when.year) for r in records
                      if r.indicator != UNION and r.value is not None)
        for member in (*MEMBERS, "RUS"):
            before = dependence_on(records, member, when)
            for other in (altered, tuple(r for r in records if r.public_from <= when), records + extra):
                after = dependence_on(other, member, when)
                assert after[1] == before[1] and (after[0] == before[0] or math.isnan(before[0]))
            assert based_forces_on(altered, member, when) == based_forces_on(records, member, when)


# --- properties on synthetic records ------------------------------------------------------------


def rec(indicator: str, year: int, value: float | None, unit: str, label: str | None = None) -> LeverageRecord:
    return LeverageRecord(member="XXX", indicator=indicator, first_year=year, last_year=year, value=value,
                          label=label, unit=unit, detail=None, provenance="evidence", confidence="M",
                          citations=("evidence/leverage.csv XXX",))


UNITS = {PRESENCE: "troops", REMITTANCES: "% of GDP", ARMS: "% of TIV", TRADE: "% of foreign trade"}
year = st.integers(min_value=1995, max_value=2025)
share = st.floats(min_value=0.0, max_value=100.0)


@st.composite
def synthetic(draw) -> tuple[LeverageRecord, ...]:
    out = []
    for indicator, unit in UNITS.items():
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            value = draw(st.floats(min_value=0.0, max_value=20000.0) if indicator == PRESENCE else share)
            out.append(rec(indicator, draw(year), value, unit))
    if draw(st.booleans()):
        out.append(rec(PRESENCE, draw(year), float(draw(st.integers(0, 5))), "installations"))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        label = draw(st.sampled_from(("EurAsEC", "EAEU", "EAEU observer", "Customs Union")))
        out.append(rec(UNION, draw(year), None, "membership", label))
    return tuple(out)


@settings(max_examples=300, deadline=None)
@given(records=synthetic(), when=st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2027, 1, 1)),
       indicator=st.sampled_from((REMITTANCES, TRADE, ARMS, PRESENCE)), which=st.integers(0, 10),
       raise_by=st.floats(min_value=0.0, max_value=1000.0))
def test_raising_any_value_never_lowers_the_index(records, when, indicator, which, raise_by):
    """Monotone in each component: raising a remittance (or trade, arms, headcount) figure never
    lowers the index, and the index stays in [0, 1]."""
    targets = [i for i, r in enumerate(records) if r.indicator == indicator and r.measure in ("share", "headcount")]
    index, _ = dependence_on(records, "XXX", when)
    assert math.isnan(index) or 0.0 <= index <= 1.0
    if not targets:
        return
    i = targets[which % len(targets)]
    old = records[i].value or 0.0
    cap = 100.0 if records[i].measure == "share" else 1e9
    raised = records[:i] + (dataclasses.replace(records[i], value=min(old + raise_by, cap)),) + records[i + 1:]
    after, _ = dependence_on(raised, "XXX", when)
    assert math.isnan(index) and math.isnan(after) or after >= index - 1e-12


@settings(max_examples=300, deadline=None)
@given(records=synthetic(), when=st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2027, 1, 1)),
       noise=st.floats(min_value=0.0, max_value=100.0))
def test_records_published_after_the_date_are_never_read(records, when, noise):
    hidden = tuple(dataclasses.replace(r, value=None if r.value is None else noise) if r.public_from > when else r
                   for r in records)
    a, b = dependence_on(records, "XXX", when), dependence_on(hidden, "XXX", when)
    assert a[1] == b[1] and (a[0] == b[0] or math.isnan(a[0]) and math.isnan(b[0]))
    assert based_forces_on(records, "XXX", when) == based_forces_on(hidden, "XXX", when)


def test_remittances_reach_one_at_the_rule_threshold():
    recs = (rec(REMITTANCES, 2010, 15.0, "% of GDP"),)
    when = dt.date(2011, 1, 1)
    assert dependence_on(recs, "XXX", when, DependenceRule(remittances_full=30.0))[0] == 0.5
    assert dependence_on(recs, "XXX", when, DependenceRule(remittances_full=10.0))[0] == 1.0
    assert math.isnan(dependence_on(recs, "XXX", dt.date(2010, 12, 31))[0])  # 2010 figures are not yet public


def test_a_later_zero_count_ends_an_earlier_headcount():
    recs = (rec(PRESENCE, 2000, 4000.0, "troops"), rec(PRESENCE, 2005, 0.0, "bases"),
            rec(PRESENCE, 2008, 2.0, "installations"))
    assert based_forces_on(recs, "XXX", dt.date(2005, 6, 1)) == 4000.0
    assert based_forces_on(recs, "XXX", dt.date(2006, 6, 1)) == 0.0
    assert dependence_on(recs, "XXX", dt.date(2006, 6, 1))[1] == {"presence": 0.0}
    assert dependence_on(recs, "XXX", dt.date(2009, 6, 1))[1] == pytest.approx({"presence": 0.3})


@pytest.mark.parametrize(("fields", "message"), [
    ({"remittances_full": 0.0}, "dependence.remittances_full = 0.0: a number > 0"),
    ({"presence_full": -5.0}, "dependence.presence_full = -5.0"),
    ({"installation_presence": 2.0}, "dependence.installation_presence = 2.0"),
    ({"union_levels": {"EAEU": 1.0}}, "dependence.union_levels = 'Customs Union'"),
    ({"union_levels": {**DependenceRule().union_levels, "EAEU": 1.5}}, "dependence.union_levels.EAEU = 1.5"),
])
def test_bad_rule_is_one_line(fields, message):
    with pytest.raises(InputError, match=re.escape(message)):
        DependenceRule(**fields)


# --- bad input ------------------------------------------------------------------------------------




def set_record(i: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data["records"][i].update(fields)


def index_of(row_id: str) -> int:
    data = yaml.safe_load((SEEDS / LEVERAGE).read_text(encoding="utf-8"))
    return next(i for i, r in enumerate(data["records"]) if r["citations"][0] == f"evidence/leverage.csv {row_id}")


F = "seeds/evidence/leverage.yaml"
REM = index_of("ARM remittances_gdp 2010")
ARM_ARMS = index_of("ARM arms_imports_share_russia 2016-2020")
EURASEC = index_of("UZB customs_economic_union 2006 EurAsEC")
BASE = index_of("TJK russian_military_presence 2012")
BAD_EDITS = [
    pytest.param(set_record(REM, member="XYZ"), f"{F}[{REM}].member = 'XYZ': allowed:", id="unknown-member"),
    pytest.param(lambda d: d["records"].append(dict(d["records"][REM])),
                 f"{F}[75] = 'ARM remittances_gdp 2010': a member, indicator and period", id="duplicate"),
    pytest.param(set_record(REM, indicator="gdp"), f"{F}[{REM}].indicator = 'gdp': allowed:", id="unknown-indicator"),
    pytest.param(set_record(ARM_ARMS, period="2020-2016"), f"{F}[{ARM_ARMS}].period = '2020-2016'",
                 id="period-reversed"),
    pytest.param(set_record(ARM_ARMS, period="2016/20"), f"{F}[{ARM_ARMS}].period = '2016/20'", id="period-malformed"),
    pytest.param(set_record(REM, period=2010), f"{F}[{REM}].period = 2010: a quoted year", id="period-unquoted"),
    pytest.param(set_record(REM, value=-3), f"{F}[{REM}].value = -3", id="negative-value"),
    pytest.param(set_record(REM, value="high"), f"{F}[{REM}].value = 'high'", id="text-value"),
    pytest.param(set_record(REM, value=140), f"{F}[{REM}].value = 140: a percentage in [0, 100]", id="share-over-100"),
    pytest.param(set_record(REM, unit="USD bn"), f"{F}[{REM}].unit = 'USD bn': a unit of remittances_gdp",
                 id="bad-unit"),
    pytest.param(set_record(REM, value=None), f"{F}[{REM}].unit = '% of GDP': null, as the value is null",
                 id="unit-without-value"),
    pytest.param(set_record(EURASEC, value="NATO"), f"{F}[{EURASEC}].value = 'NATO': allowed:", id="unknown-union"),
    pytest.param(set_record(EURASEC, ended="2005-01-01"), f"{F}[{EURASEC}].ended = '2005-01-01'",
                 id="ended-before-start"),
    pytest.param(set_record(REM, ended="2012-01-01", ended_note="x"), f"{F}[{REM}].ended = '2012-01-01'",
                 id="ended-on-a-statistic"),
    pytest.param(set_record(REM, hosted=False, hosted_note="x"), f"{F}[{REM}].hosted = False",
                 id="hosted-on-a-statistic"),
    pytest.param(set_record(BASE, hosted=False), f"{F}[{BASE}].hosted_note = None", id="not-hosted-without-note"),
    pytest.param(set_record(REM, provenance="E"), f"{F}[{REM}].provenance = 'E': allowed:", id="csv-provenance"),
    pytest.param(set_record(REM, citations=[]), f"{F}[{REM}].citations = []", id="no-citation"),
]


@pytest.mark.parametrize(("change", "message"), BAD_EDITS)
def test_bad_input_names_file_row_and_field(tmp_path, change, message):
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / LEVERAGE, change)
    with pytest.raises(InputError, match=re.escape(message)):
        load_leverage(seeds)


def test_an_edited_file_is_read_again(tmp_path):
    seeds = copy_seeds(tmp_path)
    assert based_forces_on(load_leverage(seeds), "TJK", dt.date(2026, 1, 1)) == 7000.0
    edit_yaml(seeds / LEVERAGE, set_record(BASE, value=6000))
    assert based_forces_on(load_leverage(seeds), "TJK", dt.date(2026, 1, 1)) == 6000.0


def test_the_union_levels_and_installation_presence_come_from_the_alliance_config():
    """Both were constants in code; now alliance.dependence states them (configs/alliance/csto.yaml)."""
    from conftest import make_spec

    def tajikistan(*overrides: str) -> float:
        spec = make_spec("scenario=kazakhstan_2022", *overrides)
        return next(p.dependence for p in spec.profiles if p.code == "TJK")

    base = tajikistan()
    assert tajikistan("alliance.dependence.union_levels.EurAsEC=0.6") == base  # the YAML's own value
    assert tajikistan("alliance.dependence.union_levels.EurAsEC=0.0") < base  # Tajikistan: EurAsEC in 2022
    with pytest.raises(InputError, match=r"^alliance\.dependence\.union_levels\.EurAsEC = 1\.5: a number in \[0"):
        tajikistan("alliance.dependence.union_levels.EurAsEC=1.5")
    with pytest.raises(InputError, match=r"^alliance\.dependence\.installation_presence = -0\.1: a number in \[0"):
        tajikistan("alliance.dependence.installation_presence=-0.1")
