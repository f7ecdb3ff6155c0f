"""The members-as-a-network figure shows the crisis's actors, each coloured by its decision."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from conftest import make_spec
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

from sim.outputs.network import NODE_COLOURS, layout, member_graph, network_figure


def test_graph_holds_the_members_and_an_outside_adversary_only() -> None:
    spec = make_spec("scenario=armenia_2021")
    assert set(member_graph(spec).nodes) == set(spec.members) | {"AZE"}  # no NATO


def test_every_actor_sits_on_the_circle() -> None:
    spec = make_spec("scenario=armenia_2021")
    pos = layout(spec, member_graph(spec))
    assert all(math.isclose(math.hypot(x, y), 1.0) for x, y in pos.values())
    assert len({(round(x, 6), round(y, 6)) for x, y in pos.values()}) == len(pos)


def test_nodes_are_coloured_by_decision() -> None:
    spec = make_spec("scenario=kazakhstan_2022")
    choices = {"RUS": "troops", "ARM": "object", "BLR": "material", "KGZ": "political"}
    fig = network_figure(spec, choices)
    nodes = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)][0]
    colours = dict(zip(member_graph(spec).nodes, (to_hex(c) for c in nodes.get_facecolors())))
    plt.close(fig)
    assert colours["RUS"] == NODE_COLOURS["troops"]
    assert colours["ARM"] == NODE_COLOURS["object"]
    assert colours["BLR"] == NODE_COLOURS["material"]
    assert colours["KGZ"] == NODE_COLOURS["political"]
    assert len({NODE_COLOURS[k] for k in ("troops", "material", "political", "object", "requester", "undecided")}) == 6
    assert colours["KAZ"] == NODE_COLOURS["requester"]
    assert colours["TJK"] == NODE_COLOURS["undecided"]
