"""Read and validate the leverage indicators (seeds/evidence/leverage.yaml) and read them on a date.

Each record is a dated indicator of how much a member depends on Russia: Russian forces or
installations based there, remittances as a share of GDP, Russia's share of its arms imports,
its customs or economic union with Russia, Russia's share of its trade. `dependence_on` maps the
latest record of each indicator public by a date to [0, 1] and averages them; `based_forces_on`
gives the Russian troops based in a state.

No hindsight: a statistic for a year or a period is public only after it ends
(`LeverageRecord.public_from`, 1 January of the next year), and a reading on a date uses only
records public by then. A later record therefore never changes an earlier reading.

Bad input fails here with one line naming the file, the record and the field, e.g.
`seeds/evidence/leverage.yaml[12].period`. Only the shared input helpers are imported.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import BeforeValidator, model_validator

from sim.errors import InputError, one_of
from sim.inputs.checks import check_ranges
from sim.inputs.evidence_records import LEVERAGE_FILE, Reported
from sim.inputs.fields import file_label, record_list
from sim.inputs.files import file_stamp, read_yaml
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.records import Bool, Date, Member, Text, choice, parse, refuse
from sim.inputs.schema import DependenceConfig
from sim.inputs.seeds import load_seeds

PRESENCE = "russian_military_presence"
REMITTANCES = "remittances_gdp"
ARMS = "arms_imports_share_russia"
UNION = "customs_economic_union"
TRADE = "trade_share_russia"
INDICATORS: tuple[str, ...] = (PRESENCE, REMITTANCES, ARMS, UNION, TRADE)
# The labels a customs_economic_union record may carry (its value).
UNION_LABELS: tuple[str, ...] = (
    "Union State", "EAEU", "Customs Union", "EurAsEC", "EurAsEC observer", "EAEU observer")
# What a unit measures, by indicator: (unit prefix, measure). The first matching prefix wins.
# "headcount" and "installations" are presence counts, "share" a percentage the index reads,
# "membership" a union label; "other" is kept in the records but not compared (trade with Russia
# as % of GDP is not a share of foreign trade).
UNIT_MEASURES: dict[str, tuple[tuple[str, str], ...]] = {
    PRESENCE: (("troops", "headcount"), ("personnel", "headcount"), ("installation", "installations"),
               ("air base", "installations"), ("bases", "installations")),
    REMITTANCES: (("% of GDP", "share"), ("% of GNP", "share")),
    ARMS: (("% of TIV", "share"),),
    UNION: (("membership", "membership"), ("status", "membership")),
    TRADE: (("% of foreign trade", "share"), ("% of GDP (trade with Russia)", "other")),
}
COMPONENTS: tuple[str, ...] = ("presence", "remittances", "arms", "union", "trade")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeverageRecord:
    """One row of leverage.csv: an indicator of a member's dependence on Russia for a year or period.

    `value` is the number (None for a union label or where the row gives no figure); `label` the
    union's name for customs_economic_union. `hosted` (presence only) is False where the forces are
    not based by the host's agreement (Georgia's occupied regions, the Karabakh peacekeepers).
    `ended` (union only) is the date the member left the union by its own act (Uzbekistan's
    suspension of EurAsEC in October 2008).
    """

    member: str
    indicator: str
    first_year: int
    last_year: int
    value: float | None
    label: str | None
    unit: str | None  # as in the CSV; None only where the value is None
    detail: str | None
    provenance: str
    confidence: str
    citations: tuple[str, ...]
    hosted: bool = True
    ended: dt.date | None = None

    @property
    def public_from(self) -> dt.date:
        """1 January after the year or period ends: statistics are public only once it is over,
        so a reading on a date before this may not use the record (no hindsight)."""
        return dt.date(self.last_year + 1, 1, 1)

    @property
    def period(self) -> str:
        """The CSV's year column: '2010' or '2015-2019'."""
        return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}-{self.last_year}"

    @property
    def measure(self) -> str | None:
        """What the unit measures (UNIT_MEASURES); None without a unit."""
        return None if self.unit is None else _measure(self.indicator, self.unit)

    @property
    def row_id(self) -> str:
        """The row's id in leverage.csv citations: 'member indicator year', plus the label for a
        union row (Belarus joined the Union State and EurAsEC in 2000, so the year alone is not unique)."""
        base = f"{self.member} {self.indicator} {self.period}"
        return base if self.label is None else f"{base} {self.label}"


