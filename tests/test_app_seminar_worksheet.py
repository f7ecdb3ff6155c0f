"""`make worksheet`: the worksheet and its separate answer key build as PDFs with pages, and their
text (the generator's text model) holds the questions and the answers checked against the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.app import worksheet as w
from sim.docgen import seminar as sd


def committed_blocks() -> dict[str, str]:
    """The generated blocks as committed (tests/test_docgen_seminar.py checks they are fresh)."""
    text = sd.SEMINAR_DOC.read_text(encoding="utf-8") + sd.WORKSHEET.read_text(encoding="utf-8")
    return {m.group("name"): m.group("body") for m in sd.BLOCK.finditer(text)}


def all_text(items: list[w.Item]) -> str:
    return "\n".join([it.text for it in items] + [" | ".join(r) for it in items for r in it.rows])


def test_both_pdfs_build_with_pages(tmp_path: Path) -> None:
    pages = w.build(sd.WORKSHEET.read_text(encoding="utf-8"), committed_blocks().__getitem__, tmp_path)
    assert set(pages) == {tmp_path / "worksheet.pdf", tmp_path / "worksheet_key.pdf"}
    for path, n in pages.items():
        assert n >= 2, path.name
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= n


def test_the_worksheet_has_the_questions_and_no_answers() -> None:
    text = all_text(w.parse_markdown(sd.WORKSHEET.read_text(encoding="utf-8")))
    for q in ("Warm-up: Kazakhstan 2022", "Question 1: Russia's forces are committed elsewhere",
              "Question 2: Armenia 2021", "Question 3: Kazakhstan 2022 and Kyrgyzstan 2010", "Batken"):
        assert q in text, q
    assert "out of sample" not in text and "<!--" not in text and "**" not in text


def test_the_key_answers_every_question_against_the_record() -> None:
    text = all_text(w.key_items(committed_blocks().__getitem__))
    for heading, _, _ in w.KEY_QUESTIONS:
        assert heading in text
    assert "out of sample (leave-one-out)" in text
    assert "Armenia | " in text and "troops (about 100)" in text  # the record: Armenia sent about 100 in 2022
    assert "least certain helper is Armenia" not in text or "In the record it sent: troops (about 100)" in text


def test_a_missing_block_fails_loudly() -> None:
    with pytest.raises(KeyError):
        w.key_items({}.__getitem__)


def test_markdown_tables_lose_their_rule_and_keep_their_cells() -> None:
    items = w.parse_markdown("# T\n\nsome **bold** text\n\n| a | b |\n| --- | --- |\n| 1 | `x` |\n")
    assert [i.kind for i in items] == ["heading", "text", "table"]
    assert items[1].text == "some bold text" and items[2].rows == (("a", "b"), ("1", "x"))
