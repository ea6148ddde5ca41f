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
- `WatchCore` (watch_core.py) is pure: the scheduling rules, the shared backoff, the deadline
  and the error policy, over the training tracker (training.py).
- `TrainingWatch` does the I/O: it reads and sleeps on anyio's clock, sends one get-bulk per
  chunk through its `Sender`, concurrently, in a task group opened and closed within one
  `__anext__` call (nothing yields from inside it), and hands the chunks back to the core,
  with the wall-clock time each answer came (the events' `observed_at`).

Each answer is decoded as it comes: every model as a small `TrainingSnapshot`, and the bytes
kept of those that ended, so a tick holds a few hundred bytes per model and the JSON of the
models that ended; each of those is decoded in full as its event is taken (`Ending`,
watch_core.py).

The client runs each get-bulk with its own retry policy first; a client built with
`max_retries=0` leaves every retry decision to the watch.
"""

from __future__ import annotations

import math
import time
from collections import deque
from typing import Self, Unpack

import anyio
from msgspec import UNSET

from . import ops
from .bulk import fetch_chunk
from .bulk_core import GetBulkOptions
from .errors import (
    APIError,
    ModelGoneError,
    TrainingCanceledError,
    TrainingFailedError,
)
from .ops.chunks import ChunkCalls
from .sending import Sender
from .training import Canceled, Failed, Gone, Trained, TrainingState, is_terminal
from .types import Model, TrainingParameters, TrainingParametersDict, TrainingSnapshot
from .types.ids import ModelIds
from .watch_core import (
    DEFAULT_DEADLINE,
    ChunkAnswer,
    Done,
    Ending,
    Poll,
    PollFailed,
    PollOptions,
    Sleep,
    TimedOut,
    WatchConfig,
    WatchCore,
    WatchEvent,
    WatchOptions,
    WatchStats,
)

__all__ = ["TrainingWatch", "train_and_wait", "wait_for_training"]


class TrainingWatch:
    """An async iterator of training events for many models; see the module docstring.

    Use it as `async with client.models.watch(ids) as events: async for event in events`.
    `add(ids)` and `remove(ids)` change the watched set while it runs; `stats` counts ticks
    and requests. Events are `TrainingEvent`s (training.py) and `PollFailed`.
    """

    def __init__(
        self, sender: Sender, model_ids: ModelIds, **options: Unpack[WatchOptions]
    ) -> None:
        self._sender = sender
        self._core = WatchCore(model_ids, WatchConfig(**options))
        project_id = self._core.config.project_id
        request: GetBulkOptions = {} if project_id is None else {"project_id": project_id}
        self._calls = ChunkCalls(request, TrainingSnapshot)
        self._buffer: deque[WatchEvent | Ending] = deque()
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
        return self._core.unfinished_ids

    def state(self, model_id: str) -> TrainingState | None:
        """What the reducer keeps for `model_id` (`.model`: its last snapshot), if watched."""
        return self._core.tracker.state(model_id)

    def add(self, model_ids: ModelIds) -> None:
        """Watch more ids; they are polled at the next tick, which a sleeping watch starts now."""
        self._core.add(model_ids)
        self._wake()

    def remove(self, model_ids: ModelIds) -> None:
        """Stop watching these ids: no more events for them, not even those already polled."""
        removed = self._core.remove(model_ids)
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

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> WatchEvent:
        if self._busy:
            raise RuntimeError("this watch is already being iterated by another task")
        # Most events are taken from the buffer as they are: no need to go further for those.
        buffer = self._buffer
        if buffer and not isinstance(event := buffer[0], Ending):
            buffer.popleft()
            return event
        self._busy = True
        try:
            return await self._next_event()
        finally:
            self._busy = False

    async def _next_event(self) -> WatchEvent:
        core = self._core
        while True:
            if self._buffer:
                event = self._buffer.popleft()
                if not isinstance(event, Ending):
                    return event
                # Decoded in full only now, so that a tick holds the bytes of the models
                # that ended, not their far larger decoded form.
                self._buffer.extendleft(reversed(core.settle(event)))
                continue
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
        answers: list[ChunkAnswer | None] = [None] * len(chunks)
        unexpected: list[Exception] = []
        planned = iter(enumerate(chunks))

        # `max_concurrency` workers take the chunks in turn: a task per request in flight
        # rather than one per chunk, which at thousands of models is most of a tick's tasks.
        async def fetch() -> None:
            for index, model_ids in planned:
                try:
                    call = self._calls(model_ids)
                    chunk = await fetch_chunk(
                        self._sender, call, model_ids, TrainingSnapshot, is_terminal
                    )
                except Exception as error:  # raised below as itself, not in an ExceptionGroup
                    unexpected.append(error)
                    return
                answers[index] = ChunkAnswer(chunk, anyio.current_time(), time.time())

        deadline = self._core.deadline_at
        with anyio.CancelScope(deadline=math.inf if deadline is None else deadline):
            async with anyio.create_task_group() as group:
                for _ in range(min(self._core.config.max_concurrency, len(chunks))):
                    group.start_soon(fetch)
        if unexpected:
            raise unexpected[0]
        if self._closed:  # closed by another task while this tick was in flight
            return
        tick = self._core.complete_tick([a for a in answers if a is not None])
        self._buffer.extend(tick.events)
        match tick.action:
            case "stop":
                self.stopped_by = tick.error
                self._end = StopAsyncIteration()
            case "raise":
                self._end = tick.error
            case "retry" | None:
                pass


# --------------------------------------------------------------------------------------------
# Waiters


async def wait_for_training(
    sender: Sender,
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
    watch = TrainingWatch(sender, [model_id], chunk_size=1, deadline=timeout, **options)
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
                case _:  # the progress on the way to the end: a wait returns only the end
                    pass
    # Without its terminal event, a one-model watch ends only when its policy stopped it.
    assert watch.stopped_by is not None
    raise watch.stopped_by


async def train_and_wait(
    sender: Sender,
    model_id: str,
    *,
    parameters: TrainingParameters | TrainingParametersDict | None = None,
    timeout: float | None = DEFAULT_DEADLINE,  # noqa: ASYNC109 (as for wait_for_training)
    **options: Unpack[PollOptions],
) -> Model:
    """Trigger the training of `model_id`, then `wait_for_training` it."""
    project_id = options.get("project_id")
    await sender.send(
        ops.train.trigger(
            model_id,
            parameters=UNSET if parameters is None else parameters,
            project_id=UNSET if project_id is None else project_id,
        )
    )
    return await wait_for_training(sender, model_id, timeout=timeout, **options)
