"""A watch retries its polls itself, once per tick: the client does not retry them under it.
And a server's Retry-After cannot make a watch poll in a tight loop or sleep past its bounds."""

from __future__ import annotations

import pytest

from scenario_async import (
    AsyncScenario,
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
