"""What runs a `Call`, and the response it gives back as received.

A `Sender` runs calls: `send(call)` for the decoded value, `send_raw(call)` for a
`RawResponse` whose body has been read, and `stream(call)` for one whose body has not. The
client is one; everything above it (bulk, pagination, the watcher, the resource namespaces)
is written against this protocol, and tested with a fake.

`RawResponse` has the official async SDK's shape (`await response.parse()`, `read()`,
`text()`, `json()`, `iter_bytes()`, `is_closed`, `http_request`, ...), so code written for
`client.models.with_raw_response` and `with_streaming_response` runs unchanged. An unread
body is the transport's response (`UnreadBody`, piece by piece); nothing here does I/O itself.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

import msgspec

from ._http import HTTPRequest
from .calls import Call, decode
from .codec import projected
from .errors import ScenarioError, StreamConsumedError
from .types import (
    Model,
    ModelGetBulkResponse,
    ModelGetBulkResponseOf,
    ModelResponse,
    ModelResponseOf,
    TrainTriggerResponse,
    TrainTriggerResponseOf,
)

if TYPE_CHECKING:
    from .pages import ModelPage

__all__ = ["ParseHook", "RawResponse", "Sender", "UnreadBody"]

T = TypeVar("T")
V = TypeVar("V", bound=msgspec.Struct)

ParseHook = Callable[[Any, "type[msgspec.Struct] | None"], Any]
"""What `parse()` passes its decoded value through, with the `into` it was given."""


class UnreadBody(Protocol):
    """A response body not read yet: the transport's, holding its connection until closed."""

    def pieces(self) -> AsyncIterator[bytes]:
        """The decoded body, piece by piece as it arrives."""
        ...

    async def aclose(self) -> None: ...


