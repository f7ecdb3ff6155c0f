"""The seminar's numbers are generated: the committed documents must equal a fresh run."""

from __future__ import annotations

import difflib

from sim.app import seminar_docs as sd


def test_the_committed_numbers_equal_a_fresh_run_at_the_docs_seed() -> None:
    for path, (committed, fresh) in sd.fresh().items():
        diff = "".join(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True), str(path), "fresh"))
        assert committed == fresh, f"{path.name} is out of date: run `make seminar-docs`\n{diff[:4000]}"


def test_every_block_is_in_a_document_and_the_doc_states_its_settings() -> None:
    text = sd.SEMINAR_DOC.read_text(encoding="utf-8") + sd.WORKSHEET.read_text(encoding="utf-8")
    found = {m.group("name") for m in sd.BLOCK.finditer(text)}
    assert found == set(sd.BLOCKS)
    seminar = sd.SEMINAR_DOC.read_text(encoding="utf-8")
    assert f"{sd.DOC_REPLICATIONS:,} replications per row" in seminar
    assert "decision=calibrated" in seminar
    assert "once the calibrated weights become the default" not in seminar


def test_the_worksheet_names_the_five_requests_and_the_members() -> None:
    worksheet = sd.WORKSHEET.read_text(encoding="utf-8")
    for name in ("Batken", "Osh", "Kyrgyzstan-Tajikistan 2021", "Armenia May 2021", "Kazakhstan January 2022",
                 "Russia", "Belarus", "Tajikistan"):
        assert name in worksheet


def test_a_block_is_replaced_and_the_prose_kept() -> None:
    text = "before\n" + sd.BEGIN.format(name="settings") + "\nold\n" + sd.END.format(name="settings") + "\nafter\n"
    out = sd.render(text, lambda name: "new\n")
    assert out == ("before\n" + sd.BEGIN.format(name="settings") + "\nnew\n" + sd.END.format(name="settings")
                   + "\nafter\n")
