"""The watch machine: what a watch does next, decided with no I/O; its options and events.

`WatchCore` is the one record of the watched ids: each one's training state (the reducer's,
training.py) and, while it is polled, its next poll moment; and it holds the queue of events to
emit, the backoff, the timeout and the error policy. The loop (`TrainingWatch`, watch.py) asks
it `next_step(now)` and does what it answers: `Emit(event)`, `Sleep(until)`, `Poll(chunks)`
(one get-bulk each, each answer given back to `take` as it comes and `tick_over` once all
came), `AwaitAnswers(until)` while they come, `Cut` when the watch's deadline or its error
policy ends it before they all came, or `End` (stop, or raise); an event already queued it
takes with `queued_event()`, which needs no clock.

Scheduling rules (`WatchCore`)
------------------------------
1. Every watched, unfinished id has a window for its next poll: from when it may be polled to
   when it must be (schedule.py); an added id's is open and due at once.
2. A tick comes when the first window is due. It polls every id whose window is open and due
   within `min_interval / 2`, so ids due at about the same time share requests instead of
   costing one tick each; then it fills its last request's room with other open windows,
   the soonest due first, among those due within `max_gap`: a request that goes out anyway
   carries them for nothing. A window opens `min_interval / 2` after a poll (at the
   predicted end, for an end poll), so no model is polled twice within that but when nudged
   or added.
3. The due ids go out in chunks of `chunk_size`, one get-bulk each: ceil(due / chunk_size)
   requests per tick, at most `max_concurrency` of them in flight at once (bulk_core.py's
   defaults, shared with bulk fetches), each bounded by `poll_timeout`. The events of each
   answer are queued as it comes; the next tick starts once every request of this one
   answered or failed. They go in the order they were added, but for those
   last seen in `running-train`, which go first: the trainings that may have ended share as
   few requests as they can (see rule 9).
4. After a poll, a model that goes on gets its next window by schedule.py's rules: its end
   poll from the end the server predicts, never before, to at most `min_interval / 2` after
   it; every `max_gap` while in training, so that a failure part-way is seen within it; in
   the queue, paced by the drain the watch observes, within [`max_gap`, `max_interval`].
   `nudge(ids)` opens watched ids' windows and makes them due within `NUDGE_DELAY`: nudges
   that come that close together share one tick.
5. An id a successful get-bulk did not return is `Gone` ("missing"). A model in the answer
   that does not decode is reported as `SnapshotUnreadable` (its index, id and the JSON path
   of the problem), is not `Gone`, and is polled again `min_interval` later; when its id is
   unreadable too, no id of that request is taken for gone this tick. Terminal and gone ids
   leave the schedule; the watch is done when none is left (unless `stop_when_done=False`,
   which keeps an idle watch open for `add` until its timeout or until the caller leaves).
   An id added again after its training ended is watched afresh, as a new one.
6. Each failed request (a `poll_timeout` that ran out included) is reported as it fails, as
   a `PollFailed` event for its ids, and given to the error policy: "retry", "stop" or
   "raise" (the default retries transient errors, as retry.py defines them: connection,
   timeout, 408, 429, 5xx; and raises any other). On retry the whole loop waits one shared
   backoff, the longest its tick's failures ask for: the server's `Retry-After` when it sent
   one, else retry.py's `backoff` for the n-th consecutive failed tick (one draw per tick),
   from `min_interval` up to `max_interval`, jittered down by up to `jitter`; either way kept
   within [min_interval, max_interval]. A tick without failure resets n. The ids of a failed
   request stay due. On "stop" or "raise", the tick's requests still in flight are cut.
   This is the one retrying layer of a poll: the watch sends its get-bulk requests with
   `max_retries=0`, since its next tick asks again anyway.
7. The timeout (seconds from the first use of the watch; `None` for none) ends the watch
   with `WatchTimeoutError`, carrying the last snapshot of every unfinished model. Its
   deadline also cuts short a tick in flight (`Cut`); chunks that already answered are still
   folded in.
8. Every event queued is emitted before what was decided (stop, raise, timeout) takes
   effect: no observation made is dropped.
9. Each model is read as a `TrainingSnapshot` (training.py says why). One polled with a
   terminal status leaves the schedule at once, and its events wait in the queue as an
   `_Ending`: its index and bytes. Its full `Model` is decoded when the queue comes to it,
   and folded (the stage it reached, then its terminal event); bytes that do not decode as
   a `Model` make it `SnapshotUnreadable`, polled again `min_interval` after that poll, as
   in rule 5.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, TypedDict

import msgspec

from .bulk_core import BulkChunk, checked_id, invalid_model
from .bulk_options import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENCY, check_limits
from .errors import APIError, APIStatusError, ValidationError, WatchTimeoutError
from .json_decoding import decode_json, decoder_for
from .retry import backoff, is_transient, server_delay
from .schedule import DEFAULT_MAX_GAP, PollSchedule, QueueDrain
from .training import (
    Observed,
    TrainingEvent,
    TrainingState,
    is_terminal,
    reduce,
    reduce_gone,
)
from .types import InvalidModel, Model, TrainingSnapshot
from .types.ids import ModelIds, checked_not_str

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_POLL_TIMEOUT",
    "MIN_POLL_TIMEOUT",
    "NUDGE_DELAY",
    "AwaitAnswers",
    "ChunkAnswer",
    "Cut",
    "Emit",
    "End",
    "ErrorAction",
    "ErrorPolicy",
    "Poll",
    "PollFailed",
    "PollOptions",
    "Sleep",
    "SnapshotUnreadable",
    "Step",
    "WatchConfig",
    "WatchCore",
    "WatchEvent",
    "WatchOptions",
    "WatchStats",
    "default_error_policy",
    "timed_out",
]

NUDGE_DELAY: Final = 0.25
"""Seconds within which a nudged model is polled: nudges that close together share a tick."""

DEFAULT_TIMEOUT: Final = 7200.0
"""Seconds a watch or wait runs by default: longer than a training, shorter than forever."""

MIN_POLL_TIMEOUT: Final = 10.0
MAX_POLL_TIMEOUT: Final = 60.0
"""The bounds of a watch's default `poll_timeout` (`WatchConfig.request_timeout`)."""

