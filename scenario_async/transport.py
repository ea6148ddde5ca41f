"""The I/O edge: open one request's response, status and headers in, its body to read.

A transport has one method that matters, `open(request) -> TransportResponse`: the body is
then read whole (`read()`) or piece by piece as it arrives (`pieces()`), and the connection is
released once it is read or closed (`aclose()`). Only that crosses this boundary: retries,
redirects, auth, JSON and events belong to the client, and a transport is deliberately boring
so that swapping it (the aiohttp default, the handler-backed `MockTransport` for tests)
changes nothing else. A `TransportResponse` made directly holds its whole body already: what
a `MockTransport` handler returns.

The aiohttp transport keeps the three time limits apart: `Timeout.connect` bounds opening a
socket, `Timeout.read` each wait for data, `Timeout.total` the whole request. Waiting for a
free pooled connection is done here, before aiohttp sees the request, so that it never
counts as connecting and never looks like a server timeout: past the deadline it raises
`PoolTimeoutError`, a request that was never sent. It never retries by itself either
(aiohttp silently resends PUT and DELETE on a broken connection, which would repeat a
training trigger): retries are the client's policy alone.

A response body is bounded while it is read, never after: past `max_response_bytes` of
decompressed body it raises `ResponseTooLargeError`. aiohttp's own decompression is off, so
that the bound holds whatever aiohttp version is installed: a gzip or deflate body is
decompressed here, `_INFLATE_STEP` bytes at most per step, so that a few KB of gzip holding
gigabytes costs no more than the limit. The body of an error response only serves its
message: `MAX_ERROR_BODY_BYTES` of it are kept and the rest is dropped with its connection.

A transport outlives event loops (a module-level client run under several `asyncio.run`,
per-test loops): each loop it runs in gets its own session and pool.

Proxies and TLS are settled when the aiohttp transport is made, never per request: its `ssl=`
or `verify=` becomes the connector's one TLS setting, and its proxies (`proxy=`, or with
`trust_env` the environment's `HTTP(S)_PROXY`, `ALL_PROXY` and `NO_PROXY` as they are then)
are checked there and chosen per host once (`_Routes`). A failure to connect says where
(host and port, or the proxy, without its credentials), why, and what to do.

Every error names its request as the client's other errors and its events do: by the method and
path of the call it is sent for (`TransportRequest.for_call`), the path relative to base_url.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
import time
import urllib.request
import zlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from ssl import SSLCertVerificationError, SSLContext, SSLError, create_default_context
from typing import NamedTuple, Protocol

import aiohttp
from aiohttp import hdrs
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ._http import CallContext
from .calls import Timeout
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    ResponseTooLargeError,
    pool_timeout,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "MAX_ERROR_BODY_BYTES",
    "AiohttpTransport",
    "CallContext",
    "MockTransport",
    "Transport",
    "TransportRequest",
    "TransportResponse",
]

# About three times the largest legitimate answer, a list page of 500 models (~22 MB at ~45 KB
# a full model; a get-bulk chunk of 100 is ~4.5 MB), and still what a process can afford to
# hold for one response: a hostile body costs it ~64 MB of RSS, no more.
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
# Of a non-2xx response, the prefix kept as its body: enough for any error message.
MAX_ERROR_BODY_BYTES = 64 * 1024
# The most a compressed body is decompressed by in one step.
_INFLATE_STEP = 64 * 1024
# Only what `_inflated` decodes, whatever codecs aiohttp would offer (brotli, zstd).
_ACCEPT_ENCODING = "gzip, deflate"


@dataclass(frozen=True, slots=True)
class TransportRequest:
    method: str
    # Fully encoded: path and query are percent-encoded already and must be sent as they are.
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: Timeout
    # Bound on the response body, decompressed; None for no limit.
    max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES
    # The call it is sent for (the client's requests have one); see `named`.
    for_call: CallContext | None = None

    def __repr__(self) -> str:
        # Header values carry the credential: name the headers, never show them.
        return (
            f"TransportRequest(method={self.method!r}, url={self.url!r}, "
            f"headers={sorted(self.headers)!r}, timeout={self.timeout!r})"
        )

    def named(self) -> CallContext:
        """What its errors name: the call it is sent for; a request made without one, its own
        method, its URL's path (never the query: it may carry tokens) and its own total, worked
        out only when an error needs it, since parsing the URL would cost every request a
        little."""
        if self.for_call is not None:
            return self.for_call
        return CallContext(self.method, URL(self.url, encoded=True).raw_path, self.timeout.total)


class TransportResponse:
    """A response as a transport opens it: status and headers in, the body to read, whole
    (`read()`) or piece by piece as it arrives (`pieces()`); it holds its connection until its
    body is read or it is closed (`aclose()`).

    Made directly, as a `MockTransport` handler makes one, it holds its whole body already.
    """

    __slots__ = ("_body", "headers", "status")

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status: int = status
        # Case-insensitive, as HTTP header names are (aiohttp's CIMultiDictProxy).
        self.headers: Mapping[str, str] = headers
        self._body = body

    def __repr__(self) -> str:
        return f"<TransportResponse [{self.status}]>"

    async def read(self) -> bytes:
        """The whole body, then the connection is released."""
        return self._body

    async def pieces(self) -> AsyncIterator[bytes]:
        """The body as it arrives, then the connection is released."""
        if self._body:
            yield self._body

    async def aclose(self) -> None:
        """Release the connection, whatever is left unread."""


class Transport(Protocol):
    async def open(self, request: TransportRequest) -> TransportResponse:
        """Send one request and return once the status and headers are in, the body unread;
        raise `APIConnectionError`/`APITimeoutError` when no response comes."""
        ...

    async def aclose(self) -> None: ...


class _Slots:
    """The connections of a bounded pool, as slots a request takes before aiohttp sees it.

    While one is free and no request waits, taking it is a test and a count, with nothing
    awaited (an `asyncio.Semaphore` costs several calls and a coroutine even then). Otherwise
    a request waits its turn on `_handed`, and a slot given back while any request waits goes
    to the first of them, so that no newcomer overtakes it.
    """

    __slots__ = ("_free", "_handed", "_waiting")

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting = 0
        # Slots given back to waiting requests. One whose request was cancelled as it got it
        # stays here, taken at once by the next request to wait.
        self._handed = asyncio.Semaphore(0)

    def locked(self) -> bool:
        """Whether a request must wait for a slot."""
        return not self._free or self._waiting > 0

    def take(self) -> bool:
        """Take a free slot, unless a request must wait for one (then False: `wait`)."""
        if self.locked():
            return False
        self._free -= 1
        return True

    async def wait(self) -> None:
        """Wait in turn for a slot given back."""
        self._waiting += 1
        try:
            await self._handed.acquire()
        finally:
            self._waiting -= 1

    def release(self) -> None:
        if self._waiting:
            self._handed.release()
        else:
            self._free += 1


class _Pool(NamedTuple):
    """What a transport holds in one event loop."""

    session: aiohttp.ClientSession
    # One per pooled connection, when the pool is bounded.
    slots: _Slots | None
    # Finalizing it closes `session`: see `_closes_at_shutdown`.
    lifetime: AsyncGenerator[None, None]


class AiohttpTransport:
    """An `aiohttp.ClientSession` per event loop, created lazily inside it at its first request.

    A session and its pooled connections belong to the loop they were made in, so a transport
    used from another loop (the same client under a second `asyncio.run`) gets another
    session there. The one a loop holds is closed when that loop shuts down, and `aclose()`
    closes the running loop's one; after `aclose()` any request raises `ClientClosedError`.
    Loops take turns: loops running at once in several threads must not share a transport.

    `proxy` ("http://host:port", credentials as "http://user:password@host:port"; https://
    too) sends every request through that proxy. Without it, `trust_env` (the default, as in
    the official SDK) takes the proxies of `HTTPS_PROXY`, `HTTP_PROXY` and `ALL_PROXY`, hosts
    matching `NO_PROXY` reached directly, as the environment is when the transport is made.
    Certificates are checked against the system's CAs unless told otherwise: `ssl` is an
    `ssl.SSLContext` of yours (`ssl.create_default_context(cafile="ca.pem")`), `verify` is
    True (the default checks), the path of a CA bundle (a PEM file, or a directory of them),
    or False (no checks). A bad or contradictory choice raises `TypeError`/`ValueError` here.
    """

    def __init__(
        self,
        *,
        max_connections: int = 100,
        max_connections_per_host: int = 0,
        keepalive_timeout: float = 30.0,
        proxy: str | None = None,
        trust_env: bool = True,
        ssl: SSLContext | None = None,
        verify: bool | str | os.PathLike[str] = True,
    ) -> None:
        self._max_connections = max_connections
        self._max_per_host = max_connections_per_host
        self._keepalive_timeout = keepalive_timeout
        self._tls = _tls(ssl, verify)
        self._routes = _routes(proxy, trust_env)
        # The client talks to one host: its pool is the tighter of the two limits.
        limits = [n for n in (max_connections, max_connections_per_host) if n]
        self._pool_size = min(limits, default=0)
        self._pools: dict[asyncio.AbstractEventLoop, _Pool] = {}
        self._closed = False
        # The pool of the loop of the last request, kept apart so that the common case, the
        # same loop again, costs a request one identity comparison.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._slots: _Slots | None = None

    async def open(self, request: TransportRequest) -> TransportResponse:
        session, slots = self._session, self._slots
        if session is None or asyncio.get_running_loop() is not self._loop:
            session, slots = await self._enter_running_loop()
        total = request.timeout.total
        # A free slot is taken at once: no wait to bound, no timer to arm and cancel.
        if slots is not None and not slots.take():
            total = await self._take_slot(slots, request, total)
        try:
            response, length = await _opened(session, request, total, self._routes)
        except BaseException:
            if slots is not None:
                slots.release()
            raise
        return _AiohttpResponse(request, response, slots, length)

    async def _enter_running_loop(self) -> tuple[aiohttp.ClientSession, _Slots | None]:
        """The running loop's session and slots, made at its first request, when the pools
        of the loops closed since are dropped."""
        if self._closed:
            raise ClientClosedError(
                "this connection pool was closed (by the close() of a client using it): make "
                "a new client, with a new AiohttpTransport if you passed one"
            )
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            pool = self._pools[loop] = self._new_pool()
            await anext(pool.lifetime)
            await self._close_pools(lambda other: other.is_closed())
        self._loop, self._session, self._slots = loop, pool.session, pool.slots
        return pool.session, pool.slots

    def _new_pool(self) -> _Pool:
        connector = aiohttp.TCPConnector(
            limit=self._max_connections,
            limit_per_host=self._max_per_host,
            keepalive_timeout=self._keepalive_timeout,
            ssl=self._tls,
        )
        # aiohttp's own trust_env stays off: it would look the proxy environment and ~/.netrc
        # up again on a worker thread for every request (twice the cost of a loopback
        # request), and a ~/.netrc entry for the API's host would make it refuse every
        # request beside our Authorization header. `_routes` reads the proxies once instead;
        # ~/.netrc is not read (a proxy's credentials go in its URL).
        session = aiohttp.ClientSession(
            connector=connector,
            headers={"Accept-Encoding": _ACCEPT_ENCODING},
            auto_decompress=False,
        )
        # aiohttp's only switch for its silent resend (see the module docstring).
        session._retry_connection = False  # pyright: ignore[reportPrivateUsage]
        slots = _Slots(self._pool_size) if self._pool_size else None
        return _Pool(session, slots, _closes_at_shutdown(session))

    async def _take_slot(
        self, slots: _Slots, request: TransportRequest, total: float | None
    ) -> float | None:
        """Wait for a pooled connection within `total`; the time left of `total` after it."""
        started = time.monotonic()
        try:
            async with asyncio.timeout(total):
                await slots.wait()
        except TimeoutError:
            raise pool_timeout(
                request.named(),
                f"no free connection (all {self._pool_size} in use)",
                "the transport's max_connections",
            ) from None
        if total is None:
            return None
        # aiohttp reads 0 as "no limit": keep a spent budget a tiny positive one.
        return max(1e-3, total - (time.monotonic() - started))

    async def aclose(self) -> None:
        """Close the running loop's session (and those of loops closed since); idempotent.

        The session of a loop still open elsewhere is closed when that loop shuts down.
        """
        self._closed = True
        self._loop = self._session = self._slots = None
        running = asyncio.get_running_loop()
        await self._close_pools(lambda loop: loop is running or loop.is_closed())

    async def _close_pools(self, which: Callable[[asyncio.AbstractEventLoop], bool]) -> None:
        for loop in [loop for loop in self._pools if which(loop)]:
            await self._pools.pop(loop).lifetime.aclose()


def _tls(context: SSLContext | None, verify: bool | str | os.PathLike[str]) -> SSLContext | bool:
    """The connector's `ssl=`, settled once per transport: the caller's context, one of the CA
    bundle `verify` names, or True (aiohttp's default checks, with the context it shares
    between sessions) or False (no checks)."""
    if context is not None:
        if not isinstance(context, SSLContext):
            raise TypeError(
                f"ssl must be an ssl.SSLContext, not {type(context).__name__}: e.g. "
                "ssl.create_default_context(cafile='ca.pem'), or pass verify='ca.pem'"
            )
        if verify is not True:
            raise ValueError(
                "ssl= and verify= were both given: the SSLContext alone decides the "
                "certificate checks, so pass one of them"
            )
        return context
    if isinstance(verify, bool):
        return verify
    if not isinstance(verify, str | os.PathLike):
        raise TypeError(
            f"verify must be True, False or the path of a CA bundle, not {type(verify).__name__}"
        )
    path = os.fspath(verify)
    if not path:
        # `cafile=""` would mean the system's CAs: a path left empty by mistake says so here.
        problem = "an empty path names no file"
    else:
        try:
            if os.path.isdir(path):
                return create_default_context(capath=path)
            return create_default_context(cafile=path)
        except FileNotFoundError:
            problem = "there is no such file"
        except OSError as exc:
            problem = f"it cannot be read as CA certificates ({_reason(exc)})"
    raise ValueError(
        f"verify={path!r}: {problem}: pass the path of a CA bundle (PEM certificates, or a "
        "directory of them), or leave verify out for the system's CAs"
    )


_IGNORE_ENVIRONMENT = (
    "or pass AiohttpTransport(trust_env=False) to ignore the environment's proxies"
)

# urllib's NO_PROXY matching (`proxy_bypass` on Linux, as aiohttp uses it), given the value it
# matches against rather than reading the environment again. Undocumented, so absent from
# typeshed, though in every Python this package supports.
_bypassed: Callable[[str, Mapping[str, str]], bool]
_bypassed = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownVariableType]


@dataclass(frozen=True, slots=True, repr=False)
class _Proxy:
    """A proxy as aiohttp is given it (`url`, credentials included) and as messages show it."""

    url: URL
    # Its scheme, host and port only: never its credentials.
    shown: str
    # What to check when it fails.
    advice: str
    # Whether `url` carries credentials.
    secret: bool

    def __repr__(self) -> str:
        return f"_Proxy({self.shown!r})"

    def at(self, host: str, port: int | None) -> bool:
        """Whether `host` (as a connection key holds it, IDNA-encoded) and `port` are its."""
        return self.url.raw_host == host and self.url.port == port


def _proxy(text: str, name: str, *, from_environment: bool) -> _Proxy:
    """The proxy `text` names (given as `name`), refused unless it is an http(s) URL with a
    host; the refusal shows its scheme at most, never credentials it may hold."""
    if from_environment:
        fix = f"set {name} to an http:// or https:// proxy, {_IGNORE_ENVIRONMENT}"
        advice = f"check {name} (NO_PROXY lists the hosts to reach directly), {_IGNORE_ENVIRONMENT}"
    else:
        fix = "pass proxy='http://host:port' (with credentials, 'http://user:password@host:port')"
        advice = "check proxy= (its host, port and credentials)"
    try:
        url = URL(text)
    except ValueError:
        raise ValueError(f"{name} is not a URL: {fix}") from None
    if "://" not in text:
        kind = "a URL without a scheme"
    elif url.scheme not in ("http", "https"):
        kind = f"a {url.scheme}:// URL"
    elif not url.raw_host:
        kind = "a URL without a host"
    else:
        secret = url.raw_user is not None or url.raw_password is not None
        return _Proxy(url, str(url.origin()), advice, secret)
    raise ValueError(f"{name} is {kind}, not an http:// or https:// proxy: {fix}")


class _Routes:
    """The proxy each request goes through, by the scheme and host of its URL: decided once
    per host (`proxy_for`, cached), from what the transport was given when it was made."""

    __slots__ = ("_by_scheme", "_no_proxy", "proxy_for")

    def __init__(self, by_scheme: Mapping[str, _Proxy], no_proxy: str | None) -> None:
        self._by_scheme = by_scheme
        self._no_proxy = None if no_proxy is None else {"no": no_proxy}
        self.proxy_for = functools.lru_cache(maxsize=64)(self._proxy_for)

    def _proxy_for(self, scheme: str, host: str | None) -> _Proxy | None:
        proxy = self._by_scheme.get(scheme)
        if proxy is None or host is None or self._no_proxy is None:
            return proxy
        return None if _bypassed(host, self._no_proxy) else proxy


def _routes(proxy: str | None, trust_env: bool) -> _Routes | None:
    """The proxies of a transport, checked: `proxy` for every request, or with `trust_env`
    the environment's as it is now; None without any, when a request costs nothing more."""
    if not isinstance(trust_env, bool):
        raise TypeError(f"trust_env must be True or False, not {type(trust_env).__name__}")
    if proxy is not None:
        if not isinstance(proxy, str):
            raise TypeError(f"proxy must be a URL string, not {type(proxy).__name__}")
        chosen = _proxy(proxy, "proxy", from_environment=False)
        return _Routes({"http": chosen, "https": chosen}, None)
    if not trust_env:
        return None
    # HTTPS_PROXY and the like, lowercase names first, HTTP_PROXY ignored under CGI (httpoxy).
    environment = urllib.request.getproxies_environment()
    by_scheme: dict[str, _Proxy] = {}
    for scheme in ("http", "https"):
        name, value = f"{scheme.upper()}_PROXY", environment.get(scheme)
        if not value:
            name, value = "ALL_PROXY", environment.get("all")
        if value:
            # A proxy without a scheme is an http:// one, as curl and the official SDK read it.
            text = value if "://" in value else "http://" + value
            by_scheme[scheme] = _proxy(text, name, from_environment=True)
    return _Routes(by_scheme, environment.get("no")) if by_scheme else None


