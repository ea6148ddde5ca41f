"""What `client.models.<op>` is: a builder bound to a client, in one of three forms.

Each operation gets a method on its resource class, declared once from its builder (ops/), as
a `ResourceMethod`: a descriptor that, read from a resource, is bound to the resource's
`Sender`. A resource is made in one of three forms, and gives its methods in the same form:

- `Parsed` (`client.models`): calling a method sends its request and returns the answer
  decoded;
- `Raw` (`client.models.with_raw_response`): the response as received, body read;
- `Streamed` (`client.models.with_streaming_response`): an `async with` block around the
  response, its body unread.

The form is a type parameter of the resource, so that a type checker sees each form's
methods with the operation's own parameters and the form's return type. A method is generic
in its builder's class, whose `__call__` spells out the parameters it takes (generated from
the registry by `tools/generate_signatures.py`). A bound method also has `.raw(...)`,
`.streaming(...)` and `.build(...)` (the `Call`, sent nowhere).

Methods whose answer holds models also take `into=MyView`, a caller's msgspec Struct that
each model decodes into instead of `Model`. A type checker cannot add a keyword to a captured
signature, so those methods' classes, with their signatures, are generated into
`_signatures.py`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import cached_property
from typing import Any, Generic, ParamSpec, Self, TypeVar, Unpack, cast, overload

import msgspec

from . import bulk
from .bulk_options import GetBulkArguments
from .calls import Call
from .codec import projected
from .pagination import ModelPage, ModelPaginator
from .sending import ParseHook, RawResponse, Sender
from .types import Model, ModelGetBulkResult

__all__ = [
    "BoundMethod",
    "BulkGetMethod",
    "Form",
    "ListMethod",
    "Parsed",
    "ProjectingMethod",
    "Raw",
    "Resource",
    "ResourceMethod",
    "Streamed",
]

P = ParamSpec("P")
T = TypeVar("T")
V = TypeVar("V", bound=msgspec.Struct)
# An operation's builder: its signature is the method's.
B = TypeVar("B", bound=Callable[..., Call[Any]])
RawForm = TypeVar("RawForm")
StreamedForm = TypeVar("StreamedForm")


class Parsed:
    """The form of `client.models`: a method returns its answer, decoded."""


class Raw:
    """The form of `with_raw_response`: a method returns the response, body read."""


class Streamed:
    """The form of `with_streaming_response`: a method is an `async with` block around the
    response, its body unread."""


Form = TypeVar("Form", Parsed, Raw, Streamed)


class Resource(Generic[Form, RawForm, StreamedForm]):
    """A namespace of methods (`client.models`, `client.models.train`) in one form.

    `RawForm` and `StreamedForm` name the same resource in the other two forms, which
    `with_raw_response` and `with_streaming_response` give: a type cannot be parametrized
    from inside a base class, so each resource class states them in its header.
    """

    def __init__(self, sender: Sender, form: type[Form]) -> None:
        self._sender = sender
        self._form: type[Form] = form

    def _in_form(self, form: type[Raw] | type[Streamed]) -> Any:
        # This resource's class, in another form: its form parameter is not this one's.
        resource_class = cast("Callable[[Sender, type[Any]], Any]", type(self))
        return resource_class(self._sender, form)

    def _sub(self, kind: Callable[[Sender, type[Form]], T]) -> T:
        """A sub-resource (`client.models.train`) in this resource's form."""
        return kind(self._sender, self._form)

    @cached_property
    def with_raw_response(self) -> RawForm:
        """The official SDK's raw form: `resource.with_raw_response.op(...)` returns the
        response as received, body read; `await response.parse()` decodes it."""
        raw: RawForm = self._in_form(Raw)
        return raw

    @cached_property
    def with_streaming_response(self) -> StreamedForm:
        """The official SDK's streaming form:
        `async with resource.with_streaming_response.op(...) as response`, body unread."""
        streamed: StreamedForm = self._in_form(Streamed)
        return streamed


