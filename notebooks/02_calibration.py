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
# # 2. Calibration: history vs model, and what the data pin down
#
# The decision weights of `sim/model/decision.py` are fitted to the four calibration episodes of
# `seeds/episodes.yaml` (Kyrgyzstan 1999, Kyrgyzstan 2010, Kyrgyzstan–Tajikistan 2021,
# Kazakhstan 2022); Armenia 2021 is held back and predicted out of sample. This notebook runs the
# same calibration as `python -m sim.calibrate` through its library functions, and then asks:
#
# 1. how do the model's predicted outcome probabilities compare with what happened, episode by
#    episode, with the spread over the accepted parameter sets?
# 2. how does it do on the episode it never saw (Armenia 2021), and in leave-one-episode-out,
#    against two naive forecasters?
# 3. which weights do the four episodes constrain, and which do they leave where the prior put them?
#
# Method and priors: `docs/calibration.md` and `configs/calibrate.yaml`. Nothing here rewrites
# `configs/decision/calibrated.yaml`: results go to a temporary folder. Every number in the text
# below is printed by the code; the prose only says where to look.

# %%
import hashlib
import json
import logging
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.calibrate import run_calibration
from sim.calibration.report import DEFAULT_CONFIG_PATH, REPORT
from sim.inputs.compose import compose_config
from sim.outputs import plots
from sim.outputs.calibration_report import predictions_figure, weights_figure
from sim.outputs.plots import OUTCOME_COLOURS, OUTCOME_ORDER

logging.getLogger("MESA").setLevel(logging.WARNING)

# %% [markdown]
# ## Parameters
# `SMALL` (a parameter: `make test` sets it) screens a few thousand prior points with few replications, so the
# accepted set is noisy: read the full-size run for conclusions. The full size is the `search`
# section of `configs/calibrate.yaml` as it stands; the run below prints its size and time.

# %% tags=["parameters"]
SMALL = False  # True: small sizes for a quick check (make test runs it so), not for conclusions

# %%
SIZE = (["search.samples=2048", "search.replications=96", "search.confirm_replications=500",
         "search.confirm_max=300"] if SMALL else [])
OVERRIDES = [*SIZE, "progress=false", "write_config=false", "plots=false"]  # never touch calibrated.yaml
OUT = Path(tempfile.mkdtemp(prefix="csto-calibration-"))



def show(fig: plt.Figure, name: str) -> None:
    plots.show(fig, OUT, name)  # saved beside the results; displayed in Jupyter