async def _closes_at_shutdown(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    """Suspended while `session` is in use; finalizing it closes `session`.

    Started in the session's loop, it is one of the async generators that loop finalizes as
    it shuts down (`asyncio.run` and `asyncio.Runner` do, before closing it), so a session
    still open when its loop ends is closed inside that loop, sockets included. Once the loop
    is closed no one can close them any more: each would be reported as unclosed.
    """
    try:
        yield
    finally:
        await session.close()


async def _opened(
    session: aiohttp.ClientSession,
    request: TransportRequest,
    total: float | None,
    routes: _Routes | None,
) -> tuple[aiohttp.ClientResponse, int | None]:
    """The response to `request`, status and headers in, the body unread; and its
    Content-Length, read once here for both its checks (this one and `_plain_within`)."""
    timeout = _client_timeout(total, request.timeout.connect, request.timeout.read)
    url = URL(request.url, encoded=True)
    proxy = None if routes is None else routes.proxy_for(url.scheme, url.host)
    try:
        response = await session.request(
            request.method,
            url,
            headers=request.headers,
            data=request.body,
            timeout=timeout,
            allow_redirects=False,
            proxy=None if proxy is None else proxy.url,
        )
    except (aiohttp.ClientError, TimeoutError) as exc:
        failure = _connection_failure(exc, request, proxy)
    else:
        limit, length = request.max_response_bytes, response.content_length
        # Only a 2xx body is refused for its size: an error keeps a prefix (`pieces`).
        if limit is not None and (length or 0) > limit and 200 <= response.status < 300:
            response.close()
            raise _too_large(request, f"response of {length} bytes exceeds {limit}")
        return response, length
    # Raised outside the `except` block: see `_connection_failure`.
    raise failure


@functools.lru_cache(maxsize=64)
def _client_timeout(
    total: float | None, connect: float | None, read: float | None
) -> aiohttp.ClientTimeout:
    """aiohttp's form of these limits, made once: most requests carry their client's own."""
    return aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)


