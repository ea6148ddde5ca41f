"""Sending a request in layers, as httpx does: retries, then redirects, then one attempt.

Each layer is made once per client, a closure over what it needs, and calls the one below:

- `attempting`: one request sent once through the transport, under the client's rate limit,
  its total cut to what is left before the call's deadline; it publishes `RequestSent` and
  `ResponseReceived`.
- `following_redirects`: redirects are followed here, not by the transport, so that the
  credential rule holds for them too. Credentials go to the base URL's origin (scheme, host,
  port) and nowhere else: a redirect within the origin keeps every header, one to any other
  origin (another host, port, or https -> http) drops each credential header (each `Secret`:
  the `Authorization` made from the client's credentials, and whichever of
  `CREDENTIAL_HEADERS` and the client's `secret_headers` the client or the call set) for that
  hop and every later one.
- `retrying`: asks the retry policy (retry.py) whether and when to try again, within the
  call's deadline (its timeout's total from when it is sent, or from its `timeout_from`, the
  start of the larger call it is a part of); a non-2xx answer becomes its typed error, and a
  retry that meets the state an earlier attempt of the call may have produced confirms it
  (calls.py's `AppliedCheck`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Any, Protocol, TypeVar

import anyio
from multidict import CIMultiDict, CIMultiDictProxy

from ._http import HTTPRequest
from .auth import Secret, redacted
from .calls import AppliedCheck, Call, decode
from .config import Origin, has_controls, origin, readable_url
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    PoolTimeoutError,
    pool_timeout,
    status_error,
)
from .events import (
    ChangeAlreadyApplied,
    EventBus,
    RequestEvent,
    RequestFailed,
    RequestSent,
    ResponseReceived,
    RetryScheduled,
)
from .limits import Limiter
from .retry import AttemptResult, ConnectionFailure, RetryPolicy, StatusResult, may_have_applied
from .sending import RawResponse
from .transport import TransportRequest, TransportResponse

__all__ = [
    "MAX_REDIRECTS",
    "Attempt",
    "Layer",
    "Open",
    "Redirecting",
    "Retrying",
    "as_received",
    "attempting",
    "failed",
    "following_redirects",
    "reading",
    "retrying",
    "shown",
]

MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_JSON_HEADERS: Mapping[str, str] = CIMultiDictProxy(
    CIMultiDict({"Content-Type": "application/json"})
)

Open = Callable[[TransportRequest], Awaitable[TransportResponse]]
"""A transport's `open`, or `reading` of it."""


T = TypeVar("T")
R = TypeVar("R", covariant=True)


class Layer(Protocol[R]):
    """A layer below the retries: `call`'s attempt number `attempt` of `request`, within
    `deadline`; `fresh` when `request`'s total is still all the time left before `deadline`."""

    def __call__(
        self,
        call: Call[Any],
        request: TransportRequest,
        attempt: int,
        deadline: float | None,
        fresh: bool,
    ) -> Awaitable[R]: ...


Attempt = Layer[TransportResponse]
"""`attempting`'s layer: the response."""
Redirecting = Layer[tuple[TransportResponse, TransportRequest]]
"""`following_redirects`' layer: the last response, and the request it answers."""


class Retrying(Protocol):
    """`retrying`'s layer: the call's 2xx response, the attempt (from 0) that got it and the
    request it answers; or the call's error."""

    def __call__(
        self, call: Call[Any], request: TransportRequest
    ) -> Awaitable[tuple[TransportResponse, int, TransportRequest]]: ...


Confirm = Callable[[Call[Any]], Awaitable[TransportResponse]]
"""Runs a call through every layer, its body read: the read that confirms a change applied."""


def reading(open_response: Open) -> Open:
    """`open_response`, its body read whole within the attempt: a failure to read it is the
    attempt's, retried as a failure to connect is."""

    async def read_whole(request: TransportRequest) -> TransportResponse:
        response = await open_response(request)
        return TransportResponse(response.status, response.headers, await response.read())

    return read_whole


def attempting(open_response: Open, limiter: Limiter | None, events: EventBus) -> Attempt:
    async def attempt_once(
        call: Call[Any],
        request: TransportRequest,
        attempt: int,
        deadline: float | None,
        fresh: bool,
    ) -> TransportResponse:
        if limiter is not None and not await limiter.acquire(deadline):
            raise pool_timeout(
                request.named(),
                f"no turn of the client's rate limit ({limiter.limit})",
                "the client's rate_limit",
            )
        try:
            # No time to speak of passes until something is awaited: a fresh request, when no
            # rate limit made it wait, has all of its deadline left, as it says already.
            if deadline is not None and (limiter is not None or not fresh):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    # Nothing of this attempt was acted on: a redirect is not an answer.
                    raise timed_out(call, sent=False)
                request = _with_total(request, remaining)
            if not events:
                return await open_response(request)
            _publish(events, RequestSent, call, attempt)
            started = time.monotonic()
            response = await open_response(request)
        finally:
            if limiter is not None:
                limiter.release()
        _publish(
            events,
            ResponseReceived,
            call,
            attempt,
            status=response.status,
            elapsed=time.monotonic() - started,
        )
        return response

    return attempt_once


