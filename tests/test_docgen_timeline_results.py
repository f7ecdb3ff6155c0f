"""docs/timeline_results.md is generated: the committed file must equal a fresh default replay, and
each score lands in its question's row and its forecaster's column."""

from __future__ import annotations

import difflib
import json

import pytest
from markdown_tables import tables_of

from sim.docgen import timeline_results as tr
from sim.timeline.fit import FITS


@pytest.mark.slow
def test_the_committed_results_equal_a_fresh_default_replay() -> None:
    committed, fresh = tr.DOC.read_text(encoding="utf-8"), tr.fresh()
    diff = "".join(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True), "committed", "fresh"))
    assert committed == fresh, f"{tr.DOC.name} is out of date: run `make timeline-docs`\n{diff[:4000]}"


def test_the_results_report_every_cut_off_and_where_the_model_loses() -> None:
    text = tr.DOC.read_text(encoding="utf-8")
    for cutoff in ("1998-12-31", "2011-12-31", "2021-12-31"):
        assert f"from {cutoff}: P(leave, suspended or frozen)" in text
    assert "## Where the model loses" in text and "persistence" in text and "base rate" in text


def test_the_committed_page_holds_the_saved_fits_table() -> None:
    """The fitted weights' table is rendered from docs/timeline_fit.json alone."""
    fits = json.loads(FITS.read_text(encoding="utf-8"))
    table = tr.fitted_table(fits)
    assert table in tr.DOC.read_text(encoding="utf-8")
    rows = tables_of(table)[0]
    first, second = fits["fits"][0], fits["fits"][1]
    name = next(n for n in second["accepted_range"])
    row = next(r for r in rows if r["weight"] == f"`{name}`")
    low, high = second["accepted_range"][name]
    assert row[f"before {second['cutoff']}"] == f"{second['fitted'][name]:.2f} ({low:.2f}–{high:.2f})"
    assert row[f"before {first['cutoff']}"].endswith("(configured)")


def block(model: float, base: float, persistence: float) -> dict:
    return {"n": 9, "brier": {"model": model, "base_rate": base, "persistence": persistence}}


def test_a_score_lands_in_its_row_and_the_verdict_names_the_better_forecast() -> None:
    rows = tables_of(tr.forecast_table([("q1", block(0.1234, 0.2, 0.3)), ("q2", block(0.2005, 0.2, 0.3)),
                                        ("q3", block(0.5, 0.2, 0.1)), ("q4", block(float("nan"), 0.2, 0.3))]))[0]
    assert [r["question"] for r in rows] == ["q1", "q2", "q3", "q4"]
    assert (rows[0]["model"], rows[0]["base rate"], rows[0]["states"], rows[0]["best"]) == ("0.123", "0.200", "9", "model")
    assert rows[1]["best"] == "**baseline** (by < 0.001)" and rows[2]["best"] == "**baseline**"
    assert rows[3]["model"] == "—"
    assert [tr._loses(b["brier"]) for b in (block(0.1, 0.2, 0.3), block(0.5, 0.2, 0.1), block(float("nan"), 0.2, 0.3))] \
        == [False, True, False]
