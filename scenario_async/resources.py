"""Thin async namespaces mirroring the official SDK: `client.models.<op>` and sub-namespaces.

Each operation is declared once, from its pure builder. Calling it builds the `Call` and
sends it; `.raw(...)` returns the response as received; `.build(...)` returns the `Call`
itself without sending anything. Operations whose response holds models also take
`into=MyView` (a caller's msgspec Struct), which decodes each model into it instead of `Model`.

Pagination: a bare `async for` over `client.models.list(...)` (or over `.pages()`) fetches each
page when it is asked for, since a plain loop has no exit hook that could stop a request
started ahead of it. Inside `async with ....models()` or `async with ....pages()`, the next
page (`prefetch` pages, default 1) is fetched while the caller works on this one; leaving the
block cancels it. Either way at most `prefetch + 1` pages are held: memory is bounded by the
page size, not by the length of the listing.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterable,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Self, TypeVar, Unpack, overload

import msgspec
from anyio.streams.memory import MemoryObjectSendStream
from msgspec import UNSET, UnsetType

from . import bulk, ops
from ._produced import Produced
from .bulk import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENCY, BulkStream, GetBulkOptions
from .calls import Call
from .codec import projected
from .errors import ValidationError
from .types import (
    Model,
    ModelGetBulkResult,
    ModelListPageOf,
    ModelResponseOf,
    TrainingParameters,
    TrainTriggerResponseOf,
)
from .validation import is_count
from .watch import (
    DEFAULT_DEADLINE,
    PollOptions,
    TrainingWatch,
    WatchOptions,
    train_and_wait,
    wait_for_training,
)

if TYPE_CHECKING:
    from .client import AsyncScenario, RawResponse

__all__ = [
    "BoundOperation",
    "BulkGet",
    "ModelOperation",
    "ModelPaginator",
    "ModelStream",
    "ModelsResource",
    "PageStream",
    "TrainTriggerOperation",
]

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M")
V = TypeVar("V", bound=msgspec.Struct)


class BoundOperation(Generic[P, T]):
    """One operation of one client: call it to send, `.raw` for the raw response."""

    __slots__ = ("_build", "_client")

    def __init__(self, client: AsyncScenario, build: Callable[P, Call[T]]) -> None:
        self._client = client
        self._build = build

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._client.send(self._build(*args, **kwargs))

    async def raw(self, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        return await self._client.send_raw(self._build(*args, **kwargs))

    def build(self, *args: P.args, **kwargs: P.kwargs) -> Call[T]:
        return self._build(*args, **kwargs)


class _ProjectingOperation(BoundOperation[P, T]):
    __slots__ = ()

    async def _send(self, args: Any, kwargs: Any, into: type[msgspec.Struct] | None) -> Any:
        return await self._client.send(projected(self._build(*args, **kwargs), into))


class ModelOperation(_ProjectingOperation[P, T]):
    """An operation answering `{model}`: `into=MyView` decodes the model into your Struct.

    (The projected form is typed loosely, `*args: Any`: a ParamSpec admits no extra keyword.)
    """

    __slots__ = ()

    @overload
    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T: ...
    @overload
    async def __call__(self, *args: Any, into: type[V], **kwargs: Any) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: Any = None, **kwargs: Any) -> Any:
        return await self._send(args, kwargs, into)


class TrainTriggerOperation(_ProjectingOperation[P, T]):
    """`train.trigger`: `into=MyView` decodes the model of its answer into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T: ...
    @overload
    async def __call__(
        self, *args: Any, into: type[V], **kwargs: Any
    ) -> TrainTriggerResponseOf[V]: ...
    async def __call__(self, *args: Any, into: Any = None, **kwargs: Any) -> Any:
        return await self._send(args, kwargs, into)


