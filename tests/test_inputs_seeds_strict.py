"""Corrupted seed files fail with one line naming the file, the entry and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_seeds

from sim.errors import InputError
from sim.inputs.seeds import load_seeds


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def members_block(seeds: Path, code: str) -> str:
    text = (seeds / "members.yaml").read_text(encoding="utf-8")
    start = text.index(f"- iso3: {code}")
    end = text.find("\n- iso3:", start + 1)
    return text[start:] if end < 0 else text[start:end + 1]


CASES = {
    "reversed duplicate tie": (lambda s: append(s / "ties.csv", "BLR,RUS,0.1,,assumption: test\n"),
                               r"ties.csv: line \d+ = 'BLR,RUS': each pair once, in either order"),
    "self tie": (lambda s: append(s / "ties.csv", "RUS,RUS,0.1,,assumption: test\n"),
                 r"ties.csv: line \d+\.b = 'RUS': an actor other than RUS"),
    "unknown actor in a tie": (lambda s: append(s / "ties.csv", "RUS,XXX,0.1,,assumption: test\n"),
                               r"ties.csv: line \d+\.b = 'XXX': a member or a known outside actor"),
    "duplicate member": (lambda s: append(s / "members.yaml", members_block(s, "KAZ")),
                         r"members.yaml: members\[\d+\]\.iso3 = 'KAZ': each member once"),
    "duplicate yaml key": (lambda s: replace_once(s / "episodes.yaml", "  - id: kazakhstan_2022\n",
                                                  "  - id: kazakhstan_2022\n    requester: KAZ\n"),
                           r"episodes.yaml = \"duplicate key 'requester'"),
    "duplicate episode id": (lambda s: replace_once(s / "episodes.yaml", "  - id: kyrgyzstan_2010\n",
                                                    "  - id: kyrgyzstan_1999\n"),
                             r"episodes\[\d+\]\.id = 'kyrgyzstan_1999': each episode id once"),
    "unknown adversary": (lambda s: replace_once(s / "episodes.yaml", "adversary: AZE", "adversary: ZZZ"),
                          r"armenia_2021\.adversary = 'ZZZ': allowed: "),
    "readiness shares above 1": (lambda s: replace_once(s / "members.yaml", "readiness_share:\n      value: 0.",
                                                       "readiness_share:\n      value: 0.9"),
                                 r"members.yaml: forces.readiness_share = [\d.]+: shares .* at most 1"),
    "left before signed": (lambda s: replace_once(s / "members.yaml", "left: null", "left:\n    value: '1990-01-01'\n"
                                                  "    assumption: test"),
                           r"members.yaml: RUS\.left = '1990-01-01': a date after signed"),
    "unknown leading state": (lambda s: replace_once(s / "alliance.yaml", "  value: RUS\n", "  value: RSU\n"),
                              r"alliance\.yaml\.leading_state\.value = 'RSU': allowed: ARM, AZE, BLR"),
    "unknown member in untied_pairs": (lambda s: replace_once(s / "alliance.yaml", "[RUS-KGZ,", "[RUS-XXX,"),
                                       r"alliance\.yaml\.untied_pairs\.value\[0\] = 'RUS-XXX': pairs 'AAA-BBB' of two members"),
    "event without its key": (lambda s: replace_once(s / "alliance.yaml", "    key: treaty_in_force\n", ""),
                              r"alliance\.yaml\.events\[1\]\.key = None: required$"),
    "front missing": (lambda s: replace_once(s / "members.yaml", "    internal:\n      value: 0.5\n", "    intern:\n      value: 0.5\n"),
                      r"members\.yaml: RUS\.threat_priorities\.intern = .*: an unknown key; allowed keys: caucasus, internal, southern, "
                      r"western \(1 more problem in this record\)$"),
    "both source and assumption": (lambda s: replace_once(s / "members.yaml", "    source: 000_b864a2c696621e71.txt ¶3\n",
                                                          "    source: 000_b864a2c696621e71.txt ¶3\n    assumption: x\n"),
                                   r"members\.yaml: RUS\.signed = \{.*\}: exactly one of 'source' or 'assumption'$"),
    "troops as text": (lambda s: replace_once(s / "episodes.yaml", "observed_troops: 2500", "observed_troops: '2500'"),
                       r"episodes\.yaml: kazakhstan_2022\.observed_troops = '2500': a whole number >= 1$"),
    "ties column misspelt": (lambda s: replace_once(s / "ties.csv", "a,b,affinity,", "a,b,afinity,"),
                             r"ties\.csv: line 2\.afinity = '-0\.6': an unknown key; allowed keys: a, affinity, assumption, b, source"),
    "not utf-8": (lambda s: (s / "ties.csv").write_bytes((s / "ties.csv").read_bytes() + b"\xff\xfe,x\n"),
                  r"seeds/ties.csv = 'byte \d+ is not UTF-8': a UTF-8 text file"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_corrupted_seed_file_is_one_line_naming_the_entry(case, tmp_path):
    corrupt, message = CASES[case]
    seeds = copy_seeds(tmp_path)
    corrupt(seeds)
    with pytest.raises(InputError, match=message) as err:
        load_seeds(seeds)
    assert "\n" not in str(err.value)


def test_the_command_reports_a_corrupted_seed_file_in_one_line_and_writes_nothing(tmp_path):
    from conftest import sim

    seeds = copy_seeds(tmp_path)
    CASES["reversed duplicate tie"][0](seeds)
    work = tmp_path / "work"
    work.mkdir()
    proc = sim(f"alliance.seeds_dir={seeds}", "replications=100", cwd=work)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "each pair once" in proc.stderr
    assert not any(work.rglob("*.json"))
