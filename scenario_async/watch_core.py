"""The watcher's pure core: its options, its events, and `WatchCore`, its decisions. No I/O.

`WatchCore` holds the training tracker (training.py), each unfinished model's next poll time,
the shared backoff, the deadline and the error policy. It is told the time and what came back,
and answers what to do next: `Sleep(until)`, `Poll(chunks)`, `Done()` or `TimedOut(error)`.
The loop that does the I/O is `TrainingWatch` (watch.py).

Scheduling rules (`WatchCore`)
------------------------------
1. Every watched, unfinished id has a next poll time; an added id is due at once.
2. A tick polls every id due by `now + min_interval / 2`, so ids due at about the same time
   share requests instead of costing one tick each. Hence a model is polled again no sooner
   than `min_interval / 2` after an answered poll, and, but for `add` and error backoff,
   ticks are more than `min_interval / 2` apart.
3. The due ids go out in chunks of `chunk_size`, one get-bulk each: ceil(due / chunk_size)
   requests per tick, at most `max_concurrency` of them in flight at once (bulk_core.py's
   defaults, shared with bulk fetches).
4. After a poll, a model's next poll is `next_poll_delay` away (training.py: slower deep in
   the queue, about the end of `remainingTimeMs` while running), times a jitter factor drawn
   from [1 - jitter, 1 + jitter], clamped to [min_interval, max_interval].
5. An id a successful get-bulk did not return is `Gone` ("missing"). A model in the answer
   that does not decode is reported as `SnapshotUnreadable` (its index, id and the JSON path
   of the problem), is not `Gone`, and is polled again `min_interval` later; when its id is
   unreadable too, no id of that request is taken for gone this tick. Terminal and gone ids
   leave the schedule; the watch is done when none is left (unless `stop_when_done=False`,
   which keeps an idle watch open for `add` until its deadline or until the caller leaves).
6. Each failed request is reported as a `PollFailed` event and given to the error policy:
   "retry", "stop" or "raise" (the default retries transient errors, as retry.py defines
   them: connection, timeout, 408, 429, 5xx; and raises any other). On retry the whole loop
   waits one shared backoff: the server's `Retry-After` when it sent one (the longest of the
   tick's), else `min_interval * 2**(n - 1)` capped at `max_interval` and jittered down by up
   to `jitter`, where n counts consecutive failed ticks; either way kept within
   [min_interval, max_interval]. A tick without failure resets n. The ids of a failed request
   stay due.
7. The deadline (seconds from the first use of the watch; `None` for none) ends the watch
   with `WatchTimeoutError`, carrying the last snapshot of every unfinished model. It also
   cuts short a tick in flight; chunks that already answered are still folded in.
8. A tick's events are all yielded before what the tick decided (stop, raise, timeout) takes
   effect: no observation is dropped.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, TypedDict

import msgspec

from .bulk_core import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_MAX_CONCURRENCY,
    BulkChunk,
    check_limits,
    checked_id,
    plan_chunks,
)
from .errors import APIError, APIStatusError, ValidationError, WatchTimeoutError
from .retry import is_transient, server_delay
from .training import TrainingEvent, TrainingTracker, next_poll_delay
from .types import Model

__all__ = [
    "DEFAULT_DEADLINE",
    "ChunkAnswer",
    "Done",
    "ErrorAction",
    "ErrorPolicy",
    "Poll",
    "PollFailed",
    "PollOptions",
    "Sleep",
    "SnapshotUnreadable",
    "Step",
    "TickResult",
    "TimedOut",
    "WatchConfig",
    "WatchCore",
    "WatchEvent",
    "WatchOptions",
    "WatchStats",
    "default_error_policy",
]

DEFAULT_DEADLINE: Final = 7200.0
"""Seconds a watch or wait runs by default: longer than a training, shorter than forever."""

ErrorAction: TypeAlias = Literal["retry", "stop", "raise"]
ErrorPolicy: TypeAlias = Callable[[APIError, int], ErrorAction]
"""Called with a failed request's error and the count of consecutive failed ticks (from 1)."""


def default_error_policy(error: APIError, failures: int) -> ErrorAction:
    """Retry transient errors for as long as the deadline allows; raise any other."""
    return "retry" if is_transient(error) else "raise"


class PollFailed(msgspec.Struct, frozen=True, kw_only=True, tag_field="event", tag="poll_failed"):
    """A get-bulk request of the watch failed: the models it asked for were not observed.

    Like every event it carries no header, so never a credential.
    """

    observed_at: float
    model_ids: tuple[str, ...]
    error: str
    message: str
    status: int | None
    failures: int
    """Consecutive failed ticks, this one included."""
    retry_in: float | None
    """Seconds of shared backoff before the next tick; None when the policy stops or raises."""


class SnapshotUnreadable(
    msgspec.Struct, frozen=True, kw_only=True, tag_field="event", tag="snapshot_unreadable"
):
    """A model in a get-bulk answer did not decode: not observed this tick, polled again.

    The other models of that answer are observed as usual.
    """

    observed_at: float
    model_id: str | None
    """The model's `id` when it could be read, else None."""
    index: int
    """Its position in the answer's `models` array."""
    error: str
    """What did not decode, with the JSON path, e.g. `Expected str, got int at $.models[3]...`."""


