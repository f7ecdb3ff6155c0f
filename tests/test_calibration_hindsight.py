"""Hindsight-free origins: at an origin T, every input a run reads rests on evidence dated before T
(alliance.as_of). Audits every citation of every dated input each episode reads at each rolling
origin of configs/validation.yaml, the membership events and the leverage statistics; and shows
the audit can fail (the same episodes read without as_of cite later evidence)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from omegaconf import OmegaConf

from sim.inputs.compose import compose_config, scenario_node, with_scenario
from sim.inputs.evidence import load_evidence
from sim.inputs.leverage import dependence_on, load_leverage
from sim.inputs.spec import build_spec, dependence_rule

SETTINGS = OmegaConf.load("configs/validation.yaml")
ORIGINS = [dt.date(int(y), 1, 1) for y in SETTINGS.origins]


def specs_at(origin: dt.date | None):
    cfg = compose_config(["decision=calibrated"] + ([f"alliance.as_of={origin.isoformat()}"] if origin else []))
    evidence = load_evidence()
    for ep in evidence.coded_episodes():
        yield build_spec(with_scenario(cfg.alliance, cfg.decision, scenario_node(ep.id, "episode")))


def late_citations(origin: dt.date | None, at: dt.date):
    evidence = load_evidence()
    late = []
    for spec in specs_at(origin):
        for item in spec.dated_inputs:
            for c in item["sources"]:
                when = evidence.citation_date(c)
                if when is not None and when >= at:
                    late.append((spec.crisis.id, item["key"], c))
    return late


@pytest.mark.parametrize("origin", ORIGINS, ids=[o.isoformat() for o in ORIGINS])
def test_no_input_read_at_an_origin_cites_later_evidence(origin):
    assert late_citations(origin, origin) == []


def test_the_audit_can_fail_without_as_of():
    assert late_citations(None, ORIGINS[0]), "without as_of, episodes after the origin read later evidence"


@pytest.mark.parametrize("origin", ORIGINS, ids=[o.isoformat() for o in ORIGINS])
def test_as_of_reads_no_later_membership_event_or_dated_input(origin):
    ev = load_evidence().as_of(origin)
    assert all(e.date <= origin for e in ev.membership)
    assert all(r.start is None or r.start < origin for r in ev.dated)


def test_dependence_at_an_origin_ignores_statistics_published_later():
    """A leverage statistic published after the origin cannot move a run at the origin: the run's
    dependence equals the one computed from the statistics public by then alone."""
    origin = ORIGINS[1]
    records = load_leverage()
    public = [r for r in records if r.public_from <= origin]
    assert len(public) < len(records)  # there are later statistics to hide
    cfg = compose_config(["scenario=kazakhstan_2022", f"alliance.as_of={origin.isoformat()}"])
    spec = build_spec(cfg)
    rule = dependence_rule(cfg.alliance)
    for p in spec.profiles:
        if p.code == spec.leader:
            continue
        expected = dependence_on(public, p.code, origin, rule)[0]
        assert p.dependence == pytest.approx(cfg.alliance.dependence.default if math.isnan(expected) else expected)
    full = {p.code: p.dependence for p in build_spec(compose_config(["scenario=kazakhstan_2022"])).profiles}
    assert full != {p.code: p.dependence for p in spec.profiles}  # without as_of the later ones are read
