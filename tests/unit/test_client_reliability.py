"""The interpreter under failure: what it retries, within which limits, and where it sends
credentials. Transport doubles only; the real sockets are in tests/integration."""

from __future__ import annotations

import base64
import json

import anyio
import pytest

from scenario_async import (
    APIConnectionError,
    APIResponseDecodeError,
    APIStatusError,
    APITimeoutError,
    AsyncScenario,
    InternalServerError,
    MockTransport,
    PoolTimeoutError,
    RateLimit,
    RequestEvent,
    RequestFailed,
    ResponseReceived,
    RetryPolicy,
    TransportRequest,
    TransportResponse,
)
from tests.support.doubles import scripted

MODEL = {"id": "model_1", "privacy": "private", "type": "flux.1-lora", "status": "trained"}
BASIC = "Basic " + base64.b64encode(b"key:secret").decode()


def ok() -> TransportResponse:
    body = json.dumps({"model": MODEL}).encode()
    return TransportResponse(200, {"Content-Type": "application/json"}, body)


def client_with(transport: MockTransport, **options: object) -> AsyncScenario:
    return AsyncScenario(api_key="key", api_secret="secret", transport=transport, **options)  # type: ignore[arg-type]


def lost(request_sent: bool, timeout: bool = False) -> APIConnectionError:
    kind = APITimeoutError if timeout else APIConnectionError
    return kind("lost", method="POST", path="/models", request_sent=request_sent)


async def test_a_calls_own_max_retries_replaces_the_clients() -> None:
    failing = TransportResponse(503, {"Retry-After": "0"}, b"{}")
    transport = scripted(failing)
    async with client_with(transport, max_retries=0) as client:
        with pytest.raises(InternalServerError):
            await client.models.retrieve("model_1", max_retries=3)
    assert len(transport.requests) == 4
    transport = scripted(failing)
    async with client_with(transport, max_retries=3) as client:
        with pytest.raises(InternalServerError):
            await client.models.retrieve("model_1", max_retries=0)
    assert len(transport.requests) == 1


@pytest.mark.parametrize("timed_out", [False, True])
async def test_a_create_that_never_left_is_retried(timed_out: bool) -> None:
    transport = scripted(lost(request_sent=False, timeout=timed_out), ok())
    async with client_with(transport) as client:
        created = await client.models.create(name="once")
    assert created.model.id == "model_1"
    assert len(transport.requests) == 2


@pytest.mark.parametrize("timed_out", [False, True])
async def test_a_create_the_server_may_have_received_is_not_repeated(timed_out: bool) -> None:
    transport = scripted(lost(request_sent=True, timeout=timed_out), ok())
    async with client_with(transport) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.models.create(name="once")
    assert caught.value.request_sent is True
    assert len(transport.requests) == 1


@pytest.mark.parametrize("timed_out", [False, True])
async def test_reads_are_retried_after_a_lost_connection_or_a_timeout(timed_out: bool) -> None:
    transport = scripted(lost(request_sent=True, timeout=timed_out), ok())
    async with client_with(transport) as client:
        await client.models.retrieve("model_1")
    assert len(transport.requests) == 2


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
async def test_transient_statuses_are_retried_for_an_idempotent_write(status: int) -> None:
    transport = scripted(TransportResponse(status, {"Retry-After": "0"}, b"{}"), ok())
    async with client_with(transport) as client:
        await client.models.update("model_1", name="renamed")
    assert len(transport.requests) == 2


async def test_no_retry_sleeps_past_the_calls_deadline() -> None:
    transport = scripted(TransportResponse(503, {"Retry-After": "30"}, b"{}"), ok())
    async with client_with(transport) as client:
        with anyio.fail_after(5):
            with pytest.raises(InternalServerError):
                await client.models.retrieve("model_1", timeout=2)
    assert len(transport.requests) == 1


async def test_the_transport_is_given_what_is_left_of_the_deadline() -> None:
    transport = scripted(TransportResponse(503, {"Retry-After": "0"}, b"{}"), ok())
    async with client_with(transport) as client:
        await client.models.retrieve("model_1", timeout=20)
    first, second = (request.timeout.total for request in transport.requests)
    assert first is not None and second is not None
    assert 0 < second <= first <= 20