WatchEvent: TypeAlias = TrainingEvent | PollFailed | SnapshotUnreadable


# --------------------------------------------------------------------------------------------
# Options


class PollOptions(TypedDict, total=False):
    """How a watch or a wait polls: the keyword arguments of `WatchConfig` that both take."""

    min_interval: float
    max_interval: float
    jitter: float
    error_policy: ErrorPolicy
    project_id: str | None


class WatchOptions(PollOptions, total=False):
    """Every keyword argument of `WatchConfig`, as `client.models.watch` takes them."""

    chunk_size: int
    max_concurrency: int
    deadline: float | None
    stop_when_done: bool


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """A watch's options, their defaults and their checks (made when the watch is built).

    `chunk_size` ids per get-bulk request, at most `max_concurrency` requests at once;
    `min_interval`/`max_interval` bound each model's poll interval (seconds), `jitter` spreads
    it; `deadline` seconds from the first use (None: none); `error_policy` decides on failed
    requests; `stop_when_done=False` keeps an idle watch open for `add`; `project_id` is sent
    with every request.
    """

    chunk_size: int = DEFAULT_CHUNK_SIZE
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    min_interval: float = 2.0
    max_interval: float = 60.0
    jitter: float = 0.1
    deadline: float | None = DEFAULT_DEADLINE
    stop_when_done: bool = True
    error_policy: ErrorPolicy = default_error_policy
    project_id: str | None = None

    def __post_init__(self) -> None:
        check_limits(self.chunk_size, self.max_concurrency)
        if not 0 < self.min_interval <= self.max_interval < math.inf:
            raise ValidationError(
                "min_interval", "need 0 < min_interval <= max_interval < infinity"
            )
        if not 0 <= self.jitter < 1:
            raise ValidationError("jitter", "must be in [0, 1)")
        if self.deadline is not None and not 0 < self.deadline < math.inf:
            raise ValidationError("deadline", "must be a positive number of seconds, or None")


# --------------------------------------------------------------------------------------------
# Decisions


@dataclass(frozen=True, slots=True)
class Sleep:
    until: float


@dataclass(frozen=True, slots=True)
class Poll:
    chunks: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Done:
    pass


@dataclass(frozen=True, slots=True)
class TimedOut:
    error: WatchTimeoutError


Step: TypeAlias = Sleep | Poll | Done | TimedOut


@dataclass(frozen=True, slots=True)
class ChunkAnswer:
    """What one get-bulk of a tick gave, and when (`now` on the watch's clock, wall time)."""

    chunk: BulkChunk[Model]
    now: float
    observed_at: float


@dataclass(frozen=True, slots=True)
class TickResult:
    events: list[WatchEvent]
    action: ErrorAction | None = None
    """"stop" or "raise" when the error policy ends the watch, else None."""
    error: APIError | None = None
    """The error the policy stopped or raised on."""


@dataclass(slots=True)
class WatchStats:
    """Counters a caller can read while watching: for metrics, and for the tests."""

    ticks: int = 0
    requests: int = 0
    failed_requests: int = 0
    polled: int = 0
    """Ids asked for, over every tick."""
    last_due: int = 0
    """Ids the latest tick asked for."""


