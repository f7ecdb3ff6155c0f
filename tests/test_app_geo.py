"""The seminar app's schematic map: every actor of the seeds has a capital to stand on."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from conftest import make_cfg

from sim.app.geo import CAPITALS, map_figure
from sim.app.seminar import SCENARIOS
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import build_spec


def test_every_actor_in_the_seeds_has_a_capital() -> None:
    seeds = load_seeds()
    assert set(seeds.members) | set(seeds.ties.nodes) <= set(CAPITALS)
    for _, lon, lat in CAPITALS.values():
        assert 0 < lon < 90 and 30 < lat < 60  # Europe to Central Asia


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_map_draws_every_scenario(scenario: str) -> None:
    spec = build_spec(make_cfg(f"scenario={scenario}"))
    fig = map_figure(spec, {m: "troops" for m in spec.members})
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {p.name for p in spec.profiles} <= {label.replace(" (adversary)", "") for label in labels}
    plt.close(fig)
