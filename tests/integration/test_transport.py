"""The aiohttp transport over real loopback sockets: bytes in, typed failures out."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from scenario_async import (
    AiohttpTransport,
    APIConnectionError,
    APITimeoutError,
    AsyncScenario,
    Call,
    PoolTimeoutError,
    RequestFailed,
    ResponseTooLargeError,
    Timeout,
    TransportRequest,
)
from tests.support.aiohttp_mock import MockedAPI
from tests.support.doubles import exchanged

# Set when the server shuts down: until then, `/slow` never answers.
SHUTDOWN = web.AppKey("shutdown", asyncio.Event)


async def slow(request: web.Request) -> web.Response:
    await request.app[SHUTDOWN].wait()
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
    app[SHUTDOWN] = asyncio.Event()
    app.router.add_get("/slow", slow)
    app.router.add_get("/big", big)
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    app[SHUTDOWN].set()
    await runner.cleanup()


def request(url: str, **timeout: float | None) -> TransportRequest:
    return TransportRequest("GET", url, {}, None, Timeout(**timeout))


async def test_sends_the_encoded_url_exactly_as_built(server: str) -> None:
    transport = AiohttpTransport()
    try:
        status, body = await exchanged(
            transport, request(server + "/models/mod%C3%A8le%20%2B@x?a=%2C")
        )
    finally:
        await transport.aclose()
    assert status == 200
    assert b'"/models/mod%C3%A8le%20%2B@x?a=%2C"' in body


async def test_refused_connection_is_reported_as_never_sent() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transport = AiohttpTransport()
    try:
        with pytest.raises(APIConnectionError) as caught:
            await exchanged(transport, request(f"http://127.0.0.1:{port}/models"))
    finally:
        await transport.aclose()
    assert caught.value.request_sent is False
    assert not isinstance(caught.value, APITimeoutError)


async def test_slow_server_times_out(server: str) -> None:
    # The server never answers within the test: the timeout has nothing to race.
    transport = AiohttpTransport()
    try:
        with pytest.raises(APITimeoutError):
            await exchanged(transport, request(server + "/slow", total=0.2))
    finally:
        await transport.aclose()


async def test_body_over_the_limit_is_refused(server: str) -> None:
    transport = AiohttpTransport()
    limited = TransportRequest("GET", server + "/big", {}, None, Timeout(), 10_000)
    try:
        with pytest.raises(ResponseTooLargeError):
            await exchanged(transport, limited)
    finally:
        await transport.aclose()


async def test_client_session_is_created_lazily_and_closed(server: str) -> None:
    transport = AiohttpTransport()
    client = AsyncScenario(api_key="k", api_secret="s", base_url=server, transport=transport)
    assert transport._session is None
    async with client:
        raw = await client.models.delete.raw("model_1")
        assert (await raw.json())["method"] == "DELETE"
        session = transport._session
        assert session is not None
    assert session.closed


async def test_waiting_for_a_free_connection_is_not_a_server_timeout() -> None:
    received: list[str] = []
    arrived, release = asyncio.Event(), asyncio.Event()

    async def hold(request: web.Request) -> web.Response:
        received.append(request.path)
        arrived.set()
        await release.wait()
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/{name}", hold)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    transport = AiohttpTransport(max_connections=1)
    try:
        first = asyncio.ensure_future(exchanged(transport, request(base + "/first")))
        await arrived.wait()
        with pytest.raises(PoolTimeoutError, match="no free connection") as caught:
            await exchanged(transport, request(base + "/second", total=0.2))
        release.set()
        assert (await first)[0] == 200
    finally:
        await transport.aclose()
        await runner.cleanup()
    assert caught.value.request_sent is False
    assert received == ["/first"]


async def test_a_put_is_never_resent_behind_the_clients_back() -> None:
    # aiohttp's own default resends PUT and DELETE when the connection breaks; a repeated
    # training trigger would train twice.
    received = 0

    async def drop(request: web.Request) -> web.Response:
        nonlocal received
        received += 1
        assert request.transport is not None
        request.transport.abort()
        return web.json_response({})

    app = web.Application()
    app.router.add_put("/models/m/train", drop)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/models/m/train"
    transport = AiohttpTransport()
    try:
        with pytest.raises(APIConnectionError) as caught:
            await exchanged(transport, TransportRequest("PUT", url, {}, b"{}", Timeout()))
    finally:
        await transport.aclose()
        await runner.cleanup()
    assert caught.value.request_sent is True
    assert received == 1


async def test_a_malformed_response_error_keeps_no_trace_of_the_request_headers() -> None:
    async def garbage(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n{}")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(garbage, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    headers = {"Authorization": "Basic c2VjcmV0LXRva2Vu"}
    transport = AiohttpTransport()
    try:
        with pytest.raises(APIConnectionError) as caught:
            await exchanged(
                transport,
                TransportRequest("GET", f"http://127.0.0.1:{port}/m", headers, None, Timeout()),
            )
    finally:
        await transport.aclose()
        server.close()
        await server.wait_closed()
    assert caught.value.request_sent is True
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


@pytest.mark.parametrize(
    ("failure", "sent"),
    [(aiohttp.ConnectionTimeoutError(), False), (aiohttp.SocketTimeoutError(), True)],
)
async def test_timeouts_say_whether_the_request_may_have_been_sent(
    failure: Exception, sent: bool
) -> None:
    transport = AiohttpTransport()
    try:
        with MockedAPI() as mocked, pytest.raises(APITimeoutError) as caught:
            mocked.get("https://api.example/models", exception=failure)
            await exchanged(transport, request("https://api.example/models"))
    finally:
        await transport.aclose()
    assert caught.value.request_sent is sent


def test_a_request_value_names_its_headers_but_never_shows_them() -> None:
    shown = repr(
        TransportRequest("GET", "https://h/m", {"Authorization": "Basic c2VjcmV0"}, None, Timeout())
    )
    assert "Authorization" in shown
    assert "c2VjcmV0" not in shown


@pytest.mark.parametrize("path", ["/big", "/models/" + "x" * 2000])
async def test_a_response_over_the_clients_limit_is_a_clear_error_and_the_client_goes_on(
    server: str, path: str
) -> None:
    events: list[object] = []
    client = AsyncScenario(api_key="k", api_secret="s", base_url=server, max_response_bytes=1000)
    client.subscribe(events.append)
    call = Call(operation="test", method="GET", path=path, response_type=object, idempotent=True)
    async with client:
        with pytest.raises(ResponseTooLargeError, match="exceeds 1000") as caught:
            await client.send(call)
        raw = await client.models.delete.raw("model_1")
    assert caught.value.path == path
    assert [type(event) for event in events].count(RequestFailed) == 1
    assert raw.status_code == 200
