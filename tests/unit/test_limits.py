"""The token bucket behind `RateLimit(requests_per_second=...)`, on a clock we hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import RateLimit
from scenario_async.limits import TokenBucket


def test_a_full_bucket_serves_one_seconds_worth_at_once_then_spaces_requests() -> None:
    bucket = TokenBucket.full(4, now=0.0)
    assert [bucket.reserve(0.0, None) for _ in range(4)] == [0.0] * 4
    assert [bucket.reserve(0.0, None) for _ in range(3)] == [0.25, 0.5, 0.75]


def test_a_token_too_far_for_the_deadline_is_not_taken() -> None:
    bucket = TokenBucket.full(1, now=0.0)
    assert bucket.reserve(0.0, None) == 0.0
    assert bucket.reserve(0.0, latest=0.5) is None
    assert bucket.reserve(0.0, latest=1.0) == 1.0


def test_a_refund_gives_the_next_caller_the_abandoned_turn() -> None:
    bucket = TokenBucket.full(2, now=0.0)
    for _ in range(2):
        bucket.reserve(0.0, None)
    assert bucket.reserve(0.0, None) == 0.5
    bucket.refund()
    assert bucket.reserve(0.0, None) == 0.5


@given(
    st.floats(0.5, 1000),
    st.lists(st.floats(0, 0.5), min_size=1, max_size=200),
)
def test_over_any_schedule_the_rate_holds(rate: float, gaps: list[float]) -> None:
    bucket = TokenBucket.full(rate, now=0.0)
    now, starts = 0.0, []
    for gap in gaps:
        now += gap
        wait = bucket.reserve(now, None)
        assert wait is not None and wait >= 0
        starts.append(now + wait)
    # n requests start within any window no sooner than allowed: burst + rate * elapsed.
    for i, first in enumerate(starts):
        for j in range(i, len(starts)):
            assert j - i + 1 <= bucket.burst + rate * (starts[j] - first) + 1e-6


@pytest.mark.parametrize(
    "options", [{"requests_per_second": 0}, {"requests_per_second": -1}, {"max_concurrent": 0}]
)
def test_limits_must_allow_something(options: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RateLimit(**options)  # type: ignore[arg-type]
