"""Pinned results: the layout can move code, never numbers.

Scenarios at a fixed seed; the outcome, bilateral and answer probabilities and every member's
choice shares must equal the values recorded in `tests/data/regression.json` (regenerated for
decision model v2). Every case names the hand-set decision config (configs/decision/default.yaml),
so re-running the calibration never moves them. A deliberate model change regenerates that file
(`cd tests && ../.venv/bin/python test_regression.py`) and says so in its commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import make_cfg

PINNED = Path(__file__).resolve().parent / "data" / "regression.json"
DECISION = "decision=default"  # hand-set weights: the pinned values must not follow the calibration
CASES = {
    "kazakhstan_2022": ("scenario=kazakhstan_2022",),
    "kyrgyzstan_2010": ("scenario=kyrgyzstan_2010",),  # a bilateral plea: Russia's own help in the answer
    "kyrgyzstan_2010_seeds": ("scenario=kyrgyzstan_2010", "alliance.coding=seeds"),
    "armenia_2021_majority": ("scenario=armenia_2021", "decision.rule=majority"),
    "kyrgyzstan_tajikistan_2021": ("scenario=kyrgyzstan_tajikistan_2021",),  # member against member
    "tajikistan_1993": ("scenario=tajikistan_1993",),  # before the treaty was in force
}
MEMBER_KEYS = ("p_contribute", "mean_troops", "p_choice_troops", "p_choice_material", "p_choice_political",
               "p_choice_object")


def snapshot(*overrides: str) -> dict:
    from sim.runs.scenario import run

    cfg = make_cfg(DECISION, *overrides, "replications=3000", "seed=7", "chunk_size=1000", "progress=false")
    summary = run(cfg).summary
    return {
        "outcome": summary["outcome"],
        "bilateral": {k: v for k, v in summary["bilateral"].items() if k != "by"},
        "answer": summary["answer"],
        "members": {code: {k: m[k] for k in MEMBER_KEYS if k in m} | {"leading_reason": m.get("leading_reason")}
                    for code, m in summary["members"].items()},
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_results_equal_the_pinned_values(case):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))[case]
    _equal(snapshot(*CASES[case]), pinned)


def _equal(got: dict, pinned: dict) -> bool:
    for key in ("outcome", "bilateral", "answer"):
        assert got[key] == pytest.approx(pinned[key], abs=1e-12), key
    assert sorted(got["members"]) == sorted(pinned["members"])
    for code, values in pinned["members"].items():
        for key, value in values.items():
            if isinstance(value, float):
                assert got["members"][code][key] == pytest.approx(value, abs=1e-12), (code, key)
            else:
                assert got["members"][code][key] == value, (code, key)
    return True


TIMELINE = (DECISION, "mode=timeline", "timeline.history=simulated", "timeline.replications=200", "progress=false", "seed=3")


def timeline_snapshot() -> dict:
    """The replay's trust, status and episode outcomes at every event, as plain numbers."""
    from sim.timeline.replay import run_timeline

    rep = run_timeline(make_cfg(*TIMELINE)).replay
    return {"trust_mean": rep.trust.mean(axis=2).round(12).tolist(),
            "status_counts": [[int(x) for x in row] for row in (rep.status == 1).sum(axis=2)],
            "outcome_counts": [[int((o == k).sum()) for k in (-1, 0, 1, 2)] for o in rep.outcome]}


def test_the_timeline_replay_equals_the_pinned_values():
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))["timeline"]
    got = timeline_snapshot()
    assert got["status_counts"] == pinned["status_counts"]
    assert got["outcome_counts"] == pinned["outcome_counts"]
    np.testing.assert_allclose(got["trust_mean"], pinned["trust_mean"], atol=1e-9)


if __name__ == "__main__":
    import sys

    # `--cases-only` keeps the pinned timeline (while sim/timeline is being changed elsewhere)
    old = json.loads(PINNED.read_text(encoding="utf-8")) if PINNED.exists() else {}
    pinned = {c: snapshot(*o) for c, o in CASES.items()}
    pinned["timeline"] = old.get("timeline") if "--cases-only" in sys.argv else timeline_snapshot()
    PINNED.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PINNED}")
