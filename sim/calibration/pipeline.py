"""The checks made before a calibration starts, and which runs may replace the default weights.

`run_calibration(cfg, outdir)` (calibrate, complete the record, write it) is in the command,
sim.calibrate: it writes through sim.outputs, which sits above this layer."""

from __future__ import annotations

from omegaconf import DictConfig

from sim.inputs.seeds import load_seeds
from sim.inputs.spec import check_coding, load_coded_evidence
from sim.runs.resources import bytes_per_replication, check_size


def is_default_fit(cfg: DictConfig) -> bool:
    """A robustness run (the sources' own episodes, or another outcome coding) writes the default
    weights only when a config_path is named explicitly."""
    return (str(getattr(cfg.outcomes, "value", cfg.outcomes)) == "observed"
            and str(getattr(cfg.alliance.coding, "value", cfg.alliance.coding)) == "evidence")


# Bytes the calibration holds per prior sample and episode: the outcome counts and probabilities
# (3 outcomes), the deployment tallies (4), the per-member choice counts and probabilities (up to 9
# members x 4 levels, twice) and the samples table's columns, as float64/int64 (8 bytes), rounded up.
# Derived from the arrays in sim/calibration/fit.py, not measured.
BYTES_PER_SAMPLE_EPISODE = 8 * (3 + 3 + 4 + 2 * 9 * 4 + 8)


def check_calibration_size(cfg: DictConfig) -> None:
    """Sizes that cannot fit in memory fail in one line before anything is allocated."""
    seeds = load_seeds(cfg.alliance.get("seeds_dir"))
    members = len(seeds.members)  # an upper bound: the most members any episode has
    episodes = len(load_coded_evidence(seeds, check_coding(cfg.alliance)).episodes)
    s = cfg.search
    for key in ("samples", "replications", "confirm_replications", "block_lanes"):
        value = s.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return  # fit.check_settings names the bad value
    check_size("search.samples", s.samples, BYTES_PER_SAMPLE_EPISODE * episodes,
               f"prior sample with {episodes} episodes")
    lanes = bytes_per_replication(members)  # one model lane holds what a replication row does, at most
    for key in ("replications", "confirm_replications", "block_lanes"):
        check_size(f"search.{key}", s.get(key), lanes, f"model lane with up to {members} members")
