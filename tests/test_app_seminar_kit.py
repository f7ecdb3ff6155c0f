"""The lecturer's kit (sim/app/kit.py): how far to trust a number, where inputs come from, what the
record says each member did, and the CSV export of what the app shows."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from sim.app import kit
from sim.app.seminar import SeminarModel
from sim.outputs import trust


@pytest.fixture(scope="module")
def kaz() -> SeminarModel:
    return SeminarModel(crisis="kazakhstan_2022", replications=200)


def test_a_historical_episode_shows_its_leave_one_out_forecast_beside_the_in_sample_one(kaz) -> None:
    loo = trust.out_of_sample("kazakhstan_2022")
    assert loo is not None
    text = " ".join(kit.trust_sentences(kaz.summary))
    assert text.startswith("In sample: ")
    assert f"Out of sample: troops {loo['model']['troops']:.0%}" in text
    assert f"History: {loo['observed']}." in text
    assert "leave-one-out" in text
    assert "Your settings" in kit.trust_sentences(kaz.summary, fitted=False)[0]


def test_a_hypothetical_crisis_says_there_is_no_record() -> None:
    text = " ".join(kit.trust_sentences({"episode": None, "answer": {}}))
    assert "no record to check" in text


def test_a_missed_forecast_is_called_a_miss(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "validation.json"
    fake.write_text(json.dumps({"per_episode": [{"id": "x", "observed": "troops",
                                                  "model_loo": {"troops": 0.2, "partial": 0.5, "none": 0.3}}]}))
    monkeypatch.setattr(trust, "VALIDATION_JSON", fake)
    monkeypatch.setattr(kit, "out_of_sample", lambda e: trust.out_of_sample(e, fake))
    text = " ".join(kit.trust_sentences({"episode": "x", "answer": {"troops": 1.0, "partial": 0.0, "none": 0.0}}))
    assert "(partial) is not what happened" in text


def test_provenance_names_evidence_for_an_episode_and_assumption_for_a_hypothetical(kaz) -> None:
    rows = kit.crisis_provenance(kaz.spec, "kazakhstan_2022")
    assert rows[0][1:] == ("evidence", "seeds/evidence/episodes.yaml")
    assert ("the number of troops asked", "assumption", "configs/scenario/kazakhstan_2022.yaml") in rows
    hyp = SeminarModel(crisis="tajikistan_taliban_incursion", replications=50)
    assert kit.crisis_provenance(hyp.spec, "tajikistan_taliban_incursion")[0][1] == "assumption"
    line = kit.provenance_line(kit.MEMBER_PROVENANCE)
    assert "= source (seeds/members.yaml)" in line and "= evidence (seeds/evidence/member_actions.yaml)" in line


def test_the_record_has_armenia_sending_troops_to_kazakhstan() -> None:
    record = kit.history_actions("kazakhstan_2022")
    assert record["ARM"] == "troops (about 100)"
    assert record["KAZ"] == "requester"
    assert kit.history_actions(None) == {}


def test_the_export_holds_the_members_the_distributions_and_the_settings(kaz) -> None:
    settings = {"crisis": "kazakhstan_2022", "rule": "consensus", "leader_committed": 0.5}
    rows = [{**r, "history": "troops"} for r in kaz.member_rows()]
    frame = pd.read_csv(io.StringIO(kit.export_csv(settings, kaz.summary, rows)))
    assert set(frame["scenario"]) == {"kazakhstan_2022"}
    assert set(frame["seed"]) == {kaz.summary["seed"]} and set(frame["replications"]) == {200}
    assert set(frame["setting_leader_committed"]) == {0.5}
    outcome = frame[frame["table"] == "outcome"].iloc[0]
    assert outcome["p_troops"] == pytest.approx(kaz.summary["outcome"]["troops"])
    members = frame[frame["table"] == "members"]
    assert sorted(members["member"]) == sorted(r["name"] for r in rows)
    russia = members[members["member"] == "Russia"].iloc[0]
    assert russia["threat_western"] == 1.0
    assert russia["p_troops"] == pytest.approx(kaz.summary["members"]["RUS"]["p_choice_troops"])


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_are_readable_on_white_and_bar_labels_on_their_fills() -> None:
    from sim.app import app

    for name, colour in app.TEXT_COLOURS.items():
        assert contrast(colour, "#ffffff") >= 4.5, name  # WCAG AA for body text
    assert contrast("#f0a202", "#ffffff") < 4.5  # the plots' amber itself would not do as text
    fills = {**app.OUTCOME_COLOURS, **app.BILATERAL_COLOURS}
    for name, fill in fills.items():
        label = "#212529" if fill in app.DARK_ON else "#ffffff"
        assert contrast(label, fill) >= 3.0, name  # WCAG AA for bold text on the bars
