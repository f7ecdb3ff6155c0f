"""Scenario discovery: which regions of decision-weight space give `troops` (default: Armenia 2021, Kyrgyzstan 2010).

    python experiments/discovery.py [--quick] [--jobs 2] [--analyse-only]

Settings: the `weights` ranges and the `discovery` section of configs/experiments.yaml. Reports
decision-tree rules (scikit-learn) and, when the EMA Workbench is installed (`pip install -e
.[discovery]`), PRIM's box. Writes experiments.parquet, outcomes.parquet, rules.txt, discovery.png.
"""

from __future__ import annotations

import time

from sim.explore import design as ex
from sim.explore import discovery
from sim.outputs.explore_plots import discovery_figure
from sim.outputs.plots import save
from sim.runs.atomic import atomic_write, write_text


def describe(rule: discovery.RegionRule) -> str:
    return (f"{rule.text}  ({rule.points} points, {rule.density:.0%} give troops, "
            f"{rule.coverage:.0%} of all troops points)")


def body(args) -> None:
    settings = ex.load_settings(args.config)
    rng, sec = ex.ranges(settings), ex.section(settings, "discovery", args.quick)
    out = ex.output_dir(args, "discovery")
    start = time.perf_counter()
    if not args.analyse_only:
        specs = ex.load_specs(ex.scenario_names(sec.scenarios), list(settings.overrides))
        design = discovery.design(rng, sec.samples, settings.seed)
        ex.run_design(design, specs, sec.replications, settings.seed, out, settings.batch_points,
                      args.jobs or settings.jobs, not args.no_progress,
                      cluster=settings.get("cluster"), meta={"ranges": rng.problem()})
    experiments, outcomes, meta = ex.load_results(out)
    saved = ex.Ranges(tuple(meta["ranges"]["names"]), tuple(map(tuple, meta["ranges"]["bounds"])))
    use_prim = discovery.prim_available()
    lines, panels = [], []
    for scenario in meta["scenarios"]:
        x, y = discovery.labelled(experiments, outcomes[outcomes["scenario"] == scenario], list(saved.names),
                                  sec.troops_share)
        rules, tree_text = discovery.tree_rules(x, y, sec.tree_depth, settings.seed)
        prim = discovery.prim_rule(x, y, saved, sec.prim_threshold) if use_prim else None
        lines.append(f"{scenario}: {int(y.sum())} of {len(y)} points give troops "
                     f"(P(troops) >= {sec.troops_share:.0%})")
        lines += [f"  tree: {describe(r)}" for r in rules] or ["  tree: no region gives troops"]
        if use_prim:
            lines.append(f"  PRIM: {describe(prim)}" if prim else "  PRIM: no box (no or only troops points)")
        else:
            lines.append("  PRIM: not run (the EMA Workbench is not installed: pip install -e '.[discovery]')")
        if tree_text:
            lines += ["  tree:", *("    " + t for t in tree_text.splitlines())]
        # plot the two weights the rules lean on most: PRIM's restricted ones, then the best leaf's
        named = [*(prim.text if prim else "").split(" and "), *(rules[0].text.split(" and ") if rules else [])]
        used = [w for part in named for w in saved.names if f" {w} " in f" {part} "]
        pair = list(dict.fromkeys([*used, *saved.names]))[:2]
        panels.append((scenario, x, y, pair, prim.limits if prim else None))
    write_text(out / "rules.txt", "\n".join(lines) + "\n")
    atomic_write(out / "discovery.png", lambda tmp: save(discovery_figure(panels), tmp))
    print(f"{meta['points']:,} points x {meta['replications']} replications x {len(meta['scenarios'])} scenarios "
          f"in {time.perf_counter() - start:.1f} s")
    print("\n".join(line for line in lines if not line.startswith("    ") and line != "  tree:"))
    print(f"rules and tree: {out / 'rules.txt'}")


def main(argv: list[str] | None = None) -> None:
    ex.cli("discovery", __doc__.splitlines()[0], body, argv)


if __name__ == "__main__":
    main()
