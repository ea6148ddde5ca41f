"""Get-bulk for any number of ids: chunked, concurrent, in ask order, nothing silently lost.

    result = await client.models.get_bulk(model_ids=ids)      # every model, at once
    async with client.models.stream_bulk(ids) as chunks:      # chunk by chunk, as they come
        async for chunk in chunks:
            ...

Design
------
The pure core, with no I/O (property-tested):
- `Chunker` / `plan_chunks`: each id checked, repeats dropped (the first ask wins), the rest cut
  into consecutive chunks of at most `chunk_size`: ceil(unique ids / chunk_size) chunks, one
  get-bulk request each.
- `decode_chunk`: one response body into models and invalid items. The whole body goes through
  the typed decoder first (one pass: the fast path); only when that fails is it read again as
  `{"models": [raw, ...]}` and each model decoded alone, so a bad model costs its own place
  (reported with its index, id and JSON path) and not its response's.
- `order_chunk`: a chunk's models in the order its ids were asked, and the ids it did not
  return. Every id asked is then in exactly one of `models`, `missing_ids` and `invalid`.
- `merge`: chunks in plan order into one `ModelGetBulkResult`, and the failed ones apart.

The loop (`BulkStream`), on anyio's structured concurrency:
- A producer task reads the ids lazily, and before it starts a chunk's fetch task it takes one
  of `max_concurrency` slots.
- A fetch sends its request through the client (retry policy, rate limit, events and deadline
  per call), decodes it, and hands the chunk over through a zero-buffer memory stream; it gives
  its slot back only once the consumer has taken the chunk. So at most `max_concurrency`
  chunks are in flight or waiting to be taken, however many ids come in, and a slow consumer
  slows the requests down instead of growing a buffer.
- A request that failed after the client's retries is a chunk with `error` set; the other
  chunks go on. An exception while reading the ids (a bad id, the caller's iterator failing)
  stops the reading: the chunks already started are still delivered, then the consumer gets
  that exception. Any other exception in a fetch (missing credentials, a bug) cancels the
  fetches in flight. Either way the consumer gets the exception itself, not an
  ExceptionGroup.
- Leaving the `async with` cancels what is in flight and returns once every task has ended.

`get_bulk` validates everything first, then collects the same stream and puts the chunks back
in plan order.
"""

from __future__ import annotations

import functools
import inspect
import operator
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import anyio
import msgspec
from anyio.abc import TaskGroup
from anyio.streams.memory import MemoryObjectSendStream
from msgspec import UnsetType

from . import ops
from ._produced import Produced
from .calls import Call
from .codec import check_view, decode, decoder_for, projected
from .errors import APIError, ValidationError
from .ops._build import RequestOptions
from .types import InvalidModel, Model, ModelGetBulkResponseOf, ModelGetBulkResult
from .validation import is_count, split_error

if TYPE_CHECKING:
    from .client import AsyncScenario

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MAX_CONCURRENCY",
    "BulkChunk",
    "BulkFetchError",
    "BulkStream",
    "ChunkFailure",
    "Chunker",
    "GetBulkOptions",
    "decode_chunk",
    "fetch_chunk",
    "get_bulk",
    "id_reader",
    "merge",
    "order_chunk",
    "plan_chunks",
    "stream_bulk",
]

M = TypeVar("M")

DEFAULT_CHUNK_SIZE = 100
DEFAULT_MAX_CONCURRENCY = 8


class GetBulkOptions(RequestOptions, total=False):
    """The official SDK's get-bulk parameters besides `model_ids`, sent with every chunk."""

    original_assets: bool
    project_id: str
    all_training_images: bool
    minimal: bool
    settings: bool
    thumbnail: bool
    training_images_preview: bool


@dataclass(frozen=True, slots=True)
class BulkChunk(Generic[M]):
    """What one get-bulk request gave for the ids it asked.

    `models` are in the order of `model_ids` (then any the server returned unasked),
    `missing_ids` the ids it did not return, `invalid` the models that did not decode.
    `error` is set when the request failed after the client's retries; nothing else is then.
    """

    model_ids: tuple[str, ...]
    models: list[M] = field(default_factory=list)
    missing_ids: list[str] = field(default_factory=list)
    invalid: list[InvalidModel] = field(default_factory=list)
    error: APIError | None = None


