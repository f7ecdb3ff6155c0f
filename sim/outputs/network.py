"""The members as a network: ties coloured by affinity, members coloured by their decision.

A picture of the inputs (who is friendly or hostile with whom) next to the choices they lead
to, for the seminar app and notebooks. It reads a ModelSpec and a decision per member; it never
runs the model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.colors import TwoSlopeNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from sim.model.model import ModelSpec  # noqa: E402
from sim.outputs.plots import CHOICE_COLOURS, CHOICE_ORDER  # noqa: E402

NODE_COLOURS: dict[str, str] = {
    **CHOICE_COLOURS,
    "requester": "#1c7ed6",
    "not_asked": "#ced4da",  # no request: nothing was put to the member (grey, not an objection)
    "undecided": "#dee2e6",
    "outside": "#495057",
}
TIE_CMAP = "RdBu"  # red: hostile, blue: friendly


def member_graph(spec: ModelSpec) -> nx.Graph:
    """The crisis's actors: the members on its date, and the adversary if it is an outsider."""
    nodes = list(spec.members)
    adversary = spec.crisis.adversary
    if adversary is not None and adversary not in nodes and adversary in spec.ties:
        nodes.append(adversary)
    return spec.ties.subgraph(nodes).copy()


def layout(spec: ModelSpec, graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Every actor on one circle, members first: no tie is drawn through a node."""
    actors = list(spec.members) + [c for c in graph.nodes if c not in spec.members]
    pos = {}
    for i, code in enumerate(actors):
        angle = math.pi / 2 - 2 * math.pi * i / len(actors)
        pos[code] = (math.cos(angle), math.sin(angle))
    return pos


def network_figure(spec: ModelSpec, choices: Mapping[str, str] | None = None,
                   title: str | None = None) -> Figure:
    """Draw the members; `choices` maps a member to its choice (troops | material | political | object,
    sim.model.decision.LEVEL_NAMES) or requester."""
    choices = dict(choices or {})
    graph = member_graph(spec)
    pos = layout(spec, graph)
    fig, ax = plt.subplots(figsize=(5.2, 4.6), layout="constrained")
    edges = list(graph.edges)
    affinity = [graph.edges[e]["affinity"] for e in edges]
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.0, vmax=1.0)
    nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, edge_color=affinity, edge_cmap=plt.get_cmap(TIE_CMAP),
                           edge_vmin=-1.0, edge_vmax=1.0, width=[0.8 + 3.5 * abs(a) for a in affinity])
    colours = []
    for code in graph.nodes:
        if code == spec.crisis.requester:
            colours.append(NODE_COLOURS["requester"])
        elif code not in spec.members:
            colours.append(NODE_COLOURS["outside"])
        else:
            colours.append(NODE_COLOURS.get(choices.get(code, "undecided"), NODE_COLOURS["undecided"]))
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=1100, edgecolors="black",
                           linewidths=[2.5 if c == spec.leader else 0.8 for c in graph.nodes])
    text_colour = {c: ("white" if col in (NODE_COLOURS["outside"], NODE_COLOURS["requester"]) else "black")
                   for c, col in zip(graph.nodes, colours)}
    for code, (x, y) in pos.items():
        ax.text(x, y, code, ha="center", va="center", fontsize=9, fontweight="bold", color=text_colour[code])
    sm = plt.cm.ScalarMappable(norm=norm, cmap=TIE_CMAP)
    fig.colorbar(sm, ax=ax, shrink=0.6, label="tie affinity (red hostile, blue friendly)")
    legend = [Line2D([], [], marker="o", ls="", markersize=10, markerfacecolor=NODE_COLOURS[k],
                     markeredgecolor="black", label=k) for k in (*CHOICE_ORDER, "requester", "undecided")]
    if any(c not in spec.members for c in graph.nodes):
        legend.append(Line2D([], [], marker="o", ls="", markersize=10, markerfacecolor=NODE_COLOURS["outside"],
                             markeredgecolor="black", label="adversary (outside)"))
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=8, frameon=False)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    if spec.leader:
        ax.annotate(f"thick outline: leading state ({spec.leader})", (0.0, 1.0), xycoords="axes fraction",
                    fontsize=8, va="top")
    if title:
        ax.set_title(title, fontsize=10)
    return fig
