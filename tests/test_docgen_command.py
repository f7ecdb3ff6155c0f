"""doc_command: one --check/rewrite for every generated page, one or several files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.docgen.command import doc_command


def _texts(tmp_path: Path) -> dict[Path, str]:
    return {tmp_path / "a.md": "alpha\n", tmp_path / "b.md": "beta\n"}


def test_check_names_each_stale_file_and_exits_1_writing_nothing(tmp_path, capsys):
    (tmp_path / "a.md").write_text("alpha\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("old\n", encoding="utf-8")
    assert doc_command(["--check"], "prog", lambda: _texts(tmp_path), "make docs") == 1
    out = capsys.readouterr().out
    assert "a.md: up to date" in out and "b.md: out of date: run `make docs`" in out
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "old\n"


def test_without_check_the_stale_files_are_rewritten_and_then_check_passes(tmp_path, capsys):
    (tmp_path / "a.md").write_text("alpha\n", encoding="utf-8")
    assert doc_command([], "prog", lambda: _texts(tmp_path), "make docs") == 0
    assert "b.md: rewritten" in capsys.readouterr().out
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "beta\n"
    assert doc_command(["--check"], "prog", lambda: _texts(tmp_path), "make docs") == 0


def test_check_compares_after_normalise(tmp_path):
    (tmp_path / "a.md").write_text("made 2020\nalpha\n", encoding="utf-8")
    fresh = {tmp_path / "a.md": "made 2030\nalpha\n"}
    def drop(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if not line.startswith("made"))
    assert doc_command(["--check"], "prog", lambda: fresh, "x", drop) == 0
    assert doc_command(["--check"], "prog", lambda: fresh, "x") == 1


def test_a_bad_flag_is_one_line_status_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        doc_command(["--chek"], "prog", lambda: _texts(tmp_path), "x")
    assert exc.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
