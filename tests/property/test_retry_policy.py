"""The retry policy is a pure function: check its promises over its whole domain.

The calls are the real operations' calls, so the markings the policy relies on
(`Call.idempotent`) are checked together with the policy itself.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import Call, ValidationError, ops
from scenario_async.retry import (
    ConnectionFailure,
    RetryPolicy,
    StatusResult,
    server_delay,
)

NOW = 1_800_000_000.0
M = "model_1"

CALLS: tuple[Call[Any], ...] = (
    ops.models.list(),
    ops.models.create(name="n"),
    ops.models.get_bulk(model_ids=[M]),
    ops.models.retrieve(M),
    ops.models.update(M, name="n"),
    ops.models.delete(M),
    ops.models.copy(M),
    ops.models.download(M),
    ops.models.delete_images(M, ids=["i"]),
    ops.models.update_tags(M, add=["t"]),
    ops.models.transfer(M, destination_project_id="p"),
    ops.description.retrieve(M),
    ops.description.update(M, description="d"),
    ops.examples.list(M),
    ops.examples.update(M, asset_ids=["a"]),
    ops.train.trigger(M),
    ops.train.action(M, action="cancel"),
    ops.training_images.add(M, asset_id="a"),
    ops.training_images.replace_pairs(M, body=[]),
    ops.training_images.replace("i", model_id=M, asset_id="a"),
    ops.training_images.delete("i", model_id=M),
    ops.models.restore(M),
    ops.presets.create(M, inference_id="i"),
    ops.presets.update("p", model_id=M, is_default=True),
    ops.presets.list(M),
    ops.presets.delete("p", model_id=M),
    ops.prompt_guide.retrieve(M),
    ops.prompt_guide.update(M, prompt_guide="g"),
    ops.scores.retrieve_prompt(M, prompt="p"),
    ops.scores.retrieve_training_dataset(M),
)
# A repeat of these would create, copy, move, train or add a second time, or, for a restore
# the server already applied, be refused (400: the model is not deleted).
SIDE_EFFECTING = {
    "models.create",
    "models.copy",
    "models.download",
    "models.transfer",
    "models.train.trigger",
    "models.training_images.add",
    "models.restore",
    "models.presets.create",
}

calls = st.sampled_from(CALLS)
statuses = st.integers(min_value=100, max_value=599)
retry_after = st.one_of(
    st.just({}),
    st.builds(lambda s: {"retry-after": f"{s}"}, st.floats(0, 300)),
    st.builds(lambda s: {"retry-after": f"{s}"}, st.integers(0, 300)),
    st.builds(lambda ms: {"retry-after-ms": f"{ms}"}, st.integers(0, 300_000)),
    st.builds(
        lambda s: {"retry-after": format_datetime(datetime.fromtimestamp(NOW + s, UTC), True)},
        st.integers(-60, 300),
    ),
)
outcomes = st.one_of(
    st.builds(StatusResult, statuses, retry_after),
    st.builds(ConnectionFailure, st.booleans(), st.booleans()),
)
policies = st.builds(
    RetryPolicy,
    max_retries=st.integers(0, 6),
    initial_delay=st.floats(0.01, 2),
    max_delay=st.floats(2, 30),
    max_retry_after=st.floats(1, 120),
    min_delay=st.floats(0, 2),
)
jitters = st.floats(0, 1, exclude_max=True)


def server_may_have_acted(outcome: StatusResult | ConnectionFailure) -> bool:
    if isinstance(outcome, ConnectionFailure):
        return outcome.request_sent
    return outcome.status != 429


def transient(outcome: StatusResult | ConnectionFailure) -> bool:
    # The README's rule: connection errors that trying again may mend, 408, 429 and 5xx.
    if isinstance(outcome, ConnectionFailure):
        return outcome.transient
    return outcome.status in {408, 429, *range(500, 600)}


def test_exactly_the_side_effecting_operations_are_marked_unsafe_to_repeat() -> None:
    assert len({call.operation for call in CALLS}) == 30
    assert {call.operation for call in CALLS if not call.idempotent} == SIDE_EFFECTING


@given(policies, calls, st.integers(0, 8), outcomes, jitters)
def test_side_effecting_calls_are_never_repeated_once_the_server_may_have_acted(
    policy: RetryPolicy,
    call: Call[Any],
    attempt: int,
    outcome: StatusResult | ConnectionFailure,
    jitter: float,
) -> None:
    delay = policy.decide(call, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW)
    if not call.idempotent and server_may_have_acted(outcome):
        assert delay is None


@given(policies, calls, st.integers(0, 8), outcomes, jitters)
def test_what_is_retried_and_how_many_times(
    policy: RetryPolicy,
    call: Call[Any],
    attempt: int,
    outcome: StatusResult | ConnectionFailure,
    jitter: float,
) -> None:
    delay = policy.decide(call, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW)
    safe = call.idempotent or not server_may_have_acted(outcome)
    expected = attempt < policy.max_retries and transient(outcome) and safe
    assert (delay is not None) == expected


@given(policies, calls, st.integers(0, 8), outcomes, jitters)
def test_delays_stay_within_bounds(
    policy: RetryPolicy,
    call: Call[Any],
    attempt: int,
    outcome: StatusResult | ConnectionFailure,
    jitter: float,
) -> None:
    delay = policy.decide(call, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW)
    if delay is None:
        return
    backoff_cap = min(policy.max_delay, policy.initial_delay * 2**attempt)
    asked = server_delay(outcome.headers, NOW) if isinstance(outcome, StatusResult) else None
    if asked is not None and asked <= policy.max_retry_after:
        assert delay == max(asked, policy.min_delay)
    else:
        assert policy.min_delay <= delay <= max(backoff_cap, policy.min_delay)


hostile_retry_after = st.one_of(
    st.builds(str, st.floats(allow_nan=True, allow_infinity=True)),
    st.builds(str, st.integers(-(10**30), 10**30)),
    st.sampled_from(["0", "-1", "nan", "inf", "-inf", "1e400", "", "soon", "Thu, 01 Jan 1970"]),
    st.builds(
        lambda s: format_datetime(datetime.fromtimestamp(NOW + s, UTC), True),
        st.integers(-(10**9), 10**9),
    ),
    st.text(max_size=40),
)


@given(
    policies,
    st.sampled_from(["retry-after", "retry-after-ms"]),
    hostile_retry_after,
    st.integers(0, 8),
    jitters,
)
def test_no_retry_after_value_makes_a_tight_loop_or_an_endless_wait(
    policy: RetryPolicy, header: str, value: str, attempt: int, jitter: float
) -> None:
    """Any value a server may send, 0, negative, past, nan, huge or garbage: every wait is
    at least `min_delay` and at most the policy's documented cap."""
    outcome = StatusResult(429, {header: value})
    call = ops.models.retrieve(M, max_retries=9)
    delay = policy.decide(call, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW)
    assert delay is not None
    assert policy.min_delay <= delay <= max(policy.max_retry_after, policy.max_delay)


