"""The watcher: polls get-bulk on a schedule, feeds the training reducer, yields its events.

    async with client.models.watch(model_ids) as events:
        async for event in events:
            ...

Design
------
Pull-based, with no background task. The watch polls only inside `__anext__`, when its
consumer asks for the next event, and it does not poll again before every event of the last
tick was taken. A slow consumer therefore slows the polling down instead of growing a buffer
(at most one tick of events is held), and leaving the `async with` (or `break`, or a cancel
scope around the loop) leaves nothing behind: no task, no request in flight, no buffer.

The loop is split the way lightkube splits its watch driver from its loop:
- `WatchCore` is pure: the training tracker (training.py), each model's next poll time, the
  shared backoff, the deadline and the error policy. It is told the time and what came back,
  and answers what to do next: `Sleep(until)`, `Poll(chunks)`, `Done()` or `TimedOut(error)`.
- `TrainingWatch` does the I/O: it reads and sleeps on anyio's clock, sends one get-bulk per
  chunk, concurrently, in a task group opened and closed within one `__anext__` call (nothing
  yields from inside it), and hands the results back to the core, with the wall-clock time
  each answer came (the events' `observed_at`).

Scheduling rules (`WatchCore`)
------------------------------
1. Every watched, unfinished id has a next poll time; an added id is due at once.
2. A tick polls every id due by `now + min_interval / 2`, so ids due at about the same time
   share requests instead of costing one tick each. Hence a model is polled again no sooner
   than `min_interval / 2` after an answered poll, and, but for `add` and error backoff,
   ticks are more than `min_interval / 2` apart.
3. The due ids go out in chunks of `batch_size`, one get-bulk each: ceil(due / batch_size)
   requests per tick, at most `max_concurrency` of them in flight at once. The cap bounds the
   response bodies held at once (a full `Model` is tens of KB); the server gains nothing from
   more parallel requests of one client.
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
   "retry", "stop" or "raise" (the default retries transient errors: connection, timeout,
   408, 429, 5xx; and raises any other). On retry the whole loop waits one shared backoff:
   the server's `Retry-After` when it sent one (the longest of the tick's), else
   `min_interval * 2**(n - 1)` capped at `max_interval` and jittered down by up to `jitter`,
   where n counts consecutive failed ticks. A tick without failure resets n. The ids of a
   failed request stay due.
7. The deadline (seconds from the first use of the watch; `None` for none) ends the watch
   with `WatchTimeoutError`, carrying the last snapshot of every unfinished model. It also
   cuts short a tick in flight; chunks that already answered are still folded in.
8. A tick's events are all yielded before what the tick decided (stop, raise, timeout) takes
   effect: no observation is dropped.

The client runs each get-bulk with its own retry policy first; a client built with
`max_retries=0` leaves every retry decision to the watch.
"""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Final, Literal, Self, TypeAlias, TypedDict, Unpack

import anyio
import msgspec
from msgspec import UNSET

from . import ops
from .bulk import fetch_chunk
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    ModelGoneError,
    TrainingCanceledError,
    TrainingFailedError,
    ValidationError,
    WatchTimeoutError,
)
from .retry import server_delay
from .training import (
    Canceled,
    Failed,
    Gone,
    Trained,
    TrainingEvent,
    TrainingState,
    TrainingTracker,
    next_poll_delay,
)
from .types import InvalidModel, Model, TrainingParameters

if TYPE_CHECKING:
    from .client import AsyncScenario

__all__ = [
    "DEFAULT_DEADLINE",
    "Done",
    "ErrorAction",
    "ErrorPolicy",
    "Poll",
    "PollFailed",
    "PollOptions",
    "Sleep",
    "SnapshotUnreadable",
    "Step",
    "TimedOut",
    "TrainingWatch",
    "WatchConfig",
    "WatchCore",
    "WatchEvent",
    "WatchOptions",
    "WatchStats",
    "default_error_policy",
    "is_transient",
    "train_and_wait",
    "wait_for_training",
]

DEFAULT_DEADLINE: Final = 7200.0
"""Seconds a watch or wait runs by default: longer than a training, shorter than forever."""

ErrorAction: TypeAlias = Literal["retry", "stop", "raise"]
ErrorPolicy: TypeAlias = Callable[[APIError, int], ErrorAction]
"""Called with a failed request's error and the count of consecutive failed ticks (from 1)."""


