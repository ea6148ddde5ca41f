"""`AsyncScenario`: configuration, lifecycle, and the interpreter that runs a `Call`.

The interpreter adds base URL, auth and headers, sends through the transport, applies the
retry policy within the call's deadline, decodes, and publishes request events. Resource
methods only build calls and hand them here.

Credentials go to the base URL's origin (scheme, host, port) and nowhere else. Redirects
are followed here, not by the transport, so that this rule holds for them too: a redirect
within the origin keeps every header, one to any other origin (another host, port, or
https -> http) drops each credential header for that hop and every later one: the
`Authorization` made from the client's credentials, and whichever of `CREDENTIAL_HEADERS`
and the client's `secret_headers` the client or the call set.

A credential is a `Secret` from where it is given to the wire (`_http.py`): the client's key,
secret and token, the `Authorization` made of them, and the value of every credential
header, so that no repr prints one, tracebacks printed with their locals included.
"""

from __future__ import annotations

import base64
import os
import random
import re
import time
import warnings
from collections.abc import AsyncGenerator, Awaitable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar, overload
from urllib.parse import quote, urlencode, urljoin, urlsplit

import anyio
from msgspec import UNSET, UnsetType
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ._http import CREDENTIAL_HEADERS, HTTPRequest, Secret, is_loopback, marked, redacted
from ._version import __version__
from .calls import DEFAULT_CONNECT, AppliedCheck, Call, Timeout, TimeoutArg, decode, timeout_of
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
    Unsubscribe,
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
from .validation import checked_header_names, checked_headers

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
_NO_V1_HINT = f"; the API's paths start with /v1: is base_url missing it? (e.g. {DEFAULT_BASE_URL})"


R = TypeVar("R", covariant=True)


class _Send(Protocol[R]):
    def __call__(self, request: TransportRequest, /) -> Awaitable[R]: ...


