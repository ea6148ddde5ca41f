"""The I/O edge: send one request, return status, headers and body bytes.

Only a (status, headers, bytes) triple crosses this boundary, or, for a streamed response,
status and headers with the body still to read (`open`, a `TransportStream`). Retries,
auth, JSON and events belong to the client; a transport is deliberately boring so that
swapping it (the aiohttp default, the handler-backed `MockTransport` for tests) changes
nothing else. A transport without `open` still serves streamed calls: its whole response is
read first and handed out as a stream.

The aiohttp transport keeps the three time limits apart: `Timeout.connect` bounds opening a
socket, `Timeout.read` each wait for data, `Timeout.total` the whole request. Waiting for a
free pooled connection is done here, before aiohttp sees the request, so that it never
counts as connecting and never looks like a server timeout: past the deadline it raises
`PoolTimeoutError`, a request that was never sent. It never retries by itself either
(aiohttp silently resends PUT and DELETE on a broken connection, which would repeat a
training trigger): retries are the client's policy alone.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from .calls import Timeout
from .errors import APIConnectionError, APITimeoutError, ResponseTooLargeError, pool_timeout

__all__ = [
    "AiohttpTransport",
    "MockTransport",
    "StreamingTransport",
    "Transport",
    "TransportRequest",
    "TransportResponse",
    "TransportStream",
    "buffered",
]


@dataclass(frozen=True, slots=True)
class TransportRequest:
    method: str
    # Fully encoded: path and query are percent-encoded already and must be sent as they are.
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: Timeout
    # Bound on the response body; None for no limit.
    max_response_bytes: int | None = None

    def __repr__(self) -> str:
        # Header values carry the credential: name the headers, never show them.
        return (
            f"TransportRequest(method={self.method!r}, url={self.url!r}, "
            f"headers={sorted(self.headers)!r}, timeout={self.timeout!r})"
        )

    @property
    def path(self) -> str:
        """The URL's path, for error messages: never the query (it may carry tokens)."""
        return URL(self.url, encoded=True).raw_path


@dataclass(frozen=True, slots=True)
class TransportResponse:
    status: int
    # Case-insensitive, as HTTP header names are (aiohttp's CIMultiDictProxy).
    headers: Mapping[str, str]
    body: bytes