ErrorAction: TypeAlias = Literal["retry", "stop", "raise"]
ErrorPolicy: TypeAlias = Callable[[APIError, int], ErrorAction]
"""Called with a failed request's error and the count of consecutive failed ticks (from 1)."""


def default_error_policy(error: APIError, failures: int) -> ErrorAction:
    """Retry transient errors for as long as the timeout allows; raise any other."""
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
    max_gap: float | None
    jitter: float
    poll_timeout: float | None
    error_policy: ErrorPolicy
    project_id: str | None


class WatchOptions(PollOptions, total=False):
    """Every keyword argument of `WatchConfig`, as `client.models.watch` takes them."""

    chunk_size: int
    max_concurrency: int
    timeout: float | None
    stop_when_done: bool


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """A watch's options, their defaults and their checks (made when the watch is built).

    `chunk_size` ids per get-bulk request, at most `max_concurrency` requests at once;
    `min_interval`/`max_interval` bound each model's poll interval (seconds), `max_gap` is the
    longest between two polls of a model in training but deep in a queue (None: 2.75 s, kept
    within the other two), `jitter` shortens them by up to its share; `poll_timeout` bounds
    each get-bulk request (None: `4 * max_gap` within [10, 60] s); `timeout` seconds from the
    first use (None: none); `error_policy` decides on failed requests;
    `stop_when_done=False` keeps an idle watch open for `add`; `project_id` is sent with every
    request.
    """

    chunk_size: int = DEFAULT_CHUNK_SIZE
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    min_interval: float = 2.0
    max_interval: float = 60.0
    max_gap: float | None = None
    jitter: float = 0.1
    poll_timeout: float | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    stop_when_done: bool = True
    error_policy: ErrorPolicy = default_error_policy
    project_id: str | None = None

    def __post_init__(self) -> None:
        check_limits(self.chunk_size, self.max_concurrency)
        if not 0 < self.min_interval <= self.max_interval < math.inf:
            raise ValidationError(
                "min_interval", "need 0 < min_interval <= max_interval < infinity"
            )
        gap = self.max_gap
        if gap is not None and not self.min_interval <= gap <= self.max_interval:
            raise ValidationError(
                "max_gap", "need min_interval <= max_gap <= max_interval, or None"
            )
        if not 0 <= self.jitter < 1:
            raise ValidationError("jitter", "must be in [0, 1)")
        for name in ("poll_timeout", "timeout"):
            seconds = getattr(self, name)
            if seconds is not None and not 0 < seconds < math.inf:
                raise ValidationError(name, "must be a positive number of seconds, or None")

    @property
    def gap(self) -> float:
        """`max_gap`, or its default kept within [`min_interval`, `max_interval`]."""
        if self.max_gap is not None:
            return self.max_gap
        return min(max(DEFAULT_MAX_GAP, self.min_interval), self.max_interval)

    @property
    def request_timeout(self) -> float:
        """`poll_timeout`, or its default: four gaps, within [10, 60] s.

        A poll is due every gap: a request that has not answered in four of them is taken for
        lost, reported and asked again, rather than holding its models' events for the
        client's 60 s; and never under 10 s, which a slow but working server may need for 100
        full models.
        """
        if self.poll_timeout is not None:
            return self.poll_timeout
        return min(max(4 * self.gap, MIN_POLL_TIMEOUT), MAX_POLL_TIMEOUT)


