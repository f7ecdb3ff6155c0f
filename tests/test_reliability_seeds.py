"""Seed files checked as wholes (issue 24): complete, in order, known keys only, no YAML aliases.

Each case corrupts a copy of the real seeds and calls the loaders the run uses, so the tests are
fast; the real seeds must still load (the last test).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import copy_seeds

from sim.errors import InputError
from sim.inputs.actions import load_member_actions
from sim.inputs.evidence import load_evidence
from sim.inputs.leverage import load_leverage
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seeds import load_seeds


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_all(seeds: Path) -> None:
    load_seeds(seeds)
    load_evidence(seeds)
    load_member_actions(seeds)
    load_leverage(seeds)


def header_only(s: Path) -> None:
    (s / "ties.csv").write_text((s / "ties.csv").read_text().splitlines()[0] + "\n")


def drop_tie(s: Path) -> None:
    lines = [x for x in (s / "ties.csv").read_text().splitlines() if not x.startswith("RUS,KAZ,")]
    (s / "ties.csv").write_text("\n".join(lines) + "\n")


def cut_half(s: Path) -> None:
    """Keep the first half of the lines, ending at a whole record (a cut mid-record is refused too,
    but for its broken record, not for the sections it lost)."""
    lines = (s / "dated.yaml").read_text().splitlines(keepends=True)
    half = len(lines) // 2
    while not lines[half].startswith("  - "):
        half -= 1
    (s / "dated.yaml").write_text("".join(lines[:half]))


def cut_series(s: Path) -> None:
    """Drop the last KGZ-TJK tie record: the tie would fall back to ties.csv from 2022 on."""
    edit(s / "dated.yaml", '    from: "2022-01-27"\n    until: null\n', '    from: "2022-01-27"\n    until: "2023-01-01"\n')


def duplicate_membership(s: Path) -> None:
    path = s / "evidence" / "membership.yaml"
    text = path.read_text()
    start = text.index("  - date: \"1993-09-24\"")
    end = text.index("  - date:", start + 1)
    path.write_text(text[:end] + text[start:end] + text[end:])


def move_treaty_in_force_last(s: Path) -> None:
    """The list stays in date order; only the milestones' own order is broken."""
    path = s / "alliance.yaml"
    text = path.read_text()
    start = text.index('  - date: "1994-04-20"')
    end = text.index("  - date:", start + 1)
    block = text[start:end].replace("1994-04-20", "2030-04-20")
    text = text[:start] + text[end:]
    at = text.index("\ntreaty_term_years:")
    path.write_text(text[:at] + "\n" + block.rstrip("\n") + text[at:])


