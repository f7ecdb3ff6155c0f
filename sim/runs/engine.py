"""Where the chunks of a batched run go: this process, joblib workers, or a Dask cluster.

Calibration and experiments cut their parameter vectors into chunks (sim.runs.batch: block b of
episode e always runs as model chunk b with the episode's seed), so a chunk's result depends only
on its arguments, never on where it ran. This module runs a list of such chunks and yields their
results in order:

- serially, or on `jobs` joblib worker processes (one machine);
- on a Dask cluster (`cluster.address`, a running scheduler such as one started on SLURM, or
  `cluster.local_workers` > 0, a local cluster started for the run). Dask was chosen over Ray
  because it installs from PyPI beside the pinned stack (pure Python; cloudpickle 3 like joblib,
  where Hydra's Ray launcher pins cloudpickle < 3), starts a local cluster in a test in about a
  second, and has per-task retries built in.

On a cluster a failed chunk is retried `cluster.retries` times and otherwise reported; with
`cluster.cache_dir` every finished chunk is saved there (keyed by a hash of its function and
arguments), so a re-run after a failure or an interrupt computes only the missing chunks.
The engine is chosen by `use(...)` around a run; library code below it only calls `run_chunks`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from joblib import Parallel, delayed, parallel_config
from tqdm.auto import tqdm

from sim.errors import InputError
from sim.extras import require
from sim.inputs.schema import ClusterConfig, check_cluster
from sim.runs.codehash import code_hash
from sim.runs.resources import check_jobs, watch_parent

__all__ = ["ChunkFailure", "ClusterConfig", "Engine", "check", "chunk_key", "run_chunks", "use"]


class ChunkFailure(RuntimeError):
    """Some chunks failed on the cluster after their retries; the others finished (and are cached)."""


@dataclass
class Engine:
    client: Any  # distributed.Client or None (joblib/serial, with a cache)
    cache: Path | None
    retries: int
    progress: bool


_ACTIVE: ContextVar[Engine | None] = ContextVar("sim_engine", default=None)


def check(cluster: Any, force: bool = False) -> ClusterConfig:
    """A `cluster` node checked (sim.inputs.schema.check_cluster), its local workers bounded by the
    machine's cores like `jobs` (`force`: the command's force_jobs=true)."""
    c = check_cluster(cluster)
    if c.local_workers:
        check_jobs(c.local_workers, "cluster.local_workers", force=force)
    return c


@contextlib.contextmanager
def use(cluster: Any = None, progress: bool = False, force: bool = False) -> Iterator[Engine | None]:
    """Run the enclosed work's chunks as `cluster` says (a ClusterConfig or config node); with
    nothing set, yield None and leave joblib/serial as the callers' `jobs` says."""
    c = check(cluster, force)
    if c.address is None and not c.local_workers and c.cache_dir is None:
        yield None
        return
    cache = None if c.cache_dir is None else Path(c.cache_dir)
    if cache is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError("cluster.cache_dir", c.cache_dir,
                             f"a folder that can be written ({exc.strerror})") from None
    with contextlib.ExitStack() as stack:
        client = None
        if c.address is not None or c.local_workers:
            distributed = require("distributed", "a Dask cluster", "cluster")  # only when a cluster is asked for
            Client, LocalCluster = distributed.Client, distributed.LocalCluster

            if c.address is not None:
                try:
                    client = stack.enter_context(Client(c.address, timeout=c.connect_timeout_s))
                except (OSError, TimeoutError) as exc:  # unreachable, refused, or not a scheduler
                    reason = " ".join(str(exc).split())[:160]
                    raise InputError("cluster.address", c.address,
                                     f"a running Dask scheduler; no answer within cluster.connect_timeout_s = "
                                     f"{c.connect_timeout_s:g} s ({reason})") from None
            else:
                local = stack.enter_context(LocalCluster(n_workers=c.local_workers, threads_per_worker=1,
                                                         processes=True, dashboard_address=None))
                client = stack.enter_context(Client(local))
        if client is not None:
            client.run(_warm_up)  # every worker imports the model once, before the first chunk is timed
        engine = Engine(client=client, cache=cache, retries=c.retries, progress=progress)
        token = _ACTIVE.set(engine)
        try:
            yield engine
        finally:
            _ACTIVE.reset(token)


def _warm_up() -> None:
    # The model, Mesa, numpy, pandas: seconds on a fresh worker. The model, not sim.runs.batch (whose
    # chunk functions the workers then load in no time), as batch imports this module.
    import pandas  # noqa: F401

    import sim.model.model  # noqa: F401


