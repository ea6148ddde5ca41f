"""A call that runs out of time waiting on this side (for a pooled connection, for the client's
rate limit) says so with the call's timeout as set: a retry waits with only what is left of
it, and that remainder would read as a timeout the caller never set."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from scenario_async import (
    AiohttpTransport,
    AsyncScenario,
    PoolTimeoutError,
    RateLimit,
    RetryPolicy,
    RetryScheduled,
    Timeout,
    TransportRequest,
)
from tests.support.servers import serving

# The call's timeout: its first attempt and the wait before its retry take a part of it.
TIMEOUT = 2.5
RETRY_DELAY = 0.2


@dataclass
class Server:
    """Answers `/v1/models/model_a` 503 (and counts each request); holds every other request
    until `release` is set."""

    asked: int = 0
    held: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        if request.path == "/v1/models/model_a":
            self.asked += 1
            return web.json_response({"message": "restarting"}, status=503)
        self.held += 1
        await self.release.wait()
        return web.json_response({})


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[tuple[Server, str]]:
    answering = Server()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answering.handle)
    async with serving(app) as url:
        try:
            yield answering, url
        finally:
            answering.release.set()


@pytest.mark.parametrize("waiting_for", ["a pooled connection", "the rate limit"])
async def test_a_retry_that_waits_past_the_deadline_states_the_calls_timeout(
    waiting_for: str,
) -> None:
    by_the_pool = waiting_for == "a pooled connection"
    holding: list[asyncio.Future[None]] = []
    async with server() as (answering, url):
        transport = AiohttpTransport(max_connections=1) if by_the_pool else AiohttpTransport()
        client = AsyncScenario(
            api_key="k",
            api_secret="s",
            base_url=url + "/v1",
            transport=transport,
            timeout=TIMEOUT,
            retry_policy=RetryPolicy(
                max_retries=1, initial_delay=RETRY_DELAY, min_delay=RETRY_DELAY
            ),
            rate_limit=None if by_the_pool else RateLimit(max_concurrent=1),
        )

        async def hold_the_only_one() -> None:
            if by_the_pool:
                held = TransportRequest("GET", url + "/held", {}, None, Timeout())
                await (await transport.open(held)).read()
            else:
                await client.with_raw_response.models.retrieve("model_held", timeout=60)

        def take_it_before_the_retry(event: object) -> None:
            # Between the first attempt, which gave back what it held, and the retry: the task
            # takes it at its first step, long before the retry's delay is over.
            if isinstance(event, RetryScheduled):
                holding.append(asyncio.ensure_future(hold_the_only_one()))

        client.subscribe(take_it_before_the_retry)
        async with client:
            with pytest.raises(PoolTimeoutError) as caught:
                await client.models.retrieve("model_a")
            answering.release.set()
            await asyncio.gather(*holding)
    message = str(caught.value)
    assert f"within the call's timeout ({TIMEOUT:g} s)" in message
    assert caught.value.request_sent is False
    # The first attempt was answered; the retry never left this side.
    assert answering.asked == 1
    assert answering.held == 1
