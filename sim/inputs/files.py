"""Reading the seed and evidence files strictly: UTF-8 only, YAML without duplicate keys.

YAML keeps the last of two equal keys and Python's decoder raises a traceback on a bad byte;
both would let a corrupted file change results silently or crash a run. Every reader of the
project's data files comes through here, so each such file fails with one line naming it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sim.errors import InputError


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that rejects duplicate keys (YAML would silently keep the last one) and
    anchors and aliases (no seed file needs them, and nested aliases expand exponentially: an
    alias bomb would run for minutes into a MemoryError)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            kind = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            raise yaml.composer.ComposerError(None, None, f"YAML {kind}{anchor}", event.start_mark)
        return super().compose_node(parent, index)


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def file_stamp(path: Path) -> tuple[int, int]:
    """The file's modification time and size, (0, 0) when absent: a cache key that changes when the
    file is edited, so a reader cached on it never serves a stale parse."""
    stat = path.stat() if path.is_file() else None
    return (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)


def read_text(path: Path, label: str) -> str:
    """The file as UTF-8 text; a missing or undecodable file is one line naming it."""
    if not path.is_file():
        raise InputError(label, str(path), "an existing file (the seeds folder must hold it)")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(label, f"byte {exc.start} is not UTF-8", "a UTF-8 text file") from None


def read_yaml(path: Path, label: str) -> dict[str, Any]:
    """A YAML mapping, strictly: duplicate keys, malformed YAML or another top level are one line."""
    text = read_text(path, label)
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" near line {mark.line + 1}" if mark is not None else ""
        problem = str(getattr(exc, "problem", None) or "")
        if not problem.startswith(("duplicate key", "YAML a")):
            problem = "malformed YAML" + (f": {problem}" if problem else "")
        raise InputError(label, f"{problem}{where}",
                         "a valid YAML file without duplicate keys, anchors or aliases") from None
    if not isinstance(data, dict):
        raise InputError(label, type(data).__name__, "a YAML mapping at the top level")
    return data
