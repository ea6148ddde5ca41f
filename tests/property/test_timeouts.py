"""Whatever is given as a timeout is refused where it is given, before any request, or becomes
the documented `Timeout`: a limit is None or a finite number of seconds above 0.

Refused means `TypeError` naming `timeout` for what is not a number (bools included) and
`ValidationError("timeout", ...)` for nan, infinities and numbers at or below 0. The same rule
holds for `Timeout(...)` itself, for the client's `timeout=`, `with_options(timeout=)` and a
call's `timeout=`, and for the `connect` and `read` of an object such as `httpx.Timeout`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scenario_async import (
    AsyncScenario,
    MockTransport,
    Timeout,
    TransportRequest,
    TransportResponse,
    ValidationError,
    ops,
)
from scenario_async.calls import timeout_of

# Every kind of value a caller might pass as one limit.
limits = st.one_of(
    st.none(),
    st.floats(),
    st.integers(),
    st.integers(min_value=2**1023),  # about where ints stop having a float
    st.booleans(),
    st.text(max_size=4),
    st.sampled_from([b"5", [5.0], {"total": 5.0}, 5j]),
)


@dataclass
class PhaseLimits:
    """An object read as `httpx.Timeout` is: by its `connect` and `read`."""

    connect: object
    read: object


timeouts = st.one_of(
    limits,
    st.builds(PhaseLimits, limits, limits),
    st.builds(
        lambda connect, read: httpx.Timeout(None, connect=connect, read=read), limits, limits
    ),
)

Outcome = Timeout | type[Exception]


def limit_outcome(value: object) -> float | type[Exception] | None:
    """What one limit is, from the documented rule alone."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return TypeError
    try:
        seconds = float(value)
    except OverflowError:  # an int beyond any float: no finite limit
        return ValidationError
    return seconds if math.isfinite(seconds) and seconds > 0 else ValidationError


def first_refusal(*outcomes: float | type[Exception] | None) -> type[Exception] | None:
    return next((o for o in outcomes if isinstance(o, type)), None)


def expected(value: object) -> Outcome:
    if isinstance(value, PhaseLimits | httpx.Timeout):
        connect, read = limit_outcome(value.connect), limit_outcome(value.read)
        refused = first_refusal(connect, read)
        if refused is not None:
            return refused
        assert not isinstance(connect, type) and not isinstance(read, type)
        return Timeout(total=None, connect=connect, read=read)
    seconds = limit_outcome(value)
    if isinstance(seconds, type):
        return seconds
    if seconds is None:
        return Timeout(total=None, connect=None, read=None)
    return Timeout(total=seconds, connect=min(seconds, 5.0))


def check(outcome: Outcome, make: Any) -> Any:
    """`make()` gives `outcome`'s error, naming `timeout`, or succeeds."""
    if isinstance(outcome, Timeout):
        return make()
    with pytest.raises(outcome) as caught:
        make()
    assert type(caught.value) is outcome
    assert "timeout" in str(caught.value)
    if isinstance(caught.value, ValidationError):
        assert caught.value.parameter == "timeout"
    return None


def never_called(request: TransportRequest) -> TransportResponse:
    raise AssertionError(f"a request was sent: {request.method} {request.url}")


def client(**options: Any) -> AsyncScenario:
    return AsyncScenario(
        api_key="k", api_secret="s", transport=MockTransport(never_called), **options
    )


@given(value=timeouts)
@example(value=math.nan)
@example(value=math.inf)
@example(value=-math.inf)
@example(value=0)
@example(value=-0.0)
@example(value=-1)
@example(value="5")
@example(value=True)
@example(value=10**400)
@example(value=httpx.Timeout(math.nan))
@example(value=httpx.Timeout(None, connect=0.0, read=None))
def test_timeout_of_refuses_or_gives_the_documented_timeout(value: object) -> None:
    outcome = expected(value)
    result = check(outcome, lambda: timeout_of(value))
    if isinstance(outcome, Timeout):
        assert result == outcome


@given(value=timeouts)
@example(value=math.inf)
@example(value=0)
async def test_every_place_a_timeout_is_given_checks_it_before_any_request(value: object) -> None:
    outcome = expected(value)
    made = check(outcome, lambda: client(timeout=value))
    assert made is None or made.timeout == outcome
    call = check(outcome, lambda: ops.models.retrieve("m", timeout=value))
    assert call is None or call.timeout == outcome
    async with client() as scenario:
        again = check(outcome, lambda: scenario.with_options(timeout=value))
        assert again is None or again.timeout == outcome
        if not isinstance(outcome, Timeout):
            with pytest.raises(outcome):
                await scenario.models.retrieve("m", timeout=value)


@given(total=limits, connect=limits, read=limits)
@example(total=math.nan, connect=None, read=None)
@example(total=None, connect=math.inf, read=None)
@example(total=None, connect=None, read=0)
@example(total=None, connect="5", read=None)
def test_a_timeout_refuses_bad_limits_when_it_is_made(total: Any, connect: Any, read: Any) -> None:
    outcomes = [limit_outcome(limit) for limit in (total, connect, read)]
    refused = first_refusal(*outcomes)
    made = check(refused or Timeout(), lambda: Timeout(total=total, connect=connect, read=read))
    if refused is None:
        kept = [made.total, made.connect, made.read]
        assert kept == outcomes
        assert all(limit is None or type(limit) is float for limit in kept)


def test_an_infinite_timeout_says_to_use_none() -> None:
    with pytest.raises(ValidationError, match="use None for no limit"):
        timeout_of(math.inf)
