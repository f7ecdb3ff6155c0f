"""experiments/*.py end to end at tiny sizes: results, tables and plots on disk, re-analysis without re-running."""

import importlib.util

import pytest
import yaml
from conftest import PROJECT

from sim.explore import design as ex

TINY = {"sensitivity": {"n": 8, "replications": 20}, "heatmap": {"steps": 3, "replications": 20},
        "discovery": {"samples": 60, "replications": 20}}
FILES = {"sensitivity": ["indices.csv", "sensitivity.png"], "heatmap": ["grid.csv", "heatmap.png"],
         "discovery": ["rules.txt", "discovery.png"]}


def script(name):
    spec = importlib.util.spec_from_file_location(f"experiment_{name}", PROJECT / "experiments" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tiny_config(tmp_path_factory):
    settings = yaml.safe_load((PROJECT / "configs" / "experiments.yaml").read_text())
    for name, sizes in TINY.items():
        settings[name]["quick"] = sizes
    path = tmp_path_factory.mktemp("cfg") / "tiny.yaml"
    path.write_text(yaml.safe_dump(settings))
    return path


@pytest.mark.filterwarnings("ignore:Constant values encountered")  # tiny designs: some outputs constant
@pytest.mark.parametrize("name", ["sensitivity", "heatmap", "discovery"])
def test_experiment_runs_writes_results_and_reanalyses_from_disk(name, tiny_config, tmp_path, capsys, monkeypatch):
    args = ["--quick", "--config", str(tiny_config), "--out", str(tmp_path), "--jobs", "1", "--no-progress"]
    script(name).main(args)
    first = capsys.readouterr().out
    for file in ["experiments.parquet", "outcomes.parquet", "design.json", *FILES[name]]:
        assert (tmp_path / file).is_file(), file
    assert (tmp_path / FILES[name][1]).read_bytes()[:4] == b"\x89PNG"
    table = (tmp_path / FILES[name][0]).read_text()
    monkeypatch.setattr(ex, "run_design", lambda *a, **k: pytest.fail("--analyse-only re-ran the model"))
    script(name).main([*args, "--analyse-only"])
    assert (tmp_path / FILES[name][0]).read_text() == table
    assert capsys.readouterr().out.splitlines()[1:] == first.splitlines()[1:]  # line 0 holds the time


def test_a_bad_setting_exits_with_a_one_line_error(tiny_config, tmp_path, capsys):
    settings = yaml.safe_load(tiny_config.read_text())
    settings["heatmap"]["x"] = "nerve"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(settings))
    with pytest.raises(SystemExit) as exit_info:
        script("heatmap").main(["--quick", "--config", str(bad), "--out", str(tmp_path / "out"), "--no-progress"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: heatmap.x = 'nerve': allowed:") and "\n" not in err
    assert not (tmp_path / "out").exists()