class TransportStream(Protocol):
    """A response whose body is still to read; it holds its connection until closed."""

    status: int
    headers: Mapping[str, str]

    def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives, then the connection is released."""
        ...

    async def read(self) -> bytes:
        """The whole body, then the connection is released."""
        ...

    async def aclose(self) -> None:
        """Release the connection, whatever is left unread."""
        ...


class Transport(Protocol):
    async def send(self, request: TransportRequest) -> TransportResponse:
        """Send one request; raise `APIConnectionError`/`APITimeoutError` when no response."""
        ...

    async def aclose(self) -> None: ...


class StreamingTransport(Transport, Protocol):
    async def open(self, request: TransportRequest) -> TransportStream:
        """Send one request and return once the status and headers are in."""
        ...


class _Buffered:
    """A response already read, handed out as a stream."""

    __slots__ = ("_body", "headers", "status")

    def __init__(self, response: TransportResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self._body = response.body

    async def chunks(self) -> AsyncIterator[bytes]:
        body = await self.read()
        if body:
            yield body

    async def read(self) -> bytes:
        body, self._body = self._body, b""
        return body

    async def aclose(self) -> None:
        self._body = b""


def buffered(response: TransportResponse) -> TransportStream:
    """`response`, read already, as a `TransportStream`."""
    return _Buffered(response)


class AiohttpTransport:
    """One long-lived `aiohttp.ClientSession`, created lazily inside the running loop."""

    def __init__(
        self,
        *,
        max_connections: int = 100,
        max_connections_per_host: int = 0,
        keepalive_timeout: float = 30.0,
    ) -> None:
        self._max_connections = max_connections
        self._max_per_host = max_connections_per_host
        self._keepalive_timeout = keepalive_timeout
        self._session: aiohttp.ClientSession | None = None
        self._slots: asyncio.Semaphore | None = None
        self._pool_size = 0

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                limit_per_host=self._max_per_host,
                keepalive_timeout=self._keepalive_timeout,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=True,
                skip_auto_headers=("User-Agent",),
            )
            self._session._retry_connection = False
            # The client talks to one host: its pool is the tighter of the two limits.
            limits = [n for n in (self._max_connections, self._max_per_host) if n]
            self._pool_size = min(limits, default=0)
            self._slots = asyncio.Semaphore(self._pool_size) if limits else None
        return self._session

    async def send(self, request: TransportRequest) -> TransportResponse:
        stream = await self.open(request)
        return TransportResponse(stream.status, stream.headers, await stream.read())

    async def open(self, request: TransportRequest) -> TransportStream:
        session = self._get_session()
        slots, total = self._slots, request.timeout.total
        if slots is not None:
            total = await self._take_slot(slots, request, total)
        try:
            response = await _opened(session, request, total)
        except BaseException:
            if slots is not None:
                slots.release()
            raise
        return _AiohttpStream(request, response, slots)

    async def _take_slot(
        self, slots: asyncio.Semaphore, request: TransportRequest, total: float | None
    ) -> float | None:
        """Wait for a pooled connection within `total`; the time left of `total` after it."""
        if not slots.locked():
            # A free slot is taken at once (no waiter is overtaken: `locked()` counts them),
            # so there is no wait to bound, and no timer to arm and cancel on every request.
            await slots.acquire()
            return total
        started = time.monotonic()
        try:
            async with asyncio.timeout(total):
                await slots.acquire()
        except TimeoutError:
            raise pool_timeout(
                request.method,
                request.path,
                f"no free connection within {total:g} s (all {self._pool_size} in use)",
            ) from None
        if total is None:
            return None
        # aiohttp reads 0 as "no limit": keep a spent budget a tiny positive one.
        return max(1e-3, total - (time.monotonic() - started))

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()


async def _opened(
    session: aiohttp.ClientSession, request: TransportRequest, total: float | None
) -> aiohttp.ClientResponse:
    """The response to `request`, status and headers in, the body unread."""
    timeout = aiohttp.ClientTimeout(
        total=total, sock_connect=request.timeout.connect, sock_read=request.timeout.read
    )
    try:
        response = await session.request(
            request.method,
            URL(request.url, encoded=True),
            headers=request.headers,
            data=request.body,
            timeout=timeout,
            allow_redirects=False,
        )
    except (aiohttp.ClientError, TimeoutError) as exc:
        failure = _connection_failure(exc, request)
    else:
        limit = request.max_response_bytes
        if limit is not None and (response.content_length or 0) > limit:
            response.close()
            raise ResponseTooLargeError(
                f"response of {response.content_length} bytes exceeds {limit}",
                method=request.method,
                path=request.path,
            )
        return response
    # Raised outside the `except` block: see `_connection_failure`.
    raise failure


class _AiohttpStream:
    """An aiohttp response with its body unread, and the pool slot it holds until closed."""

    __slots__ = ("_request", "_response", "_slots", "headers", "status")

    def __init__(
        self,
        request: TransportRequest,
        response: aiohttp.ClientResponse,
        slots: asyncio.Semaphore | None,
    ) -> None:
        self.status = response.status
        self.headers: Mapping[str, str] = response.headers
        self._request = request
        self._response: aiohttp.ClientResponse | None = response
        self._slots = slots

    async def read(self) -> bytes:
        response = self._response
        if response is None:
            return b""
        if self._request.max_response_bytes is not None:
            return b"".join([chunk async for chunk in self.chunks()])
        try:
            try:
                body = await response.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                failure = _connection_failure(exc, self._request)
            else:
                return body
            raise failure
        finally:
            # Cancelled or not, the connection goes back (or is closed) and the slot is freed.
            await self.aclose()

    async def chunks(self) -> AsyncIterator[bytes]:
        response = self._response
        if response is None:
            return
        request, limit, size = self._request, self._request.max_response_bytes, 0
        try:
            try:
                async for chunk in response.content.iter_any():
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise ResponseTooLargeError(
                            f"response body exceeds {limit} bytes",
                            method=request.method,
                            path=request.path,
                        )
                    yield chunk
            except (aiohttp.ClientError, TimeoutError) as exc:
                failure = _connection_failure(exc, request)
            else:
                return
            raise failure
        finally:
            await self.aclose()

    async def aclose(self) -> None:
        response, self._response = self._response, None
        if response is not None:
            # Back to the pool when the body was read to its end; closed otherwise.
            response.release()
            if self._slots is not None:
                self._slots.release()


def _connection_failure(exc: BaseException, request: TransportRequest) -> APIConnectionError:
    """The error for an aiohttp failure on `request`.

    The caller raises it outside its `except` block: a `ClientResponseError`'s
    `request_info` holds the request headers, credential included, so that exception must be
    neither the cause nor the context of ours. The others are kept as the cause.
    """
    failure: APIConnectionError
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        failure = _failure(APITimeoutError, request, ": timed out connecting, nothing sent", False)
    elif isinstance(exc, TimeoutError):
        failure = _failure(APITimeoutError, request, " timed out", True)
    elif isinstance(exc, aiohttp.ClientConnectorError):
        what = f": could not connect ({type(exc).__name__})"
        failure = _failure(APIConnectionError, request, what, False)
    elif isinstance(exc, aiohttp.ClientResponseError):
        what = f": malformed response ({exc.message})"
        return _failure(APIConnectionError, request, what, True)
    else:
        what = f": connection failed ({type(exc).__name__})"
        failure = _failure(APIConnectionError, request, what, True)
    failure.__cause__ = exc
    return failure


def _failure(
    error_type: type[APIConnectionError], request: TransportRequest, what: str, sent: bool
) -> APIConnectionError:
    """`error_type` for `request`, "METHOD /path" then `what`.

    The path is worked out only here: parsing the URL again would cost every request a
    little, for the few that fail.
    """
    path = request.path
    return error_type(
        f"{request.method} {path}{what}", method=request.method, path=path, request_sent=sent
    )


Handler = Callable[[TransportRequest], "TransportResponse | Awaitable[TransportResponse]"]


@dataclass
class MockTransport:
    """A transport that answers with a function of yours: the test double for your tests.

    Every request it receives is kept in `requests`, in order.
    """

    handler: Handler
    requests: list[TransportRequest] = field(default_factory=list)

    async def send(self, request: TransportRequest) -> TransportResponse:
        self.requests.append(request)
        result = self.handler(request)
        response = await result if inspect.isawaitable(result) else result
        if not isinstance(response.headers, CIMultiDictProxy):
            headers = CIMultiDictProxy(CIMultiDict(response.headers))
            response = TransportResponse(response.status, headers, response.body)
        return response

    async def aclose(self) -> None:
        return None
