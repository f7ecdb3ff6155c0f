"""A timeline re-run clears what it will not rewrite (issue 24), like a scenario re-run: no earlier
figures, and no scenario run's files, beside the new timeline.json."""

from __future__ import annotations

import json

import pandas as pd

from sim.outputs.files import write_run
from sim.outputs.timeline import write_timeline
from sim.timeline.replay import TimelineResult


def _plant(folder, names):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"old run")


def test_a_timeline_rerun_without_plots_removes_the_earlier_figures_and_a_scenario_runs_files(tmp_path):
    out = tmp_path / "run"
    _plant(out, ["timeline.png", "trust.png", "timeline.json", "summary.json", "members.parquet", "outcome.png",
                 "notes.txt"])
    result = TimelineResult(table=pd.DataFrame({"replication": [0]}), summary={"replications": 1},
                            replay=None, world=None)  # type: ignore[arg-type]
    written = write_timeline(out, result, {"mode": "timeline"}, plots_on=False)
    assert sorted(p.name for p in out.iterdir()) == ["config.yaml", "notes.txt", "timeline.json", "timeline.parquet"]
    assert [p.name for p in written] == ["config.yaml", "timeline.parquet", "timeline.json"]
    assert json.loads((out / "timeline.json").read_text()) == {"replications": 1}


def test_a_scenario_run_into_a_timeline_folder_removes_the_timeline_files(tmp_path):
    from types import SimpleNamespace

    out = tmp_path / "run"
    _plant(out, ["timeline.png", "trust.png", "timeline.json", "timeline.parquet"])
    result = SimpleNamespace(replications=pd.DataFrame({"r": [0]}), members=pd.DataFrame(), summary={"x": 1})
    write_run(out, result, {"mode": "scenario"}, plots_on=False)  # type: ignore[arg-type]
    assert sorted(p.name for p in out.iterdir()) == ["config.yaml", "replications.parquet", "summary.json"]
