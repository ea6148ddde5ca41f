"""The retry policy is a pure function: check its promises over its whole domain."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from hypothesis import given
from hypothesis import strategies as st

from scenario_async.retry import (
    RETRIED_STATUSES,
    ConnectionFailure,
    RetryPolicy,
    StatusOutcome,
    server_delay,
)

NOW = 1_800_000_000.0

statuses = st.integers(min_value=100, max_value=599)
outcomes = st.one_of(
    st.builds(StatusOutcome, statuses, st.just({})),
    st.builds(ConnectionFailure, st.booleans()),
)
policies = st.builds(
    RetryPolicy,
    max_retries=st.integers(0, 6),
    initial_delay=st.floats(0.01, 2),
    max_delay=st.floats(2, 30),
    max_retry_after=st.floats(1, 120),
)
jitters = st.floats(0, 1, exclude_max=True)


def server_may_have_acted(outcome: StatusOutcome | ConnectionFailure) -> bool:
    if isinstance(outcome, ConnectionFailure):
        return outcome.request_sent
    return outcome.status != 429


@given(policies, st.integers(0, 8), outcomes, jitters)
def test_side_effecting_calls_are_never_repeated_once_the_server_may_have_acted(
    policy: RetryPolicy, attempt: int, outcome: StatusOutcome | ConnectionFailure, jitter: float
) -> None:
    delay = policy.decide(
        idempotent=False, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW
    )
    if server_may_have_acted(outcome):
        assert delay is None


@given(policies, st.integers(0, 8), outcomes, jitters)
def test_backoff_delays_stay_within_the_cap_and_attempts_within_max_retries(
    policy: RetryPolicy, attempt: int, outcome: StatusOutcome | ConnectionFailure, jitter: float
) -> None:
    delay = policy.decide(idempotent=True, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW)
    if attempt >= policy.max_retries:
        assert delay is None
    elif delay is not None:
        assert 0 <= delay <= min(policy.max_delay, policy.initial_delay * 2**attempt)


@given(policies, statuses, jitters)
def test_idempotent_calls_retry_exactly_the_transient_statuses(
    policy: RetryPolicy, status: int, jitter: float
) -> None:
    outcome = StatusOutcome(status, {})
    delay = policy.decide(idempotent=True, attempt=0, outcome=outcome, jitter=jitter, now=NOW)
    retried = policy.max_retries > 0 and status in RETRIED_STATUSES
    assert (delay is not None) == retried


@given(st.floats(0, 60), st.integers(0, 60_000), st.integers(0, 60))
def test_retry_after_is_honoured_in_all_its_forms(
    seconds: float, millis: int, date_offset: int
) -> None:
    assert server_delay({"retry-after": f"{seconds}"}, NOW) == seconds
    assert server_delay({"retry-after-ms": str(millis), "retry-after": "999"}, NOW) == millis / 1000
    when = datetime.fromtimestamp(NOW + date_offset, tz=UTC)
    header = format_datetime(when, usegmt=True)
    assert server_delay({"retry-after": header}, NOW) == date_offset


@given(policies, st.floats(0, 300), jitters)
def test_server_delay_wins_up_to_the_cap(policy: RetryPolicy, asked: float, jitter: float) -> None:
    outcome = StatusOutcome(429, {"retry-after": f"{asked}"})
    delay = policy.decide(idempotent=False, attempt=0, outcome=outcome, jitter=jitter, now=NOW)
    if policy.max_retries == 0:
        assert delay is None
    elif asked <= policy.max_retry_after:
        assert delay == asked
    else:
        assert delay is not None and delay <= policy.max_delay


def test_unreadable_retry_after_falls_back_to_backoff() -> None:
    assert server_delay({"retry-after": "soon"}, NOW) is None
    assert server_delay({}, NOW) is None
