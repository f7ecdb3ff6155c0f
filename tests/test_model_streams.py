"""The stream registry: keys never collide and a member's stream does not depend on who else acts."""

from __future__ import annotations

import numpy as np

from sim.model import streams


def test_code_keys_are_distinct_for_distinct_codes():
    codes = ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"]
    assert len({streams.code_key(c) for c in codes}) == len(codes)


def test_named_streams_are_independent_and_reproducible():
    draws = {
        "model": streams.model_rng(1, 0).random(4),
        "member": streams.member_rng(1, 0, "RUS").random(4),
        "other_member": streams.member_rng(1, 0, "BLR").random(4),
        "other_chunk": streams.member_rng(1, 1, "RUS").random(4),
        "renewal": streams.renewal_rng(1, 0, "RUS").random(4),
        "prior": streams.sampler_rng(1, streams.PRIOR_SAMPLE).random(4),
    }
    values = list(draws.values())
    assert all(not np.allclose(a, b) for i, a in enumerate(values) for b in values[i + 1:])
    np.testing.assert_array_equal(streams.member_rng(1, 0, "RUS").random(4), draws["member"])


def test_sampler_keys_stay_clear_of_chunk_indices_and_stages():
    keys = [streams.PRIOR_SAMPLE, streams.CONFIRM_SUBSET, streams.ENSEMBLE_SUBSET, streams.TIMELINE_PRIOR]
    assert len(set(keys)) == len(keys)
    assert len({streams.SCREEN, streams.CONFIRM, streams.START, streams.ENSEMBLE}) == 4
    assert {streams.MODEL, streams.MEMBER, streams.RENEWAL} == {0, 1, 2}
    assert streams.stage_seed(5, streams.SCREEN, 0) != streams.stage_seed(5, streams.CONFIRM, 0)
