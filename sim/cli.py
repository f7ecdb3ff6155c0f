"""Turn Hydra's composition errors into the project's one-line error, before Hydra runs.

Hydra reports a bad override over several lines after it has started; users (and sweeps that
grep logs) get one line instead: the field, the bad value, what is allowed. Only plain runs are
prechecked: with a flag (-m, --help, --cfg...) Hydra handles everything itself.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from hydra import compose, initialize_config_dir
from hydra.errors import MissingConfigException, OverrideParseException

from sim.errors import InputError
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import Config


def _allowed_keys(full_key: str) -> str:
    """The keys the schema allows at the parent of `full_key`, e.g. the decision weights."""
    node: object = Config
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


def one_line(exc: Exception) -> str:
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
            extra = _allowed_keys(full_key)
        else:
            extra = ""
        return f"{full_key}: {msg}{extra}"
    return " ".join(str(exc).split())


def precheck(argv: list[str], config_name: str = "config") -> str | None:
    """Compose the config as Hydra would; return a one-line error, or None if it composes."""
    if any(arg.startswith("-") for arg in argv):
        return None
    try:
        with initialize_config_dir(config_dir=str(Path(CONFIG_DIR)), version_base="1.3"):
            compose(config_name, overrides=argv)
    except Exception as exc:  # noqa: BLE001 - every composition failure becomes one line
        return one_line(exc)
    return None


def remove_empty_dirs(path: Path) -> None:
    """Hydra creates the run directory (and its parents) before the job starts: on bad input,
    leave nothing behind. Only empty directories are removed, never above the working directory."""
    stop = Path.cwd().resolve()
    path = path.resolve()
    while path != stop and stop in path.parents:
        try:
            path.rmdir()
        except OSError:
            return
        path = path.parent


def exit_on_input_error(exc: InputError, outdir: Path) -> NoReturn:
    """The project's answer to bad input inside a Hydra job: one line, status 2, no output left."""
    print(f"error: {exc}", file=sys.stderr)
    remove_empty_dirs(outdir)
    sys.exit(2)


def launch(main: Callable[[], None], config_name: str = "config",
           rewrite_argv: Callable[[list[str]], list[str]] | None = None) -> None:
    """Start a Hydra app after prechecking its overrides, so composition errors are one line too."""
    problem = precheck(sys.argv[1:], config_name)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(2)
    if rewrite_argv is not None:
        sys.argv = [sys.argv[0], *rewrite_argv(sys.argv[1:])]
    main()
