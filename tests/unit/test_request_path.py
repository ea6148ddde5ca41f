"""The plain request's shortcuts: work skipped when nothing needs it, and still done when
something does (a deadline already partly spent, a subscriber, a full connection pool)."""

from __future__ import annotations

import asyncio
import json

import anyio
import pytest

import scenario_async
from scenario_async import (
    AsyncScenario,
    MockTransport,
    RateLimit,
    RequestSent,
    ResponseReceived,
    TransportRequest,
    TransportResponse,
)
from scenario_async.transport import _Slots

MODEL = {"id": "model_1", "privacy": "private", "type": "flux.1-lora", "status": "trained"}


def ok() -> TransportResponse:
    body = json.dumps({"model": MODEL}).encode()
    return TransportResponse(200, {"Content-Type": "application/json"}, body)


def recording() -> MockTransport:
    return MockTransport(lambda request: ok())


def client_with(transport: MockTransport, **options: object) -> AsyncScenario:
    return AsyncScenario(api_key="key", api_secret="secret", transport=transport, **options)  # type: ignore[arg-type]


async def test_a_calls_first_send_carries_its_whole_deadline() -> None:
    transport = recording()
    async with client_with(transport) as client:
        await client.models.retrieve("model_1", timeout=20)
    (request,) = transport.requests
    assert request.timeout.total == 20.0


async def test_a_send_after_a_rate_limit_wait_carries_what_is_left_of_the_deadline() -> None:
    transport = recording()
    # One token a second once the first is spent: the second call waits about a second.
    async with client_with(transport, rate_limit=RateLimit(requests_per_second=1)) as client:
        await client.models.retrieve("model_1", timeout=20)
        await client.models.retrieve("model_1", timeout=20)
    total = transport.requests[1].timeout.total
    assert total is not None and total <= 19.5


async def test_a_redirect_carries_what_is_left_of_the_deadline() -> None:
    async def handler(request: TransportRequest) -> TransportResponse:
        if request.url.endswith("/models/model_1"):
            await anyio.sleep(0.5)
            return TransportResponse(307, {"Location": "/v1/models/model_2"}, b"")
        return ok()

    transport = MockTransport(handler)
    client = client_with(transport, base_url="https://api.test/v1")
    async with client:
        await client.models.retrieve("model_1", timeout=20)
    first, second = (request.timeout.total for request in transport.requests)
    assert first == 20.0
    assert second is not None and second <= 19.5


async def test_a_subscriber_gets_the_events_of_every_request_after_it_subscribed() -> None:
    async with client_with(recording()) as client:
        await client.models.retrieve("model_1")
        events: list[object] = []
        client.subscribe(events.append)
        await client.models.retrieve("model_1")
    sent, received = events
    assert isinstance(sent, RequestSent) and sent.operation == "models.retrieve"
    assert isinstance(received, ResponseReceived) and received.status == 200
    assert received.elapsed >= 0


async def test_an_operation_sends_through_the_client_it_was_read_from() -> None:
    transport = recording()
    async with client_with(transport) as client:
        quick = client.with_options(timeout=5)
        for _ in range(2):
            await client.models.retrieve("model_1")
            await quick.models.retrieve("model_1")
    assert [request.timeout.total for request in transport.requests] == [60.0, 5.0] * 2


async def test_free_slots_are_taken_at_once_and_given_back() -> None:
    slots = _Slots(2)
    assert slots.take() and slots.take()
    assert slots.locked() and not slots.take()
    slots.release()
    assert not slots.locked() and slots.take()


async def test_a_slot_given_back_goes_to_the_first_waiter_not_to_a_newcomer() -> None:
    slots = _Slots(1)
    assert slots.take()
    served: list[str] = []

    async def waiter(name: str) -> None:
        await slots.wait()
        served.append(name)

    first = asyncio.create_task(waiter("first"))
    await asyncio.sleep(0)
    second = asyncio.create_task(waiter("second"))
    await asyncio.sleep(0)
    slots.release()
    # Given to `first` already: a newcomer finds nothing free.
    assert not slots.take()
    await first
    slots.release()
    await second
    assert served == ["first", "second"]
    slots.release()
    assert not slots.locked()


async def test_a_waiter_cancelled_while_waiting_leaves_nothing_behind() -> None:
    slots = _Slots(1)
    assert slots.take()
    waiting = asyncio.create_task(slots.wait())
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    slots.release()
    assert slots.take()


async def test_a_slot_handed_to_a_waiter_cancelled_at_that_moment_is_not_lost() -> None:
    slots = _Slots(1)
    assert slots.take()
    handed = asyncio.create_task(slots.wait())
    await asyncio.sleep(0)
    slots.release()
    handed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await handed
    # The next request to wait gets it at once.
    with anyio.fail_after(1):
        await slots.wait()


async def test_requests_say_which_client_sent_them_unless_told_otherwise() -> None:
    transport = recording()
    async with client_with(transport) as client:
        await client.models.retrieve("model_1")
        await client.models.retrieve("model_1", extra_headers={"User-Agent": "mine/2"})
    async with client_with(transport, default_headers={"user-agent": "ours/1"}) as client:
        await client.models.retrieve("model_1")
    agents = [
        [value for name, value in request.headers.items() if name.lower() == "user-agent"]
        for request in transport.requests
    ]
    assert agents == [[f"scenario-async/{scenario_async.__version__}"], ["mine/2"], ["ours/1"]]
