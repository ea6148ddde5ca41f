"""Every error a call can end with names it one way: the call's method and its path relative
to base_url (`GET /models/model_a`), as the API reference names operations and the events
name requests, in its message and in its `method` and `path`, whatever the kind of failure
and whatever URL the request went to (base_url's `/v1`, a redirect's)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from scenario_async import (
    AiohttpTransport,
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APITimeoutError,
    AsyncScenario,
    InternalServerError,
    NotFoundError,
    PoolTimeoutError,
    RequestFailed,
    ResponseTooLargeError,
    Timeout,
    TransportRequest,
    TransportResponse,
)
from tests.support.ports import closed_port
from tests.support.servers import serving
from tests.support.waiting import until

PATH = "/models/model_a"


@dataclass
class Server:
    """Answers each request with `answer`; a request to /held waits until the test ends."""

    answer: Callable[[], web.StreamResponse] | None
    held: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/held" or self.answer is None:
            self.held += 1
            await self.release.wait()
            return web.json_response({})
        return self.answer()


def closed_port_url() -> str:
    with closed_port() as port:
        return f"http://127.0.0.1:{port}/elsewhere"


FAILURES: dict[str, tuple[type[APIError], Callable[[], web.StreamResponse] | None]] = {
    "404": (NotFoundError, lambda: web.json_response({"message": "no such model"}, status=404)),
    "503": (InternalServerError, lambda: web.json_response({}, status=503)),
    "not json": (APIResponseDecodeError, lambda: web.Response(body=b"<html></html>")),
    "wrong shape": (APIResponseDecodeError, lambda: web.json_response({"model": 7})),
    "too large": (ResponseTooLargeError, lambda: web.json_response({"pad": "x" * 5000})),
    "refused": (APIConnectionError, None),
    "redirected, refused": (
        APIConnectionError,
        lambda: web.Response(status=307, headers={"Location": closed_port_url()}),
    ),
    "timeout": (APITimeoutError, None),
    "pool timeout": (PoolTimeoutError, None),
}


@contextlib.asynccontextmanager
async def failing(kind: str) -> AsyncIterator[AsyncScenario]:
    """A client (no retries) whose `retrieve("model_a")` fails as `kind` says."""
    _, answer = FAILURES[kind]
    server = Server(answer)
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    transport = AiohttpTransport(max_connections=1)
    options: dict[str, Any] = {
        "timeout": Timeout(total=0.3) if kind == "pool timeout" else Timeout(read=0.3),
        "max_response_bytes": 1000,
        "transport": transport,
        "max_retries": 0,
    }
    async with serving(app) as url:
        if kind == "refused":
            url = closed_port_url()
        client = AsyncScenario(api_key="k", api_secret="s", base_url=url + "/v1", **options)
        async with client, contextlib.AsyncExitStack() as stack:
            if kind == "pool timeout":
                # The one connection, taken until the server lets the request go at the end.
                held = TransportRequest("GET", url + "/held", {}, None, Timeout())
                stack.push_async_callback(closed, asyncio.ensure_future(transport.open(held)))
                await until(lambda: server.held == 1)
            stack.callback(server.release.set)
            yield client


async def closed(opening: asyncio.Future[TransportResponse]) -> None:
    await (await opening).aclose()


@pytest.mark.parametrize("kind", FAILURES)
async def test_every_kind_of_failure_names_the_calls_method_and_path(kind: str) -> None:
    events: list[object] = []
    async with failing(kind) as client:
        client.subscribe(events.append)
        with pytest.raises(APIError) as caught:
            await client.models.retrieve("model_a")
    error = caught.value
    assert type(error) is FAILURES[kind][0]
    assert (error.method, error.path) == ("GET", PATH)
    assert str(error).startswith(f"GET {PATH}:") or str(error).startswith(f"GET {PATH} ")
    failed = [event for event in events if isinstance(event, RequestFailed)]
    assert [(event.method, event.path, event.message) for event in failed] == [
        ("GET", PATH, str(error))
    ]
