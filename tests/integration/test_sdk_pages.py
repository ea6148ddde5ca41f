"""`await client.models.list(...)` is a page that goes on as the official SDK's page does.

Each walk runs on the SDK (an httpx `MockTransport`) and on our client (our `MockTransport`),
both answered by one fake server: the two must see the same pages, say the same of each
(`has_next_page()`, `next_page_info()`), fail the same way past the last, and put the same
requests on the wire. The last tests walk a listing of the emulator, over loopback, with both.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec import UNSET
from scenario_sdk import AsyncScenario as SdkClient

from scenario_async import AsyncScenario, MockTransport, TransportRequest, TransportResponse
from scenario_async.emulator import Emulator
from scenario_async.pagination import ModelPage, PageInfo
from scenario_async.types import Model
from tests.support.samples import sample_json
from tests.support.wire import BASE_URL, from_httpx, from_transport

T = TypeVar("T")

# A server's query, decoded, to the body it answers.
Server = Callable[[dict[str, str]], bytes]

# How a fake server's last page says it is the last: no token, a null one, an empty one.
ABSENT = object()
ENDINGS = [ABSENT, None, ""]


class View(msgspec.Struct, rename="camel"):
    id: str


def body(ids: list[str], token: object = ABSENT) -> bytes:
    models = [{**sample_json("models.list")["models"][0], "id": model_id} for model_id in ids]
    page: dict[str, Any] = {"models": models}
    if token is not ABSENT:
        page["nextPaginationToken"] = token
    return json.dumps(page).encode()


def token_at(offset: int) -> str:
    # Characters that a query must escape, so that a token is seen to travel unchanged.
    return f"after {offset}/+=&"


def listing(count: int, end: object = ABSENT) -> Server:
    """`count` models, `pageSize` to a page (100 when not given); a token names the offset of
    the page it asks for; the last page ends with `end`."""

    def answer(query: dict[str, str]) -> bytes:
        size = int(query.get("pageSize", "100"))
        token = query.get("paginationToken")
        start = int(re.findall(r"\d+", token)[0]) if token else 0
        stop = start + size
        ids = [f"m{n}" for n in range(start, min(stop, count))]
        return body(ids, token_at(stop) if stop < count else end)

    return answer


def our_client(server: Server) -> tuple[AsyncScenario, MockTransport]:
    def handler(request: TransportRequest) -> TransportResponse:
        query = dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))
        return TransportResponse(200, {}, server(query))

    transport = MockTransport(handler)
    client = AsyncScenario(api_key="k", api_secret="s", base_url=BASE_URL, transport=transport)
    return client, transport


def sdk_client(server: Server) -> tuple[SdkClient, list[httpx.Request]]:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, content=server(dict(request.url.params)))

    client = SdkClient(
        api_key="k",
        api_secret="s",
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        max_retries=0,
    )
    return client, requests


def assert_same_requests(transport: MockTransport, sdk_requests: list[httpx.Request]) -> None:
    sent = [from_transport(request) for request in transport.requests]
    seen = [from_httpx(request) for request in sdk_requests]
    assert [(r.method, r.raw_path, r.query) for r in sent] == [
        (r.method, r.raw_path, r.query) for r in seen
    ]


async def side_by_side(
    server: Server, walk: Callable[[Any], Awaitable[T]], **arguments: Any
) -> tuple[T, T]:
    """`walk(client.models.list(**arguments))` on the SDK and on ours, both answered by
    `server`: the SDK's result and ours, once both are seen to have sent the same requests."""
    sdk, sdk_requests = sdk_client(server)
    ours, transport = our_client(server)
    async with sdk, ours:
        theirs = await walk(sdk.models.list(**arguments))
        mine = await walk(ours.models.list(**arguments))
    assert_same_requests(transport, sdk_requests)
    return theirs, mine


def described(page: Any) -> tuple[object, ...]:
    """What a caller reads of a page, in values that the SDK's and ours can be compared by."""
    info = page.next_page_info()
    return (
        [model.id for model in page.models],
        page.next_pagination_token,
        page.has_next_page(),
        None if info is None else (dict(info.params), bool(info.url), bool(info.json)),
    )


