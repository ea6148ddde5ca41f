"""A watch retries its polls itself, once per tick: the client does not retry them under it.
And a server's Retry-After cannot make a watch poll in a tight loop or sleep past its bounds."""

from __future__ import annotations

import anyio
import msgspec
import pytest

from scenario_async import (
    AsyncScenario,
    InternalServerError,
    MockTransport,
    PollFailed,
    RetryPolicy,
    RetryScheduled,
    TransportRequest,
    TransportResponse,
)

MIN_INTERVAL, MAX_INTERVAL = 0.05, 0.2


def throttled(retry_after: str) -> MockTransport:
    def handler(request: TransportRequest) -> TransportResponse:
        return TransportResponse(429, {"Retry-After": retry_after}, b"{}")

    return MockTransport(handler)


@pytest.mark.parametrize(
    ("retry_after", "backoff"),
    [
        ("0", MIN_INTERVAL),
        ("-30", MIN_INTERVAL),
        ("Thu, 01 Jan 1970 00:00:00 GMT", MIN_INTERVAL),
        ("nan", None),
        ("3600", MAX_INTERVAL),
    ],
)
async def test_the_watch_and_its_requests_wait_within_bounds(
    retry_after: str, backoff: float | None
) -> None:
    transport = throttled(retry_after)
    policy = RetryPolicy(max_retries=2, min_delay=0.01, max_delay=0.02, max_retry_after=0.03)
    client = AsyncScenario(api_key="k", api_secret="s", transport=transport, retry_policy=policy)
    retries: list[float] = []
    client.subscribe(lambda e: retries.append(e.delay) if isinstance(e, RetryScheduled) else None)
    failures: list[PollFailed] = []
    async with (
        client,
        client.models.watch(
            ["model_1"], min_interval=MIN_INTERVAL, max_interval=MAX_INTERVAL
        ) as events,
    ):
        async for event in events:
            assert isinstance(event, PollFailed)
            failures.append(event)
            if len(failures) == 3:
                break
    # One request per tick, never retried by the client: the next tick is the retry.
    assert len(transport.requests) == 3
    assert retries == []
    for failure in failures:
        assert failure.retry_in is not None
        assert MIN_INTERVAL <= failure.retry_in <= MAX_INTERVAL
        if backoff is not None:
            assert failure.retry_in == backoff


async def test_an_error_the_policy_raises_ends_every_shared_wait_and_the_next_starts_anew() -> None:
    """Waits sharing a watch share its error: all of them raise it. A wait after that polls
    with a watch of its own again."""
    broken = True

    def handler(request: TransportRequest) -> TransportResponse:
        if broken:
            return TransportResponse(500, {}, b"{}")
        models = [
            {"id": i, "privacy": "private", "type": "flux.1-lora", "status": "trained"}
            for i in msgspec.json.decode(request.body or b"{}")["modelIds"]
        ]
        return TransportResponse(200, {}, msgspec.json.encode({"models": models}))

    client = AsyncScenario(api_key="k", api_secret="s", transport=MockTransport(handler))
    raised: list[BaseException] = []

    async def wait(model_id: str) -> None:
        try:
            await client.models.wait_for_training(
                model_id, min_interval=MIN_INTERVAL, error_policy=lambda e, n: "raise"
            )
        except InternalServerError as error:
            raised.append(error)

    async with client:
        async with anyio.create_task_group() as group:
            for model_id in ("a", "b", "c"):
                group.start_soon(wait, model_id)
        assert len(raised) == 3
        broken = False
        model = await client.models.wait_for_training("a", min_interval=MIN_INTERVAL)
        assert (model.id, model.status) == ("a", "trained")
