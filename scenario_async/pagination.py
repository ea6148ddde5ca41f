"""Pagination: every model of `client.models.list(...)`, page after page, in bounded memory.

`await client.models.list(...)` is the first page as a `ModelPage`, which goes on as the
official SDK's page does (`has_next_page()`, `get_next_page()`, `iter_pages()`, `async for`
over its models and those of the pages after it), one request per page, asked for by the caller.

A bare `async for` over `client.models.list(...)` (or over `.pages()`) fetches each page when
it is asked for, since a plain loop has no exit hook that could stop a request started ahead
of it. Inside `async with ....models()` or `async with ....pages()`, the next page (`prefetch`
pages, default 1) is fetched while the caller works on this one; leaving the block cancels
it. Either way at most `prefetch + 1` pages are held: memory is bounded by the page size, not
by the length of the listing.

However it is walked, an `APIError` raised for a page comes after every page before it and
names the page (`pagination_token`: the token its request sent), so that a new listing with
the same arguments and that token goes on where this one stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any, Generic, Self, TypeVar

from anyio.streams.memory import MemoryObjectSendStream
from msgspec import UNSET, UnsetType

from ._produced import Produced
from .calls import Call
from .codec import projected
from .errors import APIError, ValidationError
from .pages import ModelPage, PageInfo, next_token, sent_token
from .sending import Sender
from .types import ModelListPageOf
from .validation import is_count

__all__ = ["ModelIterator", "ModelPage", "ModelPaginator", "PageInfo", "PageIterator"]

M = TypeVar("M")


def _check_prefetch(prefetch: object) -> None:
    if prefetch is not None and not is_count(prefetch, 0):
        raise ValidationError(
            "prefetch", f"must be a non-negative integer or None, got {prefetch!r}"
        )


class ModelPaginator(Generic[M]):
    """The result of `client.models.list(...)`.

    `await` it for the first page, a `ModelPage`; `async for` over it for every model across
    pages, each page fetched when needed; `.models(prefetch=...)` and `.pages(prefetch=...)`
    to fetch ahead inside `async with` (see the module docstring).
    """

    def __init__(
        self,
        sender: Sender,
        build: Callable[..., Call[Any]],
        args: tuple[Any, ...],
        arguments: dict[str, Any],
        into: type[M] | None,
    ) -> None:
        self._sender = sender
        self._build = build
        self._args = args
        self._arguments = arguments
        self._into = into
        # Built now, so bad arguments fail at the call site rather than at iteration.
        self.first_call: Call[ModelListPageOf[M]] = self.call()

    def call(self, pagination_token: str | UnsetType = UNSET) -> Call[ModelListPageOf[M]]:
        """The request for the page after `pagination_token` (the first page: none)."""
        arguments = self._arguments
        if not isinstance(pagination_token, UnsetType):
            arguments = {**arguments, "pagination_token": pagination_token}
        return projected(self._build(*self._args, **arguments), self._into)

    def next_call(self, page: ModelListPageOf[M]) -> Call[ModelListPageOf[M]] | None:
        """The request for the page after `page`, a page of this listing; `None` after the last."""
        token = next_token(page)
        return None if token is None else self.call(token)

    def wrap_page(self, decoded: ModelListPageOf[M]) -> ModelPage[M]:
        """`decoded`, this listing's first page decoded elsewhere (say, from a raw response's
        body), as the `ModelPage` that `await` gives: one that goes on to the pages after it."""
        return ModelPage(decoded, self)

    async def fetch(self, call: Call[ModelListPageOf[M]]) -> ModelPage[M]:
        """The page `call` asks for (a request of this listing's: from `call` or `next_call`),
        as a `ModelPage` able to go on."""
        return self.wrap_page(await self.send(call))

    async def send(self, call: Call[ModelListPageOf[M]]) -> ModelListPageOf[M]:
        """The page `call` asks for (as for `fetch`), decoded. An `APIError` it raises names
        that page: its `pagination_token` is the token `call` sends, which resumes the
        listing there."""
        try:
            return await self._sender.send(call)
        except APIError as error:
            error.pagination_token = sent_token(call)
            raise

    def __await__(self) -> Generator[Any, None, ModelPage[M]]:
        return self.fetch(self.first_call).__await__()

    def pages(self, *, prefetch: int | None = None) -> PageIterator[M]:
        """Every page in order; `prefetch` pages fetched ahead inside `async with` (default 1)."""
        return PageIterator(self, prefetch)

    def models(self, *, prefetch: int | None = None) -> ModelIterator[M]:
        """Every model across pages; `prefetch` as for `pages`."""
        return ModelIterator(self.pages(prefetch=prefetch))

    def __aiter__(self) -> ModelIterator[M]:
        return self.models()


class PageIterator(Generic[M]):
    """The pages of a listing, in order; see the module docstring for when it fetches ahead."""

    def __init__(self, paginator: ModelPaginator[M], prefetch: int | None) -> None:
        _check_prefetch(prefetch)
        self._paginator = paginator
        self._prefetch = prefetch
        self._next: Call[ModelListPageOf[M]] | None = paginator.call()
        self._entered = False
        self._ahead: Produced[ModelListPageOf[M]] | None = None

    async def __aenter__(self) -> Self:
        if self._entered:
            raise RuntimeError("a page iterator can be entered only once")
        self._entered = True
        prefetch = 1 if self._prefetch is None else self._prefetch
        if prefetch:
            # The fetcher holds one page while it waits to hand it over and `prefetch - 1` wait
            # in the buffer: it runs at most `prefetch` pages ahead of the caller.
            self._ahead = Produced(buffer=prefetch - 1)
            await self._ahead.start(self._fetch_ahead)
        return self

    async def __aexit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
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
        page = await self._paginator.send(self._next)
        self._next = self._paginator.next_call(page)
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


class ModelIterator(Generic[M]):
    """Every model of a listing, page after page, holding one page's models at a time."""

    def __init__(self, pages: PageIterator[M]) -> None:
        self._pages = pages
        self._models: Iterator[M] = iter(())

    async def __aenter__(self) -> Self:
        await self._pages.__aenter__()
        return self

    async def __aexit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        await self._pages.__aexit__(exc_type, exc, tb)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> M:
        while True:
            for model in self._models:
                return model
            # (An exhausted list iterator lets go of its list: the last page is not kept.)
            self._models = iter((await self._pages.__anext__()).models)
