"""The seed files: they load, every citation points into the sources, bad files fail clearly."""

import datetime as dt

import pytest
from conftest import SHARED_SEEDS, copy_seeds

from sim.errors import InputError
from sim.inputs.seeds import all_citations, load_seeds


def test_seeds_load_with_the_six_current_members():
    seeds = load_seeds()
    assert seeds.members_on(dt.date(2022, 1, 6)) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def test_membership_follows_the_sources():
    seeds = load_seeds()
    assert seeds.members_on(dt.date(1992, 6, 1)) == ["ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert set(seeds.members_on(dt.date(1994, 1, 1))) >= {"AZE", "GEO", "BLR"}
    assert "UZB" not in seeds.members_on(dt.date(1999, 8, 1))


def test_alliance_state_is_read_by_date():
    hist = load_seeds().alliance
    assert not hist.state_at(dt.date(1993, 1, 1))["treaty_in_force"]
    assert hist.state_at(dt.date(1999, 8, 1))["treaty_in_force"]
    assert not hist.state_at(dt.date(1999, 8, 1))["organisation"]
    assert hist.state_at(dt.date(2010, 6, 1))["organisation"]


def test_episodes_code_the_four_calibration_cases_and_one_validation_case():
    eps = load_seeds().episodes
    roles = {k: e.role for k, e in eps.items()}
    assert sorted(k for k, r in roles.items() if r == "calibration") == [
        "kazakhstan_2022", "kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021"]
    assert roles["armenia_2021"] == "validation"
    assert eps["kazakhstan_2022"].observed_outcome == "troops"
    assert eps["kazakhstan_2022"].observed_troops == 2500
    assert all(eps[k].observed_outcome == "none" for k in eps if k.startswith("kyrgyzstan"))


def test_ties_graph_holds_the_sourced_hostilities():
    g = load_seeds().ties
    assert g.edges["KGZ", "TJK"]["affinity"] < 0
    assert g.edges["ARM", "AZE"]["affinity"] < 0


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_every_citation_points_to_an_existing_paragraph_of_a_source():
    citations = all_citations()
    assert len(citations) > 30
    for where, name, para in citations:
        path = SHARED_SEEDS / name
        assert path.is_file(), f"{where} cites missing {name}"
        lines = path.read_text(encoding="utf-8").splitlines()
        assert 1 <= para <= len(lines) and lines[para - 1].strip(), f"{where} cites {name} ¶{para}: empty or absent"



def test_missing_seed_file_is_named(tmp_path):
    seeds = copy_seeds(tmp_path)
    (seeds / "episodes.yaml").unlink()
    with pytest.raises(InputError, match="episodes.yaml.*an existing file"):
        load_seeds(seeds)


def test_malformed_yaml_is_reported_with_its_file(tmp_path):
    seeds = copy_seeds(tmp_path)
    (seeds / "members.yaml").write_text("members: [unclosed\n")
    with pytest.raises(InputError, match="members.yaml.*malformed YAML"):
        load_seeds(seeds)


def test_threat_priority_out_of_range_names_the_field(tmp_path):
    seeds = copy_seeds(tmp_path)
    text = (seeds / "members.yaml").read_text()
    (seeds / "members.yaml").write_text(text.replace("value: 0.7", "value: 1.7", 1))
    with pytest.raises(InputError, match=r"members\.yaml: BLR\.threat_priorities\.internal\.value = 1.7: a number in \[0, 1\]"):
        load_seeds(seeds)


def test_value_without_source_or_assumption_is_rejected(tmp_path):
    seeds = copy_seeds(tmp_path)
    text = (seeds / "ties.csv").read_text().splitlines()
    text[1] = "KGZ,TJK,-0.6,,"
    (seeds / "ties.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(InputError, match="ties.csv: line 2"):
        load_seeds(seeds)


def test_unknown_requester_in_episodes_lists_members(tmp_path):
    seeds = copy_seeds(tmp_path)
    text = (seeds / "episodes.yaml").read_text()
    (seeds / "episodes.yaml").write_text(text.replace("requester: KAZ", "requester: XXX"))
    with pytest.raises(InputError, match="requester = 'XXX': allowed: .*KAZ"):
        load_seeds(seeds)
