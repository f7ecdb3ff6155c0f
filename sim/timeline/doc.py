"""Write docs/timeline_results.md from a fresh default replay, so its numbers cannot drift.

    make timeline-docs                       # = python -m sim.timeline.doc
    python -m sim.timeline.doc --check       # exit 1 if the document is out of date

The replay is the one `make timeline` runs (configs/timeline/default.yaml, the CLI's decision
config and seed); the forecasts are its `timeline.forecast` cut-offs. Every number in the file
comes from that run's summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.inputs.compose import compose_config
from sim.timeline.fit import FITS
from sim.timeline.replay import run_timeline
from sim.timeline.settings import ACTIVE, FROZEN
from sim.timeline.summary import TimelineResult

DOC = Path(__file__).resolve().parents[2] / "docs" / "timeline_results.md"
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


def _row(name: str, b: dict[str, Any]) -> str:
    br = b["brier"]
    best = min(br["base_rate"], br["persistence"])
    gap = br["model"] - best
    verdict = ("model" if gap < 0 else "tie" if gap == 0 else
               "**baseline** (by < 0.001)" if gap < 0.001 else "**baseline**")
    return f"| {name} | {b['n']} | {_f(br['model'])} | {_f(br['base_rate'])} | {_f(br['persistence'])} | {verdict} |"


def _members(b: dict[str, Any]) -> str:
    return ", ".join(f"{c} {m['p']:.0%}{' ✓' if m['observed'] else ''}" for c, m in b["members"].items())


def _trust_table(result: TimelineResult) -> list[str]:
    rep, codes = result.replay, result.world.codes
    dates = [e.date for e in rep.events]
    lines = ["| member | " + " | ".join(TRUST_DATES) + " |", "|---|" + "---|" * len(TRUST_DATES)]
    for i, c in enumerate(codes):
        cells = []
        for text in TRUST_DATES:
            k = max(j for j, d in enumerate(dates) if d <= dt.date.fromisoformat(text))
            here = (rep.status[k, i] == ACTIVE) | (rep.status[k, i] == FROZEN)
            cells.append(f"{rep.trust[k, i][here].mean():.2f}" if here.any() else "·")
        lines.append(f"| {result.world.names.get(c, c)} | " + " | ".join(cells) + " |")
    return lines


def _sensitivity_rows(runs: dict[float, dict[str, Any]]) -> list[str]:
    out = [f"| {SENSITIVITY[0]} | 1999 P(leave), from 1998 (base rate) | P(member) 2012-12-31, from 2011 "
           "(persistence) | most likely to go by 2024, from 2021 |", "|---|---|---|---|"]
    for value, fc in runs.items():
        c = fc["cutoffs"]
        r = c["1998-12-31"]["renewals"]["1999-04-02"]["brier"]
        m = c["2011-12-31"]["dates"]["2012-12-31"]["member"]["brier"]
        e = c["2021-12-31"]["exit_or_freeze"]
        out.append(f"| {value} | {r['model']:.3f} ({r['base_rate']:.3f}) | {m['model']:.3f} ({m['persistence']:.3f}) | "
                   f"{e['most_likely']} {e['members'][e['most_likely']]['p']:.0%} |")
    return out


def _headline(run: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A forecast's headline questions: renewals with a leaver, the last scoring date, any exit or freeze."""
    out = [(f"P(leave) at renewal {d}", b) for d, b in run["renewals"].items()
           if any(m["observed"] for m in b["members"].values())]
    if run["dates"]:
        last = list(run["dates"])[-1]
        out.append((f"P(member) on {last}", run["dates"][last]["member"]))
    out.append((f"P(leave, suspended or frozen) by {run['end']}", run["exit_or_freeze"]))
    return out


def _paired_rows(first: dict[str, Any], second: dict[str, Any], names: tuple[str, str],
                 weights: bool = False) -> list[str]:
    """The headline questions' Brier scores of two runs of the same forecasts side by side, with the
    naive baselines (and, with `weights`, which exit weights the first run used)."""
    used = ["weights used"] if weights else []
    out = ["| " + " | ".join(["cut-off", "question", *used, *names, "base rate", "persistence"]) + " |",
           "|" + "---|" * (6 + len(used))]
    for cutoff, run in first["cutoffs"].items():
        other = dict(_headline(second["cutoffs"][cutoff]))
        for name, b in _headline(run):
            br = b["brier"]
            cells = [cutoff, name, *([run["weights"]["source"]] if weights else []), _f(br["model"]),
                     _f(other[name]["brier"]["model"]), _f(br["base_rate"]), _f(br["persistence"])]
            out.append("| " + " | ".join(cells) + " |")
    return out