def is_transient(error: APIError) -> bool:
    """Connection errors, timeouts, 408, 429 and 5xx: worth trying again later."""
    if isinstance(error, APIConnectionError):
        return True
    if isinstance(error, APIStatusError):
        return error.status_code in (408, 429) or error.status_code >= 500
    return False


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
# The pure core


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """A watch's settings, checked when the watch is built (before any I/O)."""

    batch_size: int = 100
    max_concurrency: int = 10
    min_interval: float = 2.0
    max_interval: float = 60.0
    jitter: float = 0.1
    deadline: float | None = DEFAULT_DEADLINE
    stop_when_done: bool = True

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValidationError("batch_size", "must be at least 1")
        if self.max_concurrency < 1:
            raise ValidationError("max_concurrency", "must be at least 1")
        if not 0 < self.min_interval <= self.max_interval < math.inf:
            raise ValidationError(
                "min_interval", "need 0 < min_interval <= max_interval < infinity"
            )
        if not 0 <= self.jitter < 1:
            raise ValidationError("jitter", "must be in [0, 1)")
        if self.deadline is not None and not 0 < self.deadline < math.inf:
            raise ValidationError("deadline", "must be a positive number of seconds, or None")


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
class ChunkResult:
    """What one get-bulk of a tick gave, and when (`now` on the watch's clock, wall time)."""

    model_ids: tuple[str, ...]
    outcome: list[Model] | APIError
    now: float
    observed_at: float
    unreadable: tuple[InvalidModel, ...] = ()
    """Models of a successful answer that did not decode."""


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
        error_policy: ErrorPolicy = default_error_policy,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self.tracker = TrainingTracker()
        self.stats = WatchStats()
        self.deadline_at: float | None = None
        self._policy = error_policy
        self._rng = rng
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
        """Watch these ids too, due at once; ids already watched (finished or not) are kept."""
        for model_id in model_ids:
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
        size = self.config.batch_size
        chunks = tuple(tuple(due[i : i + size]) for i in range(0, len(due), size))
        self.stats.ticks += 1
        self.stats.requests += len(chunks)
        self.stats.polled += len(due)
        self.stats.last_due = len(due)
        return Poll(chunks)

    def complete_tick(self, results: Sequence[ChunkResult]) -> TickResult:
        """Fold the answers of one tick's requests (those that answered, in any order)."""
        events: list[WatchEvent] = []
        failed: list[tuple[ChunkResult, APIError]] = []
        for result in results:
            if isinstance(result.outcome, APIError):
                failed.append((result, result.outcome))
            else:
                events.extend(self._observe(result, result.outcome))
        if not failed:
            self._failures = 0
            return TickResult(events)
        self._failures += 1
        self.stats.failed_requests += len(failed)
        actions = [self._policy(error, self._failures) for _, error in failed]
        # The strongest action wins: one "raise" outweighs any number of "retry".
        action: ErrorAction = next((a for a in ("raise", "stop") if a in actions), "retry")
        retry_in = None
        if action == "retry":
            retry_in = self._backoff(failed)
            self._not_before = max(result.now for result, _ in failed) + retry_in
        for result, error in failed:
            events.append(
                PollFailed(
                    observed_at=result.observed_at,
                    model_ids=result.model_ids,
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

    def _observe(self, result: ChunkResult, models: list[Model]) -> list[WatchEvent]:
        tracker = self.tracker
        events: list[WatchEvent] = [*tracker.observe(models, result.observed_at)]
        returned = {model.id for model in models}
        unreadable_ids = {item.model_id for item in result.unreadable}
        if None not in unreadable_ids:
            gone = [i for i in result.model_ids if i not in returned and i not in unreadable_ids]
            events.extend(tracker.observe_missing(gone, result.observed_at))
        events.extend(
            SnapshotUnreadable(
                observed_at=result.observed_at,
                model_id=item.model_id,
                index=item.index,
                error=item.error,
            )
            for item in result.unreadable
        )
        for model_id in result.model_ids:
            if model_id not in returned and model_id in self._next:
                self._next[model_id] = result.now + self.config.min_interval
        for model in models:
            if model.id in self._next and tracker.is_active(model.id):
                self._next[model.id] = result.now + self._delay(model)
        for model_id in result.model_ids:
            if model_id in self._next and not tracker.is_active(model_id):
                del self._next[model_id]
        return events

    def _delay(self, model: Model) -> float:
        low, high = self.config.min_interval, self.config.max_interval
        delay = next_poll_delay(model, min_interval=low, max_interval=high)
        delay *= 1 + self.config.jitter * (2 * self._rng() - 1)
        return min(max(delay, low), high)

    def _backoff(self, failed: Sequence[tuple[ChunkResult, APIError]]) -> float:
        asked = [
            delay
            for result, error in failed
            if isinstance(error, APIStatusError)
            and (delay := server_delay(error.headers, result.observed_at)) is not None
        ]
        if asked:
            return max(asked)
        low, high = self.config.min_interval, self.config.max_interval
        # The exponent is capped so that a long outage cannot overflow the float.
        base = min(high, low * 2.0 ** min(self._failures - 1, 64))
        return base * (1 - self.config.jitter * self._rng())


# --------------------------------------------------------------------------------------------
# The loop


class PollOptions(TypedDict, total=False):
    """How a watch or a wait polls; see `TrainingWatch`."""

    min_interval: float
    max_interval: float
    jitter: float
    error_policy: ErrorPolicy
    project_id: str | None


class WatchOptions(PollOptions, total=False):
    batch_size: int
    max_concurrency: int
    deadline: float | None
    stop_when_done: bool


class TrainingWatch:
    """An async iterator of training events for many models; see the module docstring.

    Use it as `async with client.models.watch(ids) as events: async for event in events`.
    `add(ids)` and `remove(ids)` change the watched set while it runs; `stats` counts ticks
    and requests. Events are `TrainingEvent`s (training.py) and `PollFailed`.
    """

    def __init__(
        self,
        client: AsyncScenario,
        model_ids: Iterable[str],
        *,
        batch_size: int = 100,
        max_concurrency: int = 10,
        min_interval: float = 2.0,
        max_interval: float = 60.0,
        jitter: float = 0.1,
        deadline: float | None = DEFAULT_DEADLINE,
        error_policy: ErrorPolicy = default_error_policy,
        stop_when_done: bool = True,
        project_id: str | None = None,
    ) -> None:
        config = WatchConfig(
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            min_interval=min_interval,
            max_interval=max_interval,
            jitter=jitter,
            deadline=deadline,
            stop_when_done=stop_when_done,
        )
        self._client = client
        self._core = WatchCore(model_ids, config, error_policy=error_policy)
        self._project_id = UNSET if project_id is None else project_id
        self._buffer: deque[WatchEvent] = deque()
        self._end: BaseException | None = None
        self._closed = False
        self._busy = False
        self._wakeup: anyio.Event | None = None
        self.stopped_by: APIError | None = None
        """The error on which the error policy stopped the watch, if it did."""

    @property
    def stats(self) -> WatchStats:
        return self._core.stats

    @property
    def active_ids(self) -> frozenset[str]:
        """Watched ids without a terminal event yet."""
        return self._core.tracker.active_ids

    def state(self, model_id: str) -> TrainingState | None:
        """What the reducer keeps for `model_id` (`.model`: its last snapshot), if watched."""
        return self._core.tracker.state(model_id)

    def add(self, model_ids: Iterable[str]) -> None:
        """Watch more ids; they are polled at the next tick, which a sleeping watch starts now."""
        self._core.add(model_ids)
        self._wake()

    def remove(self, model_ids: Iterable[str]) -> None:
        """Stop watching these ids: no more events for them, not even those already polled."""
        removed = set(model_ids)
        self._core.remove(removed)
        self._buffer = deque(
            e for e in self._buffer if isinstance(e, PollFailed) or e.model_id not in removed
        )
        self._wake()

    async def aclose(self) -> None:
        """End the watch: iteration stops and nothing is kept. Idempotent."""
        self._closed = True
        self._buffer.clear()
        self._end = None
        self._wake()

    async def __aenter__(self) -> Self:
        self._core.start(anyio.current_time())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> WatchEvent:
        if self._busy:
            raise RuntimeError("this watch is already being iterated by another task")
        self._busy = True
        try:
            return await self._next_event()
        finally:
            self._busy = False

    async def _next_event(self) -> WatchEvent:
        core = self._core
        while True:
            if self._buffer:
                return self._buffer.popleft()
            if self._end is not None:
                end, self._end = self._end, None
                self._closed = True
                raise end
            if self._closed:
                raise StopAsyncIteration
            now = anyio.current_time()
            core.start(now)
            match core.next_step(now):
                case Done():
                    self._closed = True
                    raise StopAsyncIteration
                case TimedOut(error=error):
                    self._closed = True
                    raise error
                case Sleep(until=until):
                    await self._sleep(until)
                case Poll(chunks=chunks):
                    await self._poll(chunks)

    async def _sleep(self, until: float) -> None:
        """Sleep until `until`, or until `add`, `remove` or `aclose` changes what is due."""
        self._wakeup = anyio.Event()
        try:
            with anyio.CancelScope(deadline=until):
                await self._wakeup.wait()
        finally:
            self._wakeup = None

    def _wake(self) -> None:
        if self._wakeup is not None:
            self._wakeup.set()

    async def _poll(self, chunks: tuple[tuple[str, ...], ...]) -> None:
        # Indexed by chunk, so that a tick's events come in the order of its chunks.
        results: list[ChunkResult | None] = [None] * len(chunks)
        unexpected: list[Exception] = []
        limiter = anyio.CapacityLimiter(self._core.config.max_concurrency)

        async def fetch(index: int, model_ids: tuple[str, ...]) -> None:
            call = ops.models.get_bulk(model_ids=list(model_ids), project_id=self._project_id)
            try:
                async with limiter:
                    chunk = await fetch_chunk(self._client, call, model_ids, Model)
            except Exception as error:  # raised below as itself, not inside an ExceptionGroup
                unexpected.append(error)
                return
            outcome = chunk.models if chunk.error is None else chunk.error
            results[index] = ChunkResult(
                model_ids, outcome, anyio.current_time(), time.time(), tuple(chunk.invalid)
            )

        deadline = self._core.deadline_at
        with anyio.CancelScope(deadline=math.inf if deadline is None else deadline):
            async with anyio.create_task_group() as group:
                for index, chunk in enumerate(chunks):
                    group.start_soon(fetch, index, chunk)
        if unexpected:
            raise unexpected[0]
        if self._closed:  # closed by another task while this tick was in flight
            return
        tick = self._core.complete_tick([r for r in results if r is not None])
        self._buffer.extend(tick.events)
        match tick.action:
            case "stop":
                self.stopped_by = tick.error
                self._end = StopAsyncIteration()
            case "raise":
                self._end = tick.error
            case None:
                pass


# --------------------------------------------------------------------------------------------
# Waiters


async def wait_for_training(
    client: AsyncScenario,
    model_id: str,
    *,
    # A parameter rather than the caller's `fail_after`: the default is finite, and the error
    # at the deadline carries the last snapshot, which a cancellation cannot.
    timeout: float | None = DEFAULT_DEADLINE,  # noqa: ASYNC109
    **options: Unpack[PollOptions],
) -> Model:
    """The final `Model` once `model_id` is trained.

    Raises `TrainingFailedError`, `TrainingCanceledError` or `ModelGoneError` when the
    training ends otherwise, `WatchTimeoutError` after `timeout` seconds (None: no limit),
    each carrying the last snapshot; and the request error when the error policy says
    "raise" or "stop" (a wait has no result to return without the model's ending).
    """
    watch = TrainingWatch(client, [model_id], batch_size=1, deadline=timeout, **options)
    async with watch as events:
        async for event in events:
            match event:
                case Trained(model=model):
                    return model
                case Failed(model=model):
                    raise TrainingFailedError(
                        f"training of {model_id} failed", model_id=model_id, model=model
                    )
                case Canceled(model=model):
                    raise TrainingCanceledError(
                        f"training of {model_id} was canceled", model_id=model_id, model=model
                    )
                case Gone(model=model, reason=reason):
                    raise ModelGoneError(
                        f"model {model_id} is gone ({reason})",
                        model_id=model_id,
                        model=model,
                        reason=reason,
                    )
    # Without its terminal event, a one-model watch ends only when its policy stopped it.
    assert watch.stopped_by is not None
    raise watch.stopped_by


async def train_and_wait(
    client: AsyncScenario,
    model_id: str,
    *,
    parameters: TrainingParameters | Mapping[str, object] | None = None,
    timeout: float | None = DEFAULT_DEADLINE,  # noqa: ASYNC109 (as for wait_for_training)
    **options: Unpack[PollOptions],
) -> Model:
    """Trigger the training of `model_id`, then `wait_for_training` it."""
    project_id = options.get("project_id")
    await client.send(
        ops.train.trigger(
            model_id,
            parameters=UNSET if parameters is None else parameters,
            project_id=UNSET if project_id is None else project_id,
        )
    )
    return await wait_for_training(client, model_id, timeout=timeout, **options)
