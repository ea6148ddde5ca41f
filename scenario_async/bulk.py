"""Get-bulk for any number of ids: chunked, concurrent, in ask order, nothing silently lost.

    result = await client.models.get_bulk(model_ids=ids)      # every model, at once
    async with client.models.stream_bulk(ids) as chunks:      # chunk by chunk, as they come
        async for chunk in chunks:
            ...

Design
------
The decisions (chunk plans, ordering, merging) are the pure core in bulk_core.py, and the
decoding is json_decoding.py's. This module is the loop (`ChunkIterator`), on anyio's
structured concurrency, written against a `Sender` (the client, or a fake):
- A producer task reads the ids lazily, and before it starts a chunk's fetch task it takes one
  of `max_concurrency` slots.
- A fetch sends its request through the sender (for the client: retry policy, rate limit,
  events and deadline), decodes it, and hands the chunk over through a zero-buffer
  anyio memory object stream; it gives its slot back only once the consumer has taken the
  chunk. So at most `max_concurrency` chunks are in flight or waiting to be taken, however many
  ids come in, and a slow consumer slows the requests down instead of growing a buffer.
- A request that failed after the client's retries is a chunk with `error` set; the other
  chunks go on. An exception while reading the ids (a bad id, the caller's iterator failing)
  stops the reading: the chunks already started are still delivered, then the consumer gets
  that exception. Any other exception in a fetch (missing credentials, a bug) cancels the
  fetches in flight. Either way the consumer gets the exception itself, not an
  ExceptionGroup.
- Leaving the `async with` cancels what is in flight and returns once every task has ended.

`get_bulk` validates everything first, then collects the same iterator and puts the chunks back
in plan order. Its timeout bounds it whole: every chunk's call counts its timeout from the
get_bulk's start (`Call.timeout_from`), so once the total has passed the requests in flight
end, no other goes out, and each chunk not fetched fails with `APITimeoutError` (never sent:
`request_sent=False`) rather than being dropped. A stream's chunks count each from its own
request: its consumer sets its pace, so the stream has no deadline of its own.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Iterable
from typing import Any, Generic, Self, TypeVar, Unpack

import anyio
import msgspec
from anyio.abc import TaskGroup
from anyio.streams.memory import MemoryObjectSendStream
from msgspec import UnsetType

from ._produced import Produced
from .bulk_core import (
    BulkChunk,
    Chunker,
    check_arguments,
    check_ids_source,
    decode_chunk,
    id_reader,
    merged,
    order_chunk,
    plan_chunks,
)
from .bulk_options import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENCY, GetBulkOptions
from .calls import Call
from .errors import APIError
from .json_decoding import raw_models_of
from .ops.chunks import ChunkCalls, chunk_call
from .sending import Sender
from .types import ModelGetBulkResult
from .types.ids import IdSource, SequenceNotStr

__all__ = ["ChunkIterator", "fetch_chunk", "get_bulk", "stream_bulk"]

M = TypeVar("M")


async def fetch_chunk(
    sender: Sender,
    call: Call[Any],
    model_ids: tuple[str, ...],
    item_type: type[msgspec.Struct],
    keep_raw: Callable[[Any], bool] | None = None,
) -> BulkChunk[Any]:
    """Send one get-bulk call; a failure after the sender's retries is the chunk's `error`.

    The models are decoded as `item_type`; those `keep_raw` selects keep their bytes too.
    """
    id_of = id_reader(item_type)
    try:
        response = await sender.send_raw(call)
        body = response.content
        decoded = decode_chunk(call, response.status_code, response.headers, body, item_type)
        raw = None if keep_raw is None else raw_models_of(body, decoded, keep_raw, id_of)
    except APIError as error:
        return BulkChunk(model_ids, error=error)
    return order_chunk(model_ids, *decoded, id_of, raw)


class ChunkIterator(Generic[M]):
    """The chunks of a get-bulk fetch as they complete (completion order, not ask order).

    Use it as `async with client.models.stream_bulk(ids) as chunks: async for chunk in chunks`;
    see the module docstring for what it holds in memory and how it ends. An async generator
    given as `model_ids` is closed when the iterator ends.
    """

    def __init__(
        self,
        sender: Sender,
        chunks: AsyncGenerator[tuple[str, ...], None],
        *,
        max_concurrency: int,
        into: type[M] | None,
        item_type: type[msgspec.Struct],
        options: GetBulkOptions,
        timeout_from: float | None = None,
    ) -> None:
        """Fetch `chunks`, already checked, as `check_arguments` found them (`item_type`); each
        chunk's timeout counted from `timeout_from` (None: from its own request)."""
        self._sender = sender
        self._chunks = chunks
        self._max_concurrency = max_concurrency
        self._item_type = item_type
        self._calls = ChunkCalls(options, into, timeout_from)
        self._produced: Produced[BulkChunk[M]] = Produced(buffer=0)

    async def __aenter__(self) -> Self:
        await self._produced.start(self._produce)
        return self

    async def __aexit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        await self._produced.stop(exc)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> BulkChunk[M]:
        if not self._produced.started:
            raise RuntimeError(
                "iterate the chunks inside `async with client.models.stream_bulk(ids) as chunks`"
            )
        return await self._produced.receive()

    async def _produce(self, send: MemoryObjectSendStream[BulkChunk[M]]) -> None:
        slots = anyio.Semaphore(self._max_concurrency)
        chunks = self._chunks
        # Exiting the task group waits for every fetch; only then is `send` closed.
        async with send, anyio.create_task_group() as fetches:
            try:
                async for chunk in chunks:
                    await slots.acquire()
                    fetches.start_soon(self._fetch, chunk, send, slots, fetches)
            except Exception as error:  # a bad id or a failing iterator: reported last
                self._produced.fail(error)
            finally:
                with anyio.CancelScope(shield=True):
                    await chunks.aclose()

    async def _fetch(
        self,
        model_ids: tuple[str, ...],
        send: MemoryObjectSendStream[BulkChunk[M]],
        slots: anyio.Semaphore,
        fetches: TaskGroup,
    ) -> None:
        try:
            call = self._calls(model_ids)
            await send.send(await fetch_chunk(self._sender, call, model_ids, self._item_type))
        except Exception as error:  # reported to the consumer, not into a task group
            self._produced.fail(error)
            fetches.cancel_scope.cancel()
        finally:
            slots.release()


