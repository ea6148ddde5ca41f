"""Thin async namespaces mirroring the official SDK: `client.models.<op>` and sub-namespaces.

Each operation is declared once on its resource class, from its pure builder, as a
`ResourceOperation`: a descriptor that, read from a resource, is bound to the resource's
`Sender`. Calling it builds the `Call` and sends it; `.raw(...)` returns the response as
received, body read; `.streaming(...)` is an `async with` block around the response with its
body unread; `.build(...)` returns the `Call` itself without sending anything. The official
SDK's spellings of the two, `resource.with_raw_response.<op>(...)` and
`resource.with_streaming_response.<op>(...)`, are views of the same operations. Operations
whose response holds models also take `into=MyView` (a caller's msgspec Struct), which
decodes each model into it instead of `Model`. Listing is pagination.py's; fetching many
ids, bulk.py's; watching trainings, watch.py's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import cached_property
from typing import Any, Generic, ParamSpec, Self, TypeVar, Unpack, cast, overload

import msgspec

from . import bulk, ops
from .bulk import BulkStream
from .bulk_core import BulkOptions, GetBulkArguments, IdSource
from .calls import Call
from .codec import projected
from .pagination import ModelPaginator
from .sending import RawResponse, Sender
from .types import (
    Model,
    ModelGetBulkResult,
    ModelResponseOf,
    TrainingParameters,
    TrainTriggerResponseOf,
)
from .watch import TrainingWatch, train_and_wait, wait_for_training
from .watch_core import DEFAULT_DEADLINE, PollOptions, WatchOptions

__all__ = [
    "BoundOperation",
    "BulkGet",
    "ListOperation",
    "ModelOperation",
    "ModelsResource",
    "RawResponseView",
    "ResourceOperation",
    "StreamingResponseView",
    "SubResource",
    "TrainTriggerOperation",
]

P = ParamSpec("P")
T = TypeVar("T")
V = TypeVar("V", bound=msgspec.Struct)
R = TypeVar("R", bound="_Resource")


class ResourceOperation(Generic[P, T]):
    """One operation, declared on a resource class from its builder; read from a resource, it
    is bound to that resource's sender. `.raw(...)`: the response as received, body read;
    `.streaming(...)`: `async with` the response, body unread; `.build(...)`: the `Call`,
    sent nowhere."""

    __slots__ = ("_bound_sender", "_build", "_name")

    def __init__(self, build: Callable[P, Call[T]], sender: Sender | None = None) -> None:
        self._build = build
        self._bound_sender = sender
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def __get__(self, resource: _Resource | None, owner: type[Any]) -> Self:
        if resource is None:
            return self
        bound = type(self)(self._build, resource._sender)
        # Kept on the resource, as a sub-resource is: no `__set__`, so from now on the
        # instance's own attribute is found first, and a call makes no bound operation.
        resource.__dict__[self._name] = bound
        return bound

    @property
    def _sender(self) -> Sender:
        if self._bound_sender is None:
            raise TypeError("an operation is used from a client: `client.models.<operation>`")
        return self._bound_sender

    async def raw(self, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        return await self._sender.send_raw(self._build(*args, **kwargs))

    def streaming(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AbstractAsyncContextManager[RawResponse[T]]:
        # Built here, so that bad arguments fail at the call, not at `async with`.
        return self._sender.stream(self._build(*args, **kwargs))

    def build(self, *args: P.args, **kwargs: P.kwargs) -> Call[T]:
        return self._build(*args, **kwargs)


class BoundOperation(ResourceOperation[P, T]):
    """An operation: call it to send, and get its response type."""

    __slots__ = ()

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._sender.send(self._build(*args, **kwargs))

    def _projected(self, args: Any, kwargs: Any, into: type[msgspec.Struct] | None) -> Call[Any]:
        """The call of these arguments, its models decoded into `into` when given."""
        return projected(self._build(*args, **kwargs), into)


class ModelOperation(BoundOperation[P, T]):
    """An operation answering `{model}`: `into=MyView` decodes the model into your Struct.

    (The projected form is typed loosely, `*args: Any`: a ParamSpec admits no extra keyword.)
    """

    __slots__ = ()

    @overload
    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T: ...
    @overload
    async def __call__(self, *args: Any, into: type[V], **kwargs: Any) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: Any = None, **kwargs: Any) -> Any:
        return await self._sender.send(self._projected(args, kwargs, into))


class TrainTriggerOperation(BoundOperation[P, T]):
    """`train.trigger`: `into=MyView` decodes the model of its answer into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T: ...
    @overload
    async def __call__(
        self, *args: Any, into: type[V], **kwargs: Any
    ) -> TrainTriggerResponseOf[V]: ...
    async def __call__(self, *args: Any, into: Any = None, **kwargs: Any) -> Any:
        return await self._sender.send(self._projected(args, kwargs, into))


