"""Turn Hydra's composition errors into the project's one-line error, before Hydra runs, and leave
nothing behind when a run or sweep fails.

Hydra reports a bad override over several lines after it has started (and, under -m, after it
has written multirun.yaml); users (and sweeps that grep logs) get one line instead: the field,
the bad value, what is allowed. Plain runs, sweeps (-m: every value of every swept key is
composed at least once) and `--cfg job|hydra|all` are prechecked; --help, --info and other
Hydra flags are passed through untouched. Before a run the output directory must be writable;
after a failed run or sweep, the directories this command created and left empty (or holding only
Hydra's multirun.yaml) are removed, wherever they are.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

from hydra import compose, initialize_config_dir
from hydra.errors import MissingConfigException, OverrideParseException

from sim.errors import InputError
from sim.inputs.compose import CHOICE_GROUPS, SCHEMAS, check_group_choice
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.schema import Config
from sim.outputs.lock import RunFolderBusy, RunLock
from sim.runs.resources import check_jobs

MAX_COMBINATIONS = 50  # a sweep's precheck composes at most this many combinations
# A sweep's jobs are all checked (run-time checks included) before the first starts, up to this many;
# a larger sweep checks every value at least once. About 0.05 s per job (the seeds are read once).
MAX_CHECKED_JOBS = 500
# Flags whose next argument is their value, and flags that only choose what Hydra prints.
_FLAG_WITH_VALUE = {"--cfg", "-c", "--package", "-p"}
_FLAG_ALONE = {"--resolve", "-m", "--multirun"}
SWEEP_LEFTOVERS = {"multirun.yaml", ".hydra"}  # what Hydra writes in a sweep dir before any job runs



def check_before_run(cfg: Any) -> None:
    """The run-time checks of either mode, without running: a sweep checks every job with this
    before its first job starts, and `--cfg job` before it prints the config. Here, in the command
    layer, because it reaches both the runs layer and the timeline above it."""
    from sim.inputs.spec import check_mode
    from sim.runs.resources import check_jobs
    from sim.runs.scenario import check_scenario_run

    if check_mode(cfg) == "timeline":
        from sim.timeline.replay import settings  # the timeline's own checks, imported only when asked

        check_jobs(cfg.jobs, force=bool(cfg.get("force_jobs", False)))
        settings(cfg)
    else:
        check_scenario_run(cfg)


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


def split_flags(argv: list[str]) -> tuple[list[str], bool] | None:
    """(the overrides, whether -m was given), or None when a flag means Hydra should answer alone
    (--help, --info, --shell-completion...): those are passed through unchecked."""
    overrides, multirun, skip = [], False, False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in _FLAG_WITH_VALUE:
            skip = True
        elif arg in _FLAG_ALONE:
            multirun = multirun or arg in ("-m", "--multirun")
        elif arg.startswith(("--cfg=", "--package=")):
            continue
        elif arg.startswith("-"):
            return None
        else:
            overrides.append(arg)
    return overrides, multirun


def combinations(overrides: list[str], limit: int = MAX_COMBINATIONS) -> list[list[str]]:
    """Override lists that compose every value of every swept key at least once (a sweep's jobs
    take each value with every other; composing the first value of each with each of the others,
    cycling, finds a bad value without composing the whole product). At most `limit`."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    lists: list[list[str]] = []
    for o in OverridesParser.create().parse_overrides(overrides):
        if o.is_sweep_override():
            if not o.is_discrete_sweep():  # interval sweeps need a sampling sweeper (optuna...)
                raise InputError(o.get_key_element(), (o.input_line or "").partition("=")[2],
                                 "a list (a,b,c) or range(start,stop[,step]) under -m: the basic sweeper "
                                 "cannot sample an interval")
            key = o.get_key_element()
            lists.append([f"{key}={v}" for v in o.sweep_string_iterator()])
        else:
            lists.append([o.input_line or ""])
    longest = max((len(v) for v in lists), default=1)
    return [[values[i % len(values)] for values in lists] for i in range(min(longest, limit))]