@dataclass(frozen=True, slots=True)
class ChunkFailure:
    """A get-bulk request that failed after its retries, and the ids it asked for."""

    model_ids: tuple[str, ...]
    error: APIError


class BulkFetchError(APIError):
    """Some get-bulk requests failed after their retries; every other one finished first.

    `result` holds what the requests that succeeded returned, `failures` each failed request's
    ids and error, so no id is silently lost. An `APIError`, as a single failed request is.
    """

    def __init__(
        self, message: str, *, result: ModelGetBulkResult[Any], failures: list[ChunkFailure]
    ) -> None:
        first = failures[0].error
        super().__init__(message, method=first.method, path=first.path)
        self.result = result
        self.failures = failures


# --------------------------------------------------------------------------------------------
# The pure core


def check_limits(chunk_size: object, max_concurrency: object) -> None:
    for name, value in (("chunk_size", chunk_size), ("max_concurrency", max_concurrency)):
        if not is_count(value, 1):
            raise ValidationError(name, f"must be an integer of at least 1, got {value!r}")


def check_arguments(
    options: GetBulkOptions, into: object, chunk_size: object, max_concurrency: object
) -> type[msgspec.Struct]:
    """What every get-bulk form checks before any request; the type models decode into."""
    # One call built now, so that bad options fail here rather than in the first request.
    ops.models.get_bulk(model_ids=[], **options)
    check_limits(chunk_size, max_concurrency)
    item_type = Model if into is None else check_view(into)
    id_reader(item_type)
    return item_type


def check_ids_source(model_ids: object) -> None:
    """`model_ids` must give ids one by one: one string is a common slip, refused."""
    if isinstance(model_ids, str | bytes | bytearray):
        raise ValidationError("model_ids", "must be a collection of ids, not one string")
    if not isinstance(model_ids, Iterable | AsyncIterable):
        raise ValidationError("model_ids", f"must be ids, got {type(model_ids).__name__}")


class Chunker:
    """Ids in, chunks out: each id checked, repeats dropped, at most `chunk_size` per chunk."""

    def __init__(self, chunk_size: int) -> None:
        self._size = chunk_size
        self._seen: set[str] = set()
        self._pending: list[str] = []
        self._read = 0

    def add(self, model_id: object) -> tuple[str, ...] | None:
        """Take the next id; a chunk when it completes one."""
        if not isinstance(model_id, str) or not model_id:
            raise ValidationError(f"model_ids[{self._read}]", "must be a non-empty string")
        self._read += 1
        if model_id in self._seen:
            return None
        self._seen.add(model_id)
        self._pending.append(model_id)
        if len(self._pending) < self._size:
            return None
        return self.flush()

    def flush(self) -> tuple[str, ...] | None:
        """The ids taken since the last chunk, if any, as a chunk."""
        chunk, self._pending = tuple(self._pending), []
        return chunk or None


def plan_chunks(model_ids: Sequence[str], chunk_size: int) -> list[tuple[str, ...]]:
    """The chunks `model_ids` is fetched in: ceil(unique ids / chunk_size) of them."""
    if not isinstance(model_ids, Sequence):
        raise ValidationError(
            "model_ids",
            f"must be a sequence of ids, got {type(model_ids).__name__} "
            "(stream_bulk reads any iterable)",
        )
    check_ids_source(model_ids)
    chunker = Chunker(chunk_size)
    chunks = [chunk for model_id in model_ids if (chunk := chunker.add(model_id))]
    last = chunker.flush()
    return [*chunks, last] if last else chunks


