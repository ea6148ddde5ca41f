"""The emulator facing clients that misbehave: bytes no client library sends, calls abandoned
mid-request, and a harness that never reads the process's output."""

from __future__ import annotations

import os
import re
import signal
import sys

import anyio
import msgspec
import pytest
from anyio.streams.text import TextReceiveStream

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator
from tests.support.emulated import basic
from tests.support.processes import running
from tests.support.waiting import PATIENCE

_URL = re.compile(r"listening on http://127\.0\.0\.1:(\d+)/v1")
_AUTHORIZATION = basic("emulator-key", "emulator-secret").encode()


async def exchange(port: int, request: bytes, *, hang_up: bool = False) -> bytes:
    """Send `request` on a new connection (then hang up, if told), and read until the server
    closes it: a request says `Connection: close`, or the client left."""
    async with await anyio.connect_tcp("127.0.0.1", port) as stream:
        await stream.send(request)
        if hang_up:
            await stream.send_eof()
        answer = b""
        with anyio.fail_after(PATIENCE):
            while True:
                try:
                    answer += await stream.receive()
                except anyio.EndOfStream:
                    return answer


def get_models(authorization: bytes) -> bytes:
    return (
        b"GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Authorization: " + authorization + b"\r\n\r\n"
    )


def status_and_body(answer: bytes) -> tuple[int, bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic é".encode(),  # UTF-8
        b"Basic \xe9\xe9",  # latin-1: not UTF-8 at all
        b"Bearer \xff",
        b"public-auth-token\xe9",
        _AUTHORIZATION + b"\xe9",
    ],
)
async def test_a_non_ascii_authorization_is_refused_like_any_bad_credential(
    scenario_emulator: Emulator, authorization: bytes
) -> None:
    status, body = status_and_body(
        await exchange(scenario_emulator.port, get_models(authorization))
    )
    assert status == 401
    assert msgspec.json.decode(body) == {
        "message": "missing or invalid credentials",
        "parameter": "Authorization",
    }


@pytest.mark.scenario_emulator(bearer_token="jeton-é")
async def test_a_non_ascii_bearer_token_lets_its_holder_in(scenario_emulator: Emulator) -> None:
    port = scenario_emulator.port
    status, body = status_and_body(await exchange(port, get_models("Bearer jeton-é".encode())))
    assert (status, msgspec.json.decode(body)) == (200, {"models": []})
    assert status_and_body(await exchange(port, get_models(b"Bearer jeton-\xe9")))[0] == 401


def get_bulk(header: bytes) -> bytes:
    """A get-bulk of one unknown id, with `header` beside the usual ones."""
    body = b'{"modelIds": ["model_a"]}'
    head = [
        b"POST /v1/models/get-bulk HTTP/1.1",
        b"Host: x",
        b"Connection: close",
        b"Authorization: " + _AUTHORIZATION,
        b"Content-Length: " + str(len(body)).encode(),
        header,
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    ("header", "status", "parameter"),
    [
        (b"Expect: \xe9", 417, "Expect"),
        (b"Expect: something-else", 417, "Expect"),
        (b"Content-Encoding: gzip", 400, "body"),  # the body is plain JSON
        (b"Content-Encoding: deflate", 400, "body"),
    ],
)
async def test_headers_aiohttp_reads_for_the_emulator_get_its_json_errors(
    scenario_emulator: Emulator, header: bytes, status: int, parameter: str
) -> None:
    answer = await exchange(scenario_emulator.port, get_bulk(header))
    assert status_and_body(answer)[0] == status
    assert msgspec.json.decode(status_and_body(answer)[1])["parameter"] == parameter


async def test_expect_100_continue_is_still_answered(scenario_emulator: Emulator) -> None:
    answer = await exchange(scenario_emulator.port, get_bulk(b"Expect: 100-Continue"))
    interim, _, final = answer.partition(b"\r\n\r\n")
    assert interim == b"HTTP/1.1 100 Continue"
    assert status_and_body(final) == (200, b'{"models":[]}')


# Headers and the start of a body that never comes: the server waits for the rest until the
# client leaves, whatever the timing.
_ABANDONED = (
    b"POST /v1/models/get-bulk HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
    b"Authorization: " + _AUTHORIZATION + b"\r\n\r\n" + b'{"modelIds": ['
)
_MALFORMED = b"GET /v1/models?status=\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


async def test_clients_leaving_mid_request_neither_stall_nor_flood_an_unread_process() -> None:
    """Far more output than a pipe holds (64 KiB) would be written if every abandoned call or
    malformed request were logged at length; the emulator must keep serving with both of its
    pipes unread, and what it does write must hold no traceback."""
    command = [sys.executable, "-m", "scenario_async", "emulator", "--port", "0"]
    async with running(command, os.environ) as started:
        process = started.process
        assert process.stderr is not None
        with anyio.fail_after(PATIENCE):
            first_line = b""
            while b"\n" not in first_line:
                first_line += await process.stderr.receive()
        found = _URL.search(first_line.decode())
        assert found, first_line
        port = int(found.group(1))

        for _ in range(1000):
            assert await exchange(port, _ABANDONED, hang_up=True) == b""
        for _ in range(1500):
            status, _ = status_and_body(await exchange(port, _MALFORMED))
            assert status == 400
        async with AsyncScenario(
            api_key="emulator-key",
            api_secret="emulator-secret",
            base_url=f"http://127.0.0.1:{port}/v1",
        ) as client:
            with anyio.fail_after(PATIENCE):
                assert (await client.models.list()).models == []

        # A loop stuck writing to a full pipe would not see the signal either.
        process.send_signal(signal.SIGTERM)
        with anyio.fail_after(PATIENCE):
            assert await process.wait() == 0
            errors = first_line.decode()
            async for chunk in TextReceiveStream(process.stderr, errors="replace"):
                errors += chunk
    assert "Traceback" not in errors
    assert "Error handling request from 127.0.0.1: InvalidURLError\n" in errors
