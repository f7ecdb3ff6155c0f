"""Scenario discovery: which regions of weight space make the alliance send troops?

Two readable answers from the same saved results: the leaves of a shallow decision tree
(scikit-learn) that predict `troops`, and PRIM's box (EMA Workbench; optional extra
`discovery`), the region of highest coverage whose density reaches `prim_threshold`.
A point "gives troops" when its P(troops) reaches `troops_share` (configs/experiments.yaml).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.explore.design import Ranges
from sim.extras import missing

try:
    from SALib.sample import latin
    from sklearn.tree import DecisionTreeClassifier, export_text
except ImportError as exc:
    raise missing("scenario discovery", "explore") from exc


@dataclass
class RegionRule:
    text: str  # e.g. "regime > 1.20 and cost <= 0.80"
    points: int  # design points inside the region
    density: float  # share of them that give troops
    coverage: float  # share of all troops-giving points that fall inside
    limits: dict[str, tuple[float, float]] | None = None  # the box, for PRIM


def conjunction(box: dict[str, tuple[float, float]], closed: bool = False) -> str:
    """{'cost': (-inf, 0.8), 'regime': (1.2, 2.0)} -> 'cost <= 0.80 and 1.20 < regime <= 2.00'.

    Tree splits are `<= cut` / `> cut`; PRIM boxes are closed (`closed=True`: `>=` below).
    """
    gt, lt = (">=", "<=") if closed else (">", "<")
    parts = []
    for name, (low, high) in box.items():
        if np.isfinite(low) and np.isfinite(high):
            parts.append(f"{low:.2f} {lt} {name} <= {high:.2f}")
        elif np.isfinite(low):
            parts.append(f"{name} {gt} {low:.2f}")
        elif np.isfinite(high):
            parts.append(f"{name} <= {high:.2f}")
    return " and ".join(parts) or "everywhere"


def design(ranges: Ranges, samples: int, seed: int) -> pd.DataFrame:
    """A Latin hypercube over the weight ranges: even coverage of every weight's range."""
    return pd.DataFrame(latin.sample(ranges.problem(), samples, seed=seed), columns=list(ranges.names))


def labelled(experiments: pd.DataFrame, outcomes: pd.DataFrame, names: list[str],
             share: float) -> tuple[pd.DataFrame, np.ndarray]:
    """(weights per point, does the point give troops) for one scenario's outcomes."""
    merged = experiments.merge(outcomes, on="point").sort_values("point")
    return merged[names].reset_index(drop=True), (merged["p_troops"] >= share).to_numpy()


def tree_rules(x: pd.DataFrame, y: np.ndarray, depth: int, seed: int) -> tuple[list[RegionRule], str]:
    """Leaves of a depth-limited tree that predict troops, as conjunctions; and the whole tree as text."""
    min_leaf = max(10, len(x) // 100)  # no rule resting on a handful of points
    tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=min_leaf, random_state=seed).fit(x, y)
    t, names, positives = tree.tree_, list(x.columns), max(int(y.sum()), 1)
    leaf_of = tree.apply(x)
    rules: list[RegionRule] = []

    def walk(node: int, box: dict[str, tuple[float, float]]) -> None:
        if t.children_left[node] == -1:
            inside = leaf_of == node
            hits = int(y[inside].sum())
            if inside.any() and hits / inside.sum() >= 0.5:
                rules.append(RegionRule(conjunction(box), int(inside.sum()), hits / inside.sum(), hits / positives))
            return
        name, cut = names[t.feature[node]], float(t.threshold[node])
        low, high = box.get(name, (-np.inf, np.inf))
        walk(t.children_left[node], {**box, name: (low, min(high, cut))})
        walk(t.children_right[node], {**box, name: (max(low, cut), high)})

    if 0 < y.sum() < len(y):
        walk(0, {})
    elif y.all():
        rules.append(RegionRule("everywhere", len(y), 1.0, 1.0))
    text = export_text(tree, feature_names=names, decimals=2, show_weights=True) if 0 < y.sum() < len(y) else ""
    return sorted(rules, key=lambda r: -r.coverage), text


def prim_available() -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import ema_workbench.analysis.prim  # noqa: F401
    except ImportError:
        return False
    return True


def prim_rule(x: pd.DataFrame, y: np.ndarray, ranges: Ranges, threshold: float) -> RegionRule | None:
    """PRIM's box: of the peeled boxes whose density reaches `threshold`, the one covering most."""
    if not 0 < y.sum() < len(y):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        box = prim.Prim(x, y).find_box()
        if box is None:
            return None
        trajectory = box.peeling_trajectory
        dense = trajectory[trajectory["density"] >= threshold]
        row = dense.loc[dense["coverage"].idxmax()] if len(dense) else trajectory.iloc[-1]
        stats, limits = box.inspect(int(row["id"]), style="data")[0]
    box = {name: (rng.low, rng.high) for name, rng in zip(ranges.names, ranges.bounds)}
    restricted: dict[str, tuple[float, float]] = {}
    for name, lims in limits.iterrows():  # only the dimensions PRIM restricted
        low, high = float(lims.iloc[0]), float(lims.iloc[1])
        box[name] = (low, high)
        # a side PRIM did not peel sits at the sample's extreme: leave it open
        restricted[name] = (low if low > x[name].min() else -np.inf, high if high < x[name].max() else np.inf)
    return RegionRule(conjunction(restricted, closed=True), int(stats["n"]), float(stats["density"]),
                float(stats["coverage"]), box)
