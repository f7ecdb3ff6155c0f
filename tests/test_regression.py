"""Pinned results: the layout can move code, never numbers.

Three scenarios at a fixed seed; the outcome probabilities and every member's choice shares
must equal the values recorded in `tests/data/regression.json` (written before the sim/ package
was reorganised). A deliberate model change regenerates that file (`python tests/test_regression.py`)
and says so in its commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import make_cfg

PINNED = Path(__file__).resolve().parent / "data" / "regression.json"
CASES = {
    "kazakhstan_2022": ("scenario=kazakhstan_2022",),
    "kyrgyzstan_2010": ("scenario=kyrgyzstan_2010",),
    "kyrgyzstan_2010_seeds": ("scenario=kyrgyzstan_2010", "alliance.coding=seeds"),
    "armenia_2021_majority": ("scenario=armenia_2021", "decision.rule=majority"),
}
MEMBER_KEYS = ("p_contribute", "mean_troops", "p_choice_troops", "p_choice_partial", "p_choice_decline")


def snapshot(*overrides: str) -> dict:
    from sim.runs.scenario import run

    cfg = make_cfg(*overrides, "replications=3000", "seed=7", "chunk_size=1000", "progress=false")
    summary = run(cfg).summary
    return {
        "outcome": summary["outcome"],
        "members": {code: {k: m[k] for k in MEMBER_KEYS if k in m} | {"leading_reason": m.get("leading_reason")}
                    for code, m in summary["members"].items()},
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_results_equal_the_pinned_values(case):
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))[case]
    _equal(snapshot(*CASES[case]), pinned)


def _equal(got: dict, pinned: dict) -> bool:
    assert got["outcome"] == pytest.approx(pinned["outcome"], abs=1e-12)
    assert sorted(got["members"]) == sorted(pinned["members"])
    for code, values in pinned["members"].items():
        for key, value in values.items():
            if isinstance(value, float):
                assert got["members"][code][key] == pytest.approx(value, abs=1e-12), (code, key)
            else:
                assert got["members"][code][key] == value, (code, key)
    return True


TIMELINE = ("mode=timeline", "timeline.replications=200", "progress=false", "seed=3")


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
    pinned = {c: snapshot(*o) for c, o in CASES.items()}
    pinned["timeline"] = timeline_snapshot()
    PINNED.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PINNED}")
