"""Write a timeline replay to its run directory, and its plots: every file complete or absent.

`timeline.json` goes last: its presence marks a finished replay. The plots read the replay's
arrays and summary; they never re-run anything.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import yaml
from matplotlib.figure import Figure

from sim.outputs import plots
from sim.runs.atomic import SUMMARY, atomic_write, write_text
from sim.runs.layout import TIMELINE_SUMMARY, remove_unwritten
from sim.timeline.settings import ACTIVE, FROZEN
from sim.timeline.summary import TimelineResult, cohesion

plt = plots.plt
KIND_COLOURS = {"episode": "#c92a2a", "future": "#7048e8", "renewal": "#868e96", "membership": "#2b8a3e",
                "cutoff": "#212529"}
KIND_STYLES = {"renewal": "--", "membership": ":", "cutoff": "-"}
# membership events drawn (the record's exits, return, suspension and freeze); signatures are not
MARKED_MEMBERSHIP = ("lapsed", "returned", "suspended", "froze")


def _marks(result: TimelineResult) -> list[tuple[dt.date, str, str]]:
    """(date, kind, label) of every line drawn: renewals, episodes, hypothetical crises, the record's
    exits, return, suspension and freeze (history observed), and a forecast's cut-off."""
    out = []
    for ev in result.replay.events:
        if ev.kind in ("episode", "future"):
            out.append((ev.date, ev.kind, ev.id.replace("_", " ")))
        elif ev.kind == "renewal":
            out.append((ev.date, ev.kind, ev.label))
        elif ev.kind == "membership":
            parts = [p for p in ev.label.split("; ") if p.split(":")[0] in MARKED_MEMBERSHIP]
            if parts:
                out.append((ev.date, ev.kind, "; ".join(parts)))
        elif ev.kind == "tick" and ev.label == "forecast cut-off":
            out.append((ev.date, "cutoff", f"forecast cut-off {ev.date}"))
    return out


def _dates(result: TimelineResult) -> list[dt.date]:
    return [e.date for e in result.replay.events]


def _mark_events(ax: Any, result: TimelineResult, labels: bool = True) -> None:
    """Vertical lines at renewals, episodes and hypothetical crises; short labels on top."""
    last: dt.date | None = None
    height = 1.0
    for when, kind, text in _marks(result):
        # events within a few months of the previous one get their label lower, so both read
        height = 0.62 if last is not None and (when - last).days < 200 and height == 1.0 else 1.0
        last = when
        ax.axvline(when, color=KIND_COLOURS[kind], lw=1.6 if kind in ("membership", "cutoff") else 0.8,
                   ls=KIND_STYLES.get(kind, "-"), alpha=0.8)
        if labels:
            ax.annotate(text, (when, height), xycoords=("data", "axes fraction"), rotation=90, fontsize=7,
                        va="top", ha="right", color=KIND_COLOURS[kind])


def cohesion_figure(result: TimelineResult) -> Figure:
    """Cohesion index with its 5-95% band across replications, and the number of members."""
    rep = result.replay
    dates = _dates(result)
    history = result.summary.get("history", "simulated")
    coh = cohesion(rep.trust, rep.status, history)
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True, layout="constrained",
                                  gridspec_kw={"height_ratios": [2, 1]})
    ax.fill_between(dates, np.quantile(coh, 0.05, axis=1), np.quantile(coh, 0.95, axis=1), step="post",
                    color="#1c7ed6", alpha=0.25, label="5-95% of replications")
    ax.step(dates, coh.mean(axis=1), where="post", color="#1c7ed6", label="mean")
    ax.set_ylabel("cohesion index")
    ax.set_ylim(0, 1)
    ax.set_title(f"Alliance cohesion, {len(coh[0]):,} replications "
                 f"(history {history}, outcomes {result.summary['outcomes']})", fontsize=10)
    _mark_events(ax, result)
    ax.legend(loc="lower left", fontsize=8)
    member = (rep.status == ACTIVE) | (rep.status == FROZEN)
    ax2.fill_between(dates, np.quantile(member.sum(axis=1), 0.05, axis=1),
                     np.quantile(member.sum(axis=1), 0.95, axis=1), step="post", color="#2b8a3e", alpha=0.25)
    ax2.step(dates, member.sum(axis=1).mean(axis=1), where="post", color="#2b8a3e", label="members (mean)")
    ax2.step(dates, (rep.status == ACTIVE).sum(axis=1).mean(axis=1), where="post", color="#f0a202",
             label="participating (mean)")
    record = [m.get("record_members") for m in result.summary["membership"]]
    if history == "observed" and result.summary.get("forecasting") and None not in record:
        ax2.step(dates, record, where="post", color="black", ls=":", label="members in the record")
    if history != "observed":  # with history observed the members above are the record's
        horizon = dt.date.fromisoformat(result.summary["membership_match"]["date"])
        observed = [sum(1 for c, left in result.world.left.items() if result.world.signed[c] <= d
                        and (left is None or d < left)) if d <= horizon else np.nan for d in dates]
        ax2.step(dates, observed, where="post", color="black", ls=":", label="members in the sources")
    ax2.set_ylabel("members")
    ax2.set_ylim(0, len(result.world.codes) + 0.5)
    _mark_events(ax2, result, labels=False)
    ax2.legend(loc="lower left", fontsize=8, ncol=3)
    return fig


