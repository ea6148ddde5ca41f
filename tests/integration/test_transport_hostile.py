"""The aiohttp transport against hostile loopback servers: bodies without end, gzip bombs.

Each server answers one response whose body does end, after far more than the client may
read, so that a client that never stops fails its test instead of hanging it. Whether the
client hung up early is the server's to say: it saw its writes fail before the end.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache, partial

import anyio
import pytest

from scenario_async import (
    AiohttpTransport,
    APIConnectionError,
    AsyncScenario,
    InternalServerError,
    ResponseTooLargeError,
    Timeout,
    TransportRequest,
)
from scenario_async.transport import (
    _INFLATE_STEP,
    DEFAULT_MAX_RESPONSE_BYTES,
    MAX_ERROR_BODY_BYTES,
)
from tests.support.doubles import exchanged
from tests.support.waiting import PATIENCE

MiB = 1024 * 1024
ZEROS = bytes(MiB)
X = b"x" * 64 * 1024


@dataclass
class Hostile:
    base_url: str
    # "dropped" when the client hung up before the end of the body, "sent" otherwise.
    outcome: asyncio.Future[str] = field(repr=False)

    @property
    def url(self) -> str:
        return self.base_url + "/models/m"

    async def ended(self) -> str:
        with anyio.fail_after(PATIENCE):
            return await self.outcome


@asynccontextmanager
async def hostile(
    body: Iterable[bytes],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    content_length: int | None = None,
) -> AsyncIterator[Hostile]:
    """A server answering one request with `body`, chunked unless `content_length` is given
    (then it is declared, whatever `body` holds)."""
    outcome: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        framing = (
            "Transfer-Encoding: chunked"
            if content_length is None
            else f"Content-Length: {content_length}"
        )
        head = [f"HTTP/1.1 {status} Hostile", framing, "Content-Type: application/json"]
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write("\r\n".join(head).encode() + b"\r\n\r\n")
            for chunk in body:
                if content_length is None:
                    chunk = b"%x\r\n%s\r\n" % (len(chunk), chunk)
                writer.write(chunk)
                await writer.drain()
            writer.write(b"0\r\n\r\n" if content_length is None else b"")
            await writer.drain()
        except ConnectionError:
            outcome.set_result("dropped")
        else:
            outcome.set_result("sent")
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    try:
        yield Hostile(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", outcome)
    finally:
        server.close()
        await server.wait_closed()


def endless(size: int) -> Iterator[bytes]:
    """`size` bytes of `x`, which no client of these tests may read to the end."""
    return itertools.repeat(X, size // len(X))


def gzip_of_zeros(size: int) -> Iterator[bytes]:
    """`size` bytes of zeros, gzip-compressed as they are sent: about a thousandth of it."""
    compressor = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    for _ in range(size // MiB):
        if part := compressor.compress(ZEROS):
            yield part
    yield compressor.flush()


@cache
def gzip_bomb(size: int) -> bytes:
    """`size` bytes of zeros gzip-compressed, whole: a bomb of about a thousandth of it."""
    return b"".join(gzip_of_zeros(size))


def raw_deflate(data: bytes) -> bytes:
    """`data` deflated without the zlib wrapper, as some servers send "deflate"."""
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def request(
    url: str, max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES
) -> TransportRequest:
    return TransportRequest("GET", url, {}, None, Timeout(), max_response_bytes)


def client(server: Hostile, max_response_bytes: int) -> AsyncScenario:
    # No retry: the server has one answer to give.
    return AsyncScenario(
        api_key="k",
        api_secret="s",
        base_url=server.base_url,
        transport=AiohttpTransport(),
        max_retries=0,
        max_response_bytes=max_response_bytes,
    )


async def test_an_endless_body_is_refused_at_the_limit_and_its_connection_dropped() -> None:
    async with hostile(endless(64 * MiB)) as server:
        transport = AiohttpTransport()
        try:
            with pytest.raises(ResponseTooLargeError, match="raise the client's max_response"):
                await exchanged(transport, request(server.url, max_response_bytes=MiB))
        finally:
            await transport.aclose()
        assert await server.ended() == "dropped"


async def test_a_gzip_bomb_is_decompressed_in_bounded_steps_up_to_the_limit() -> None:
    limit = MiB
    async with hostile([gzip_bomb(16 * MiB)], headers={"Content-Encoding": "gzip"}) as server:
        transport = AiohttpTransport()
        steps: list[int] = []
        try:
            response = await transport.open(request(server.url, max_response_bytes=limit))
            with pytest.raises(ResponseTooLargeError, match="raise the client's max_response"):
                async for piece in response.pieces():
                    steps.append(len(piece))
        finally:
            await transport.aclose()
    assert max(steps) <= _INFLATE_STEP
    assert limit - _INFLATE_STEP < sum(steps) <= limit


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        pytest.param(partial(endless, 2 * DEFAULT_MAX_RESPONSE_BYTES), {}, id="endless"),
        pytest.param(
            lambda: [gzip_bomb(2 * DEFAULT_MAX_RESPONSE_BYTES)],
            {"Content-Encoding": "gzip"},
            id="gzip-bomb",
        ),
    ],
)
async def test_at_the_default_limit_a_hostile_body_costs_no_more_memory_than_the_limit(
    body: Callable[[], Iterable[bytes]], headers: dict[str, str]
) -> None:
    async with hostile(body(), headers=headers) as server:
        transport = AiohttpTransport()
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError):
                # A request that leaves its bound to the default.
                await exchanged(transport, TransportRequest("GET", server.url, {}, None, Timeout()))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            await transport.aclose()
    # The body up to the limit, the step that crossed it, and aiohttp's buffers.
    assert peak < DEFAULT_MAX_RESPONSE_BYTES + MiB


@pytest.mark.parametrize("content_length", [None, 64 * MiB], ids=["chunked", "content-length"])
async def test_an_error_with_a_huge_body_keeps_its_first_64_kib_as_its_body(
    content_length: int | None,
) -> None:
    async with hostile(endless(64 * MiB), status=500, content_length=content_length) as server:
        async with client(server, max_response_bytes=MiB) as scenario:
            with pytest.raises(InternalServerError) as caught:
                await scenario.models.retrieve("m")
        assert await server.ended() == "dropped"
    assert caught.value.status_code == 500
    assert caught.value.content == b"x" * MAX_ERROR_BODY_BYTES
    assert caught.value.response.content == caught.value.content


async def test_a_streamed_body_stops_at_the_limit() -> None:
    limit = MiB
    async with hostile(gzip_of_zeros(64 * MiB), headers={"Content-Encoding": "gzip"}) as server:
        received: list[int] = []
        async with client(server, max_response_bytes=limit) as scenario:
            with pytest.raises(ResponseTooLargeError, match="raise the client's max_response"):
                async with scenario.with_streaming_response.models.retrieve("m") as response:
                    async for chunk in response.iter_bytes():
                        received.append(len(chunk))
    assert max(received) <= _INFLATE_STEP
    assert sum(received) <= limit


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(b'{"model": 1}')),
        ("x-gzip", gzip.compress(b'{"model": ') + gzip.compress(b"1}")),
        ("deflate", zlib.compress(b'{"model": 1}')),
        ("Deflate", raw_deflate(b'{"model": 1}')),
        ("identity", b'{"model": 1}'),
    ],
    ids=["gzip", "two-gzip-members", "deflate", "raw-deflate", "identity"],
)
async def test_a_compressed_body_is_decoded(encoding: str, body: bytes) -> None:
    async with hostile([body], headers={"Content-Encoding": encoding}) as server:
        transport = AiohttpTransport()
        try:
            _, body = await exchanged(transport, request(server.url))
        finally:
            await transport.aclose()
    assert body == b'{"model": 1}'


@pytest.mark.parametrize(
    ("encoding", "body"),
    [("br", b"\x0b\x02\x80{}\x03"), ("gzip", b"\x1f\x8b not gzip at all")],
    ids=["undecoded-encoding", "corrupt-gzip"],
)
async def test_a_body_that_does_not_decode_is_a_malformed_response(
    encoding: str, body: bytes
) -> None:
    async with hostile([body], headers={"Content-Encoding": encoding}) as server:
        transport = AiohttpTransport()
        try:
            with pytest.raises(APIConnectionError, match="malformed response") as caught:
                await exchanged(transport, request(server.url))
        finally:
            await transport.aclose()
    assert caught.value.request_sent is True