class _Bindable(Generic[B]):
    """A builder, bound to a sender when read from a resource."""

    __slots__ = ("_bound_sender", "_build", "_name")

    def __init__(self, build: B, sender: Sender | None = None) -> None:
        self._build = build
        self._bound_sender = sender
        self._name = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    def _bind(self, resource: Resource[Any, Any, Any] | None) -> object:
        """This method read from `resource`: itself bound to the resource's sender, or its
        `raw` or `streaming` form, by the resource's form."""
        if resource is None:
            return self
        # The method's half of its resource: it reads the sender and form it is bound to.
        bound: Any = type(self)(self._build, resource._sender)  # pyright: ignore[reportPrivateUsage]
        form = resource._form  # pyright: ignore[reportPrivateUsage]
        in_form = bound.raw if form is Raw else bound.streaming if form is Streamed else bound
        # Kept on the resource, as a sub-resource is: no `__set__`, so from now on the
        # instance's own attribute is found first, and a call makes no bound method.
        resource.__dict__[self._name] = in_form
        return in_form

    @property
    def _sender(self) -> Sender:
        if self._bound_sender is None:
            raise TypeError("a resource method is used from a client: `client.models.<method>`")
        return self._bound_sender

    def build(self: _Bindable[Callable[P, Call[T]]], *args: P.args, **kwargs: P.kwargs) -> Call[T]:
        return self._build(*args, **kwargs)


