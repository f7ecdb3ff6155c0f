"""Hydra's composition errors as the project's one line: the field, the bad value, what is allowed.

Hydra reports a bad override over several lines; the commands (sim/cli.py) print this line instead.
"""

from __future__ import annotations

import dataclasses

from hydra.errors import MissingConfigException, OverrideParseException

from sim.inputs.compose import SCHEMAS
from sim.inputs.schema import Config


def _allowed_keys(full_key: str, config_name: str = "config") -> str:
    """The keys the entry's schema allows at the parent of `full_key`, e.g. the decision weights."""
    node: object = SCHEMAS.get(config_name, Config)
    for part in full_key.split(".")[:-1]:
        hints = {f.name: f for f in dataclasses.fields(node)} if dataclasses.is_dataclass(node) else {}
        if part not in hints:
            return ""
        f = hints[part]
        node = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        node = type(node) if dataclasses.is_dataclass(node) else None
    if node is None or not dataclasses.is_dataclass(node):
        return ""
    return "; allowed: " + ", ".join(f.name for f in dataclasses.fields(node))


def one_line(exc: Exception, config_name: str = "config") -> str:
    """Condense a composition error into 'field = value: what is allowed'."""
    if isinstance(exc, MissingConfigException) and exc.options:
        first = str(exc).splitlines()[0]
        missing = first.split("Could not find '")[-1].rstrip("'")
        group, _, name = missing.partition("/")
        return f"{group} = {name!r}: unknown; allowed: {', '.join(sorted(exc.options))}"
    if isinstance(exc, OverrideParseException):
        return f"{str(exc).splitlines()[0]}: overrides look like key=value, e.g. scenario=kyrgyzstan_2010"
    cause = exc.__cause__
    full_key = getattr(cause, "full_key", None)
    if cause is not None and full_key:
        msg = str(getattr(cause, "msg", cause)).splitlines()[0]
        if "is not in struct" in msg:
            extra = f"; keys added under a mapping need a leading '+', e.g. +{full_key}.<key>=<value>"
        elif "not in" in msg:
            extra = _allowed_keys(full_key, config_name)
        else:
            extra = ""
        return f"{full_key}: {msg}{extra}"
    return " ".join(str(exc).split())
