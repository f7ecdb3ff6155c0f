"""docs/timeline_results.md from a fresh default replay, so its numbers cannot drift.

    make timeline-docs                                    # = python -m sim.docgen.timeline_results
    python -m sim.docgen.timeline_results --check         # exit 1 if the document is out of date

The replay is the one `make timeline` runs (configs/timeline/default.yaml, the CLI's decision
config and seed); the forecasts are its `timeline.forecast` cut-offs. Every number in the file
comes from that run's summary (and docs/timeline_fit.json for the fitted weights).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from sim.docgen.command import doc_command
from sim.docgen.render import render, table
from sim.inputs.compose import compose_config
from sim.inputs.paths import PROJECT_ROOT
from sim.timeline.fit import FITS
from sim.timeline.replay import run_timeline
from sim.timeline.settings import ACTIVE, FROZEN
from sim.timeline.summary import TimelineResult

DOC = PROJECT_ROOT / "docs" / "timeline_results.md"
TEMPLATE = "timeline_results.md.j2"
TRUST_DATES = ("1999-01-01", "2006-01-01", "2012-01-01", "2021-12-31", "2024-12-31")
# the forecasts' sensitivity to the least anchored of their weights (its prior range in the config)
SENSITIVITY = ("timeline.exit.weight_grievance", (0.25, 0.5, 1.0, 2.0))
SENSITIVITY_REPLICATIONS = 200
# the ablation: the same forecasts with every dated driver weighed at 0 (seeds/dated.yaml `drivers`)
WITHOUT_DRIVERS = ("timeline.exit.weight_grievance=0", "timeline.exit.weight_outside=0")
# the ablation, the sensitivity and the comparison run on the configured weights (a fit would replace them)
CONFIGURED = "timeline.forecast.weights=configured"


def _f(x: float) -> str:
    return "—" if x != x else f"{x:.3f}"


def _verdict(br: dict[str, float]) -> str:
    gap = br["model"] - min(br["base_rate"], br["persistence"])
    return ("model" if gap < 0 else "tie" if gap == 0 else
            "**baseline** (by < 0.001)" if gap < 0.001 else "**baseline**")


def _loses(br: dict[str, float]) -> bool:
    """The model scored worse than the better naive forecast (a NaN score loses nothing)."""
    return br["model"] > min(br["base_rate"], br["persistence"])


def _members(b: dict[str, Any]) -> str:
    return ", ".join(f"{c} {m['p']:.0%}{' ✓' if m['observed'] else ''}" for c, m in b["members"].items())


def trust_table(result: TimelineResult) -> str:
    """Mean trust of each member on each of TRUST_DATES, over the lanes where it is a member."""
    rep, codes = result.replay, result.world.codes
    dates = [e.date for e in rep.events]
    rows = []
    for i, c in enumerate(codes):
        cells = []
        for text in TRUST_DATES:
            k = max(j for j, d in enumerate(dates) if d <= dt.date.fromisoformat(text))
            here = (rep.status[k, i] == ACTIVE) | (rep.status[k, i] == FROZEN)
            cells.append(f"{rep.trust[k, i][here].mean():.2f}" if here.any() else "·")
        rows.append([result.world.names.get(c, c), *cells])
    return table(rows, columns=["member", *TRUST_DATES])


def forecast_blocks(fc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every scored question of every cut-off, named."""
    blocks = []
    for cutoff, run in fc["cutoffs"].items():
        blocks += [(f"from {cutoff}: P(leave) at renewal {d}", b) for d, b in run["renewals"].items()]
        for d, q in run["dates"].items():
            blocks += [(f"from {cutoff}: P(member) on {d}", q["member"]),
                       (f"from {cutoff}: P(active) on {d}", q["active"])]
        blocks.append((f"from {cutoff}: P(leave, suspended or frozen) by {run['end']}", run["exit_or_freeze"]))
    return blocks


def forecast_table(blocks: list[tuple[str, dict[str, Any]]]) -> str:
    return table([[name, b["n"], _f(b["brier"]["model"]), _f(b["brier"]["base_rate"]), _f(b["brier"]["persistence"]),
                   _verdict(b["brier"])] for name, b in blocks],
                 columns=["question", "states", "model", "base rate", "persistence", "best"])


