"""Credentials never surface: not in a repr, an exception, an event or a log line, and never
on the wire to another host, whatever the key, secret or token and whatever went wrong.

Each example talks over loopback to a raw server that fails in every way a request can
(status errors, a decode error, a malformed response, a dropped connection) and redirects to
a second host, which records whether a credential reached it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import pickle
import string
import traceback
from collections.abc import Iterator

import msgspec
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scenario_async import AsyncScenario, RetryPolicy, ScenarioError

MODEL = b'{"model": {"id": "m", "privacy": "private", "type": "flux.1-lora", "status": "new"}}'
secrets = st.text(alphabet=string.ascii_letters + "-_~", min_size=12, max_size=40)


def http(status: str, body: bytes = b"", *headers: str) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", "Connection: close", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class RawServer:
    """Answers each path with fixed bytes (or by closing the connection); records headers."""

    def __init__(self, answers: dict[str, bytes | None]) -> None:
        self.answers = answers
        self.authorizations: list[str | None] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self.answer(reader, writer)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        lines = head.split("\r\n")
        path = lines[0].split(" ")[1]
        fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        length = int(fields.get("Content-Length", "0"))
        if length:
            await reader.readexactly(length)
        self.authorizations.append(fields.get("Authorization"))
        answer = self.answers.get(path.split("?")[0], http("404 Not Found"))
        if answer is not None:
            writer.write(answer)
            await writer.drain()


def chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__]


def described(error: BaseException) -> list[str]:
    texts = ["".join(traceback.format_exception(error))]
    for link in chain(error):
        texts += [str(link), repr(link), repr(getattr(link, "__dict__", {}))]
        # The request and response an SDK error carries; the request pickled too.
        request = getattr(link, "request", None)
        texts += [repr(request), repr(pickle.dumps(request))]
        response = getattr(link, "response", None)
        if response is not None:
            texts += [repr(response), repr(response.http_request.headers), response.url]
    return texts


async def exercise(client_options: dict[str, str]) -> tuple[list[str], list[str | None]]:
    """Every surface a user can see, as text; and the Authorization the other host got."""
    elsewhere = RawServer({"/v1/landing": http("200 OK", MODEL)})
    other = await asyncio.start_server(elsewhere.handle, "127.0.0.2", 0)
    other_port = other.sockets[0].getsockname()[1]
    base = RawServer(
        {
            "/v1/models/denied": http("401 Unauthorized", b'{"message": "invalid credentials"}'),
            "/v1/models/boom": http("500 Internal Server Error", b"oops"),
            "/v1/models/wrong": http("200 OK", b'{"model": {"id": 7}}'),
            "/v1/models/garbage": b"HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n{}",
            "/v1/models/reset": None,
            "/v1/models/away": http(
                "307 Temporary Redirect", b"", f"Location: http://127.0.0.2:{other_port}/v1/landing"
            ),
            "/v1/models/fine": http("200 OK", MODEL),
        }
    )
    server = await asyncio.start_server(base.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    texts: list[str] = []
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        client = AsyncScenario(
            base_url=f"http://127.0.0.1:{port}/v1",
            retry_policy=RetryPolicy(max_retries=1, initial_delay=0.001, min_delay=0),
            **client_options,
        )
        client.subscribe(lambda event: texts.append(msgspec.json.encode(event).decode()))
        texts += [repr(client), str(client)]
        async with client:
            for name in ("denied", "boom", "wrong", "garbage", "reset", "away", "fine"):
                try:
                    raw = await client.models.retrieve.raw(name)
                    texts += [repr(raw), await raw.text(), repr(await raw.parse())]
                    texts += [repr(raw.http_request), repr(pickle.dumps(raw.http_request))]
                    streaming = client.models.with_streaming_response.retrieve(name)
                    async with streaming as streamed:
                        texts += [repr(streamed.http_request), await streamed.text()]
                except ScenarioError as error:
                    texts += described(error)
            try:
                await client.models.create(name="x", timeout=0.0001)
            except ScenarioError as error:
                texts += described(error)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for listening in (server, other):
            listening.close()
            await listening.wait_closed()
    texts += [logging.Formatter().format(record) for record in records]
    return texts, elsewhere.authorizations


def assert_hidden(texts: list[str], *hidden: str) -> None:
    """No `hidden` value in `texts`, for values that are not ordinary output anyway.

    Hypothesis draws strings from this package's own literals (`APITimeoutError`), which
    the client prints whatever the credential: a run with other credentials tells them
    apart from a leak.
    """
    reference, _ = asyncio.run(exercise({"api_key": "refkey", "api_secret": "refsecret"}))
    assume(not any(value in text for text in reference for value in hidden))
    for text in texts:
        for value in hidden:
            assert value not in text


@settings(max_examples=20)
@given(secrets, secrets)
def test_a_key_and_secret_never_surface(key: str, secret: str) -> None:
    texts, elsewhere = asyncio.run(exercise({"api_key": key, "api_secret": secret}))
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    assert_hidden(texts, key, secret, token)
    # The redirect to another host was followed twice (read, then streamed), bare both times.
    assert elsewhere == [None, None]


@settings(max_examples=10)
@given(secrets)
def test_a_bearer_token_never_surfaces(token: str) -> None:
    texts, elsewhere = asyncio.run(exercise({"bearer_auth": token}))
    assert_hidden(texts, token)
    # The redirect to another host was followed twice (read, then streamed), bare both times.
    assert elsewhere == [None, None]