def precheck(argv: list[str], config_name: str = "config") -> str | None:
    """Compose the config as Hydra would; return a one-line error, or None if it composes."""
    split = split_flags(argv)
    if split is None:
        return None
    overrides, multirun = split
    try:
        check_hydra_settings(overrides, multirun)
        runs = combinations(overrides) if multirun else [overrides]
        for run in runs:  # a group choice resolves inside configs/<group>/, never elsewhere
            for item in run:
                key, sep, value = item.partition("=")
                if sep and key in CHOICE_GROUPS and config_name == "config":
                    check_group_choice(key, value)
        with initialize_config_dir(config_dir=str(Path(CONFIG_DIR)), version_base="1.3"):
            composed = [compose(config_name, overrides=run) for run in runs]
            if config_name == "config" and (multirun or _cfg_kind(argv) in (None, "job", "all")):
                if multirun:
                    check_jobs_before_start(overrides)
                else:

                    check_before_run(composed[0])
    except InputError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - every composition failure becomes one line
        return one_line(exc, config_name)
    return None


# A sweep's job folders must differ per job: a subdir holding none of these puts every job in one folder.
SUBDIR_PER_JOB: tuple[str, ...] = ("${hydra.job.num}", "${hydra.job.id}", "${hydra.job.override_dirname}")


def check_hydra_settings(overrides: list[str], multirun: bool) -> None:
    """Hydra's own keys that could lose results or swamp the machine: the joblib launcher's
    workers are bounded like `jobs`; a sweep's subdir must differ per job."""
    values = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if sep:
            values[key.lstrip("+~")] = value.strip("'\"")
    force = values.get("force_jobs", "false").lower() == "true"
    n_jobs = values.get("hydra.launcher.n_jobs")
    if n_jobs is not None and n_jobs != "-1":  # -1: joblib's all cores
        try:
            number: object = int(n_jobs)
        except ValueError:
            number = n_jobs
        check_jobs(number, "hydra.launcher.n_jobs", force=force)
    subdir = values.get("hydra.sweep.subdir")
    if multirun and subdir is not None and not any(token in subdir for token in SUBDIR_PER_JOB):
        raise InputError("hydra.sweep.subdir", subdir, "a folder name that differs per job: include "
                         + " or ".join(SUBDIR_PER_JOB) + " (a constant one puts every job's results in one folder)")


def _is_structural(o: object) -> bool:
    """An override that changes what is composed (a group choice, an added or deleted key)."""
    key = o.key_or_group  # type: ignore[attr-defined]
    return (o.is_add() or o.is_force_add() or o.is_delete()  # type: ignore[attr-defined]
            or "/" in key or key in CHOICE_GROUPS or "." not in key and key not in Config.__dataclass_fields__)


def job_configs(overrides: list[str], limit: int = MAX_CHECKED_JOBS) -> Iterator[tuple[str, object]]:
    """(a job's overrides, its composed config) for every job of a sweep (or the one run), without
    Hydra's own key: each distinct set of group choices is composed once, and plain `key=value`
    settings are applied to a copy as Hydra would. Beyond `limit` jobs, every value at least once."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from omegaconf import OmegaConf

    parsed = [o for o in OverridesParser.create().parse_overrides(overrides)
              if not o.key_or_group.startswith("hydra")]
    options = []
    for o in parsed:
        if o.is_sweep_override():
            options.append(list(zip(o.sweep_string_iterator(), o.sweep_iterator(), strict=True)))
        else:
            options.append([(o.get_value_element_as_str(), o.value())])
    sizes = [len(v) for v in options]
    if math.prod(sizes) <= limit:
        picks = itertools.product(*[range(n) for n in sizes])
    else:
        picks = ([i % n for n in sizes] for i in range(max(sizes, default=1)))
    composed: dict[tuple[str, ...], object] = {}
    for pick in picks:
        chosen = [(o, *options[k][i]) for k, (o, i) in enumerate(zip(parsed, pick, strict=True))]
        structural = tuple(o.input_line if not o.is_sweep_override() else f"{o.get_key_element()}={text}"
                           for o, text, _ in chosen if _is_structural(o))
        if structural not in composed:
            composed[structural] = compose("config", overrides=list(structural))
        cfg = copy.deepcopy(composed[structural])  # a copy the plain settings change
        for o, _, value in chosen:
            if not _is_structural(o):
                OmegaConf.update(cfg, o.key_or_group, value, merge=True)
        yield " ".join(f"{o.key_or_group}={text}" for o, text, _ in chosen), cfg


def check_jobs_before_start(overrides: list[str]) -> None:
    """Every job's run-time checks (seeds, spec, jobs, memory) before any job starts or writes."""

    for _, cfg in job_configs(overrides):
        check_before_run(cfg)


