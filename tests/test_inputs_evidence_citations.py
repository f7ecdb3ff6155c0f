"""Every citation in seeds/evidence/*.yaml and seeds/dated.yaml resolves: a seed paragraph exists and
is not empty in ../shared/seeds/, an evidence row exists in ../shared/evidence/*.csv."""

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


def csv_row_ids(path: Path) -> set[str]:
    """episodes.csv rows by id; membership.csv rows (no id column) by 'date event'."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["id"] if "id" in r else f"{r['date']} {r['event']}" for r in rows}


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


def test_framing_sources_in_the_seed_episodes_resolve():
    """seeds/episodes.yaml cites its framings in `framing_source` (sim/seeds.py checks only `source`)."""
    data = yaml.safe_load((SEEDS / "episodes.yaml").read_text(encoding="utf-8"))
    cited = [(e["id"], part.strip()) for e in data["episodes"] for k, v in e.items()
             if k.endswith("_source") for part in str(v).split(";")]
    assert cited
    for where, text in cited:
        kind, file, ref = parse_citation(text, where)
        assert resolves(kind, (file, ref)), f"{where} cites {text}"
