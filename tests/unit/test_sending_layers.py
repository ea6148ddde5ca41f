"""Each sending layer on its own, over a fake of the layer below it."""

from __future__ import annotations

from typing import Any

from scenario_async import Call, RequestEvent, RequestSent, ResponseReceived, Timeout
from scenario_async.auth import Secret
from scenario_async.events import EventBus
from scenario_async.sending_layers import attempting, following_redirects, reading
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