async def test_concurrent_requests_never_exceed_the_clients_limit() -> None:
    in_flight = peak = 0
    release = anyio.Event()

    async def handler(request: TransportRequest) -> TransportResponse:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await release.wait()
        in_flight -= 1
        return ok()

    client = client_with(MockTransport(handler), rate_limit=RateLimit(max_concurrent=3))
    async with client, anyio.create_task_group() as group:
        for _ in range(20):
            group.start_soon(client.models.retrieve, "model_1")
        # Every call is in the handler or waiting for the limit: as many as the limit lets
        # through are in flight at once, whatever the machine's speed.
        await anyio.wait_all_tasks_blocked()
        release.set()
    assert peak == 3


async def test_a_call_that_cannot_start_before_its_deadline_fails_unsent() -> None:
    release = anyio.Event()

    async def handler(request: TransportRequest) -> TransportResponse:
        await release.wait()
        return ok()

    transport = MockTransport(handler)
    client = client_with(transport, rate_limit=RateLimit(max_concurrent=1))
    async with client, anyio.create_task_group() as group:
        group.start_soon(client.models.retrieve, "model_1")
        await anyio.wait_all_tasks_blocked()
        with pytest.raises(PoolTimeoutError) as caught:
            await client.models.create(name="late", timeout=0.2)
        release.set()
    assert caught.value.request_sent is False
    assert [request.method for request in transport.requests] == ["GET"]


async def test_a_call_past_the_request_rate_fails_at_once_when_its_token_is_too_far() -> None:
    transport = scripted(ok())
    client = client_with(transport, rate_limit=RateLimit(requests_per_second=0.1))
    async with client:
        await client.models.retrieve("model_1")
        events: list[object] = []
        client.subscribe(events.append)
        with pytest.raises(PoolTimeoutError, match="rate limit"):
            await client.models.retrieve("model_1", timeout=5)
    assert len(transport.requests) == 1
    assert [type(event) for event in events] == [RequestFailed]


async def test_abandoned_waiters_do_not_delay_the_next_call() -> None:
    transport = scripted(ok())
    client = client_with(transport, rate_limit=RateLimit(requests_per_second=10))
    async with client:
        for _ in range(10):
            await client.models.retrieve("model_1")
        async with anyio.create_task_group() as group:
            for _ in range(50):
                group.start_soon(client.models.retrieve, "model_1")
            await anyio.wait_all_tasks_blocked()
            group.cancel_scope.cancel()
        # With the tokens given back this call waits 0.1 s at most; without, five seconds,
        # so it fails at once for want of a token within its deadline. The deadline sits
        # well apart from both, so a slow machine cannot push the call past it.
        await client.models.retrieve("model_1", timeout=2.5)
    assert len(transport.requests) == 11


def redirecting(status: int, location: str) -> MockTransport:
    def handler(request: TransportRequest) -> TransportResponse:
        if request.url.endswith("/models/model_1") and "elsewhere" not in request.url:
            return TransportResponse(status, {"Location": location}, b"")
        return ok()

    return MockTransport(handler)


@pytest.mark.parametrize(
    ("location", "authorized"),
    [
        ("/v1/elsewhere/model_1", True),
        ("https://api.cloud.scenario.com:443/v1/elsewhere", True),
        ("https://other.example/v1/elsewhere", False),
        ("https://api.cloud.scenario.com:8443/v1/elsewhere", False),
        ("http://api.cloud.scenario.com/v1/elsewhere", False),
    ],
)
async def test_redirects_carry_credentials_only_within_the_base_origin(
    location: str, authorized: bool
) -> None:
    transport = redirecting(307, location)
    async with client_with(transport) as client:
        await client.models.retrieve("model_1")
    first, second = transport.requests
    assert first.headers["Authorization"] == BASIC
    assert ("Authorization" in second.headers) == authorized
    assert second.url.endswith("/elsewhere/model_1") or second.url.endswith("/elsewhere")


