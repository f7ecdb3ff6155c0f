"""What every command does around its Hydra app: composition errors as one line before Hydra runs,
every job of a sweep checked before the first starts, and one line (never a traceback) when a run
meets bad input or cannot write.

Hydra reports a bad override over several lines after it has started (and, under -m, after it
has written multirun.yaml); users (and sweeps that grep logs) get one line instead: the field,
the bad value, what is allowed. Plain runs, sweeps (-m: every value of every swept key is
composed at least once) and `--cfg job|hydra|all` are prechecked; --help, --info and other
Hydra flags are passed through untouched. This is the one place that reads the command line
(sys.argv): the precheck runs before Hydra parses it. The output folder (writable, owned while the
run runs, cleaned up after a failure) is the RunFolder callback's (sim/runs/folder.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from hydra import compose, initialize_config_dir

from sim.errors import InputError
from sim.inputs.compose import CHOICE_GROUPS, check_group_choice
from sim.inputs.hydra_errors import one_line
from sim.inputs.paths import CONFIG_DIR
from sim.runs.fingerprint import FINGERPRINT, fingerprint, resume
from sim.runs.sweep_check import check_hydra_settings, combinations, job_configs

RUN_CONFIGS = ("config", "timeline_run")  # the primary configs of `python -m sim` and the timeline command
# Flags whose next argument is their value, and flags that only choose what Hydra prints.
_FLAG_WITH_VALUE = {"--cfg", "-c", "--package", "-p"}
_FLAG_ALONE = {"--resolve", "-m", "--multirun"}


def check_before_run(cfg: Any, config_name: str = "config") -> None:
    """The run-time checks of either mode, without running: a sweep checks every job with this
    before its first job starts, and `--cfg job` before it prints the config. Here, in the command
    layer, because it reaches both the runs layer and the timeline above it."""
    from sim.inputs.spec import check_mode
    from sim.runs.scenario import check_scenario_run

    mode = check_mode(cfg)
    if config_name == "timeline_run" and mode != "timeline":
        raise InputError("mode", mode, "timeline (this command replays the timeline; a scenario runs with "
                         "python -m sim)")
    if mode == "timeline":
        from sim.timeline.settings import check_timeline_run  # imported only when asked

        check_timeline_run(cfg)
    else:
        check_scenario_run(cfg)


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
                if sep and key in CHOICE_GROUPS and config_name in RUN_CONFIGS:
                    check_group_choice(key, value)
        # -m with --cfg is refused after this (launch): its bad values are named, its jobs not run-checked.
        kind = _cfg_kind(argv)
        checks_jobs = config_name in RUN_CONFIGS and (kind is None or not multirun and kind in ("job", "all"))
        # A sweep of a run config leaves every job to job_configs, which composes each distinct group
        # choice once; here only the first combination, when it sets Hydra's own keys (job_configs drops them).
        if multirun and checks_jobs:
            runs = runs[:1] if any(item.lstrip("+~").startswith("hydra") for item in overrides) else []
        with initialize_config_dir(config_dir=str(Path(CONFIG_DIR)), version_base="1.3"):
            composed = [compose(config_name, overrides=run) for run in runs]
            if checks_jobs:
                if multirun:
                    check_jobs_before_start(overrides, config_name)
                else:
                    check_before_run(composed[0], config_name)
    except InputError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - every composition failure becomes one line
        return one_line(exc, config_name)
    return None


def check_jobs_before_start(overrides: list[str], config_name: str = "config") -> None:
    """Every job's run-time checks (seeds, spec, jobs, memory) before any job starts or writes."""
    for _, cfg in job_configs(overrides, config_name=config_name):
        check_before_run(cfg, config_name)


def die(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def exit_on_input_error(exc: InputError) -> NoReturn:
    """The project's answer to bad input inside a Hydra job: one line, status 2 (the RunFolder
    callback removes the folders the run created)."""
    die(str(exc))


def exit_on_write_error(exc: OSError, outdir: Path) -> NoReturn:
    """Results that cannot be written (read-only, disk full): one line, status 1."""
    reason = exc.strerror or str(exc).splitlines()[0]
    print(f"error: cannot write results to {outdir}: {reason}", file=sys.stderr)
    sys.exit(1)


@contextmanager
def input_errors(out_of_memory: InputError | None = None) -> Iterator[None]:
    """Bad input met while running: one line, status 2. With `out_of_memory`, a MemoryError (a
    memory estimate that fell short) is that one line too, never a traceback."""
    try:
        yield
    except InputError as exc:
        exit_on_input_error(exc)
    except MemoryError:
        if out_of_memory is None:
            raise
        exit_on_input_error(out_of_memory)


@contextmanager
def write_errors(outdir: Path) -> Iterator[None]:
    """Results that cannot be written: one line, status 1."""
    try:
        yield
    except OSError as exc:
        exit_on_write_error(exc, outdir)


def finished_sweep_job(outdir: Path, container: dict[str, Any], summary: str) -> bool:
    """In a sweep job: whether it already finished from these inputs, so the job is skipped
    (sim.runs.fingerprint.resume); says what it decided. `summary`: the file that marks it finished."""
    skip, note = resume(outdir, container, summary)
    if note:
        print(note)
    return skip


def record_inputs(summary: dict[str, Any], container: dict[str, Any], overrides: list[str] | None) -> None:
    """What a result was computed from, in its summary: a sweep job's overrides (None: not a sweep;
    sim.collect's parameter columns) and the fingerprint a re-run of the sweep compares."""
    if overrides is not None:
        summary["overrides"] = overrides
    summary[FINGERPRINT] = fingerprint(container)


def launch(main: Callable[[], None], config_name: str = "config",
           rewrite_argv: Callable[[list[str]], list[str]] | None = None) -> None:
    """Start a Hydra app after prechecking its overrides, so composition errors are one line too;
    `rewrite_argv` adds what Hydra should be told (a sweep's default folder, sim.runs.sweep)."""
    # Commands write figures to files: no window, whatever the machine (the library forces no backend,
    # so notebooks show figures inline).
    os.environ.setdefault("MPLBACKEND", "Agg")
    argv = sys.argv[1:]
    problem = precheck(argv, config_name)
    if problem:
        die(problem)
    split = split_flags(argv)
    shows_config = _cfg_kind(argv) is not None
    if shows_config and split is not None and split[1]:
        die("-m/--multirun and --cfg cannot be combined (Hydra runs one or the other): drop -m and give one "
            "value per key to see a job's config, e.g. --cfg job scenario=kyrgyzstan_2010")
    if rewrite_argv is not None:
        sys.argv = [sys.argv[0], *rewrite_argv(argv)]
    main()  # Hydra prints (--help, --cfg) or runs; the RunFolder callback owns the output folder
    if config_name == "config" and split is not None and _cfg_kind(argv) == "job":
        print_resolved_crisis(split[0])


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