# --------------------------------------------------------------------------------------------
# Steps: what the machine asks of the loop


# The steps are Structs rather than dataclasses: one is made for every event a watch emits,
# and a frozen dataclass takes several times as long to make.
class Sleep(msgspec.Struct, frozen=True, gc=False):
    until: float


class Poll(msgspec.Struct, frozen=True, gc=False):
    chunks: tuple[tuple[str, ...], ...]


class Emit(msgspec.Struct, frozen=True, gc=False):
    event: WatchEvent


class AwaitAnswers(msgspec.Struct, frozen=True, gc=False):
    """Requests of the tick in flight have not answered: wait for one, until `until` (the
    watch's deadline)."""

    until: float


class Cut(msgspec.Struct, frozen=True, gc=False):
    """The tick in flight is not waited for (the watch's deadline passed, or its error policy
    said "stop" or "raise"): stop its requests; the machine has taken the tick for over."""


class End(msgspec.Struct, frozen=True):
    """The watch is over: it raises `raises`, else its iteration stops (`stopped_by`: the
    error on which the error policy stopped it, if it did)."""

    raises: WatchTimeoutError | APIError | None = None
    stopped_by: APIError | None = None


Step: TypeAlias = Sleep | Poll | Emit | AwaitAnswers | Cut | End


@dataclass(frozen=True, slots=True)
class ChunkAnswer:
    """What one get-bulk of a tick gave, and when (`now` on the watch's clock, wall time)."""

    chunk: BulkChunk[Observed]
    """Its models as `TrainingSnapshot`s, and in full (`Model`) those whose training ended."""
    now: float
    observed_at: float


