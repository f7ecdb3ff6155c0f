"""(Re)write the generated scenario files, one per coded episode without a hand-written one.

    python -m sim.scenario_files          # configs/scenario/<id>.yaml (sim.inputs.episode_scenarios)

A test checks the committed files equal a fresh render, so run this after editing
seeds/evidence/episodes.yaml. Hand-written files are never touched.
"""

from __future__ import annotations

import sys

from sim.errors import InputError
from sim.inputs.episode_scenarios import write_all
from sim.inputs.paths import SCENARIO_DIR


def main() -> int:
    try:
        written = write_all()
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} scenario files in {SCENARIO_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