def remove_empty_dirs(path: Path, stop: Path | None = None) -> None:
    """Hydra creates the run directory (and its parents) before the job starts: on bad input,
    leave nothing behind. Only empty directories are removed, never `stop` (default: the working
    directory) or above it."""
    stop = (stop or Path.cwd()).resolve()
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


def exit_on_write_error(exc: OSError, outdir: Path) -> NoReturn:
    """Results that cannot be written (read-only, disk full): one line, status 1."""
    reason = exc.strerror or str(exc).splitlines()[0]
    print(f"error: cannot write results to {outdir}: {reason}", file=sys.stderr)
    remove_empty_dirs(outdir)
    sys.exit(1)


def _dir_override(argv: list[str], key: str) -> Path | None:
    """The directory given as `key=...` on the command line (the last one), unless interpolated."""
    value = None
    for arg in argv:
        if arg.split("=", 1)[0] == key and "=" in arg:
            value = arg.split("=", 1)[1].strip("'\"")
    if not value or "${" in value:
        return None
    return Path(value)


def _first_missing(path: Path) -> Path | None:
    """The highest ancestor of `path` (or itself) that does not exist yet: what a run will create."""
    path = path.absolute()
    if path.exists():
        return None
    top = path
    while not top.parent.exists():
        top = top.parent
    return top


def check_writable(path: Path) -> str | None:
    """One line if results cannot be written under `path` (its nearest existing folder is tried)."""
    probe = path.absolute()
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        return f"output directory {path}: {probe} is a file, not a directory"
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        return f"output directory {path} is not writable ({probe}: {exc.strerror or exc})"
    if shutil.disk_usage(probe).free < 16 * 2**20:
        return f"output directory {path}: no space left ({probe} has under 16 MB free)"
    return None


def _only_leftovers(sweep_dir: Path) -> bool:
    """True if a sweep directory holds nothing but Hydra's multirun.yaml/.hydra and empty folders."""
    for path in sweep_dir.rglob("*"):
        rel = path.relative_to(sweep_dir)
        if rel.parts[0] in SWEEP_LEFTOVERS or path.is_dir():
            continue
        return False
    return True


def clean_after_failure(target: Path, created: Path, multirun: bool) -> None:
    """Remove what a failed command created under `created` (the first folder it made) and left
    without results: empty folders, and a sweep folder holding only multirun.yaml."""
    target = target.absolute()
    if multirun and target.is_dir() and _only_leftovers(target):
        shutil.rmtree(target, ignore_errors=True)
    elif target.is_dir():
        for sub in sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            try:
                sub.rmdir()
            except OSError:
                pass
        try:
            target.rmdir()
        except OSError:
            return
    remove_empty_dirs(target.parent, stop=created.parent)