class WatchCore:
    """The watcher's decisions, with no I/O: the scheduling rules in the module docstring.

    `rng` draws the jitter (uniform in [0, 1)); times are seconds on one monotonic clock.
    """

    def __init__(
        self,
        model_ids: Iterable[str],
        config: WatchConfig,
        *,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self.tracker = TrainingTracker()
        self.stats = WatchStats()
        self.deadline_at: float | None = None
        self._rng = rng
        # The unfinished ids, each with its next poll time: the only set of them kept.
        self._next: dict[str, float] = {}
        self._failures = 0
        self._not_before = -math.inf
        self._started = False
        self.add(model_ids)

    def start(self, now: float) -> None:
        """Start the deadline's count; later calls change nothing."""
        if not self._started:
            self._started = True
            if self.config.deadline is not None:
                self.deadline_at = now + self.config.deadline

    def add(self, model_ids: Iterable[str]) -> None:
        """Watch these ids too, due at once; ids already watched (finished or not) are kept.

        Each id is checked first (`ValidationError` naming it), so none is added on a bad one.
        """
        checked = [checked_id(model_id, index) for index, model_id in enumerate(model_ids)]
        for model_id in checked:
            if model_id not in self.tracker:
                self.tracker.add(model_id)
                self._next[model_id] = -math.inf

    def remove(self, model_ids: Iterable[str]) -> None:
        """Stop watching these ids: no more polls and no more events for them."""
        for model_id in model_ids:
            self.tracker.remove(model_id)
            self._next.pop(model_id, None)

    @property
    def pending(self) -> int:
        """Ids still to poll: watched and not finished."""
        return len(self._next)

    @property
    def unfinished_ids(self) -> frozenset[str]:
        """Watched ids without a terminal event yet."""
        return frozenset(self._next)

    def next_step(self, now: float) -> Step:
        if not self._next and self.config.stop_when_done:
            return Done()
        deadline = math.inf if self.deadline_at is None else self.deadline_at
        if now >= deadline:
            return TimedOut(self.timeout_error()) if self._next else Done()
        wake = max(min(self._next.values(), default=math.inf), self._not_before)
        if wake > now:
            return Sleep(min(wake, deadline))
        horizon = now + self.config.min_interval / 2
        due = [model_id for model_id, at in self._next.items() if at <= horizon]
        chunks = tuple(plan_chunks(due, self.config.chunk_size))
        self.stats.ticks += 1
        self.stats.requests += len(chunks)
        self.stats.polled += len(due)
        self.stats.last_due = len(due)
        return Poll(chunks)

    def complete_tick(self, answers: Sequence[ChunkAnswer]) -> TickResult:
        """Fold the answers of one tick's requests (those that answered, in any order)."""
        events: list[WatchEvent] = []
        failed: list[tuple[ChunkAnswer, APIError]] = []
        for answer in answers:
            if answer.chunk.error is not None:
                failed.append((answer, answer.chunk.error))
            else:
                events.extend(self._observe(answer))
        if not failed:
            self._failures = 0
            return TickResult(events)
        self._failures += 1
        self.stats.failed_requests += len(failed)
        actions = [self.config.error_policy(error, self._failures) for _, error in failed]
        # The strongest action wins: one "raise" outweighs any number of "retry".
        action: ErrorAction = next((a for a in ("raise", "stop") if a in actions), "retry")
        retry_in = None
        if action == "retry":
            retry_in = self._backoff(failed)
            self._not_before = max(answer.now for answer, _ in failed) + retry_in
        for answer, error in failed:
            events.append(
                PollFailed(
                    observed_at=answer.observed_at,
                    model_ids=answer.chunk.model_ids,
                    error=type(error).__name__,
                    message=str(error),
                    status=error.status_code if isinstance(error, APIStatusError) else None,
                    failures=self._failures,
                    retry_in=retry_in,
                )
            )
        if action == "retry":
            return TickResult(events)
        culprit = next(error for (_, error), a in zip(failed, actions, strict=True) if a == action)
        return TickResult(events, action, culprit)

    def timeout_error(self) -> WatchTimeoutError:
        pending: dict[str, Model | None] = {}
        for model_id in self._next:
            state = self.tracker.state(model_id)
            pending[model_id] = state.model if state is not None else None
        return WatchTimeoutError(
            f"{len(pending)} model(s) still unfinished at the deadline ({self.config.deadline} s)",
            deadline=self.config.deadline if self.config.deadline is not None else math.inf,
            pending=pending,
        )

    def _observe(self, answer: ChunkAnswer) -> list[WatchEvent]:
        tracker, chunk, now = self.tracker, answer.chunk, answer.now
        events: list[WatchEvent] = [*tracker.observe(chunk.models, answer.observed_at)]
        # A model whose id could not be read may be any of the missing ones: none is gone.
        if all(item.model_id is not None for item in chunk.invalid):
            events.extend(tracker.observe_missing(chunk.missing_ids, answer.observed_at))
        events.extend(
            SnapshotUnreadable(
                observed_at=answer.observed_at,
                model_id=item.model_id,
                index=item.index,
                error=item.error,
            )
            for item in chunk.invalid
        )
        returned = {model.id for model in chunk.models}
        for model_id in chunk.model_ids:
            if model_id not in returned and model_id in self._next:
                self._next[model_id] = now + self.config.min_interval
        for model in chunk.models:
            if model.id in self._next and tracker.is_active(model.id):
                self._next[model.id] = now + self._delay(model)
        for model_id in chunk.model_ids:
            if model_id in self._next and not tracker.is_active(model_id):
                del self._next[model_id]
        return events

    def _delay(self, model: Model) -> float:
        low, high = self.config.min_interval, self.config.max_interval
        delay = next_poll_delay(model, min_interval=low, max_interval=high)
        delay *= 1 + self.config.jitter * (2 * self._rng() - 1)
        return min(max(delay, low), high)

    def _backoff(self, failed: Sequence[tuple[ChunkAnswer, APIError]]) -> float:
        asked = [
            delay
            for answer, error in failed
            if isinstance(error, APIStatusError)
            and (delay := server_delay(error.headers, answer.observed_at)) is not None
        ]
        low, high = self.config.min_interval, self.config.max_interval
        if asked:
            delay = max(asked)
        else:
            # The exponent is capped so that a long outage cannot overflow the float.
            base = min(high, low * 2.0 ** min(self._failures - 1, 64))
            delay = base * (1 - self.config.jitter * self._rng())
        # A server asking for 0 s (or a date past) would make the watch poll in a tight loop,
        # one asking for an hour would stall it for the hour.
        return min(max(delay, low), high)
