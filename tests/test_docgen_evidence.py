"""docs/evidence.md is generated from the records: the committed file equals a fresh render, and each
value lands in its own column."""

from __future__ import annotations

from markdown_tables import rows_of

from sim.docgen.evidence import DOC_PATH, SEEDS_DIR, episode_table, render_evidence_doc
from sim.docgen.render import table
from sim.inputs.evidence import load_evidence


def test_docs_evidence_md_equals_a_fresh_render():
    assert DOC_PATH.read_text(encoding="utf-8") == render_evidence_doc(SEEDS_DIR), (
        "docs/evidence.md is stale: run python -m sim.docgen.evidence")


def test_episode_table_has_one_row_per_episode_with_its_own_outcome():
    ev = load_evidence(SEEDS_DIR)
    rows = rows_of(episode_table(ev))
    assert len(rows) == len(ev.episodes)
    assert list(rows[0]) == ["date", "id", "requester", "type", "channel", "outcome", "provenance", "confidence"]
    for e in ev.episodes.values():
        (row,) = [r for r in rows if r["id"].startswith(f"`{e.id}`")]
        assert (row["date"], row["outcome"], row["channel"]) == (e.date.isoformat(), e.outcome, e.request)


def test_table_keeps_the_digits_it_is_given():
    """tabulate left to itself prints '0.250' as '0.25' and '1,000' as '1000'."""
    rows = rows_of(table([{"p": "0.250", "n": "1,000"}, {"p": "1.0", "n": "7"}]))
    assert rows == [{"p": "0.250", "n": "1,000"}, {"p": "1.0", "n": "7"}]