def following_redirects(attempt_once: Attempt, base_origin: Origin) -> Redirecting:
    async def followed(
        call: Call[Any],
        request: TransportRequest,
        attempt: int,
        deadline: float | None,
        fresh: bool,
    ) -> tuple[TransportResponse, TransportRequest]:
        hop = 0
        while True:
            response = await attempt_once(call, request, attempt, deadline, fresh and not hop)
            if hop == MAX_REDIRECTS or response.status not in _REDIRECTS:
                return response, request
            location = response.headers.get("Location", "")
            if not location:
                return response, request
            await response.aclose()
            request = _redirected(call, request, response, location, base_origin)
            hop += 1

    return followed


def _redirected(
    call: Call[Any],
    request: TransportRequest,
    response: TransportResponse,
    location: str,
    base_origin: Origin,
) -> TransportRequest:
    """The request a redirect asks for, as browsers and httpx make it: 303 (and 301/302
    after a POST) becomes a bodiless GET; credential headers only ever to the base origin.

    A redirect to anything but a valid http(s) URL without credentials is refused with the
    redirect's status error: following it cannot succeed, so retrying it is no use.
    """
    status = response.status
    # No URL holds text beyond ASCII, spaces or controls (urljoin would drop some).
    valid = location.isascii() and not has_controls(location)
    target = readable_url(request.url, location) if valid else None
    if target is None:
        raise _redirect_refused(call, response, "a valid URL")
    if target.scheme not in ("http", "https") or not target.host or target.user is not None:
        raise _redirect_refused(call, response, "an http(s) URL without credentials")
    method, body = request.method, request.body
    if status == 303 or (status in (301, 302) and method == "POST"):
        method, body = "GET", None
    same_origin = origin(target) == base_origin
    headers = {
        name: value
        for name, value in request.headers.items()
        if (same_origin or not isinstance(value, Secret))
        and (body is not None or name.lower() != "content-type")
    }
    return replace(request, method=method, url=str(target), headers=headers, body=body)


def _redirect_refused(call: Call[Any], response: TransportResponse, what: str) -> APIStatusError:
    """The status error of a redirect whose Location is not `what` it must be. The Location is
    not echoed: it may carry a token (it is in the error's `headers`)."""
    status = response.status
    return APIStatusError(
        f"{call.method} {call.path} -> {status}: redirect refused: the Location is not {what}; "
        "check base_url",
        method=call.method,
        path=call.path,
        status_code=status,
        headers=response.headers,
        body=b"",
    )


