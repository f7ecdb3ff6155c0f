"""Write a run's results to its directory: every file complete or absent.

Each file is written whole or not at all (sim.runs.atomic), and summary.json goes last: its
presence marks a finished run. Which files a run folder holds is sim.runs.layout, beside the runners that read it.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from sim.model.alliance import REPORT_ORDER
from sim.outputs import plots
from sim.outputs.plots import CHOICE_ORDER
from sim.outputs.trust import trust_line
from sim.outputs.words import reason_words
from sim.runs.atomic import SUMMARY, atomic_write, write_text
from sim.runs.layout import remove_unwritten
from sim.runs.scenario import RunResult

__all__ = ["format_table", "write_run"]


def write_run(outdir: Path, result: RunResult, config: dict[str, Any], plots_on: bool = True) -> list[Path]:
    """Write config.yaml, the parquet tables, the plots, and summary.json last; the previous run's
    summary goes first and any of its files this run does not rewrite go too (RUN_FILES)."""
    outdir = Path(outdir)
    (outdir / SUMMARY).unlink(missing_ok=True)  # until the new summary lands, the folder is not "finished"
    written = [outdir / "config.yaml", outdir / "replications.parquet"]
    write_text(written[0], yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    atomic_write(written[1], lambda tmp: result.replications.to_parquet(tmp, index=False))
    if len(result.members):
        written.append(outdir / "members.parquet")
        atomic_write(written[-1], lambda tmp: result.members.to_parquet(tmp, index=False))
    if plots_on:
        for name, make in (("outcome.png", plots.outcome_figure), ("members.png", plots.members_figure)):
            fig = make(result.summary)
            written.append(outdir / name)
            atomic_write(written[-1], partial(plots.save, fig))
    remove_unwritten(outdir, written, SUMMARY)  # e.g. members.parquet of an earlier run with member_table on
    written.append(outdir / SUMMARY)
    write_text(written[-1], json.dumps(result.summary, indent=2, ensure_ascii=False) + "\n")
    return written


def share_with_interval(p: float, low: float, high: float, max_decimals: int = 3) -> str:
    """'70.1% [69.2%-71.0%]': a share and its interval with the fewest decimals (1 to `max_decimals`)
    at which an end that differs from the share also reads differently. At 10,000 replications all
    troops reads '100.00% [99.96%-100.00%]', not '100.0% [100.0%-100.0%]', which hid the interval."""
    for decimals in range(1, max_decimals + 1):
        text = [f"{v:.{decimals}%}" for v in (p, low, high)]
        # an end within float noise of the share is the share (Wilson's upper end at 100% is 0.9999999999999999)
        if all(abs(end - p) < 1e-12 or shown != text[0] for end, shown in ((low, text[1]), (high, text[2]))):
            break
    return f"{text[0]} [{text[1]}-{text[2]}]"


def _shares(probs: dict[str, float], names: tuple[str, ...], interval: dict[str, list[float]] | None = None) -> str:
    """'troops 70.1% [69.2%-71.0%]   partial ...' in the order given (95% Wilson intervals)."""
    return "   ".join(f"{k} " + (share_with_interval(probs.get(k, 0.0), interval[k][0], interval[k][1]) if interval
                                 else f"{probs.get(k, 0.0):.1%}") for k in names)


def format_table(summary: dict[str, Any]) -> str:
    """The result table printed after a run: the collective outcome, the leading state's bilateral
    help and what the requester got (the more of the two: what the historical records code), then
    each voting member's choice."""
    o, h = summary["outcome"], summary["outcome_ci95"]
    a = summary.get("answer", o)
    b = summary.get("bilateral") or {}
    c = summary["crisis"]
    observed = summary.get("observed_outcome")
    framing = c["framing"] + (" (chosen by the requester)" if c.get("framing_chosen_by_requester") else "")
    by = b.get("by")
    leader = summary["members"].get(by, {}).get("name", by) if by else None
    lines = [
        f"{summary['scenario_name']}",
        f"  requester {c['requester']}, {c['crisis_type']}, {c['front']} front, framed as {framing}; "
        f"rule {summary['rule']}; {summary['replications']:,} replications, seed {summary['seed']}",
        "",
        f"  {'collective outcome':<22}{_shares(o, REPORT_ORDER, h)}",
        f"  {(leader + ' bilateral') if leader else 'bilateral help':<22}"
        + (_shares(b, ("troops", "material", "none")) if leader else "none (no leading state)"),
        f"  {'requester got':<22}{_shares(a, REPORT_ORDER)}"
        + (f"   <- observed: {observed}" if observed else ""),
        *([line] if (line := trust_line(summary)) else []),
        "",
        f"  {'':<22}{'P(sends':>9}{'mean':>9}  {'------------ its choice ------------':^40}",
        f"  {'member':<12}{'role':<10}{'troops)':>9}{'troops':>9}" + "".join(f"{name:>10}" for name in CHOICE_ORDER)
        + "  leading reason",
    ]
    for code, m in summary["members"].items():
        name = str(m.get("name") or code)[:11]
        if m["role"] != "voter":  # the requester and a member adversary do not vote
            lines.append(f"  {name:<12}{m['role']}")
            continue
        lines.append(f"  {name:<12}{m['role']:<10}{m['p_contribute']:>9.1%}{m['mean_troops']:>9.0f}"
                     + "".join(f"{m.get(f'p_choice_{name}', 0.0):>10.1%}" for name in CHOICE_ORDER)
                     + f"  {reason_words(m['leading_reason'])}")
    return "\n".join(lines)
