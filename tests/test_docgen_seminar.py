"""The seminar's numbers are generated: the committed documents must equal a fresh run."""

from __future__ import annotations

import difflib

from sim.docgen import seminar as sd


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
    assert out == "before\n" + sd.BEGIN.format(name="settings") + "\nnew\n" + sd.END.format(name="settings") + "\nafter\n"


def test_each_members_seeded_numbers_land_in_its_row() -> None:
    from markdown_tables import tables_of

    from sim.inputs.seeds import load_seeds

    seeds = load_seeds()
    (rows,) = tables_of(sd.block_members())
    assert len(rows) == len(seeds.members)
    for m in seeds.members.values():
        row = next(r for r in rows if r["state"] == m.name)
        if m.left is None:
            assert row["readiness troops"] == f"{m.readiness_share * seeds.alliance.readiness_troops:,.0f}"
            assert row["share of a peacekeeping deployment"] == f"{m.peacekeeping_share:.0%}"
        else:
            assert (row["status"], row["readiness troops"]) == (f"left {m.left.year}", "–")


def test_a_block_template_puts_its_tables_and_numbers_in_place() -> None:
    from markdown_tables import rows_of

    text = sd.macros().q3(sd.table(["case", "collective troops"], [["Kazakhstan 2022", "12.5%"]]), "0.25")
    table, prose = text.split("\n\n")
    assert rows_of(table) == [{"case": "Kazakhstan 2022", "collective troops": "12.5%"}]
    assert prose.startswith("The Article 4 (mandate) weight is 0.25: a request framed as external aggression adds 0.25")
    assert text.endswith(".\n")  # a block's body ends its line before the END marker
