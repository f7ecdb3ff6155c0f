"""A date beyond the record is said, not silent (issue 24): which inputs are read as of their last
dated value."""

from __future__ import annotations

import datetime as dt

from conftest import make_cfg

from sim.inputs.evidence import load_evidence
from sim.inputs.extrapolation import extrapolation_note, record_end
from sim.runs.scenario import run


def test_a_date_after_the_record_names_the_extrapolated_inputs():
    evidence = load_evidence()
    end = record_end(evidence)
    assert extrapolation_note(end, evidence) is None
    note = extrapolation_note(dt.date(2099, 1, 1), evidence)
    assert note is not None and "\n" not in note
    assert note.startswith(f"scenario.date = 2099-01-01 is after the record (it ends {end}): extrapolated")
    for kind in ("ties", "threats", "commitments", "drivers", "premises", "facts", "membership"):
        assert f"{kind} (last change " in note


def test_a_run_dated_2099_records_the_warning_and_one_inside_the_record_does_not():
    far = run(make_cfg("scenario=kazakhstan_2022", "scenario.date=2099-01-01", "replications=50"))
    assert far.summary["extrapolated"].startswith("scenario.date = 2099-01-01 is after the record")
    near = run(make_cfg("scenario=kazakhstan_2022", "replications=50"))
    assert "extrapolated" not in near.summary
