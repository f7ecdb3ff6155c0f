"""Every citation in seeds/evidence/*.yaml and seeds/dated.yaml resolves: a seed paragraph exists and
is not empty in ../shared/seeds/, an evidence row exists in ../shared/evidence/*.csv; and every row
of the CSVs is coded."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from sim.inputs.evidence import all_evidence_citations, load_evidence, parse_citation

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "seeds"
SHARED = PROJECT.parent / "shared"

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir() or not (SHARED / "evidence").is_dir(),
                                reason="../shared (seeds and evidence) is not beside the project")


def row_id(row: dict[str, str]) -> str:
    """A CSV row's id as citations name it: episodes.csv by id; membership.csv (no id column) by
    'date event'; member_actions.csv by 'episode member'; leverage.csv by 'member indicator year',
    plus the label of a customs_economic_union row (Belarus joined two unions in 2000)."""
    if "id" in row:
        return row["id"]
    if "event" in row:
        return f"{row['date']} {row['event']}"
    if "episode" in row:
        return f"{row['episode']} {row['member']}"
    base = f"{row['member']} {row['indicator']} {row['year']}"
    return f"{base} {row['value']}" if row["indicator"] == "customs_economic_union" else base


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_row_ids(path: Path) -> set[str]:
    """The ids of a CSV's rows (row_id); they must be unique, or a citation would be ambiguous."""
    ids = [row_id(r) for r in csv_rows(path)]
    assert len(ids) == len(set(ids)), f"{path.name}: row ids not unique: {sorted(i for i in ids if ids.count(i) > 1)}"
    return set(ids)


def resolves(kind: str, target: tuple[str, int | str]) -> bool:
    file, ref = target
    if kind == "seed":
        path = SHARED / "seeds" / file
        if not path.is_file():
            return False
        lines = path.read_text(encoding="utf-8").splitlines()
        return isinstance(ref, int) and 1 <= ref <= len(lines) and bool(lines[ref - 1].strip())
    path = SHARED / "evidence" / file
    return path.is_file() and ref in csv_row_ids(path)


def test_every_evidence_citation_resolves():
    citations = all_evidence_citations(SEEDS)
    assert len(citations) > 100
    bad = [(where, kind, target) for where, kind, target in citations if not resolves(kind, target)]
    assert not bad, f"citations that do not resolve: {bad}"
    assert {kind for _, kind, _ in citations} == {"seed", "evidence"}


def test_every_csv_row_is_coded():
    ev = load_evidence(SEEDS)
    assert {e.evidence_id for e in ev.episodes.values()} == csv_row_ids(SHARED / "evidence" / "episodes.csv")
    cited = {t[1] for _, kind, t in all_evidence_citations(SEEDS) if kind == "evidence" and t[0] == "membership.csv"}
    assert cited >= csv_row_ids(SHARED / "evidence" / "membership.csv")


@pytest.mark.parametrize(("csv_name", "yaml_name", "n_rows"), [
    ("member_actions.csv", "member_actions.yaml", 92), ("leverage.csv", "leverage.yaml", 75)])
def test_every_member_action_and_leverage_row_is_coded_once(csv_name, yaml_name, n_rows):
    """Each row is cited by exactly one record of its YAML file (episodes.yaml's `asked` may cite a
    requester's row too), and each record cites its own row first; every row of the CSV is coded."""
    ids = csv_row_ids(SHARED / "evidence" / csv_name)
    assert len(ids) == n_rows
    cited = [ref for where, kind, (file, ref) in all_evidence_citations(SEEDS)
             if kind == "evidence" and file == csv_name and where.startswith(f"seeds/evidence/{yaml_name}")]
    assert set(cited) == ids, f"{csv_name} rows not coded: {sorted(ids - set(cited))}"
    assert len(cited) == len(ids), "a row is cited by more than one record"
    records = yaml.safe_load((SEEDS / "evidence" / yaml_name).read_text(encoding="utf-8"))
    key = "actions" if yaml_name == "member_actions.yaml" else "records"
    firsts = [parse_citation(r["citations"][0], yaml_name)[1:] for r in records[key]]
    assert all(file == csv_name for file, _ in firsts) and len({ref for _, ref in firsts}) == n_rows


def test_member_action_and_leverage_records_match_their_rows():
    """The coded fields equal the CSV's (the provenance mapped E -> evidence, GK -> assumption)."""
    from sim.inputs.actions import load_member_actions
    from sim.inputs.leverage import load_leverage

    prov = {"E": "evidence", "S": "seed", "S+E": "both", "GK": "assumption"}
    actions = {f"{a.evidence_id} {a.member}": a for by in load_member_actions(SEEDS).values() for a in by.values()}
    for r in csv_rows(SHARED / "evidence" / "member_actions.csv"):
        a = actions[row_id(r)]
        assert (a.role, a.action, a.troops, a.detail, a.provenance, a.confidence) == (
            r["role"], r["action"], int(r["troops"]) if r["troops"] else None, r["detail"],
            prov[r["provenance"]], r["confidence"]), row_id(r)
    records = {rec.row_id: rec for rec in load_leverage(SEEDS)}
    for r in csv_rows(SHARED / "evidence" / "leverage.csv"):
        rec = records[row_id(r)]
        value = rec.label if rec.label is not None else rec.value
        expected = (r["value"] if r["indicator"] == "customs_economic_union"
                    else (float(r["value"]) if r["value"] else None))
        assert (rec.period, value, rec.unit or "", rec.detail, rec.provenance, rec.confidence) == (
            r["year"], expected, r["unit"], r["detail"], prov[r["provenance"]], r["confidence"]), row_id(r)


def test_framing_sources_in_the_seed_episodes_resolve():
    """seeds/episodes.yaml cites its framings in `framing_source` (all_citations reads these too)."""
    data = yaml.safe_load((SEEDS / "episodes.yaml").read_text(encoding="utf-8"))
    cited = [(e["id"], part.strip()) for e in data["episodes"] for k, v in e.items()
             if k.endswith("_source") for part in str(v).split(";")]
    assert cited
    for where, text in cited:
        kind, file, ref = parse_citation(text, where)
        assert resolves(kind, (file, ref)), f"{where} cites {text}"