_HTTP_CLIENT_REFUSED = (
    "http_client has no meaning here: scenario_async sends through its own aiohttp pool. "
    "Leave it out: set proxies and TLS with transport=AiohttpTransport(proxy=..., "
    "trust_env=..., ssl=... or verify=...), and the pool with its max_connections=..."
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
    official SDK. Missing credentials (or a key without its secret, or a secret without its
    key) are reported at the first request, as in the official SDK, not here, so a client can
    be built at import time.

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
    `default_headers` (and `SCENARIO_CUSTOM_HEADERS`) go with every request; the headers that
    frame a request (`Content-Length`, `Host`, `Connection`...) are refused, there as in a
    call's `extra_headers`. `secret_headers` names the headers that carry a credential besides
    `Authorization`, `Proxy-Authorization`, `X-Api-Key` and `Cookie`: their values are never
    shown (`[secure]` in `http_request`, in no repr) and never follow a redirect to another
    origin.
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
        timeout: TimeoutArg = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: object = None,
        transport: Transport | None = None,
        secret_headers: Iterable[str] = (),
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        retry_policy: RetryPolicy | None = None,
        rate_limit: RateLimit | None = None,
    ) -> None:
        # Rebound first, as `Secret`s: no local of this frame shows a credential in the
        # traceback of an argument refused below, printed with its locals.
        api_key = _credential(api_key, "SCENARIO_SDK_API_KEY")
        api_secret = _credential(api_secret, "SCENARIO_SDK_API_SECRET")
        bearer_auth = _credential(bearer_auth, "SCENARIO_SDK_JWT")
        if http_client is not None:
            raise TypeError(_HTTP_CLIENT_REFUSED)
        if base_url is None:
            base_url = os.environ.get("SCENARIO_BASE_URL") or DEFAULT_BASE_URL
        self.base_url: str = _checked_base_url(base_url)
        self._credentials = (api_key, api_secret, bearer_auth)
        self._authorization = _authorization(api_key, api_secret, bearer_auth)
        self._secret_headers = CREDENTIAL_HEADERS | checked_header_names(
            secret_headers, "secret_headers"
        )
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
        base = URL(self.base_url, encoded=True)
        # Decided once: checking the URL on every request costs more than the rest of a call.
        self._plain_http_host = (
            base.host if base.scheme == "http" and not is_loopback(base.host) else None
        )
        self._base_origin = _origin(base)
        # What a 404 adds when the base URL's path could be the reason.
        self._not_found_hint = "" if base.raw_path.endswith("/v1") else _NO_V1_HINT

    def _use_default_headers(self, headers: dict[str, str]) -> None:
        headers = marked(headers.items(), self._secret_headers)
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
        timeout: TimeoutArg | UnsetType = UNSET,
        http_client: object = None,
        max_retries: int | UnsetType = UNSET,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        secret_headers: Iterable[str] = (),
    ) -> AsyncScenario:
        """A client with these options changed, as the official SDK's `copy`/`with_options`:
        `default_headers`/`default_query` add to this client's, `set_...` replace them;
        `secret_headers` adds to this client's (a header marked secret stays secret).

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
        secret = self._secret_headers | checked_header_names(secret_headers, "secret_headers")
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
            secret_headers=secret,
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

    def subscribe(self, subscriber: Subscriber) -> Unsubscribe:
        """Receive every event this client publishes; returns a function that unsubscribes."""
        return self._events.subscribe(subscriber)

    async def __aenter__(self) -> Self:
        self._lifecycle.check()
        return self

    if not TYPE_CHECKING:
        # For the interpreter only: a type checker that does not see them flags `with client:`
        # itself. Python looks both up before calling `__enter__`, which says what to write.
        def __enter__(self):
            raise TypeError(
                "AsyncScenario is asynchronous: use `async with AsyncScenario(...) as client:`, "
                "inside an `async def`"
            )

        def __exit__(self, *exc_info):
            return None

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
    async def stream(self, call: Call[T]) -> AsyncGenerator[RawResponse[T], None]:
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
            raise MissingCredentialsError(_no_credentials(*self._credentials[:2]))
        url = self.base_url + call.path
        query = call.query
        if self._query_defaults:
            given = {name for name, _ in query}
            query = (*(pair for pair in self._query_defaults if pair[0] not in given), *query)
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        headers = dict(self._request_headers)
        if call.headers:
            headers.update(marked(call.headers, self._secret_headers))
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
                response, asked = await self._attempt(call, attempt, request, deadline, send)
            except PoolTimeoutError as exc:
                # The wait for a connection or the rate limit ran into the deadline: no retry
                # could start in time either.
                self._failed(call, attempt, exc, request)
                raise
            except APIConnectionError as exc:
                error, outcome = exc, ConnectionFailure(exc.request_sent, exc.transient)
            except APIError as exc:
                # Nothing transient (a response over the size limit): reported, not retried.
                self._failed(call, attempt, exc, request)
                raise
            else:
                if 200 <= response.status < 300:
                    return response, attempt, request
                error = await self._status_error(call, attempt, asked, response)
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
        """The typed error of a non-2xx response to `request`, its body read and its connection
        released. A 404 names the URL it answers, and what to check when the base URL lacks
        the `/v1` every path of the API starts with."""
        body = response.body if isinstance(response, TransportResponse) else await response.read()
        note = ""
        if response.status == 404:
            # Never the query: it may carry a token.
            note = f" (asked {request.url.partition('?')[0]}){self._not_found_hint}"
        error = status_error(
            method=call.method,
            path=call.path,
            status_code=response.status,
            headers=response.headers,
            body=body,
            note=note,
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
    ) -> tuple[Any, TransportRequest]:
        """One attempt: the rate limit, then the request and the redirects it leads to. The
        last response, and the request it answers."""
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
            # A loop pyright can see runs at least once, so that `response` is always bound.
            hop = 0
            while True:
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
                hop += 1
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
        return response, request

    def _redirected(
        self,
        call: Call[Any],
        request: TransportRequest,
        response: TransportResponse | TransportStream,
        location: str,
    ) -> TransportRequest:
        """The request a redirect asks for, as browsers and httpx make it: 303 (and 301/302
        after a POST) becomes a bodiless GET; credential headers only ever to the base origin.

        A redirect to anything but a valid http(s) URL without credentials is refused with the
        redirect's status error: following it cannot succeed, so retrying it is no use.
        """
        status = response.status
        # No URL holds text beyond ASCII, spaces or controls (urljoin would drop some).
        valid = location.isascii() and not _has_controls(location)
        target = _readable_url(request.url, location) if valid else None
        if target is None:
            raise _redirect_refused(call, response, "a valid URL")
        if target.scheme not in ("http", "https") or not target.host or target.user is not None:
            raise _redirect_refused(call, response, "an http(s) URL without credentials")
        url = str(target)
        method, body = request.method, request.body
        if status == 303 or (status in (301, 302) and method == "POST"):
            method, body = "GET", None
        same_origin = _origin(target) == self._base_origin
        headers = {
            name: value
            for name, value in request.headers.items()
            if (same_origin or not isinstance(value, Secret))
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
    except ValueError:
        parts = None
    # One the transport could not read (a port that is not a number...) is refused here, not
    # at the first call.
    if (
        parts is None
        or _readable_url(url) is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
    ):
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


def _credential(given: str | None, variable: str) -> Secret | None:
    """A credential given as an argument or, left out, by the environment `variable`."""
    value = given if given is not None else os.environ.get(variable)
    return None if value is None else Secret(value)


def _authorization(
    api_key: str | None, api_secret: str | None, bearer_auth: str | None
) -> Secret | None:
    """The `Authorization` header; a credential that no header could carry is refused here,
    without echoing it."""
    if api_key is not None and api_secret is not None:
        try:
            pair = f"{api_key}:{api_secret}".encode()
        except UnicodeEncodeError:
            pair = None
        if pair is None:
            # Raised outside the `except`: a `UnicodeEncodeError` holds the text it could not
            # encode, which would then be this error's context.
            raise ValueError("api_key and api_secret must be text UTF-8 can encode")
        return Secret("Basic " + base64.b64encode(pair).decode("ascii"))
    if bearer_auth is not None:
        authorization = Secret(f"Bearer {bearer_auth}")
        checked_headers({"Authorization": authorization}, "bearer_auth")
        return authorization
    return None


def _no_credentials(api_key: str | None, api_secret: str | None) -> str:
    """What to do when a request finds no credential to send: half of a key pair is not
    the same mistake as none at all."""
    if api_key is not None and api_secret is None:
        return (
            "api_key is set (as an argument or by SCENARIO_SDK_API_KEY) but api_secret is not: "
            "pass api_secret=... or set SCENARIO_SDK_API_SECRET (or use bearer_auth alone)"
        )
    if api_secret is not None and api_key is None:
        return (
            "api_secret is set (as an argument or by SCENARIO_SDK_API_SECRET) but api_key is not: "
            "pass api_key=... or set SCENARIO_SDK_API_KEY (or use bearer_auth alone)"
        )
    return (
        "no credentials: pass api_key and api_secret (or bearer_auth), or set "
        "SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT)"
    )


def _readable_url(base: str, relative: str = "") -> URL | None:
    """`relative` resolved against `base`, as the transport reads a URL (yarl); None if it
    cannot be read: a port that is not a number or out of range, a backslash or a stray
    bracket in the host... A URL yarl cannot read never outlives this frame: yarl reads its
    host and port when first asked, its repr included, and a repr that raises breaks a
    traceback printed with its locals."""
    try:
        url = URL(urljoin(base, relative), encoded=True)
        _origin(url)
    except (ValueError, IndexError):  # yarl 1.25 fails on `http://[v1.x]@` with IndexError
        return None
    # What yarl lets through depends on its release (1.17 reads `a\b` as a host; 1.25 not).
    if url.raw_host is not None and not _HOST.fullmatch(url.raw_host):
        return None
    return url


# A host as RFC 3986 spells one: a registered name (unreserved, percent-encoded and sub-delims
# characters) or an IP address (an IPv6 one without its brackets, as yarl gives it).
_HOST = re.compile(r"[A-Za-z0-9\-._~%!$&'()*+,;=:]+")


def _origin(url: URL) -> tuple[str, str | None, int | None]:
    """Scheme, host (lower case) and port (the scheme's default when none is given)."""
    return url.scheme, url.host, url.port


def _redirect_refused(
    call: Call[Any], response: TransportResponse | TransportStream, what: str
) -> APIStatusError:
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
