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
# # 1. Quickstart: run a scenario from Python
#
# The same run as `python -m sim scenario=kazakhstan_2022`, done from Python:
#
# 1. compose the Hydra config with `hydra.compose` (the CLI's composition, overrides included);
# 2. run it with the public `sim.runs.scenario.run(cfg)` and write the results with `sim.outputs.files.write_run`;
# 3. read `summary.json` and the parquet tables back, as any later analysis would;
# 4. plot the outcome distribution and each member's contribution.
#
# This file is a Jupytext percent-format notebook: open it in Jupyter (with jupytext) or run it
# as a script, `python notebooks/01_quickstart.py`. `make test` runs it with small sizes
# (the parameter `SMALL = True`).

# %%
import json
import logging
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.inputs.compose import compose_config
from sim.inputs.spec import to_container
from sim.outputs import plots
from sim.outputs.files import write_run
from sim.outputs.plots import CHOICE_COLOURS, CHOICE_ORDER, OUTCOME_COLOURS, OUTCOME_ORDER
from sim.runs.scenario import run

logging.getLogger("MESA").setLevel(logging.WARNING)

# %% [markdown]
# ## Parameters
# `SMALL` (a parameter: `make test` sets it) keeps the run short; the full size gives about ±0.5 points on a
# probability. Results go to a fresh temporary folder, never into the repository.

# %% tags=["parameters"]
DECISION = "calibrated"  # the calibrated weights every command uses; "default": the hand-set prior
SMALL = False  # True: small sizes for a quick check (make test runs it so), not for conclusions

# %%
REPLICATIONS = 2_000 if SMALL else 40_000
SCENARIO = "kazakhstan_2022"
OUT = Path(tempfile.mkdtemp(prefix="csto-quickstart-"))



def show(fig: plt.Figure, name: str) -> None:
    plots.show(fig, OUT, name)  # saved beside the results; displayed in Jupyter


# %% [markdown]
# ## 1. Compose the config
# `configs/config.yaml` plus overrides, exactly as on the command line. The structured schema
# catches a typo here (try `decision.weights.fronnt=2`).

# %%
overrides = [f"scenario={SCENARIO}", f"decision={DECISION}", f"replications={REPLICATIONS}",
             "seed=20220106", "progress=false"]
cfg = compose_config(overrides)
print(cfg.scenario.name, "|", cfg.decision.rule.value, "rule |", cfg.replications, "replications")

# %% [markdown]
# ## 2. Run it and write the results
# `run(cfg)` validates the config against the seeds, runs the replications and returns tidy
# tables and a summary; it writes nothing. `write_run` writes them atomically, summary last.

# %%
result = run(cfg)
written = write_run(OUT, result, to_container(cfg), plots_on=False)
print("\n".join(str(p.relative_to(OUT)) for p in written))

# %% [markdown]
# ## 3. Read the results back
# `summary.json` holds the probabilities of the collective outcome (`outcome`, with their 95% Monte
# Carlo half-width), of the leading state's bilateral help (`bilateral`) and of what the requester got,
# the more of the two (`answer`: what the historical records code), and per-member summaries;
# `replications.parquet` has one row per replication (columns outcome, bilateral, answer, framing),
# `members.parquet` one row per replication and member, with every decision term.

# %%
summary = json.loads((OUT / "summary.json").read_text())
reps = pd.read_parquet(OUT / "replications.parquet")
members = pd.read_parquet(OUT / "members.parquet")

print("           collective   requester got")
for k in OUTCOME_ORDER:
    low, high = summary["outcome_ci95"][k]
    print(f"{k:8s} {summary['outcome'][k]:8.1%} [{low:.1%}-{high:.1%}]   {summary['answer'][k]:8.1%}")
bilateral = summary["bilateral"]
print(f"{bilateral['by']}'s bilateral help: material {bilateral['material']:.1%}, troops {bilateral['troops']:.1%}")
print("observed in history (what the requester got):", summary["observed_outcome"])
reps.head()

# %%
# The tables agree with the summary: the outcome shares are just counts of the replications.
shares = reps["outcome"].value_counts(normalize=True)
assert all(abs(shares.get(k, 0.0) - summary["outcome"][k]) < 1e-9 for k in OUTCOME_ORDER)
members.head()

# %% [markdown]
# ## 4. The outcome distribution

# %%
fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
probs = [summary["outcome"][k] for k in OUTCOME_ORDER]
errs = np.maximum(np.array([[summary["outcome"][k] - summary["outcome_ci95"][k][0],
                             summary["outcome_ci95"][k][1] - summary["outcome"][k]]
                            for k in OUTCOME_ORDER]).T, 0.0)  # Wilson 95%, asymmetric at the edges
ax.bar(OUTCOME_ORDER, probs, yerr=errs, capsize=4, color=[OUTCOME_COLOURS[k] for k in OUTCOME_ORDER])
for i, p in enumerate(probs):
    ax.annotate(f"{p:.1%}", (i, p), ha="center", va="bottom", xytext=(0, 3), textcoords="offset points")
ax.set_ylim(0, 1.15)
ax.set_ylabel("probability")
ax.set_title(f"{summary['scenario_name']}\n{summary['replications']:,} replications", fontsize=10)
show(fig, "outcome.png")

# %% [markdown]
# ## 5. Member contributions
# Each voting member's choice (stacked shares: sends troops, material aid, political support only,
# objects) and the troops it sends on average, from the member table. The request is split by
# peacekeeping pledge among the contributors.

# %%
voting = members[members["role"] == "voter"].copy()
voting["member"] = voting["member"].astype(str)
choice = (voting.groupby("member")["decision"].value_counts(normalize=True).unstack(fill_value=0.0)
          .reindex(columns=list(CHOICE_ORDER), fill_value=0.0))
troops = voting.groupby("member")["troops"].mean()
reasons = voting.groupby("member")["reason"].agg(lambda s: s.value_counts().index[0])

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
choice.plot.barh(stacked=True, ax=ax1, color=[CHOICE_COLOURS[c] for c in choice.columns], legend=False)
ax1.set_xlim(0, 1)
ax1.set_xlabel("share of replications")
ax1.set_title("each member's choice", fontsize=10)
ax1.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, frameon=False, fontsize=8)
troops.plot.barh(ax=ax2, color="#1864ab")
ax2.set_xlabel("mean troops sent")
ax2.set_title(f"contributions (request {summary['crisis']['troops_requested']:,})", fontsize=10)
show(fig, "members.png")
table = pd.DataFrame({"P(troops)": choice["troops"].round(3), "mean troops": troops.round(0),
                      "leading reason": reasons})
print(table.to_string())

# %% [markdown]
# ## Next
# - The same from the shell: `python -m sim scenario=kazakhstan_2022 replications=40000`.
# - Change one thing: add `"decision.rule=majority"` or `"+scenario.commitments.RUS=0.8"` to
#   `overrides` above and run again.
# - `notebooks/04_seminar.py` asks the seminar's questions of the model.