class _Operation(Generic[P, T]):
    __slots__ = ("_build",)

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any]) -> BoundOperation[P, T]: ...
    def __get__(self, resource: _Resource | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        return BoundOperation(resource._client, self._build)


class _ModelOperation(_Operation[P, T]):
    __slots__ = ()

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any]) -> ModelOperation[P, T]: ...
    def __get__(self, resource: _Resource | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        return ModelOperation(resource._client, self._build)


class _TrainTriggerOperation(_Operation[P, T]):
    __slots__ = ()

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any]) -> TrainTriggerOperation[P, T]: ...
    def __get__(self, resource: _Resource | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        return TrainTriggerOperation(resource._client, self._build)


class _Resource:
    def __init__(self, client: AsyncScenario) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> Any:
        """The official SDK's spelling of `.raw`: `resource.with_raw_response.op(...)`."""
        return _RawView(self)


class _RawView:
    def __init__(self, resource: _Resource) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._resource, name)
        if isinstance(target, BoundOperation | BulkGet):
            return target.raw
        if isinstance(target, _Resource):
            return target.with_raw_response
        raise AttributeError(name)


# --------------------------------------------------------------------------------------------
# Pagination


def _check_prefetch(prefetch: object) -> None:
    if prefetch is not None and not is_count(prefetch, 0):
        raise ValidationError(
            "prefetch", f"must be a non-negative integer or None, got {prefetch!r}"
        )


class ModelPaginator(Generic[M]):
    """The result of `client.models.list(...)`.

    `await` it for the first page (`.models`, `.next_pagination_token`); `async for` over it
    for every model across pages, each page fetched when needed; `.models(prefetch=...)` and
    `.pages(prefetch=...)` to fetch ahead inside `async with` (see the module docstring).
    """

    def __init__(
        self,
        client: AsyncScenario,
        build: Callable[..., Call[Any]],
        args: tuple[Any, ...],
        arguments: dict[str, Any],
        into: type[M] | None,
    ) -> None:
        self._client = client
        self._build = build
        self._args = args
        self._arguments = arguments
        self._into = into
        # Validate now, so bad arguments fail at the call site rather than at iteration.
        self._first = self.call()

    def call(self, pagination_token: str | UnsetType = UNSET) -> Call[ModelListPageOf[M]]:
        """The request for the page after `pagination_token` (the first page: none)."""
        arguments = self._arguments
        if not isinstance(pagination_token, UnsetType):
            arguments = {**arguments, "pagination_token": pagination_token}
        return projected(self._build(*self._args, **arguments), self._into)

    def __await__(self) -> Generator[Any, None, ModelListPageOf[M]]:
        return self._client.send(self._first).__await__()

    def pages(self, *, prefetch: int | None = None) -> PageStream[M]:
        """Every page in order; `prefetch` pages fetched ahead inside `async with` (default 1)."""
        return PageStream(self._client, self, prefetch)

    def models(self, *, prefetch: int | None = None) -> ModelStream[M]:
        """Every model across pages; `prefetch` as for `pages`."""
        return ModelStream(self.pages(prefetch=prefetch))

    def __aiter__(self) -> ModelStream[M]:
        return self.models()


class PageStream(Generic[M]):
    """The pages of a listing, in order; see the module docstring for when it fetches ahead."""

    def __init__(
        self, client: AsyncScenario, paginator: ModelPaginator[M], prefetch: int | None
    ) -> None:
        _check_prefetch(prefetch)
        self._client = client
        self._paginator = paginator
        self._prefetch = prefetch
        self._next: Call[ModelListPageOf[M]] | None = paginator.call()
        self._entered = False
        self._ahead: Produced[ModelListPageOf[M]] | None = None

    async def __aenter__(self) -> Self:
        if self._entered:
            raise RuntimeError("a page stream can be entered only once")
        self._entered = True
        prefetch = 1 if self._prefetch is None else self._prefetch
        if prefetch:
            # The fetcher holds one page while it waits to hand it over and `prefetch - 1` wait
            # in the buffer: it runs at most `prefetch` pages ahead of the caller.
            self._ahead = Produced(buffer=prefetch - 1)
            await self._ahead.start(self._fetch_ahead)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._ahead is not None:
            await self._ahead.stop(exc)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> ModelListPageOf[M]:
        if self._ahead is not None:
            return await self._ahead.receive()
        if self._prefetch and not self._entered:
            raise RuntimeError("prefetching needs `async with`: nothing else could stop it")
        return await self._fetch_next()

    async def _fetch_next(self) -> ModelListPageOf[M]:
        if self._next is None:
            raise StopAsyncIteration
        page = await self._client.send(self._next)
        token = page.next_pagination_token
        self._next = self._paginator.call(token) if token else None
        return page

    async def _fetch_ahead(self, send: MemoryObjectSendStream[ModelListPageOf[M]]) -> None:
        assert self._ahead is not None
        async with send:
            try:
                while True:
                    await send.send(await self._fetch_next())
            except StopAsyncIteration:
                pass
            except Exception as error:  # raised to the caller after the pages before it
                self._ahead.fail(error)


