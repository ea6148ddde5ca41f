"""Whatever a redirect's Location says, what comes out is an `APIStatusError`: the redirect
refused (a Location that is not a valid http(s) URL without credentials), or, followed as far as
the client follows redirects, the last one's status. Never a `ValueError` from parsing it, here
or in the transport.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from scenario_async import (
    APIStatusError,
    AsyncScenario,
    MockTransport,
    RetryPolicy,
    TransportRequest,
    TransportResponse,
)

INVALID = [
    "http://127.0.0.1:99999/x",
    "http://h:abc/",
    "http://h:-1/",
    "//h:65536/v1",
    "http://a\\b/v1",
    "http://[v1.x]@/",
    "http://[::1/v1",
    "http://h/caf\u00e9",
    "http://h/\udcff",
    "http://h/a b",
]
# Pieces URLs are made of, and pieces that break them.
PIECES = [
    *("http:", "https:", "ftp:", "//", "/", ":", "@", "[", "]", "?", "#", "%", "%zz", "\\"),
    *("::1", "h", "127.0.0.1", "0", "80", "65535", "65536", "99999", "-1", "+1", "abc", "\u0663"),
    *("..", ".", " ", "\t", "\u00fc", "\udcff", "[v1.x]", "[::ffff:1.2.3.4]", "user:pw@", ";"),
]
locations = st.one_of(
    st.sampled_from(INVALID),
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.text(max_size=24),
)


@pytest.fixture
async def redirecting() -> AsyncIterator[tuple[str, list[str]]]:
    """A base URL whose server answers `/v1/models/<n>` with a 302 to `INVALID[n]`, sent as
    it is; and the paths it was asked for."""
    asked: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        asked.append(request.path)
        location = INVALID[int(request.match_info["n"])].encode("utf-8", "surrogateescape")
        response = web.Response(status=302)
        # Set as bytes, as a server can: aiohttp's own checks would refuse some of these.
        response.headers["Location"] = location.decode("latin-1")
        return response

    app = web.Application()
    app.router.add_get("/v1/models/{n}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/v1", asked
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("n", range(len(INVALID)), ids=[repr(each) for each in INVALID])
async def test_an_invalid_location_is_the_redirects_status_error(
    redirecting: tuple[str, list[str]], n: int
) -> None:
    base_url, asked = redirecting
    quick = RetryPolicy(initial_delay=0, min_delay=0)
    async with AsyncScenario(
        api_key="k", api_secret="s", base_url=base_url, retry_policy=quick
    ) as client:
        with pytest.raises(APIStatusError, match="redirect refused: the Location is not a"):
            await client.models.retrieve(str(n))
    assert asked == [f"/v1/models/{n}"]  # refused, not retried


@given(locations)
async def test_any_location_ends_in_a_status_error(location: str) -> None:
    def redirect(request: TransportRequest) -> TransportResponse:
        # What the aiohttp transport reads of a request it sends: a URL it cannot read fails.
        URL(request.url, encoded=True).port  # noqa: B018
        assert request.named().path
        return TransportResponse(302, {"Location": location}, b"")

    async with AsyncScenario(
        api_key="k", api_secret="s", transport=MockTransport(redirect), max_retries=0
    ) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.models.retrieve("m")
    assert caught.value.status_code == 302