class _AiohttpResponse(TransportResponse):
    """An aiohttp response with its body unread, and the pool slot it holds until closed."""

    __slots__ = ("_length", "_request", "_response", "_slots")

    def __init__(
        self,
        request: TransportRequest,
        response: aiohttp.ClientResponse,
        slots: _Slots | None,
        length: int | None,
    ) -> None:
        self.status = response.status
        self.headers = response.headers
        self._request = request
        self._response: aiohttp.ClientResponse | None = response
        self._slots = slots
        self._length = length

    async def read(self) -> bytes:
        response = self._response
        if response is not None and _plain_within(
            response, self._length, self._request.max_response_bytes
        ):
            # aiohttp reads no more than the Content-Length: one read, not one per network piece.
            try:
                try:
                    body = await response.read()
                except (aiohttp.ClientError, TimeoutError) as exc:
                    failure = _connection_failure(exc, self._request)
                else:
                    return body
                raise failure
            finally:
                self._release()
        return b"".join([piece async for piece in self.pieces()])

    async def pieces(self) -> AsyncIterator[bytes]:
        response = self._response
        if response is None:
            return
        request, limit = self._request, self._request.max_response_bytes
        # The body of an error only serves its message, which a prefix of it holds.
        keep_prefix = not 200 <= self.status < 300
        if keep_prefix:
            limit = MAX_ERROR_BODY_BYTES if limit is None else min(limit, MAX_ERROR_BODY_BYTES)
        size = 0
        try:
            try:
                async for piece in _decoded(response, request):
                    size += len(piece)
                    if limit is not None and size > limit:
                        if not keep_prefix:
                            raise _too_large(request, f"response body exceeds {limit} bytes")
                        # The rest is never read: the connection it would arrive on goes too.
                        response.close()
                        if kept := piece[: len(piece) - (size - limit)]:
                            yield kept
                        return
                    yield piece
            except (aiohttp.ClientError, TimeoutError, zlib.error) as exc:
                failure = _connection_failure(exc, request)
            else:
                return
            raise failure
        finally:
            self._release()

    async def aclose(self) -> None:
        self._release()

    def _release(self) -> None:
        response, self._response = self._response, None
        if response is not None:
            # Back to the pool when the body was read to its end; closed otherwise.
            response.release()
            if self._slots is not None:
                self._slots.release()