def _fitted_rows(fits: dict[str, Any]) -> list[str]:
    """The fitted point of each weight before each cut-off, beside the configured value."""
    rows = fits["fits"]
    names = list(rows[0]["fitted"])
    out = ["| weight | " + " | ".join(f"before {r['cutoff']}" for r in rows) + " |",
           "|---|" + "---|" * len(rows)]
    for n in names:
        cells = []
        for r in rows:
            rng = r.get("accepted_range", {}).get(n)
            cells.append(f"{r['fitted'][n]:.2f} ({rng[0]:.2f}–{rng[1]:.2f})" if rng else f"{r['fitted'][n]:.2f} (configured)")
        out.append(f"| `{n}` | " + " | ".join(cells) + " |")
    return out


def _p(block: dict[str, Any] | None, code: str) -> float:
    return float("nan") if block is None or code not in block["members"] else block["members"][code]["p"]


def _targets(fc: dict[str, Any], configured: dict[str, Any] | None = None) -> list[str]:
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


def render(result: TimelineResult, sensitivity: dict[float, dict[str, Any]] | None = None,
           without_drivers: dict[str, Any] | None = None, fits: dict[str, Any] | None = None,
           configured: dict[str, Any] | None = None) -> str:
    s = result.summary
    fc = s["forecast"]
    out = [
        "# Timeline results (generated)",
        "",
        "<!-- generated by `make timeline-docs` (python -m sim.timeline.doc); do not edit by hand -->",
        "",
        f"The default replay (`make timeline`): history {s['history']}, outcomes {s['outcomes']}, "
        f"{s['replications']:,} replications, seed {s['seed']}; forecasts with "
        f"{next(iter(fc['cutoffs'].values()))['replications']:,} replications per cut-off. "
        "Method and definitions: docs/timeline.md.",
        "",
        "## The observed replay",
        "",
        f"Cohesion on {s['cohesion_at_observed_until']['date']}: mean {s['cohesion_at_observed_until']['mean']:.3f} "
        f"(5–95 %: {s['cohesion_at_observed_until']['p5']:.3f}–{s['cohesion_at_observed_until']['p95']:.3f}); "
        f"{s['cohesion_index_definition']}.",
        "",
        "Mean trust while a member (· = not a member on the date, by the record):",
        "",
        *_trust_table(result),
        "",
        "The renewal rule scored at the record's renewal points (nobody's standing moves; "
        "P(the rule has the member leave), ✓ = left in the record):",
        "",
    ]
    for date, pat in s["renewal_patterns"].items():
        lines = ", ".join(f"{c} {m['p_leave']:.0%}{' ✓' if m['observed_left'] else ''}"
                          for c, m in pat["members"].items())
        out.append(f"- {date} ({pat['basis']}): exactly the record's leavers in {pat['p_exact']:.0%}; {lines}")
    out += ["", "## Forecasts from cut-offs", "", fc["definition"] + ".", "",
            "| question | states | model | base rate | persistence | best |", "|---|---|---|---|---|---|"]
    losses = []
    for cutoff, run in fc["cutoffs"].items():
        blocks = [(f"from {cutoff}: P(leave) at renewal {d}", b) for d, b in run["renewals"].items()]
        for d, q in run["dates"].items():
            blocks += [(f"from {cutoff}: P(member) on {d}", q["member"]), (f"from {cutoff}: P(active) on {d}", q["active"])]
        blocks.append((f"from {cutoff}: P(leave, suspended or frozen) by {run['end']}", run["exit_or_freeze"]))
        for name, b in blocks:
            out.append(_row(name, b))
            if b["brier"]["model"] > min(b["brier"]["base_rate"], b["brier"]["persistence"]):
                losses.append(name)
    out += ["", "Crises after each cut-off (`timeline.crises_after_cutoff: resample`): the members' own past "
            "requests recur at their pre-cut-off rate:", ""]
    for cutoff, run in fc["cutoffs"].items():
        rec = run.get("crises_after_cutoff", {})
        text = "; ".join(f"{c} {r['rate_per_year']:.2f}/year from {', '.join(r['episodes'])}" for c, r in rec.items())
        out.append(f"- from {cutoff}: {text or 'none'}")
    out += ["", "Per member (probability; ✓ = what the record shows):", ""]
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
    out += ["", "## The issue's targets", "", *_targets(fc, configured)]
    if without_drivers:
        out += ["", "## With and without the drivers", "",
                "Brier scores of the headline questions on the configured weights (a fit would replace the zeros), "
                "with the dated drivers (seeds/dated.yaml `drivers`) and with them weighed at 0 (" + ", ".join(f"`{o}`" for o in WITHOUT_DRIVERS) + "), "
                "beside the two naive forecasts:", "", *_paired_rows(configured or fc, without_drivers, ("with drivers", "without drivers"))]
    if fits:
        out += ["", "## The ways in and out fitted before each cut-off", "",
                f"`{fits['command']}` (docs/{FITS.name}): parameter sets drawn from the `prior` ranges, scored "
                "on the forecasts from every earlier cut-off, run to the cut-off and scored on the standings on "
                "it, all read as of the cut-off; fitted point = median of the accepted sets (their range in "
                "brackets). The first cut-off has nothing before it.", "", *_fitted_rows(fits)]
        if configured:
            out += ["", "The headline forecasts with the weights they used (`timeline.forecast.weights: fitted`, "
                    "the default) beside the same forecasts on the configured weights (priors, never fitted):", "",
                    *_paired_rows(fc, configured, ("model", "configured weights"), weights=True)]
    if sensitivity:
        out += ["", f"## Sensitivity to {SENSITIVITY[0]}", "",
                f"The same forecasts on the configured weights ({SENSITIVITY_REPLICATIONS} replications per cut-off), "
                "other settings as configured:", "", *_sensitivity_rows(sensitivity)]
    out += ["", "## Where the model loses", ""]
    out += [f"- {name}" for name in losses] or ["- nowhere among the questions above"]
    out.append("")
    return "\n".join(out)


