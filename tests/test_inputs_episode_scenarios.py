"""Scenario files generated from the evidence records: one per episode, fresh, marked as generated."""

from __future__ import annotations

import yaml

from sim.inputs import episode_scenarios as es
from sim.inputs.compose import scenario_names
from sim.inputs.evidence import load_evidence


def test_every_evidence_episode_has_a_scenario_and_the_generated_ones_are_fresh():
    evidence = load_evidence()
    assert set(evidence.episodes) <= set(scenario_names())
    for path, text in es.rendered().items():
        assert es.is_generated(path) and path.read_text(encoding="utf-8") == text


def test_a_rendered_scenario_names_its_episode_and_says_it_is_generated():
    evidence = load_evidence()
    text = es.render_scenario(evidence.episodes["kyrgyzstan_2000"], evidence)
    assert text.startswith("# generated from seeds/evidence/episodes.yaml")
    node = yaml.safe_load(text)
    assert node["id"] == node["episode"] == "kyrgyzstan_2000"