def _plain_within(response: aiohttp.ClientResponse, length: int | None, limit: int | None) -> bool:
    """A 2xx body, not compressed, whose Content-Length (`length`) is within `limit`."""
    return (
        length is not None
        and (limit is None or length <= limit)
        and 200 <= response.status < 300
        and hdrs.CONTENT_ENCODING not in response.headers
    )


def _decoded(response: aiohttp.ClientResponse, request: TransportRequest) -> AsyncIterator[bytes]:
    """The body of `response` as it arrives, decompressed by `_inflated` when compressed."""
    encoding = response.headers.get(hdrs.CONTENT_ENCODING)
    if not encoding:
        return response.content.iter_any()
    encoding = encoding.strip().lower()
    if encoding == "identity":
        return response.content.iter_any()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise _failure(
            APIConnectionError,
            request,
            f": malformed response (its body is encoded as {encoding!r}, which this client "
            f"does not decode: leave Accept-Encoding to the client, which asks for "
            f"{_ACCEPT_ENCODING})",
            True,
        )
    return _inflated(response.content.iter_any(), gzip=encoding != "deflate")


async def _inflated(compressed: AsyncIterator[bytes], *, gzip: bool) -> AsyncIterator[bytes]:
    """A gzip or deflate body decompressed, in steps of at most `_INFLATE_STEP` bytes.

    A step never decompresses more than that, whatever one network piece inflates to: a few
    KB can hold gigabytes.
    """
    # typeshed's name for what decompressobj() returns: zlib exports none.
    decompressor: zlib._Decompress | None = None  # pyright: ignore[reportPrivateUsage]
    async for data in compressed:
        step = b""
        # Output still held inside zlib once the input is used up shows as a full step.
        while data or len(step) == _INFLATE_STEP:
            if decompressor is None or (decompressor.eof and data):
                # What follows the end of a gzip member is another member.
                decompressor = zlib.decompressobj(_wbits(gzip, data[0]))
            step = decompressor.decompress(data, _INFLATE_STEP)
            if step:
                yield step
            data = decompressor.unused_data if decompressor.eof else decompressor.unconsumed_tail


