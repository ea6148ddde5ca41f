"""Servers on 127.0.0.1 that pass bytes on: an HTTP forward proxy, and a TLS front.

`ForwardProxy` forwards an absolute-form request (`GET http://host:port/path`) to its server
and tunnels a `CONNECT host:port`, one request or tunnel per connection, keeping each request
line it saw and the `Proxy-Authorization` it came with. `serving` runs either, or a TLS front
(`relay_to`: TLS ends there and the bytes go on to a plain server), and stops every
connection it served on the way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import anyio
from yarl import URL

from .waiting import PATIENCE

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.asynccontextmanager
async def serving(handle: Handler, tls: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    """`handle` serving each connection to the yielded port of 127.0.0.1 (over TLS with `tls`).

    On the way out, the connections still open are closed and their handlers awaited, rather
    than cancelled (asyncio logs a cancelled connection handler as an error).
    """
    open_connections: dict[asyncio.Task[None], asyncio.StreamWriter] = {}

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        open_connections[task] = writer
        try:
            await handle(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away
        finally:
            writer.close()
            del open_connections[task]

    server = await asyncio.start_server(connection, "127.0.0.1", 0, ssl=tls)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        for writer in open_connections.values():
            writer.close()
        with anyio.fail_after(PATIENCE):
            await asyncio.gather(*open_connections)
        await server.wait_closed()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Bytes from `reader` to `writer` until either end goes; then `writer` is closed."""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


async def _joined(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    port: int,
    first: bytes = b"",
) -> None:
    """The connection of `reader`/`writer` joined to a new one to `host:port`, both ways,
    `first` sent on the new one before the rest."""
    upstream_reader, upstream_writer = await asyncio.open_connection(host, port)
    try:
        upstream_writer.write(first)
        await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
    finally:
        upstream_writer.close()


def relay_to(port: int) -> Handler:
    """A handler passing every connection on to `127.0.0.1:port` as it is."""

    async def relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await _joined(reader, writer, "127.0.0.1", port)

    return relay


@dataclass
class ForwardProxy:
    """An HTTP/1.1 forward proxy: serve it with `serving(proxy.handle)`."""

    # Each request line: "GET http://127.0.0.1:8000/v1/models" or "CONNECT 127.0.0.1:8443".
    seen: list[str] = field(default_factory=list)
    # The Proxy-Authorization of each request (None without one).
    authorizations: list[str | None] = field(default_factory=list)
    # When set, the answer to every request, none forwarded (a proxy refusing to serve).
    refusal: bytes | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        request_line, *lines = head.split("\r\n")
        method, target, version = request_line.split(" ")
        headers = [tuple(line.split(":", 1)) for line in lines if line]
        self.seen.append(f"{method} {target}")
        self.authorizations.append(
            next((v.strip() for n, v in headers if n.lower() == "proxy-authorization"), None)
        )
        if self.refusal is not None:
            writer.write(self.refusal)
            await writer.drain()
        elif method == "CONNECT":
            host, port = target.rsplit(":", 1)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await _joined(reader, writer, host, int(port))
        else:
            # On in origin form, without what was meant for the proxy; the server closes the
            # connection after answering: one request per connection.
            url = URL(target)
            assert url.host is not None and url.port is not None
            kept = "".join(
                f"{name}:{value}\r\n"
                for name, value in headers
                if name.lower() not in ("connection", "keep-alive", "proxy-authorization")
            )
            forwarded = f"{method} {url.raw_path_qs} {version}\r\n{kept}Connection: close\r\n\r\n"
            await _joined(reader, writer, url.host, url.port, forwarded.encode("latin-1"))
