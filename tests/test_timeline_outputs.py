"""`python -m sim mode=timeline` as a user runs it, and what sim/outputs/timeline.py writes."""

import json

import pandas as pd
import pytest
from conftest import sim


@pytest.mark.slow
def test_timeline_mode_writes_json_table_and_plots(tmp_path):
    out = tmp_path / "run"
    proc = sim("mode=timeline", "timeline.replications=40", "seed=3", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "renewal 1999-04-02" in proc.stdout
    summary = json.loads((out / "timeline.json").read_text())
    assert summary["replications"] == 40 and summary["seed"] == 3
    assert "cohesion_index_definition" in summary and summary["cohesion"]
    assert "p_exact" in summary["renewal_patterns"]["1999-04-02"]
    table = pd.read_parquet(out / "timeline.parquet")
    assert {"replication", "date", "member", "trust", "active", "decision", "status"} <= set(table.columns)
    assert table["replication"].nunique() == 40 and table["member"].nunique() == 9
    assert table.groupby(["replication", "date", "event", "member"], observed=True).size().max() == 1
    for png in ("timeline.png", "trust.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_mode_fails_with_one_line_and_no_files(tmp_path):
    out = tmp_path / "outputs" / "bad"
    proc = sim("mode=replay", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == ["error: mode = 'replay': allowed: scenario, timeline"]
    assert not out.exists()
