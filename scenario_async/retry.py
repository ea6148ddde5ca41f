"""The retry policy: a pure decision from (call, attempt, result) to "retry after N s" or stop.

Rules:
- Transient failures, the ones worth trying again: connection errors, timeouts, and statuses
  408, 429 and 5xx. The client's retries and the watcher's error policy both use this one
  definition (`is_transient`, `is_transient_status`).
- A call whose repeat could duplicate a side effect (create, copy, transfer, train trigger,
  training image add, download: `Call.idempotent` is False) is retried only when the server
  cannot have acted on it: the request was never sent (connection refused, connect timeout,
  no free connection), or the server answered 429.
- At most `max_retries` retries, or the call's own `Call.max_retries` when it has one.
- A server delay (`retry-after-ms`, `Retry-After` in seconds or as an HTTP date) is honoured
  up to `max_retry_after`; past that, or without one, capped exponential backoff with full
  jitter. The jitter draw and the current time are arguments, so the policy stays pure.
  The whole-call deadline is the interpreter's: it gives up when the delay would pass it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from .calls import Call
from .errors import APIConnectionError, APIError, APIStatusError

__all__ = [
    "AttemptResult",
    "ConnectionFailure",
    "RetryPolicy",
    "StatusResult",
    "is_transient",
    "is_transient_status",
    "server_delay",
]


def is_transient_status(status: int) -> bool:
    """408, 429 and 5xx: the server may well answer otherwise a little later."""
    return status in (408, 429) or 500 <= status < 600


def is_transient(error: APIError) -> bool:
    """Connection errors, timeouts and transient statuses: worth trying again later."""
    if isinstance(error, APIConnectionError):
        return True
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


AttemptResult = StatusResult | ConnectionFailure


def server_delay(headers: Mapping[str, str], now: float) -> float | None:
    """The delay the server asked for, in seconds, or None when it asked for none we can read."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def should_retry(self, *, idempotent: bool, outcome: AttemptResult) -> bool:
        match outcome:
            case StatusResult(status=429):
                return True
            case StatusResult(status=status):
                return idempotent and is_transient_status(status)
            case ConnectionFailure(request_sent=sent):
                return idempotent or not sent

    def decide(
        self, call: Call[Any], *, attempt: int, outcome: AttemptResult, jitter: float, now: float
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1` of `call`, or None to give up.

        `attempt` counts from 0 (the first try); `jitter` is a uniform draw from [0, 1).
        """
        limit = self.max_retries if call.max_retries is None else call.max_retries
        if attempt >= limit or not self.should_retry(idempotent=call.idempotent, outcome=outcome):
            return None
        if isinstance(outcome, StatusResult):
            asked = server_delay(outcome.headers, now)
            if asked is not None and asked <= self.max_retry_after:
                return asked
        return jitter * min(self.max_delay, self.initial_delay * 2.0**attempt)
