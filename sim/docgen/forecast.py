"""docs/forecast.md: the registered forecast from the record's last event to 2030.

    python -m sim.docgen.forecast            # = python -m sim.timeline_run timeline.observed_until=2025-12-31
                                             #                              timeline.end=2030-12-31
    python -m sim.docgen.forecast --check    # exit 1 if the document differs (its date line aside)

Registered so it can be scored when the years come (sim.timeline.registered: the run and each
member's probabilities). The document is dated on the day it is made; every number comes from the run.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from sim.docgen.command import doc_command
from sim.docgen.render import render, table
from sim.inputs.paths import PROJECT_ROOT
from sim.timeline.registered import CUTOFF, END, OVERRIDES, registered_runs, standings
from sim.timeline.summary import TimelineResult

DOC = PROJECT_ROOT / "docs" / "forecast.md"
TEMPLATE = "forecast.md.j2"
DATE_LINE = "Made on "
COLUMNS = ("state", "on the cut-off", "withdraw", "suspended", "freeze", "unfreeze", "return", f"member on {END}")
ACTS = ("withdraw", "suspended", "freeze", "unfreeze", "return", "member_at_end")


def standings_table(result: TimelineResult) -> str:
    """Per state joined by the cut-off: its standing then, and P(each act) after it, in whole percent."""
    return table([[result.world.names.get(code, code), r["on_cutoff"], *(f"{r[a]:.0%}" for a in ACTS)]
                  for code, r in standings(result).items()], columns=COLUMNS)


def _why(driver: dict[str, Any]) -> str:
    return "; ".join(filter(None, [", ".join(driver["sources"]),
                                   driver["assumption"] and f"assumption: {driver['assumption']}"]))


def render_forecast(result: TimelineResult, made: dt.date, configured: TimelineResult | None = None) -> str:
    s = result.summary
    this = s["forecast"].get("this_run", {})
    return render(TEMPLATE, s=s, date_line=DATE_LINE, made=made.isoformat(), cutoff=CUTOFF, end=END,
                  reproduce=" ".join(o for o in OVERRIDES if o not in ("progress=false", "mode=timeline")),
                  table_fitted=standings_table(result),
                  table_configured=standings_table(configured) if configured is not None else "",
                  weights=this.get("weights", {}).get("source", "configured"),
                  crises=this.get("crises_after_cutoff", {}),
                  drivers=[{**d, "why": _why(d)} for d in this.get("drivers_in_force", [])])


def fresh(made: dt.date | None = None) -> str:
    """The document as the registered command's run writes it today."""
    fitted, configured = registered_runs()
    return render_forecast(fitted, made or dt.date.today(), configured)


def without_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith(DATE_LINE))


def main(argv: list[str] | None = None) -> int:
    return doc_command(argv, "python -m sim.docgen.forecast", lambda: {DOC: fresh()}, "python -m sim.docgen.forecast",
                       without_date, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
