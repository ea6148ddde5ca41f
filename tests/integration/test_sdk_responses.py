"""Raw and streaming responses, wrong calls, client options and errors, as the official SDK's.

Every case runs the same code on `scenario_sdk.AsyncScenario` (httpx mock transport) and on
ours (`MockTransport`, or the emulator and gated servers over loopback where the socket
matters), and compares what a user of the official SDK would look at.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_async import (
    AiohttpTransport,
    AsyncScenario,
    DefaultAioHttpClient,
    MockTransport,
    NotFoundError,
    RequestSent,
    StreamConsumedError,
    Timeout,
    TransportRequest,
    TransportResponse,
    ValidationError,
)
from scenario_async.emulator import Emulator
from tests.integration.test_sdk_wire_equality import MINIMAL_CALLS, RESPONSE_VIEWS
from tests.support.emulated import client_of
from tests.support.samples import OPERATIONS, sample_bytes
from tests.support.wire import (
    API_KEY,
    API_SECRET,
    BASE_URL,
    BASIC_AUTH,
    our_client,
    resolve,
    response_form,
    sdk_client,
)

TOKEN = BASIC_AUTH.split(" ", 1)[1]
OPERATION_IDS = {"ids": lambda op: op.removeprefix("models.")}


def _raw(client: Any, operation: str) -> Any:
    return response_form(client, operation, "with_raw_response")


def _streaming(client: Any, operation: str) -> Any:
    return response_form(client, operation, "with_streaming_response")


def _same_url(ours: str, theirs: str) -> bool:
    """The same URL to a server: httpx writes a space in a query as `+`, we write `%20`."""
    mine, other = urlsplit(ours), urlsplit(theirs)
    return (mine.scheme, mine.netloc, mine.path, parse_qsl(mine.query)) == (
        other.scheme,
        other.netloc,
        other.path,
        parse_qsl(other.query),
    )


@pytest.mark.parametrize("operation", OPERATIONS, **OPERATION_IDS)
async def test_raw_responses_read_as_the_sdk_s(operation: str) -> None:
    args, kwargs = MINIMAL_CALLS[operation]
    sdk, _ = sdk_client(operation)
    ours, _ = our_client(operation)
    async with sdk, ours:
        theirs = await _raw(sdk, operation)(*args, **kwargs)
        mine = await _raw(ours, operation)(*args, **kwargs)

        assert mine.is_closed is theirs.is_closed is True
        assert mine.status_code == theirs.status_code
        assert mine.http_request.method == theirs.http_request.method
        assert _same_url(mine.http_request.url, str(theirs.http_request.url))
        assert mine.headers["content-type"] == theirs.headers["content-type"]
        assert await mine.read() == await theirs.read() == sample_bytes(operation)
        assert await mine.text() == await theirs.text()
        assert await mine.json() == await theirs.json()
        view = RESPONSE_VIEWS[operation]
        assert view(await mine.parse()) == view(await theirs.parse())


@pytest.mark.parametrize("operation", OPERATIONS, **OPERATION_IDS)
async def test_streaming_responses_behave_as_the_sdk_s(operation: str) -> None:
    args, kwargs = MINIMAL_CALLS[operation]
    sdk, _ = sdk_client(operation)
    ours, _ = our_client(operation)
    async with sdk, ours:
        streams = _streaming(sdk, operation), _streaming(ours, operation)
        async with streams[0](*args, **kwargs) as theirs, streams[1](*args, **kwargs) as mine:
            # (httpx's in-memory responses are closed from the start: whether a body is
            # held back until asked is for the gated server below.)
            assert mine.status_code == theirs.status_code
            view = RESPONSE_VIEWS[operation]
            assert view(await mine.parse()) == view(await theirs.parse())
            assert mine.is_closed is theirs.is_closed is True
            # Read once, the body is kept: reading or iterating again gives it again.
            assert await mine.read() == await theirs.read() == sample_bytes(operation)
            assert [c async for c in mine.iter_bytes()] == [c async for c in theirs.iter_bytes()]
        assert mine.is_closed and theirs.is_closed


@pytest.mark.parametrize("client_kind", ["sdk", "ours"])
async def test_a_stream_is_consumed_once_as_in_the_sdk(client_kind: str) -> None:
    from scenario_sdk._response import StreamAlreadyConsumed

    gate = GatedServer()
    gate.release.set()
    consumed = StreamAlreadyConsumed if client_kind == "sdk" else StreamConsumedError
    async with (
        gated(gate, client_kind) as client,
        client.models.with_streaming_response.retrieve("model_x") as response,
    ):
        lines = [line async for line in response.iter_lines()]
        assert json.loads("".join(lines)) == json.loads(gate.body)
        assert response.is_closed
        with pytest.raises(consumed):
            await response.read()
        with pytest.raises(consumed):
            await response.parse()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.text(alphabet=st.sampled_from("ab\n\r é✓{}"), max_size=300),
    chunk_size=st.none() | st.integers(1, 64),
)
async def test_iterating_a_body_gives_what_the_sdk_gives(body: str, chunk_size: int | None) -> None:
    content = body.encode()

    def sdk_handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"content-type": "text/plain"})

    def our_handler(request: TransportRequest) -> TransportResponse:
        return TransportResponse(200, {"content-type": "text/plain"}, content)

    sdk = _sdk_on(sdk_handler)
    ours = AsyncScenario(
        api_key=API_KEY,
        api_secret=API_SECRET,
        base_url=BASE_URL,
        transport=MockTransport(our_handler),
    )
    async with sdk, ours:
        for method, kwargs in (
            ("iter_bytes", {"chunk_size": chunk_size}),
            ("iter_text", {"chunk_size": chunk_size}),
            ("iter_lines", {}),
        ):
            async with sdk.models.with_streaming_response.retrieve("m") as theirs:
                expected = [part async for part in getattr(theirs, method)(**kwargs)]
            async with ours.models.with_streaming_response.retrieve("m") as mine:
                got = [part async for part in getattr(mine, method)(**kwargs)]
            assert "".join(map(str, got)) == "".join(map(str, expected))
            if method != "iter_text":
                assert got == expected


def _sdk_on(handler: Any, **options: Any) -> Any:
    from scenario_sdk import AsyncScenario as SdkClient

    return SdkClient(
        api_key=API_KEY,
        api_secret=API_SECRET,
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        max_retries=0,
        **options,
    )


async def test_the_credential_never_shows_in_a_printed_request() -> None:
    ours, _ = our_client("models.retrieve")
    async with ours:
        raw = await ours.models.with_raw_response.retrieve("model_x")
        async with ours.models.with_streaming_response.retrieve("model_x") as streamed:
            shown = [
                repr(response.http_request) + str(response.http_request.headers) + repr(response)
                for response in (raw, streamed)
            ]
    assert raw.http_request.headers["Authorization"] == "[secure]"
    assert raw.http_request.headers["Accept"] == "application/json"
    for text in shown:
        assert TOKEN not in text
        assert "[secure]" in text


class GatedServer:
    """Answers status and headers at once, then the body only when `release` is set: a
    response that is streamed lazily can be entered while its body is still held back."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.body_sent = False
        model = {"id": "model_x", "privacy": "private", "type": "flux.1-lora"}
        self.body = json.dumps({"model": model}).encode()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(self.body)}\r\n\r\n"
        )
        writer.write(head.encode())
        await writer.drain()
        await self.release.wait()
        writer.write(self.body)
        self.body_sent = True
        await writer.drain()
        writer.close()