def stream_bulk(
    sender: Sender,
    model_ids: IdSource,
    *,
    into: type[M] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    **options: Unpack[GetBulkOptions],
) -> ChunkIterator[M]:
    """The chunks of `model_ids` as they complete; see `ModelsResource.stream_bulk`."""
    item_type = check_arguments(options, into, chunk_size, max_concurrency)
    check_ids_source(model_ids)
    return ChunkIterator(
        sender,
        _chunks(model_ids, chunk_size),
        max_concurrency=max_concurrency,
        into=into,
        item_type=item_type,
        options=options,
    )


async def _planned(chunks: Iterable[tuple[str, ...]]) -> AsyncGenerator[tuple[str, ...], None]:
    for chunk in chunks:
        yield chunk


async def _chunks(model_ids: IdSource, chunk_size: int) -> AsyncGenerator[tuple[str, ...], None]:
    """The chunks of `model_ids`, read as they are needed from an iterable or an async one."""
    chunker = Chunker(chunk_size)
    try:
        if isinstance(model_ids, AsyncIterable):
            async for model_id in model_ids:
                if chunk := chunker.add(model_id):
                    yield chunk
        else:
            for model_id in model_ids:
                if chunk := chunker.add(model_id):
                    yield chunk
        if last := chunker.flush():
            yield last
    finally:
        if inspect.isasyncgen(model_ids):
            await model_ids.aclose()


async def get_bulk(
    sender: Sender,
    *,
    model_ids: SequenceNotStr[str] | UnsetType = msgspec.UNSET,
    into: type[M] | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    **options: Unpack[GetBulkOptions],
) -> ModelGetBulkResult[M]:
    """Every model of `model_ids`; see `ModelsResource.get_bulk`."""
    started = time.monotonic()
    item_type = check_arguments(options, into, chunk_size, max_concurrency)
    if isinstance(model_ids, UnsetType):
        # No ids: the official SDK's request as it sends it, and whatever the server answers.
        call = chunk_call(model_ids, options, into)
        return merged([await fetch_chunk(sender, call, (), item_type)])
    # Every id checked and chunked here, before any request; the iterator fetches this plan.
    plan = plan_chunks(model_ids, chunk_size)
    chunks: ChunkIterator[M] = ChunkIterator(
        sender,
        _planned(plan),
        max_concurrency=max_concurrency,
        into=into,
        item_type=item_type,
        options=options,
        timeout_from=started,
    )
    order = {chunk: index for index, chunk in enumerate(plan)}
    async with chunks:
        done = sorted([chunk async for chunk in chunks], key=lambda c: order[c.model_ids])
    return merged(done)
