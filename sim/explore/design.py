"""Experiments as data: weight ranges from one config, a design, and results saved EMA-Workbench style.

An experiment is (a design: one row per parameter point, one column per weight) x (scenarios).
`run_design` evaluates it with per-lane parameters (`sim.runs.batch`) and streams the results to disk:
experiments.parquet (the design) beside outcomes.parquet (one row per point and scenario). The
outcome shares p_none, p_partial, p_troops are of the requester's answer (the collective outcome or
the leading state's bilateral help, the more of the two: `sim.runs.batch`), what the records code.
The swept parameters are decision weights (`sim.model.decision.TERMS`); any other lane parameter
(`sim.runs.batch.LANE_PARAMETERS`: the thresholds, the ad hoc cost factor) keeps its config value.
Analyses (`sim.explore.sensitivity`, `sim.explore.heatmap`, `sim.explore.discovery`) read those files; they never re-run
the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from omegaconf import DictConfig, OmegaConf
from tqdm.auto import tqdm

from sim.errors import InputError, OneLineArgumentParser, one_of
from sim.inputs import compose
from sim.inputs.checks import ParamRange, check_ranges
from sim.inputs.config_shapes import SECTIONS, ExperimentsConfig, check_experiments
from sim.inputs.paths import CONFIG_DIR
from sim.inputs.seeds import load_seeds
from sim.inputs.spec import build_spec
from sim.model import decision as d
from sim.model.model import ModelSpec
from sim.runs import engine
from sim.runs.atomic import atomic_write, write_text
from sim.runs.batch import iter_evaluate
from sim.runs.resources import check_jobs

SETTINGS = CONFIG_DIR / "experiments.yaml"
EXPERIMENTS, OUTCOMES_FILE, META = "experiments.parquet", "outcomes.parquet", "design.json"


@dataclass(frozen=True)
class Ranges:
    """The swept weights and their ranges, in config order (pairs given are made ParamRange)."""

    names: tuple[str, ...]
    bounds: tuple[ParamRange, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "bounds", tuple(ParamRange(*map(float, b)) for b in self.bounds))

    def problem(self) -> dict[str, Any]:
        """The SALib problem definition."""
        return {"num_vars": len(self.names), "names": list(self.names), "bounds": [list(b) for b in self.bounds]}


def load_settings(path: str | Path | None = None) -> DictConfig:
    path = Path(path) if path else SETTINGS
    if not path.is_file():
        raise InputError("experiment config", str(path), "an existing YAML file, e.g. configs/experiments.yaml")
    try:
        settings = OmegaConf.load(path)
    except Exception as exc:  # noqa: BLE001 - YAML and OmegaConf errors alike: one line naming the file
        reason = " ".join(str(exc).split())[:160]
        raise InputError("experiment config", str(path), f"a valid YAML file ({reason})") from None
    if not isinstance(settings, DictConfig):
        raise InputError("experiment config", str(path), "a YAML mapping like configs/experiments.yaml")
    return check_experiments(settings)  # shape, types and bounds (sim.inputs.config_shapes), in one line


def ranges(settings: DictConfig) -> Ranges:
    """The `weights` ranges (bounds: ExperimentsConfig.weights), with known weight names."""
    check_ranges(ExperimentsConfig, settings, keys=("weights",))
    weights = settings.get("weights") or {}
    for name in weights:
        if name not in d.TERMS:
            raise InputError("weights", name, one_of(d.TERMS))
    if not weights:
        raise InputError("weights", None, "at least one weight range, e.g. cost: [0.0, 3.0]")
    return Ranges(tuple(map(str, weights)), tuple(ParamRange.of(v, f"weights.{k}") for k, v in weights.items()))


def section(settings: DictConfig, name: str, quick: bool) -> DictConfig:
    """An experiment's settings, with its `quick` values on top when asked for a fast run."""
    node = settings.get(name)
    if node is None or name not in SECTIONS:
        raise InputError("experiment", name, "a section of configs/experiments.yaml")
    merged = OmegaConf.merge(node, node.get("quick") or {}) if quick else node
    check_ranges(SECTIONS[name], merged, name)
    return merged  # type: ignore[return-value]


def scenario_names(value: Any) -> list[str]:
    """Scenario names; 'calibration' -> the calibration episodes (their scenario configs share the
    episode id). A name or a list of names."""
    names: list[str] = []
    for item in [value] if isinstance(value, str) else value:
        if item == "calibration":
            names += [e.id for e in load_seeds().episodes.values() if e.role == "calibration"]
        else:
            names.append(str(item))
    known = compose.scenario_names()
    for name in names:
        if name not in known:
            raise InputError("scenarios", name, one_of(known))
    return names