def _wbits(gzip: bool, first_byte: int) -> int:
    if gzip:
        return 16 + zlib.MAX_WBITS
    # "deflate" is zlib-wrapped (RFC 9110), but some servers send it raw, as aiohttp accepts:
    # the low nibble of a zlib stream's first byte names its method, deflate (8).
    return zlib.MAX_WBITS if first_byte & 0x0F == 8 else -zlib.MAX_WBITS


def _too_large(request: TransportRequest, what: str) -> ResponseTooLargeError:
    call = request.named()
    return ResponseTooLargeError(
        f"{call.method} {call.path}: {what}; if an answer that large is expected, raise the "
        "client's max_response_bytes",
        method=call.method,
        path=call.path,
    )


def _connection_failure(
    exc: BaseException, request: TransportRequest, proxy: _Proxy | None = None
) -> APIConnectionError:
    """The error for a failure to read the response to `request` (aiohttp's, or zlib's), sent
    through `proxy` if any.

    The caller raises it outside its `except` block: a `ClientResponseError`'s
    `request_info` holds the request headers, credential included, so that exception must be
    neither the cause nor the context of ours; nor may any of aiohttp's be when `proxy`
    carries credentials, which a connection key (in a connection error's `args`) shows in
    the proxy's URL. The others are kept as the cause.
    """
    failure: APIConnectionError
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        what = f": timed out connecting to {_destination(request, proxy)}, nothing sent"
        failure = _failure(APITimeoutError, request, what, False)
    elif isinstance(exc, TimeoutError):
        failure = _failure(APITimeoutError, request, " timed out", True)
    elif isinstance(exc, aiohttp.ClientConnectorError):
        # Another try meets the same certificate, or the same server that speaks no TLS.
        lasting = isinstance(exc, aiohttp.ClientSSLError)
        what = _not_connected(exc, proxy)
        failure = _failure(APIConnectionError, request, what, False, transient=not lasting)
    elif isinstance(exc, aiohttp.ClientHttpProxyError) and proxy is not None:
        # The proxy's answer to CONNECT, a `ClientResponseError` too: never the cause. Its
        # refusal of our credentials (407) or of the destination (403) stands; a 502 or 503
        # may not.
        what = (
            f": the proxy {proxy.shown} refused a tunnel to {_destination(request, None)} "
            f"({exc.status} {exc.message}): {proxy.advice}"
        )
        lasting = exc.status in (403, 407)
        return _failure(APIConnectionError, request, what, False, transient=not lasting)
    elif isinstance(exc, aiohttp.ClientResponseError):
        what = f": malformed response ({exc.message})"
        return _failure(APIConnectionError, request, what, True)
    elif isinstance(exc, zlib.error):
        what = f": malformed response (its body does not decompress: {exc})"
        failure = _failure(APIConnectionError, request, what, True)
    else:
        what = f": connection failed ({type(exc).__name__})"
        failure = _failure(APIConnectionError, request, what, True)
    if proxy is None or not proxy.secret:
        failure.__cause__ = _frameless(exc)
    return failure