def retrying(
    send: Redirecting,
    policy: RetryPolicy,
    events: EventBus,
    not_found_hint: str,
    confirm: Confirm,
) -> Retrying:
    async def retried(
        call: Call[Any], request: TransportRequest
    ) -> tuple[TransportResponse, int, TransportRequest]:
        total = request.timeout.total
        counted_from = call.timeout_from
        fresh = counted_from is None
        if total is None:
            deadline = None
        else:
            deadline = (time.monotonic() if counted_from is None else counted_from) + total
        attempt = 0
        # Whether an earlier attempt reached the server, and whether one may have been applied
        # with its answer lost.
        reached = maybe_applied = False
        while True:
            error: APIError
            outcome: AttemptResult
            if deadline is not None and deadline <= time.monotonic():
                raise failed(events, call, attempt, timed_out(call, sent=reached), request)
            try:
                response, asked = await send(
                    call, request, attempt, deadline, fresh and not attempt
                )
            except PoolTimeoutError as exc:
                # The wait for a connection or the rate limit ran into the deadline: no retry
                # could start in time either.
                failed(events, call, attempt, exc, request)
                raise
            except APIConnectionError as exc:
                error, outcome = exc, ConnectionFailure(exc.request_sent, exc.transient)
            except APIError as exc:
                # Nothing transient (a response over the size limit): reported, not retried.
                failed(events, call, attempt, exc, request)
                raise
            else:
                if 200 <= response.status < 300:
                    return response, attempt, request
                error = await _status_error(call, attempt, asked, response, not_found_hint)
                outcome = StatusResult(response.status, response.headers)
                check = call.applied
                if maybe_applied and check is not None and response.status in check.statuses:
                    applied = await _applied(
                        call, request, check, attempt, response.status, deadline
                    )
                    if applied is not None:
                        return applied, attempt, request
            reached = reached or not isinstance(outcome, ConnectionFailure) or outcome.request_sent
            maybe_applied = maybe_applied or may_have_applied(outcome)
            delay = policy.decide(
                call, attempt=attempt, outcome=outcome, jitter=random.random(), now=time.time()
            )
            if delay is None or (deadline is not None and time.monotonic() + delay >= deadline):
                raise failed(events, call, attempt, error, request)
            if events:
                _publish(
                    events, RetryScheduled, call, attempt, delay=delay, reason=type(error).__name__
                )
            await anyio.sleep(delay)
            attempt += 1

    async def _applied(
        call: Call[Any],
        request: TransportRequest,
        check: AppliedCheck,
        attempt: int,
        status: int,
        deadline: float | None,
    ) -> TransportResponse | None:
        """The answer of `call` if `check` finds that an earlier attempt's change was applied,
        else None (the status it got is then the call's error). A read that confirms it runs
        with the time limits of `request`, the call's, its total cut to what is left before
        `deadline`."""
        confirming = check.confirm
        if confirming is None:
            answer = TransportResponse(200, _JSON_HEADERS, check.answer)
        else:
            if deadline is not None:
                left = max(1e-3, deadline - time.monotonic())
                confirming = replace(confirming, timeout=replace(request.timeout, total=left))
            try:
                answer = await confirm(confirming)
                confirmed = check.confirmed is None or check.confirmed(
                    decode(confirming, answer.status, answer.headers, await answer.read())
                )
            except APIError:
                return None
            if not confirmed:
                return None
        if events:
            _publish(
                events,
                ChangeAlreadyApplied,
                call,
                attempt,
                status=status,
                confirmed_by=None if confirming is None else confirming.operation,
            )
        return answer

    return retried


async def _status_error(
    call: Call[Any],
    attempt: int,
    request: TransportRequest,
    response: TransportResponse,
    not_found_hint: str,
) -> APIStatusError:
    """The typed error of a non-2xx response to `request`, its body read and its connection
    released. A 404 names the URL it answers, and what to check when the base URL lacks
    the `/v1` every path of the API starts with."""
    body = await response.read()
    note = ""
    if response.status == 404:
        # Never the query: it may carry a token.
        note = f" (asked {request.url.partition('?')[0]}){not_found_hint}"
    error = status_error(
        method=call.method,
        path=call.path,
        status_code=response.status,
        headers=response.headers,
        body=body,
        note=note,
    )
    error.response = as_received(call, response, request, attempt, body)
    return error


def as_received(
    call: Call[T],
    response: TransportResponse,
    request: TransportRequest,
    attempt: int,
    content: bytes | None,
    elapsed: float = 0.0,
) -> RawResponse[T]:
    """`response` to `request`, got by attempt `attempt`, as a user sees it: its body
    `content` when read, else `response`'s own, unread."""
    return RawResponse(
        call,
        response.status,
        response.headers,
        content=content,
        stream=response if content is None else None,
        http_request=shown(request),
        retries_taken=attempt,
        elapsed=elapsed,
    )


def failed(
    events: EventBus, call: Call[Any], attempt: int, error: APIError, request: TransportRequest
) -> APIError:
    """`error`, the call's, its request attached, published as `RequestFailed`."""
    error.request = shown(request)
    if events:
        _publish(
            events,
            RequestFailed,
            call,
            attempt,
            error=type(error).__name__,
            message=str(error),
            status=error.status_code if isinstance(error, APIStatusError) else None,
        )
    return error


def _publish(
    events: EventBus,
    event_type: type[RequestEvent],
    call: Call[Any],
    attempt: int,
    **fields: Any,
) -> None:
    """Publish one request event: `fields` are the event's own. (Callers check that anyone
    listens first, to skip building the fields too.)"""
    events.publish(
        event_type(
            operation=call.operation,
            method=call.method,
            path=call.path,
            attempt=attempt,
            **fields,
        )
    )


def shown(request: TransportRequest) -> HTTPRequest:
    """`request` as a user may see it: its credential replaced by `[secure]`."""
    return HTTPRequest(request.method, request.url, redacted(request.headers), request.body)


def timed_out(call: Call[Any], *, sent: bool) -> APITimeoutError:
    """The call's deadline passed; `sent`: an attempt of it may have reached the server."""
    return APITimeoutError(
        f"{call.method} {call.path}: deadline passed",
        method=call.method,
        path=call.path,
        request_sent=sent,
    )


def _with_total(request: TransportRequest, remaining: float) -> TransportRequest:
    return replace(request, timeout=replace(request.timeout, total=remaining))
