"""docs/validation.md is rendered from the validation's result alone: from docs/validation.json it is
the committed page, and each number lands in its own table cell."""

from __future__ import annotations

import copy
import json

import pytest
from markdown_tables import rows_of

from sim.docgen.validation import DOC, JSON_DOC, markdown, score_table


@pytest.fixture(scope="module")
def saved() -> dict:
    return json.loads(JSON_DOC.read_text(encoding="utf-8"))


def section(text: str, title: str) -> str:
    """The table lines under the heading `title`, up to the next heading."""
    body = text.split(f"\n{title}\n", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in body.splitlines() if line.startswith("|"))


def test_the_committed_page_is_the_render_of_the_committed_json(saved):
    assert DOC.read_text(encoding="utf-8") == markdown(saved), (
        "docs/validation.md is stale: run python -m sim.docgen.validation --from-json (or make validate)")


def test_the_report_says_where_the_model_loses(saved):
    text = markdown(saved)
    assert "## Where the model loses" in text and "Modal misses" in text
    rows = rows_of(section(text, "## Every episode (leave-one-out forecast)"))
    assert len(rows) == len(saved["per_episode"])
    kaz = next(r for r in rows if r["episode"] == "kazakhstan_2022")
    assert (kaz["cell"], kaz["observed"]) == ("formal", "troops (H)")
    p = next(e for e in saved["per_episode"] if e["id"] == "kazakhstan_2022")["model_loo"]
    assert kaz["model P(troops / partial / none)"] == f"{p['troops']:.2f} / {p['partial']:.2f} / {p['none']:.2f}"
    members = rows_of(section(text, "## Every member (leave-one-out forecast)"))
    rus = next(r for r in members if r["episode"] == "kazakhstan_2022" and r["member"] == "RUS")
    assert rus["recorded"] == "troops"


def test_a_score_lands_in_its_forecasters_row_and_column():
    scored = {"model": {"brier": 0.1234, "log_score": -0.5, "modal_hits": 7},
              "cells": {"brier": 0.4321, "log_score": -1.25, "modal_hits": 3}}
    rows = rows_of(score_table(scored, 9))
    assert [r["forecaster"] for r in rows] == ["model", "cells"]  # FORECASTERS' order, absent ones left out
    assert rows[1]["Brier (lower is better)"] == "0.432" and rows[1]["modal hits"] == "3/9"
    assert rows[0]["log score per episode"] == "-0.50"


def test_the_ratio_to_the_cells_baseline_is_computed_from_the_scores(saved):
    result = copy.deepcopy(saved)
    result["loo"]["model"]["brier"], result["loo"]["cells"]["brier"] = 0.3, 0.4
    assert "Model / cells: 0.75 (target <= 0.85)" in markdown(result)
    result["sensitivity"] = {}
    assert "## Sensitivity to the assumptions" not in markdown(result)
