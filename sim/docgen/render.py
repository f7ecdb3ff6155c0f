"""Templates and tables for the generated pages: one Jinja2 environment, one table writer.

The numbers are formatted before they reach a table (each page decides its precision), and the
table writer never re-reads them as numbers: what the page computes is what it prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from sim.model.alliance import REPORT_ORDER

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    undefined=jinja2.StrictUndefined,  # a missing value fails the render instead of printing nothing
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # Markdown, not HTML
)


def table(rows: pd.DataFrame | Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A Markdown (pipe) table of `rows`, one row per record, columns in the order given.

    disable_numparse: tabulate would otherwise re-format cells that look like numbers
    ('0.250' -> '0.25'), changing what the page says."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=columns)
    if columns is not None:
        frame = frame.loc[:, list(columns)]
    return frame.astype(str).to_markdown(index=False, disable_numparse=True)


def tri(p: Mapping[str, float]) -> str:
    """P(troops / partial / none) in one cell, in the order every table and plot lists the outcomes."""
    return " / ".join(f"{p[k]:.2f}" for k in REPORT_ORDER)


def cell(text: object) -> str:
    """A value as one table cell: a '|' would end the cell, a newline the row."""
    return str(text).replace("|", "/").replace("\n", " ")


def render(template: str, **context: Any) -> str:
    """The page `template` (a file in sim/docgen/templates) filled with `context`."""
    return ENV.get_template(template).render(table=table, **context)
