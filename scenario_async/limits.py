"""Client-side rate limiting: requests per second and requests in flight, per client.

For services that must stay under a quota. One `Limiter` belongs to one client (and its
copies) and every request of every call of that client passes through it (retries and
redirects count: the server counts them too). The rate is a token bucket holding up to one
second of requests, spent by reservation: a caller takes its token now and sleeps until the
token exists, so waiters are served in order without a lock. A caller cancelled while it
waits gives its token back, so abandoning a queue of calls does not slow the next ones. Waits
are bounded by the call's deadline: a call that could not start in time gives up at once,
holding nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import anyio

__all__ = ["Limiter", "RateLimit", "TokenBucket"]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `requests_per_second` requests started per second (bursts up to one second's
    worth) and `max_concurrent` in flight at once; None leaves that side unlimited."""

    requests_per_second: float | None = None
    max_concurrent: int | None = None

    def __post_init__(self) -> None:
        if self.requests_per_second is not None and not self.requests_per_second > 0:
            raise ValueError("requests_per_second must be positive")
        if self.max_concurrent is not None and self.max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")


@dataclass(slots=True)
class TokenBucket:
    """The pure part: tokens refill at `rate` per second up to `burst`; reservations may
    take the count below zero, which is the queue of callers waiting for their token."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    @classmethod
    def full(cls, rate: float, now: float) -> TokenBucket:
        burst = max(1.0, rate)
        return cls(rate=rate, burst=burst, tokens=burst, stamp=now)

    def reserve(self, now: float, latest: float | None) -> float | None:
        """Take a token; return the seconds until it exists, or None (nothing taken) when
        that would be after `latest`."""
        tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        wait = max(0.0, (1.0 - tokens) / self.rate)
        if latest is not None and now + wait > latest:
            return None
        self.tokens, self.stamp = tokens - 1.0, now
        return wait

    def refund(self) -> None:
        self.tokens += 1.0


class Limiter:
    """The async side of a `RateLimit`: `acquire` before sending, `release` after."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._slots = (
            None if limit.max_concurrent is None else anyio.Semaphore(limit.max_concurrent)
        )
        rate = limit.requests_per_second
        self._bucket = None if rate is None else TokenBucket.full(rate, time.monotonic())

    async def acquire(self, deadline: float | None) -> bool:
        """Wait for a slot and a token; False, holding nothing, if `deadline` would pass."""
        if self._slots is not None:
            remaining = None if deadline is None else deadline - time.monotonic()
            with anyio.move_on_after(remaining) as scope:
                await self._slots.acquire()
            if scope.cancelled_caught:
                return False
        if self._bucket is not None:
            wait = self._bucket.reserve(time.monotonic(), deadline)
            if wait is None:
                self.release()
                return False
            if wait > 0:
                try:
                    await anyio.sleep(wait)
                except BaseException:
                    self._bucket.refund()
                    self.release()
                    raise
        return True

    def release(self) -> None:
        if self._slots is not None:
            self._slots.release()
