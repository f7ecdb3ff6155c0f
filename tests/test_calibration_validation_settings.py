"""configs/validation.yaml is checked against a structured schema (issue 23): a wrong type, an unknown
key or a value out of range is one line naming the field; every value is stated once, in the YAML."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from omegaconf import MISSING

from sim.calibration import validation as v
from sim.errors import InputError
from sim.inputs.config_shapes import ValidationConfig

TEXT = v.SETTINGS.read_text(encoding="utf-8")
BAD = {
    "samples: true": (("samples: null", "samples: true"), r"validation\.samples = True"),
    "a negative smoothing": (("smoothing: null", "smoothing: -1"), r"validation\.smoothing = -1\.0: a number > 0"),
    "an unknown coding": (("coding: evidence", "coding: foo"), r"validation\.coding = 'foo': allowed: evidence, seeds"),
    "an unknown key": (("seed: 20240101", "seed: 20240101\nsamplez: 3"), r"validation\.samplez = 'unknown key'"),
    "origins out of order": (("origins: [2005, 2012, 2020]", "origins: [2012, 2005]"),
                             r"validation\.origins = \[2012, 2005\]: distinct years in increasing order"),
    "a share above 1": (("leeds_before_1945: 0.75", "leeds_before_1945: 75"),
                        r"honoured_share_literature\.leeds_before_1945 = 75\.0: a number in \[0, 1\]"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_validation_settings_are_one_line_naming_the_field(case: str, tmp_path: Path) -> None:
    (old, new), message = BAD[case]
    assert old in TEXT
    path = tmp_path / "validation.yaml"
    path.write_text(TEXT.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        v.load_settings(path)
    assert "\n" not in str(err.value)


def test_the_committed_settings_load_and_every_default_is_stated_once_in_the_yaml() -> None:
    from sim.inputs.compose import compose_config

    settings, search = v.load_settings(), compose_config([], "calibrate").search
    assert settings.coding in ("evidence", "seeds")
    # the screen's sizes are the calibration's, stated there only (validation.yaml says null)
    assert (settings.samples, settings.replications, settings.smoothing) == (search.samples, search.replications,
                                                                            search.smoothing)
    assert all(f.default is MISSING for f in dataclasses.fields(ValidationConfig))


def test_a_missing_settings_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="an existing YAML file"):
        v.load_settings(tmp_path / "nope.yaml")
