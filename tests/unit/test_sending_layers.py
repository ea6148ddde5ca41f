"""Each sending layer on its own, over a fake of the layer below it."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest

from scenario_async import (
    APITimeoutError,
    Call,
    RequestEvent,
    RequestSent,
    ResponseReceived,
    RetryPolicy,
    Timeout,
)
from scenario_async.auth import Secret
from scenario_async.events import EventBus
from scenario_async.sending_layers import (
    Retrying,
    attempting,
    following_redirects,
    reading,
    retrying,
)
from scenario_async.transport import TransportRequest, TransportResponse

CALL: Call[Any] = Call(
    operation="models.retrieve", method="GET", path="/models/m", response_type=object
)
BASE = ("https", "api.example", 443)


def request_to(url: str) -> TransportRequest:
    headers = {"Authorization": Secret("Basic a2V5"), "X-Trace": "t"}
    return TransportRequest("GET", url, headers, None, Timeout())


async def test_a_redirect_elsewhere_is_followed_without_the_credential() -> None:
    sent: list[TransportRequest] = []

    async def attempt_once(
        call: Call[Any],
        request: TransportRequest,
        attempt: int,
        deadline: float | None,
        fresh: bool,
    ) -> TransportResponse:
        sent.append(request)
        if len(sent) == 1:
            return TransportResponse(302, {"Location": "https://other.example/m"}, b"")
        return TransportResponse(200, {}, b"{}")

    follow = following_redirects(attempt_once, BASE)
    first = request_to("https://api.example/v1/models/m")
    response, answered = await follow(CALL, first, 0, None, True)
    assert response.status == 200
    assert answered is sent[1]
    assert answered.url == "https://other.example/m"
    assert dict(answered.headers) == {"X-Trace": "t"}


async def test_one_attempt_publishes_what_it_sent_and_received() -> None:
    events = EventBus()
    published: list[RequestEvent] = []
    events.subscribe(published.append)

    async def open_response(request: TransportRequest) -> TransportResponse:
        return TransportResponse(204, {}, b"")

    attempt = attempting(reading(open_response), None, events)
    response = await attempt(CALL, request_to("https://api.example/v1/models/m"), 2, None, True)
    assert response.status == 204
    sent, received = published
    assert isinstance(sent, RequestSent) and sent.attempt == 2
    assert isinstance(received, ResponseReceived) and received.status == 204


async def never_confirmed(call: Call[Any]) -> TransportResponse:
    raise AssertionError("nothing to confirm")


def every_layer(opened: list[TransportRequest]) -> Retrying:
    """The layers over a transport that answers 200 to each request and keeps it in `opened`."""

    async def open_response(request: TransportRequest) -> TransportResponse:
        opened.append(request)
        return TransportResponse(200, {}, b"{}")

    events = EventBus()
    attempt_once = attempting(reading(open_response), None, events)
    return retrying(
        following_redirects(attempt_once, BASE), RetryPolicy(), events, "", never_confirmed
    )


async def test_a_call_part_of_a_larger_one_has_what_is_left_of_that_ones_total() -> None:
    opened: list[TransportRequest] = []
    call = dataclasses.replace(CALL, timeout_from=time.monotonic() - 10)
    await every_layer(opened)(call, request_to("https://api.example/v1/models/m"))
    [request] = opened
    assert request.timeout.total is not None and request.timeout.total <= 60 - 10


async def test_a_call_whose_larger_ones_total_has_passed_is_not_sent() -> None:
    opened: list[TransportRequest] = []
    call = dataclasses.replace(CALL, timeout_from=time.monotonic() - 61)
    with pytest.raises(APITimeoutError) as caught:
        await every_layer(opened)(call, request_to("https://api.example/v1/models/m"))
    assert not caught.value.request_sent
    assert opened == []
