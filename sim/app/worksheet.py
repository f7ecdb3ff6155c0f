"""The printable worksheet and its separate answer key, as PDFs for the class.

    make worksheet                            # = python -m sim.docgen.worksheet
    python -m sim.docgen.worksheet --out DIR  # elsewhere than outputs/

Writes outputs/worksheet.pdf (docs/worksheet.md: the students' sheet, predictions to fill in) and
outputs/worksheet_key.pdf (the lecturer's answers). Both are generated, not committed: the
worksheet's tables and every number of the key come from `sim.docgen.seminar`, run afresh by the
command (the model at the docs' seed), so the PDFs cannot drift from the model or from docs/seminar.md.
The key checks the warm-up against the record (seeds/evidence/member_actions.yaml) and shows each
episode's out-of-sample forecast beside the in-sample one.

The documents are first a small text model (`Item`s: headings, paragraphs, tables), laid out on
A4 pages with matplotlib's PdfPages: no new dependency, and a test can read the text back.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.inputs.paths import PROJECT_ROOT

OUT_DIR = PROJECT_ROOT / "outputs"
PAGE_IN = (8.27, 11.69)  # A4 portrait
MARGIN_IN = 0.7
FONT_PT = 9.5
CHAR_IN = 0.0078 * FONT_PT  # a generous mean width of a DejaVu Sans character, for wrapping
LINE_IN = FONT_PT * 1.45 / 72
KEY_QUESTIONS: tuple[tuple[str, str, str], ...] = (  # (heading, what the worksheet asks, seminar block)
    ("1. The five requests: how far to trust the model",
     "History, the model in sample (the episode helped fit the weights) and out of sample (leave-one-out).",
     "trust"),
    ("Warm-up: Kazakhstan 2022",
     "Which member is the least likely to send troops, and why? Checked against the record.", "warmup"),
    ("Question 1: Russia's forces are committed elsewhere",
     "Would the alliance still send troops to Kazakhstan? Who would carry the burden?", "q1"),
    ("Question 2: Armenia 2021",
     "No ties with Azerbaijan: troops? Does any member object? Does the rule matter?", "q2"),
    ("Question 3: Kazakhstan 2022 and Kyrgyzstan 2010",
     "Which difference matters most? What happens when the framing is swapped?", "q3"),
)


@dataclass(frozen=True)
class Item:
    """One piece of a document: kind is heading | text | table; rows only for a table."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def _plain(text: str) -> str:
    """Markdown emphasis and code marks dropped: the PDF prints plain text."""
    return re.sub(r"\*\*|`", "", text).strip()


def parse_markdown(text: str) -> list[Item]:
    """The few Markdown forms the seminar documents use: '#' headings, '|' tables, paragraphs and
    '-' list items; HTML comments (the generated-block markers) are dropped."""
    items: list[Item] = []
    para: list[str] = []
    table: list[tuple[str, ...]] = []

    def flush() -> None:
        if para:
            items.append(Item("text", _plain(" ".join(para))))
            para.clear()
        if table:
            items.append(Item("table", rows=tuple(table)))
            table.clear()

    for raw in re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).splitlines():
        s = raw.strip()
        if s.startswith("|"):
            if para:
                flush()
            cells = tuple(_plain(c) for c in s.strip("|").split("|"))
            if not all(set(c) <= {"-", " ", ":"} for c in cells):  # the header rule
                table.append(cells)
        elif not s or s.startswith("#") or s.startswith("- ") or re.match(r"\d+\. ", s):
            flush()
            if s.startswith("#"):
                items.append(Item("heading", _plain(s.lstrip("#"))))
            elif s:
                para.append(s)
        else:
            if table:
                flush()
            para.append(s)
    flush()
    return items


def key_items(made: Callable[[str], str]) -> list[Item]:
    """The answer key's text model: each worksheet question with the model's answers, from the
    seminar documents' generated blocks (`made(name)` returns a block's Markdown)."""
    items = [Item("heading", "Answer key: does the CSTO answer a member's call for help?"),
             Item("text", "For the lecturer. Generated from the model (python -m sim.docgen.worksheet); the "
                          "discussion points are in docs/seminar.md.")]
    items += parse_markdown(made("settings"))
    for heading, asks, block in KEY_QUESTIONS:
        items += [Item("heading", heading), Item("text", asks), *parse_markdown(made(block))]
    return items


def _wrap(text: str, width_in: float, size: float = FONT_PT) -> list[str]:
    chars = max(4, int(width_in / (CHAR_IN * size / FONT_PT)))
    return textwrap.wrap(text, chars, break_long_words=True) or [""]


