"""The retry policy: a pure decision from (call, attempt, outcome) to "retry after N s" or stop.

Rules:
- Retried outcomes: connection errors, timeouts, and statuses 408, 429, 500, 502, 503, 504.
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

__all__ = ["ConnectionFailure", "RetryPolicy", "StatusOutcome", "server_delay"]

RETRIED_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class StatusOutcome:
    status: int
    headers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ConnectionFailure:
    # False only when the request certainly never reached the server.
    request_sent: bool


Outcome = StatusOutcome | ConnectionFailure


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

    def should_retry(self, *, idempotent: bool, outcome: Outcome) -> bool:
        match outcome:
            case StatusOutcome(status=429):
                return True
            case StatusOutcome(status=status):
                return idempotent and status in RETRIED_STATUSES
            case ConnectionFailure(request_sent=sent):
                return idempotent or not sent

    def decide(
        self, call: Call[Any], *, attempt: int, outcome: Outcome, jitter: float, now: float
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1` of `call`, or None to give up.

        `attempt` counts from 0 (the first try); `jitter` is a uniform draw from [0, 1).
        """
        limit = self.max_retries if call.max_retries is None else call.max_retries
        if attempt >= limit or not self.should_retry(idempotent=call.idempotent, outcome=outcome):
            return None
        if isinstance(outcome, StatusOutcome):
            asked = server_delay(outcome.headers, now)
            if asked is not None and asked <= self.max_retry_after:
                return asked
        return jitter * min(self.max_delay, self.initial_delay * 2.0**attempt)
