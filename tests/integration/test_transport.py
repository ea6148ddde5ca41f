"""The aiohttp transport over real loopback sockets: bytes in, typed failures out."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from scenario_async import (
    AiohttpTransport,
    APIConnectionError,
    APITimeoutError,
    AsyncScenario,
    ResponseTooLargeError,
    Timeout,
    TransportRequest,
)


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(5)
    return web.json_response({})


async def big(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse()
    await response.prepare(request)
    for _ in range(64):
        await response.write(b"x" * 1024)
    await response.write_eof()
    return response


async def echo(request: web.Request) -> web.Response:
    return web.json_response(
        {"path": request.raw_path, "method": request.method, "body": await request.text()}
    )


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_get("/slow", slow)
    app.router.add_get("/big", big)
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def request(url: str, **timeout: float | None) -> TransportRequest:
    return TransportRequest("GET", url, {}, None, Timeout(**timeout))


async def test_sends_the_encoded_url_exactly_as_built(server: str) -> None:
    transport = AiohttpTransport()
    try:
        response = await transport.send(request(server + "/models/mod%C3%A8le%20%2B@x?a=%2C"))
    finally:
        await transport.aclose()
    assert response.status == 200
    assert b'"/models/mod%C3%A8le%20%2B@x?a=%2C"' in response.body


async def test_refused_connection_is_reported_as_never_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = AiohttpTransport()
    try:
        with pytest.raises(APIConnectionError) as caught:
            await transport.send(request(f"http://127.0.0.1:{port}/models"))
    finally:
        await transport.aclose()
    assert caught.value.request_sent is False
    assert not isinstance(caught.value, APITimeoutError)


async def test_slow_server_times_out(server: str) -> None:
    transport = AiohttpTransport()
    try:
        with pytest.raises(APITimeoutError):
            await transport.send(request(server + "/slow", total=0.2))
    finally:
        await transport.aclose()


async def test_body_over_the_limit_is_refused(server: str) -> None:
    transport = AiohttpTransport()
    limited = TransportRequest("GET", server + "/big", {}, None, Timeout(), 10_000)
    try:
        with pytest.raises(ResponseTooLargeError):
            await transport.send(limited)
    finally:
        await transport.aclose()


async def test_client_session_is_created_lazily_and_closed(server: str) -> None:
    transport = AiohttpTransport()
    client = AsyncScenario(api_key="k", api_secret="s", base_url=server, transport=transport)
    assert transport._session is None
    async with client:
        raw = await client.models.delete.raw("model_1")
        assert raw.json()["method"] == "DELETE"
        session = transport._session
        assert session is not None
    assert session.closed
