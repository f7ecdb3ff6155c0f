"""`<page command> [--check]`: rewrite generated pages from a fresh run, or check the committed ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sim.errors import OneLineArgumentParser
from sim.runs.atomic import write_text


def doc_command(argv: list[str] | None, prog: str, fresh_texts: Callable[[], dict[Path, str]], regenerate: str,
                normalise: Callable[[str], str] = lambda text: text, description: str | None = None) -> int:
    """Rewrite each file of `fresh_texts()` (its path: its fresh text) that differs, or with --check
    exit 1 when a committed one differs after `normalise` (e.g. dropping a date line). One command
    shape for every generated page, so --check means the same everywhere."""
    parser = OneLineArgumentParser(prog=prog, description=description or "rewrite generated pages from a fresh run")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated page is out of date")
    args = parser.parse_args(argv)
    stale = False
    for path, text in fresh_texts().items():
        committed = path.read_text(encoding="utf-8") if path.is_file() else ""
        if args.check:
            out_of_date = normalise(committed) != normalise(text)
            stale = stale or out_of_date
            print(f"{path.name}: {f'out of date: run `{regenerate}`' if out_of_date else 'up to date'}")
        elif committed != text:
            write_text(path, text)
            print(f"{path.name}: rewritten")
        else:
            print(f"{path.name}: up to date")
    return 1 if stale else 0