def trust_figure(result: TimelineResult) -> Figure:
    """Each member's trust trajectory (mean over the replications where it is still a member),
    with its 5-95% band; one small panel per member."""
    rep = result.replay
    dates = _dates(result)
    codes = result.world.codes
    cols = 3
    rows = -(-len(codes) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(10, 2.4 * rows), sharex=True, sharey=True, layout="constrained")
    for i, (ax, code) in enumerate(zip(axes.ravel(), codes)):
        member = (rep.status[:, i] == ACTIVE) | (rep.status[:, i] == FROZEN)
        t = np.where(member, rep.trust[:, i], np.nan)
        with warnings.catch_warnings():  # all-NaN dates: not yet signed or gone in every lane
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(t, axis=1)
            lo, hi = np.nanquantile(t, 0.05, axis=1), np.nanquantile(t, 0.95, axis=1)
        ax.fill_between(dates, lo, hi, step="post", color="#1c7ed6", alpha=0.25)
        ax.step(dates, mean, where="post", color="#1c7ed6")
        ax.set_title(f"{result.world.names.get(code, code)}: P(member at end) {member[-1].mean():.0%}", fontsize=9)
        if i % cols == 0:
            ax.set_ylabel("trust")
        _mark_events(ax, result, labels=False)
        ax.set_ylim(0, 1)
    for ax in axes.ravel()[len(codes):]:
        ax.set_visible(False)
    axes.ravel()[0].xaxis.set_major_locator(mdates.YearLocator(8))  # shared x: one locator for all
    fig.suptitle("Trust in the alliance while a member (mean and 5-95% band)\nred lines: episodes; dashed: "
                 "renewals; green dotted: exits, return, suspension, freeze; black: forecast cut-off", fontsize=10)
    return fig