def _measure(indicator: str, unit: str) -> str | None:
    for prefix, measure in UNIT_MEASURES[indicator]:
        if unit.startswith(prefix):
            return measure
    return None


# --- reading ---------------------------------------------------------------------------------


def _period(value: Any) -> tuple[int, int]:
    """'2010' -> (2010, 2010); '2015-2019' -> (2015, 2019)."""
    m = _PERIOD.match(value) if isinstance(value, str) else None
    if m is None or (m.group(2) is not None and int(m.group(2)) < int(m.group(1))):
        raise refuse("a quoted year 'YYYY' or period 'YYYY-YYYY' (first year <= last year)")
    first = int(m.group(1))
    return first, int(m.group(2) or first)


def _figure(value: Any) -> Any:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float, str))):
        raise refuse("a number >= 0, a union label, or null where the row gives no figure")
    return value


class LeverageRow(Reported):
    """A record of leverage.yaml; `value` is a number for a statistic, a label for a union."""

    member: Member
    indicator: choice(INDICATORS)
    period: Annotated[tuple[int, int], BeforeValidator(_period)]
    value: Annotated[int | float | str | None, BeforeValidator(_figure)] = None
    unit: Optional[Text] = None
    hosted: Bool = True  # False only for forces not based by the host's agreement
    hosted_note: Optional[Text] = None
    ended: Optional[Date] = None  # a union the member left by its own act
    ended_note: Optional[Text] = None
    detail: Optional[Text] = None

    @model_validator(mode="after")
    def _consistent(self) -> LeverageRow:
        indicator, value, unit = self.indicator, self.value, self.unit
        if indicator == UNION and value not in UNION_LABELS:
            raise refuse(one_of(UNION_LABELS), "value", value)
        if indicator != UNION and value is not None and (isinstance(value, str) or not math.isfinite(value)
                                                         or value < 0):
            raise refuse("a number >= 0, or null where the row gives no figure", "value", value)
        if value is None and unit is not None:
            raise refuse("null, as the value is null", "unit", unit)
        if value is not None:
            measure = None if unit is None else _measure(indicator, unit)
            if measure is None:
                allowed = ", ".join(f"'{p}...'" for p, _ in UNIT_MEASURES[indicator])
                raise refuse(f"a unit of {indicator} starting with one of {allowed}", "unit", unit)
            if measure == "share" and not isinstance(value, str) and value > 100:
                raise refuse("a percentage in [0, 100]", "value", value)
        if not self.hosted and indicator != PRESENCE:
            raise refuse(f"true or false, and false only for {PRESENCE}", "hosted", self.hosted)
        if not self.hosted and self.hosted_note is None:
            raise refuse("a non-empty text: why the forces are not hosted", "hosted_note", None)
        if self.ended is not None:
            if indicator != UNION:
                raise refuse(f"null: only a {UNION} record may end", "ended", str(self.ended))
            if self.ended.year < self.period[0]:
                raise refuse(f"a date in or after the record's first year ({self.period[0]})", "ended", str(self.ended))
            if self.ended_note is None:
                raise refuse("a non-empty text: how the membership ended", "ended_note", None)
        return self


def _record(row: Any, f: str, members: frozenset[str]) -> LeverageRecord:
    rec = parse(LeverageRow, row, f, members=members)
    union = rec.indicator == UNION
    return LeverageRecord(
        member=rec.member,
        indicator=rec.indicator,
        first_year=rec.period[0],
        last_year=rec.period[1],
        value=None if union or rec.value is None else float(rec.value),
        label=str(rec.value) if union else None,
        unit=rec.unit,
        detail=rec.detail,
        provenance=rec.provenance,
        confidence=rec.confidence,
        citations=rec.citations,
        hosted=rec.hosted,
        ended=rec.ended,
    )


@functools.lru_cache(maxsize=16)
def _load(path: Path, stamp: tuple[int, int], label: str, members: frozenset[str]) -> tuple[LeverageRecord, ...]:
    rows = record_list(read_yaml(path, label), "records", label)
    out: list[LeverageRecord] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        rec = _record(row, f"{label}[{i}]", members)
        if rec.row_id in seen:
            raise InputError(f"{label}[{i}]", rec.row_id,
                             "a member, indicator and period (and label) not already given by record "
                             f"{seen[rec.row_id]}")
        seen[rec.row_id] = i
        out.append(rec)
    return tuple(out)