@functools.cache
def id_reader(item_type: type[msgspec.Struct]) -> Callable[[Any], str]:
    """How to read the id of a model decoded as `item_type` (`Model` or a caller's view)."""
    for struct_field in msgspec.structs.fields(item_type):
        if struct_field.encode_name == "id":
            return operator.attrgetter(struct_field.name)
    raise ValidationError(
        "into", "needs a field for the model's `id`: it is how models are matched to the ids asked"
    )


class _ModelId(msgspec.Struct):
    id: str


def _readable_id(raw: msgspec.Raw) -> str | None:
    try:
        model_id: str = decoder_for(_ModelId).decode(raw).id
    except msgspec.ValidationError:
        return None
    return model_id


def decode_chunk(
    call: Call[Any], status: int, body: bytes, item_type: type[msgspec.Struct]
) -> tuple[list[Any], list[InvalidModel]]:
    """A get-bulk body's models (decoded as `item_type`) and the ones that did not decode.

    Raises `APIResponseDecodeError` when the body is not a `{"models": [...]}` JSON object.
    """
    # Typed as Any for the decoder cache: classes are hashable, whatever their instances are.
    envelope: Any = call.response_type
    view: Any = item_type
    try:
        return decoder_for(envelope).decode(body).models, []
    except msgspec.DecodeError:
        pass  # read again below, model by model, to keep the good ones
    items = decode(call, status, body, into=ModelGetBulkResponseOf[msgspec.Raw]).models
    item_decoder = decoder_for(view)
    models: list[Any] = []
    invalid: list[InvalidModel] = []
    for index, raw in enumerate(items):
        try:
            models.append(item_decoder.decode(raw))
        except msgspec.ValidationError as exc:
            rule, path = split_error(str(exc))
            invalid.append(
                InvalidModel(
                    index=index,
                    model_id=_readable_id(raw),
                    error=f"{rule} at $.models[{index}]{path}",
                    raw=raw,
                )
            )
    return models, invalid


def order_chunk(
    model_ids: tuple[str, ...],
    models: Iterable[M],
    invalid: list[InvalidModel],
    id_of: Callable[[M], str],
) -> BulkChunk[M]:
    """The chunk of `model_ids` from what its response held: models in ask order, then any the
    server returned unasked; an id returned twice counts once."""
    asked = set(model_ids)
    found: dict[str, M] = {}
    unasked: list[M] = []
    for model in models:
        model_id = id_of(model)
        if model_id in asked:
            found.setdefault(model_id, model)
        else:
            unasked.append(model)
    returned_invalid = {item.model_id for item in invalid}
    return BulkChunk(
        model_ids,
        models=[found[model_id] for model_id in model_ids if model_id in found] + unasked,
        missing_ids=[
            model_id
            for model_id in model_ids
            if model_id not in found and model_id not in returned_invalid
        ],
        invalid=invalid,
    )


def merge(chunks: Iterable[BulkChunk[M]]) -> tuple[ModelGetBulkResult[M], list[ChunkFailure]]:
    """Chunks, in the order given, as one result; the failed ones apart."""
    result: ModelGetBulkResult[M] = ModelGetBulkResult(models=[])
    failures: list[ChunkFailure] = []
    for chunk in chunks:
        if chunk.error is not None:
            failures.append(ChunkFailure(chunk.model_ids, chunk.error))
            continue
        result.models.extend(chunk.models)
        result.missing_ids.extend(chunk.missing_ids)
        result.invalid.extend(chunk.invalid)
    return result, failures


# --------------------------------------------------------------------------------------------
# The loop


async def fetch_chunk(
    client: AsyncScenario,
    call: Call[Any],
    model_ids: tuple[str, ...],
    item_type: type[msgspec.Struct],
) -> BulkChunk[Any]:
    """Send one get-bulk call through the client; a failure is the chunk's `error`."""
    try:
        response = await client.send_raw(call)
        models, invalid = decode_chunk(call, response.status_code, response.content, item_type)
    except APIError as error:
        return BulkChunk(model_ids, error=error)
    return order_chunk(model_ids, models, invalid, id_reader(item_type))