class ListOperation(ResourceOperation[P, T]):
    """`client.models.list(...)`: a `ModelPaginator`; `into=MyView` decodes each model into it.

    `.raw(...)`, `.streaming(...)` and `.build(...)` are the first page's request; as in the
    official SDK, the raw and streamed responses parse into the page object, which goes on
    to the next pages.
    """

    __slots__ = ()

    @overload
    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> ModelPaginator[Model]: ...
    @overload
    def __call__(self, *args: Any, into: type[V], **kwargs: Any) -> ModelPaginator[V]: ...
    def __call__(self, *args: Any, into: Any = None, **kwargs: Any) -> Any:
        return ModelPaginator(self._sender, self._build, args, kwargs, into)

    async def raw(self, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        call, page_of = self._first_page(args, kwargs)
        return (await self._sender.send_raw(call)).parsing_with(page_of)

    def streaming(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AbstractAsyncContextManager[RawResponse[T]]:
        call, page_of = self._first_page(args, kwargs)
        return _parsing_with(self._sender.stream(call), page_of)

    def _first_page(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Call[T], Callable[[Any], Any]]:
        """The first page's request, and what makes its decoded answer the page object."""
        paginator: ModelPaginator[Any] = ModelPaginator(
            self._sender, self._build, args, kwargs, None
        )
        # (The paginator's request is this operation's, built from the same arguments.)
        return cast(Call[T], paginator.first_call), paginator.wrap_page


@asynccontextmanager
async def _parsing_with(
    streaming: AbstractAsyncContextManager[RawResponse[T]], hook: Callable[[Any], Any]
) -> AsyncIterator[RawResponse[T]]:
    async with streaming as response:
        yield response.parsing_with(hook)


class BulkGet(ResourceOperation[P, T]):
    """`client.models.get_bulk`: any number of ids, chunked; `.raw`/`.build`: one request.

    `.raw(...)` and `.build(...)` are the official SDK's single request exactly as it sends
    it, ids and all, with no chunking: the raw form of a response is one response.
    """

    __slots__ = ()

    @overload
    async def __call__(
        self, *, into: None = None, **arguments: Unpack[GetBulkArguments]
    ) -> ModelGetBulkResult[Model]: ...
    @overload
    async def __call__(
        self, *, into: type[V], **arguments: Unpack[GetBulkArguments]
    ) -> ModelGetBulkResult[V]: ...
    async def __call__(
        self, *, into: type[V] | None = None, **arguments: Unpack[GetBulkArguments]
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
        return await bulk.get_bulk(self._sender, into=into, **arguments)


class _Resource:
    def __init__(self, sender: Sender) -> None:
        self._sender = sender

    @cached_property
    def with_raw_response(self) -> Any:
        """The official SDK's spelling of `.raw`: `resource.with_raw_response.op(...)`."""
        return _ResponseView(self, "raw")

    @cached_property
    def with_streaming_response(self) -> Any:
        """The official SDK's spelling of `.streaming`:
        `async with resource.with_streaming_response.op(...) as response`."""
        return _ResponseView(self, "streaming")


class SubResource(Generic[R]):
    """A sub-namespace of a resource (`client.models.presets`), declared on its class like an
    operation; made on first use, then kept on the resource."""

    def __init__(self, kind: type[R]) -> None:
        self._kind = kind
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any]) -> R: ...
    def __get__(self, resource: _Resource | None, owner: type[Any]) -> Self | R:
        if resource is None:
            return self
        made = self._kind(resource._sender)
        # No `__set__`: from now on the instance's own attribute is found first.
        resource.__dict__[self._name] = made
        return made


class _ResponseView:
    """A resource's operations as `how` (`raw` or `streaming`) forms, and its sub-resources'
    the same way: what the official SDK's `with_raw_response` and `with_streaming_response`
    are."""

    def __init__(self, resource: _Resource, how: str) -> None:
        self._resource = resource
        self._how = how

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._resource, name)
        if isinstance(target, ResourceOperation):
            return getattr(target, self._how)
        if isinstance(target, _Resource):
            return _ResponseView(target, self._how)
        raise AttributeError(
            f"{name!r} has no {self._how} form: it is not one of the official SDK's operations"
        )


