"""Subscribers as users write them: typed with the events the client publishes."""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_type

from scenario_async import (
    AsyncScenario,
    ChangeAlreadyApplied,
    RequestEvent,
    RequestFailed,
    RequestSent,
    ResponseReceived,
    RetryScheduled,
)


def on_event(event: RequestEvent) -> None:
    match event:
        case RequestSent(operation=operation):
            assert_type(operation, str)
        case ResponseReceived(status=status):
            assert_type(status, int)
        case RetryScheduled(delay=delay):
            assert_type(delay, float)
        case RequestFailed(status=status):
            assert_type(status, int | None)
        case ChangeAlreadyApplied(confirmed_by=confirmed_by):
            assert_type(confirmed_by, str | None)


def on_retry(event: RetryScheduled) -> None:
    print(event.delay)


def subscribe(client: AsyncScenario) -> None:
    unsubscribe = client.subscribe(on_event)
    assert_type(unsubscribe, Callable[[], None])
    unsubscribe()
    received: list[RequestEvent] = []
    client.subscribe(received.append)
    # Any object goes too.
    client.subscribe(print)
    # A handler of one kind of event would receive the others as well.
    client.subscribe(on_retry)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
