"""`python -m sim.calibrate` as a user runs it: files on disk, --help, one-line errors, and the
committed calibrated.yaml left alone."""

import hashlib
import json
import subprocess

from conftest import CALIBRATION_SMALL as SMALL
from conftest import PROJECT, run_module

COMMITTED = PROJECT / "configs" / "decision" / "calibrated.yaml"


def calibrate(*args: str, cwd) -> subprocess.CompletedProcess:
    return run_module("sim.calibrate", *args, cwd=cwd)


def digest() -> str:
    return hashlib.sha256(COMMITTED.read_bytes()).hexdigest()


def test_small_calibration_from_the_cli_writes_its_files_to_tmp_only(tmp_path):
    before = digest()
    out, target = tmp_path / "run", tmp_path / "calibrated.yaml"
    proc = calibrate(*SMALL, f"hydra.run.dir={out}", f"config_path={target}", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "accepted" in proc.stdout and "armenia_2021" in proc.stdout
    report = json.loads((out / "calibration.json").read_text())
    assert report["command"].startswith("python -m sim.calibrate")
    assert (out / "calibration_predictions.png").is_file() and (out / "calibration_weights.png").is_file()
    assert target.is_file()
    assert digest() == before


def test_help_and_bad_input(tmp_path):
    help_proc = calibrate("--help", cwd=tmp_path)
    assert help_proc.returncode == 0 and "prior" in help_proc.stdout and "calibrated.yaml" in help_proc.stdout
    out = tmp_path / "bad"
    proc = calibrate("prior.front.low=5", "write_config=false", f"hydra.run.dir={out}", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith("error: prior.front.high")
    assert not out.exists()
    typo = calibrate("search.sample=5", cwd=tmp_path)
    assert typo.returncode == 2 and len(typo.stderr.strip().splitlines()) == 1
