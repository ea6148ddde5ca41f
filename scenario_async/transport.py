"""The I/O edge: send one request, return status, headers and body bytes.

Only a (status, headers, bytes) triple crosses this boundary. Retries, auth, JSON and
events belong to the client; a transport is deliberately boring so that swapping it (the
aiohttp default, the handler-backed `MockTransport` for tests) changes nothing else.

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
from collections.abc import Awaitable, Callable, Mapping
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
    "Transport",
    "TransportRequest",
    "TransportResponse",
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


class Transport(Protocol):
    async def send(self, request: TransportRequest) -> TransportResponse:
        """Send one request; raise `APIConnectionError`/`APITimeoutError` when no response."""
        ...

    async def aclose(self) -> None: ...


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
        session = self._get_session()
        slots, total = self._slots, request.timeout.total
        if slots is None:
            return await self._send(session, request, total)
        if slots.locked():
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
            if total is not None:
                # aiohttp reads 0 as "no limit": keep a spent budget a tiny positive one.
                total = max(1e-3, total - (time.monotonic() - started))
        else:
            # A free slot is taken at once (no waiter is overtaken: `locked()` counts them),
            # so there is no wait to bound, and no timer to arm and cancel on every request.
            await slots.acquire()
        try:
            return await self._send(session, request, total)
        finally:
            slots.release()

    async def _send(
        self, session: aiohttp.ClientSession, request: TransportRequest, total: float | None
    ) -> TransportResponse:
        timeout = aiohttp.ClientTimeout(
            total=total, sock_connect=request.timeout.connect, sock_read=request.timeout.read
        )
        failure: APIConnectionError
        try:
            async with session.request(
                request.method,
                URL(request.url, encoded=True),
                headers=request.headers,
                data=request.body,
                timeout=timeout,
                allow_redirects=False,
            ) as response:
                limit = request.max_response_bytes
                if limit is not None and (response.content_length or 0) > limit:
                    raise ResponseTooLargeError(
                        f"response of {response.content_length} bytes exceeds {limit}",
                        method=request.method,
                        path=request.path,
                    )
                body = await _read_body(response, limit, request)
                return TransportResponse(response.status, response.headers, body)
        except aiohttp.ConnectionTimeoutError as exc:
            raise _failure(
                APITimeoutError, request, ": timed out connecting, nothing sent", sent=False
            ) from exc
        except TimeoutError as exc:
            raise _failure(APITimeoutError, request, " timed out", sent=True) from exc
        except aiohttp.ClientConnectorError as exc:
            raise _failure(
                APIConnectionError,
                request,
                f": could not connect ({type(exc).__name__})",
                sent=False,
            ) from exc
        except aiohttp.ClientResponseError as exc:
            # Its `request_info` holds the request headers, credential included: the error
            # is raised outside this block so that it is neither the cause nor the context.
            failure = _failure(
                APIConnectionError, request, f": malformed response ({exc.message})", sent=True
            )
        except aiohttp.ClientError as exc:
            raise _failure(
                APIConnectionError,
                request,
                f": connection failed ({type(exc).__name__})",
                sent=True,
            ) from exc
        raise failure

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()


def _failure(
    error_type: type[APIConnectionError], request: TransportRequest, what: str, *, sent: bool
) -> APIConnectionError:
    """`error_type` for `request`, "METHOD /path" then `what`.

    The path is worked out only here: parsing the URL again would cost every request a
    little, for the few that fail.
    """
    path = request.path
    return error_type(
        f"{request.method} {path}{what}", method=request.method, path=path, request_sent=sent
    )


async def _read_body(
    response: aiohttp.ClientResponse, limit: int | None, request: TransportRequest
) -> bytes:
    if limit is None:
        return await response.read()
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            raise ResponseTooLargeError(
                f"response body exceeds {limit} bytes", method=request.method, path=request.path
            )
        chunks.append(chunk)
    return b"".join(chunks)


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