def chunk_key(fn: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """A chunk's identity: its function, the model's code (sim.runs.fingerprint.code_hash: an edit to
    the model makes every cached chunk stale) and its arguments (spec, parameter values,
    replications, seed, chunk index), hashed; the same chunk of the same run and code has the same
    key on any machine."""
    return f"{fn.__module__}.{fn.__qualname__}-{code_hash()[:16]}-{joblib.hash(args)}"


def _checksum(value: Any) -> str:
    """A hash of a chunk's data: an array (calibration, experiments) or a LaneResults of arrays
    (`python -m sim`'s chunks); joblib hashes arrays by their contents."""
    return joblib.hash(value)[:16]


def _save(cache: Path, key: str, value: Any) -> None:
    """Save a finished chunk as `<key>.<checksum of its data>.joblib` (complete or absent). joblib, not
    np.save: a scenario chunk is a dataclass of arrays, which np.save can only pickle into an object
    array that np.load then refuses (those chunks were recomputed every time)."""
    tmp = cache / f".{key}.{os.getpid()}.tmp"
    joblib.dump(value, tmp)
    os.replace(tmp, cache / f"{key}.{_checksum(value)}.joblib")


def _load(cache: Path, key: str) -> Any:
    """A cached chunk whose data still match its checksum; a corrupted or unreadable one is deleted
    and recomputed, never used. (The cache folder is the user's own: loading it unpickles, like any
    joblib cache.)"""
    for path in cache.glob(f"{key}.*.joblib"):
        try:
            value = joblib.load(path)
            if path.name == f"{key}.{_checksum(value)}.joblib":
                return value
        except Exception:  # noqa: BLE001  a truncated or foreign file fails in many ways; all mean "recompute"
            pass
        path.unlink(missing_ok=True)
    return None


def run_chunks[T](fn: Callable[..., T], tasks: Sequence[tuple[Any, ...]], jobs: int = 1,
                  desc: str = "chunks") -> Iterator[T]:
    """fn(*task) for every task, yielded in task order, on the active engine (see `use`)."""
    engine = _ACTIVE.get()
    cache = engine.cache if engine is not None else None
    keys = [chunk_key(fn, t) for t in tasks] if cache is not None else []  # read only where there is a cache
    done: dict[int, T] = {}
    if cache is not None:
        for i, key in enumerate(keys):
            value = _load(cache, key)
            if value is not None:
                done[i] = value
    todo = [i for i in range(len(tasks)) if i not in done]
    if engine is None or engine.client is None:
        if jobs > 1 and todo:
            # joblib's public API; each worker exits as soon as this process dies (killed runs leave none)
            with parallel_config(backend="loky", initializer=watch_parent, initargs=(os.getpid(),)):
                results: Any = Parallel(n_jobs=jobs, return_as="generator")(delayed(fn)(*tasks[i]) for i in todo)
        else:
            results = (fn(*tasks[i]) for i in todo)
        for i in range(len(tasks)):
            if i not in done:  # `results` come in `todo` order, which is this order without the cached
                done[i] = next(results)
                if cache is not None:
                    _save(cache, keys[i], done[i])
            yield done.pop(i)
        return
    yield from _on_cluster(engine, fn, tasks, keys, done, todo, desc)


def _on_cluster[T](engine: Engine, fn: Callable[..., T], tasks: Sequence[tuple[Any, ...]],
                   keys: list[str], done: dict[int, T], todo: list[int], desc: str) -> Iterator[T]:
    from distributed import as_completed

    client = engine.client
    # an argument shared by several chunks (an episode's spec) goes to the workers once, not per chunk
    seen: dict[int, int] = {}
    for i in todo:
        for arg in tasks[i]:
            if not isinstance(arg, (int, float, str, bool, np.ndarray, dict, slice)):
                seen[id(arg)] = seen.get(id(arg), 0) + 1
    shared = {k: None for k, n in seen.items() if n > 1}
    for i in todo:
        for arg in tasks[i]:
            if id(arg) in shared and shared[id(arg)] is None:
                shared[id(arg)] = client.scatter(arg, broadcast=True, hash=False)

    def args_of(i: int) -> list[Any]:
        return [shared.get(id(a)) or a for a in tasks[i]]

    futures = {client.submit(fn, *args_of(i), retries=engine.retries, pure=False): i for i in todo}
    failed: list[tuple[int, str]] = []
    nxt = 0
    bar = tqdm(total=len(tasks), initial=len(tasks) - len(todo), desc=desc, unit="chunk",
               disable=not engine.progress, leave=False)
    try:
        for future in as_completed(list(futures)):
            i = futures[future]
            if future.status == "error":
                exc = future.exception()
                failed.append((i, f"{type(exc).__name__}: {exc}"))
            else:
                done[i] = future.result()
                if engine.cache is not None:
                    _save(engine.cache, keys[i], done[i])
            future.release()
            bar.update(1)
            while nxt in done and not failed:
                yield done.pop(nxt)
                nxt += 1
    finally:
        bar.close()
    if failed:
        first_i, first_msg = min(failed)
        kept = (f"the {len(tasks) - len(failed)} finished are kept in {engine.cache}; "
                "a re-run computes only the missing"
                if engine.cache is not None else "set cluster.cache_dir to keep finished chunks for a re-run")
        raise ChunkFailure(f"{len(failed)} of {len(tasks)} chunks failed after {engine.retries} "
                           f"retr{'y' if engine.retries == 1 else 'ies'} (first: chunk {first_i}, {first_msg}); {kept}")
    while nxt < len(tasks):
        yield done.pop(nxt)
        nxt += 1