class ModelStream(Generic[M]):
    """Every model of a listing, page after page, holding one page's models at a time."""

    def __init__(self, pages: PageStream[M]) -> None:
        self._pages = pages
        self._models: Iterator[M] = iter(())

    async def __aenter__(self) -> Self:
        await self._pages.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._pages.__aexit__(exc_type, exc, tb)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> M:
        while True:
            for model in self._models:
                return model
            # (An exhausted list iterator lets go of its list: the last page is not kept.)
            self._models = iter((await self._pages.__anext__()).models)


class _ListOperation(Generic[P]):
    """`client.models.list(...)`: a `ModelPaginator`; `into=MyView` decodes each model into it."""

    def __init__(self, client: AsyncScenario, build: Callable[P, Call[Any]]) -> None:
        self._client = client
        self._build = build

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> ModelPaginator[Model]: ...
    @overload
    def __call__(self, *args: Any, into: type[V], **kwargs: Any) -> ModelPaginator[V]: ...
    def __call__(self, *args: Any, into: Any = None, **kwargs: Any) -> Any:
        return ModelPaginator(self._client, self._build, args, kwargs, into)


class _Paginated(Generic[P]):
    def __init__(self, build: Callable[P, Call[Any]]) -> None:
        self._build = build

    def __get__(self, resource: _Resource, owner: type[Any]) -> _ListOperation[P]:
        return _ListOperation(resource._client, self._build)


# --------------------------------------------------------------------------------------------
# Get-bulk


class BulkGet:
    """`client.models.get_bulk`: any number of ids, chunked; `.raw`/`.build`: one request.

    `.raw(...)` and `.build(...)` are the official SDK's single request exactly as it sends
    it, ids and all, with no chunking: the raw form of a response is one response.
    """

    def __init__(self, client: AsyncScenario) -> None:
        single = BoundOperation(client, ops.models.get_bulk)
        self._client = client
        self.raw = single.raw
        self.build = single.build

    @overload
    async def __call__(
        self,
        *,
        model_ids: Sequence[str] | UnsetType = UNSET,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        into: None = None,
        **options: Unpack[GetBulkOptions],
    ) -> ModelGetBulkResult[Model]: ...
    @overload
    async def __call__(
        self,
        *,
        model_ids: Sequence[str] | UnsetType = UNSET,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        into: type[V],
        **options: Unpack[GetBulkOptions],
    ) -> ModelGetBulkResult[V]: ...
    async def __call__(
        self,
        *,
        model_ids: Sequence[str] | UnsetType = UNSET,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        into: type[V] | None = None,
        **options: Unpack[GetBulkOptions],
    ) -> ModelGetBulkResult[Any]:
        """Every model of `model_ids`, however many: one get-bulk per `chunk_size` ids.

        The chunks go out concurrently, at most `max_concurrency` at once, each through the
        client's retry policy, rate limit and per-call deadline. The result's `models` are in
        the order asked (a repeated id is fetched once), `missing_ids` are the ids the server
        did not return, and `invalid` the returned models that did not decode (with index, id
        and JSON path; the others are kept). `into=MyView` decodes each model into your Struct,
        which needs the model's `id`. Without `model_ids`, one request goes out as the SDK
        sends it. If a request fails after its retries, the others still finish, then
        `BulkFetchError` carries their `result` and the `failures`. Arguments are checked
        before any request (`ValidationError` names the one at fault); the other keyword
        arguments are the official SDK's, sent with every chunk.
        """
        return await bulk.get_bulk(
            self._client,
            model_ids,
            chunk_size=chunk_size,
            max_concurrency=max_concurrency,
            into=into,
            options=options,
        )


class DescriptionResource(_Resource):
    retrieve = _Operation(ops.description.retrieve)
    update = _Operation(ops.description.update)


class ExamplesResource(_Resource):
    list = _Operation(ops.examples.list)
    update = _Operation(ops.examples.update)


class TrainResource(_Resource):
    trigger = _TrainTriggerOperation(ops.train.trigger)
    action = _ModelOperation(ops.train.action)


