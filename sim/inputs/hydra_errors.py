"""Hydra's composition errors as the project's one line: the field, the bad value, what is allowed.

Hydra reports a bad override over several lines; the commands (sim/cli.py) print this line instead.
"""

from __future__ import annotations

from hydra.errors import MissingConfigException, OverrideParseException

from sim.inputs.checks import schema_error
from sim.inputs.compose import SCHEMAS
from sim.inputs.schema import Config


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
    if cause is not None and full_key:  # the schema says what the field allows (sim.inputs.checks)
        line = str(schema_error(cause, SCHEMAS.get(config_name, Config)))
        if "is not in struct" in str(getattr(cause, "msg", cause)):
            line += f"; a key added to a mapping needs a leading '+', e.g. +{full_key}=<value>"
        return line
    return " ".join(str(exc).split())