def load_leverage(seeds_dir: Path = SEEDS_DIR) -> tuple[LeverageRecord, ...]:
    """Load and validate seeds/evidence/leverage.yaml (cached per file and modification time)."""
    seeds_dir = Path(seeds_dir).resolve()
    path = seeds_dir / LEVERAGE_FILE
    label = file_label(seeds_dir, LEVERAGE_FILE)
    members = frozenset(load_seeds(seeds_dir).members)
    return _load(path, file_stamp(path), label, members)


# --- reading on a date ---------------------------------------------------------------------------


_CONFIG = DependenceConfig()  # the defaults, stated once: in the schema (equal to configs/alliance/csto.yaml)
ARMS_FULL = 100.0  # Russia's share of arms imports is a percentage: the component is the share itself / 100


@dataclass(frozen=True)
class DependenceRule:
    """How the leverage indicators map to components in [0, 1] (each capped at 1): alliance.dependence
    (configs/alliance/csto.yaml, bounded in sim.inputs.schema.DependenceConfig). The arms component is
    Russia's share of arms imports (% of TIV) / ARMS_FULL, the share itself: not an assumption.

    remittances_full: remittances as % of GDP at which the remittance component is 1. 30%: about
        where Kyrgyzstan (29-31% in 2011-2022) and Tajikistan (31% in 2010, up to 51%) stand, the
        world's most remittance-dependent states, most of it from Russia (76-95% in the records);
        Armenia's 13-15% reads about 0.45, Uzbekistan's 13-21% 0.43-0.7.
    trade_full: Russia's share of the member's foreign trade (%) at which the trade component is 1.
        50%: Belarus, the most trade-dependent (48-50%), reads about 1; Central Asian members
        (16-21%) read 0.3-0.4.
    presence_full: Russian troops or personnel based in the member at which the presence
        component is 1. 5,000: the 201st base in Tajikistan (7,000) and the 102nd in Armenia at its
        largest (5,000) read 1; Kant (700) 0.14, the Belarusian facilities (850) 0.17.
    installation_presence: the presence component per installation where a record counts
        installations, not people (capped at 1). 0.15: where the records give both, a Russian
        installation holds about 750 people (Belarus: 2 sites, 850 personnel; Kyrgyzstan: Kant,
        700), i.e. 750 / presence_full. A headcount public by the date is preferred to a count of
        installations; a later record counting zero installations ends any earlier headcount.
    union_levels: the union component by membership label. A customs or economic union with
        Russia (Union State, Customs Union, EAEU) 1.0; EurAsEC, a looser community, 0.6; observer
        status 0.3. The latest membership public by the date replaces earlier ones (memberships
        begun in the same year: the highest level); a membership the member `ended` by the date,
        with no later record, reads 0 (Uzbekistan suspended EurAsEC on 16 Oct 2008: 0 until its
        EAEU observer status, public from 2021). Limitation: EurAsEC itself ended in 2014 and was
        replaced by the EAEU; Tajikistan, which did not join the EAEU, keeps its EurAsEC level after
        2014, standing in for the free-trade ties with Russia it kept (the CIS free-trade area,
        background knowledge: no record lists it).
    """

    remittances_full: float = _CONFIG.remittances_full
    trade_full: float = _CONFIG.trade_full
    presence_full: float = _CONFIG.presence_full
    installation_presence: float = _CONFIG.installation_presence
    union_levels: Mapping[str, float] = field(default_factory=lambda: dict(_CONFIG.union_levels))

    def __post_init__(self) -> None:
        """The bounds are alliance.dependence's (DependenceConfig): checked by the one walker."""
        check_ranges(DependenceConfig, {f.name: getattr(self, f.name) for f in fields(self)}, "dependence")
        missing = set(UNION_LABELS) - set(self.union_levels)
        if missing:
            raise InputError("dependence.union_levels", sorted(missing)[0], "a level for every label: "
                             + ", ".join(UNION_LABELS))


def _public(records: Iterable[LeverageRecord], member: str, indicator: str, when: dt.date) -> list[LeverageRecord]:
    """The member's records of an indicator public by `when`, oldest first (stable for ties)."""
    found = [r for r in records if r.member == member and r.indicator == indicator and r.public_from <= when]
    return sorted(found, key=lambda r: (r.public_from, r.first_year))