def _frameless(exc: BaseException) -> BaseException:
    """`exc`, and the exceptions it chains, without their tracebacks: what failed and why
    stay, aiohttp's frames go. Their locals hold the request as aiohttp wrote it, headers and
    credential included (bytes, which no `Secret` hides), and a traceback printed with its
    locals (`pytest -l`) would show them."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        link = pending.pop()
        if link is not None and id(link) not in seen:
            seen.add(id(link))
            link.__traceback__ = None
            pending += (link.__cause__, link.__context__)
    return exc


def _not_connected(exc: aiohttp.ClientConnectorError, proxy: _Proxy | None) -> str:
    """Why no connection was opened, and what to do. `exc` names the host it was opening:
    the proxy's, or the server's (directly, or through the proxy's tunnel)."""
    reason = _reason(exc.os_error)
    if proxy is not None and proxy.at(exc.host, exc.port):
        return f": could not connect to the proxy {proxy.shown} ({reason}): {proxy.advice}"
    where = _authority(exc.host, exc.port)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return (
            f": the TLS certificate of {where} could not be verified ({reason}): if a CA of "
            "your own signed it, pass its CA bundle as AiohttpTransport(verify='ca.pem') or "
            "ssl=ssl.create_default_context(cafile='ca.pem'), or start the program with "
            "SSL_CERT_FILE set to it"
        )
    if isinstance(exc, aiohttp.ClientSSLError):
        return (
            f": the TLS handshake with {where} failed ({reason}): check that base_url's "
            "scheme and port are the server's"
        )
    return f": could not connect to {where} ({reason}): check base_url and that the server is up"


def _destination(request: TransportRequest, proxy: _Proxy | None) -> str:
    url = URL(request.url, encoded=True)
    where = _authority(url.raw_host or "", url.port)
    return where if proxy is None else f"{where} through the proxy {proxy.shown}"


def _authority(host: str, port: int | None) -> str:
    """host:port as written in a URL (an IPv6 address in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _reason(error: OSError) -> str:
    """What went wrong, in words: the OS's for an errno ("connection refused"), OpenSSL's for
    TLS (whose errno is its own error code, not the OS's)."""
    if isinstance(error, SSLCertVerificationError) and error.verify_message:
        return error.verify_message.rstrip(".")
    if isinstance(error, SSLError):
        return error.reason.replace("_", " ").lower() if error.reason else str(error)
    if error.errno is not None and error.errno > 0:
        return os.strerror(error.errno).lower()
    # A negative errno is the resolver's (socket.gaierror), told in `strerror`.
    return (error.strerror or str(error) or type(error).__name__).lower()


def _failure(
    error_type: type[APIConnectionError],
    request: TransportRequest,
    what: str,
    sent: bool,
    *,
    transient: bool = True,
) -> APIConnectionError:
    """`error_type` for `request`, "METHOD /path" (as `named` names it) then `what`."""
    call = request.named()
    return error_type(
        f"{call.method} {call.path}{what}",
        method=call.method,
        path=call.path,
        request_sent=sent,
        transient=transient,
    )


Handler = Callable[[TransportRequest], "TransportResponse | Awaitable[TransportResponse]"]


@dataclass
class MockTransport:
    """A transport that answers with a function of yours: the test double for your tests.

    Every request it receives is kept in `requests`, in order.
    """

    handler: Handler
    requests: list[TransportRequest] = field(default_factory=list[TransportRequest])

    async def open(self, request: TransportRequest) -> TransportResponse:
        self.requests.append(request)
        result = self.handler(request)
        response = await result if inspect.isawaitable(result) else result
        if not isinstance(response.headers, CIMultiDictProxy):
            headers = CIMultiDictProxy(CIMultiDict(response.headers))
            response = TransportResponse(response.status, headers, await response.read())
        return response

    async def aclose(self) -> None:
        return None