@dataclass(frozen=True, slots=True)
class _Ending:
    """A model polled with a terminal status, its events not made yet (rule 9).

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
    nudged: int = 0
    """Nudges of watched ids still polled, each made due (an id nudged twice counts twice)."""
    ignored_nudges: int = 0
    """Nudges of ids not watched, or whose training already ended: nothing to poll."""


_END = End()
_CUT = Cut()


class WatchCore:
    """The watch machine, with no I/O: the scheduling rules in the module docstring.

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
        self.stats: WatchStats = WatchStats()
        self.deadline: float = math.inf
        """The moment the watch times out (infinity: never, or not started yet)."""
        self._rng = rng
        self._schedule = PollSchedule(
            min_interval=config.min_interval,
            max_gap=config.gap,
            max_interval=config.max_interval,
            jitter=config.jitter,
        )
        self._drain = QueueDrain()
        # The one record of the watched ids, finished or not: what the reducer keeps of each.
        self._states: dict[str, TrainingState] = {}
        # The schedule: the window of each polled id's next poll (schedule.py), from when it
        # may come (`_opens`) to when it must (`_due`). An id leaves both when its training
        # ended, and while its `_Ending` waits in the queue.
        self._opens: dict[str, float] = {}
        self._due: dict[str, float] = {}
        self._queue: deque[WatchEvent | _Ending] = deque()
        self._end: End | None = None
        # The tick in flight: whether one is, its jitter draw, whether a request of it failed
        # and the draw of its backoff.
        self._in_flight = False
        self._draw = 0.0
        self._tick_failed = False
        self._backoff_draw = 0.0
        self._over = False
        self._failures = 0
        self._not_before = -math.inf
        self._started = False
        self.add(model_ids)

    def start(self, now: float) -> None:
        """Start the timeout's count; later calls change nothing."""
        if not self._started:
            self._started = True
            if self.config.timeout is not None:
                self.deadline = now + self.config.timeout

    def add(self, model_ids: ModelIds) -> None:
        """Watch these ids too, due at once. An id still watched is kept as it is; one whose
        training ended in this watch is watched afresh, from its state at its next poll, so
        that a new training of it ends with a terminal event of its own.

        Each id is checked first (`ValidationError` naming it), so none is added on a bad one.
        """
        checked_not_str(model_ids, "model_ids")
        checked = [checked_id(model_id, index) for index, model_id in enumerate(model_ids)]
        states = self._states
        for model_id in checked:
            state = states.get(model_id)
            if state is None or state.finished:
                states[model_id] = TrainingState(model_id=model_id)
                self._opens[model_id] = self._due[model_id] = -math.inf

    def remove(self, model_ids: ModelIds) -> None:
        """Stop watching these ids: no more polls and no more events for them, not even those
        of a poll already answered."""
        checked_not_str(model_ids, "model_ids")
        removed = frozenset(model_ids)
        for model_id in removed:
            self._states.pop(model_id, None)
            self._opens.pop(model_id, None)
            self._due.pop(model_id, None)
            self._drain.forget(model_id)
        self._queue = deque(
            e for e in self._queue if isinstance(e, PollFailed) or e.model_id not in removed
        )

    def nudge(self, model_ids: ModelIds, now: float) -> None:
        """Poll these ids within `NUDGE_DELAY`: something says their training moved.

        An id not watched, or whose training already ended, is ignored and counted in
        `stats.ignored_nudges`; a nudge never makes a poll later than it was due.
        """
        checked_not_str(model_ids, "model_ids")
        schedule, stats = self._due, self.stats
        soon = now + NUDGE_DELAY
        for model_id in model_ids:
            due = schedule.get(model_id)
            if due is None:
                stats.ignored_nudges += 1
                continue
            stats.nudged += 1
            self._opens[model_id] = -math.inf
            if due > soon:
                schedule[model_id] = soon

    def close(self) -> None:
        """End the watch: nothing more is emitted and nothing is kept of its queue."""
        self._over = True
        self._queue.clear()
        self._end = None

    @property
    def unfinished(self) -> int:
        """How many watched ids have no terminal event yet."""
        return sum(not state.finished for state in self._states.values())

    @property
    def unfinished_ids(self) -> frozenset[str]:
        """Watched ids without a terminal event yet."""
        return frozenset(model_id for model_id, state in self._states.items() if not state.finished)

    def state(self, model_id: str) -> TrainingState | None:
        """What the reducer keeps for `model_id` (`.model`: its last snapshot), if watched."""
        return self._states.get(model_id)

    def queued_event(self) -> WatchEvent | None:
        """The next event, if one is queued as it is: what `next_step` would `Emit`, taken
        without a clock. Most steps of a watch are these: a tick's answers queue its events."""
        queue = self._queue
        if queue and not self._over:
            head = queue[0]
            if not isinstance(head, _Ending):
                queue.popleft()
                return head
        return None

    def next_step(self, now: float) -> Step:
        """What the loop does next: emit an event, end, sleep until a moment, or poll."""
        if self._over:
            return _END
        queue = self._queue
        while queue:
            item = queue.popleft()
            if not isinstance(item, _Ending):
                return Emit(item)
            queue.extendleft(reversed(self._settle(item)))
        if self._in_flight:
            if now < self.deadline and self._end is None:
                return AwaitAnswers(self.deadline)
            # The watch is over: what the tick's other requests would say is not waited for.
            self.tick_over()
            return _CUT
        if self._end is not None:
            return self._finish(self._end)
        self.start(now)
        schedule = self._due
        wake = min(schedule.values(), default=math.inf)
        # With no event queued, every unfinished id is scheduled: none is left when none is.
        if wake == math.inf and self.config.stop_when_done:
            return self._finish(_END)
        if now >= self.deadline:
            return self._finish(End(self._timeout_error()) if wake < math.inf else _END)
        wake = max(wake, self._not_before)
        if wake > now:
            return Sleep(min(wake, self.deadline))
        size = self.config.chunk_size
        opens, horizon = self._opens, now + self.config.min_interval / 2
        due = [i for i, at in schedule.items() if at <= horizon and opens[i] <= now]
        room = -len(due) % size
        if room:  # the last request carries the open windows due soonest, for nothing
            reach = now + self.config.gap
            soon = (
                (at, i) for i, at in schedule.items() if horizon < at <= reach and opens[i] <= now
            )
            due += [i for _, i in heapq.nsmallest(room, soon)]
        if len(due) > size:
            # Trainings that may have ended go out first, together: an answer holding one is
            # read a second time for its bytes (rule 9), so the fewer answers hold them the
            # better. A stable sort: the rest keep the order they were added in.
            states = self._states
            due.sort(key=lambda model_id: states[model_id].stage != "running-train")
        # The ids are the record's keys: checked when added, and each once.
        chunks = tuple(tuple(due[start : start + size]) for start in range(0, len(due), size))
        self.stats.ticks += 1
        self.stats.requests += len(chunks)
        self.stats.polled += len(due)
        self.stats.last_due = len(due)
        self._in_flight = True
        self._draw = self._rng()  # one jitter for the tick: its models keep sharing ticks
        return Poll(chunks)

    def take(self, answer: ChunkAnswer) -> None:
        """One answer of the tick in flight: its events, or its failure's (rule 6), are queued
        at once, for the loop to emit while the tick's other requests go on."""
        if self._over:  # closed while the tick was in flight
            return
        error = answer.chunk.error
        if error is None:
            self._queue.extend(self._observe(answer))
            return
        if not self._tick_failed:  # the tick's first failure: one more failed tick
            self._tick_failed = True
            self._failures += 1
            self._backoff_draw = self._rng()
        self.stats.failed_requests += 1
        action = self.config.error_policy(error, self._failures)
        retry_in = None
        if action == "retry":
            retry_in = self._backoff(answer, error)
            self._not_before = max(self._not_before, answer.now + retry_in)
        self._queue.append(
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
        # The strongest action wins: one "raise" outweighs any number of "retry" or "stop".
        if action == "raise" and (self._end is None or self._end.raises is None):
            self._end = End(error)
        elif action == "stop" and self._end is None:
            self._end = End(stopped_by=error)

    def tick_over(self) -> None:
        """Every request of the tick in flight answered, or was cut: the tick's end."""
        self._in_flight = False
        failed, self._tick_failed = self._tick_failed, False
        if self._over:
            return
        if self._drain.settle():
            self._bring_queued_forward()
        if not failed:
            self._failures = 0

    def _bring_queued_forward(self) -> None:
        """The queue drains faster than seen so far: poll queued models by the new rate."""
        schedule, opens, half = self._due, self._opens, self.config.min_interval / 2
        for model_id, polled, due in self._drain.expected_waits(self._schedule):
            if due < schedule.get(model_id, -math.inf):
                schedule[model_id], opens[model_id] = due, polled + half

    def _poll_again(self, model_id: str, polled: float) -> None:
        """Poll `model_id` again `min_interval` after it was polled at `polled`."""
        self._opens[model_id] = polled + self.config.min_interval / 2
        self._due[model_id] = polled + self.config.min_interval

    def _finish(self, end: End) -> End:
        self._over = True
        return end

    def _settle(self, ending: _Ending) -> list[WatchEvent]:
        """The events of a model that ended: its full `Model` decoded from its bytes and folded
        (the stage it reached, then its terminal event). If those bytes do not decode as a
        `Model`, it is `SnapshotUnreadable` and polled again `min_interval` after its poll.
        """
        # Still watched: `remove` takes the `_Ending`s of the ids it removes out of the queue.
        model_id = ending.model_id
        try:
            model: Model = decode_json(ending.raw, decoder_for(Model))
        except msgspec.DecodeError as error:
            self._poll_again(model_id, ending.now)
            return [_unreadable(invalid_model(ending.index, ending.raw, error), ending.observed_at)]
        self._states[model_id], events = reduce(self._states[model_id], model, ending.observed_at)
        return list(events)

    def _timeout_error(self) -> WatchTimeoutError:
        timeout = math.inf if self.config.timeout is None else self.config.timeout
        return timed_out(self._states.values(), timeout)

    def _observe(self, answer: ChunkAnswer) -> list[WatchEvent | _Ending]:
        chunk, now, observed_at = answer.chunk, answer.now, answer.observed_at
        states, schedule, kept, drain = self._states, self._due, chunk.raw, self._drain
        opens, window, rate, draw = self._opens, self._schedule.window, self._drain.rate, self._draw
        events: list[WatchEvent | _Ending] = []
        for model in chunk.models:
            model_id = model.id
            if model_id not in schedule:  # not watched, or not polled
                continue
            if not is_terminal(model):  # it goes on, whatever the reducer makes of it
                states[model_id], folded = reduce(states[model_id], model, observed_at)
                events.extend(folded)
                progress = model.training_progress
                drain.observe(model_id, now, None if progress is None else progress.position)
                opens[model_id], schedule[model_id] = window(model, now, rate, draw)
                continue
            del schedule[model_id], opens[model_id]
            drain.forget(model_id)
            raw = kept.get(model_id)
            if raw is not None and isinstance(model, TrainingSnapshot):
                events.append(_Ending(model_id, raw[0], raw[1], now, observed_at))
            else:  # a full Model: it ends here
                states[model_id], folded = reduce(states[model_id], model, observed_at)
                events.extend(folded)
        # A model whose id could not be read may be any of the missing ones: none is gone.
        gone = all(item.model_id is not None for item in chunk.invalid)
        for model_id in chunk.missing_ids:
            if model_id not in schedule:
                continue
            if gone:
                states[model_id], folded = reduce_gone(states[model_id], observed_at, "missing")
                events.extend(folded)
                del schedule[model_id], opens[model_id]
                drain.forget(model_id)
            else:
                self._poll_again(model_id, now)
        for item in chunk.invalid:
            events.append(_unreadable(item, observed_at))
            if item.model_id is not None and item.model_id in schedule:
                self._poll_again(item.model_id, now)
        return events

    def _backoff(self, answer: ChunkAnswer, error: APIError) -> float:
        """The wait before the next tick after `error`: the server's, else the tick's backoff."""
        delay = (
            server_delay(error.headers, answer.observed_at)
            if isinstance(error, APIStatusError)
            else None
        )
        config = self.config
        low, high = config.min_interval, config.max_interval
        if delay is None:
            draw = self._backoff_draw
            delay = backoff(self._failures, first=low, cap=high, jitter=config.jitter, draw=draw)
        # A server asking for 0 s (or a date past) would make the watch poll in a tight loop,
        # one asking for an hour would stall it for the hour.
        return min(max(delay, low), high)


def timed_out(states: Iterable[TrainingState], timeout: float) -> WatchTimeoutError:
    """The error of a watch or wait whose `timeout` ran out: the last snapshot of each model
    among `states` still unfinished."""
    pending = {state.model_id: state.model for state in states if not state.finished}
    return WatchTimeoutError(
        f"{len(pending)} model(s) still unfinished after the watch's timeout ({timeout} s)",
        timeout=timeout,
        pending=pending,
    )


def _unreadable(item: InvalidModel, observed_at: float) -> SnapshotUnreadable:
    return SnapshotUnreadable(
        observed_at=observed_at, model_id=item.model_id, index=item.index, error=item.error
    )
