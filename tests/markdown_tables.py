"""Read the generated pages' pipe tables back into records, to check what lands in which cell."""

from __future__ import annotations


def rows_of(markdown: str) -> list[dict[str, str]]:
    """One pipe table: header row, alignment row, then data."""
    lines = [[c.strip() for c in line.strip().strip("|").split("|")] for line in markdown.strip().splitlines()]
    return [dict(zip(lines[0], row)) for row in lines[2:]]


def tables_of(text: str) -> list[list[dict[str, str]]]:
    """Every pipe table of a page, in order, as records."""
    blocks, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(rows_of("\n".join(current)))
            current = []
    return blocks
