"""`AsyncScenario`: configuration, lifecycle, and the interpreter that runs a `Call`.

The interpreter adds base URL, auth and headers, sends through the transport, applies the
retry policy within the call's deadline, decodes, and publishes request events. Resource
methods only build calls and hand them here.

Credentials go to the base URL's origin (scheme, host, port) and nowhere else. Redirects
are followed here, not by the transport, so that this rule holds for them too: a redirect
within the origin keeps `Authorization`, one to any other origin (another host, port, or
https -> http) drops it for that hop and every later one.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import random
import time
import warnings
from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import cached_property
from typing import Any, Protocol, Self, TypeVar, overload
from urllib.parse import quote, urlencode, urljoin, urlsplit

import anyio
from msgspec import UNSET, UnsetType
from multidict import CIMultiDict, CIMultiDictProxy

from ._http import HTTPRequest, redacted
from ._version import __version__
from .calls import DEFAULT_CONNECT, AppliedCheck, Call, Timeout, decode, timeout_of
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    MissingCredentialsError,
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
    Subscriber,
)
from .limits import Limiter, RateLimit
from .ops._build import checked_query
from .resources import ModelsResource, RawResponseView, StreamingResponseView
from .retry import AttemptResult, ConnectionFailure, RetryPolicy, StatusResult, may_have_applied
from .sending import RawResponse
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    AiohttpTransport,
    Transport,
    TransportRequest,
    TransportResponse,
    TransportStream,
    buffered,
)
from .validation import checked_headers

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "AsyncScenario",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
]

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.cloud.scenario.com/v1"
DEFAULT_TIMEOUT = Timeout(total=60.0, connect=DEFAULT_CONNECT, read=None)
MAX_REDIRECTS = 5
USER_AGENT = f"scenario-async/{__version__}"
"""Sent with every request unless `default_headers` or `extra_headers` set another. (A
header of our own also spares aiohttp from adding its own on each request.)"""
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


R = TypeVar("R", covariant=True)


class _Send(Protocol[R]):
    def __call__(self, request: TransportRequest, /) -> Awaitable[R]: ...


_HTTP_CLIENT_REFUSED = (
    "http_client has no meaning here: scenario_async sends through its own aiohttp pool. "
    "Leave it out, and tune the pool with transport=AiohttpTransport(max_connections=...)"
)


class _NoHttpClient:
    """The official SDK's HTTP client choices, which have no meaning here: making one says
    what to do instead, so that code switched by its import fails where it is wrong."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError(_HTTP_CLIENT_REFUSED)


class DefaultAioHttpClient(_NoHttpClient):
    pass


class DefaultAsyncHttpxClient(_NoHttpClient):
    pass


class DefaultHttpxClient(_NoHttpClient):
    pass


