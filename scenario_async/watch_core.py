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
   defaults, shared with bulk fetches). They go in the order they were added, but for those
   last seen in `running-train`, which go first: the trainings that may have ended share as
   few requests as they can (see rule 9).
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
9. Each model is read as a `TrainingSnapshot` (training.py says why). One polled with a
   terminal status leaves the schedule at once, and its events wait in the tick as an
   `Ending`: its index and bytes. `settle` decodes its full `Model` when the watch comes to
   it and folds that (the stage it reached, then its terminal event); bytes that do not
   decode as a `Model` make it `SnapshotUnreadable`, polled again `min_interval` after that
   poll, as in rule 5.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, TypedDict

import msgspec

from .bulk_core import BulkChunk, checked_id, invalid_model
from .bulk_options import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENCY, check_limits
from .errors import APIError, APIStatusError, ValidationError, WatchTimeoutError
from .json_decoding import decode_json, decoder_for
from .retry import is_transient, server_delay
from .training import Observed, TrainingEvent, TrainingTracker, is_terminal, next_poll_delay
from .types import InvalidModel, Model, TrainingSnapshot
from .types.ids import ModelIds, checked_not_str

__all__ = [
    "DEFAULT_DEADLINE",
    "ChunkAnswer",
    "Done",
    "Ending",
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

    chunk: BulkChunk[Observed]
    """Its models as `TrainingSnapshot`s, and in full (`Model`) those whose training ended."""
    now: float
    observed_at: float


@dataclass(frozen=True, slots=True)
class Ending:
    """A model polled with a terminal status, its events not made yet: `settle` makes them.

    It holds the model's bytes rather than the decoded `Model` (about 2.5 times their size in
    memory), so a tick in which thousands of trainings end holds their JSON, and each `Model`
    is decoded only as its event is taken.
    """

    model_id: str
    index: int
    """The model's place in its answer's `models`, for `SnapshotUnreadable`."""
    raw: bytes
    now: float
    observed_at: float


@dataclass(frozen=True, slots=True)
class TickResult:
    events: list[WatchEvent | Ending]
    """In order; an `Ending` stands where its model's events go, to be `settle`d in turn."""
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
        model_ids: ModelIds,
        config: WatchConfig,
        *,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self.tracker: TrainingTracker = TrainingTracker()
        self.stats: WatchStats = WatchStats()
        self.deadline_at: float | None = None
        self._rng = rng
        # The unfinished ids, each with its next poll time, but for those polled with a
        # terminal status whose `Ending` is not settled yet (`_ending`).
        self._next: dict[str, float] = {}
        self._ending: set[str] = set()
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

    def add(self, model_ids: ModelIds) -> None:
        """Watch these ids too, due at once; ids already watched (finished or not) are kept.

        Each id is checked first (`ValidationError` naming it), so none is added on a bad one.
        """
        checked_not_str(model_ids, "model_ids")
        checked = [checked_id(model_id, index) for index, model_id in enumerate(model_ids)]
        for model_id in checked:
            if model_id not in self.tracker:
                self.tracker.add(model_id)
                self._next[model_id] = -math.inf

    def remove(self, model_ids: ModelIds) -> frozenset[str]:
        """Stop watching these ids: no more polls and no more events for them. Returns them,
        read once (an iterator is consumed here)."""
        checked_not_str(model_ids, "model_ids")
        removed = frozenset(model_ids)
        for model_id in removed:
            self.tracker.remove(model_id)
            self._next.pop(model_id, None)
            self._ending.discard(model_id)
        return removed

    @property
    def pending(self) -> int:
        """Ids watched and not finished: still to poll, or their `Ending` to settle."""
        return len(self._next) + len(self._ending)

    @property
    def unfinished_ids(self) -> frozenset[str]:
        """Watched ids without a terminal event yet."""
        return frozenset(self._next).union(self._ending)

    def next_step(self, now: float) -> Step:
        if not self.pending and self.config.stop_when_done:
            return Done()
        deadline = math.inf if self.deadline_at is None else self.deadline_at
        if now >= deadline:
            return TimedOut(self.timeout_error()) if self.pending else Done()
        wake = max(min(self._next.values(), default=math.inf), self._not_before)
        if wake > now:
            return Sleep(min(wake, deadline))
        horizon = now + self.config.min_interval / 2
        due = [model_id for model_id, at in self._next.items() if at <= horizon]
        size = self.config.chunk_size
        if len(due) > size:
            # Trainings that may have ended go out first, together: an answer holding one is
            # read a second time for its bytes (rule 9), so the fewer answers hold them the
            # better. A stable sort: the rest keep the order they were added in.
            stage = self.tracker.stage
            due.sort(key=lambda model_id: stage(model_id) != "running-train")
        # The ids are the schedule's keys: checked when added, and each once.
        chunks = tuple(tuple(due[start : start + size]) for start in range(0, len(due), size))
        self.stats.ticks += 1
        self.stats.requests += len(chunks)
        self.stats.polled += len(due)
        self.stats.last_due = len(due)
        return Poll(chunks)

    def complete_tick(self, answers: Sequence[ChunkAnswer]) -> TickResult:
        """Fold the answers of one tick's requests (those that answered, in any order)."""
        events: list[WatchEvent | Ending] = []
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
        action: ErrorAction = (
            "raise" if "raise" in actions else "stop" if "stop" in actions else "retry"
        )
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

    def settle(self, ending: Ending) -> list[WatchEvent]:
        """The events of a model that ended: its full `Model` decoded from its bytes and folded
        (the stage it reached, then its terminal event). If those bytes do not decode as a
        `Model`, it is `SnapshotUnreadable` and polled again `min_interval` after its poll.
        """
        model_id = ending.model_id
        if model_id not in self._ending:  # removed since
            return []
        self._ending.discard(model_id)
        try:
            model: Model = decode_json(ending.raw, decoder_for(Model))
        except msgspec.DecodeError as error:
            self._next[model_id] = ending.now + self.config.min_interval
            return [_unreadable(invalid_model(ending.index, ending.raw, error), ending.observed_at)]
        return list(self.tracker.observe_one(model, ending.observed_at))

    def timeout_error(self) -> WatchTimeoutError:
        pending: dict[str, TrainingSnapshot | None] = {}
        for model_id in self.unfinished_ids:
            state = self.tracker.state(model_id)
            pending[model_id] = state.model if state is not None else None
        return WatchTimeoutError(
            f"{len(pending)} model(s) still unfinished at the deadline ({self.config.deadline} s)",
            deadline=self.config.deadline if self.config.deadline is not None else math.inf,
            pending=pending,
        )

    def _observe(self, answer: ChunkAnswer) -> list[WatchEvent | Ending]:
        tracker, chunk, now, observed_at = (
            self.tracker,
            answer.chunk,
            answer.now,
            answer.observed_at,
        )
        schedule, kept = self._next, answer.chunk.raw
        events: list[WatchEvent | Ending] = []
        for model in chunk.models:
            model_id = model.id
            if model_id not in schedule:  # not watched, finished, or its Ending not settled
                continue
            if not is_terminal(model):  # it goes on, whatever the reducer makes of it
                events.extend(tracker.observe_one(model, observed_at))
                schedule[model_id] = now + self._delay(model)
                continue
            del schedule[model_id]
            raw = kept.get(model_id)
            if raw is not None and isinstance(model, TrainingSnapshot):
                self._ending.add(model_id)
                events.append(Ending(model_id, raw[0], raw[1], now, observed_at))
            else:  # a full Model: it ends here
                events.extend(tracker.observe_one(model, observed_at))
        # A model whose id could not be read may be any of the missing ones: none is gone.
        if all(item.model_id is not None for item in chunk.invalid):
            events.extend(tracker.observe_missing(chunk.missing_ids, observed_at))
        events.extend(_unreadable(item, observed_at) for item in chunk.invalid)
        # Asked and not observed: gone (finished), or polled again soon.
        unread = [item.model_id for item in chunk.invalid if item.model_id is not None]
        for model_id in (*chunk.missing_ids, *unread):
            if model_id in schedule:
                if tracker.is_active(model_id):
                    schedule[model_id] = now + self.config.min_interval
                else:
                    del schedule[model_id]
        return events

    def _delay(self, model: Observed) -> float:
        config = self.config
        low, high = config.min_interval, config.max_interval
        delay = next_poll_delay(model, min_interval=low, max_interval=high)
        delay *= 1 + config.jitter * (2 * self._rng() - 1)
        # Run for every model of every tick: comparisons, not min() and max() calls.
        return low if delay < low else high if delay > high else delay

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


def _unreadable(item: InvalidModel, observed_at: float) -> SnapshotUnreadable:
    return SnapshotUnreadable(
        observed_at=observed_at, model_id=item.model_id, index=item.index, error=item.error
    )
