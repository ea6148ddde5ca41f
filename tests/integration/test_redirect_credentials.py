"""Credential headers follow a redirect within the base URL's origin and no further: over
loopback, a server that redirects to itself and to another origin (another port), each
recording the headers it got.

A credential header is `Authorization`, `Proxy-Authorization`, `X-Api-Key`, `Cookie`, or one
the client is told is secret (`secret_headers`, kept by `copy`/`with_options`); set by the
client or by the call. Its value goes on the wire as given and shows as `[secure]` wherever the
request is shown.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import msgspec
import pytest
from aiohttp import web
from multidict import CIMultiDict

from scenario_async import AsyncScenario, NotFoundError, RequestEvent
from tests.support.emulated import basic

MODEL = {"model": {"id": "m", "privacy": "private", "type": "flux.1-lora", "status": "new"}}
SECRETS = {
    "Proxy-Authorization": "Basic cHJveHk6cHc=",
    "X-Api-Key": "api-key-value",
    "Cookie": "session=cookie-value",
    "X-Tenant-Token": "tenant-token-value",
}
CALL_SECRET = {"X-Call-Token": "call-token-value"}
PLAIN = {"X-Trace": "trace-value"}
AUTHORIZATION = basic("key", "secret")
CREDENTIALS = {"Authorization": AUTHORIZATION, **SECRETS, **CALL_SECRET}


@dataclass
class Site:
    url: str = ""
    received: list[CIMultiDict[str]] = field(default_factory=list)


@contextlib.asynccontextmanager
async def serving(
    site: Site, routes: dict[str, Any], sites: dict[str, Site]
) -> AsyncIterator[None]:
    """`site` answers each path of `routes` with its JSON, or a str as a redirect to it (with
    `{base}` and `{other}` the URLs of `sites`); it records the headers of every request."""

    async def handle(request: web.Request) -> web.StreamResponse:
        site.received.append(CIMultiDict(request.headers))
        answer = routes.get(request.path)
        if answer is None:
            return web.json_response({"message": "no such route"}, status=404)
        if isinstance(answer, str):
            raise web.HTTPTemporaryRedirect(answer.format(**{n: s.url for n, s in sites.items()}))
        return web.json_response(answer)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    site.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield
    finally:
        await runner.cleanup()


@pytest.fixture
async def sites() -> AsyncIterator[dict[str, Site]]:
    """`base`: redirects `/v1/models/away` to the other origin (another port), `here` to
    itself, `back` to the other origin, which sends it back; `other`: answers."""
    sites = {"base": Site(), "other": Site()}
    base_routes = {
        "/v1/models/away": "{other}/v1/models/m",
        "/v1/models/here": "/v1/models/landed",
        "/v1/models/back": "{other}/v1/models/return",
        "/v1/models/landed": MODEL,
    }
    other_routes = {"/v1/models/m": MODEL, "/v1/models/return": "{base}/v1/models/landed"}
    async with (
        serving(sites["base"], base_routes, sites),
        serving(sites["other"], other_routes, sites),
    ):
        yield sites


def client_of(sites: dict[str, Site], **options: Any) -> AsyncScenario:
    return AsyncScenario(
        api_key="key",
        api_secret="secret",
        base_url=sites["base"].url + "/v1",
        default_headers={**SECRETS, **PLAIN},
        secret_headers=("x-tenant-token", "X-Call-Token"),
        **options,
    )


def credentials_in(headers: CIMultiDict[str]) -> dict[str, str]:
    return {name: headers[name] for name in CREDENTIALS if name in headers}


async def test_a_redirect_to_another_origin_carries_no_credential_header(
    sites: dict[str, Site],
) -> None:
    async with client_of(sites) as client:
        await client.models.retrieve("away", extra_headers=CALL_SECRET)
    (first,) = sites["base"].received
    (followed,) = sites["other"].received
    assert credentials_in(first) == CREDENTIALS  # each as given, Authorization included
    assert credentials_in(followed) == {}
    assert followed["X-Trace"] == "trace-value"


async def test_a_redirect_within_the_origin_keeps_them(sites: dict[str, Site]) -> None:
    async with client_of(sites) as client:
        await client.models.retrieve("here", extra_headers=CALL_SECRET)
    assert [credentials_in(headers) for headers in sites["base"].received] == [CREDENTIALS] * 2


async def test_once_dropped_they_stay_dropped_back_on_the_origin(sites: dict[str, Site]) -> None:
    async with client_of(sites) as client:
        await client.models.retrieve("back", extra_headers=CALL_SECRET)
    first, landed = sites["base"].received
    assert credentials_in(first) == CREDENTIALS
    assert credentials_in(landed) == {}


@pytest.mark.parametrize(
    "derive",
    [
        lambda client: client.with_options(timeout=30),
        lambda client: client.copy(default_headers={"X-More": "1"}),
        lambda client: client.copy(secret_headers=("X-More",)),
    ],
    ids=["with_options", "copy", "copy adding"],
)
async def test_copies_keep_the_headers_marked_secret(sites: dict[str, Site], derive: Any) -> None:
    async with client_of(sites) as client:
        copied = derive(client)
        await copied.models.retrieve("away", extra_headers=CALL_SECRET)
    assert credentials_in(sites["other"].received[0]) == {}


async def test_a_copy_adds_headers_marked_secret(sites: dict[str, Site]) -> None:
    async with client_of(sites) as client:
        copied = client.copy(secret_headers=("X-Trace",))
        raw = await copied.models.retrieve.raw("away")
    assert "X-Trace" not in sites["other"].received[0]
    assert raw.http_request.headers["X-Trace"] == "[secure]"


async def test_every_credential_shows_as_secure_and_no_event_holds_one(
    sites: dict[str, Site],
) -> None:
    events: list[RequestEvent] = []
    async with client_of(sites) as client:
        client.subscribe(events.append)
        raw = await client.models.retrieve.raw("here", extra_headers=CALL_SECRET)
        with pytest.raises(NotFoundError) as caught:
            await client.models.retrieve("nowhere", extra_headers=CALL_SECRET)
    shown = [raw.http_request, caught.value.request, caught.value.response.http_request]
    for request in shown:
        assert request is not None
        assert {name: request.headers[name] for name in CREDENTIALS} == dict.fromkeys(
            CREDENTIALS, "[secure]"
        )
        assert request.headers["X-Trace"] == "trace-value"
        assert not any(value in repr(request) for value in CREDENTIALS.values())
    published = msgspec.json.encode(events).decode()
    assert events and not any(value in published for value in CREDENTIALS.values())