class AsyncScenario:
    """Async client for Scenario's models API.

    Arguments left out come from the environment variables the official SDK reads:
    `SCENARIO_SDK_API_KEY`, `SCENARIO_SDK_API_SECRET`, `SCENARIO_SDK_JWT` and
    `SCENARIO_BASE_URL`. Basic auth (key and secret) wins over a bearer token, as in the
    official SDK. Missing credentials are reported at the first request, not here, so a
    client can be built at import time.

    `timeout` is seconds for the whole call, retries included, or a `Timeout` whose
    `total` bounds the whole call, `connect` opening a connection and `read` each wait for
    response data (`total=None`: no overall limit, each attempt still bounded by the
    others). Waiting for a free connection or for `rate_limit` counts against `total` only,
    and running out there raises `PoolTimeoutError`, never a server timeout.
    `max_retries` (2 when left out) is the number of retries after the first attempt; it
    takes precedence over the `max_retries` of a `retry_policy` passed with it. Both it and
    `timeout` can be overridden per call (`max_retries=`, `timeout=`).
    `rate_limit` caps requests per second and in flight across every call of this client.
    `max_response_bytes` (64 MiB, decompressed, when left out; None for no limit) bounds a
    response body as it is read; an error body is kept up to its first 64 KiB.
    Configuration is checked here: a bad value raises `TypeError`/`ValueError` before any
    request. After `close()` (of this client or a copy) every call raises `ClientClosedError`.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        bearer_auth: str | None = None,
        base_url: str | None = None,
        timeout: float | Timeout | object | None = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: object = None,
        transport: Transport | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        retry_policy: RetryPolicy | None = None,
        rate_limit: RateLimit | None = None,
    ) -> None:
        if http_client is not None:
            raise TypeError(_HTTP_CLIENT_REFUSED)
        api_key = api_key if api_key is not None else os.environ.get("SCENARIO_SDK_API_KEY")
        api_secret = (
            api_secret if api_secret is not None else os.environ.get("SCENARIO_SDK_API_SECRET")
        )
        bearer_auth = bearer_auth if bearer_auth is not None else os.environ.get("SCENARIO_SDK_JWT")
        if base_url is None:
            base_url = os.environ.get("SCENARIO_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = _checked_base_url(base_url)
        self._credentials = (api_key, api_secret, bearer_auth)
        self._authorization = _authorization(api_key, api_secret, bearer_auth)
        self._timeout = timeout_of(timeout)
        self._retry = _retry_policy(retry_policy, max_retries)
        if transport is not None and not callable(getattr(transport, "send", None)):
            raise TypeError(
                "transport must have `send` and `aclose`, as AiohttpTransport and MockTransport do"
            )
        self._transport: Transport = transport or AiohttpTransport()
        self._open = getattr(self._transport, "open", None)
        self._use_default_headers(
            {
                **checked_headers(_custom_headers_from_environment(), "SCENARIO_CUSTOM_HEADERS"),
                **checked_headers(default_headers or {}, "default_headers"),
            }
        )
        self._default_query = dict(default_query or {})
        self._query_defaults = checked_query({}, self._default_query, "default_query")
        self._max_response_bytes = _checked_size_limit(max_response_bytes)
        self._limiter = None if rate_limit is None else Limiter(rate_limit)
        self._events = EventBus()
        # Shared with copies, as the transport is: closing one closes them all.
        self._lifecycle = _Lifecycle()
        parts = urlsplit(self.base_url)
        # Decided once: checking the URL on every request costs more than the rest of a call.
        self._plain_http_host = (
            parts.hostname if parts.scheme == "http" and not _is_loopback(parts.hostname) else None
        )

    def _use_default_headers(self, headers: dict[str, str]) -> None:
        self._default_headers = headers
        # What every request carries, built once: a call's own headers are added to a copy.
        # None without credentials, when no request is sent. Header names are case-blind: a
        # caller's `user-agent` replaces ours rather than going out beside it.
        given = {name.lower() for name in headers}
        ours = {"Accept": "application/json", "User-Agent": USER_AGENT}
        self._request_headers = (
            None
            if self._authorization is None
            else {
                **{name: value for name, value in ours.items() if name.lower() not in given},
                "Authorization": self._authorization,
                **headers,
            }
        )

    def __repr__(self) -> str:
        auth = self._authorization.split(" ", 1)[0] if self._authorization else "none"
        return f"AsyncScenario(base_url={self.base_url!r}, auth={auth})"

    def copy(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        bearer_auth: str | None = None,
        base_url: str | None = None,
        timeout: float | Timeout | object | UnsetType | None = UNSET,
        http_client: object = None,
        max_retries: int | UnsetType = UNSET,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
    ) -> AsyncScenario:
        """A client with these options changed, as the official SDK's `copy`/`with_options`:
        `default_headers`/`default_query` add to this client's, `set_...` replace them.

        The copy shares this client's connection pool, rate limit and event subscribers,
        so `client.with_options(timeout=5).models.retrieve(...)` costs no new connection;
        closing either closes the pool of both.
        """
        if http_client is not None:
            raise TypeError(_HTTP_CLIENT_REFUSED)
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("default_headers and set_default_headers cannot be used together")
        if default_query is not None and set_default_query is not None:
            raise ValueError("default_query and set_default_query cannot be used together")
        own_key, own_secret, own_bearer = self._credentials
        headers = set_default_headers
        if headers is None:
            headers = {**self._default_headers, **(default_headers or {})}
        query = set_default_query
        if query is None:
            query = {**self._default_query, **(default_query or {})}
        copied = AsyncScenario(
            api_key=api_key or own_key,
            api_secret=api_secret or own_secret,
            bearer_auth=bearer_auth or own_bearer,
            base_url=base_url or self.base_url,
            timeout=self._timeout if isinstance(timeout, UnsetType) else timeout,
            default_headers=headers,
            default_query=query,
            transport=self._transport,
            max_response_bytes=self._max_response_bytes,
            retry_policy=self._retry,
            max_retries=None if isinstance(max_retries, UnsetType) else max_retries,
        )
        # What `SCENARIO_CUSTOM_HEADERS` gave this client is in `headers` already.
        copied._use_default_headers(dict(headers))
        copied._limiter = self._limiter
        copied._events = self._events
        copied._lifecycle = self._lifecycle
        return copied

    with_options = copy

    @cached_property
    def with_raw_response(self) -> RawResponseView:
        """`client.with_raw_response.models.<op>(...)`: the response as received, body read."""
        return RawResponseView(self)

    @cached_property
    def with_streaming_response(self) -> StreamingResponseView:
        """`async with client.with_streaming_response.models.<op>(...) as response`: the
        response with its body unread until asked."""
        return StreamingResponseView(self)

    @property
    def timeout(self) -> Timeout:
        return self._timeout

    @property
    def max_retries(self) -> int:
        return self._retry.max_retries

    @cached_property
    def models(self) -> ModelsResource:
        return ModelsResource(self)

    def subscribe(self, subscriber: Subscriber) -> Any:
        """Receive every event this client publishes; returns a function that unsubscribes."""
        return self._events.subscribe(subscriber)

    async def __aenter__(self) -> Self:
        self._lifecycle.check()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool, for this client and its copies. Idempotent; any call
        after it raises `ClientClosedError`, rather than opening a pool nothing would close."""
        self._lifecycle.closed = True
        await self._transport.aclose()

    def is_closed(self) -> bool:
        return self._lifecycle.closed

    async def send(self, call: Call[T]) -> T:
        """Run `call` and return its decoded response."""
        response, attempt, request = await self._execute(call, self._transport.send)
        try:
            return decode(call, response.status, response.body)
        except APIResponseDecodeError as exc:
            raise self._failed(call, attempt, exc, request) from None

    async def send_raw(self, call: Call[T]) -> RawResponse[T]:
        """Run `call` and return the response as received, body read, with `await .parse()`
        for the value."""
        started = time.monotonic()
        response, attempt, request = await self._execute(call, self._transport.send)
        return RawResponse(
            call,
            response.status,
            response.headers,
            content=response.body,
            http_request=_shown(request),
            retries_taken=attempt,
            elapsed=time.monotonic() - started,
        )

    @asynccontextmanager
    async def stream(self, call: Call[T]) -> AsyncIterator[RawResponse[T]]:
        """Run `call` up to its status and headers (retries and redirects included) and yield
        the response with its body unread; leaving the block releases the connection."""
        started = time.monotonic()
        stream, attempt, request = await self._execute(call, self._opened)
        response = RawResponse(
            call,
            stream.status,
            stream.headers,
            stream=stream,
            http_request=_shown(request),
            retries_taken=attempt,
            elapsed=time.monotonic() - started,
        )
        try:
            yield response
        finally:
            await response.close()

    async def _opened(self, request: TransportRequest) -> TransportStream:
        if self._open is not None:
            opened: TransportStream = await self._open(request)
            return opened
        return buffered(await self._transport.send(request))

    def _request(self, call: Call[Any], timeout: Timeout) -> TransportRequest:
        if self._request_headers is None:
            raise MissingCredentialsError(
                "no credentials: pass api_key and api_secret (or bearer_auth), or set "
                "SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT)"
            )
        url = self.base_url + call.path
        query = call.query
        if self._query_defaults:
            given = {name for name, _ in query}
            query = (*(pair for pair in self._query_defaults if pair[0] not in given), *query)
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        headers = dict(self._request_headers)
        headers.update(call.headers)
        if call.body is not None:
            headers.setdefault("Content-Type", "application/json")
        return TransportRequest(
            call.method, url, headers, call.body, timeout, self._max_response_bytes
        )

    @overload
    async def _execute(
        self, call: Call[Any], send: _Send[TransportResponse]
    ) -> tuple[TransportResponse, int, TransportRequest]: ...
    @overload
    async def _execute(
        self, call: Call[Any], send: _Send[TransportStream]
    ) -> tuple[TransportStream, int, TransportRequest]: ...
    async def _execute(
        self, call: Call[Any], send: _Send[Any]
    ) -> tuple[Any, int, TransportRequest]:
        """The call's 2xx response, the attempt (from 0) that got it and the request; or
        the error. `send` is the transport's: a response read whole, or one to stream."""
        self._lifecycle.check()
        timeout = self._timeout if isinstance(call.timeout, UnsetType) else call.timeout
        request = self._request(call, timeout)
        if self._plain_http_host is not None:
            # Said once, at the first request that carries them, not at every one.
            warnings.warn(
                f"credentials are sent over plain HTTP to {self._plain_http_host}",
                RuntimeWarning,
                stacklevel=3,
            )
            self._plain_http_host = None
        deadline = None if timeout.total is None else time.monotonic() + timeout.total
        attempt = 0
        # Whether an earlier attempt reached the server, and whether one may have been applied
        # with its answer lost.
        reached = maybe_applied = False
        while True:
            error: APIError
            outcome: AttemptResult
            if deadline is not None and deadline <= time.monotonic():
                raise self._failed(call, attempt, _timed_out(call, sent=reached), request)
            try:
                response = await self._attempt(call, attempt, request, deadline, send)
            except PoolTimeoutError as exc:
                # The wait for a connection or the rate limit ran into the deadline: no retry
                # could start in time either.
                self._failed(call, attempt, exc, request)
                raise
            except APIConnectionError as exc:
                error, outcome = exc, ConnectionFailure(request_sent=exc.request_sent)
            except APIError as exc:
                # Nothing transient (a response over the size limit): reported, not retried.
                self._failed(call, attempt, exc, request)
                raise
            else:
                if 200 <= response.status < 300:
                    return response, attempt, request
                error = await self._status_error(call, attempt, request, response)
                outcome = StatusResult(response.status, response.headers)
                check = call.applied
                if maybe_applied and check is not None and response.status in check.statuses:
                    applied = await self._applied(
                        call, check, attempt, response.status, timeout, deadline
                    )
                    if applied is not None:
                        if isinstance(response, TransportResponse):
                            return applied, attempt, request
                        return buffered(applied), attempt, request
            reached = reached or not isinstance(outcome, ConnectionFailure) or outcome.request_sent
            maybe_applied = maybe_applied or may_have_applied(outcome)
            delay = self._retry.decide(
                call, attempt=attempt, outcome=outcome, jitter=random.random(), now=time.time()
            )
            if delay is None or (deadline is not None and time.monotonic() + delay >= deadline):
                raise self._failed(call, attempt, error, request)
            self._publish(RetryScheduled, call, attempt, delay=delay, reason=type(error).__name__)
            await anyio.sleep(delay)
            attempt += 1

    async def _applied(
        self,
        call: Call[Any],
        check: AppliedCheck,
        attempt: int,
        status: int,
        limits: Timeout,
        deadline: float | None,
    ) -> TransportResponse | None:
        """The answer of `call` if `check` finds that an earlier attempt's change was applied,
        else None (the status it got is then the call's error). A read that confirms it runs
        with the call's `limits`, its total cut to what is left before `deadline`."""
        confirm = check.confirm
        if confirm is None:
            answer = TransportResponse(200, _JSON_HEADERS, check.answer)
        else:
            if deadline is not None:
                left = replace(limits, total=max(1e-3, deadline - time.monotonic()))
                confirm = replace(confirm, timeout=left)
            try:
                answer, _, _ = await self._execute(confirm, self._transport.send)
                confirmed = check.confirmed is None or check.confirmed(
                    decode(confirm, answer.status, answer.body)
                )
            except APIError:
                return None
            if not confirmed:
                return None
        self._publish(
            ChangeAlreadyApplied,
            call,
            attempt,
            status=status,
            confirmed_by=None if confirm is None else confirm.operation,
        )
        return answer

    async def _status_error(
        self,
        call: Call[Any],
        attempt: int,
        request: TransportRequest,
        response: TransportResponse | TransportStream,
    ) -> APIStatusError:
        """The typed error of a non-2xx response, its body read and its connection released."""
        body = response.body if isinstance(response, TransportResponse) else await response.read()
        error = status_error(
            method=call.method,
            path=call.path,
            status_code=response.status,
            headers=response.headers,
            body=body,
        )
        error.response = RawResponse(
            call,
            response.status,
            response.headers,
            content=body,
            http_request=_shown(request),
            retries_taken=attempt,
        )
        return error

    async def _attempt(
        self,
        call: Call[Any],
        attempt: int,
        request: TransportRequest,
        deadline: float | None,
        send: _Send[Any],
    ) -> Any:
        """One attempt: the rate limit, then the request and the redirects it leads to."""
        if self._limiter is not None and not await self._limiter.acquire(deadline):
            raise pool_timeout(
                call.method,
                call.path,
                f"deadline passed waiting for the client's rate limit ({self._limiter.limit})",
            )
        # No time to speak of passes until something is awaited: the call's first send, when no
        # rate limit made it wait, has all of its deadline left, as its request says already.
        first = attempt == 0 and self._limiter is None
        try:
            started = time.monotonic()
            for hop in range(MAX_REDIRECTS + 1):
                if deadline is not None and (hop or not first):
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        # Nothing of this attempt was acted on: a redirect is not an answer.
                        raise _timed_out(call, sent=False)
                    request = _with_total(request, remaining)
                if hop == 0 and self._events:
                    self._publish(RequestSent, call, attempt)
                response = await send(request)
                if hop == MAX_REDIRECTS or response.status not in _REDIRECTS:
                    break
                location = response.headers.get("Location", "")
                if not location:
                    break
                if not isinstance(response, TransportResponse):
                    await response.aclose()
                request = self._redirected(call, request, response, location)
        finally:
            if self._limiter is not None:
                self._limiter.release()
        if self._events:
            self._publish(
                ResponseReceived,
                call,
                attempt,
                status=response.status,
                elapsed=time.monotonic() - started,
            )
        return response

    def _redirected(
        self,
        call: Call[Any],
        request: TransportRequest,
        response: TransportResponse | TransportStream,
        location: str,
    ) -> TransportRequest:
        """The request a redirect asks for, as browsers and httpx make it: 303 (and 301/302
        after a POST) becomes a bodiless GET; `Authorization` only ever to the base origin.

        A redirect to anything but an http(s) URL without credentials is refused with the
        redirect's status error: following it cannot succeed, so retrying it is no use.
        """
        status = response.status
        try:
            url = urljoin(request.url, location)
            target = urlsplit(url)
            refused = target.scheme not in ("http", "https") or not target.hostname
            refused = refused or target.username is not None or _has_controls(url)
        except ValueError:
            refused = True
        if refused:
            raise APIStatusError(
                f"{call.method} {call.path} -> {status}: redirect refused: the Location is "
                "not an http(s) URL without credentials; check base_url",
                method=call.method,
                path=call.path,
                status_code=status,
                headers=response.headers,
                body=b"",
            )
        method, body = request.method, request.body
        if status == 303 or (status in (301, 302) and method == "POST"):
            method, body = "GET", None
        same_origin = _origin(url) == _origin(self.base_url)
        headers = {
            name: value
            for name, value in request.headers.items()
            if (same_origin or name.lower() != "authorization")
            and (body is not None or name.lower() != "content-type")
        }
        return TransportRequest(
            method, url, headers, body, request.timeout, request.max_response_bytes
        )

    def _publish(
        self, event_type: type[RequestEvent], call: Call[Any], attempt: int, **fields: Any
    ) -> None:
        """Publish one request event, if anyone listens: `fields` are the event's own. (The
        calls made for every request check that first, to skip building the fields too.)"""
        if self._events:
            self._events.publish(
                event_type(
                    operation=call.operation,
                    method=call.method,
                    path=call.path,
                    attempt=attempt,
                    **fields,
                )
            )

    def _failed(
        self, call: Call[Any], attempt: int, error: APIError, request: TransportRequest
    ) -> APIError:
        error.request = _shown(request)
        self._publish(
            RequestFailed,
            call,
            attempt,
            error=type(error).__name__,
            message=str(error),
            status=error.status_code if isinstance(error, APIStatusError) else None,
        )
        return error