async def outcome(pending: Awaitable[Any]) -> tuple[object, ...]:
    """A page, described; or the error instead, by type and message."""
    try:
        return described(await pending)
    except RuntimeError as error:
        return (type(error).__name__, str(error))


async def first(listing: Any) -> Any:
    return await listing


async def chained(listing: Any) -> tuple[list[tuple[object, ...]], tuple[object, ...]]:
    """Every page by `get_next_page()` while `has_next_page()`, then one more `get_next_page()`."""
    page = await listing
    pages = [described(page)]
    while page.has_next_page():
        page = await page.get_next_page()
        pages.append(described(page))
    return pages, await outcome(page.get_next_page())


async def iterated_pages(listing: Any) -> list[tuple[object, ...]]:
    return [described(page) async for page in (await listing).iter_pages()]


async def page_models(listing: Any) -> list[str]:
    return [model.id async for model in await listing]


async def listing_models(listing: Any) -> list[str]:
    return [model.id async for model in listing]


WALKS = [chained, iterated_pages, page_models, listing_models]


@settings(max_examples=40, deadline=None)
@given(
    count=st.integers(0, 9),
    page_size=st.none() | st.integers(1, 4),
    end=st.sampled_from(ENDINGS),
    walk=st.sampled_from(WALKS),
)
async def test_every_walk_sees_what_the_sdk_sees(
    count: int, page_size: int | None, end: object, walk: Callable[[Any], Awaitable[Any]]
) -> None:
    arguments: dict[str, Any] = {"types": ["flux.1-lora", "custom"]}
    if page_size is not None:
        arguments["page_size"] = page_size
    theirs, mine = await side_by_side(listing(count, end), walk, **arguments)
    assert mine == theirs
    if walk in (page_models, listing_models):
        assert mine == [f"m{n}" for n in range(count)]


async def test_the_first_page_reads_as_the_sdks() -> None:
    theirs, mine = await side_by_side(listing(5), first, page_size=2)
    assert isinstance(mine, ModelPage)
    next_info = ({"paginationToken": token_at(2)}, False, False)
    assert described(mine) == described(theirs) == (["m0", "m1"], token_at(2), True, next_info)
    info = mine.next_page_info()
    assert info == PageInfo(params={"paginationToken": token_at(2)})
    assert (info.url, info.json) == (UNSET, UNSET)
    assert isinstance(mine.models[0], Model)
    assert mine.models[0].privacy == theirs.models[0].privacy == "private"


async def test_past_the_last_page_the_error_is_the_sdks() -> None:
    async def past_the_end(listing: Any) -> tuple[object, ...]:
        return await outcome((await listing).get_next_page())

    theirs, mine = await side_by_side(listing(2), past_the_end, page_size=5)
    assert mine == theirs
    assert mine[0] == "RuntimeError"
    assert "check `.has_next_page()`" in str(mine[1])


async def test_each_next_page_repeats_the_first_requests_arguments() -> None:
    """The SDK's next page is the first request with the token added or replaced: a starting
    token, the filters and the caller's extra query go with every page."""
    arguments: dict[str, Any] = {
        "page_size": 2,
        "pagination_token": token_at(1),
        "sort_by": "createdAt",
        "extra_query": {"traceId": "t-1"},
    }
    theirs, mine = await side_by_side(listing(6), chained, **arguments)
    assert mine == theirs
    assert [page[0] for page in mine[0]] == [["m1", "m2"], ["m3", "m4"], ["m5"]]


def with_an_empty_page(query: dict[str, str]) -> bytes:
    """A listing whose second page has no model but a token, which the API is not known to
    send: the SDK's page walks and ours must stop at the same place."""
    pages = {None: body(["m0"], "t1"), "t1": body([], "t2"), "t2": body(["m1"])}
    return pages[query.get("paginationToken")]