@asynccontextmanager
async def gated(gate: GatedServer, client_kind: str) -> AsyncIterator[Any]:
    """A client of either kind, on a fresh gated server."""
    from scenario_sdk import AsyncScenario as SdkClient

    server = await asyncio.start_server(gate.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    kind = SdkClient if client_kind == "sdk" else AsyncScenario
    client: Any = kind(
        api_key=API_KEY, api_secret=API_SECRET, base_url=f"http://127.0.0.1:{port}/v1"
    )
    try:
        async with client:
            yield client
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize("client_kind", ["sdk", "ours"])
async def test_a_streamed_body_is_not_read_until_asked(client_kind: str) -> None:
    gate = GatedServer()
    async with gated(gate, client_kind) as client:
        async with client.models.with_streaming_response.retrieve("model_x") as response:
            # Entered with the body still held back by the server: nothing was read.
            assert response.status_code == 200
            assert not response.is_closed
            assert not gate.body_sent
            gate.release.set()
            assert (await response.parse()).model.id == "model_x"
            assert response.is_closed
        assert response.is_closed


async def test_streaming_keeps_retries_events_and_projection() -> None:
    answers = [
        TransportResponse(503, {"Retry-After": "0"}, b"{}"),
        TransportResponse(200, {}, sample_bytes("models.retrieve")),
    ]
    transport = MockTransport(lambda request: answers.pop(0))
    events: list[object] = []
    client = AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, transport=transport)
    client.subscribe(events.append)

    class View(msgspec.Struct, rename="camel"):
        id: str
        short_description: str | None = None

    async with client, client.models.with_streaming_response.retrieve("model_x") as response:
        assert response.retries_taken == 1
        projected = await response.parse(into=View)
    assert isinstance(projected.model, View)
    assert projected.model.id
    assert [type(e) for e in events if isinstance(e, RequestSent)] == [RequestSent] * 2