def test_the_default_policy_never_retries_at_once() -> None:
    outcome = StatusResult(503, {"retry-after": "0"})
    call = ops.models.retrieve(M)
    assert RetryPolicy().decide(call, attempt=0, outcome=outcome, jitter=0.0, now=NOW) == 0.1


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_retries", -1),
        ("max_retries", 1.5),
        ("initial_delay", -1.0),
        ("max_delay", float("nan")),
        ("max_retry_after", float("inf")),
        ("min_delay", 9.0),
    ],
)
def test_a_bad_policy_is_refused_where_it_is_made(option: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        RetryPolicy(**{option: value})  # type: ignore[arg-type]
    assert caught.value.parameter == option


@given(policies, calls, st.integers(0, 8), st.integers(0, 8), jitters)
def test_a_calls_own_max_retries_replaces_the_policys(
    policy: RetryPolicy, call: Call[Any], limit: int, attempt: int, jitter: float
) -> None:
    limited = dataclasses.replace(call, max_retries=limit)
    outcome = StatusResult(429, {})
    delay = policy.decide(limited, attempt=attempt, outcome=outcome, jitter=jitter, now=NOW)
    assert (delay is not None) == (attempt < limit)


def test_max_retries_is_a_per_call_option() -> None:
    assert ops.models.retrieve(M, max_retries=5).max_retries == 5
    assert ops.models.retrieve(M).max_retries is None
    with pytest.raises(ValidationError) as caught:
        ops.models.retrieve(M, max_retries=-1)
    assert caught.value.parameter == "max_retries"


@given(st.floats(0, 60), st.integers(0, 60), st.integers(0, 60_000), st.integers(0, 60))
def test_retry_after_is_honoured_in_all_its_forms(
    seconds: float, whole: int, millis: int, date_offset: int
) -> None:
    assert server_delay({"retry-after": f"{seconds}"}, NOW) == seconds
    assert server_delay({"retry-after": f"{whole}"}, NOW) == whole
    assert server_delay({"retry-after-ms": str(millis), "retry-after": "999"}, NOW) == millis / 1000
    when = datetime.fromtimestamp(NOW + date_offset, tz=UTC)
    header = format_datetime(when, usegmt=True)
    assert server_delay({"retry-after": header}, NOW) == date_offset


def test_a_date_in_the_past_means_now_and_an_unreadable_value_means_backoff() -> None:
    past = format_datetime(datetime.fromtimestamp(NOW - 30, tz=UTC), usegmt=True)
    assert server_delay({"retry-after": past}, NOW) == 0
    assert server_delay({"retry-after": "soon"}, NOW) is None
    assert server_delay({"retry-after-ms": "x"}, NOW) is None
    assert server_delay({}, NOW) is None


@given(policies, calls, st.floats(0, 300), jitters)
def test_server_delay_wins_up_to_the_cap(
    policy: RetryPolicy, call: Call[Any], asked: float, jitter: float
) -> None:
    outcome = StatusResult(429, {"retry-after": f"{asked}"})
    delay = policy.decide(call, attempt=0, outcome=outcome, jitter=jitter, now=NOW)
    if policy.max_retries == 0:
        assert delay is None
    elif asked <= policy.max_retry_after:
        assert delay == max(asked, policy.min_delay)
    else:
        assert delay is not None and delay <= policy.max_delay
