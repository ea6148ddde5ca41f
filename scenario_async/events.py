"""Events are values: msgspec Structs in tagged unions, published to subscribers.

Nothing in the core logs or prints; a caller who wants logs subscribes and logs. Events name
requests by operation, method and path only: never headers, so never a credential.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

__all__ = [
    "ChangeAlreadyApplied",
    "EventBus",
    "RequestEvent",
    "RequestFailed",
    "RequestSent",
    "ResponseReceived",
    "RetryScheduled",
]


class _RequestEventBase(msgspec.Struct, frozen=True, kw_only=True, tag_field="event"):
    operation: str
    method: str
    path: str
    attempt: int


class RequestSent(_RequestEventBase, frozen=True, kw_only=True, tag="request_sent"):
    pass


class ResponseReceived(_RequestEventBase, frozen=True, kw_only=True, tag="response_received"):
    status: int
    elapsed: float


class RetryScheduled(_RequestEventBase, frozen=True, kw_only=True, tag="retry_scheduled"):
    delay: float
    reason: str


class RequestFailed(_RequestEventBase, frozen=True, kw_only=True, tag="request_failed"):
    error: str
    message: str
    status: int | None = None


class ChangeAlreadyApplied(
    _RequestEventBase, frozen=True, kw_only=True, tag="change_already_applied"
):
    """A retry met the state an earlier attempt of the call had produced, whose answer was
    lost: the call succeeded (calls.py's `AppliedCheck`). `status` is the retry's answer (404
    for a delete, 409 for a cancel); `confirmed_by` the operation whose read confirmed it."""

    status: int
    confirmed_by: str | None = None


RequestEvent = (
    RequestSent | ResponseReceived | RetryScheduled | RequestFailed | ChangeAlreadyApplied
)

Subscriber = Callable[[RequestEvent], None]
"""What `subscribe` takes: every event published is a `RequestEvent` (the watch's events are
its own, yielded, not published), so a handler of that union, or of any object, will do."""
Unsubscribe = Callable[[], None]


class EventBus:
    """Synchronous fan-out to subscribers; a subscriber must not block."""

    __slots__ = ("_subscribers",)

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Unsubscribe:
        """Register `subscriber`; call the returned function to unsubscribe."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    def __bool__(self) -> bool:
        return bool(self._subscribers)

    def publish(self, event: RequestEvent) -> None:
        for subscriber in tuple(self._subscribers):
            subscriber(event)
