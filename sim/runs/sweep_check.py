"""A sweep checked before its first job starts: Hydra's own keys that could lose results or swamp
the machine, and every job's config composed as Hydra will compose it, so the commands (sim/cli.py)
can give each job the run's own checks before any job writes.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from hydra import compose
from hydra.core.override_parser.types import Override
from omegaconf import DictConfig

from sim.errors import InputError
from sim.inputs.compose import CHOICE_GROUPS
from sim.inputs.schema import Config
from sim.runs.resources import check_jobs

MAX_COMBINATIONS = 50  # a sweep's precheck composes at most this many combinations
# A sweep's jobs are all checked (run-time checks included) before the first starts, up to this many;
# a larger sweep checks every value at least once. About 0.05 s per job (the seeds are read once).
MAX_CHECKED_JOBS = 500


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


def _is_structural(o: Override) -> bool:
    """An override that changes what is composed (a group choice, an added or deleted key)."""
    key = o.key_or_group
    return (o.is_add() or o.is_force_add() or o.is_delete()
            or "/" in key or key in CHOICE_GROUPS or "." not in key and key not in Config.__dataclass_fields__)


def job_configs(overrides: list[str], limit: int = MAX_CHECKED_JOBS,
                config_name: str = "config") -> Iterator[tuple[str, DictConfig]]:
    """(a job's overrides, its composed config) for every job of a sweep (or the one run), without
    Hydra's own key: each distinct set of group choices is composed once, and plain `key=value`
    settings are applied to a copy as Hydra would. Beyond `limit` jobs, every value at least once."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from omegaconf import OmegaConf

    parsed = [o for o in OverridesParser.create().parse_overrides(overrides)
              if not o.key_or_group.startswith("hydra")]
    options: list[list[tuple[str, Any]]] = []
    for o in parsed:
        if o.is_sweep_override():
            options.append(list(zip(o.sweep_string_iterator(), o.sweep_iterator(), strict=True)))
        else:
            options.append([(o.get_value_element_as_str(), o.value())])
    sizes = [len(v) for v in options]
    picks: Iterable[Sequence[int]]
    if math.prod(sizes) <= limit:
        picks = itertools.product(*[range(n) for n in sizes])
    else:
        picks = ([i % n for n in sizes] for i in range(max(sizes, default=1)))
    composed: dict[tuple[str, ...], DictConfig] = {}
    for pick in picks:
        chosen = [(o, *options[k][i]) for k, (o, i) in enumerate(zip(parsed, pick, strict=True))]
        structural = tuple(str(o.input_line) if not o.is_sweep_override() else f"{o.get_key_element()}={text}"
                           for o, text, _ in chosen if _is_structural(o))
        if structural not in composed:
            composed[structural] = compose(config_name, overrides=list(structural))
        cfg = copy.deepcopy(composed[structural])  # a copy the plain settings change
        for o, _, value in chosen:
            if not _is_structural(o):
                OmegaConf.update(cfg, o.key_or_group, value, merge=True)
        yield " ".join(f"{o.key_or_group}={text}" for o, text, _ in chosen), cfg
