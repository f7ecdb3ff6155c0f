"""A schematic map for the seminar app: the members and the adversary at their capitals.

No tiles and no coastlines (the app runs offline): each actor is a dot at its capital's longitude
and latitude (equirectangular, squeezed by cos(latitude) so distances look right), coloured by its
decision in the latest replay. Lines join the requester to every other member, coloured by their
tie (blue friendly, red hostile); a dashed line marks the adversary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.model.model import ModelSpec
from sim.outputs.network import NODE_COLOURS, TIE_CMAP
from sim.outputs.plots import CHOICE_ORDER

# Short legend words for a member's choice (the app's sentences say more).
CHOICE_LABELS: dict[str, str] = {"troops": "sends troops", "material": "material aid", "political": "political support",
                                 "object": "objects", "requester": "requester", "not_asked": "not asked"}

# (capital, longitude E, latitude N). NATO sits at its eastern flank (Warsaw), where the
# western-front scenario places the adversary.
CAPITALS: dict[str, tuple[str, float, float]] = {
    "RUS": ("Moscow", 37.62, 55.76),
    "BLR": ("Minsk", 27.56, 53.90),
    "ARM": ("Yerevan", 44.51, 40.18),
    "AZE": ("Baku", 49.87, 40.41),
    "GEO": ("Tbilisi", 44.79, 41.72),
    "KAZ": ("Astana", 71.45, 51.17),
    "KGZ": ("Bishkek", 74.59, 42.87),
    "TJK": ("Dushanbe", 68.79, 38.56),
    "UZB": ("Tashkent", 69.24, 41.30),
    "NATO": ("NATO's eastern flank", 21.01, 52.23),
}
ACTOR_NAMES: dict[str, str] = {"NATO": "NATO", "AZE": "Azerbaijan", "GEO": "Georgia", "UZB": "Uzbekistan"}


def map_figure(spec: ModelSpec, choices: Mapping[str, str] | None = None,
               names: Mapping[str, str] | None = None) -> Figure:
    """The crisis's actors placed by their capitals; `choices` maps a member to its latest choice."""
    choices = dict(choices or {})
    names = {**ACTOR_NAMES, **{p.code: p.name for p in spec.profiles}, **(names or {})}
    c = spec.crisis
    actors = [m for m in spec.members if m in CAPITALS]
    if c.adversary and c.adversary not in actors and c.adversary in CAPITALS:
        actors.append(c.adversary)
    mid_lat = math.radians(47.0)
    xy = {a: (CAPITALS[a][1] * math.cos(mid_lat), CAPITALS[a][2]) for a in actors}

    fig, ax = plt.subplots(figsize=(7.0, 3.9), layout="constrained")
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-1.0, vmax=1.0)
    cmap = plt.get_cmap(TIE_CMAP)
    affinity = {p.code: p.affinity_with(c.requester) for p in spec.profiles}
    rx, ry = xy[c.requester]
    for a in actors:
        if a == c.requester:
            continue
        x, y = xy[a]
        if a == c.adversary:
            ax.plot([x, rx], [y, ry], ls="--", lw=2.5, color="#c92a2a", zorder=1)
        else:
            tie = affinity.get(a, 0.0)
            ax.plot([x, rx], [y, ry], lw=0.8 + 3.0 * abs(tie), color=cmap(norm(tie)), zorder=1)
    for a in actors:
        x, y = xy[a]
        if a == c.requester:
            colour = NODE_COLOURS["requester"]
        elif a not in spec.members:
            colour = NODE_COLOURS["outside"]
        else:
            colour = NODE_COLOURS.get(choices.get(a, "undecided"), NODE_COLOURS["undecided"])
        ax.scatter([x], [y], s=260, color=colour, edgecolors="black",
                   linewidths=2.5 if a == spec.leader else 0.8, zorder=3)
        label = names.get(a, a) + (" (adversary)" if a == c.adversary else "")
        below = a == c.adversary  # the adversary's label below its dot: it often sits near the requester
        ax.annotate(label, (x, y), xytext=(0, -11 if below else 10), textcoords="offset points", ha="center",
                    va="top" if below else "bottom",
                    fontsize=10, fontweight="bold" if a in (c.requester, c.adversary) else "normal", zorder=4)
    xs = [p[0] for p in xy.values()]
    ys = [p[1] for p in xy.values()]
    ax.set_xlim(min(xs) - 4, max(xs) + 4)
    ax.set_ylim(min(ys) - 2.5, max(ys) + 3.5)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#adb5bd")
    legend = [Line2D([], [], marker="o", ls="", markersize=8, markerfacecolor=NODE_COLOURS[k],
                     markeredgecolor="black", label=CHOICE_LABELS.get(k, k)) for k in (*CHOICE_ORDER, "requester")]
    legend.append(Line2D([], [], color=cmap(norm(0.8)), lw=2.5, label="friendly tie with requester"))
    legend.append(Line2D([], [], color=cmap(norm(-0.8)), lw=2.5, label="hostile tie"))
    if c.adversary:
        legend.append(Line2D([], [], color="#c92a2a", ls="--", lw=2, label="adversary"))
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    fig.suptitle("Capitals placed by longitude and latitude (schematic); thick outline: the leading state",
                 fontsize=9)
    return fig