def fresh() -> str:
    """The document as a fresh default replay writes it."""
    cfg = compose_config(["mode=timeline", "progress=false"])
    runs = {}
    for value in SENSITIVITY[1]:
        local = compose_config(["mode=timeline", "progress=false", "timeline.replications=20", CONFIGURED,
                                f"timeline.forecast.replications={SENSITIVITY_REPLICATIONS}", f"{SENSITIVITY[0]}={value}"])
        runs[value] = run_timeline(local).summary["forecast"]
    configured = compose_config(["mode=timeline", "progress=false", "timeline.replications=20", CONFIGURED])
    bare = compose_config(["mode=timeline", "progress=false", "timeline.replications=20", CONFIGURED, *WITHOUT_DRIVERS])
    fits = json.loads(FITS.read_text(encoding="utf-8")) if FITS.is_file() else None
    return render(run_timeline(cfg), runs, run_timeline(bare).summary["forecast"], fits,
                  run_timeline(configured).summary["forecast"])


def doc_command(argv: list[str] | None, prog: str, doc: Path, fresh_text: Callable[[], str], regenerate: str,
                normalise: Callable[[str], str] = lambda text: text) -> int:
    """`<prog> [--check]` for a generated document: rewrite `doc` from `fresh_text()`, or with
    --check exit 1 when the committed one differs (after `normalise`, e.g. dropping a date line)."""
    parser = argparse.ArgumentParser(prog=prog, description=f"write {doc.name} from a fresh run")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if docs/{doc.name} is out of date")
    args = parser.parse_args(argv)
    text = fresh_text()
    committed = doc.read_text(encoding="utf-8") if doc.is_file() else ""
    if args.check:
        stale = normalise(committed) != normalise(text)
        print(f"{doc.name}: {f'out of date: run `{regenerate}`' if stale else 'up to date'}")
        return 1 if stale else 0
    doc.write_text(text, encoding="utf-8")
    print(f"{doc.name}: rewritten")
    return 0


def main(argv: list[str] | None = None) -> int:
    return doc_command(argv, "python -m sim.timeline.doc", DOC, fresh, "make timeline-docs")


if __name__ == "__main__":
    sys.exit(main())
