"""Read and validate what each member did in each episode (seeds/evidence/member_actions.yaml).

One record per (episode, state that was a treaty party during it) for the episodes with a
request, an appeal or a recorded stance: the requester, the adversary (where it was a member)
and each other member's strongest action (ACTIONS: troops > material > political; objected or
declined for a recorded refusal; silent where nothing is recorded, mostly an assumption).

Bad input fails here with one line naming the file, the record and the field, e.g.
`seeds/evidence/member_actions.yaml[C16 KAZ].action`. Only the shared input helpers are imported.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import InputError, one_of
from sim.inputs.evidence import _seed_members
from sim.inputs.evidence_records import CONFIDENCES, EPISODES_FILE, MEMBER_ACTIONS_FILE, PROVENANCES
from sim.inputs.fields import check_choice, check_citations, check_text, file_label, record_list
from sim.inputs.files import read_yaml
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.seedchecks import check_keys

ACTIONS: tuple[str, ...] = ("troops", "material", "political", "objected", "declined", "silent")
ROLES: tuple[str, ...] = ("requester", "adversary", "member")


@dataclass(frozen=True)
class MemberAction:
    """What one member did in one episode. `action` is `requester` or `adversary` for those roles,
    else one of ACTIONS; `troops` is the personnel it sent where published (action troops only)."""

    episode: str
    evidence_id: str
    member: str
    role: str
    action: str
    troops: int | None
    detail: str | None
    provenance: str
    confidence: str
    citations: tuple[str, ...]


def _episodes(seeds_dir: Path) -> dict[str, dict[str, Any]]:
    """Episode id -> its record in seeds/evidence/episodes.yaml (validated by sim/inputs/evidence.py)."""
    label = file_label(seeds_dir, EPISODES_FILE)
    rows = record_list(read_yaml(seeds_dir / EPISODES_FILE, label), "episodes", label)
    return {row["id"]: row for row in rows if isinstance(row, dict) and isinstance(row.get("id"), str)}


# the keys an action record may hold: those read here (an unknown key would be silently ignored)
ACTION_KEYS: tuple[str, ...] = ("episode", "evidence_id", "member", "role", "action", "troops", "detail",
                                "provenance", "confidence", "citations", "note")


def _action(row: Any, f: str, episodes: dict[str, dict[str, Any]], members: frozenset[str]) -> MemberAction:
    if not isinstance(row, dict):
        raise InputError(f, row, "a mapping with episode, evidence_id, member, role, action, troops, detail, "
                                 "provenance, confidence, citations")
    check_keys(row, ACTION_KEYS, f)
    episode = row.get("episode")
    if episode not in episodes:
        raise InputError(f + ".episode", episode, "an episode id of seeds/evidence/episodes.yaml")
    ep = episodes[episode]
    evidence_id = row.get("evidence_id")
    if evidence_id != ep.get("evidence_id"):
        raise InputError(f + ".evidence_id", evidence_id, f"the episode's own row id ({ep.get('evidence_id')})")
    member = row.get("member")
    if member not in members:
        raise InputError(f + ".member", member, one_of(members))
    role = check_choice(row.get("role"), f + ".role", ROLES)
    action = row.get("action")
    if role == "member":
        action = check_choice(action, f + ".action", ACTIONS)
    elif action != role:
        raise InputError(f + ".action", action, f"'{role}', as the role is {role}")
    if role == "requester" and member != ep.get("requester"):
        raise InputError(f + ".member", member, f"the episode's requester ({ep.get('requester')}), as the role is requester")
    if role == "adversary" and member != ep.get("adversary"):
        raise InputError(f + ".member", member, f"the episode's adversary ({ep.get('adversary')}), as the role is adversary")
    troops = row.get("troops")
    if troops is not None:
        if isinstance(troops, bool) or not isinstance(troops, int) or troops < 0:
            raise InputError(f + ".troops", troops, "a whole number >= 0, or null where not published")
        if action != "troops":
            raise InputError(f + ".troops", troops, f"null, as the action is {action} (a number only for troops)")
    return MemberAction(
        episode=str(episode),
        evidence_id=str(evidence_id),
        member=str(member),
        role=role,
        action=str(action),
        troops=troops,
        detail=check_text(row.get("detail"), f + ".detail"),
        provenance=check_choice(row.get("provenance"), f + ".provenance", PROVENANCES),
        confidence=check_choice(row.get("confidence"), f + ".confidence", CONFIDENCES),
        citations=check_citations(row.get("citations"), f + ".citations"),
    )


@functools.lru_cache(maxsize=16)
def _load(seeds_dir: Path, stamp: tuple[tuple[int, int], ...]) -> dict[str, dict[str, MemberAction]]:
    label = file_label(seeds_dir, MEMBER_ACTIONS_FILE)
    rows = record_list(read_yaml(seeds_dir / MEMBER_ACTIONS_FILE, label), "actions", label)
    episodes = _episodes(seeds_dir)
    members = frozenset(_seed_members(seeds_dir))
    out: dict[str, dict[str, MemberAction]] = {}
    for i, row in enumerate(rows):
        name = (f"{row.get('evidence_id')} {row.get('member')}" if isinstance(row, dict)
                and isinstance(row.get("evidence_id"), str) and isinstance(row.get("member"), str) else str(i))
        rec = _action(row, f"{label}[{name}]", episodes, members)
        if rec.member in out.get(rec.episode, {}):
            raise InputError(f"{label}[{name}].member", rec.member, f"a member not already coded for {rec.episode}")
        out.setdefault(rec.episode, {})[rec.member] = rec
    for episode, by_member in out.items():
        if not any(a.role == "requester" for a in by_member.values()):
            raise InputError(f"{label}[{episodes[episode]['evidence_id']}]", episode, "a record for the episode's requester")
    return out


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat() if path.is_file() else None
    return (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)


def load_member_actions(seeds_dir: Path = SEEDS_DIR) -> dict[str, dict[str, MemberAction]]:
    """Load and validate seeds/evidence/member_actions.yaml: episode id -> member -> record.

    Parsed once per folder and modification times of the files it reads; each call returns fresh dicts."""
    seeds_dir = Path(seeds_dir).resolve()
    stamp = tuple(_stamp(seeds_dir / rel) for rel in (MEMBER_ACTIONS_FILE, EPISODES_FILE, "members.yaml"))
    return {episode: dict(by_member) for episode, by_member in _load(seeds_dir, stamp).items()}
