"""Helpers shared by the evidence readers (evidence, actions, leverage). The records themselves are
declared with the field types of sim.inputs.records; what is left here names files and citations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from sim.errors import InputError
from sim.inputs import records


def file_label(seeds_dir: Path, rel: str) -> str:
    """The file as messages name it: the seeds folder's name and the path inside it."""
    return f"{seeds_dir.name}/{rel}"


def record_list(data: dict[str, Any], key: str, label: str) -> list[Any]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{label}.{key}", rows, "a non-empty list of records")
    return rows


def parse_citation(text: Any, field: str) -> tuple[str, str, int | str]:
    """'000_x.txt ¶10' -> ('seed', file, 10); 'evidence/episodes.csv C03' -> ('evidence', file, 'C03');
    anything else is one line naming `field`."""
    try:
        return records.parse_citation(text)
    except PydanticCustomError as exc:
        raise InputError(field, text, str(exc)) from None
