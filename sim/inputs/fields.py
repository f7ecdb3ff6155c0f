"""Field checks shared by the seed-file readers (evidence, actions, leverage): each returns the value
or raises a one-line InputError naming the file, the record and the field, and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from sim.errors import InputError, one_of

_SEED_CITATION = re.compile(r"^(\d{3}_[0-9a-f]{16}\.txt) ¶(\d+)$")
_EVIDENCE_CITATION = re.compile(r"^evidence/([a-z_]+\.csv) (\S(?:.*\S)?)$")


def file_label(seeds_dir: Path, rel: str) -> str:
    """The file as messages name it: the seeds folder's name and the path inside it."""
    return f"{seeds_dir.name}/{rel}"


def record_list(data: dict[str, Any], key: str, label: str) -> list[Any]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{label}.{key}", rows, "a non-empty list of records")
    return rows


def parse_citation(text: Any, field: str) -> tuple[str, str, int | str]:
    """'000_x.txt ¶10' -> ('seed', file, 10); 'evidence/episodes.csv C03' -> ('evidence', file, 'C03')."""
    s = str(text)
    if m := _SEED_CITATION.match(s):
        return "seed", m.group(1), int(m.group(2))
    if m := _EVIDENCE_CITATION.match(s):
        return "evidence", m.group(1), m.group(2)
    raise InputError(field, text, "a citation like '000_b864a2c696621e71.txt ¶10' or 'evidence/episodes.csv C03'")


def check_citations(node: Any, field: str, *, seeds_only: bool = False) -> tuple[str, ...]:
    """A non-empty list of citations (a '; '-joined string is accepted too)."""
    items = [p.strip() for p in node.split(";")] if isinstance(node, str) else node
    if not isinstance(items, list) or not items:
        raise InputError(field, node, "a non-empty list of citations")
    for item in items:
        kind, _, _ = parse_citation(item, field)
        if seeds_only and kind != "seed":
            raise InputError(field, item, "seed paragraphs only (the seeds coding rests on the five sources)")
    return tuple(str(i) for i in items)


def check_choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(field, value, one_of(allowed))
    return str(value)


def check_date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field, value, "an ISO date YYYY-MM-DD") from None


def check_opt_date(value: Any, field: str) -> dt.date | None:
    return None if value is None else check_date(value, field)


def check_text(value: Any, field: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, value, "a non-empty text")
    return value


def check_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(field, value, "true or false")
    return value


def check_actor(value: Any, field: str, actors: frozenset[str]) -> str:
    if value not in actors:
        raise InputError(field, value, one_of(actors))
    return str(value)


def check_number(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise InputError(field, value, f"a number in [{low:g}, {high:g}]")
    return float(value)


def check_sourced_choice(node: Any, field: str, allowed: tuple[str, ...]) -> str:
    """A coded value with its source or assumption: `{value, source: [...], assumption: "..."}`."""
    if not isinstance(node, dict) or "value" not in node:
        raise InputError(field, node, "a mapping with 'value' and 'source' and/or 'assumption'")
    if node.get("source") is None and not node.get("assumption"):
        raise InputError(field, node, "a 'source' citation list or an 'assumption' reason")
    if node.get("source") is not None:
        check_citations(node["source"], field + ".source")
    if node.get("assumption") is not None:
        check_text(node["assumption"], field + ".assumption")
    return check_choice(node["value"], field + ".value", allowed)