class _Pages:
    """A cursor over A4 pages: places lines of text and table rows, starting a page when full."""

    def __init__(self, pdf: Any, title: str) -> None:
        self.pdf, self.title, self.fig, self.y, self.count = pdf, title, None, 0.0, 0
        self.width = PAGE_IN[0] - 2 * MARGIN_IN

    def _new(self) -> None:
        self.close()
        self.fig = Figure(figsize=PAGE_IN)  # not pyplot: no backend switched, nothing left open
        self.count += 1
        self.fig.text(1 - MARGIN_IN / PAGE_IN[0], 0.35 / PAGE_IN[1], f"{self.title} · page {self.count}",
                      ha="right", fontsize=7, color="#555555")
        self.y = MARGIN_IN

    def room(self, height: float) -> None:
        if self.fig is None or self.y + height > PAGE_IN[1] - MARGIN_IN:
            self._new()

    def text(self, x: float, lines: list[str], size: float = FONT_PT, bold: bool = False) -> None:
        for ln in lines:
            self.room(LINE_IN * size / FONT_PT)
            self.fig.text((MARGIN_IN + x) / PAGE_IN[0], 1 - self.y / PAGE_IN[1], ln, fontsize=size, va="top",
                          fontweight="bold" if bold else "normal")
            self.y += LINE_IN * size / FONT_PT

    def table(self, rows: tuple[tuple[str, ...], ...], size: float = FONT_PT - 1.5) -> None:
        n = max(len(r) for r in rows)
        longest = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(n)]
        words = [max((len(w) for r in rows if i < len(r) for w in r[i].split()), default=1) for i in range(n)]
        char = CHAR_IN * size / FONT_PT
        floor = [(words[i] + 2) * char + 0.08 for i in range(n)]  # the longest word fits unbroken
        spare = max(0.0, self.width - sum(floor))
        extra = [max(0, min(longest[i], 36) - words[i]) for i in range(n)]
        widths = [floor[i] + spare * extra[i] / (sum(extra) or 1) for i in range(n)]
        for k, row in enumerate(rows):
            cells = [_wrap(row[i] if i < len(row) else "", widths[i] - 0.08, size) for i in range(n)]
            height = max(len(c) for c in cells) * LINE_IN * size / FONT_PT + 0.04
            self.room(height)
            x = MARGIN_IN
            for i, lines in enumerate(cells):
                self.fig.text(x / PAGE_IN[0], 1 - self.y / PAGE_IN[1], "\n".join(lines), fontsize=size, va="top",
                              fontweight="bold" if k == 0 else "normal", linespacing=1.3)
                x += widths[i]
            self.y += height
            self.fig.add_artist(Line2D([MARGIN_IN / PAGE_IN[0], 1 - MARGIN_IN / PAGE_IN[0]],
                                           [1 - (self.y - 0.02) / PAGE_IN[1]] * 2, lw=0.4, color="#999999"))
        self.y += 0.12

    def close(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None


def lay_out(items: list[Item], sink: Any, title: str) -> int:
    """Lay the items out on A4 pages, each handed to `sink.savefig(fig)`; returns the page count."""
    pages = _Pages(sink, title)
    for it in items:
        if it.kind == "heading":
            pages.room(LINE_IN * 3)
            pages.y += 0.08
            pages.text(0, _wrap(it.text, pages.width, FONT_PT + 3), FONT_PT + 3, bold=True)
        elif it.kind == "table":
            pages.table(it.rows)
        else:
            pages.text(0, _wrap(it.text, pages.width))
            pages.y += 0.06
    pages.close()
    return pages.count


def write_pdf(items: list[Item], path: Path, title: str) -> int:
    """The items as a PDF (no creation date: the same text gives the same file); the page count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with PdfPages(path, metadata={"Title": title, "Creator": "sim.app.worksheet", "CreationDate": None}) as pdf:
        return lay_out(items, pdf, title)


def build(worksheet_md: str, made: Callable[[str], str], out_dir: Path) -> dict[Path, int]:
    """Both PDFs from the worksheet's Markdown and the seminar blocks; {path: pages}."""
    sheet, key = out_dir / "worksheet.pdf", out_dir / "worksheet_key.pdf"
    return {sheet: write_pdf(parse_markdown(worksheet_md), sheet, "CSTO seminar worksheet"),
            key: write_pdf(key_items(made), key, "CSTO seminar worksheet: answer key")}
