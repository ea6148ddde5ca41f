"""A 2xx answer that is no JSON at all (a proxy's or a captive portal's page, an empty body)
says who answered: its Content-Type, its length and its first bytes, and what to check; for
every operation that decodes one, a get-bulk chunk's included."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web

from scenario_async import APIResponseDecodeError, AsyncScenario, BulkFetchError
from tests.support.servers import serving

PORTAL = (
    b"<!DOCTYPE html>\n<html><head><title>Sign in to the guest network</title></head><body>"
    + b"<p>Accept the terms to go on.</p>" * 2000
    + b"</body></html>"
)
ANSWERS = {
    "html": ("text/html; charset=utf-8", PORTAL),
    "empty": ("application/json", b""),
    "text": ("text/plain", b"OK\r\n\x1b[31m"),
}


async def retrieve(client: AsyncScenario) -> None:
    await client.models.retrieve("model_a")


async def parse_raw(client: AsyncScenario) -> None:
    await (await client.models.with_raw_response.retrieve("model_a")).parse()


async def walk(client: AsyncScenario) -> None:
    async for _ in client.models.list():
        pass


async def get_bulk(client: AsyncScenario) -> None:
    try:
        await client.models.get_bulk(model_ids=["model_a", "model_b"])
    except BulkFetchError as error:
        assert str(error.failures[0].error) in str(error)
        raise error.failures[0].error from None


OPERATIONS: dict[str, Callable[[AsyncScenario], Awaitable[None]]] = {
    "models.retrieve": retrieve,
    "models.retrieve (parse)": parse_raw,
    "models.list": walk,
    "models.get_bulk": get_bulk,
}


@pytest.fixture(params=list(ANSWERS))
async def answering(request: pytest.FixtureRequest) -> AsyncIterator[tuple[str, str, bytes]]:
    """A server answering every request 200 with one of `ANSWERS`: its URL, and the answer."""
    content_type, body = ANSWERS[request.param]

    async def answer(_: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    async with serving(app) as url:
        yield url, content_type, body


@pytest.mark.parametrize("operation", OPERATIONS)
async def test_a_2xx_answer_that_is_no_json_says_what_answered(
    answering: tuple[str, str, bytes], operation: str
) -> None:
    url, content_type, body = answering
    client: Any = AsyncScenario(api_key="k", api_secret="s", base_url=url + "/v1")
    async with client:
        with pytest.raises(APIResponseDecodeError) as caught:
            await OPERATIONS[operation](client)
    error = caught.value
    message = str(error)
    assert error.status_code == 200
    assert error.body == body
    assert repr(content_type) in message
    if body:
        assert f"{len(body)} bytes" in message
        assert repr(body[:16])[:-1] in message
    else:
        assert "empty body" in message
    assert "\x1b" not in message
    assert "base_url" in message
    # A prefix of the body, however long it is.
    assert len(message) < 500
