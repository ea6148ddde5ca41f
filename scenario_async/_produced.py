"""A producer task feeding a caller's `async for`, its lifetime bound to the caller's `async with`.

The chunk iterator and the page iterator both work this way. The task group is entered in `start`
and left in `stop`, both from the caller's task (its `__aenter__` and `__aexit__`), so nothing
yields from inside a task group, and leaving the block cancels the producer and waits for it.
The producer never raises into the task group: it hands its error to `fail`, and the caller
gets it as itself, after the items sent before it, instead of an ExceptionGroup.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

import anyio
from anyio.abc import TaskGroup
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

__all__ = ["Produced"]

T = TypeVar("T")


class Produced(Generic[T]):
    """Items from a producer task; `buffer` of them may wait beyond the one it is sending."""

    def __init__(self, buffer: int) -> None:
        self._buffer = buffer
        self._group: TaskGroup | None = None
        self._receive: MemoryObjectReceiveStream[T] | None = None
        self._error: Exception | None = None

    @property
    def started(self) -> bool:
        return self._group is not None

    async def start(
        self, produce: Callable[[MemoryObjectSendStream[T]], Coroutine[Any, Any, None]]
    ) -> None:
        """Run `produce(send)` in a task until it closes `send` or `stop` is called."""
        if self._group is not None:
            raise RuntimeError("this stream can be entered only once")
        send, self._receive = anyio.create_memory_object_stream[T](self._buffer)
        self._group = anyio.create_task_group()
        await self._group.__aenter__()
        self._group.start_soon(produce, send)

    async def stop(self, exc: BaseException | None) -> None:
        """Cancel the producer and wait for it; `exc` is what is leaving the caller's block."""
        if self._group is None or self._receive is None:
            return
        self._group.cancel_scope.cancel()
        self._receive.close()
        # The caller's own exception goes on as itself, not wrapped in an ExceptionGroup; a
        # cancellation from outside is the task group's to handle.
        if isinstance(exc, anyio.get_cancelled_exc_class()):
            await self._group.__aexit__(type(exc), exc, exc.__traceback__)
        else:
            await self._group.__aexit__(None, None, None)

    def fail(self, error: Exception) -> None:
        """End the stream with `error` once the items already sent are taken (first one wins)."""
        if self._error is None:
            self._error = error

    async def receive(self) -> T:
        """The next item; once the producer is done, its error or `StopAsyncIteration`."""
        assert self._receive is not None, "start() first"
        try:
            return await self._receive.receive()
        except anyio.EndOfStream:
            pass
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        raise StopAsyncIteration