@pytest.mark.parametrize("walk", [chained, iterated_pages, page_models])
async def test_a_page_without_models_ends_the_page_walks_whatever_its_token(
    walk: Callable[[Any], Awaitable[Any]],
) -> None:
    """`has_next_page()` is false on a page without models, so `iter_pages()` and `async for`
    over a page stop there, while `get_next_page()` still follows the token: as in the SDK."""
    theirs, mine = await side_by_side(with_an_empty_page, walk)
    assert mine == theirs


async def test_a_page_without_models_is_walked_past_by_the_listings_own_loop() -> None:
    """The one place where ours and the SDK part: `async for` over the listing itself (and
    its streams) follows every token, where the SDK's stops at a page without models."""
    sdk, _ = sdk_client(with_an_empty_page)
    ours, _ = our_client(with_an_empty_page)
    async with sdk, ours:
        assert await listing_models(sdk.models.list()) == ["m0"]
        assert await listing_models(ours.models.list()) == ["m0", "m1"]


async def test_into_decodes_every_page_into_the_view() -> None:
    ours, transport = our_client(listing(5))
    async with ours:
        page = await ours.models.list(page_size=2, into=View)
        following = await page.get_next_page()
        pages = [each.models async for each in following.iter_pages()]
        every = [view async for view in page]
    assert page.models == [View("m0"), View("m1")]
    assert pages == [[View("m2"), View("m3")], [View("m4")]]
    assert every == [View(f"m{n}") for n in range(5)]
    # Three pages walked, then the two after the first once more by `async for`.
    assert len(transport.requests) == 5


async def test_a_first_page_decoded_elsewhere_wrapped_goes_on_as_the_sdks_raw_one() -> None:
    """The SDK's `with_raw_response.list(...)` parses into a page that goes on; ours is the
    listing's `wrap_page` of the decoded first page, however it was fetched."""
    server = listing(5)
    sdk, sdk_requests = sdk_client(server)
    ours, transport = our_client(server)
    async with sdk, ours:
        their_first = await (await sdk.models.with_raw_response.list(page_size=2)).parse()
        theirs = [described(page) async for page in their_first.iter_pages()]
        pages = ours.models.list(page_size=2)
        our_first = pages.wrap_page(await ours.send(pages.call()))
        mine = [described(page) async for page in our_first.iter_pages()]
    assert mine == theirs
    assert len(mine) == 3
    assert_same_requests(transport, sdk_requests)


async def test_other_attributes_are_the_decoded_pages() -> None:
    _, page = await side_by_side(listing(3), first, page_size=2)
    assert page.__struct_fields__ == ("models", "next_pagination_token")
    assert copy.copy(page).models == page.models
    with pytest.raises(AttributeError):
        _ = page.no_such_attribute
    assert repr(page).startswith("ModelPage(ModelListPage(models=[")


async def test_to_dict_and_to_json_are_the_sdks() -> None:
    theirs, mine = await side_by_side(listing(3), first, page_size=2)
    assert mine.to_dict() == theirs.to_dict()
    assert json.loads(mine.to_json()) == json.loads(theirs.to_json())


@pytest.mark.scenario_emulator(models=13, seed=5)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page_size=st.integers(1, 7), walk=st.sampled_from(WALKS))
async def test_an_emulator_listing_walks_as_the_sdk_walks_it(
    scenario_emulator: Emulator, page_size: int, walk: Callable[[Any], Awaitable[Any]]
) -> None:
    """Several pages of the emulator's listing, over loopback (read only: one emulator for
    every example): the SDK and ours see the same pages, tokens and all."""
    emu = scenario_emulator
    async with (
        SdkClient(
            api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url, max_retries=0
        ) as sdk,
        AsyncScenario(
            api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url
        ) as ours,
    ):
        theirs = await walk(sdk.models.list(page_size=page_size))
        mine = await walk(ours.models.list(page_size=page_size))
        listed = [model.id for model in (await ours.models.list()).models]
    assert mine == theirs
    if walk in (chained, iterated_pages):
        pages = mine[0] if walk is chained else mine
        assert [model_id for page in pages for model_id in page[0]] == listed
        assert len(pages) == -(-len(listed) // page_size) > 1
    else:
        assert mine == listed
