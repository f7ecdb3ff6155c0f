"""`<page command> [--check]`: rewrite a generated page from a fresh run, or check the committed one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from sim.runs.atomic import write_text


def doc_command(argv: list[str] | None, prog: str, doc: Path, fresh_text: Callable[[], str], regenerate: str,
                normalise: Callable[[str], str] = lambda text: text) -> int:
    """Rewrite `doc` from `fresh_text()`, or with --check exit 1 when the committed one differs
    (after `normalise`, e.g. dropping a date line)."""
    parser = argparse.ArgumentParser(prog=prog, description=f"write {doc.name} from a fresh run")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if docs/{doc.name} is out of date")
    args = parser.parse_args(argv)
    text = fresh_text()
    committed = doc.read_text(encoding="utf-8") if doc.is_file() else ""
    if args.check:
        stale = normalise(committed) != normalise(text)
        print(f"{doc.name}: {f'out of date: run `{regenerate}`' if stale else 'up to date'}")
        return 1 if stale else 0
    write_text(doc, text)
    print(f"{doc.name}: rewritten")
    return 0