class TrainingImagesResource(_Resource):
    add = _Operation(ops.training_images.add)
    replace_pairs = _Operation(ops.training_images.replace_pairs)
    replace = _Operation(ops.training_images.replace)
    delete = _Operation(ops.training_images.delete)


class ModelsResource(_Resource):
    list = _Paginated(ops.models.list)
    create = _ModelOperation(ops.models.create)
    retrieve = _ModelOperation(ops.models.retrieve)
    update = _ModelOperation(ops.models.update)
    delete = _Operation(ops.models.delete)
    copy = _ModelOperation(ops.models.copy)
    download = _Operation(ops.models.download)
    delete_images = _Operation(ops.models.delete_images)
    update_tags = _Operation(ops.models.update_tags)
    transfer = _ModelOperation(ops.models.transfer)

    @cached_property
    def get_bulk(self) -> BulkGet:
        """Any number of models by id, chunked into concurrent get-bulk requests; see `BulkGet`."""
        return BulkGet(self._client)

    @overload
    def stream_bulk(
        self,
        model_ids: Iterable[str] | AsyncIterable[str],
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        into: None = None,
        **options: Unpack[GetBulkOptions],
    ) -> BulkStream[Model]: ...
    @overload
    def stream_bulk(
        self,
        model_ids: Iterable[str] | AsyncIterable[str],
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        into: type[V],
        **options: Unpack[GetBulkOptions],
    ) -> BulkStream[V]: ...
    def stream_bulk(
        self,
        model_ids: Iterable[str] | AsyncIterable[str],
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        into: type[V] | None = None,
        **options: Unpack[GetBulkOptions],
    ) -> BulkStream[Any]:
        """The models of `model_ids` chunk by chunk, as each get-bulk request completes.

            async with client.models.stream_bulk(ids) as chunks:
                async for chunk in chunks:
                    ...  # chunk.models, chunk.missing_ids, chunk.invalid, chunk.error

        Chunks come in completion order, not ask order; each one's `models` are in its ask
        order. The ids are read lazily, and at most `max_concurrency` chunks are in flight or
        waiting for you at once, so any number of ids streams in bounded memory. A request
        that failed after its retries is a chunk with `error` set, and the others go on.
        Leaving the block cancels what is in flight. Options as for `get_bulk`; the limits,
        `into` and the options are checked here, the ids as they are read.
        """
        return bulk.stream_bulk(
            self._client,
            model_ids,
            chunk_size=chunk_size,
            max_concurrency=max_concurrency,
            into=into,
            options=options,
        )

    @cached_property
    def description(self) -> DescriptionResource:
        return DescriptionResource(self._client)

    @cached_property
    def examples(self) -> ExamplesResource:
        return ExamplesResource(self._client)

    @cached_property
    def train(self) -> TrainResource:
        return TrainResource(self._client)

    @cached_property
    def training_images(self) -> TrainingImagesResource:
        return TrainingImagesResource(self._client)

    def watch(self, model_ids: Iterable[str], **options: Unpack[WatchOptions]) -> TrainingWatch:
        """Training events of these models: `async with client.models.watch(ids) as events`.

        Options: `batch_size`, `max_concurrency`, `min_interval`, `max_interval`, `jitter`,
        `deadline` (seconds, None for none), `error_policy`, `stop_when_done`, `project_id`;
        see `TrainingWatch`.
        """
        return TrainingWatch(self._client, model_ids, **options)

    async def wait_for_training(
        self,
        model_id: str,
        *,
        timeout: float | None = DEFAULT_DEADLINE,  # noqa: ASYNC109 (see watch.wait_for_training)
        **options: Unpack[PollOptions],
    ) -> Model:
        """The final `Model` once trained; a typed error carrying the last snapshot otherwise."""
        return await wait_for_training(self._client, model_id, timeout=timeout, **options)

    async def train_and_wait(
        self,
        model_id: str,
        *,
        parameters: TrainingParameters | Mapping[str, object] | None = None,
        timeout: float | None = DEFAULT_DEADLINE,  # noqa: ASYNC109 (see watch.wait_for_training)
        **options: Unpack[PollOptions],
    ) -> Model:
        """Trigger the training of `model_id`, then `wait_for_training` it."""
        return await train_and_wait(
            self._client, model_id, parameters=parameters, timeout=timeout, **options
        )
