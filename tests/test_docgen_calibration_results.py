"""docs/calibration_results.md and calibration_tables.md are rendered from calibration.json alone:
a tiny hand-made report puts each number in its own table cell."""

from __future__ import annotations

import copy
import json

import pytest
from markdown_tables import tables_of

from sim.docgen import calibration_results as cr


def probs(troops: float, partial: float) -> dict[str, float]:
    return {"troops": troops, "partial": partial, "none": round(1 - troops - partial, 6)}


def quantiles(mean: float) -> dict[str, float]:
    return {"mean": mean, "q05": mean / 2, "q50": mean, "q95": min(1.0, mean * 1.5)}


def scores(brier: float) -> dict[str, dict[str, float]]:
    return {"model_accepted_mean": {"log_score": -1.5, "brier": brier}, "baseline_majority": {"log_score": -2.0, "brier": 0.9}}


@pytest.fixture
def report() -> dict:
    accepted = {k: quantiles(m) for k, m in (("troops", 0.6), ("partial", 0.3), ("none", 0.1))}
    return {
        "date": "2026-01-02T03:04:05+00:00", "command": "python -m sim.calibrate (test)", "n_accepted": 1234,
        "n_prior": 16384, "elapsed_s": 42.4, "outcome_coding": "observed", "accepted_share": 0.0753,
        "objective": "loglik", "settings": {"tolerance": 13.151, "seed": 4242},
        "episodes": {
            "kazakhstan_2022": {"role": "calibration", "observed": "troops", "best_fit": probs(0.91, 0.05),
                                "central": probs(0.77, 0.2), "accepted": accepted},
            "armenia_2021": {"role": "validation", "observed": "none", "best_fit": probs(0.0, 0.25),
                             "central": probs(0.0, 0.3), "accepted": accepted},
        },
        "leave_one_out": {"folds": {"kazakhstan_2022": {"observed": "troops", "n_accepted": 5678,
                                                        "model_accepted": {"troops": {"mean": 0.345}},
                                                        "scores": {"model_accepted_mean": {"brier": 0.4321}}}},
                          "total": scores(0.222)},
        "in_sample": {"episodes": ["kazakhstan_2022"], **scores(0.111)},
        "validation": {"episodes": ["armenia_2021"], **scores(0.333)},
        "central": {"parameters": {"cost": 1.234}}, "best_fit": {"parameters": {"cost": 2.345}},
        "parameters": {"cost": {"prior_low": 0, "prior_high": 4, "q05": 0.5, "q50": 1.5, "q95": 3.5, "spread_ratio": 0.678,
                                "ks_shift": 0.12, "identifiability": "constrained"},
                       "trust": {"fixed": 1.0, "identifiability": "fixed (not fitted)"}},
        "members": {"weight": 1.0, "episodes": {"kazakhstan_2022": {"RUS": {"recorded": "troops", "weight": 0.9, "object": 0.01,
                                                                           "political": 0.02, "material": 0.03, "troops": 0.94}}},
                    "constrains": {"n_accepted_with": 1234, "n_accepted_without": 2345,
                                   "parameters": {"cost": {"spread_with_members": 0.5, "spread_without": 0.8,
                                                           "narrowed_by_members": True}}},
                    "deployments": {"kazakhstan_2022": {"p_deploy": 0.55, "with_lead_nation": 0.5, "lead_troop_share": None}}},
    }


def test_each_number_lands_in_its_cell(report):
    predictions, in_sample, out_sample, loo, folds, parameters, actions, constrains, deployments = tables_of(
        cr.tables_markdown(report))
    kaz, arm = predictions
    assert kaz["best fit"] == "0.91 / 0.05 / 0.04" and kaz["central point (calibrated.yaml)"] == "0.77 / 0.20 / 0.03"
    assert kaz["left out (LOO): mean P(observed)"] == "0.34" and arm["left out (LOO): mean P(observed)"] == "(never fitted)"
    assert arm["role"] == "**validation (out of sample)**" and arm["accepted set: mean [5-95%] of P(observed)"] == "0.10 [0.05-0.15]"
    assert [r["Brier (lower is better)"] for r in (in_sample[0], out_sample[0], loo[0])] == ["0.111", "0.333", "0.222"]
    assert folds[0]["accepted"] == "5,678" and folds[0]["model_accepted_mean"] == "0.432" and folds[0]["model_central"] == ""
    cost, trust = parameters
    assert (cost["prior"], cost["central"], cost["best"], cost["sd ratio"]) == ("U[0, 4]", "1.23", "2.35", "0.68")
    assert (trust["prior"], trust["central"], trust["verdict (sd ratio)"]) == ("fixed 1.0", "", "fixed (not fitted)")
    assert actions[0]["P(object / political / material / troops)"] == "0.01 / 0.02 / 0.03 / 0.94"
    assert constrains[0]["narrowed by the members"] == "yes" and deployments[0]["its share of the troops"] == ""


def test_the_results_page_states_the_fit_and_its_seed(report):
    text = cr.results_markdown(report)
    assert "7.5% of the prior box accepted (objective `loglik` within 13.15 of the best" in text
    assert "; seed 4242." in text  # the seed itself, not a placeholder
    assert "1,234 of 16,384 prior points accepted; wall time 42 s." in text
    assert text.endswith(cr.tables_markdown(report))


def test_a_report_without_members_or_validation_has_no_such_tables(report):
    bare = copy.deepcopy(report)
    bare["validation"], bare["members"] = None, {}
    text = cr.tables_markdown(bare)
    assert "Out of sample" not in text and "What each member did" not in text
    assert len(tables_of(text)) == 5


def test_the_command_rerenders_from_a_saved_record(report, tmp_path):
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    cr.main([str(path)])
    assert (tmp_path / cr.TABLES).read_text(encoding="utf-8") == cr.tables_markdown(report)
