"""`AsyncScenario`, and the `Sender` it is: each `Call` sent through the sending layers.

A client holds its settings (`ClientConfig`), its transport, rate limit, event subscribers
and lifecycle, the last four shared with its copies. Running a call is: the request made of
the call and the settings, sent through the layers (sending_layers.py: retries, redirects,
one attempt), and the response decoded (`send`), read (`send_raw`) or handed out with its
body unread (`stream`).
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import AsyncGenerator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self, TypeVar
from urllib.parse import quote, urlencode

from msgspec import UNSET, UnsetType

from ._http import CallContext
from .auth import Credentials, Secret, marked, secret_or_environment
from .calls import Call, Timeout, TimeoutArg, decode, timeout_of
from .config import (
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
    HTTP_CLIENT_REFUSED,
    ClientConfig,
    headers_from_environment,
)
from .errors import APIResponseDecodeError, ClientClosedError, MissingCredentialsError
from .events import EventBus, Subscriber, Unsubscribe
from .limits import Limiter, RateLimit
from .resources import ModelsResource, RawResponseView, StreamingResponseView
from .retry import RetryPolicy
from .sending import RawResponse
from .sending_layers import (
    Open,
    Retrying,
    as_received,
    attempting,
    failed,
    following_redirects,
    reading,
    retrying,
)
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    AiohttpTransport,
    Transport,
    TransportRequest,
    TransportResponse,
)
from .validation import checked_header_names, checked_headers

__all__ = ["AsyncScenario"]

T = TypeVar("T")


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
        api_key = secret_or_environment(api_key, "SCENARIO_SDK_API_KEY")
        api_secret = secret_or_environment(api_secret, "SCENARIO_SDK_API_SECRET")
        bearer_auth = secret_or_environment(bearer_auth, "SCENARIO_SDK_JWT")
        if http_client is not None:
            raise TypeError(HTTP_CLIENT_REFUSED)
        if base_url is None:
            base_url = os.environ.get("SCENARIO_BASE_URL") or DEFAULT_BASE_URL
        if transport is not None and not callable(getattr(transport, "open", None)):
            raise TypeError(
                "transport must have `open` and `aclose`, as AiohttpTransport and MockTransport do"
            )
        config = ClientConfig(
            base_url=base_url,
            credentials=Credentials(api_key, api_secret, bearer_auth),
            timeout=timeout_of(timeout),
            retry_policy=RetryPolicy() if retry_policy is None else retry_policy,
            default_headers={
                **headers_from_environment(),
                **checked_headers(default_headers or {}, "default_headers"),
            },
            default_query=dict(default_query or {}),
            secret_headers=checked_header_names(secret_headers, "secret_headers"),
            max_response_bytes=max_response_bytes,
            rate_limit=rate_limit,
        )
        self._start(
            config.retrying_at_most(max_retries),
            transport or AiohttpTransport(),
            None if rate_limit is None else Limiter(rate_limit),
            EventBus(),
            # Shared with copies, as the transport is: closing one closes them all.
            _Lifecycle(),
        )

    def _start(
        self,
        config: ClientConfig,
        transport: Transport,
        limiter: Limiter | None,
        events: EventBus,
        lifecycle: _Lifecycle,
    ) -> None:
        """Hold these, and make the layers that send through them (once per client, so that
        a request costs no more than their calls)."""
        self._config = config
        self._transport = transport
        self._limiter = limiter
        self._events = events
        self._lifecycle = lifecycle
        # Warned of once, at the first request that carries credentials there.
        self._plain_http_host = config.plain_http_host

        def layers(open_response: Open) -> Retrying:
            redirecting = following_redirects(
                attempting(open_response, limiter, events), config.base_origin
            )
            return retrying(
                redirecting, config.retry_policy, events, config.not_found_hint, self._confirm
            )

        self._read_whole = layers(reading(transport.open))
        self._open = layers(transport.open)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def __repr__(self) -> str:
        return f"AsyncScenario(base_url={self.base_url!r}, auth={self._config.credentials.scheme})"

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
            raise TypeError(HTTP_CLIENT_REFUSED)
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("default_headers and set_default_headers cannot be used together")
        if default_query is not None and set_default_query is not None:
            raise ValueError("default_query and set_default_query cannot be used together")
        config = self._config
        own = config.credentials
        headers = set_default_headers
        if headers is None:
            headers = {**config.default_headers, **(default_headers or {})}
        query = set_default_query
        if query is None:
            query = {**config.default_query, **(default_query or {})}
        changed = replace(
            config,
            base_url=base_url or config.base_url,
            credentials=Credentials(
                Secret(api_key) if api_key else own.api_key,
                Secret(api_secret) if api_secret else own.api_secret,
                Secret(bearer_auth) if bearer_auth else own.bearer_auth,
            ),
            timeout=config.timeout if isinstance(timeout, UnsetType) else timeout_of(timeout),
            default_headers=headers,
            default_query=query,
            secret_headers=config.secret_headers
            | checked_header_names(secret_headers, "secret_headers"),
        )
        copied = AsyncScenario.__new__(AsyncScenario)
        copied._start(
            changed.retrying_at_most(None if isinstance(max_retries, UnsetType) else max_retries),
            self._transport,
            self._limiter,
            self._events,
            self._lifecycle,
        )
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
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        return self._config.retry_policy.max_retries

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
        response, attempt, request = await self._run(call, self._read_whole)
        try:
            return decode(call, response.status, response.headers, await response.read())
        except APIResponseDecodeError as exc:
            raise failed(self._events, call, attempt, exc, request) from None

    async def send_raw(self, call: Call[T]) -> RawResponse[T]:
        """Run `call` and return the response as received, body read, with `await .parse()`
        for the value."""
        started = time.monotonic()
        response, attempt, request = await self._run(call, self._read_whole)
        body = await response.read()
        return as_received(call, response, request, attempt, body, time.monotonic() - started)

    @asynccontextmanager
    async def stream(self, call: Call[T]) -> AsyncGenerator[RawResponse[T], None]:
        """Run `call` up to its status and headers (retries and redirects included) and yield
        the response with its body unread; leaving the block releases the connection."""
        started = time.monotonic()
        opened, attempt, request = await self._run(call, self._open)
        response = as_received(call, opened, request, attempt, None, time.monotonic() - started)
        try:
            yield response
        finally:
            await response.close()

    async def _run(
        self, call: Call[Any], send: Retrying
    ) -> tuple[TransportResponse, int, TransportRequest]:
        """`call` sent through the layers of `send`: its 2xx response, the attempt (from 0)
        that got it and the request it answers."""
        self._lifecycle.check()
        request = self._request(call)
        if self._plain_http_host is not None:
            # Said once, at the first request that carries them, not at every one.
            warnings.warn(
                f"credentials are sent over plain HTTP to {self._plain_http_host}",
                RuntimeWarning,
                stacklevel=3,
            )
            self._plain_http_host = None
        return await send(call, request)

    async def _confirm(self, call: Call[Any]) -> TransportResponse:
        """The response to `call`, body read: the read that confirms a change was applied."""
        response, _, _ = await self._run(call, self._read_whole)
        return response

    def _request(self, call: Call[Any]) -> TransportRequest:
        config = self._config
        if config.request_headers is None:
            raise MissingCredentialsError(config.credentials.missing())
        url = config.base_url + call.path
        query = call.query
        if config.query_defaults:
            given = {name for name, _ in query}
            query = (*(pair for pair in config.query_defaults if pair[0] not in given), *query)
        if query:
            url += "?" + urlencode(query, quote_via=quote)
        headers = dict(config.request_headers)
        if call.headers:
            headers.update(marked(call.headers, config.secret_headers))
        if call.body is not None:
            headers.setdefault("Content-Type", "application/json")
        timeout = config.timeout if isinstance(call.timeout, UnsetType) else call.timeout
        return TransportRequest(
            call.method,
            url,
            headers,
            call.body,
            timeout,
            config.max_response_bytes,
            CallContext(call.method, call.path, timeout.total),
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