class RawResponseView:
    """`client.with_raw_response`: `.models.<op>(...)` returns the response, body read."""

    def __init__(self, client: Sender) -> None:
        self.models = _ResponseView(ModelsResource(client), "raw")


class StreamingResponseView:
    """`client.with_streaming_response`: `async with .models.<op>(...) as response`."""

    def __init__(self, client: Sender) -> None:
        self.models = _ResponseView(ModelsResource(client), "streaming")


class DescriptionResource(_Resource):
    retrieve = BoundOperation(ops.description.retrieve)
    update = BoundOperation(ops.description.update)


class ExamplesResource(_Resource):
    list = BoundOperation(ops.examples.list)
    update = BoundOperation(ops.examples.update)


class TrainResource(_Resource):
    trigger = TrainTriggerOperation(ops.train.trigger)
    action = ModelOperation(ops.train.action)


class TrainingImagesResource(_Resource):
    add = BoundOperation(ops.training_images.add)
    replace_pairs = BoundOperation(ops.training_images.replace_pairs)
    replace = BoundOperation(ops.training_images.replace)
    delete = BoundOperation(ops.training_images.delete)


class PresetsResource(_Resource):
    create = BoundOperation(ops.presets.create)
    update = BoundOperation(ops.presets.update)
    list = BoundOperation(ops.presets.list)
    delete = BoundOperation(ops.presets.delete)


class PromptGuideResource(_Resource):
    retrieve = BoundOperation(ops.prompt_guide.retrieve)
    update = BoundOperation(ops.prompt_guide.update)


class ScoresResource(_Resource):
    retrieve_prompt = BoundOperation(ops.scores.retrieve_prompt)
    retrieve_training_dataset = BoundOperation(ops.scores.retrieve_training_dataset)


class ModelsResource(_Resource):
    list = ListOperation(ops.models.list)
    create = ModelOperation(ops.models.create)
    retrieve = ModelOperation(ops.models.retrieve)
    update = ModelOperation(ops.models.update)
    delete = BoundOperation(ops.models.delete)
    copy = ModelOperation(ops.models.copy)
    download = BoundOperation(ops.models.download)
    delete_images = BoundOperation(ops.models.delete_images)
    update_tags = BoundOperation(ops.models.update_tags)
    transfer = ModelOperation(ops.models.transfer)
    restore = ModelOperation(ops.models.restore)
    get_bulk = BulkGet(ops.models.get_bulk)
    description = SubResource(DescriptionResource)
    examples = SubResource(ExamplesResource)
    train = SubResource(TrainResource)
    training_images = SubResource(TrainingImagesResource)
    presets = SubResource(PresetsResource)
    prompt_guide = SubResource(PromptGuideResource)
    scores = SubResource(ScoresResource)

    @overload
    def stream_bulk(
        self, model_ids: IdSource, *, into: None = None, **options: Unpack[BulkOptions]
    ) -> BulkStream[Model]: ...
    @overload
    def stream_bulk(
        self, model_ids: IdSource, *, into: type[V], **options: Unpack[BulkOptions]
    ) -> BulkStream[V]: ...
    def stream_bulk(
        self, model_ids: IdSource, *, into: type[V] | None = None, **options: Unpack[BulkOptions]
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
        return bulk.stream_bulk(self._sender, model_ids, into=into, **options)

    def watch(self, model_ids: Iterable[str], **options: Unpack[WatchOptions]) -> TrainingWatch:
        """Training events of these models: `async with client.models.watch(ids) as events`.

        Options: `WatchConfig`'s (watch_core.py).
        """
        return TrainingWatch(self._sender, model_ids, **options)

    async def wait_for_training(
        self,
        model_id: str,
        *,
        timeout: float | None = DEFAULT_DEADLINE,  # noqa: ASYNC109 (see watch.wait_for_training)
        **options: Unpack[PollOptions],
    ) -> Model:
        """The final `Model` once trained; a typed error carrying the last snapshot otherwise."""
        return await wait_for_training(self._sender, model_id, timeout=timeout, **options)

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
            self._sender, model_id, parameters=parameters, timeout=timeout, **options
        )
