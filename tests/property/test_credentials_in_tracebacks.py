"""No credential in a traceback printed with its locals, whatever failed.

`pytest -l` and `traceback.TracebackException(..., capture_locals=True)` print the repr of
every local of every frame of an error and of its causes, aiohttp's frames included, whose
locals hold the request's headers. Each example fails a request over loopback in every way
one can (nothing listening, no connection accepted, no answer, a hang-up mid-response or while
the body is sent, a malformed response, a status error, a refused redirect), with a key and
secret (or a bearer token) drawn by Hypothesis, and formats each error both ways.
"""

from __future__ import annotations

import asyncio
import socket
import string
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scenario_async import AsyncScenario, Timeout
from scenario_async.emulator import Emulator, Faults
from tests.support.emulated import basic
from tests.support.ports import closed_port, unaccepting_port

secrets = st.text(alphabet=string.ascii_letters + "-_~", min_size=12, max_size=40)
QUICK = Timeout(total=None, connect=0.2, read=0.2)
MARKED = "X-Tenant-Token"


def formatted(error: BaseException) -> list[str]:
    """`error` as the standard library and pytest print it with locals, chain included."""
    texts = [
        "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
    ]
    info = pytest.ExceptionInfo.from_exception(error)
    for truncate in (True, False):  # pytest -l, and pytest -l -vv
        texts.append(
            str(info.getrepr(showlocals=True, style="long", chain=True, truncate_locals=truncate))
        )
    return texts


async def answering(
    answer: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
) -> tuple[asyncio.Server, int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await answer(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def replying(
    data: bytes,
) -> Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(data)
        await writer.drain()

    return answer


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """No answer: wait until the client hangs up."""
    await reader.read()


async def hang_up_unread(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Close at once, the body unread, with a reset rather than a clean close."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def client_for(options: dict[str, str]) -> Callable[[str], AsyncScenario]:
    """Makes a client with these credentials for a base URL; only a function is passed on, so
    that the frames of the test itself hold no credential among their locals."""

    def client(base_url: str) -> AsyncScenario:
        return AsyncScenario(
            base_url=base_url,
            max_retries=0,
            timeout=QUICK,
            default_headers={MARKED: "tenant-" + "".join(options.values())},
            secret_headers=(MARKED,),
            **options,
        )

    return client


async def errors(options: dict[str, str]) -> AsyncIterator[tuple[str, BaseException]]:
    """Each way a request fails, and the error it raised."""
    make = client_for(options)

    async def failure(base_url: str, call: str = "retrieve") -> BaseException:
        async with make(base_url) as client:
            try:
                if call == "create":
                    await client.models.create(name="x", extra_body={"pad": "x" * 65_536})
                else:
                    await client.models.retrieve("m")
            except Exception as error:  # any error: each is looked at
                return error
        raise AssertionError("the request succeeded")

    with closed_port() as port:
        yield "refused", await failure(f"http://127.0.0.1:{port}/v1")
    with unaccepting_port() as port:
        yield "connect timeout", await failure(f"http://127.0.0.1:{port}/v1")
    raw = {
        "read timeout": silent,
        "hang-up mid-response": replying(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}"),
        "malformed": replying(b"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n{}"),
        "refused redirect": replying(
            b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\nLocation: ftp://h/x\r\n\r\n"
        ),
        "invalid redirect": replying(
            b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\nLocation: http://h:99999/x\r\n\r\n"
        ),
    }
    for name, answer in raw.items():
        server, port = await answering(answer)
        async with server:
            yield name, await failure(f"http://127.0.0.1:{port}/v1")
    server, port = await answering(hang_up_unread)
    async with server:
        yield "hang-up while sending", await failure(f"http://127.0.0.1:{port}/v1", "create")
    async with Emulator() as emulator:
        yield "401", await failure(emulator.base_url)
    key, secret = options.get("api_key", "k"), options.get("api_secret", "s")
    token = options.get("bearer_auth")
    for faults in (Faults(error=1.0), Faults(drop=1.0), Faults(truncate=1.0)):
        async with Emulator(
            api_key=key, api_secret=secret, bearer_token=token, faults=faults
        ) as emulator:
            yield repr(faults), await failure(emulator.base_url)


async def leaks(options: dict[str, str], hidden: list[str]) -> list[tuple[str, str]]:
    """(failure, hidden value) for each value seen in the printed error of each failure."""
    found = []
    async for name, error in errors(options):
        for text in formatted(error):
            found += [(name, value) for value in hidden if value in text]
    return found


REFERENCE: list[str] = []


def reference_texts() -> list[str]:
    """The printed errors of a run with other credentials: Hypothesis draws strings from this
    package's own literals, which a traceback shows whatever the credential."""

    async def run() -> list[str]:
        options = {"api_key": "refkey", "api_secret": "refsecret"}
        return [text async for _, error in errors(options) for text in formatted(error)]

    if not REFERENCE:
        REFERENCE.extend(asyncio.run(run()))
    return REFERENCE


def assume_not_ordinary(*values: str) -> None:
    texts = reference_texts()
    assume(not any(value in text for text in texts for value in values))


@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(secrets, secrets)
def test_a_key_and_secret_never_show_in_a_traceback_with_locals(key: str, secret: str) -> None:
    token = basic(key, secret).removeprefix("Basic ")
    hidden = [key, secret, token, f"tenant-{key}{secret}"]
    assume_not_ordinary(*hidden)
    assert asyncio.run(leaks({"api_key": key, "api_secret": secret}, hidden)) == []


@settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow])
@given(secrets)
def test_a_bearer_token_never_shows_in_a_traceback_with_locals(token: str) -> None:
    assume_not_ordinary(token)
    assert asyncio.run(leaks({"bearer_auth": token}, [token, f"tenant-{token}"])) == []