_JSON_HEADERS: Mapping[str, str] = CIMultiDictProxy(
    CIMultiDict({"Content-Type": "application/json"})
)


class _Lifecycle:
    __slots__ = ("closed",)

    def __init__(self) -> None:
        self.closed = False

    def check(self) -> None:
        if self.closed:
            raise ClientClosedError(
                "this client was closed: make a new AsyncScenario for more calls "
                "(a closed client stays closed, so that it never opens a pool nothing closes)"
            )


def _retry_policy(policy: RetryPolicy | None, max_retries: int | None) -> RetryPolicy:
    """`policy` (default delays when None) with `max_retries` in place of its own, if given."""
    if policy is not None and not isinstance(policy, RetryPolicy):
        raise TypeError(f"retry_policy must be a RetryPolicy, got {type(policy).__name__}")
    policy = policy or RetryPolicy()
    if max_retries is None:
        return policy
    return replace(policy, max_retries=max_retries)


def _checked_base_url(url: object) -> str:
    """`url` without its trailing slash, if the client can send to it. The URL itself is never
    echoed: it might carry credentials."""
    if not isinstance(url, str):
        raise TypeError(f"base_url must be a str, such as {DEFAULT_BASE_URL!r}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here, not at the first call)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"base_url must be an http:// or https:// URL, such as {DEFAULT_BASE_URL!r}"
        )
    if "@" in parts.netloc:
        raise ValueError("base_url must not carry credentials: pass api_key and api_secret")
    if parts.query or parts.fragment or _has_controls(url):
        raise ValueError(
            "base_url must have no query, fragment, spaces or control characters "
            "(default_query= adds query parameters to every request)"
        )
    return url.rstrip("/")