def fingerprint(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


# %% [markdown]
# ## 1. Run the calibration and save it
# `run_calibration(cfg, outdir)` is what `python -m sim.calibrate` calls: prior sample, screen,
# accepted set, confirmation on fresh streams, leave-one-out, then `calibration.json`,
# `samples.parquet` and the tables written into our temporary folder; with `write_config=false`
# it writes no decision config. The rest of the notebook
# reads the saved files, as any later analysis would.

# %%
calibrated_before = fingerprint(DEFAULT_CONFIG_PATH)
cfg = compose_config(OVERRIDES, "calibrate")
done = run_calibration(cfg, OUT, " ".join(["python -m sim.calibrate", *OVERRIDES]))
result, report, written = done.result, done.report, done.written
assert fingerprint(DEFAULT_CONFIG_PATH) == calibrated_before, "calibrated.yaml must not change"
print(f"{report['n_accepted']:,} of {report['n_prior']:,} prior points accepted "
      f"({report['accepted_share']:.1%} of the prior box); {report['elapsed_s']:.1f} s")
print("\n".join(str(p.relative_to(OUT)) for p in written))

# %%
report = json.loads((OUT / REPORT).read_text())
samples = pd.read_parquet(OUT / "samples.parquet")
episodes = report["episodes"]
calibration_ids = [e for e, v in episodes.items() if v["role"] == "calibration"]
validation_ids = [e for e, v in episodes.items() if v["role"] == "validation"]
print("calibration episodes:", ", ".join(calibration_ids))
print("validation (out of sample):", ", ".join(validation_ids))
print(f"objective: {report['objective_meaning']}")
print(f"accepted set: within {report['settings']['tolerance']} of the best objective")

# %% [markdown]
# ## 2. History vs model, per episode
# For each episode: the observed outcome, and the predicted P(troops / partial / none) averaged
# over the accepted parameter sets, with their 5–95% range across those sets (each set re-run on
# fresh random streams). `P(observed)` is the probability the model gave to what happened. The
# last column is the hand-set starting weights (`decision/default`), to see what fitting changed.

# %%
def episode_rows(ids: list[str]) -> pd.DataFrame:
    rows = []
    for eid in ids:
        e = episodes[eid]
        row = {"episode": eid, "observed": e["observed"]}
        for k in OUTCOME_ORDER:
            a = e["accepted"][k]
            row[f"P({k}) [5-95%]"] = f"{a['mean']:.2f} [{a['q05']:.2f}-{a['q95']:.2f}]"
        row["P(observed)"] = round(e["accepted"][e["observed"]]["mean"], 3)
        row["P(observed), central point"] = round(e["central"][e["observed"]], 3)
        row["P(observed), start weights"] = round(e["start"][e["observed"]], 3)
        rows.append(row)
    return pd.DataFrame(rows).set_index("episode")


print("In sample (the episodes the weights were fitted to):")
print(episode_rows(calibration_ids).to_string())

# %% [markdown]
# The same as a figure: bars are the accepted-set mean, whiskers its 5–95% range, the dot the
# best-fitting point, the cross the central point (the one `calibrated.yaml` would hold), the
# diamond the leave-one-out prediction (the episode's own data left out of the fit), and the
# outlined bar what happened.

# %%
show(predictions_figure(report), "calibration_predictions.png")

# %% [markdown]
# ## 3. Armenia 2021: out of sample
# The validation episode is simulated with every parameter set but never enters the objective, so
# its prediction is an honest forecast. The table compares the model with the two naive
# forecasters of `docs/calibration.md`, trained on the calibration outcomes: *frequency* (their
# smoothed outcome shares) and *majority* (everything on the most common outcome). Log score:
# higher is better; Brier: lower is better. Compare the rows rather than trusting one number: with
# a single episode, one lucky guess decides.

# %%
if validation_ids:
    print(episode_rows(validation_ids).to_string())
    print()
    scores = pd.DataFrame({k: v for k, v in report["validation"].items() if k != "episodes"}).T
    print(scores.round(3).to_string())
    best = scores["brier"].idxmin()
    print(f"\nlowest Brier on {', '.join(validation_ids)}: {best} ({scores.loc[best, 'brier']:.3f}); "
          f"model (accepted mean) {scores.loc['model_accepted_mean', 'brier']:.3f}")
else:
    print("no validation episode in seeds/episodes.yaml")

# %% [markdown]
# ## 4. Leave-one-episode-out and the baselines
# Each calibration episode in turn is left out, the accepted set re-selected from the other three
# (re-scoring the saved screen, no new simulation), and the left-out episode predicted. This is
# the fairest test four episodes allow. The baselines are refitted on the same three episodes.

# %%
print("Naive baselines trained on all calibration episodes:")
print(pd.DataFrame({k: report["baselines"][k] for k in ("frequency", "majority")}).T
      .reindex(columns=OUTCOME_ORDER).round(3).to_string())
print()
folds = report["leave_one_out"]["folds"]
loo = pd.DataFrame([{
    "held out": eid, "observed": f["observed"], "accepted": f["n_accepted"],
    "model P(obs) mean": round(f["model_accepted"][f["observed"]]["mean"], 3),
    "model P(obs) 5-95%": f"{f['model_accepted'][f['observed']]['q05']:.2f}-"
                          f"{f['model_accepted'][f['observed']]['q95']:.2f}",
    "frequency P(obs)": round(f["baseline_frequency"][f["observed"]], 3),
    "majority P(obs)": round(f["baseline_majority"][f["observed"]], 3),
} for eid, f in folds.items()]).set_index("held out")
print("Leave-one-out: probability each forecaster gave the held-out episode's outcome")
print(loo.to_string())

# %%
forecasters = ["model_accepted_mean", "model_central", "model_best_fit", "baseline_frequency",
               "baseline_majority"]
brier_folds = pd.DataFrame({eid: {k: f["scores"][k]["brier"] for k in forecasters} for eid, f in folds.items()})
print("Brier score of each held-out episode (lower is better):")
print(brier_folds.round(3).to_string())
print()
totals = pd.DataFrame(report["leave_one_out"]["total"]).T.reindex(forecasters)
in_sample = pd.DataFrame({k: v for k, v in report["in_sample"].items() if k != "episodes"}).T
table = pd.concat({"leave-one-out": totals, "in sample": in_sample.reindex(totals.index)}, axis=1)
print("Totals: log score summed (higher is better), Brier averaged (lower is better):")
print(table.round(3).to_string())
print(f"\nlowest leave-one-out Brier: {totals['brier'].idxmin()}; "
      f"highest leave-one-out log score: {totals['log_score'].idxmax()}")
print(f"(log scores clip every forecast at {report['settings']['score_floor']}, "
      "so the majority baseline's log score depends on that floor; its Brier does not)")

# %% [markdown]
# Reading these tables: the in-sample scores flatter the model (it was fitted to those
# episodes); the leave-one-out totals are the ones to compare with the baselines. A single
# parameter point (`model_best_fit`, `model_central`) is more confident than the accepted set as
# a whole, so when it is wrong it is punished harder: compare its rows with `model_accepted_mean`.

# %% [markdown]
# ## 5. What the data constrain, and what they do not
# For each fitted parameter: its uniform prior, the accepted set's median and 5–95% range, the
# **sd ratio** (sd over the accepted set / sd of the prior: near 1 means the episodes said
# nothing about it) and the **KS shift** (how far the accepted marginal moved from the prior:
# 0 = unchanged). The verdict thresholds are `identifiability.*` in `configs/calibrate.yaml`.

# %%
params = pd.DataFrame(report["parameters"]).T
free = params[params["identifiability"] != "fixed (not fitted)"]
view = pd.DataFrame({
    "prior": [f"U[{r.prior_low:g}, {r.prior_high:g}]" for r in free.itertuples()],
    "accepted median [5-95%]": [f"{r.q50:.2f} [{r.q05:.2f}-{r.q95:.2f}]" for r in free.itertuples()],
    "sd ratio": free["spread_ratio"].astype(float),
    "KS shift": free["ks_shift"].astype(float),
    "verdict": free["identifiability"],
}, index=free.index).sort_values("sd ratio")
print(view.to_string())
fixed = params[params["identifiability"] == "fixed (not fitted)"]
for name, r in fixed.iterrows():
    print(f"\n{name}: fixed at {r['fixed']} ({r['why']})")
print()
for verdict, names in view.groupby("verdict").groups.items():
    print(f"{verdict}: {', '.join(names)}")

# %% [markdown]
# The marginal histograms: each fitted parameter over the accepted set (bars) against its flat
# prior (dashed line). A histogram as flat as the dashed line means the episodes do not speak to
# that weight; mass piled to one side means they push it there.

# %%
show(weights_figure(result), "calibration_weights.png")

# %% [markdown]
# **Combinations, not single weights.** The episodes may pin a trade-off (e.g. a weight against a
# threshold) while each weight alone looks free. The strongest pairwise correlations over the
# accepted set:

# %%
corr = pd.DataFrame(report["correlations_accepted"])
pairs = (corr.where(np.triu(np.ones(corr.shape, dtype=bool), k=1)).stack()
         .rename("r").reset_index().rename(columns={"level_0": "a", "level_1": "b"}))
pairs = pairs.reindex(pairs["r"].abs().sort_values(ascending=False).index).head(6)
print(pairs.to_string(index=False))

# %% [markdown]
# **What the spread means for a forecast.** The accepted sets fit the calibration episodes about
# equally well, yet they need not agree about anything else. `samples.parquet` holds every prior
# point's screened P(outcome) per episode; over the accepted points, the spread of P(troops) per
# episode shows how much the fitted data leave open: compare the `width` column of the calibration
# episodes (which the fit saw) with that of the validation episode (which it did not). These are
# the screen's smoothed estimates (few replications per point), so an outcome never simulated
# shows a small positive probability, not 0.

# %%
acc = samples[samples["accepted"]]
spread = pd.DataFrame({eid: acc[f"p_troops__{eid}"].describe(percentiles=[0.05, 0.5, 0.95])
                       for eid in [*calibration_ids, *validation_ids]}).T
spread = spread[["5%", "50%", "95%"]].assign(width=lambda t: t["95%"] - t["5%"])
spread["role"] = [episodes[e]["role"] for e in spread.index]
print(f"P(troops) across the {len(acc):,} accepted points (screen, {report['settings']['replications']} "
      "replications each):")
print(spread.round(3).to_string())

cols = min(len(spread), 6)  # a grid, not a strip: one row of 20-odd panels cannot be read
grid = -(-len(spread) // cols)
fig, axes = plt.subplots(grid, cols, figsize=(2.3 * cols, 2.3 * grid), layout="constrained", sharey=True,
                         squeeze=False)
for ax in axes.flat[len(spread):]:
    ax.set_visible(False)
for ax, eid in zip(axes.flat, spread.index):
    ax.hist(acc[f"p_troops__{eid}"], bins=20, range=(0, 1), color=OUTCOME_COLOURS["troops"], alpha=0.8)
    ax.set_title(f"{eid}\n(observed: {episodes[eid]['observed']}, {episodes[eid]['role']})", fontsize=7)
    ax.set_xlabel("P(troops)", fontsize=8)
for row in axes:
    row[0].set_ylabel("accepted points")
show(fig, "accepted_p_troops.png")

# %% [markdown]
# ## Next
# - The same from the shell, at full size: `python -m sim.calibrate write_config=false`
#   (`make calibrate` also rewrites `configs/decision/calibrated.yaml`).
# - Robustness: add `"outcomes=alternative"` (1999, 2010 and Armenia coded `partial`) or
#   `"search.objective=brier"`, `"search.tolerance=0.05"` to `OVERRIDES` and compare the tables.
# - Forecast a new scenario with the whole accepted set: `python -m sim.ensemble scenario=...`.
# - `notebooks/03_sweeps.py`: which weights matter where, over the whole weight space.