CASES = {
    "ties.csv with only its header": (header_only, r"ties\.csv: [A-Z]{3}-[A-Z]{3} = 'missing': a row for every pair"),
    "a member pair's tie removed": (drop_tie, r"ties\.csv: KAZ-RUS = 'missing'"),
    "dated.yaml cut at half its lines": (cut_half, r"dated\.yaml: drivers, premises, facts = 'missing or empty'"),
    "a dated tie series ending early": (cut_series, r"\.until = '2023-01-01': null on the last tie KGZ-TJK"),
    "treaty_in_force moved to 2030": (
        lambda s: edit(s / "alliance.yaml", 'date: "1994-04-20"', 'date: "2030-04-20"'),
        r"events\[2\]\.date = 'treaty_renewed 1999-04-02': events in date order: on or after treaty_in_force \(2030-04-20\)"),
    "treaty_in_force moved to 2030, listed last": (
        move_treaty_in_force_last,
        r"alliance\.yaml\.events\.treaty_in_force = '2030-04-20': a date on or before treaty_renewed \(1999-04-02\): "
        r"order treaty_signed < treaty_in_force < treaty_renewed < organisation"),
    "a duplicate membership event": (duplicate_membership, r"membership\.yaml\[\d+\] = '1993-09-24 signed AZE': each event once"),
    "an unknown key in members.yaml": (
        lambda s: edit(s / "members.yaml", "  name: Russia\n", "  name: Russia\n  colour: red\n"),
        r"members\.yaml: RUS\.colour = 'red': an unknown key; allowed keys: forces, iso3, left, name, signed, threat_priorities"),
    "an unknown key in a sourced value": (
        lambda s: edit(s / "members.yaml", "    value: '1992-05-15'\n", "    value: '1992-05-15'\n    vlaue: 1\n"),
        r"members\.yaml: RUS\.signed\.vlaue = 1: an unknown key; allowed keys: assumption, note, source, value"),
    "an unknown key in alliance.yaml": (
        lambda s: edit(s / "alliance.yaml", "treaty_term_years:", "treaty_term_yaers: 3\ntreaty_term_years:"),
        r"alliance\.yaml\.treaty_term_yaers = 3: an unknown key; allowed keys: area_of_responsibility"),
    "an unknown key in episodes.yaml": (
        lambda s: edit(s / "episodes.yaml", "  - id: kazakhstan_2022\n", "  - id: kazakhstan_2022\n    requestor: KAZ\n"),
        r"episodes\.yaml: kazakhstan_2022\.requestor = 'KAZ': an unknown key; allowed keys: adversary,"),
    "an unknown key in dated.yaml": (
        lambda s: edit(s / "dated.yaml", "    b: TJK\n", "    b: TJK\n    vaule: 0.3\n"),
        r"dated\.yaml\[ties\[0\]\]\.vaule = 0\.3: an unknown key; allowed keys: a, assumption, b, from"),
    "an unknown key in evidence/episodes.yaml": (
        lambda s: edit(s / "evidence" / "episodes.yaml", "  - id: kazakhstan_2022\n",
                       "  - id: kazakhstan_2022\n    outcom: troops\n"),
        r"episodes\.yaml\[kazakhstan_2022\]\.outcom = 'troops': an unknown key; allowed keys: actors, actors_note"),
    "an unknown key in membership.yaml": (
        lambda s: edit(s / "evidence" / "membership.yaml", "    confidence: H\n", "    confidnce: H\n    confidence: H\n"),
        r"membership\.yaml\[0\]\.confidnce = 'H': an unknown key; allowed keys: citations, confidence"),
    "an unknown key in member_actions.yaml": (
        lambda s: edit(s / "evidence" / "member_actions.yaml", "    role: requester\n", "    rol: requester\n"),
        r"member_actions\.yaml.*\.rol = 'requester': an unknown key; allowed keys: action, citations"),
    "an unknown key in leverage.yaml": (
        lambda s: edit(s / "evidence" / "leverage.yaml", "  - member: ARM\n", "  - member: ARM\n    sorce: x\n"),
        r"leverage\.yaml.*\.sorce = 'x': an unknown key; allowed keys: citations, confidence"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_incomplete_or_disordered_seed_file_is_one_line_naming_what_is_wrong(case, tmp_path):
    corrupt, message = CASES[case]
    seeds = copy_seeds(tmp_path)
    corrupt(seeds)
    with pytest.raises(InputError, match=message) as err:
        load_all(seeds)
    assert "\n" not in str(err.value)


def test_an_alias_bomb_fails_in_well_under_a_second(tmp_path):
    seeds = copy_seeds(tmp_path)
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    edit(seeds / "episodes.yaml", "episodes:", "l0: &l0 [x]\n" + bomb + "episodes:")
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"episodes\.yaml = 'YAML anchor &l0 near line \d+': a valid YAML file "
                       r"without duplicate keys, anchors or aliases") as err:
        load_seeds(seeds)
    assert time.perf_counter() - start < 0.5
    assert "\n" not in str(err.value)


def test_an_alias_alone_is_refused(tmp_path):
    seeds = copy_seeds(tmp_path)
    edit(seeds / "dated.yaml", "    b: TJK\n", "    b: *x\n")
    with pytest.raises(InputError, match=r"'YAML alias \*x near line"):
        load_evidence(seeds)


def test_the_real_seed_files_pass_every_whole_file_check():
    seeds = load_seeds(SEEDS_DIR)
    evidence = load_evidence(SEEDS_DIR)
    assert len(seeds.members) == 9 and evidence.dated
    assert re.search(r"untied_pairs", (SEEDS_DIR / "alliance.yaml").read_text())