def _has_controls(text: str) -> bool:
    return any(char <= " " or char == "\x7f" for char in text)


def _checked_size_limit(limit: object) -> int | None:
    if limit is None:
        return None
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(
            f"max_response_bytes must be an int (bytes) or None, got {type(limit).__name__}"
        )
    if limit < 1:
        raise ValueError("max_response_bytes must be at least 1 byte, or None for no limit")
    return limit


def _authorization(
    api_key: str | None, api_secret: str | None, bearer_auth: str | None
) -> str | None:
    """The `Authorization` header; a credential that no header could carry is refused here,
    without echoing it."""
    if api_key is not None and api_secret is not None:
        try:
            pair = f"{api_key}:{api_secret}".encode()
        except UnicodeEncodeError:
            raise ValueError("api_key and api_secret must be text UTF-8 can encode") from None
        return "Basic " + base64.b64encode(pair).decode("ascii")
    if bearer_auth is not None:
        authorization = f"Bearer {bearer_auth}"
        checked_headers({"Authorization": authorization}, "bearer_auth")
        return authorization
    return None


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, parts.hostname, parts.port or default


def _with_total(request: TransportRequest, remaining: float) -> TransportRequest:
    timeout = request.timeout
    return TransportRequest(
        request.method,
        request.url,
        request.headers,
        request.body,
        Timeout(total=remaining, connect=timeout.connect, read=timeout.read),
        request.max_response_bytes,
    )


def _shown(request: TransportRequest) -> HTTPRequest:
    """`request` as a user may see it: its credential replaced by `[secure]`."""
    return HTTPRequest(request.method, request.url, redacted(request.headers), request.body)


def _custom_headers_from_environment() -> dict[str, str]:
    """The official SDK's `SCENARIO_CUSTOM_HEADERS`: `Name: value` lines."""
    headers: dict[str, str] = {}
    for line in os.environ.get("SCENARIO_CUSTOM_HEADERS", "").split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip()] = value.strip()
    return headers


def _timed_out(call: Call[Any], *, sent: bool) -> APITimeoutError:
    """The call's deadline passed; `sent`: an attempt of it may have reached the server."""
    return APITimeoutError(
        f"{call.method} {call.path}: deadline passed",
        method=call.method,
        path=call.path,
        request_sent=sent,
    )
