"""`python -m sim.docgen.worksheet` (make worksheet): the worksheet and its answer key as PDFs, with the
seminar's blocks run afresh (sim.docgen.seminar) and laid out by sim.app.worksheet."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.app.worksheet import OUT_DIR, build
from sim.docgen import seminar as sd
from sim.errors import OneLineArgumentParser


def main(argv: list[str] | None = None) -> int:
    parser = OneLineArgumentParser(prog="python -m sim.docgen.worksheet", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the two PDFs (default outputs/)")
    args = parser.parse_args(argv)
    texts = sd.fresh()  # the documents with their blocks run afresh: the numbers are the model's now
    blocks: dict[str, str] = {}
    for _, new in texts.values():
        for m in sd.BLOCK.finditer(new):
            blocks[m.group("name")] = m.group("body")
    for path, pages in build(texts[sd.WORKSHEET][1], blocks.__getitem__, args.out).items():
        print(f"{path}: {pages} page{'s' if pages != 1 else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