def write_timeline(outdir: Path, result: TimelineResult, config: dict[str, Any], plots_on: bool = True) -> list[Path]:
    """config.yaml, timeline.parquet, timeline.png, trust.png, and timeline.json last; the previous
    run's summary goes first and any of its files this run does not rewrite go too."""
    outdir = Path(outdir)
    (outdir / TIMELINE_SUMMARY).unlink(missing_ok=True)  # the folder is not a finished run until it lands
    (outdir / SUMMARY).unlink(missing_ok=True)
    written = [outdir / "config.yaml", outdir / "timeline.parquet"]
    write_text(written[0], yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    atomic_write(written[1], lambda tmp: result.table.to_parquet(tmp, index=False))
    if plots_on:
        for name, make in (("timeline.png", cohesion_figure), ("trust.png", trust_figure)):
            fig = make(result)
            written.append(outdir / name)
            atomic_write(written[-1], lambda tmp, fig=fig: plots.save(fig, tmp))
    remove_unwritten(outdir, written, TIMELINE_SUMMARY)  # e.g. the figures of an earlier run with plots on
    written.append(outdir / TIMELINE_SUMMARY)
    write_text(written[-1], json.dumps(result.summary, indent=2, ensure_ascii=False) + "\n")
    return written


def _scores(b: dict[str, Any]) -> str:
    br = b["brier"]
    return f"Brier {br['model']:.3f} (base rate {br['base_rate']:.3f}, persistence {br['persistence']:.3f}, n {b['n']})"


def format_forecast(forecast: dict[str, Any] | None) -> list[str]:
    """The membership forecasts from their cut-offs, scored against the record (lines to print)."""
    if not forecast:
        return []
    runs = dict(forecast.get("cutoffs", {}))
    if "this_run" in forecast:
        runs = {f"{forecast['this_run']['cutoff']} (this run)": forecast["this_run"], **runs}
    if not runs:
        return []
    lines = [f"  membership forecasts scored against the record to {forecast['end']} (model vs base rate and "
             "persistence; lower is better):"]
    for label, run in runs.items():
        lines.append(f"  from {label}, {run['replications']:,} replications:")
        for date, b in run["renewals"].items():
            if any(m["observed"] for m in b["members"].values()) or any(m["p"] > 0.05 for m in b["members"].values()):
                top = ", ".join(f"{c} {m['p']:.0%}" for c, m in b["members"].items() if m["p"] > 0.05) or "nobody"
                lines.append(f"    P(leave) at renewal {date}: {_scores(b)}; likely leavers: {top}")
        for date, q in run["dates"].items():
            lines.append(f"    P(member) on {date}: {_scores(q['member'])}; P(active): {_scores(q['active'])}")
        e = run["exit_or_freeze"]
        top = ", ".join(f"{c} {e['members'][c]['p']:.0%}" for c in e["ranking"][:3])
        went = ", ".join(c for c, m in e["members"].items() if m["observed"]) or "nobody"
        lines.append(f"    P(leave, suspended or frozen by {run['end']}): {_scores(e)}; most likely {top}; "
                     f"the record: {went}")
    return lines


def format_summary(summary: dict[str, Any]) -> str:
    """The short report printed after a replay."""
    history = summary.get("history", "simulated")
    lines = [f"Timeline replay: {summary['replications']:,} replications, seed {summary['seed']}, "
             f"history {history}, outcomes {summary['outcomes']}",
             f"  cohesion index: {summary['cohesion_index_definition']}"]
    c = summary["cohesion_at_observed_until"]
    lines.append(f"  cohesion on {c['date']}: mean {c['mean']:.3f} (5-95%: {c['p5']:.3f}-{c['p95']:.3f})")
    if history == "observed":
        lines.append("  membership follows the evidence record; the renewal rule is only scored against it:")
    for date, pat in summary["renewal_patterns"].items():
        leavers = ", ".join(pat["observed_leavers"]) or "nobody"
        if history == "observed":
            lines.append(f"  renewal {date}: sources report {leavers} leaving; the renewal rule would have had exactly "
                         f"that in {pat['p_exact']:.1%} of replications (mean leavers {pat['mean_leavers']:.2f})")
        else:
            lines.append(f"  renewal {date}: sources report {leavers} leaving; replay reproduces exactly that in "
                         f"{pat['p_exact']:.1%} of replications (mean leavers {pat['mean_leavers']:.2f})")
    mm = summary["membership_match"]
    if history == "observed":
        lines.append(f"  on {mm['date']}: members as the record gives them: {', '.join(mm['sources_members'])} "
                     f"(the replay holds exactly these in {mm['p_same_members']:.0%} of replications)")
    else:
        lines.append(f"  on {mm['date']}: the replay has exactly the sources' members ({', '.join(mm['sources_members'])}) "
                     f"in {mm['p_same_members']:.1%} of replications; all of them still members in "
                     f"{mm['p_renewers_all_stay']:.1%}")
    lines += format_forecast(summary.get("forecast"))
    for ep in summary["episodes"]:
        p, a = ep["p_outcome"], ep.get("p_answer", ep["p_outcome"])
        if ep["p_request_made"] == 0:
            lines.append(f"  {ep['date']} {ep['id']}: no request (none made, or the requester not a participating "
                         f"member): nothing to learn "
                         f"({'observed: ' + ep['observed_outcome'] if ep['observed_outcome'] else 'hypothetical'})")
            continue
        lines.append(f"  {ep['date']} {ep['id']}: request made {ep['p_request_made']:.0%}; collective troops "
                     f"{p['troops']:.0%}, partial {p['partial']:.0%}, none {p['none']:.0%}; requester got troops "
                     f"{a['troops']:.0%}, partial {a['partial']:.0%}, none {a['none']:.0%} "
                     f"({'observed: ' + ep['observed_outcome'] if ep['observed_outcome'] else 'hypothetical'})")
    return "\n".join(lines)
