"""The watch loop: does what the watch machine asks (emit, sleep, poll, end), over a `Sender`.

    async with client.models.watch(model_ids) as events:
        async for event in events:
            ...

Design
------
Pull-based, with no background task between ticks. The watch polls only inside `__anext__`,
when its consumer asks for the next event, and the machine does not ask for a poll before
every event of the last tick was taken. A slow consumer therefore slows the polling down
instead of growing a queue (at most one tick of events is held), and leaving the `async with`
(or `break`, or a cancel scope around the loop) leaves nothing behind: no task, no request in
flight, no queue.

Every decision is the machine's (`WatchCore`, watch_core.py, pure): which ids, when, what an
answer means, which events go out, when it ends. `TrainingWatch` does the I/O: it reads and
sleeps on anyio's clock (waking when an answer comes, or when `add`, `remove` or `nudge`
change what is due), sends one get-bulk per chunk through its `Sender`, at most
`max_concurrency` at once, each bounded by the watch's `poll_timeout`, and gives each answer
to the machine as it comes, with the wall-clock time it came (the events' `observed_at`).

Inside `async with`, a tick's requests run in a task group the block opened, so that the
events of each answer are taken while the tick's other requests go on: one request that hangs
holds no other model's events, and is reported as `PollFailed` for its own ids once its
timeout runs out. The group is only ever cancelled a tick at a time (`aclose`, the watch's
deadline), and leaving the block waits for it. Iterated without `async with` (and under
`wait_for_training`, whose calls take turns at the watch), a tick's requests run within one
`__anext__`, and their events come once every one of them answered or timed out.

Each answer is decoded as it comes: every model as a small `TrainingSnapshot`, and the bytes
kept of those that ended, so a tick holds a few hundred bytes per model and the JSON of the
models that ended; each of those is decoded in full as its event is taken.

The requests go out with `max_retries=0`: the machine retries a failed poll at its next tick,
after its backoff, and reports each failed tick as `PollFailed` (one retrying layer, not the
client's retries under the watch's).
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, Unpack

import anyio
from anyio.abc import TaskGroup
from msgspec import UNSET

from . import ops
from .bulk import fetch_chunk
from .bulk_options import GetBulkOptions
from .errors import (
    APIError,
    ModelGoneError,
    TrainingCanceledError,
    TrainingError,
    TrainingFailedError,
)
from .ops.chunks import ChunkCalls
from .sending import Sender
from .training import Canceled, Failed, Gone, Trained, TrainingState, is_terminal
from .types import Model, TrainingParameters, TrainingParametersDict, TrainingSnapshot
from .types.ids import ModelIds
from .watch_core import (
    DEFAULT_TIMEOUT,
    AwaitAnswers,
    ChunkAnswer,
    Cut,
    Emit,
    End,
    Poll,
    PollOptions,
    Sleep,
    WatchConfig,
    WatchCore,
    WatchEvent,
    WatchOptions,
    WatchStats,
    timed_out,
)

__all__ = ["SharedWaits", "TrainingWatch", "train_and_wait", "wait_for_training"]


class TrainingWatch:
    """An async iterator of training events for many models; see the module docstring.

    Use it as `async with client.models.watch(ids) as events: async for event in events`.
    `add(ids)` and `remove(ids)` change the watched set while it runs; `stats` counts ticks
    and requests. Events are `TrainingEvent`s (training.py), `PollFailed` and
    `SnapshotUnreadable`.
    """

    def __init__(
        self, sender: Sender, model_ids: ModelIds, **options: Unpack[WatchOptions]
    ) -> None:
        self._sender = sender
        self._machine = WatchCore(model_ids, WatchConfig(**options))
        config = self._machine.config
        request: GetBulkOptions = {"max_retries": 0, "timeout": config.request_timeout}
        if config.project_id is not None:
            request["project_id"] = config.project_id
        self._calls = ChunkCalls(request, TrainingSnapshot)
        self._busy = False
        self._wakeup: anyio.Event | None = None
        self._host: TaskGroup | None = None
        self._tick: anyio.CancelScope | None = None
        """The scope of the tick in flight, if one is."""
        self._unexpected: Exception | None = None
        self.stopped_by: APIError | None = None
        """The error on which the error policy stopped the watch, if it did."""

    @property
    def stats(self) -> WatchStats:
        return self._machine.stats

    @property
    def active_ids(self) -> frozenset[str]:
        """Watched ids without a terminal event yet."""
        return self._machine.unfinished_ids

    def state(self, model_id: str) -> TrainingState | None:
        """What the reducer keeps for `model_id` (`.model`: its last snapshot), if watched."""
        return self._machine.state(model_id)

    def add(self, model_ids: ModelIds) -> None:
        """Watch more ids; they are polled at the next tick, which a sleeping watch starts now."""
        self._machine.add(model_ids)
        self._wake()

    def remove(self, model_ids: ModelIds) -> None:
        """Stop watching these ids: no more events for them, not even those already polled."""
        self._machine.remove(model_ids)
        self._wake()

    def nudge(self, model_ids: ModelIds) -> None:
        """Poll these ids now: within `NUDGE_DELAY` (0.25 s), nudges that close together
        sharing one tick. For any push source: a webhook delivery, a queue, a UI.

        What the poll answers stays the truth: a nudge only brings a poll forward. Ids not
        watched, or whose training already ended, are ignored and counted in
        `stats.ignored_nudges`. Call it from the watch's event loop, not another thread.
        """
        self._machine.nudge(model_ids, anyio.current_time())
        self._wake()

    async def aclose(self) -> None:
        """End the watch: iteration stops, a tick in flight is cut, nothing is kept.
        Idempotent."""
        self._machine.close()
        if self._tick is not None:
            self._tick.cancel()
        self._wake()

    async def __aenter__(self) -> Self:
        self._machine.start(anyio.current_time())
        # Inside the block the watch's requests run in this task group, so that each answer's
        # events are taken as it comes while the tick's other requests go on. The block's own
        # code runs inside it too; the group is never cancelled as a whole, only a tick.
        host = anyio.create_task_group()
        await host.__aenter__()
        self._host = host
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
        host, self._host = self._host, None
        if host is None:
            return
        # A cancellation is the group's business (its scope may be the one cancelled); any
        # other exception of the block goes on as itself, not in an ExceptionGroup: the group's
        # tasks never raise, and the tick's are cut already.
        if isinstance(exc, anyio.get_cancelled_exc_class()):
            await host.__aexit__(exc_type, exc, tb)
        else:
            await host.__aexit__(None, None, None)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> WatchEvent:
        if self._busy:
            raise RuntimeError("this watch is already being iterated by another task")
        event = self._machine.queued_event()
        if event is not None:
            return event
        self._busy = True
        try:
            machine = self._machine
            while True:
                if self._unexpected is not None:
                    error, self._unexpected = self._unexpected, None
                    raise error
                match machine.next_step(anyio.current_time()):
                    case Emit(event=event):
                        return event
                    case Sleep(until=until) | AwaitAnswers(until=until):
                        await self._sleep(until)
                    case Poll(chunks=chunks):
                        await self._poll(chunks)
                    case Cut():
                        if self._tick is not None:
                            self._tick.cancel()
                    case End(raises=raises, stopped_by=stopped_by):
                        if stopped_by is not None:
                            self.stopped_by = stopped_by
                        if raises is not None:
                            raise raises
                        raise StopAsyncIteration
        finally:
            self._busy = False

    async def _sleep(self, until: float) -> None:
        """Sleep until `until`, or until an answer, `add`, `remove` or `aclose` changes what
        is due."""
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
        """Send the tick's requests: in the watch's task group when it has one (`async with`),
        their events taken while the others go on; else here, the tick over when it returns."""
        tick = self._tick = anyio.CancelScope(deadline=self._machine.deadline)
        if self._host is not None:
            self._host.start_soon(self._run_tick, chunks, tick)
        else:
            await self._run_tick(chunks, tick)

    async def _run_tick(self, chunks: tuple[tuple[str, ...], ...], tick: anyio.CancelScope) -> None:
        with tick:
            await self._fetch(chunks)
        # A tick cut short (`Cut`, `aclose`, the deadline) is over for the machine already, or
        # will be at its next step.
        if not tick.cancel_called:
            self._machine.tick_over()
        if self._tick is tick:
            self._tick = None
        self._wake()

    async def _fetch(self, chunks: tuple[tuple[str, ...], ...]) -> None:
        """One get-bulk per chunk, each answer given to the machine as it comes, with the time
        it came; an exception that is not a failed request cuts the tick and is raised by the
        next `__anext__`, as itself."""
        planned = iter(chunks)

        # `max_concurrency` workers take the chunks in turn: a task per request in flight
        # rather than one per chunk, which at thousands of models is most of a tick's tasks.
        async def fetch() -> None:
            for model_ids in planned:
                try:
                    call = self._calls(model_ids)
                    chunk = await fetch_chunk(
                        self._sender, call, model_ids, TrainingSnapshot, is_terminal
                    )
                    # In here too: `take` runs the caller's error policy.
                    self._machine.take(ChunkAnswer(chunk, anyio.current_time(), time.time()))
                    self._wake()
                except Exception as error:  # raised by `__anext__`, not in an ExceptionGroup
                    self._unexpected = self._unexpected or error
                    group.cancel_scope.cancel()
                    return

        async with anyio.create_task_group() as group:
            for _ in range(min(self._machine.config.max_concurrency, len(chunks))):
                group.start_soon(fetch)


# --------------------------------------------------------------------------------------------
# Waiters


async def wait_for_training(
    sender: Sender,
    model_id: str,
    *,
    # A parameter rather than the caller's `fail_after`: the default is finite, and the error
    # at the timeout carries the last snapshot, which a cancellation cannot.
    timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    **options: Unpack[PollOptions],
) -> Model:
    """The final `Model` once `model_id` is trained.

    Raises `TrainingFailedError`, `TrainingCanceledError` or `ModelGoneError` when the
    training ends otherwise, `WatchTimeoutError` after `timeout` seconds (None: no limit),
    each carrying the last snapshot; and the request error when the error policy says
    "raise" or "stop" (a wait has no result to return without the model's ending).

    The waits of one `sender` with the same options share one watch (`SharedWaits`): waiting
    for many models at once costs one get-bulk per chunk of them per tick, as one watch would.
    """
    checked = WatchConfig(timeout=timeout, **options)  # refused here, before any wait
    key = tuple(sorted(options.items()))
    waits = _SHARED_WAITS.setdefault(sender, {})
    shared = waits.get(key)
    if shared is None:
        shared = waits[key] = SharedWaits(sender, options, lambda: waits.pop(key, None))
    return await shared.wait(model_id, checked.timeout)


# Per sender, then per set of poll options: the watch their waits share. Weak, so a client
# that is dropped takes its waits' state with it.
_SHARED_WAITS: weakref.WeakKeyDictionary[Sender, dict[object, SharedWaits]] = (
    weakref.WeakKeyDictionary()
)


class _Waiter:
    """One `wait_for_training` call: its outcome once its model's training ended."""

    __slots__ = ("outcome", "wakeup")

    def __init__(self) -> None:
        self.outcome: Model | Exception | None = None
        self.wakeup = anyio.Event()


class SharedWaits:
    """Concurrent `wait_for_training` calls with the same options: one watch for them all.

    No task runs in the background: one of the waiting calls at a time, the lead, pulls the
    watch's events and settles the waits whose models ended; when its own model ended (or it
    was cancelled, or timed out), it hands the lead to another waiting call. A model's id
    leaves the watch as soon as its training ended or no call waits for it any more, so a
    later wait for the same model watches it afresh. A poll error that ends the watch (the
    error policy's "raise" or "stop") ends every wait with that error; the next wait starts a
    new watch.
    """

    def __init__(self, sender: Sender, options: PollOptions, on_idle: Callable[[], object]):
        self._watch = TrainingWatch(sender, [], stop_when_done=False, timeout=None, **options)
        self._waiters: dict[str, list[_Waiter]] = {}
        self._leading = False
        self._on_idle = on_idle

    async def wait(self, model_id: str, timeout: float | None) -> Model:  # noqa: ASYNC109
        """The final `Model` of `model_id`, or its error (as `wait_for_training`)."""
        if model_id not in self._waiters:
            self._watch.add([model_id])  # checks the id first
        waiter = _Waiter()
        self._waiters.setdefault(model_id, []).append(waiter)
        try:
            with anyio.move_on_after(math.inf if timeout is None else timeout):
                while waiter.outcome is None:
                    if self._leading:
                        await waiter.wakeup.wait()
                        waiter.wakeup = anyio.Event()
                    else:
                        await self._lead(waiter)
            if waiter.outcome is None:
                state = self._watch.state(model_id) or TrainingState(model_id=model_id)
                raise timed_out([state], math.inf if timeout is None else timeout)
        finally:
            self._leave(model_id, waiter)
        if isinstance(waiter.outcome, Exception):
            raise waiter.outcome
        return waiter.outcome

    async def _lead(self, mine: _Waiter) -> None:
        """Pull the watch's events until `mine` has its outcome, settling every wait's."""
        self._leading = True
        try:
            while mine.outcome is None:
                try:
                    event = await self._watch.__anext__()
                except StopAsyncIteration:  # the error policy said "stop"
                    assert self._watch.stopped_by is not None  # it never ends otherwise
                    self._end_all(self._watch.stopped_by)
                    return
                except APIError as error:  # the error policy said "raise"
                    self._end_all(error)
                    return
                ended = _ending(event)
                if ended is not None:
                    self._settle(*ended)
        finally:
            self._leading = False
            self._hand_over()

    def _settle(self, model_id: str, outcome: Model | Exception) -> None:
        self._watch.remove([model_id])
        for waiter in self._waiters.pop(model_id, []):
            waiter.outcome = outcome
            waiter.wakeup.set()

    def _end_all(self, error: APIError) -> None:
        self._on_idle()  # a new wait starts a new watch: this one is over
        for model_id in list(self._waiters):
            self._settle(model_id, error)

    def _hand_over(self) -> None:
        """Wake one call still waiting, to take the lead (or find another already took it)."""
        for waiters in self._waiters.values():
            for waiter in waiters:
                if not waiter.wakeup.is_set():
                    waiter.wakeup.set()
                    return

    def _leave(self, model_id: str, waiter: _Waiter) -> None:
        waiters = self._waiters.get(model_id)
        if waiters is not None and waiter in waiters:
            waiters.remove(waiter)
            if not waiters:
                del self._waiters[model_id]
                self._watch.remove([model_id])
        if not self._leading:
            # This call may have been woken to take the lead just as it left: pass it on.
            self._hand_over()
        if not self._waiters:
            self._on_idle()


def _ending(event: WatchEvent) -> tuple[str, Model | TrainingError[Any]] | None:
    """The model a terminal event ends, and what a wait for it ends with."""
    match event:
        case Trained(model_id=model_id, model=model):
            return model_id, model
        case Failed(model_id=model_id, model=model):
            message = f"training of {model_id} failed"
            return model_id, TrainingFailedError(message, model_id=model_id, model=model)
        case Canceled(model_id=model_id, model=model):
            message = f"training of {model_id} was canceled"
            return model_id, TrainingCanceledError(message, model_id=model_id, model=model)
        case Gone(model_id=model_id, model=model, reason=reason):
            message = f"model {model_id} is gone ({reason})"
            return model_id, ModelGoneError(message, model_id=model_id, model=model, reason=reason)
        case _:  # the progress on the way to the end: a wait returns only the end
            return None


async def train_and_wait(
    sender: Sender,
    model_id: str,
    *,
    parameters: TrainingParameters | TrainingParametersDict | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109 (as for wait_for_training)
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
