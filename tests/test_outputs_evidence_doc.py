"""docs/evidence.md is generated from the records: the committed file equals a fresh render."""

from __future__ import annotations

from sim.inputs.evidence import load_evidence
from sim.outputs.evidence_doc import (
    DOC_PATH,
    SEEDS_DIR,
    episode_table_markdown,
    render_evidence_doc,
)


def test_docs_evidence_md_equals_a_fresh_render():
    assert DOC_PATH.read_text(encoding="utf-8") == render_evidence_doc(SEEDS_DIR), (
        "docs/evidence.md is stale: run python -m sim.outputs.evidence_doc")


def test_episode_table_has_one_row_per_episode():
    ev = load_evidence(SEEDS_DIR)
    table = episode_table_markdown(ev).splitlines()
    assert len(table) == 2 + len(ev.episodes)
    assert table[0].startswith("| date | id | requester | type | channel | outcome | provenance | confidence |")
