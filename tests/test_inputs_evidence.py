"""The evidence records: they load under both codings, dated inputs follow their dates, and every
kind of bad input fails with the file, the record and the field named."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_seeds, edit_yaml

from sim.errors import InputError
from sim.inputs.evidence import OUTSIDE_ACTORS, known_actors, load_evidence

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DISAGREEING = {"kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021", "armenia_2021",
               "kazakhstan_2022"}
SEED_EPISODES = {"kyrgyzstan_1999": "C03", "kyrgyzstan_2010": "C07", "kyrgyzstan_tajikistan_2021": "C12",
                 "armenia_2021": "C13", "kazakhstan_2022": "C16"}


def test_evidence_loads_every_row_of_the_csv():
    ev = load_evidence(SEEDS)
    assert len(ev.episodes) == 23
    assert len({e.evidence_id for e in ev.episodes.values()}) == 23
    assert len(ev.membership) >= 23


def test_the_five_seed_episodes_keep_their_ids_and_map_to_csv_rows():
    ev = load_evidence(SEEDS)
    assert {k: ev.episodes[k].evidence_id for k in SEED_EPISODES} == SEED_EPISODES
    assert all(ev.episodes[k].in_seeds for k in SEED_EPISODES)


def test_codings_differ_exactly_on_the_disagreeing_episodes():
    evidence, seeds = load_evidence(SEEDS, "evidence"), load_evidence(SEEDS, "seeds")
    assert set(evidence.episodes) == set(seeds.episodes)
    differing = {k for k in evidence.episodes if evidence.episodes[k] != seeds.episodes[k]}
    assert differing == DISAGREEING
    assert {k for k, e in seeds.episodes.items() if e.overridden} == DISAGREEING
    k99e, k99s = evidence.episodes["kyrgyzstan_1999"], seeds.episodes["kyrgyzstan_1999"]
    assert (k99e.request, k99e.outcome) == ("informal", "partial")
    assert (k99s.request, k99s.outcome) == ("formal", "none")
    assert evidence.episodes["kazakhstan_2022"].first_request is False
    assert seeds.episodes["kazakhstan_2022"].first_request is True
    assert seeds.episodes["kazakhstan_2022"].deployed == dt.date(2022, 1, 7)


def test_seeds_coding_keeps_evidence_only_episodes_but_flags_them():
    seeds = load_evidence(SEEDS, "seeds")
    assert len(seeds.episodes) == 23
    assert not seeds.episodes["kyrgyzstan_tajikistan_2014"].in_seeds
    coded = {e.id for e in seeds.coded_episodes()}
    assert SEED_EPISODES.keys() <= coded and "kyrgyzstan_tajikistan_2014" not in coded
    assert len(load_evidence(SEEDS, "evidence").coded_episodes()) == 23


def test_negative_controls_have_no_request_and_no_collective_outcome():
    ev = load_evidence(SEEDS)
    controls = [e for e in ev.episodes.values() if e.negative_control]
    assert len(controls) >= 8
    assert all(e.request == "none" and e.outcome == "none" for e in controls)
    # the CSV's non-request rows (N..) are controls, except Belarus 2020, which asked Russia only
    non_requests = {e.id: e.request for e in ev.episodes.values() if e.evidence_id.startswith("N")}
    assert {k for k, r in non_requests.items() if r != "none"} == {"belarus_2020"}


def test_every_channel_and_provenance_occurs():
    ev = load_evidence(SEEDS)
    assert {e.request for e in ev.episodes.values()} == {"formal", "informal", "bilateral", "none", "political"}
    assert {e.provenance for e in ev.episodes.values()} == {"evidence", "both", "assumption"}


def test_kyrgyz_tajik_tie_turns_hostile_after_the_border_clashes():
    ev = load_evidence(SEEDS)
    before, after = ev.tie_on("KGZ", "TJK", dt.date(2010, 6, 12)), ev.tie_on("TJK", "KGZ", dt.date(2022, 1, 27))
    assert before is not None and after is not None and after < before < 0


def test_russian_forces_are_committed_in_ukraine_from_february_2022():
    ev = load_evidence(SEEDS)
    assert ev.commitment_on("RUS", dt.date(2021, 6, 1)) < ev.commitment_on("RUS", dt.date(2023, 6, 1))
    assert ev.commitment_on("RUS", dt.date(2022, 2, 23)) < ev.commitment_on("RUS", dt.date(2022, 2, 24))
    assert ev.commitment_on("KAZ", dt.date(2023, 6, 1)) == 0.0


def test_armenia_russia_ties_fall_after_2020():
    ev = load_evidence(SEEDS)
    values = [ev.tie_on("ARM", "RUS", dt.date(y, 6, 1)) for y in (2016, 2021, 2023, 2024)]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]


def test_rapid_reaction_forces_are_a_dated_fact():
    ev = load_evidence(SEEDS)
    assert ev.fact_on("collective_rapid_reaction_forces", dt.date(2008, 1, 1), default=False) is False
    assert ev.fact_on("collective_rapid_reaction_forces", dt.date(2010, 6, 12)) is True
    assert ev.fact_on("collective_rapid_deployment_forces", dt.date(1999, 8, 1), default=False) is False
    assert ev.fact_on("collective_rapid_deployment_forces", dt.date(2001, 6, 1)) is True


def test_threats_use_dated_values_and_fall_back_to_members_yaml():
    ev = load_evidence(SEEDS)
    assert ev.threat_on("KAZ", "internal", dt.date(2011, 12, 1)) < ev.threat_on("KAZ", "internal", dt.date(2022, 1, 5))
    assert ev.threat_on("KGZ", "southern", dt.date(1999, 8, 1)) == 1.0  # static, members.yaml


def test_untouched_ties_keep_their_ties_csv_value():
    ev = load_evidence(SEEDS)
    assert ev.tie_on("NATO", "RUS", dt.date(2000, 1, 1)) == -1.0
    assert ev.tie_on("RUS", "TJK", dt.date(2000, 1, 1)) is None


def test_membership_follows_the_evidence_uzbekistan_returned_2006_to_2012():
    ev = load_evidence(SEEDS)
    assert "UZB" not in ev.members_on(dt.date(1999, 8, 1))
    assert "UZB" in ev.members_on(dt.date(2010, 6, 12))
    assert "UZB" not in ev.members_on(dt.date(2013, 1, 1))
    assert "ARM" in ev.members_on(dt.date(2024, 6, 1)) and "ARM" not in ev.participating_on(dt.date(2024, 6, 1))


def test_outside_actors_are_one_constant_beside_the_members():
    assert known_actors(SEEDS) >= {"RUS", "AZE", "GEO", *OUTSIDE_ACTORS}


def test_unknown_coding_is_rejected():
    with pytest.raises(InputError, match="coding = 'best': allowed: evidence, seeds"):
        load_evidence(SEEDS, "best")


# --- bad input ------------------------------------------------------------------------------------




def episode(data: dict[str, Any], id_: str) -> dict[str, Any]:
    return next(e for e in data["episodes"] if e["id"] == id_)


def set_episode(id_: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: episode(data, id_).update(fields)


EPISODES = "evidence/episodes.yaml"
MEMBERSHIP = "evidence/membership.yaml"
DATED = "dated.yaml"


def add_dated(section: str, row: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda data: data[section].append(row)


BAD_EDITS = [
    pytest.param(EPISODES, set_episode("kyrgyzstan_1999", requester="XXX"),
                 r"seeds/evidence/episodes.yaml[kyrgyzstan_1999].requester = 'XXX'", id="unknown-member"),
    pytest.param(EPISODES, set_episode("armenia_2021", adversary="ZZZ"),
                 r"seeds/evidence/episodes.yaml[armenia_2021].adversary = 'ZZZ'", id="unknown-adversary"),
    pytest.param(EPISODES, set_episode("kyrgyzstan_2010", end="2010-06-01"),
                 r"seeds/evidence/episodes.yaml[kyrgyzstan_2010].end = '2010-06-01'", id="end-before-date"),
    pytest.param(EPISODES, set_episode("kyrgyzstan_1999", request="letter"),
                 r"seeds/evidence/episodes.yaml[kyrgyzstan_1999].request = 'letter': allowed:", id="unknown-channel"),
    pytest.param(EPISODES, set_episode("kazakhstan_2022", outcome="victory"),
                 r"seeds/evidence/episodes.yaml[kazakhstan_2022].outcome = 'victory'", id="unknown-outcome"),
    pytest.param(EPISODES, set_episode("armenia_2016", crisis_type="war"),
                 r"seeds/evidence/episodes.yaml[armenia_2016].crisis_type = 'war'", id="unknown-crisis-type"),
    pytest.param(EPISODES, set_episode("armenia_2016", front="northern"),
                 r"seeds/evidence/episodes.yaml[armenia_2016].front = 'northern'", id="unknown-front"),
    pytest.param(EPISODES, set_episode("belarus_2020", confidence="X"),
                 r"seeds/evidence/episodes.yaml[belarus_2020].confidence = 'X': allowed: H, L, M", id="bad-confidence"),
    pytest.param(EPISODES, set_episode("belarus_2020", provenance="rumour"),
                 r"seeds/evidence/episodes.yaml[belarus_2020].provenance = 'rumour'", id="bad-provenance"),
    pytest.param(EPISODES, set_episode("armenia_2023", citations=["000_b864a2c696621e71.txt para 3"]),
                 r"seeds/evidence/episodes.yaml[armenia_2023].citations", id="bad-citation"),
    pytest.param(EPISODES, lambda d: episode(d, "kyrgyzstan_1999")["seeds_coding"].update(request="loud"),
                 r"seeds/evidence/episodes.yaml[kyrgyzstan_1999].seeds_coding.request = 'loud'", id="bad-seeds-coding"),
    pytest.param(EPISODES, lambda d: episode(d, "kyrgyzstan_1999")["seeds_coding"].update(
        citations=["evidence/episodes.csv C03"]),
                 r"seeds/evidence/episodes.yaml[kyrgyzstan_1999].seeds_coding.citations", id="seeds-coding-cites-evidence"),
    pytest.param(EPISODES, lambda d: d["episodes"].append(dict(episode(d, "armenia_2023"), evidence_id="C99")),
                 r"seeds/evidence/episodes.yaml[armenia_2023].id = 'armenia_2023': an id not used", id="duplicate-id"),
    pytest.param(MEMBERSHIP, lambda d: d["events"][3].update(date="1992-01-01"),
                 r"seeds/evidence/membership.yaml[3].date = '1992-01-01'", id="membership-out-of-order"),
    pytest.param(MEMBERSHIP, lambda d: d["events"][0].update(members=["RUS", "XYZ"]),
                 r"seeds/evidence/membership.yaml[0].members[1] = 'XYZ': allowed:", id="membership-unknown-member"),
    pytest.param(MEMBERSHIP, lambda d: d["events"][0].update(confidence="high"),
                 r"seeds/evidence/membership.yaml[0].confidence = 'high'", id="membership-bad-confidence"),
    pytest.param(DATED, add_dated("ties", {"a": "TJK", "b": "KGZ", "from": "2020-01-01", "until": None,
                                           "value": -0.5, "assumption": "x"}),
                 r"seeds/dated.yaml[ties[{N}]].from = '2020-01-01': a range not overlapping", id="tie-overlap-reversed-pair"),
    pytest.param(DATED, add_dated("threats", {"member": "KAZ", "front": "internal", "from": "2021-01-01",
                                              "until": "2023-01-01", "value": 0.5, "assumption": "x"}),
                 r"seeds/dated.yaml[threats[{N}]].from = '2021-01-01': a range not overlapping", id="threat-overlap"),
    pytest.param(DATED, add_dated("commitments", {"member": "RUS", "theatre": "ukraine", "from": "2023-01-01",
                                                  "until": None, "value": 0.5, "assumption": "x"}),
                 r"seeds/dated.yaml[commitments[{N}]].from = '2023-01-01': a range not overlapping", id="commitment-overlap"),
    pytest.param(DATED, lambda d: d["ties"][0].update(until="1990-01-01", **{"from": "1995-01-01"}),
                 r"seeds/dated.yaml[ties[0]].until = '1990-01-01'", id="until-before-from"),
    pytest.param(DATED, lambda d: d["ties"][0].update(value=-1.5),
                 r"seeds/dated.yaml[ties[0]].value = -1.5: a number in [-1, 1]", id="tie-out-of-range"),
    pytest.param(DATED, lambda d: d["ties"][0].update(a="QQQ"),
                 r"seeds/dated.yaml[ties[0]].a = 'QQQ'", id="tie-unknown-member"),
    pytest.param(DATED, lambda d: [d["commitments"][0].pop(k) for k in ("source", "assumption")],
                 r"seeds/dated.yaml[commitments[0]] = ", id="value-without-any-basis"),
    pytest.param(DATED, lambda d: d["ties"][0].update(range=[0.0, 0.5]),
                 r"seeds/dated.yaml[ties[0]].range", id="range-excludes-value"),
]


# Each case edits one record of a copy of seeds/; the message must start with file[row].field = value.
@pytest.mark.parametrize(("rel", "change", "message"), BAD_EDITS)
def test_bad_input_names_file_row_and_field(tmp_path, rel, change, message):
    seeds = copy_seeds(tmp_path)
    edit_yaml(seeds / rel, change)
    pattern = re.escape(message).replace(re.escape("{N}"), r"\d+")  # {N}: the appended row's index
    with pytest.raises(InputError, match=pattern):
        load_evidence(seeds)


def test_duplicate_yaml_key_is_an_error(tmp_path):
    seeds = copy_seeds(tmp_path)
    path = seeds / EPISODES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    request: informal\n", "    request: informal\n    request: formal\n", 1),
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"seeds/evidence/episodes.yaml = \"duplicate key 'request' near line \d+\""):
        load_evidence(seeds)


def test_non_utf8_file_is_an_error(tmp_path):
    seeds = copy_seeds(tmp_path)
    path = seeds / DATED
    path.write_bytes(path.read_bytes().replace(b"Kyrgyzstan", "Kyrgyzst\xe1n".encode("latin-1"), 1))
    with pytest.raises(InputError, match=r"seeds/dated.yaml = 'byte \d+ is not UTF-8': a UTF-8 text file"):
        load_evidence(seeds)


def test_missing_file_is_named(tmp_path):
    seeds = copy_seeds(tmp_path)
    (seeds / MEMBERSHIP).unlink()
    with pytest.raises(InputError, match=r"seeds/evidence/membership.yaml = .*an existing file"):
        load_evidence(seeds)
