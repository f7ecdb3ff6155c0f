"""docs/timeline_results.md is generated: the committed file must equal a fresh default replay."""

from __future__ import annotations

import difflib

import pytest

from sim.timeline import doc


@pytest.mark.slow
def test_the_committed_results_equal_a_fresh_default_replay() -> None:
    committed, fresh = doc.DOC.read_text(encoding="utf-8"), doc.fresh()
    diff = "".join(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True), "committed", "fresh"))
    assert committed == fresh, f"{doc.DOC.name} is out of date: run `make timeline-docs`\n{diff[:4000]}"


def test_the_results_report_every_cut_off_and_where_the_model_loses() -> None:
    text = doc.DOC.read_text(encoding="utf-8")
    for cutoff in ("1998-12-31", "2011-12-31", "2021-12-31"):
        assert f"from {cutoff}: P(leave, suspended or frozen)" in text
    assert "## Where the model loses" in text and "persistence" in text and "base rate" in text
