"""Walking a listing on a `MockTransport`: lazily by default, `prefetch` pages ahead inside
`async with`, never more, and an error after the pages before it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anyio.lowlevel
import msgspec
import pytest

from scenario_async import (
    AsyncScenario,
    BadRequestError,
    MockTransport,
    TransportRequest,
    TransportResponse,
    ValidationError,
)
from scenario_async.pagination import ModelPage
from scenario_async.types import ModelListPage

PAGES = 10


class View(msgspec.Struct, rename="camel"):
    id: str
    status: str | None = None


def paged(fail_at: int | None = None) -> Callable[[TransportRequest], TransportResponse]:
    """`PAGES` pages of two models; the page `fail_at` answers 400."""

    def handler(request: TransportRequest) -> TransportResponse:
        token = request.url.partition("paginationToken=")[2]
        index = int(token) if token else 0
        if index == fail_at:
            return TransportResponse(400, {}, b'{"message": "bad token"}')
        models = [
            {"id": f"m_{index}_{n}", "privacy": "private", "type": "custom", "status": "new"}
            for n in range(2)
        ]
        more = {"nextPaginationToken": str(index + 1)} if index + 1 < PAGES else {}
        return TransportResponse(200, {}, json.dumps({"models": models, **more}).encode())

    return handler


def client_on(transport: MockTransport) -> AsyncScenario:
    return AsyncScenario(api_key="k", api_secret="s", transport=transport, max_retries=0)


EVERY_ID = [f"m_{page}_{n}" for page in range(PAGES) for n in range(2)]


async def settle() -> None:
    """Let every task run until it waits on something other than the loop."""
    for _ in range(50):
        await anyio.lowlevel.checkpoint()


async def test_a_bare_loop_fetches_each_page_when_it_is_needed() -> None:
    transport = MockTransport(paged())
    async with client_on(transport) as client:
        async for page in client.models.list().pages():
            await settle()
            assert isinstance(page, ModelListPage)
            assert len(transport.requests) == int(page.models[0].id.split("_")[1]) + 1
        assert [m.id async for m in client.models.list()] == EVERY_ID


@pytest.mark.parametrize("prefetch", [1, 2, 5])
async def test_inside_async_with_pages_are_fetched_ahead_but_no_further(prefetch: int) -> None:
    transport = MockTransport(paged())
    async with client_on(transport) as client:
        seen: list[str] = []
        async with client.models.list().pages(prefetch=prefetch) as pages:
            async for page in pages:
                await settle()
                consumed = len(seen) // 2 + 1
                assert len(transport.requests) == min(consumed + prefetch, PAGES)
                seen += [m.id for m in page.models]
    assert seen == EVERY_ID


async def test_models_inside_async_with_prefetch_one_page_by_default() -> None:
    transport = MockTransport(paged())
    async with client_on(transport) as client, client.models.list().models() as models:
        first = await anext(models)
        await settle()
        assert len(transport.requests) == 2
        rest = [m.id async for m in models]
    assert [first.id, *rest] == EVERY_ID


async def test_prefetch_zero_inside_async_with_is_lazy() -> None:
    transport = MockTransport(paged())
    async with client_on(transport) as client, client.models.list().pages(prefetch=0) as pages:
        await anext(pages)
        await settle()
        assert len(transport.requests) == 1


async def test_an_error_comes_after_the_pages_before_it() -> None:
    async with client_on(MockTransport(paged(fail_at=3))) as client:
        seen: list[str] = []
        with pytest.raises(BadRequestError):
            async with client.models.list().models(prefetch=2) as models:
                async for model in models:
                    seen.append(model.id)
    assert seen == EVERY_ID[:6]


async def test_prefetching_without_async_with_is_refused() -> None:
    async with client_on(MockTransport(paged())) as client:
        with pytest.raises(RuntimeError, match="async with"):
            async for _ in client.models.list().pages(prefetch=1):
                pass


@pytest.mark.parametrize("prefetch", [-1, True, 1.5, "1"])
async def test_a_bad_prefetch_is_refused_naming_it(prefetch: Any) -> None:
    async with client_on(MockTransport(paged())) as client:
        with pytest.raises(ValidationError) as caught:
            client.models.list().pages(prefetch=prefetch)
    assert caught.value.parameter == "prefetch"


async def test_into_decodes_every_page_into_the_view() -> None:
    async with client_on(MockTransport(paged())) as client:
        first = await client.models.list(into=View)
        async with client.models.list(page_size=2, into=View).pages() as pages:
            walked = [page async for page in pages]
        views = [view async for view in client.models.list(into=View)]
    assert isinstance(first, ModelPage)
    assert first.models == [View(id="m_0_0", status="new"), View(id="m_0_1", status="new")]
    assert first.next_pagination_token == "1"
    assert [v for page in walked for v in page.models] == views
    assert [v.id for v in views] == EVERY_ID
