"""Seeded fault injection, configured per operation; off by default.

Each operation draws from its own `random.Random(f"{seed}:{operation}")`, so the faults one
operation sees do not depend on how its requests interleave with other operations'.

Where a fault strikes matters to a client's retry logic, so it mirrors real failures:
- `error` (500/502/503) and `rate_limit` (429 + `Retry-After`) answer *before* the request
  is handled: nothing changed on the server.
- `drop` (connection closed, no response) and `truncate` (headers promise more bytes than
  are sent) strike *after* the request was applied: the change happened, the answer is
  lost, which is the case that makes retrying a non-idempotent call unsafe.
- `latency` delays the answer of a share of requests by `latency_seconds`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Fault", "FaultPlan", "Faults"]

Fault = Literal["error", "rate_limit", "drop", "truncate"]


@dataclass(frozen=True, slots=True)
class Faults:
    """Shares (0..1) of requests that get each fault; they must add up to at most 1."""

    error: float = 0.0
    error_statuses: tuple[int, ...] = (500, 502, 503)
    """The statuses an `error` answers with, drawn evenly."""
    rate_limit: float = 0.0
    retry_after: float = 1.0
    """The seconds a `rate_limit` answer's `Retry-After` asks for."""
    drop: float = 0.0
    truncate: float = 0.0
    latency: float = 0.0
    latency_seconds: float = 0.05
    """How long a `latency` fault delays the answer."""

    def __post_init__(self) -> None:
        shares = (self.error, self.rate_limit, self.drop, self.truncate, self.latency)
        if any(not 0.0 <= s <= 1.0 for s in shares):
            raise ValueError("fault shares must be between 0 and 1")
        if self.error + self.rate_limit + self.drop + self.truncate > 1.0:
            raise ValueError("error + rate_limit + drop + truncate must not exceed 1")


@dataclass(frozen=True, slots=True)
class Decision:
    fault: Fault | None
    status: int = 0
    delay: float = 0.0
    retry_after: float = 0.0


@dataclass(slots=True)
class FaultPlan:
    """`default` for every operation, `routes` for named ones (e.g. `"models.retrieve"`)."""

    default: Faults = field(default_factory=Faults)
    routes: Mapping[str, Faults] = field(default_factory=dict[str, Faults])
    seed: int = 0
    _rngs: dict[str, random.Random] = field(default_factory=dict[str, random.Random])

    @property
    def active(self) -> bool:
        return any(f != Faults() for f in (self.default, *self.routes.values()))

    def decide(self, operation: str) -> Decision:
        faults = self.routes.get(operation, self.default)
        rng = self._rngs.get(operation)
        if rng is None:
            rng = self._rngs[operation] = random.Random(f"{self.seed}:{operation}")
        draw, late = rng.random(), rng.random()
        delay = faults.latency_seconds if late < faults.latency else 0.0
        shares: tuple[tuple[Fault, float], ...] = (
            ("error", faults.error),
            ("rate_limit", faults.rate_limit),
            ("drop", faults.drop),
            ("truncate", faults.truncate),
        )
        for fault, share in shares:
            if draw < share:
                if fault == "error":
                    return Decision(fault, rng.choice(faults.error_statuses), delay)
                if fault == "rate_limit":
                    return Decision(fault, 429, delay, faults.retry_after)
                return Decision(fault, 0, delay)
            draw -= share
        return Decision(None, 0, delay)