async def test_the_raw_list_parses_into_a_page_that_goes_on(scenario_emulator: Emulator) -> None:
    async with client_of(scenario_emulator) as client:
        for n in range(5):
            await client.models.create(name=f"m{n}")
        raw = await client.models.with_raw_response.list(page_size=2)
        first = await raw.parse()
        assert first.has_next_page()
        second = await first.get_next_page()
        assert len(first.models) == len(second.models) == 2
        assert {m.id for m in first.models}.isdisjoint(m.id for m in second.models)


def _sdk_methods() -> list[tuple[str, inspect.Signature]]:
    from scenario_sdk import AsyncScenario as SdkClient

    sdk = SdkClient(api_key="k", api_secret="s", base_url=BASE_URL)
    return [(op, inspect.signature(resolve(sdk, op))) for op in OPERATIONS]


def _valid_call(operation: str) -> tuple[tuple[Any, ...], dict[str, Any]]:
    args, kwargs = MINIMAL_CALLS[operation]
    return args, dict(kwargs)


async def _refused_alike(
    operation: str, args: tuple[Any, ...], kwargs: dict[str, Any], named: str, saying: str
) -> None:
    """The SDK and our client, in each form, refuse the call with a `TypeError` that names
    `named` and says `saying`, as Python does, and neither sends anything."""
    sdk, sdk_seen = sdk_client(operation)
    ours, transport = our_client(operation)
    async with sdk, ours:
        with pytest.raises(TypeError, match=named) as theirs:
            await resolve(sdk, operation)(*args, **kwargs)
        with pytest.raises(TypeError, match=named) as mine:
            await resolve(ours, operation)(*args, **kwargs)
        with pytest.raises(TypeError, match=named):
            await _raw(ours, operation)(*args, **kwargs)
        with pytest.raises(TypeError, match=named):
            _streaming(ours, operation)(*args, **kwargs)
    for error in (theirs, mine):
        assert saying in str(error.value)
    assert sdk_seen == [] and transport.requests == []


@pytest.mark.parametrize("operation", OPERATIONS, **OPERATION_IDS)
@pytest.mark.parametrize("keyword", ["projectId", "timeuot", "paramters", "modelId"])
async def test_an_unknown_keyword_is_a_type_error_naming_it(operation: str, keyword: str) -> None:
    args, kwargs = _valid_call(operation)
    kwargs[keyword] = "x"
    await _refused_alike(operation, args, kwargs, keyword, "unexpected keyword argument")


@pytest.mark.parametrize(
    ("operation", "parameter"),
    [
        (op, name)
        for op, signature in _sdk_methods()
        for name, parameter in signature.parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
    ],
)
async def test_a_missing_keyword_is_a_type_error_naming_it(operation: str, parameter: str) -> None:
    args, kwargs = _valid_call(operation)
    del kwargs[parameter]
    await _refused_alike(
        operation, args, kwargs, parameter, "missing 1 required keyword-only argument"
    )


@pytest.mark.parametrize(
    ("operation", "parameter"),
    [
        (op, name)
        for op, signature in _sdk_methods()
        for name, parameter in signature.parameters.items()
        if name.endswith("_id")
        and parameter.default is inspect.Parameter.empty
        and name not in ("inference_id", "destination_project_id")
    ],
)
@pytest.mark.parametrize("empty", ["", None])
async def test_an_empty_id_fails_with_the_sdk_s_message(
    operation: str, parameter: str, empty: str | None
) -> None:
    args, kwargs = _valid_call(operation)
    signature = dict(_sdk_methods())[operation]
    bound = signature.bind_partial(*args, **kwargs)
    bound.arguments[parameter] = empty
    sdk, sdk_seen = sdk_client(operation)
    ours, transport = our_client(operation)
    async with sdk, ours:
        with pytest.raises(ValueError) as theirs:
            await resolve(sdk, operation)(*bound.args, **bound.kwargs)
        with pytest.raises(ValidationError) as mine:
            await resolve(ours, operation)(*bound.args, **bound.kwargs)
    assert str(mine.value) == str(theirs.value)
    assert mine.value.parameter == parameter
    assert sdk_seen == [] and transport.requests == []


