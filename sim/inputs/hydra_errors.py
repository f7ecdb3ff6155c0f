"""Hydra's composition errors as the project's one line: the field, the bad value, what is allowed.

Hydra reports a bad override over several lines; the commands (sim/cli.py) print this line instead.
"""

from __future__ import annotations

from hydra.errors import MissingConfigException, OverrideParseException

from sim.errors import InputError
from sim.inputs.checks import schema_error
from sim.inputs.schema import CalibrateConfig, Config, EnsembleConfig

SCHEMAS: dict[str, type] = {"config": Config, "calibrate": CalibrateConfig, "ensemble": EnsembleConfig,
                            "timeline_run": Config}  # each primary config's schema


def composition_error(exc: BaseException, config_name: str = "config") -> InputError | None:
    """A schema's refusal during composition (a wrong type, a value outside an Enum or a bound, an
    unknown key) as the one-line InputError; None for errors the schema does not explain."""
    # Hydra's compose wraps OmegaConf's error; OmegaConf.update on a composed copy raises it bare.
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    full_key = getattr(cause, "full_key", None)
    if not full_key:
        return None
    error = schema_error(cause, SCHEMAS.get(config_name, Config))
    if "is not in struct" in str(getattr(cause, "msg", cause)):  # a new key under a mapping (alliance.trust)
        error = InputError(error.field, error.value,
                           f"{error.allowed}; a key added to a mapping needs a leading '+', e.g. +{full_key}=<value>")
    return error


def one_line(exc: Exception, config_name: str = "config") -> str:
    """Condense a composition error into 'field = value: what is allowed'."""
    if isinstance(exc, MissingConfigException) and exc.options:
        first = str(exc).splitlines()[0]
        missing = first.split("Could not find '")[-1].rstrip("'")
        group, _, name = missing.partition("/")
        return f"{group} = {name!r}: unknown; allowed: {', '.join(sorted(exc.options))}"
    if isinstance(exc, OverrideParseException):
        return f"{str(exc).splitlines()[0]}: overrides look like key=value, e.g. scenario=kyrgyzstan_2010"
    error = composition_error(exc, config_name)
    if error is not None:
        return str(error)
    return " ".join(str(exc).split())
