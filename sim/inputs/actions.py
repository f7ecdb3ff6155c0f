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
from typing import Annotated, Any, Optional

from pydantic import BeforeValidator, ValidationInfo, model_validator

from sim.errors import InputError, one_of
from sim.inputs.evidence_records import EPISODES_FILE, MEMBER_ACTIONS_FILE, Reported
from sim.inputs.fields import file_label, record_list
from sim.inputs.files import file_stamp, read_yaml
from sim.inputs.paths import SEEDS_DIR
from sim.inputs.records import Count, Member, Text, choice, parse, refuse
from sim.inputs.seeds import load_seeds

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


def _episode(value: Any, info: ValidationInfo) -> str:
    if value not in (info.context or {}).get("episodes", {}):
        raise refuse("an episode id of seeds/evidence/episodes.yaml")
    return str(value)


class ActionRow(Reported):
    """A record of member_actions.yaml, checked against its episode (context `episodes`: id -> row)."""

    episode: Annotated[str, BeforeValidator(_episode)]
    evidence_id: Text
    member: Member
    role: choice(ROLES)
    action: choice((*ACTIONS, "requester", "adversary"))  # a member's action, or its role
    troops: Optional[Count] = None  # personnel sent, where published
    detail: Optional[Text] = None

    @model_validator(mode="after")
    def _agrees_with_its_episode(self, info: ValidationInfo) -> ActionRow:
        ep = (info.context or {})["episodes"][self.episode]
        if self.evidence_id != ep.get("evidence_id"):
            raise refuse(f"the episode's own row id ({ep.get('evidence_id')})", "evidence_id", self.evidence_id)
        role, action = self.role, self.action
        if role == "member" and action not in ACTIONS:
            raise refuse(one_of(ACTIONS), "action", action)
        if role != "member" and action != role:
            raise refuse(f"'{role}', as the role is {role}", "action", action)
        if role != "member" and self.member != ep.get(role):
            raise refuse(f"the episode's {role} ({ep.get(role)}), as the role is {role}", "member", self.member)
        if self.troops is not None and action != "troops":
            raise refuse(f"null, as the action is {action} (a number only for troops)", "troops", self.troops)
        return self


def _action(row: Any, f: str, episodes: dict[str, dict[str, Any]], members: frozenset[str]) -> MemberAction:
    rec = parse(ActionRow, row, f, episodes=episodes, members=members)
    return MemberAction(episode=rec.episode, evidence_id=rec.evidence_id, member=rec.member, role=rec.role,
                        action=rec.action, troops=rec.troops, detail=rec.detail, provenance=rec.provenance,
                        confidence=rec.confidence, citations=rec.citations)


@functools.lru_cache(maxsize=16)
def _load(seeds_dir: Path, stamp: tuple[tuple[int, int], ...]) -> dict[str, dict[str, MemberAction]]:
    label = file_label(seeds_dir, MEMBER_ACTIONS_FILE)
    rows = record_list(read_yaml(seeds_dir / MEMBER_ACTIONS_FILE, label), "actions", label)
    episodes = _episodes(seeds_dir)
    members = frozenset(load_seeds(seeds_dir).members)
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
            raise InputError(f"{label}[{episodes[episode]['evidence_id']}]", episode,
                             "a record for the episode's requester")
    return out


def load_member_actions(seeds_dir: Path = SEEDS_DIR) -> dict[str, dict[str, MemberAction]]:
    """Load and validate seeds/evidence/member_actions.yaml: episode id -> member -> record.

    Parsed once per folder and modification times of the files it reads; each call returns fresh dicts."""
    seeds_dir = Path(seeds_dir).resolve()
    stamp = tuple(file_stamp(seeds_dir / rel) for rel in (MEMBER_ACTIONS_FILE, EPISODES_FILE, "members.yaml"))
    return {episode: dict(by_member) for episode, by_member in _load(seeds_dir, stamp).items()}