class ResourceMethod(_Bindable[B]):
    """An operation's method, declared on a resource class from its builder; read from a
    resource, it is bound to that resource's sender, in the resource's form. `.raw(...)`: the
    response as received, body read; `.streaming(...)`: `async with` the response, body
    unread; `.build(...)`: the `Call`, sent nowhere."""

    __slots__ = ()

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self: ResourceMethod[Callable[P, Call[T]]],
        resource: Resource[Raw, Any, Any],
        owner: type[Any],
    ) -> Callable[P, Awaitable[RawResponse[T]]]: ...
    @overload
    def __get__(
        self: ResourceMethod[Callable[P, Call[T]]],
        resource: Resource[Streamed, Any, Any],
        owner: type[Any],
    ) -> Callable[P, AbstractAsyncContextManager[RawResponse[T]]]: ...
    @overload
    def __get__(self, resource: Resource[Parsed, Any, Any], owner: type[Any]) -> Self: ...
    def __get__(self, resource: Resource[Any, Any, Any] | None, owner: type[Any]) -> object:
        return self._bind(resource)

    async def raw(
        self: ResourceMethod[Callable[P, Call[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[T]:
        return await self._sender.send_raw(self._build(*args, **kwargs))

    def streaming(
        self: ResourceMethod[Callable[P, Call[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> AbstractAsyncContextManager[RawResponse[T]]:
        # Built here, so that bad arguments fail at the call, not at `async with`.
        return self._sender.stream(self._build(*args, **kwargs))


class BoundMethod(ResourceMethod[B]):
    """A resource method: call it to send its request, and get its response type."""

    __slots__ = ()

    async def __call__(
        self: BoundMethod[Callable[P, Call[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        return await self._sender.send(self._build(*args, **kwargs))


class ProjectingMethod(ResourceMethod[B]):
    """A method whose answer holds models: `into=MyView` decodes them into your Struct.

    Its call signatures, with and without `into`, are each subclass's (`_signatures.py`).
    """

    __slots__ = ()

    async def _send_into(self, args: tuple[Any, ...], kwargs: dict[str, Any], into: object) -> Any:
        return await self._sender.send(projected(self._build(*args, **kwargs), into))


class ListMethod(_Bindable[B]):
    """`client.models.list(...)`: a `ModelPaginator`; `into=MyView` decodes each model into it.

    `.raw(...)`, `.streaming(...)` and `.build(...)` are the first page's request; as in the
    official SDK, the raw and streamed responses parse into the page object, which goes on
    to the next pages. Its call signatures are its subclass's (`_signatures.py`).
    """

    __slots__ = ()

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(
        self: ListMethod[Callable[P, Call[Any]]],
        resource: Resource[Raw, Any, Any],
        owner: type[Any],
    ) -> Callable[P, Awaitable[RawResponse[ModelPage[Model]]]]: ...
    @overload
    def __get__(
        self: ListMethod[Callable[P, Call[Any]]],
        resource: Resource[Streamed, Any, Any],
        owner: type[Any],
    ) -> Callable[P, AbstractAsyncContextManager[RawResponse[ModelPage[Model]]]]: ...
    @overload
    def __get__(self, resource: Resource[Parsed, Any, Any], owner: type[Any]) -> Self: ...
    def __get__(self, resource: Resource[Any, Any, Any] | None, owner: type[Any]) -> object:
        return self._bind(resource)

    def _paginator(self, args: tuple[Any, ...], kwargs: dict[str, Any], into: Any) -> Any:
        return ModelPaginator(self._sender, self._build, args, kwargs, into)

    async def raw(
        self: ListMethod[Callable[P, Call[Any]]], *args: P.args, **kwargs: P.kwargs
    ) -> RawResponse[ModelPage[Model]]:
        call, page_of = self._first_page(args, kwargs)
        return (await self._sender.send_raw(call)).parsing_with(page_of)

    def streaming(
        self: ListMethod[Callable[P, Call[Any]]], *args: P.args, **kwargs: P.kwargs
    ) -> AbstractAsyncContextManager[RawResponse[ModelPage[Model]]]:
        call, page_of = self._first_page(args, kwargs)
        return _parsing_with(self._sender.stream(call), page_of)

    def _first_page(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Call[ModelPage[Model]], ParseHook]:
        """The first page's request, and what makes its decoded answer the page object: one
        that goes on to the pages after it, decoded into the `into` that `parse()` was given."""
        paginator: ModelPaginator[Model] = self._paginator(args, kwargs, None)

        def page_of(decoded: Any, into: type[msgspec.Struct] | None) -> ModelPage[Any]:
            listing: ModelPaginator[Any] = (
                paginator if into is None else self._paginator(args, kwargs, into)
            )
            return listing.wrap_page(decoded)

        # The request decodes into the page as sent; `parse()` makes it the page object.
        return cast("Call[ModelPage[Model]]", paginator.first_call), page_of


@asynccontextmanager
async def _parsing_with(
    streaming: AbstractAsyncContextManager[RawResponse[T]], hook: ParseHook
) -> AsyncGenerator[RawResponse[T], None]:
    async with streaming as response:
        yield response.parsing_with(hook)


class BulkGetMethod(ResourceMethod[B]):
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
        client's retry policy and rate limit. The result's `models` are in the order asked (a
        repeated id is fetched once), `missing_ids` are the ids the server did not return, and
        `invalid` the returned models that did not decode (with index, id and JSON path; the
        others are kept). `into=MyView` decodes each model into your Struct, which needs the
        model's `id`. Without `model_ids`, one request goes out as the SDK sends it. If a
        request fails after its retries, the others still finish, then `BulkFetchError`
        carries their `result` and the `failures`.

        `timeout=` (the client's when not given) bounds the whole call: every chunk, its
        retries, its waits for a connection or the rate limit. Once it has passed, no request
        goes out: the requests in flight end, and each chunk not fetched is a failure
        (`APITimeoutError`; `request_sent=False` for the chunks never sent). A timeout without
        a total (`None`, an `httpx.Timeout`) bounds no whole call, only each request's phases.

        Arguments are checked before any request (`ValidationError` names the one at fault);
        the other keyword arguments are the official SDK's, sent with every chunk.
        """
        return await bulk.get_bulk(self._sender, into=into, **arguments)