class BulkStream(Generic[M]):
    """The chunks of a get-bulk fetch as they complete (completion order, not ask order).

    Use it as `async with client.models.stream_bulk(ids) as chunks: async for chunk in chunks`;
    see the module docstring for what it holds in memory and how it ends. An async generator
    given as `model_ids` is closed when the stream ends.
    """

    def __init__(
        self,
        client: AsyncScenario,
        chunks: AsyncGenerator[tuple[str, ...], None],
        *,
        max_concurrency: int,
        into: type[M] | None,
        item_type: type[msgspec.Struct],
        options: GetBulkOptions,
    ) -> None:
        """Fetch `chunks`, already checked, as `check_arguments` found them (`item_type`)."""
        self._client = client
        self._chunks = chunks
        self._max_concurrency = max_concurrency
        self._into = into
        self._item_type = item_type
        self._options = options
        self._produced: Produced[BulkChunk[M]] = Produced(buffer=0)

    async def __aenter__(self) -> Self:
        await self._produced.start(self._produce)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._produced.stop(exc)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> BulkChunk[M]:
        if not self._produced.started:
            raise RuntimeError(
                "iterate a bulk stream inside `async with client.models.stream_bulk(ids) as chunks`"
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
            call = projected(
                ops.models.get_bulk(model_ids=list(model_ids), **self._options), self._into
            )
            await send.send(await fetch_chunk(self._client, call, model_ids, self._item_type))
        except Exception as error:  # reported to the consumer, not into a task group
            self._produced.fail(error)
            fetches.cancel_scope.cancel()
        finally:
            slots.release()


def stream_bulk(
    client: AsyncScenario,
    model_ids: Iterable[str] | AsyncIterable[str],
    *,
    chunk_size: int,
    max_concurrency: int,
    into: type[M] | None,
    options: GetBulkOptions,
) -> BulkStream[M]:
    """The chunks of `model_ids` as they complete; see `ModelsResource.stream_bulk`."""
    item_type = check_arguments(options, into, chunk_size, max_concurrency)
    check_ids_source(model_ids)
    return BulkStream(
        client,
        _chunks(model_ids, chunk_size),
        max_concurrency=max_concurrency,
        into=into,
        item_type=item_type,
        options=options,
    )


async def _planned(chunks: Iterable[tuple[str, ...]]) -> AsyncGenerator[tuple[str, ...], None]:
    for chunk in chunks:
        yield chunk


async def _chunks(
    model_ids: Iterable[str] | AsyncIterable[str], chunk_size: int
) -> AsyncGenerator[tuple[str, ...], None]:
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
    client: AsyncScenario,
    model_ids: Sequence[str] | UnsetType,
    *,
    chunk_size: int,
    max_concurrency: int,
    into: type[M] | None,
    options: GetBulkOptions,
) -> ModelGetBulkResult[M]:
    """Every model of `model_ids`; see `ModelsResource.get_bulk`."""
    item_type = check_arguments(options, into, chunk_size, max_concurrency)
    if isinstance(model_ids, UnsetType):
        # No ids: the official SDK's request as it sends it, and whatever the server answers.
        call = projected(ops.models.get_bulk(**options), into)
        chunks = [await fetch_chunk(client, call, (), item_type)]
    else:
        # Every id checked and chunked here, before any request; the stream fetches this plan.
        plan = plan_chunks(model_ids, chunk_size)
        stream: BulkStream[M] = BulkStream(
            client,
            _planned(plan),
            max_concurrency=max_concurrency,
            into=into,
            item_type=item_type,
            options=options,
        )
        order = {chunk: index for index, chunk in enumerate(plan)}
        async with stream:
            chunks = sorted([chunk async for chunk in stream], key=lambda c: order[c.model_ids])
    result, failures = merge(chunks)
    if failures:
        lost = sum(len(failure.model_ids) for failure in failures)
        raise BulkFetchError(
            f"{len(failures)} of {len(chunks)} get-bulk requests failed, {lost} ids not fetched; "
            f"first error: {failures[0].error}",
            result=result,
            failures=failures,
        ) from failures[0].error
    return result
