"""A scenario file for every coded episode: `python -m sim scenario=<episode id>` runs any of them.

    python -m sim.scenario_files          # (re)write configs/scenario/<id>.yaml (the command)

Each evidence episode (seeds/evidence/episodes.yaml) without a hand-written scenario file gets a
generated one that names the episode; the crisis fields come from the record under
`alliance.coding` when the run builds its spec (sim/inputs/spec.py), so the files hold only what
a record does not: the scenario's id and name, the troops asked for, and, where the requester
joined the treaty during the episode, the first date it was a party. A test checks the committed
files equal a fresh render. Hand-written files (no GENERATED header) are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sim.errors import InputError
from sim.inputs.evidence import Evidence, EvidenceEpisode, load_evidence
from sim.inputs.paths import SCENARIO_DIR, SEEDS_DIR

GENERATED_FROM = "# generated from seeds/evidence/episodes.yaml"  # how a generated file starts, whatever wrote it
GENERATED = f"{GENERATED_FROM} by python -m sim.scenario_files; do not edit"
TROOPS_REQUESTED = 2500  # as in the hand-written episode scenarios: the only deployment's size (004 ¶19)


def run_date(episode: EvidenceEpisode, evidence: Evidence) -> tuple[dt.date, str | None]:
    """The date the scenario runs on, and why it differs from the record's start (None if not).

    A requester that was not yet a party when the episode began (Azerbaijan, at war from 1993,
    signed on 1993-09-24) runs from the day it became one, if that falls within the episode.
    An episode whose requester was never a party during it cannot run: InputError.
    """
    if episode.requester in evidence.members_on(episode.date):
        return episode.date, None
    for ev in evidence.membership:
        if episode.date < ev.date <= episode.end and episode.requester in evidence.members_on(ev.date):
            return ev.date, (f"{episode.requester} was not a party on {episode.date} (the record's start); "
                             f"it became one on {ev.date} ({ev.event}), within the episode (to {episode.end})")
    raise InputError(f"seeds/evidence/episodes.yaml[{episode.id}].requester", episode.requester,
                     f"a party to the treaty at some date from {episode.date} to {episode.end}")


def render_scenario(episode: EvidenceEpisode, evidence: Evidence) -> str:
    """The text of configs/scenario/<id>.yaml for one evidence episode."""
    when, why = run_date(episode, evidence)
    lines = [
        GENERATED,
        f"# Episode {episode.evidence_id} (provenance {episode.provenance}, confidence {episode.confidence}).",
        "# The crisis comes from the record under alliance.coding; a field set here or on the",
        "# command line overrides it, e.g. scenario.channel=formal.",
        f"id: {episode.id}",
        f"name: {json.dumps(episode.name, ensure_ascii=False)}",
        f"episode: {episode.id}",
    ]
    if why is not None:
        lines += [f"# {why}", f'date: "{when.isoformat()}"']
    lines += [
        f"troops_requested: {TROOPS_REQUESTED}   # assumption: the size of the only deployment (2,500, 004 ¶19) "
        "for every request",
        "commitments: {}          # ISO3 -> share of its forces committed elsewhere, in [0, 1]; "
        "default: seeds/dated.yaml",
    ]
    return "\n".join(lines) + "\n"


def is_generated(path: Path) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8").startswith(GENERATED_FROM)


def rendered(seeds_dir: Path = SEEDS_DIR, scenario_dir: Path = SCENARIO_DIR) -> dict[Path, str]:
    """Every generated file's path and text: one per evidence episode with no hand-written file."""
    evidence = load_evidence(seeds_dir, "evidence")
    out: dict[Path, str] = {}
    for episode in evidence.episodes.values():
        path = scenario_dir / f"{episode.id}.yaml"
        if path.is_file() and not is_generated(path):
            continue  # hand-written: it names the episode itself
        out[path] = render_scenario(episode, evidence)
    return out


def write_all(seeds_dir: Path = SEEDS_DIR, scenario_dir: Path = SCENARIO_DIR) -> list[Path]:
    """Write the generated files; remove generated files whose episode is gone."""
    files = rendered(seeds_dir, scenario_dir)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    for stale in sorted(scenario_dir.glob("*.yaml")):
        if stale not in files and is_generated(stale):
            stale.unlink()
    return sorted(files)
