"""The strict readers every data file goes through: UTF-8 only, YAML without duplicate keys."""

from __future__ import annotations

import pytest

from sim.errors import InputError
from sim.inputs.files import read_text, read_yaml


def test_a_valid_mapping_reads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("a: 1\nb: [x, y]\n", encoding="utf-8")
    assert read_yaml(path, "ok.yaml") == {"a": 1, "b": ["x", "y"]}


@pytest.mark.parametrize("text,message", [
    ("a: 1\na: 2\n", r"ok.yaml = \"duplicate key 'a' near line 2\""),
    ("a: [1\n", r'ok.yaml = "malformed YAML'),
    ("- 1\n- 2\n", r"ok.yaml = 'list': a YAML mapping at the top level"),
])
def test_bad_yaml_is_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        read_yaml(path, "ok.yaml")
    assert "\n" not in str(err.value)


def test_missing_and_undecodable_files_name_themselves(tmp_path):
    with pytest.raises(InputError, match="an existing file"):
        read_text(tmp_path / "nope.csv", "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a,b\n\xff\n")
    with pytest.raises(InputError, match=r"bad.csv = 'byte 4 is not UTF-8': a UTF-8 text file"):
        read_text(bad, "bad.csv")
