"""Thin async namespaces mirroring the official SDK: `client.models.<op>` and sub-namespaces.

Each operation is declared once, from its pure builder. Calling it builds the `Call` and
sends it; `.raw(...)` returns the response as received; `.build(...)` returns the `Call`
itself without sending anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Generator, Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, Unpack, overload

from . import ops
from .calls import Call
from .types import Model, ModelListPage, TrainingParameters
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

__all__ = ["BoundOperation", "ModelPaginator", "ModelsResource"]

P = ParamSpec("P")
T = TypeVar("T")


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


class _Operation(Generic[P, T]):
    __slots__ = ("_build",)

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> _Operation[P, T]: ...
    @overload
    def __get__(self, resource: _Resource, owner: type[Any]) -> BoundOperation[P, T]: ...
    def __get__(
        self, resource: _Resource | None, owner: type[Any]
    ) -> _Operation[P, T] | BoundOperation[P, T]:
        if resource is None:
            return self
        return BoundOperation(resource._client, self._build)


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
        if isinstance(target, BoundOperation):
            return target.raw
        if isinstance(target, _Resource):
            return target.with_raw_response
        raise AttributeError(name)


class ModelPaginator:
    """The result of `client.models.list(...)`.

    `await` it for the first page (`.models`, `.next_pagination_token`); `async for` over it
    for every model across pages, fetched lazily one page at a time; `.pages()` for pages.
    """

    def __init__(self, client: AsyncScenario, arguments: dict[str, Any]) -> None:
        self._client = client
        self._arguments = arguments
        # Validate now, so bad arguments fail at the call site rather than at iteration.
        self._first = ops.models.list(**arguments)

    def __await__(self) -> Generator[Any, None, ModelListPage]:
        return self._client.send(self._first).__await__()

    async def pages(self) -> AsyncIterator[ModelListPage]:
        call = self._first
        while True:
            page = await self._client.send(call)
            yield page
            if not page.next_pagination_token:
                return
            call = ops.models.list(
                **{**self._arguments, "pagination_token": page.next_pagination_token}
            )

    async def __aiter__(self) -> AsyncIterator[Model]:
        async for page in self.pages():
            for model in page.models:
                yield model


class _Paginated(Generic[P]):
    def __init__(self, build: Callable[P, Call[ModelListPage]]) -> None:
        self._build = build

    def __get__(self, resource: _Resource, owner: type[Any]) -> Callable[P, ModelPaginator]:
        def paginate(*args: P.args, **kwargs: P.kwargs) -> ModelPaginator:
            return ModelPaginator(resource._client, dict(kwargs))

        return paginate


class DescriptionResource(_Resource):
    retrieve = _Operation(ops.description.retrieve)
    update = _Operation(ops.description.update)


class ExamplesResource(_Resource):
    list = _Operation(ops.examples.list)
    update = _Operation(ops.examples.update)


class TrainResource(_Resource):
    trigger = _Operation(ops.train.trigger)
    action = _Operation(ops.train.action)


class TrainingImagesResource(_Resource):
    add = _Operation(ops.training_images.add)
    replace_pairs = _Operation(ops.training_images.replace_pairs)
    replace = _Operation(ops.training_images.replace)
    delete = _Operation(ops.training_images.delete)


class ModelsResource(_Resource):
    list = _Paginated(ops.models.list)
    create = _Operation(ops.models.create)
    get_bulk = _Operation(ops.models.get_bulk)
    retrieve = _Operation(ops.models.retrieve)
    update = _Operation(ops.models.update)
    delete = _Operation(ops.models.delete)
    copy = _Operation(ops.models.copy)
    download = _Operation(ops.models.download)
    delete_images = _Operation(ops.models.delete_images)
    update_tags = _Operation(ops.models.update_tags)
    transfer = _Operation(ops.models.transfer)

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