class RawResponse(Generic[T]):
    """A response as received: status, headers and body, with the parsed value on demand.

    From `with_raw_response` the body has been read and the connection released
    (`is_closed`). From `with_streaming_response` nothing is read until asked: `read()`,
    `text()`, `json()`, `parse()`, or the `iter_*` methods, and a body streamed once cannot
    be read again (`StreamConsumedError`). `content` is the body once read.
    """

    __slots__ = (
        "_content",
        "_parse_hook",
        "_stream",
        "_streamed",
        "call",
        "elapsed",
        "headers",
        "http_request",
        "retries_taken",
        "status_code",
    )

    def __init__(
        self,
        call: Call[T],
        status_code: int,
        headers: Mapping[str, str],
        *,
        content: bytes | None = None,
        stream: UnreadBody | None = None,
        http_request: HTTPRequest | None = None,
        retries_taken: int = 0,
        elapsed: float = 0.0,
    ) -> None:
        self.call: Call[T] = call
        self.status_code: int = status_code
        self.headers: Mapping[str, str] = headers
        self.http_request: HTTPRequest = http_request or HTTPRequest(call.method, call.path)
        self.retries_taken: int = retries_taken
        self.elapsed: timedelta = timedelta(seconds=elapsed)
        self._content = content
        self._stream = stream
        self._streamed = False
        self._parse_hook: ParseHook | None = None

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] {self.call.operation}>"

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def url(self) -> str:
        return self.http_request.url

    @property
    def http_version(self) -> str:
        return "HTTP/1.1"

    @property
    def is_closed(self) -> bool:
        """Whether the connection is released: the body was read, streamed or closed."""
        return self._stream is None

    @property
    def content(self) -> bytes:
        if self._content is None:
            if self._streamed:
                raise StreamConsumedError()
            raise ScenarioError("the body has not been read yet: `await response.read()` first")
        return self._content

    async def read(self) -> bytes:
        """The whole body (read once, then kept); the connection is released after it."""
        if self._content is None:
            self._content = b"".join([piece async for piece in self._take_stream()])
        return self._content

    async def text(self) -> str:
        return (await self.read()).decode("utf-8", "replace")

    async def json(self) -> object:
        """The body as plain JSON values; `APIResponseDecodeError` if it is not JSON, or nests
        too deeply to decode."""
        return decode(self.call, self.status_code, self.headers, await self.read(), into=Any)

    @overload
    async def parse(self, *, into: None = None) -> T: ...
    @overload
    async def parse(self: RawResponse[ModelResponse], *, into: type[V]) -> ModelResponseOf[V]: ...
    @overload
    async def parse(
        self: RawResponse[TrainTriggerResponse], *, into: type[V]
    ) -> TrainTriggerResponseOf[V]: ...
    @overload
    async def parse(
        self: RawResponse[ModelGetBulkResponse], *, into: type[V]
    ) -> ModelGetBulkResponseOf[V]: ...
    @overload
    async def parse(self: RawResponse[ModelPage[Model]], *, into: type[V]) -> ModelPage[V]: ...
    async def parse(self, *, into: type[msgspec.Struct] | None = None) -> Any:
        """The decoded value, as `await client.models.<op>(...)` returns it; `into=MyView`
        decodes the models of the answer into your Struct, as the operation's `into=` does."""
        value = decode(
            projected(self.call, into), self.status_code, self.headers, await self.read()
        )
        if self._parse_hook is None:
            return value
        # A listing's first page comes back as the page object `await list(...)` gives.
        return self._parse_hook(value, into)

    def parsing_with(self, hook: ParseHook) -> RawResponse[T]:
        """This response, its `parse()` passing the decoded value (and its `into`) through
        `hook`."""
        self._parse_hook = hook
        return self

    async def close(self) -> None:
        """Release the connection without reading the rest of the body."""
        stream, self._stream = self._stream, None
        if stream is not None:
            await stream.aclose()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks as it arrives (of `chunk_size` bytes, the last one shorter)."""
        if chunk_size is None:
            async for piece in self._pieces():
                yield piece
            return
        # Whole chunks are cut from the buffer in one pass per piece received, so that a large
        # body in small pieces costs linear time, not a copy of the rest at every cut.
        pending = bytearray()
        async for piece in self._pieces():
            pending += piece
            whole = len(pending) - len(pending) % chunk_size
            for start in range(0, whole, chunk_size):
                yield bytes(pending[start : start + chunk_size])
            del pending[:whole]
        if pending:
            yield bytes(pending)

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        async for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    async def iter_lines(self) -> AsyncIterator[str]:
        """The body's lines, without their line endings (`\\n`, `\\r\\n` or `\\r`)."""
        pending = ""
        async for text in self.iter_text():
            lines = (pending + text).splitlines(keepends=True)
            pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
            for line in lines:
                yield line.rstrip("\r\n")
        if pending:
            yield pending

    async def _pieces(self) -> AsyncIterator[bytes]:
        """The body read already, as one piece; else the stream's, taken."""
        if self._content is None:
            async for piece in self._take_stream():
                yield piece
        elif self._content:
            yield self._content

    async def _take_stream(self) -> AsyncIterator[bytes]:
        stream = self._stream
        if stream is None:
            if self._streamed:
                raise StreamConsumedError()
            raise ScenarioError("the response was closed before its body was read")
        self._streamed = True
        try:
            async for piece in stream.pieces():
                yield piece
        finally:
            self._stream = None
            await stream.aclose()


class Sender(Protocol):
    """What runs a `Call`: the client, or a fake in tests."""

    async def send(self, call: Call[T]) -> T:
        """The call's decoded response."""
        ...

    async def send_raw(self, call: Call[T]) -> RawResponse[T]:
        """The call's response as received, body read (a 2xx one: errors are raised as for
        `send`)."""
        ...

    def stream(self, call: Call[T]) -> AbstractAsyncContextManager[RawResponse[T]]:
        """The call's response with its body unread, released when the block is left."""
        ...
