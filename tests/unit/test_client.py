"""The interpreter: credentials, headers, typed errors, retries, events, raw access, paging."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import msgspec
import pytest

from scenario_async import (
    APIResponseDecodeError,
    AsyncScenario,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    MockTransport,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestFailed,
    RequestSent,
    ResponseReceived,
    RetryPolicy,
    RetryScheduled,
    TransportRequest,
    TransportResponse,
    UnprocessableEntityError,
)

MODEL = {
    "id": "model_1",
    "privacy": "private",
    "type": "flux.1-lora",
    "status": "training",
    "trainingProgress": {"stage": "queued-for-train", "updatedAt": 1700000000000, "position": 4},
}


def ok(payload: object, status: int = 200) -> TransportResponse:
    return TransportResponse(
        status, {"Content-Type": "application/json"}, json.dumps(payload).encode()
    )


def answering(*responses: TransportResponse) -> MockTransport:
    """A transport that gives `responses` in order, then repeats the last one."""
    queue = list(responses)

    def handler(request: TransportRequest) -> TransportResponse:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return MockTransport(handler)


def client_with(transport: MockTransport, **kwargs: object) -> AsyncScenario:
    options: dict[str, object] = {"api_key": "key", "api_secret": "secret", **kwargs}
    return AsyncScenario(transport=transport, **options)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SCENARIO_SDK_API_KEY",
        "SCENARIO_SDK_API_SECRET",
        "SCENARIO_SDK_JWT",
        "SCENARIO_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


async def test_basic_auth_from_key_and_secret() -> None:
    transport = answering(ok({"model": MODEL}))
    async with client_with(transport) as client:
        response = await client.models.retrieve("model_1")
    assert response.model.training_progress is not None
    assert response.model.training_progress.stage == "queued-for-train"
    expected = "Basic " + base64.b64encode(b"key:secret").decode()
    assert transport.requests[0].headers["Authorization"] == expected
    assert transport.requests[0].url == "https://api.cloud.scenario.com/v1/models/model_1"


async def test_credentials_and_base_url_come_from_the_official_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "env-key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "env-secret")
    monkeypatch.setenv("SCENARIO_BASE_URL", "https://scenario.example/v9/")
    transport = answering(ok({"model": MODEL}))
    async with AsyncScenario(transport=transport) as client:
        await client.models.retrieve("model_1")
    request = transport.requests[0]
    assert request.url == "https://scenario.example/v9/models/model_1"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(
        b"env-key:env-secret"
    ).decode("ascii")


async def test_bearer_token_when_there_is_no_key_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENARIO_SDK_JWT", "jwt-token")
    transport = answering(ok({"model": MODEL}))
    async with AsyncScenario(transport=transport) as client:
        await client.models.retrieve("model_1")
    assert transport.requests[0].headers["Authorization"] == "Bearer jwt-token"


async def test_missing_credentials_fail_at_the_first_request_not_at_construction() -> None:
    transport = answering(ok({"model": MODEL}))
    client = AsyncScenario(transport=transport)
    with pytest.raises(MissingCredentialsError, match="SCENARIO_SDK_API_KEY"):
        await client.models.retrieve("model_1")
    assert transport.requests == []
    await client.close()


def test_repr_shows_no_credential() -> None:
    client = AsyncScenario(api_key="visible-key", api_secret="very-secret-value")
    assert "very-secret-value" not in repr(client)
    assert "visible-key" not in repr(client)
    encoded = base64.b64encode(b"visible-key:very-secret-value").decode()
    assert encoded not in repr(client)


async def test_default_and_extra_headers_and_extra_query() -> None:
    transport = answering(ok({"model": MODEL}))
    async with client_with(transport, default_headers={"X-Team": "a"}) as client:
        await client.models.retrieve(
            "model_1",
            original_assets=True,
            extra_headers={"X-Trace": "t1"},
            extra_query={"originalAssets": "false", "debug": 1},
        )
    request = transport.requests[0]
    assert request.headers["X-Team"] == "a"
    assert request.headers["X-Trace"] == "t1"
    assert request.url.endswith("/models/model_1?originalAssets=false&debug=1")


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
    ],
)
async def test_status_errors_are_typed_and_carry_status_headers_and_body(
    status: int, error_type: type[Exception]
) -> None:
    body = {"message": "nope", "parameter": "name"}
    transport = answering(ok(body, status))
    async with client_with(transport, max_retries=0) as client:
        with pytest.raises(error_type) as caught:
            await client.models.retrieve("model_1")
    error = caught.value
    assert error.status_code == status  # type: ignore[attr-defined]
    assert error.body == body  # type: ignore[attr-defined]
    assert msgspec.json.decode(error.content) == body  # type: ignore[attr-defined]
    assert error.headers["content-type"] == "application/json"  # type: ignore[attr-defined]
    assert "nope" in str(error)


async def test_decode_error_names_the_json_path() -> None:
    # (get-bulk keeps the good models and reports a bad one instead: tests/unit/test_bulk.py)
    transport = answering(ok({"models": [MODEL, {"id": 7, "privacy": "private", "type": "x"}]}))
    async with client_with(transport) as client:
        with pytest.raises(APIResponseDecodeError) as caught:
            await client.models.list()
    assert caught.value.json_path == "$.models[1].id"


def recording(client: AsyncScenario) -> list[msgspec.Struct]:
    events: list[msgspec.Struct] = []
    client.subscribe(events.append)
    return events


async def test_idempotent_call_is_retried_then_succeeds_with_events() -> None:
    transport = answering(TransportResponse(503, {"Retry-After": "0"}, b"{}"), ok({"model": MODEL}))
    async with client_with(transport) as client:
        events = recording(client)
        response = await client.models.retrieve("model_1")
    assert response.model.id == "model_1"
    assert [type(event) for event in events] == [
        RequestSent,
        ResponseReceived,
        RetryScheduled,
        RequestSent,
        ResponseReceived,
    ]
    retry = events[2]
    assert isinstance(retry, RetryScheduled)
    assert retry.delay == RetryPolicy().min_delay  # Retry-After: 0, floored
    assert retry.reason == "InternalServerError"


async def test_retries_stop_at_max_retries_and_report_failure() -> None:
    transport = answering(TransportResponse(502, {"Retry-After": "0"}, b"bad gateway"))
    async with client_with(transport, max_retries=3) as client:
        events = recording(client)
        with pytest.raises(InternalServerError):
            await client.models.retrieve("model_1")
    assert len(transport.requests) == 4
    failed = events[-1]
    assert isinstance(failed, RequestFailed)
    assert failed.status == 502
    assert failed.attempt == 3


async def test_create_is_not_repeated_after_the_server_may_have_acted() -> None:
    transport = answering(TransportResponse(503, {"Retry-After": "0"}, b"{}"))
    async with client_with(transport) as client:
        with pytest.raises(InternalServerError):
            await client.models.create(name="once")
    assert len(transport.requests) == 1


async def test_create_is_retried_on_429() -> None:
    transport = answering(TransportResponse(429, {"Retry-After": "0"}, b"{}"), ok({"model": MODEL}))
    async with client_with(transport) as client:
        await client.models.create(name="twice")
    assert len(transport.requests) == 2


async def test_raw_response_keeps_status_headers_and_bytes() -> None:
    transport = answering(ok({"model": MODEL}))
    async with client_with(transport) as client:
        raw = await client.models.retrieve.raw("model_1")
        legacy = await client.models.with_raw_response.retrieve("model_1")
        nested = await client.models.with_raw_response.train.action("model_1", action="cancel")
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert json.loads(raw.content) == {"model": MODEL}
    assert (await raw.parse()).model.id == "model_1"
    assert (await legacy.parse()).model.id == "model_1"
    assert (await nested.parse()).model.status == "training"


def paged(pages: int) -> Callable[[TransportRequest], TransportResponse]:
    def handler(request: TransportRequest) -> TransportResponse:
        token = request.url.partition("paginationToken=")[2]
        index = int(token) if token else 0
        models = [{**MODEL, "id": f"model_{index}_{n}"} for n in range(2)]
        next_token = {"nextPaginationToken": str(index + 1)} if index + 1 < pages else {}
        return ok({"models": models, **next_token})

    return handler


async def test_list_awaited_gives_the_first_page() -> None:
    transport = MockTransport(paged(3))
    async with client_with(transport) as client:
        page = await client.models.list(page_size=2)
    assert [model.id for model in page.models] == ["model_0_0", "model_0_1"]
    assert page.next_pagination_token == "1"
    assert len(transport.requests) == 1


async def test_list_iterated_walks_every_page_lazily() -> None:
    transport = MockTransport(paged(3))
    async with client_with(transport) as client:
        seen = []
        async for model in client.models.list(page_size=2):
            seen.append(model.id)
            if model.id == "model_0_1":
                assert len(transport.requests) == 1
    assert seen == [f"model_{page}_{n}" for page in range(3) for n in range(2)]
    assert "paginationToken=2" in transport.requests[2].url
    assert "pageSize=2" in transport.requests[2].url


async def test_plain_http_to_a_remote_host_warns() -> None:
    transport = answering(ok({"model": MODEL}))
    client = client_with(transport, base_url="http://api.example.com/v1")
    with pytest.warns(RuntimeWarning, match=r"plain HTTP to api\.example\.com"):
        await client.models.retrieve("model_1")
