"""Configuration refused where it is given, a closed client that stays closed, redirects that
cannot succeed, and changes applied by an attempt whose answer was lost. Transport doubles
only: each test pins one exchange."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scenario_async import (
    APIConnectionError,
    APIStatusError,
    AsyncScenario,
    ChangeAlreadyApplied,
    ClientClosedError,
    ConflictError,
    MockTransport,
    NotFoundError,
    RetryPolicy,
    TransportRequest,
    TransportResponse,
    ValidationError,
)
from tests.support.doubles import scripted

MODEL = {"id": "model_1", "privacy": "private", "type": "flux.1-lora", "status": "trained"}
# Retries without waiting: these tests are about what is retried, not when.
QUICK = RetryPolicy(initial_delay=0, min_delay=0)


def answer(status: int, body: object = None, **headers: str) -> TransportResponse:
    return TransportResponse(status, headers, json.dumps(body or {}).encode())


def lost() -> APIConnectionError:
    return APIConnectionError("dropped", method="DELETE", path="/p", request_sent=True)


def never_sent() -> APIConnectionError:
    return APIConnectionError("refused", method="DELETE", path="/p", request_sent=False)


def client_with(transport: MockTransport, **options: Any) -> AsyncScenario:
    return AsyncScenario(api_key="key", api_secret="secret", transport=transport, **options)


# -- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"max_response_bytes": "10"}, TypeError),
        ({"max_response_bytes": 1.5}, TypeError),
        ({"max_response_bytes": True}, TypeError),
        ({"max_response_bytes": 0}, ValueError),
        ({"default_headers": {"X-Count": 1}}, TypeError),
        ({"default_headers": {"X-Note": "a\r\nX-Injected: 1"}}, ValidationError),
        ({"default_headers": {"bad name": "x"}}, ValidationError),
        ({"default_headers": ["X-Note"]}, TypeError),
        ({"base_url": ""}, ValueError),
        ({"base_url": "ftp://api.example/v1"}, ValueError),
        ({"base_url": "api.example/v1"}, ValueError),
        ({"base_url": "http://"}, ValueError),
        ({"base_url": "http://api.example:port/v1"}, ValueError),
        ({"base_url": "http://api.example/v1?x=1"}, ValueError),
        ({"base_url": "http://api.example/v 1"}, ValueError),
        ({"base_url": 5}, TypeError),
        ({"retry_policy": {"max_retries": 1}}, TypeError),
        ({"default_query": {"tag": "\ud800"}}, ValidationError),
        ({"max_retries": "2"}, ValidationError),
        ({"transport": object()}, TypeError),
    ],
)
def test_bad_configuration_is_refused_at_construction(
    options: dict[str, Any], error: type[Exception]
) -> None:
    transport = scripted(answer(200, {"model": MODEL}))
    with pytest.raises(error):
        client_with(transport, **options)
    assert transport.requests == []


@pytest.mark.parametrize(
    "credentials",
    [
        {"bearer_auth": "token\r\nX-Injected: 1"},
        {"bearer_auth": "tok\x00en"},
        {"bearer_auth": "t\u20acken"},
        {"api_key": "key\ud800", "api_secret": "s3cr3t"},
    ],
)
def test_a_credential_no_header_can_carry_is_refused_without_echoing_it(
    credentials: dict[str, str],
) -> None:
    with pytest.raises(ValueError) as caught:
        AsyncScenario(**credentials)
    for value in credentials.values():
        assert value not in str(caught.value)


def test_custom_headers_from_the_environment_are_checked_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCENARIO_CUSTOM_HEADERS", "X-Team: a\x07b")
    with pytest.raises(ValidationError) as caught:
        AsyncScenario(api_key="key", api_secret="secret")
    assert caught.value.parameter == "SCENARIO_CUSTOM_HEADERS"


@pytest.mark.parametrize(
    ("options", "parameter"),
    [
        ({"extra_headers": {"X-Note": "a\nb"}}, "extra_headers"),
        ({"extra_headers": {"X-Note": "\u2603"}}, "extra_headers"),
        ({"extra_body": {"strength": float("nan")}}, "extra_body"),
        ({"extra_body": {"nested": [{"scale": float("-inf")}]}}, "extra_body"),
        ({"extra_body": {"note": "lone \ud800"}}, "extra_body"),
        ({"extra_query": {"tag": "lone \udfff"}}, "extra_query"),
        ({"extra_query": {"weight": float("nan")}}, "extra_query"),
        ({"name": "lone \ud800"}, "name"),
        ({"project_id": "\udc80"}, "project_id"),
    ],
)
async def test_a_calls_bad_extras_are_refused_before_anything_is_sent(
    options: dict[str, Any], parameter: str
) -> None:
    transport = scripted(answer(200, {"model": MODEL}))
    async with client_with(transport) as client:
        with pytest.raises(ValidationError) as caught:
            await client.models.update("model_1", **{"name": "n", **options})
    assert caught.value.parameter == parameter
    assert transport.requests == []


async def test_extra_headers_that_are_not_strings_are_a_type_error() -> None:
    transport = scripted(answer(200, {"model": MODEL}))
    async with client_with(transport) as client:
        with pytest.raises(TypeError, match="extra_headers"):
            await client.models.retrieve("model_1", extra_headers={"X-Count": 1})  # type: ignore[dict-item]
    assert transport.requests == []


@pytest.mark.parametrize("parameter", ["extra_body", "extra_query"])
async def test_extras_nested_too_deeply_to_encode_are_refused(parameter: str) -> None:
    deep: dict[str, object] = {}
    for _ in range(100_000):
        deep = {"level": deep}
    transport = scripted(answer(200, {"model": MODEL}))
    async with client_with(transport) as client:
        with pytest.raises(ValidationError) as caught:
            await client.models.update("model_1", name="n", **{parameter: deep})
    assert caught.value.parameter == parameter
    assert transport.requests == []


# -- lifecycle ----------------------------------------------------------------------------------


async def test_a_closed_client_refuses_calls_and_stays_closed() -> None:
    transport = scripted(answer(200, {"model": MODEL}))
    client = client_with(transport)
    copy = client.with_options(timeout=5)
    events: list[object] = []
    client.subscribe(events.append)
    await client.models.retrieve("model_1")
    assert not client.is_closed()
    await client.close()
    await client.close()
    assert client.is_closed() and copy.is_closed()
    for closed in (client, copy):
        with pytest.raises(ClientClosedError, match="make a new AsyncScenario"):
            await closed.models.retrieve("model_1")
        with pytest.raises(ClientClosedError):
            async with closed.with_streaming_response.models.retrieve("model_1"):
                pass
    with pytest.raises(ClientClosedError):
        async with client:
            pass
    assert len(transport.requests) == 1
    assert len(events) == 2  # the first call's sent and received, nothing after the close


# -- redirects ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "ftp://api.cloud.scenario.com/v1/models/model_1",
        "https://user:pw@api.cloud.scenario.com/v1/models/model_1",
        "//user@api.cloud.scenario.com/v1/elsewhere",
        "http://[::1/v1",
    ],
)
async def test_a_redirect_that_cannot_be_followed_is_a_status_error_not_retried(
    location: str,
) -> None:
    transport = scripted(answer(302, Location=location))
    async with client_with(transport, retry_policy=QUICK) as client:
        with pytest.raises(APIStatusError, match="redirect refused") as caught:
            await client.models.retrieve("model_1")
    assert caught.value.status_code == 302
    assert "pw" not in str(caught.value)
    assert len(transport.requests) == 1


# -- changes applied by an attempt whose answer was lost ----------------------------------------


async def test_a_retried_delete_that_finds_nothing_succeeded() -> None:
    transport = scripted(lost(), answer(404, {"message": "model not found"}))
    events: list[object] = []
    async with client_with(transport, retry_policy=QUICK) as client:
        client.subscribe(events.append)
        assert await client.models.delete("model_1") == {}
    assert len(transport.requests) == 2
    applied = [event for event in events if isinstance(event, ChangeAlreadyApplied)]
    assert [(e.operation, e.status, e.attempt, e.confirmed_by) for e in applied] == [
        ("models.delete", 404, 1, None)
    ]


@pytest.mark.parametrize("first", [never_sent(), answer(500), None])
async def test_a_404_is_still_an_error_when_no_earlier_attempt_may_have_deleted(
    first: Exception | TransportResponse | None,
) -> None:
    steps = [answer(404)] if first is None else [first, answer(404)]
    transport = scripted(*steps)
    async with client_with(transport, retry_policy=QUICK) as client:
        with pytest.raises(NotFoundError):
            await client.models.delete("model_1")
        with pytest.raises(NotFoundError):
            await client.models.training_images.delete("image_1", model_id="model_1")


@pytest.mark.parametrize(
    "call",
    [
        lambda client: client.models.training_images.delete("image_1", model_id="model_1"),
        lambda client: client.models.presets.delete("preset_1", model_id="model_1"),
    ],
)
async def test_every_delete_follows_the_rule(call: Any) -> None:
    transport = scripted(answer(504), answer(404))
    async with client_with(transport, retry_policy=QUICK) as client:
        assert await call(client) == {}


async def test_raw_and_streamed_deletes_answer_as_the_delete_would_have() -> None:
    async with client_with(scripted(lost(), answer(404)), retry_policy=QUICK) as client:
        raw = await client.with_raw_response.models.delete("model_1")
        assert (raw.status_code, await raw.parse()) == (200, {})
    client = client_with(scripted(lost(), answer(404)), retry_policy=QUICK)
    async with client, client.with_streaming_response.models.delete("model_1") as streamed:
        assert (streamed.status_code, await streamed.parse()) == (200, {})


def cancel_exchange(status_after_cancel: str) -> MockTransport:
    """A cancel whose answer is lost, its retry refused (409), then the model as it is."""
    actions: list[str] = []

    def handler(request: TransportRequest) -> TransportResponse:
        if request.method == "POST":
            actions.append(request.url)
            if len(actions) == 1:
                raise lost()
            return answer(409, {"message": "the model is not training"})
        return answer(200, {"model": {**MODEL, "status": status_after_cancel}})

    return MockTransport(handler)


async def test_a_retried_cancel_refused_with_409_succeeds_when_the_model_was_canceled() -> None:
    transport = cancel_exchange("training-canceled")
    events: list[object] = []
    async with client_with(transport, retry_policy=QUICK) as client:
        client.subscribe(events.append)
        canceled = await client.models.train.action("model_1", action="cancel", project_id="proj_1")
    assert canceled.model.status == "training-canceled"
    confirm = transport.requests[-1]
    assert (confirm.method, confirm.url) == (
        "GET",
        "https://api.cloud.scenario.com/v1/models/model_1?projectId=proj_1",
    )
    applied = [event for event in events if isinstance(event, ChangeAlreadyApplied)]
    assert [(e.status, e.confirmed_by) for e in applied] == [(409, "models.retrieve")]


@pytest.mark.parametrize("status", ["trained", "failed", "new"])
async def test_a_retried_cancel_refused_with_409_fails_when_the_model_was_not_canceled(
    status: str,
) -> None:
    transport = cancel_exchange(status)
    async with client_with(transport, retry_policy=QUICK) as client:
        with pytest.raises(ConflictError):
            await client.models.train.action("model_1", action="cancel")
