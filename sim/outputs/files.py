"""Write a run's results to its directory: every file complete or absent.

Each file is written under a temporary name in the same directory and renamed into place
(an atomic rename on POSIX), and summary.json goes last: its presence marks a finished run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from sim.outputs import plots
from sim.runs.scenario import RunResult

SUMMARY = "summary.json"
_UMASK = os.umask(0)
os.umask(_UMASK)  # read once at import: the process's umask, restored at once


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Call `write(tmp_path)`, then rename the temporary file onto `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; results should be as readable as any file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_run(outdir: Path, result: RunResult, config: dict[str, Any], plots_on: bool = True) -> list[Path]:
    """Write config.yaml, the parquet tables, the plots, and summary.json last."""
    outdir = Path(outdir)
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
            atomic_write(written[-1], lambda tmp, fig=fig: plots.save(fig, tmp))
    written.append(outdir / SUMMARY)
    write_text(written[-1], json.dumps(result.summary, indent=2, ensure_ascii=False) + "\n")
    return written


def format_table(summary: dict[str, Any]) -> str:
    """The result table printed after a run."""
    o, h = summary["outcome"], summary["outcome_ci95_halfwidth"]
    c = summary["crisis"]
    lines = [
        f"{summary['scenario_name']}",
        f"  requester {c['requester']}, {c['crisis_type']}, {c['front']} front, framed as {c['framing']}; "
        f"rule {summary['rule']}; {summary['replications']:,} replications, seed {summary['seed']}",
        "",
        "  outcome     probability",
    ]
    for k in ("troops", "partial", "none"):
        mark = "   <- observed" if summary.get("observed_outcome") == k else ""
        lines.append(f"  {k:<10} {o[k]:>7.1%} ± {h[k]:.1%}{mark}")
    lines += ["", f"  {'':<17}{'P(sends':>9}{'mean':>9}   {'--- its choice ---':^27}",
              f"  {'member':<7}{'role':<10}{'troops)':>9}{'troops':>9}{'troops':>9}{'partial':>9}"
              f"{'decline':>9}  leading reason"]
    for code, m in summary["members"].items():
        if m["role"] == "requester":
            lines.append(f"  {code:<7}{'requester':<10}")
            continue
        lines.append(f"  {code:<7}{m['role']:<10}{m['p_contribute']:>9.1%}{m['mean_troops']:>9.0f}"
                     f"{m['p_choice_troops']:>9.1%}{m['p_choice_partial']:>9.1%}{m['p_choice_decline']:>9.1%}"
                     f"  {m['leading_reason']}")
    return "\n".join(lines)