async def test_credentials_dropped_by_one_redirect_do_not_come_back() -> None:
    hops = {
        "https://api.cloud.scenario.com/v1/models/model_1": "https://other.example/a",
        "https://other.example/a": "https://api.cloud.scenario.com/v1/final",
    }

    def handler(request: TransportRequest) -> TransportResponse:
        target = hops.get(request.url)
        return TransportResponse(302, {"Location": target}, b"") if target else ok()

    transport = MockTransport(handler)
    async with client_with(transport) as client:
        await client.models.retrieve("model_1")
    assert ["Authorization" in request.headers for request in transport.requests] == [
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(("status", "method"), [(303, "GET"), (302, "GET"), (307, "POST")])
async def test_redirected_posts_follow_the_http_rules(status: int, method: str) -> None:
    def handler(request: TransportRequest) -> TransportResponse:
        if request.url.endswith("/models"):
            return TransportResponse(status, {"Location": "/v1/created"}, b"")
        return ok()

    transport = MockTransport(handler)
    async with client_with(transport) as client:
        await client.models.create(name="x")
    second = transport.requests[1]
    assert second.method == method
    assert (second.body is not None) == (method == "POST")
    assert ("Content-Type" in second.headers) == (method == "POST")


async def test_each_request_a_redirect_leads_to_publishes_its_events() -> None:
    events: list[RequestEvent] = []
    transport = redirecting(307, "/v1/elsewhere/model_1")
    async with client_with(transport) as client:
        client.subscribe(events.append)
        await client.models.retrieve("model_1")
    assert [(type(event).__name__, event.attempt) for event in events] == [
        ("RequestSent", 0),
        ("ResponseReceived", 0),
        ("RequestSent", 0),
        ("ResponseReceived", 0),
    ]
    assert [event.status for event in events if isinstance(event, ResponseReceived)] == [307, 200]


async def test_a_redirect_loop_ends_as_a_status_error() -> None:
    transport = redirecting(308, "/v1/models/model_1")
    async with client_with(transport) as client:
        with pytest.raises(APIStatusError) as caught:
            await client.models.retrieve("model_1")
    assert caught.value.status_code == 308
    assert len(transport.requests) == 6


@pytest.mark.parametrize(
    "base_url", ["http://localhost:8080/v1", "http://127.0.0.2/v1", "http://[::1]:9/v1"]
)
async def test_plain_http_to_loopback_does_not_warn(base_url: str) -> None:
    async with client_with(scripted(ok()), base_url=base_url) as client:
        await client.models.retrieve("model_1")


async def test_plain_http_to_a_remote_address_warns_once_without_the_credential() -> None:
    async with client_with(scripted(ok()), base_url="http://10.1.2.3/v1") as client:
        with pytest.warns(RuntimeWarning, match=r"plain HTTP to 10\.1\.2\.3") as caught:
            await client.models.retrieve("model_1")
            await client.models.retrieve("model_1")
    assert len(caught) == 1
    assert "secret" not in str(caught[0].message)


def test_a_base_url_carrying_credentials_is_refused_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="must not carry credentials") as caught:
        AsyncScenario(base_url="https://user:hunter2@api.example/v1")
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("options", "requests_sent"),
    [
        ({}, 3),
        ({"max_retries": 0}, 1),
        ({"retry_policy": RetryPolicy(max_retries=4, initial_delay=0)}, 5),
        ({"retry_policy": RetryPolicy(max_retries=4, initial_delay=0), "max_retries": 1}, 2),
    ],
)
async def test_the_clients_max_retries_wins_over_its_retry_policys(
    options: dict[str, object], requests_sent: int
) -> None:
    transport = scripted(TransportResponse(503, {"Retry-After": "0"}, b"{}"))
    async with client_with(transport, **options) as client:
        with pytest.raises(InternalServerError):
            await client.models.retrieve("model_1")
    assert len(transport.requests) == requests_sent


def test_a_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        AsyncScenario(api_key="key", api_secret="secret", max_retries=-1)


async def test_an_undecodable_2xx_is_published_as_a_failed_request() -> None:
    transport = scripted(TransportResponse(200, {}, b'{"model": {"id": 1}}'))
    failed: list[RequestFailed] = []
    async with client_with(transport) as client:
        client.subscribe(
            lambda event: failed.append(event) if isinstance(event, RequestFailed) else None
        )
        with pytest.raises(APIResponseDecodeError) as caught:
            await client.models.retrieve("model_1")
    assert [(event.error, event.status, event.attempt) for event in failed] == [
        ("APIResponseDecodeError", None, 0)
    ]
    assert failed[0].message == str(caught.value)