def _presence(records: Iterable[LeverageRecord], member: str, when: dt.date) -> tuple[float | None, float | None]:
    """(headcount, installations) of Russian forces hosted by `member`, as public on `when`.

    Only hosted records with a figure count. Records up to and including the latest one that
    counts zero installations are dropped (nothing is based there any more); of the rest, the
    latest headcount and the latest installation count are returned (None where there is none);
    (None, 0.0) if a zero is the latest word."""
    usable = [r for r in _public(records, member, PRESENCE, when)
              if r.hosted and r.value is not None and r.measure in ("headcount", "installations")]
    zero = max((i for i, r in enumerate(usable) if r.measure == "installations" and r.value == 0), default=None)
    after = usable if zero is None else usable[zero + 1:]
    heads = [r.value for r in after if r.measure == "headcount"]
    sites = [r.value for r in after if r.measure == "installations"]
    headcount = heads[-1] if heads else None
    installations = sites[-1] if sites else (0.0 if zero is not None else None)
    return headcount, installations


def based_forces_on(records: Iterable[LeverageRecord], host: str, when: dt.date) -> float:
    """Russian troops or personnel based in `host` on `when`: the latest headcount
    (russian_military_presence with a troops or personnel unit) public by then; 0.0 if none.

    Only forces the host agreed to base count (`hosted`): Russia's bases in Georgia's occupied
    regions (Georgia, 2020) and its peacekeepers in Karabakh (Azerbaijan, 2021) are not forces
    available to the alliance in the host's defence and are left out. The Gabala radar
    (Azerbaijan, 2010) was leased but is counted as an installation, not as troops, so it adds
    nothing here. A later record counting zero installations or bases ends an earlier headcount.
    """
    headcount, _ = _presence(records, host, when)
    return 0.0 if headcount is None else float(headcount)


def _latest_value(records: Iterable[LeverageRecord], member: str, indicator: str, when: dt.date) -> float | None:
    usable = [r for r in _public(records, member, indicator, when) if r.value is not None and r.measure == "share"]
    return usable[-1].value if usable else None


def _union_level(records: Iterable[LeverageRecord], member: str, when: dt.date, rule: DependenceRule) -> float | None:
    public = _public(records, member, UNION, when)
    if not public:
        return None
    latest = [r for r in public if r.public_from == public[-1].public_from]
    return max(0.0 if (r.ended is not None and r.ended <= when) else float(rule.union_levels[r.label or ""])
               for r in latest)


def dependence_on(records: Iterable[LeverageRecord], member: str, when: dt.date,
                  rule: DependenceRule | None = None) -> tuple[float, dict[str, float]]:
    """A member's dependence on Russia on `when`: (mean of the available components, components).

    Components (each in [0, 1], COMPONENTS), each from the latest record public by `when`
    (`public_from <= when`) with a usable figure; see DependenceRule for the mapping:
      presence     Russian forces hosted: headcount / presence_full, or installations x
                   installation_presence where only installations are counted
      remittances  % of GDP / remittances_full
      arms         Russia's share of arms imports / arms_full
      union        the customs or economic union's level
      trade        Russia's share of foreign trade / trade_full
    A component without a usable record is absent, not 0 (gaps are gaps). With none at all the
    result is (nan, {}): the caller decides (a config default). Russia itself has no records, so
    the leading state's own dependence is undefined (nan) and is not used.

    Only records public by `when` are read, so the reading is free of hindsight: records of later
    periods, and their values, cannot change it.
    """
    rule = rule or DependenceRule()
    records = tuple(records)
    comps: dict[str, float] = {}
    headcount, installations = _presence(records, member, when)
    if headcount is not None:
        comps["presence"] = min(headcount / rule.presence_full, 1.0)
    elif installations is not None:
        comps["presence"] = min(installations * rule.installation_presence, 1.0)
    for name, indicator, full in (("remittances", REMITTANCES, rule.remittances_full),
                                  ("arms", ARMS, ARMS_FULL)):
        value = _latest_value(records, member, indicator, when)
        if value is not None:
            comps[name] = min(value / full, 1.0)
    union = _union_level(records, member, when, rule)
    if union is not None:
        comps["union"] = union
    trade = _latest_value(records, member, TRADE, when)
    if trade is not None:
        comps["trade"] = min(trade / rule.trade_full, 1.0)
    comps = {k: comps[k] for k in COMPONENTS if k in comps}
    if not comps:
        return float("nan"), {}
    return sum(comps.values()) / len(comps), comps
