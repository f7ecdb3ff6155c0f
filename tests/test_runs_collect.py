"""sim.collect on a synthetic multirun directory: finished jobs become tidy rows, unfinished ones are counted."""

import pandas as pd
import pytest
from conftest import make_cfg

from sim import collect as collect_command
from sim.errors import InputError
from sim.inputs.spec import to_container
from sim.outputs.files import write_run
from sim.runs import collect
from sim.runs.scenario import run

MEMBERS = 6  # members on the scenarios' dates
ROWS = 3 + 3 + MEMBERS  # per job: the collective outcome's three shares, the answer's three, the members


@pytest.fixture(scope="module")
def multirun(tmp_path_factory):
    """Three finished jobs (two swept values x scenarios) and one killed mid-way."""
    root = tmp_path_factory.mktemp("multirun")
    jobs = [("kazakhstan_2022", 0.5), ("kazakhstan_2022", 2.0), ("kyrgyzstan_1999", 0.5)]
    for num, (scenario, cost) in enumerate(jobs):
        overrides = [f"scenario={scenario}", f"decision.weights.cost={cost}", "replications=300", "seed=11",
                     "progress=false"]
        cfg = make_cfg(*overrides, "output.plots=false")
        result = run(cfg)
        result.summary["overrides"] = overrides
        write_run(root / f"{num}_job", result, to_container(cfg), plots_on=False)
    killed = root / "3_job"
    killed.mkdir()
    (killed / "config.yaml").write_text("replications: 300\n")
    (killed / ".replications.parquet.abc.tmp").write_bytes(b"half a file")
    (root / "multirun.yaml").write_text("hydra: {}\n")
    return root


def test_collect_keeps_finished_jobs_and_counts_the_incomplete_one(multirun):
    result = collect.collect(multirun)
    assert [p.name for p in result.incomplete] == ["3_job"]
    assert len(result.summary) == 3
    assert len(result.table) == 3 * ROWS  # one row per job and outcome/member
    assert set(result.parameters) == {"scenario", "decision.weights.cost", "replications", "seed"}


def test_table_is_tidy_with_swept_parameters_and_seed_as_columns(multirun):
    table = collect.collect(multirun).table
    for column in ("job", "scenario", "decision.weights.cost", "seed", "kind", "name", "p"):
        assert column in table
    assert sorted(table["decision.weights.cost"].unique()) == [0.5, 2.0]
    assert (table["seed"] == 11).all()
    for kind in ("outcome", "answer"):
        shares = table[table["kind"] == kind]
        assert shares.groupby("job", observed=True)["p"].sum().to_numpy() == pytest.approx([1.0, 1.0, 1.0]), kind
    members = table[table["kind"] == "member"]
    assert set(members["name"]) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert members.groupby("job").size().eq(MEMBERS).all()


def test_summary_matches_each_jobs_summary_json(multirun):
    result = collect.collect(multirun)
    by_job = result.summary.set_index("job")
    for kind, column in (("outcome", "p_troops"), ("answer", "p_answer_troops")):
        tidy = result.table[(result.table["kind"] == kind) & (result.table["name"] == "troops")]
        assert by_job.loc[tidy["job"], column].to_numpy() == pytest.approx(tidy["p"].to_numpy())
    # the answer counts the collective outcome and Russia's bilateral help: never less than the outcome
    assert (by_job["p_answer_none"] <= by_job["p_none"] + 1e-12).all()
    assert {"p_bilateral_material", "p_bilateral_troops"} <= set(by_job.columns)


def test_cli_writes_parquet_and_csv_and_reports_incomplete(multirun, capsys):
    collect_command.main([str(multirun), "--partial"])
    out = capsys.readouterr().out
    assert "collected 3 finished jobs, ignored 1 incomplete" in out
    assert len(pd.read_parquet(multirun / collect.TABLE)) == 3 * ROWS
    assert len(pd.read_csv(multirun / collect.CSV)) == 3
    assert not list(multirun.glob(".*.tmp"))


def test_a_missing_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="multirun dir"):
        collect.collect(tmp_path / "nope")