async def test_with_options_changes_retries_and_timeout_and_shares_the_pool() -> None:
    answers: list[int] = []

    def flaky(request: TransportRequest) -> TransportResponse:
        answers.append(1)
        if len(answers) < 6:
            return TransportResponse(503, {"Retry-After": "0"}, b"{}")
        return TransportResponse(200, {}, sample_bytes("models.list"))

    transport = MockTransport(flaky)
    client = AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, transport=transport)
    async with client:
        patient = client.with_options(max_retries=5)
        page = await patient.models.list()
        assert page.models
        assert len(answers) == 6
        assert client.max_retries == 2 and patient.max_retries == 5
        quick = client.with_options(timeout=5.0)
        assert quick.timeout.total == 5.0 and client.timeout.total == 60.0
        assert quick._transport is client._transport
        same = client.copy()
        assert same.base_url == client.base_url and same.max_retries == client.max_retries


def test_an_httpx_timeout_is_read_as_the_sdk_reads_it() -> None:
    timeout = httpx.Timeout(60.0, read=5.0, write=10.0, connect=2.0)
    client = AsyncScenario(api_key="k", api_secret="s", timeout=timeout)
    assert client.timeout == Timeout(total=None, connect=2.0, read=5.0)
    call = client.models.retrieve.build("m", timeout=httpx.Timeout(None, connect=1.0))
    assert call.timeout == Timeout(total=None, connect=1.0, read=None)


def test_an_http_client_is_refused_with_what_to_do_instead() -> None:
    with pytest.raises(TypeError, match="transport=AiohttpTransport"):
        AsyncScenario(api_key="k", api_secret="s", http_client=httpx.AsyncClient())
    with pytest.raises(TypeError, match="transport=AiohttpTransport"):
        DefaultAioHttpClient()
    client = AsyncScenario(api_key="k", api_secret="s", transport=AiohttpTransport())
    with pytest.raises(TypeError, match="transport=AiohttpTransport"):
        client.with_options(http_client=httpx.AsyncClient())


async def test_default_query_goes_with_every_request_as_in_the_sdk() -> None:
    sdk, sdk_seen = sdk_client("models.retrieve")
    ours, transport = our_client("models.retrieve")
    sdk = sdk.with_options(default_query={"traceId": "t1", "projectId": "p0"})
    ours = ours.with_options(default_query={"traceId": "t1", "projectId": "p0"})
    async with sdk, ours:
        await sdk.models.retrieve("m", project_id="p1")
        await ours.models.retrieve("m", project_id="p1")
    theirs = httpx.URL(str(sdk_seen[0].url)).params
    mine = httpx.URL(transport.requests[0].url).params
    assert sorted(mine.multi_items()) == sorted(theirs.multi_items())


async def test_status_errors_carry_what_the_sdk_s_carry() -> None:
    body = b'{"message": "no such model"}'
    sdk, _ = sdk_client("models.retrieve")
    sdk = _sdk_on(lambda request: httpx.Response(404, content=body))
    ours, _ = our_client("models.retrieve", status=404, body=body)
    async with sdk, ours:
        from scenario_sdk import NotFoundError as SdkNotFoundError

        with pytest.raises(SdkNotFoundError) as theirs:
            await sdk.models.retrieve("model_x")
        with pytest.raises(NotFoundError) as mine:
            await ours.models.retrieve("model_x")
    t, m = theirs.value, mine.value
    assert m.status_code == t.status_code == 404
    assert m.body == t.body
    assert m.response.status_code == t.response.status_code
    assert await m.response.json() == t.response.json()
    assert m.request.method == t.request.method
    assert _same_url(m.request.url, str(t.request.url))
    assert m.response.http_request.url == m.request.url
    assert m.request.headers["Authorization"] == "[secure]"


async def test_streaming_from_the_emulator_over_loopback(scenario_emulator: Emulator) -> None:
    async with client_of(scenario_emulator) as client:
        model = (await client.models.create(name="streamed")).model
        async with client.models.with_streaming_response.retrieve(model.id) as response:
            chunks = [chunk async for chunk in response.iter_bytes(64)]
    assert len(chunks) > 1
    assert all(len(chunk) == 64 for chunk in chunks[:-1])
    assert json.loads(b"".join(chunks))["model"]["name"] == "streamed"


async def test_a_stream_left_unread_gives_its_connection_back(scenario_emulator: Emulator) -> None:
    transport = AiohttpTransport(max_connections=1)
    client = AsyncScenario(
        api_key=scenario_emulator.api_key,
        api_secret=scenario_emulator.api_secret,
        base_url=scenario_emulator.base_url,
        transport=transport,
    )
    async with client:
        model = (await client.models.create(name="unread")).model
        for _ in range(3):
            async with client.models.with_streaming_response.retrieve(model.id) as response:
                assert response.status_code == 200
            assert response.is_closed
            # The pool's one connection is free again: the next call does not wait for it.
            assert transport._slots is not None and not transport._slots.locked()
        assert (await client.models.retrieve(model.id)).model.id == model.id