def sensitivity_table(runs: dict[float, dict[str, Any]]) -> str:
    rows = []
    for value, fc in runs.items():
        c = fc["cutoffs"]
        r = c["1998-12-31"]["renewals"]["1999-04-02"]["brier"]
        m = c["2011-12-31"]["dates"]["2012-12-31"]["member"]["brier"]
        e = c["2021-12-31"]["exit_or_freeze"]
        rows.append([value, f"{r['model']:.3f} ({r['base_rate']:.3f})", f"{m['model']:.3f} ({m['persistence']:.3f})",
                     f"{e['most_likely']} {e['members'][e['most_likely']]['p']:.0%}"])
    return table(rows, columns=[SENSITIVITY[0], "1999 P(leave), from 1998 (base rate)",
                                "P(member) 2012-12-31, from 2011 (persistence)",
                                "most likely to go by 2024, from 2021"])


def _headline(run: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A forecast's headline questions: renewals with a leaver, the last scoring date, any exit or freeze."""
    out = [(f"P(leave) at renewal {d}", b) for d, b in run["renewals"].items()
           if any(m["observed"] for m in b["members"].values())]
    if run["dates"]:
        last = list(run["dates"])[-1]
        out.append((f"P(member) on {last}", run["dates"][last]["member"]))
    out.append((f"P(leave, suspended or frozen) by {run['end']}", run["exit_or_freeze"]))
    return out


def paired_table(first: dict[str, Any], second: dict[str, Any], names: tuple[str, str], weights: bool = False) -> str:
    """The headline questions' Brier scores of two runs of the same forecasts side by side, with the
    naive baselines (and, with `weights`, which exit weights the first run used)."""
    used = ["weights used"] if weights else []
    rows = []
    for cutoff, run in first["cutoffs"].items():
        other = dict(_headline(second["cutoffs"][cutoff]))
        for name, b in _headline(run):
            br = b["brier"]
            rows.append([cutoff, name, *([run["weights"]["source"]] if weights else []), _f(br["model"]),
                         _f(other[name]["brier"]["model"]), _f(br["base_rate"]), _f(br["persistence"])])
    return table(rows, columns=["cut-off", "question", *used, *names, "base rate", "persistence"])


def fitted_table(fits: dict[str, Any]) -> str:
    """The fitted point of each weight before each cut-off, beside the configured value."""
    fitted = fits["fits"]
    rows = []
    for n in fitted[0]["fitted"]:
        cells = []
        for r in fitted:
            rng = r.get("accepted_range", {}).get(n)
            cells.append(f"{r['fitted'][n]:.2f} ({rng[0]:.2f}–{rng[1]:.2f})" if rng
                         else f"{r['fitted'][n]:.2f} (configured)")
        rows.append([f"`{n}`", *cells])
    return table(rows, columns=["weight", *(f"before {r['cutoff']}" for r in fitted)])


def _p(block: dict[str, Any] | None, code: str) -> float:
    return float("nan") if block is None or code not in block["members"] else block["members"][code]["p"]


def targets(fc: dict[str, Any], configured: dict[str, Any] | None = None) -> list[str]:
    """The issue's targets (#22), measured on this run (each forecast on the weights fitted before its
    cut-off where a fit exists) and on the configured weights."""
    out = []
    first = fc["cutoffs"].get("1998-12-31", {}).get("renewals", {}).get("1999-04-02")
    if first is not None:
        br = first["brier"]
        out.append(f"- From 1998-12-31, per-member Brier on the 1999 exits: {br['model']:.3f} against "
                   f"{br['base_rate']:.3f} for the base rate: {'met' if br['model'] < br['base_rate'] else 'not met'} "
                   "(nothing before 1998 to fit on: configured weights).")
    runs: list[tuple[str | None, Any]] = [(None, fc["cutoffs"].get("2021-12-31"))]
    if configured is not None:
        runs.append(("configured weights", configured["cutoffs"].get("2021-12-31")))
    for label, late in runs:
        if late is None or not late["dates"]:
            continue
        label = label or f"weights {late['weights']['source']}"
        last = list(late["dates"])[-1]
        member, went = late["dates"][last]["member"], late["exit_or_freeze"]
        checks = [(f"Armenia P(member on {last})", _p(member, "ARM"), ">=", 0.8),
                  (f"Armenia P(leave, suspension or freeze by {late['end']})", _p(went, "ARM"), ">=", 0.5),
                  (f"Kyrgyzstan P(leave, suspension or freeze by {late['end']})", _p(went, "KGZ"), "<", 0.2),
                  (f"membership Brier on {last}", member["brier"]["model"], "<=", 0.05)]
        for name, value, op, bound in checks:
            ok = value >= bound if op == ">=" else value < bound if op == "<" else value <= bound
            out.append(f"- From 2021-12-31, {label}, {name}: {value:.3f} (target {op} {bound}): "
                       f"{'met' if ok else 'not met'}.")
    return out


def member_lines(fc: dict[str, Any]) -> list[str]:
    """Per cut-off, each member's probability on the headline questions (✓ = the record)."""
    out = []
    for cutoff, run in fc["cutoffs"].items():
        for d, b in run["renewals"].items():
            if any(m["observed"] for m in b["members"].values()):
                out.append(f"- from {cutoff}, P(leave) at renewal {d}: {_members(b)}")
        last = list(run["dates"])[-1] if run["dates"] else None
        if last:
            out.append(f"- from {cutoff}, P(member) on {last}: {_members(run['dates'][last]['member'])}")
        e = run["exit_or_freeze"]
        out.append(f"- from {cutoff}, P(leave, suspended or frozen by {run['end']}): {_members(e)}; "
                   f"most likely: {e['most_likely']}")
    return out


def render_results(result: TimelineResult, sensitivity: dict[float, dict[str, Any]] | None = None,
                   without_drivers: dict[str, Any] | None = None, fits: dict[str, Any] | None = None,
                   configured: dict[str, Any] | None = None) -> str:
    s = result.summary
    fc = s["forecast"]
    blocks = forecast_blocks(fc)
    return render(
        TEMPLATE, s=s, c=s["cohesion_at_observed_until"], definition=fc["definition"],
        forecast_replications=next(iter(fc["cutoffs"].values()))["replications"],
        trust_table=trust_table(result),
        renewal_lines=[f"- {date} ({pat['basis']}): exactly the record's leavers in {pat['p_exact']:.0%}; "
                       + ", ".join(f"{c} {m['p_leave']:.0%}{' ✓' if m['observed_left'] else ''}"
                                   for c, m in pat["members"].items())
                       for date, pat in s["renewal_patterns"].items()],
        forecast_table=forecast_table(blocks),
        crisis_lines=[f"- from {cutoff}: "
                      + ("; ".join(f"{c} {r['rate_per_year']:.2f}/year from {', '.join(r['episodes'])}"
                                   for c, r in run.get("crises_after_cutoff", {}).items()) or "none")
                      for cutoff, run in fc["cutoffs"].items()],
        member_lines=member_lines(fc), targets=targets(fc, configured),
        without_drivers_overrides=", ".join(f"`{o}`" for o in WITHOUT_DRIVERS),
        without_drivers_table=(paired_table(configured or fc, without_drivers, ("with drivers", "without drivers"))
                               if without_drivers else ""),
        fits=fits, fits_file=FITS.name, fitted_table=fitted_table(fits) if fits else "",
        configured_table=(paired_table(fc, configured, ("model", "configured weights"), weights=True)
                          if configured else ""),
        sensitivity_name=SENSITIVITY[0], sensitivity_replications=SENSITIVITY_REPLICATIONS,
        sensitivity_table=sensitivity_table(sensitivity) if sensitivity else "",
        losses=[name for name, b in blocks if _loses(b["brier"])])


def results_runs() -> tuple[TimelineResult, dict[float, Any], dict[str, Any], dict[str, Any] | None, dict[str, Any]]:
    """The runs the page reports: the default replay, the sensitivity runs, the ablation without the
    drivers, the saved fits (docs/timeline_fit.json) and the forecasts on the configured weights."""
    cfg = compose_config(["mode=timeline", "progress=false"])
    runs = {}
    for value in SENSITIVITY[1]:
        local = compose_config(["mode=timeline", "progress=false", "timeline.replications=20", CONFIGURED,
                                f"timeline.forecast.replications={SENSITIVITY_REPLICATIONS}",
                                f"{SENSITIVITY[0]}={value}"])
        runs[value] = run_timeline(local).summary["forecast"]
    configured = compose_config(["mode=timeline", "progress=false", "timeline.replications=20", CONFIGURED])
    bare = compose_config(["mode=timeline", "progress=false", "timeline.replications=20", CONFIGURED, *WITHOUT_DRIVERS])
    fits = json.loads(FITS.read_text(encoding="utf-8")) if FITS.is_file() else None
    return (run_timeline(cfg), runs, run_timeline(bare).summary["forecast"], fits,
            run_timeline(configured).summary["forecast"])


def fresh() -> str:
    """The document as a fresh default replay writes it."""
    return render_results(*results_runs())


def main(argv: list[str] | None = None) -> int:
    return doc_command(argv, "python -m sim.docgen.timeline_results", lambda: {DOC: fresh()}, "make timeline-docs")


if __name__ == "__main__":
    sys.exit(main())
