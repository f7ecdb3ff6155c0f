"""The registry of random streams: every draw in the project comes from a stream named here.

Each stream is a numpy SeedSequence of the run's root seed and a spawn key. Keys are listed in
one place so that no two uses can collide and a reader sees which draws are independent of
which. A result therefore depends only on (config, seed), never on the order in which members
act, chunks run or workers finish.
"""

from __future__ import annotations

import numpy as np

# Second element of a model-run key (seed, (chunk, KIND, ...)).
MODEL, MEMBER, RENEWAL, RECURRENCE = 0, 1, 2, 3
# First element of a calibration key: independent stages of one calibration or forecast.
SCREEN, CONFIRM, START, ENSEMBLE, HOLDOUT = 0, 1, 2, 3, 4  # HOLDOUT: validation's held-out re-runs
# Single-element keys of samplers (kept apart from chunk indices, which start at 0).
PRIOR_SAMPLE, CONFIRM_SUBSET, ENSEMBLE_SUBSET, TIMELINE_PRIOR = 99, 98, 97, 2**20
# The timeline's roster model draws nothing itself (its members' renewal noise is RENEWAL), but
# a Mesa model needs a generator: it gets its own key rather than an unseeded one.
ROSTER = 2**21


def code_key(code: str) -> int:
    """A stable number for an ISO3 code (base 26), so a member's stream never depends on order."""
    value = 0
    for ch in code.upper():
        value = value * 26 + (ord(ch) - ord("A"))
    return value


def model_rng(seed: int, chunk: int) -> np.random.Generator:
    """The model's own stream for chunk `chunk` (activation order)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, MODEL)))


def member_rng(seed: int, chunk: int, code: str) -> np.random.Generator:
    """A member's decision noise in chunk `chunk`: its own stream, whoever else takes part."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, MEMBER, code_key(code))))


def renewal_rng(seed: int, event: int, code: str) -> np.random.Generator:
    """A member's noise at the timeline's `event`-th event (treaty renewals)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(event, RENEWAL, code_key(code))))


def recurrence_rng(seed: int, event: int, code: str) -> np.random.Generator:
    """Whether, and which of its past crises, recurs for a member at a forecast's `event`-th event."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(event, RECURRENCE, code_key(code))))


# Model chunks of the crises that recur in a forecast: apart from the episodes' chunks (their event index).
RECURRENT_CHUNK = 2**22


def sampler_rng(seed: int, key: int) -> np.random.Generator:
    """A sampler's stream (PRIOR_SAMPLE, CONFIRM_SUBSET, ENSEMBLE_SUBSET, TIMELINE_PRIOR, ROSTER)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(key,)))


def stage_seed(root: int, stage: int, episode: int) -> int:
    """An independent root seed per calibration (stage, episode): screen and confirm never share draws."""
    return int(np.random.SeedSequence(root, spawn_key=(stage, episode)).generate_state(1)[0])
