"""The retry policy: a pure decision from (call, attempt, result) to "retry after N s" or stop.

Rules:
- Transient failures, the ones worth trying again: connection errors (but those trying again
  cannot mend: a certificate, a TLS handshake, a proxy's refusal), timeouts, and statuses
  408, 429 and 5xx. The client's retries and the watcher's error policy both use this one
  definition (`is_transient`, `is_transient_status`).
- A call whose repeat could duplicate a side effect (create, copy, transfer, train trigger,
  training image add, download: `Call.idempotent` is False) is retried only when the server
  cannot have acted on it: the request was never sent (connection refused, connect timeout,
  no free connection), or the server answered 429.
- At most `max_retries` retries, or the call's own `Call.max_retries` when it has one.
- A server delay (`retry-after-ms`, `Retry-After` in seconds or as an HTTP date) is honoured
  up to `max_retry_after`; past that, or without one, capped exponential backoff with full
  jitter (`backoff`, the one backoff of the package: the watcher's polls after failed ticks
  use it too, with their own bounds and a narrower jitter). Every wait is at least
  `min_delay`: a server that asks for 0 s, a negative delay or a date in the past is not
  retried in a tight loop. So a wait is never longer than `max(max_retry_after, max_delay)`.
  The jitter draw and the current time are arguments, so the policy stays pure. The
  whole-call deadline is the interpreter's: it gives up when the delay would pass it.
- A retry can meet the state an earlier attempt produced when that attempt's answer was lost
  (`may_have_applied`): the interpreter then asks the call's `AppliedCheck` (calls.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from .calls import Call
from .errors import APIConnectionError, APIError, APIStatusError, ValidationError
from .validation import is_count

__all__ = [
    "AttemptResult",
    "ConnectionFailure",
    "RetryPolicy",
    "StatusResult",
    "backoff",
    "is_transient",
    "is_transient_status",
    "may_have_applied",
    "server_delay",
]


def is_transient_status(status: int) -> bool:
    """408, 429 and 5xx: the server may well answer otherwise a little later."""
    return status in (408, 429) or 500 <= status < 600


def is_transient(error: APIError) -> bool:
    """Connection errors, timeouts and transient statuses: worth trying again later."""
    if isinstance(error, APIConnectionError):
        return error.transient
    return isinstance(error, APIStatusError) and is_transient_status(error.status_code)


@dataclass(frozen=True, slots=True)
class StatusResult:
    """An attempt answered with a status that is not a success."""

    status: int
    headers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ConnectionFailure:
    """An attempt that got no answer: the connection failed or timed out."""

    # False only when the request certainly never reached the server.
    request_sent: bool
    # False when the same request would fail the same way (`APIConnectionError.transient`).
    transient: bool = True


AttemptResult = StatusResult | ConnectionFailure


def may_have_applied(outcome: AttemptResult) -> bool:
    """Whether the server may have applied an attempt whose answer the client never got: the
    request went out and the connection broke, or a gateway answered for a server that may
    have acted (502, 504)."""
    if isinstance(outcome, ConnectionFailure):
        return outcome.request_sent
    return outcome.status in (502, 504)


def server_delay(headers: Mapping[str, str], now: float) -> float | None:
    """The delay the server asked for, in seconds (0 for one in the past), or None when it
    asked for none we can read: nan and infinity are not delays."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        delay = _number(millis)
        if delay is not None:
            return delay / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    delay = _number(value)
    if delay is not None:
        return delay
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, OverflowError):
        return None


def backoff(retry: int, *, first: float, cap: float, jitter: float, draw: float) -> float:
    """Seconds to wait before retry number `retry` (from 1) after failures: `first`, doubled
    for each retry before it, capped at `cap`, then jittered down by up to `jitter` of it
    (`draw` uniform in [0, 1); `jitter` 1 is full jitter)."""
    # The exponent is capped so that a long outage cannot overflow the float.
    return min(cap, first * 2.0 ** min(retry - 1, 64)) * (1 - jitter * draw)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return max(0.0, value) if math.isfinite(value) else None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and after how long a failed attempt is tried again (the module docstring's rules).

    Delays are seconds: the backoff starts at `initial_delay` and doubles up to `max_delay`;
    a server's delay is honoured up to `max_retry_after`; no wait is shorter than `min_delay`.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    min_delay: float = 0.1

    def __post_init__(self) -> None:
        if not is_count(self.max_retries, 0):
            raise ValidationError("max_retries", "must be a non-negative integer")
        for name in ("initial_delay", "max_delay", "max_retry_after", "min_delay"):
            value = getattr(self, name)
            if (
                not isinstance(value, (int, float))
                or isinstance(value, bool)
                or not 0 <= value < math.inf
            ):
                raise ValidationError(name, "must be a finite number of seconds, 0 or more")
        if self.min_delay > self.max_delay:
            raise ValidationError("min_delay", "must not be more than max_delay")

    def should_retry(self, *, idempotent: bool, outcome: AttemptResult) -> bool:
        match outcome:
            case StatusResult(status=429):
                return True
            case StatusResult(status=status):
                return idempotent and is_transient_status(status)
            case ConnectionFailure(request_sent=sent, transient=transient):
                return transient and (idempotent or not sent)

    def decide(
        self, call: Call[Any], *, attempt: int, outcome: AttemptResult, jitter: float, now: float
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1` of `call`, or None to give up.

        `attempt` counts from 0 (the first try); `jitter` is a uniform draw from [0, 1).
        """
        limit = self.max_retries if call.max_retries is None else call.max_retries
        if attempt >= limit or not self.should_retry(idempotent=call.idempotent, outcome=outcome):
            return None
        delay = backoff(
            attempt + 1, first=self.initial_delay, cap=self.max_delay, jitter=1.0, draw=jitter
        )
        if isinstance(outcome, StatusResult):
            asked = server_delay(outcome.headers, now)
            if asked is not None and asked <= self.max_retry_after:
                delay = asked
        return max(delay, self.min_delay)
