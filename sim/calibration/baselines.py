"""The naive forecasters the model must beat, refitted on each training set (pure functions).

Most episodes are settled by the structural rules: no request, a fellow member as adversary,
outside members' territory. A forecaster that knows only which *structural cell* an episode falls
in (capped / an informal or bilateral plea / a formal request) and the training outcomes of that
cell already scores well; the model's agent machinery earns its keep only by beating it.

- `cell_forecast`: smoothed training frequencies of the outcome in the held-out episode's cell.
- `rule_forecast`: the one-line rule of thumb as a smoothed probabilistic forecaster: the training
  frequencies of the outcome among episodes for which the rule said the same thing.
- `member_forecast`: for a member's action, that member's own action frequencies in training
  episodes of the same cell (smoothed), else every member's in that cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from sim.calibration import scores

CELLS: tuple[str, ...] = ("capped", "informal", "formal")
N_LEVELS = 4  # object, political, material, troops (sim.model.decision.LEVEL_NAMES)


def structural_cell(channel: str, crisis_type: str, on_member_territory: bool) -> str:
    """Which structural cell an episode is in: `capped` (no request, a plea for political backing only,
    a fellow member as adversary, or outside members' territory: the rules settle it), `formal`
    (a formal request) or `informal` (an informal or bilateral plea)."""
    if channel in ("none", "political") or crisis_type == "member_vs_member" or not on_member_territory:
        return "capped"
    return "formal" if channel == "formal" else "informal"


def cell_forecast(train_cells: Sequence[str], train_observed: Sequence[int], cell: str, smoothing: float,
                  n: int = scores.N_OUTCOMES) -> NDArray[np.float64]:
    """Smoothed frequencies of the training outcomes in `cell` (uniform where the cell is empty)."""
    counts = np.bincount([o for c, o in zip(train_cells, train_observed) if c == cell], minlength=n)[:n]
    return scores.smoothed_probabilities(counts, smoothing)


def rule_forecast(train_rule: Sequence[int], train_observed: Sequence[int], rule: int,
                  smoothing: float) -> NDArray[np.float64]:
    """The rule of thumb, smoothed: how often each outcome followed the rule's verdict in training."""
    return cell_forecast([str(r) for r in train_rule], train_observed, str(rule), smoothing)


def member_forecast(train: Sequence[tuple[str, str, int]], member: str, cell: str,
                    smoothing: float) -> NDArray[np.float64]:
    """A member's action (decision level) from its own training actions in the same cell; every
    member's in that cell where it has none there. `train` holds (member, cell, level) rows."""
    own = [lvl for m, c, lvl in train if m == member and c == cell]
    rows = own or [lvl for _, c, lvl in train if c == cell]
    return scores.smoothed_probabilities(np.bincount(rows, minlength=N_LEVELS)[:N_LEVELS], smoothing)


def multiclass_brier(p: NDArray[np.float64], observed: Sequence[int], weights: Sequence[float] | None = None) -> float:
    """Mean (weighted) multi-class Brier score of forecasts (rows, classes) for any number of classes."""
    p = np.asarray(p, dtype=float)
    hot = np.eye(p.shape[-1])[np.asarray(observed, dtype=int)]
    per = ((p - hot) ** 2).sum(axis=-1)
    if weights is None:
        return float(per.mean())
    w = np.asarray(weights, dtype=float)
    return float((per * w).sum() / w.sum())