def die(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def _early_lock(argv: list[str]) -> tuple[RunLock | None, Path | None, Path | None]:
    """(the lock, the run folder, the first folder this command creates) for a single run whose
    `hydra.run.dir` is on the command line: the run owns its folder from its first moment, so a
    second run started at the same time refuses in one line instead of racing it to the lock."""
    split = split_flags(argv)
    shows_config = any(a in ("--cfg", "-c") or a.startswith("--cfg=") for a in argv)
    target = _dir_override(argv, "hydra.run.dir")
    if split is None or split[1] or shows_config or target is None or check_writable(target):
        return None, None, None
    created = _first_missing(target)
    try:
        return RunLock(target).acquire(), target, created
    except RunFolderBusy as exc:
        die(str(exc))
    except OSError:
        return None, None, None  # the checks after the precheck report it


def launch(main: Callable[[], None], config_name: str = "config",
           rewrite_argv: Callable[[list[str]], list[str]] | None = None) -> None:
    """Start a Hydra app after prechecking its overrides, so composition errors are one line too;
    check the output directory first and clean up after a failure."""
    # Commands write figures to files: no window, whatever the machine (the library forces no backend,
    # so notebooks show figures inline).
    os.environ.setdefault("MPLBACKEND", "Agg")
    lock, target, created = _early_lock(sys.argv[1:])
    try:
        _launch(main, config_name, rewrite_argv)
    except BaseException as exc:
        if lock is not None:
            lock.release()
            if not (isinstance(exc, SystemExit) and exc.code in (None, 0)) and created is not None:
                clean_after_failure(target, created, False)  # type: ignore[arg-type]
        raise
    finally:
        if lock is not None:
            lock.release()


def _launch(main: Callable[[], None], config_name: str,
            rewrite_argv: Callable[[list[str]], list[str]] | None) -> None:
    argv = sys.argv[1:]
    problem = precheck(argv, config_name)
    if problem:
        die(problem)
    shows_config = any(a in ("--cfg", "-c") or a.startswith("--cfg=") for a in argv)
    if shows_config and any(a in ("-m", "--multirun") for a in argv):
        die("-m/--multirun and --cfg cannot be combined (Hydra runs one or the other): drop -m and give one "
            "value per key to see a job's config, e.g. --cfg job scenario=kyrgyzstan_2010")
    split = split_flags(argv)
    if rewrite_argv is not None:
        sys.argv = [sys.argv[0], *rewrite_argv(argv)]
    if split is None or shows_config:
        main()  # Hydra prints and exits; nothing is written
        if config_name == "config" and split is not None and not split[1] and _cfg_kind(argv) == "job":
            print_resolved_crisis(split[0])
        return
    multirun = split[1]
    target = _dir_override(sys.argv[1:], "hydra.sweep.dir" if multirun else "hydra.run.dir")
    problem = check_writable(target or Path.cwd())
    if problem:
        die(problem)
    created = _first_missing(target) if target is not None else None
    try:
        main()
    except SystemExit as exc:
        if exc.code not in (None, 0) and target is not None and created is not None:
            clean_after_failure(target, created, multirun)
        raise
    except BaseException:
        if target is not None and created is not None:
            clean_after_failure(target, created, multirun)
        raise


def _cfg_kind(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg in ("--cfg", "-c") and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--cfg="):
            return arg.split("=", 1)[1]
    return None


def print_resolved_crisis(overrides: list[str]) -> None:
    """After `--cfg job`: the crisis as a run resolves it (an episode's record under
    alliance.coding, the world on its date), which the composed config alone does not show."""
    import yaml

    from sim.inputs.compose import compose_config
    from sim.inputs.spec import build_spec

    cfg = compose_config(overrides)
    if cfg.get("mode", "scenario") != "scenario":
        return
    try:
        spec = build_spec(cfg)
    except InputError as exc:
        die(str(exc))
    c = spec.crisis
    crisis = {"date": c.date.isoformat(), "requester": c.requester, "adversary": c.adversary,
              "crisis_type": c.crisis_type, "front": c.front, "framing": c.framing, "channel": c.channel,
              "on_member_territory": c.on_member_territory, "troops_requested": c.troops_requested,
              "coding": c.coding, "observed_outcome": c.observed_outcome, "members": spec.members,
              "standing_forces": spec.state.standing_forces,
              "available_troops": {p.code: round(p.available_troops, 1) for p in spec.profiles}}
    print("# The crisis as the run resolves it (the episode's record under alliance.coding, the world on its date):")
    print(yaml.safe_dump({"resolved_crisis": crisis}, sort_keys=False).rstrip())
