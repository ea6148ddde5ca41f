"""Errors as a user holds them: every public error pickles with its attributes, every API
error has a `request` and a `body`, and a subscriber typed with the events receives them.

The typing side of the same promises (no narrowing needed, no `Any`) is checked by mypy and
pyright on tests/user_code/uses_errors.py and uses_events.py.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Mapping
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

import scenario_async
from scenario_async import (
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APIStatusError,
    APITimeoutError,
    AsyncScenario,
    AuthenticationError,
    BadRequestError,
    BulkFetchError,
    ChunkFailure,
    ClientClosedError,
    ConflictError,
    HTTPRequest,
    InternalServerError,
    MissingCredentialsError,
    ModelGetBulkResult,
    ModelGoneError,
    NotFoundError,
    PermissionDeniedError,
    PoolTimeoutError,
    RateLimitError,
    RequestEvent,
    RequestFailed,
    RequestSent,
    ResponseReceived,
    ResponseTooLargeError,
    RetryPolicy,
    RetryScheduled,
    ScenarioError,
    StreamConsumedError,
    TrainingCanceledError,
    TrainingError,
    TrainingFailedError,
    TrainingSnapshot,
    TransportResponse,
    UnprocessableEntityError,
    ValidationError,
    WatchTimeoutError,
)
from scenario_async._http import CallContext
from scenario_async.errors import pool_timeout, status_error
from scenario_async.types import Model
from tests.support.doubles import scripted

MODEL = msgspec.convert(
    {"id": "model_1", "privacy": "private", "type": "flux.1-lora", "status": "failed"}, Model
)
SNAPSHOT = TrainingSnapshot(id="model_1", status="training")
URL = "https://api.example/v1/models/model_1"
QUICK = RetryPolicy(initial_delay=0, min_delay=0)

texts = st.text(max_size=30)
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE"])
paths = st.text(min_size=1, max_size=20).map(lambda text: "/" + text)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
# Bodies as servers send them: JSON, and anything else.
bodies = json_values.map(lambda value: json.dumps(value).encode()) | st.binary(max_size=40)
header_items = st.lists(
    st.tuples(st.text("abcXYZ-", min_size=1, max_size=8), st.text(max_size=10)), max_size=4
)
# As a plain dict (a test double's), or as aiohttp gives them: a read-only multidict proxy.
headers = header_items.flatmap(
    lambda items: st.sampled_from(
        [dict(items), CIMultiDictProxy(CIMultiDict(items)), CIMultiDict(items)]
    )
)
requests = st.builds(HTTPRequest, methods, st.just(URL), st.just({"Authorization": "[secure]"}))
snapshots = st.none() | st.just(SNAPSHOT)


@st.composite
def api_errors(draw: st.DrawFn, cls: type[APIError]) -> APIError:
    error = cls(draw(texts), method=draw(methods), path=draw(paths))
    if draw(st.booleans()):
        error.request = draw(requests)
    return error


@st.composite
def connection_errors(draw: st.DrawFn, cls: type[APIConnectionError]) -> APIConnectionError:
    return cls(
        draw(texts),
        method=draw(methods),
        path=draw(paths),
        request_sent=draw(st.booleans()),
        transient=draw(st.booleans()),
    )


@st.composite
def status_errors(draw: st.DrawFn, cls: type[APIStatusError]) -> APIStatusError:
    error = cls(
        draw(texts),
        method=draw(methods),
        path=draw(paths),
        status_code=draw(st.integers(100, 599)),
        headers=draw(headers),
        body=draw(bodies),
    )
    if draw(st.booleans()):
        error.request = draw(requests)
    if draw(st.booleans()):
        error.response  # noqa: B018 (made now, it pickles with the error)
    return error


@st.composite
def bulk_errors(draw: st.DrawFn) -> BulkFetchError[Model]:
    failures = draw(
        st.lists(
            st.builds(
                ChunkFailure,
                st.lists(texts, max_size=3).map(tuple),
                st.one_of(status_errors(NotFoundError), connection_errors(APITimeoutError)),
            ),
            min_size=1,
            max_size=3,
        )
    )
    result = ModelGetBulkResult(models=[MODEL], missing_ids=draw(st.lists(texts, max_size=2)))
    return BulkFetchError(draw(texts), result=result, failures=failures)


ERRORS: dict[type[ScenarioError], st.SearchStrategy[ScenarioError]] = {
    ScenarioError: st.builds(ScenarioError, texts),
    ValidationError: st.builds(ValidationError, texts, texts),
    MissingCredentialsError: st.builds(MissingCredentialsError, texts),
    ClientClosedError: st.builds(ClientClosedError, texts),
    StreamConsumedError: st.builds(StreamConsumedError),
    APIError: api_errors(APIError),
    ResponseTooLargeError: api_errors(ResponseTooLargeError),
    APIConnectionError: connection_errors(APIConnectionError),
    APITimeoutError: connection_errors(APITimeoutError),
    PoolTimeoutError: st.builds(
        pool_timeout,
        st.builds(CallContext, methods, paths, st.floats(0.001, 3600)),
        texts,
        texts,
    ),
    **{
        cls: status_errors(cls)
        for cls in (
            APIStatusError,
            BadRequestError,
            AuthenticationError,
            PermissionDeniedError,
            NotFoundError,
            ConflictError,
            UnprocessableEntityError,
            RateLimitError,
            InternalServerError,
        )
    },
    APIResponseDecodeError: st.builds(
        APIResponseDecodeError,
        texts,
        method=methods,
        path=paths,
        status_code=st.integers(200, 299),
        json_path=texts,
        body=bodies,
    ),
    BulkFetchError: bulk_errors(),
    TrainingError: st.builds(TrainingError, texts, model_id=texts, model=snapshots),
    TrainingFailedError: st.builds(
        TrainingFailedError, texts, model_id=texts, model=st.just(MODEL)
    ),
    TrainingCanceledError: st.builds(
        TrainingCanceledError, texts, model_id=texts, model=st.just(MODEL)
    ),
    ModelGoneError: st.builds(ModelGoneError, texts, model_id=texts, model=snapshots, reason=texts),
    WatchTimeoutError: st.builds(
        WatchTimeoutError,
        texts,
        timeout=st.floats(allow_nan=False),
        pending=st.dictionaries(texts, snapshots, max_size=3),
    ),
}


def test_every_public_error_class_is_covered() -> None:
    public = {
        value
        for name in scenario_async.__all__
        if isinstance(value := getattr(scenario_async, name), type)
        and issubclass(value, ScenarioError)
    }
    assert public == set(ERRORS)


def seen(value: object) -> object:
    """`value` as compared across a pickle: what a user reads of it."""
    match value:
        case ScenarioError():
            return (type(value), value.args, str(value), seen(vars(value)))
        case ChunkFailure(model_ids=model_ids, error=error):
            return (model_ids, seen(error))
        case dict():
            return {key: seen(item) for key, item in value.items()}
        case list():
            return [seen(item) for item in value]
        case Mapping():
            # A multidict comes back a multidict, no longer behind a read-only proxy.
            return list(value.items())
        case _ if hasattr(value, "http_request"):
            response: Any = value
            return (
                response.status_code,
                seen(response.headers),
                response.content,
                response.http_request,
            )
    return value


@given(st.sampled_from(list(ERRORS)).flatmap(ERRORS.__getitem__))
def test_every_error_pickles_with_its_attributes(error: ScenarioError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert seen(copy) == seen(error)
    if isinstance(error, APIError):
        assert copy.request == error.request
        assert copy.body == error.body
    if isinstance(error, APIStatusError):
        assert seen(copy.response) == seen(error.response)
    if isinstance(error, TrainingError):
        assert copy.model == error.model


@given(
    statuses=st.integers(400, 599),
    body=bodies,
    items=header_items,
)
def test_a_status_error_pickles_whatever_the_status_body_and_headers(
    statuses: int, body: bytes, items: list[tuple[str, str]]
) -> None:
    error = status_error(
        method="GET",
        path="/models/m",
        status_code=statuses,
        headers=CIMultiDictProxy(CIMultiDict(items)),
        body=body,
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.status_code, copy.body, copy.content) == (statuses, error.body, body)
    assert list(copy.headers.items()) == items
    assert list(copy.response.headers.items()) == items


def client_of(*steps: TransportResponse | Exception) -> AsyncScenario:
    return AsyncScenario(
        api_key="key",
        api_secret="secret",
        base_url="https://api.example/v1",
        transport=scripted(*steps),
        max_retries=0,
        retry_policy=QUICK,
    )


async def test_a_status_error_from_the_client_pickles_with_its_response() -> None:
    headers = CIMultiDictProxy(CIMultiDict({"Content-Type": "application/json", "X-Id": "1"}))
    body = b'{"message": "no such model"}'
    async with client_of(TransportResponse(404, headers, body)) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.models.retrieve("model_1")
    error = caught.value
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.status_code, copy.body, copy.content) == (404, {"message": "no such model"}, body)
    assert copy.request == error.request
    assert copy.request.url == URL
    assert copy.request.headers["Authorization"] == "[secure]"
    assert copy.response.status_code == 404
    assert copy.response.content == body
    assert copy.response.http_request == error.response.http_request
    # Still case-insensitive, as HTTP header names are.
    assert copy.headers["x-id"] == copy.response.headers["x-id"] == "1"
    assert "secret" not in repr(pickle.dumps(error))


@pytest.mark.parametrize(
    "failure",
    [
        APIConnectionError(
            "GET /models/model_1: refused", method="GET", path="/p", request_sent=False
        ),
        APITimeoutError(
            "GET /models/model_1: timed out", method="GET", path="/p", request_sent=True
        ),
        pool_timeout(
            CallContext("GET", "/models/model_1", 5.0), "no free connection", "max_connections"
        ),
        ResponseTooLargeError("GET /models/model_1: too large", method="GET", path="/p"),
    ],
)
async def test_an_error_without_an_answer_has_no_body_and_the_request_as_sent(
    failure: APIError,
) -> None:
    async with client_of(failure) as client:
        with pytest.raises(type(failure)) as caught:
            await client.models.retrieve("model_1")
    error = caught.value
    assert error.body is None
    assert error.request.url == URL
    assert error.request.headers["Authorization"] == "[secure]"


def test_an_error_raised_outside_the_client_holds_its_method_and_path() -> None:
    error = APIConnectionError("broke", method="POST", path="/models/get-bulk", request_sent=True)
    assert error.request == HTTPRequest("POST", "/models/get-bulk")
    assert error.body is None
    status = status_error(method="GET", path="/m", status_code=500, headers={}, body=b"oops")
    assert status.response.status_code == 500
    assert status.response.content == b"oops"
    assert status.response.http_request == status.request
    # A status error the client gives its request later shows it in its response too.
    status = status_error(method="GET", path="/m", status_code=500, headers={}, body=b"")
    status.request = HTTPRequest("GET", URL)
    assert status.response.http_request.url == URL


def test_a_bulk_error_is_about_its_first_failed_request() -> None:
    first = APIConnectionError("broke", method="POST", path="/models/get-bulk", request_sent=True)
    first.request = HTTPRequest("POST", "https://api.example/v1/models/get-bulk")
    second = status_error(
        method="POST", path="/models/get-bulk", status_code=500, headers={}, body=b""
    )
    error = BulkFetchError(
        "2 failed",
        result=ModelGetBulkResult[Model](models=[]),
        failures=[ChunkFailure(("a",), first), ChunkFailure(("b",), second)],
    )
    assert error.request is first.request
    assert error.body is None


def test_training_errors_carry_their_model() -> None:
    failed = TrainingFailedError("failed", model_id="model_1", model=MODEL)
    gone = ModelGoneError("gone", model_id="model_1", model=None, reason="missing")
    assert failed.model.id == "model_1"
    assert gone.model is None
    assert isinstance(failed, TrainingError) and isinstance(gone, TrainingError)


async def test_a_subscriber_typed_with_the_events_receives_each_of_them() -> None:
    received: list[RequestEvent] = []

    def on_event(event: RequestEvent) -> None:
        received.append(event)

    steps: list[TransportResponse | Exception] = [
        TransportResponse(503, {}, b"{}"),
        TransportResponse(404, {}, b"{}"),
    ]
    client = AsyncScenario(
        api_key="key",
        api_secret="secret",
        transport=scripted(*steps),
        max_retries=1,
        retry_policy=QUICK,
    )
    async with client:
        unsubscribe: Callable[[], None] = client.subscribe(on_event)
        with pytest.raises(NotFoundError):
            await client.models.retrieve("model_1")
        unsubscribe()
        with pytest.raises(NotFoundError):
            await client.models.retrieve("model_1")
    assert [type(event) for event in received] == [
        RequestSent,
        ResponseReceived,
        RetryScheduled,
        RequestSent,
        ResponseReceived,
        RequestFailed,
    ]
    failed = received[-1]
    assert isinstance(failed, RequestFailed)
    assert (failed.error, failed.status) == ("NotFoundError", 404)
