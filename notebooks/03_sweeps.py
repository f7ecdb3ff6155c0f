# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Sweeps: a multirun table, a heatmap, Sobol indices, scenario-discovery rules
#
# Two ways to explore the model beyond one run (`docs/sweeps.md`):
#
# 1. **A Hydra multirun**, `python -m sim -m ...`: one full run per combination of overrides,
#    each with its own results folder, gathered into one tidy table by `sim.collect`.
# 2. **Experiments** over the decision weights (`experiments/*.py`): thousands of weight vectors
#    evaluated with per-lane parameters, saved to disk (`experiments.parquet`, `outcomes.parquet`),
#    then analysed from the saved files: a two-weight heatmap, Sobol sensitivity indices, and
#    scenario-discovery rules.
#
# This notebook does both, through the same library functions the commands use. Every result goes
# to a temporary folder. `make test` runs it with the experiments' `quick` sizes
# (the parameter `SMALL = True`); those are too small for conclusions, so read the full-size run (or
# `docs/sweeps.md`) before quoting anything.

# %%
import logging
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.explore import design as ex
from sim.explore import discovery, heatmap, sensitivity
from sim.inputs.compose import compose_config
from sim.outputs import plots
from sim.outputs.explore_plots import discovery_figure, heatmap_figure, sensitivity_figure
from sim.runs import collect

logging.getLogger("MESA").setLevel(logging.WARNING)

# %% [markdown]
# ## Parameters
# The sizes of the experiments come from `configs/experiments.yaml`: its `quick` values when
# `SMALL`, its full values otherwise. The multirun is tiny either way (it shows the mechanics).

# %% tags=["parameters"]
SMALL = False  # True: small sizes for a quick check (make test runs it so), not for conclusions

# %%
SETTINGS = ex.load_settings()  # configs/experiments.yaml: weight ranges, seed, sizes
JOBS = 1 if SMALL else SETTINGS.jobs  # worker processes; results are identical for any number
SWEEP = ["scenario=kazakhstan_2022,kyrgyzstan_2010", "decision.weights.regime=0,1", "replications=200"]
OUT = Path(tempfile.mkdtemp(prefix="csto-sweeps-"))
RANGES = ex.ranges(SETTINGS)  # the swept weights and their bounds (the SALib problem)
DECISION = compose_config(SETTINGS.overrides).decision.name
print(f"unswept settings (thresholds, rule, noise) come from decision={DECISION}, the composed default")
print(f"{'quick' if SMALL else 'full'} sizes; weight ranges:",
      ", ".join(f"{n} [{lo:g}, {hi:g}]" for n, (lo, hi) in zip(RANGES.names, RANGES.bounds)))



def show(fig: plt.Figure, name: str) -> None:
    plots.show(fig, OUT, name)  # saved beside the results; displayed in Jupyter


# %% [markdown]
# ## 1. A Hydra multirun, collected
# The command line's own multirun, run as a subprocess: 2 scenarios x 2 values of the regime
# weight = 4 jobs, everything else at the project's defaults (the `decision` column says which
# decision config). `hydra.sweep.dir` sends it to our temporary folder.

# %%
sweep_dir = OUT / "multirun"
command = [sys.executable, "-m", "sim", "-m", *SWEEP, "output.plots=false", "progress=false",
           f"hydra.sweep.dir={sweep_dir}"]
