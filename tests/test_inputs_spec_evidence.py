"""The spec from the evidence records: two codings chosen by config, the request channel as data,
dated inputs read on the crisis's date, and a scenario for every coded episode."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import PROJECT, make_cfg, make_spec, sim
from omegaconf import OmegaConf

from sim.errors import InputError
from sim.inputs import episode_scenarios as es
from sim.inputs.evidence import load_evidence
from sim.inputs.paths import SCENARIO_DIR
from sim.inputs.spec import build_spec, resolve_channel

EVIDENCE = load_evidence()
EPISODE_IDS = sorted(EVIDENCE.episodes)
HAND_WRITTEN = {"armenia_2021", "kazakhstan_2022", "kyrgyzstan_1999", "kyrgyzstan_2010", "kyrgyzstan_tajikistan_2021"}


def profile(spec, code):
    return next(p for p in spec.profiles if p.code == code)


# --- two codings -------------------------------------------------------------------------------


def test_the_two_codings_give_different_crises_for_kyrgyzstan_1999():
    evidence = make_spec("scenario=kyrgyzstan_1999").crisis
    seeds = make_spec("scenario=kyrgyzstan_1999", "alliance.coding=seeds").crisis
    assert evidence.coding == "evidence" and seeds.coding == "seeds"
    assert evidence.channel == "informal" and not evidence.formal_request
    assert seeds.channel == "formal" and seeds.formal_request
    assert evidence.observed_outcome == "partial" and seeds.observed_outcome == "none"


def test_the_default_coding_is_evidence_and_the_run_config_records_it():
    cfg = make_cfg()
    assert OmegaConf.to_container(cfg, enum_to_str=True)["alliance"]["coding"] == "evidence"
    assert build_spec(cfg).crisis.coding == "evidence"


def test_an_unknown_coding_fails_at_composition_and_in_build_spec():
    with pytest.raises(Exception, match="alliance.coding"):
        make_cfg("alliance.coding=rumour")
    raw = OmegaConf.create(OmegaConf.to_container(make_cfg(), enum_to_str=True))  # no schema behind it
    raw.alliance.coding = "rumour"  # a config not checked by the schema still fails in one line
    with pytest.raises(InputError) as info:
        build_spec(raw)
    assert str(info.value) == "alliance.coding = 'rumour': allowed: evidence, seeds"


def test_an_unknown_coding_on_the_command_line_is_one_line(tmp_path):
    proc = sim("alliance.coding=rumour", f"hydra.run.dir={tmp_path / 'out'}", cwd=tmp_path)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "alliance.coding" in lines[0] and "evidence" in lines[0] and "seeds" in lines[0]


# --- the request channel -----------------------------------------------------------------------


@pytest.mark.parametrize("channel, formal_request, expected", [
    (None, None, "formal"), ("informal", None, "informal"), (None, True, "formal"), (None, False, "none"),
    ("informal", True, "formal"), ("bilateral", False, "bilateral"), ("formal", False, "none"),
])
def test_formal_request_is_a_shorthand_over_the_channel(channel, formal_request, expected):
    assert resolve_channel(channel, formal_request) == expected


def test_scenario_channel_and_the_old_formal_request_override_work():
    assert make_spec("scenario.channel=bilateral").crisis.channel == "bilateral"
    old = make_spec("scenario.formal_request=false").crisis
    assert old.channel == "none" and not old.formal_request
    assert make_spec("scenario=kyrgyzstan_1999", "scenario.formal_request=true").crisis.channel == "formal"
    assert make_spec("scenario=belarus_nato_border_incident").crisis.channel == "formal"


# --- dated inputs ------------------------------------------------------------------------------


def test_the_kgz_tjk_tie_follows_the_date():
    before = make_spec("scenario=kyrgyzstan_2010")
    after = make_spec("scenario=kyrgyzstan_tajikistan_2021")
    assert before.ties.edges["KGZ", "TJK"]["affinity"] == pytest.approx(-0.2)
    assert after.ties.edges["KGZ", "TJK"]["affinity"] == pytest.approx(-0.6)
    assert profile(before, "KGZ").affinity["TJK"] > profile(after, "KGZ").affinity["TJK"]


def test_russia_has_fewer_troops_after_the_invasion_of_ukraine():
    y2021 = profile(make_spec("scenario=armenia_2021"), "RUS").available_troops
    y2023 = profile(make_spec("scenario=armenia_2023"), "RUS").available_troops
    assert y2023 < y2021
    # plus the forces Russia keeps based in Armenia (the 102nd base: 3,500 in the 2011 statistic, public
    # from 2012), which are on hand for a crisis there, not committed elsewhere
    assert y2021 == pytest.approx(8500 * 0.9 + 3500) and y2023 == pytest.approx(8500 * 0.4 + 3500)
    # a scenario's own commitments still win over the dated ones
    own = profile(make_spec("scenario=armenia_2023", "+scenario.commitments.RUS=0"), "RUS")
    assert own.available_troops == 8500 + 3500


def test_threats_standing_forces_and_membership_follow_the_date():
    k2011, k2022 = make_spec("scenario=kazakhstan_2011"), make_spec("scenario=kazakhstan_2022")
    assert profile(k2011, "KAZ").threat["internal"] == pytest.approx(0.5)
    assert profile(k2022, "KAZ").threat["internal"] == pytest.approx(0.8)
    assert not make_spec("scenario=kyrgyzstan_2005").state.standing_forces
    assert make_spec("scenario=kyrgyzstan_2010").state.standing_forces  # from 2009-06-14
    assert "UZB" in make_spec("scenario=kyrgyzstan_2010").members  # returned 2006-2012
    assert "UZB" not in make_spec("scenario=kyrgyzstan_tajikistan_2014").members
    kursk = make_spec("scenario=russia_kursk_2024")
    assert "ARM" not in kursk.members  # froze its participation on 2024-02-22
    assert "ARM" in make_spec("scenario=armenia_azerbaijan_renewed").members  # a frozen requester still asks


def test_the_standing_forces_switch_is_gone_from_the_config():
    with pytest.raises(Exception, match="standing_forces_since"):
        make_cfg("alliance.standing_forces_since=2001-01-01")


# --- every coded episode runs --------------------------------------------------------------------


@pytest.mark.parametrize("episode", EPISODE_IDS)
@pytest.mark.parametrize("coding", ["evidence", "seeds"])
def test_every_evidence_episode_composes_and_builds_a_spec(episode, coding):
    spec = make_spec(f"scenario={episode}", f"alliance.coding={coding}")
    assert spec.crisis.episode == episode and spec.crisis.coding == coding
    assert spec.crisis.requester in spec.members
    assert spec.crisis.channel == EVIDENCE.episodes[episode].request or coding == "seeds"


def test_every_evidence_episode_has_a_scenario_file_and_generated_files_are_fresh():
    names = {p.stem for p in SCENARIO_DIR.glob("*.yaml")}
    assert set(EPISODE_IDS) <= names
    fresh = es.rendered()
    assert {p.stem for p in fresh} == set(EPISODE_IDS) - HAND_WRITTEN
    for path, text in fresh.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: python -m sim.scenario_files"
    for name in HAND_WRITTEN:  # the hand-written files keep their episode ids
        assert not es.is_generated(SCENARIO_DIR / f"{name}.yaml")
        assert OmegaConf.load(SCENARIO_DIR / f"{name}.yaml").episode == name
    generated = [p for p in SCENARIO_DIR.glob("*.yaml") if es.is_generated(p)]
    assert {p.stem for p in generated} == {p.stem for p in fresh}


def test_a_requester_that_joined_during_the_episode_runs_from_its_accession():
    ep = EVIDENCE.episodes["azerbaijan_armenia_1993"]
    when, why = es.run_date(ep, EVIDENCE)
    assert str(when) == "1993-09-24" and "AZE" in why
    assert make_spec("scenario=azerbaijan_armenia_1993").crisis.date == when
    never = dataclasses.replace(ep, requester="GEO", date=ep.date.replace(year=2001), end=ep.date.replace(year=2001))
    with pytest.raises(InputError, match="requester"):
        es.run_date(never, EVIDENCE)


def test_a_negative_control_never_yields_collective_troops():
    from sim.runs.scenario import run

    for episode in ("kyrgyzstan_2005", "russia_ukraine_2022"):
        assert EVIDENCE.episodes[episode].request == "none"
        result = run(make_cfg(f"scenario={episode}", "replications=200", "seed=3", "progress=false"))
        assert result.summary["outcome"]["troops"] == 0.0
        assert result.summary["mean_total_troops"] == 0.0


def test_a_generated_episode_runs_from_the_command_line(tmp_path):
    out = tmp_path / "run"
    proc = sim("scenario=kazakhstan_2011", "replications=200", "output.plots=false", f"hydra.run.dir={out}",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "kazakhstan_2011" and summary["episode"] == "kazakhstan_2011"
    assert (PROJECT / "configs" / "scenario" / "kazakhstan_2011.yaml").is_file()


def test_every_result_records_its_coding_and_channel():
    from conftest import make_cfg

    from sim.runs.scenario import run

    for coding, channel in (("evidence", "informal"), ("seeds", "formal")):
        summary = run(make_cfg("scenario=kyrgyzstan_1999", f"alliance.coding={coding}", "replications=50",
                               "progress=false")).summary
        assert summary["coding"] == coding and summary["crisis"]["channel"] == channel
