"""How far to trust a run: the out-of-sample forecast beside an in-sample historical run."""

from __future__ import annotations

import json

from sim.outputs.files import format_table
from sim.outputs.trust import VALIDATION_JSON, out_of_sample, trust_line


def test_a_validated_episode_has_its_leave_one_out_forecast():
    rows = {e["id"]: e for e in json.loads(VALIDATION_JSON.read_text(encoding="utf-8"))["per_episode"]}
    oos = out_of_sample("kazakhstan_2022")
    assert oos is not None and oos["model"] == rows["kazakhstan_2022"]["model_loo"]
    assert out_of_sample("tajikistan_taliban_incursion") is None and out_of_sample(None) is None


def test_the_printed_table_says_which_numbers_are_in_sample(tmp_path):
    from conftest import make_cfg

    from sim.runs.scenario import run

    summary = run(make_cfg("decision=calibrated", "replications=200", "progress=false")).summary
    assert "out of sample" in format_table(summary) and "in sample" in trust_line(summary)
    hypothetical = run(make_cfg("decision=calibrated", "scenario=tajikistan_taliban_incursion", "replications=200",
                                "progress=false")).summary
    assert "out of sample" not in format_table(hypothetical)


def test_a_missing_validation_file_is_no_error(tmp_path):
    assert out_of_sample("kazakhstan_2022", tmp_path / "absent.json") is None
