"""A page of a listing, as `await client.models.list(...)` gives it: one able to go on.

The listing it goes on with is pagination.py's `ModelPaginator`, which this module knows only
as a `Listing`: what sends the requests is pagination.py's, and a page is a value that a raw
response can parse into (sending.py) without knowing what sends anything.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, Unpack

from msgspec import UNSET, UnsetType

from .calls import Call
from .types import ModelListPageOf
from .types._base import ToDictOptions, ToJsonOptions

__all__ = ["Listing", "ModelPage", "PageInfo", "next_token", "sent_token"]

M = TypeVar("M")

# The query parameter a page's request carries its token in.
_TOKEN_PARAMETER = "paginationToken"


class Listing(Protocol[M]):
    """What a page goes on with: the request for the page after it, and that page, fetched."""

    def next_call(self, page: ModelListPageOf[M]) -> Call[ModelListPageOf[M]] | None: ...

    async def fetch(self, call: Call[ModelListPageOf[M]]) -> ModelPage[M]: ...


def next_token(page: ModelListPageOf[Any]) -> str | None:
    """The token that asks for the page after `page`; `None` after the last one (an empty
    token is no token: the official SDK reads it so, and sending it would restart the walk)."""
    return page.next_pagination_token or None


def sent_token(call: Call[Any]) -> str | UnsetType:
    """The token `call`, a request of a listing, sends; UNSET when it sends none."""
    for name, value in call.query:
        if name == _TOKEN_PARAMETER:
            return value
    return UNSET


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the request for the next page adds to the first page's: the official SDK's
    `PageInfo` as its model listing fills it. `url` and `json` are there for code written
    against the SDK's, which may read them; a listing never sets them (UNSET, false)."""

    params: dict[str, str]
    url: UnsetType = field(default=UNSET, init=False)
    json: UnsetType = field(default=UNSET, init=False)


class ModelPage(Generic[M]):
    """One page of a listing, as `await client.models.list(...)` gives it, able to go on.

    It reads as the decoded page does (`models`, `next_pagination_token`, and any other
    attribute of it) and goes on as the official SDK's page does. Each page holds its own
    models only: walking with `get_next_page()` or `iter_pages()` lets each page go once the
    caller drops it.
    """

    __slots__ = ("_page", "_paginator")

    def __init__(self, page: ModelListPageOf[M], paginator: Listing[M]) -> None:
        self._page = page
        self._paginator = paginator

    @property
    def models(self) -> list[M]:
        return self._page.models

    @property
    def next_pagination_token(self) -> str | None:
        return self._page.next_pagination_token

    def has_next_page(self) -> bool:
        """Whether `get_next_page()` has a page to fetch. As in the SDK, a page without models
        is taken for the last one whatever its token says."""
        return bool(self._page.models) and next_token(self._page) is not None

    def next_page_info(self) -> PageInfo | None:
        """The query the next page's request adds, `{"paginationToken": token}`; `None` on the
        last page (no token, or an empty one)."""
        token = next_token(self._page)
        return None if token is None else PageInfo(params={_TOKEN_PARAMETER: token})

    async def get_next_page(self) -> ModelPage[M]:
        """The next page, itself able to go on; `RuntimeError` (the SDK's, word for word) when
        this page has no token."""
        call = self._paginator.next_call(self._page)
        if call is None:
            raise RuntimeError(
                "No next page expected; please check `.has_next_page()` before calling"
                " `.get_next_page()`."
            )
        return await self._paginator.fetch(call)

    async def iter_pages(self) -> AsyncIterator[ModelPage[M]]:
        """This page, then each one after it while `has_next_page()`."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[M]:
        """The models of this page, then of each page `iter_pages()` goes on to."""
        async for page in self.iter_pages():
            for model in page.models:
                yield model

    def to_dict(self, **options: Unpack[ToDictOptions]) -> dict[str, object]:
        """The decoded page's `to_dict(**options)`: the SDK's page's, same options."""
        return self._page.to_dict(**options)

    def to_json(self, **options: Unpack[ToJsonOptions]) -> str:
        """The decoded page's `to_json(**options)`: the SDK's page's, same options."""
        return self._page.to_json(**options)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._page!r})"

    if not TYPE_CHECKING:
        # Hidden from type checkers, so that a misspelt attribute is still an error there.
        def __getattr__(self, name: str) -> Any:
            # `object.__getattribute__`: a page not yet initialised (a copy being made) has no
            # `_page`, and reading it through `self` would come back here forever.
            return getattr(object.__getattribute__(self, "_page"), name)