print("$ python -m sim -m", " ".join(command[4:]))
start = time.perf_counter()
proc = subprocess.run(command, cwd=OUT, capture_output=True, text=True)
if proc.returncode != 0:
    raise RuntimeError(f"the sweep failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
print("\n".join(line for line in (proc.stdout + proc.stderr).splitlines() if "\t#" in line))
print(f"{time.perf_counter() - start:.1f} s")

# %% [markdown]
# `sim.runs.collect.collect` reads every finished job (one with a `summary.json`) and returns two
# tables: one row per job, and a tidy one with one row per job and outcome or member. The swept
# parameters become columns, taken from the overrides each job recorded. `collect.write` saves
# them as `collected.parquet` and `collected.csv`, as `python -m sim.collect <dir>` does.

# %%
collected = collect.collect(sweep_dir)
table_path, csv_path = collect.write(collected, sweep_dir)
expected_jobs = math.prod(len(o.split("=", 1)[1].split(",")) for o in SWEEP)
assert len(collected.summary) == expected_jobs and not collected.incomplete, "every job of the sweep finished"
print(f"{len(collected.summary)} finished jobs, {len(collected.incomplete)} incomplete; "
      f"swept: {', '.join(collected.parameters)}")
per_job = collected.summary[["scenario", "decision.weights.regime", "decision", "p_troops", "p_partial",
                             "p_none", "observed_outcome"]]
print(per_job.to_string(index=False))

# %%
# The tidy table, read back from disk as a later analysis would:
tidy = pd.read_parquet(table_path)
print(f"{len(tidy)} rows; columns: {', '.join(tidy.columns)}")
outcomes = tidy[tidy["kind"] == "outcome"]
print(outcomes.pivot_table(index=["scenario", "decision.weights.regime"], columns="name", values="p",
                           observed=True).round(3).to_string())
members = tidy[(tidy["kind"] == "member") & (tidy["role"] != "requester")]
print("\nP(member contributes):")
print(members.pivot_table(index="name", columns=["scenario", "decision.weights.regime"], values="p",
                          observed=True).round(3).to_string())

# %% [markdown]
# ## 2. Experiments: run, save, then analyse from the saved files
# Each experiment is a design (one row per weight vector) evaluated in one or more scenarios by
# `ex.run_design`, which streams the results to `experiments.parquet` and `outcomes.parquet` in its
# own folder. The analyses below only ever read those files (`ex.load_results`), so they can be
# re-run without the model, as `experiments/*.py --analyse-only` does.

# %% [markdown]
# ### 2a. Heatmap: regime solidarity x cost, Kazakhstan 2022
# A grid over two weights; every other weight, and the thresholds, stay at the values of the
# composed config (the decision config printed under Parameters).

# %%
sec = ex.section(SETTINGS, "heatmap", quick=SMALL)
heat_dir = OUT / "heatmap"
start = time.perf_counter()
specs = ex.load_specs(ex.scenario_names([sec.scenario]), list(SETTINGS.overrides))
fixed = ex.default_weights(specs[sec.scenario])
ex.run_design(heatmap.design(RANGES, sec.x, sec.y, sec.steps, fixed), specs, sec.replications, SETTINGS.seed,
              heat_dir, SETTINGS.batch_points, JOBS, meta={"x": sec.x, "y": sec.y})
print(f"ran {sec.steps}x{sec.steps} cells x {sec.replications} replications in "
      f"{time.perf_counter() - start:.1f} s; other weights: "
      + ", ".join(f"{k} {v:g}" for k, v in fixed.items() if k not in (sec.x, sec.y)))

# %%
experiments, outcomes_, meta = ex.load_results(heat_dir)
grid = heatmap.grid(experiments, outcomes_, meta["x"], meta["y"])
print(heatmap.headline(grid, meta["x"], meta["y"]))
show(heatmap_figure(grid, meta["x"], meta["y"],
                    f"{meta['scenarios'][0]}: P(troops), {meta['replications']} replications per cell"),
     "heatmap.png")

# %% [markdown]
# ### 2b. Sobol indices per calibration episode
# Saltelli sampling over all the weight ranges (SALib); for each episode, the first-order index
# S1 (the share of the variance of P(troops) that one weight explains alone) and the total index
# ST (including its interactions with the others), with 95% bootstrap intervals. A weight whose
# ST is near 0 could be fixed without changing that episode's outcome.

# %%
sec = ex.section(SETTINGS, "sensitivity", quick=SMALL)
sens_dir = OUT / "sensitivity"
start = time.perf_counter()
method = sensitivity.check_method(sec.method)
specs = ex.load_specs(ex.scenario_names(sec.scenarios), list(SETTINGS.overrides))
design = sensitivity.design(RANGES, method, sec.n, SETTINGS.seed, sec.calc_second_order, sec.morris_levels)
ex.run_design(design, specs, sec.replications, SETTINGS.seed, sens_dir, SETTINGS.batch_points, JOBS,
              meta={"method": method, "n": sec.n, "calc_second_order": sec.calc_second_order,
                    "morris_levels": sec.morris_levels, "ranges": RANGES.problem()})
print(f"{method}: {len(design):,} points x {sec.replications} replications x {len(specs)} episodes "
      f"in {time.perf_counter() - start:.1f} s")

# %%
experiments, outcomes_, meta = ex.load_results(sens_dir)
saved = ex.Ranges(tuple(meta["ranges"]["names"]), tuple(map(tuple, meta["ranges"]["bounds"])))
indices = sensitivity.analyse(saved, experiments, outcomes_, meta["method"], meta["seed"],
                              meta["calc_second_order"], meta["morris_levels"])
print("\n".join(sensitivity.headline(indices, meta["method"])))
if meta["method"] == "sobol":
    troops = indices[(indices["outcome"] == "p_troops") & ~indices["constant"]]
    for key in ("S1", "ST"):
        print(f"\n{key} of P(troops) (rows: weights; columns: episodes; constant episodes left out):")
        print(troops.pivot(index="weight", columns="scenario", values=key)
              .reindex(list(saved.names)).round(2).to_string())
show(sensitivity_figure(indices, meta["method"]), "sensitivity.png")

# %% [markdown]
# Sampling noise: an index can come out slightly negative (noise around 0), and when an output
# almost never varies (P(none) in an episode where nearly every point gives `none`) the indices
# divide by a variance near 0 and can exceed 1. With the quick sizes both happen more often.
# Compare each index with its interval (`S1_conf`, `ST_conf` in `indices`) before calling a
# weight important or unimportant.

# %% [markdown]
# ### 2c. Scenario discovery: which regions of weight space give troops?
# A Latin hypercube over the weight ranges; a point "gives troops" when its P(troops) reaches
# `discovery.troops_share`. A shallow decision tree (scikit-learn) turns the labelled points into
# readable rules: each leaf that predicts troops, with how many points it holds (`points`), the
# share of them that give troops (density) and the share of all troops-giving points it catches
# (coverage). PRIM (EMA Workbench) is an optional extra, `pip install -e '.[discovery]'`: it runs
# only if installed.

# %%
sec = ex.section(SETTINGS, "discovery", quick=SMALL)
disc_dir = OUT / "discovery"
start = time.perf_counter()
specs = ex.load_specs(ex.scenario_names(sec.scenarios), list(SETTINGS.overrides))
ex.run_design(discovery.design(RANGES, sec.samples, SETTINGS.seed), specs, sec.replications, SETTINGS.seed,
              disc_dir, SETTINGS.batch_points, JOBS, meta={"ranges": RANGES.problem()})
print(f"{sec.samples:,} points x {sec.replications} replications x {len(specs)} scenarios "
      f"in {time.perf_counter() - start:.1f} s")

# %%
experiments, outcomes_, meta = ex.load_results(disc_dir)
saved = ex.Ranges(tuple(meta["ranges"]["names"]), tuple(map(tuple, meta["ranges"]["bounds"])))
use_prim = discovery.prim_available()
panels = []
for scenario in meta["scenarios"]:
    x, y = discovery.labelled(experiments, outcomes_[outcomes_["scenario"] == scenario], list(saved.names),
                              sec.troops_share)
    rules, tree_text = discovery.tree_rules(x, y, sec.tree_depth, SETTINGS.seed)
    print(f"{scenario}: {int(y.sum())} of {len(y)} points give troops (P(troops) >= {sec.troops_share:.0%})")
    for r in rules:
        print(f"  tree rule: {r.text}  ({r.points} points, density {r.density:.0%}, coverage {r.coverage:.0%})")
    if not rules:
        print("  tree rule: no leaf predicts troops")
    prim = discovery.prim_rule(x, y, saved, sec.prim_threshold) if use_prim else None
    if use_prim:
        print(f"  PRIM box: {prim.text}  ({prim.points} points, density {prim.density:.0%}, "
              f"coverage {prim.coverage:.0%})" if prim else "  PRIM: no box (no or only troops points)")
    else:
        print("  PRIM: not run (ema_workbench is not installed: pip install -e '.[discovery]')")
    if tree_text:
        print("  the whole tree (class 1 = gives troops; weights = points per class):")
        print("\n".join("    " + line for line in tree_text.splitlines()))
    # the two weights the rules lean on most, for the scatter plot
    named = [*(prim.text.split(" and ") if prim else []), *(rules[0].text.split(" and ") if rules else [])]
    used = [w for part in named for w in saved.names if f" {w} " in f" {part} "]
    pair = list(dict.fromkeys([*used, *saved.names]))[:2]
    panels.append((scenario, x, y, pair, prim.limits if prim else None))
show(discovery_figure(panels), "discovery.png")

# %% [markdown]
# ## What was written
# Every result of this notebook, in its temporary folder; `--analyse-only` style re-analysis needs
# only the parquet files and `design.json`.

# %%
for path in sorted(OUT.rglob("*")):
    if path.is_file() and "multirun" not in path.parts[len(OUT.parts):][:1]:
        print(path.relative_to(OUT))
print(f"multirun: {len(list(sweep_dir.rglob('summary.json')))} job summaries + collected tables")

# %% [markdown]
# ## Next
# - Full sizes from the shell: `python experiments/heatmap.py`, `experiments/sensitivity.py`,
#   `experiments/discovery.py` (or `make experiments`, which also installs PRIM).
# - Change the question: edit the weight ranges or a section of `configs/experiments.yaml`, or
#   another heatmap pair, e.g. `heatmap.x: mandate` for Armenia 2021.
# - `notebooks/02_calibration.py`: which weight values the historical episodes allow.