def load_specs(scenarios: list[str], overrides: list[str]) -> dict[str, ModelSpec]:
    """Compose and validate each scenario once (composition is slow; weights change per lane)."""
    return {name: build_spec(compose.compose_config([f"scenario={name}", *overrides])) for name in scenarios}


def default_weights(spec: ModelSpec) -> dict[str, float]:
    return spec.params.weights.as_dict()


OUTCOME_SCHEMA = pa.schema([("point", pa.int64()), ("scenario", pa.string()), ("p_none", pa.float64()),
                            ("p_partial", pa.float64()), ("p_troops", pa.float64())])


def run_design(design: pd.DataFrame, specs: dict[str, ModelSpec], replications: int, seed: int, outdir: Path,
               batch_points: int = 500, jobs: int = 1, progress: bool = False,
               meta: dict[str, Any] | None = None, cluster: Any = None) -> Path:
    """Evaluate every design point in every scenario; write experiments.parquet and outcomes.parquet.

    Outcomes are written batch by batch, so memory does not grow with the design's size; both
    files are renamed into place only when complete.
    """
    outdir = Path(outdir)
    experiments = design.rename_axis("point").reset_index()
    total = len(design) * len(specs)
    bar = tqdm(total=total, unit="pt", disable=not progress, leave=False)

    def write_outcomes(tmp: str) -> None:
        with pq.ParquetWriter(tmp, OUTCOME_SCHEMA) as writer:
            for name, spec in specs.items():
                for shares in iter_evaluate(spec, design, replications, seed, batch_points, jobs):
                    table = pd.DataFrame({"point": shares.index.to_numpy(dtype=np.int64), "scenario": name,
                                          **{c: shares[c].to_numpy() for c in ("p_none", "p_partial", "p_troops")}})
                    writer.write_table(pa.Table.from_pandas(table, schema=OUTCOME_SCHEMA, preserve_index=False))
                    bar.update(len(shares))

    with engine.use(cluster, progress):  # `cluster` (experiments.yaml): joblib here, or a Dask cluster
        atomic_write(outdir / OUTCOMES_FILE, write_outcomes)
    bar.close()
    atomic_write(outdir / EXPERIMENTS, lambda tmp: experiments.to_parquet(tmp, index=False))
    info = {"replications": replications, "seed": seed, "batch_points": batch_points, "points": len(design),
            "scenarios": list(specs), **(meta or {})}
    write_text(outdir / META, json.dumps(info, indent=2) + "\n")  # last: marks a complete result
    return outdir


def load_results(outdir: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """(experiments, outcomes, design metadata) as `run_design` saved them."""
    outdir = Path(outdir)
    if not (outdir / META).is_file():
        raise InputError("results", str(outdir), f"a directory holding {META} (run the experiment first)")
    return (pd.read_parquet(outdir / EXPERIMENTS), pd.read_parquet(outdir / OUTCOMES_FILE),
            json.loads((outdir / META).read_text(encoding="utf-8")))


# --- the shared command line of experiments/*.py ---------------------------------------------------


def parser(name: str, description: str) -> argparse.ArgumentParser:
    p = OneLineArgumentParser(prog=f"experiments/{name}.py", description=description)
    p.add_argument("--quick", action="store_true", help="small sizes (the section's `quick` values)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: the config's `jobs`)")
    p.add_argument("--config", type=Path, default=None, help=f"experiment settings (default {SETTINGS.name})")
    p.add_argument("--out", type=Path, default=None,
                   help=f"results directory (default outputs/experiments/{name}[-quick])")
    p.add_argument("--analyse-only", action="store_true", help="re-analyse saved results; do not run the model")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--force-jobs", action="store_true", help="allow --jobs above the machine's cores")
    return p


def output_dir(args: argparse.Namespace, name: str) -> Path:
    return args.out or Path("outputs") / "experiments" / (f"{name}-quick" if args.quick else name)


def cli(name: str, description: str, body: Callable[[argparse.Namespace], None], argv: list[str] | None) -> None:
    """Parse the arguments, run `body`, and turn bad input into a one-line error and exit code 2."""
    import logging

    logging.getLogger("MESA").setLevel(logging.WARNING)
    args = parser(name, description).parse_args(argv)
    try:
        if args.jobs is not None:  # bounded by the cores, like every command's `jobs`
            check_jobs(args.jobs, "--jobs", force=args.force_jobs)
        body(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except engine.ChunkFailure as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
