"""Where the project's files live: the one home for paths, so no module guesses its own."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = PROJECT_ROOT / "configs"
SEEDS_DIR = PROJECT_ROOT / "seeds"
SCENARIO_DIR = CONFIG_DIR / "scenario"
DECISION_DIR = CONFIG_DIR / "decision"
# The sources every developer and CI share, beside the project (not part of a clone).
SHARED_DIR = PROJECT_ROOT.parent / "shared"
