"""A server that answers every request with the same bytes: for profiling a client alone.

    python benchmarks/_canned.py BODY_FILE    (prints "listening on <url>" on stderr)

The emulator does real work per request (routing, auth, validation, its store), and on a
small machine it competes with the client for the CPU, so a client's cost per request moves
with the server's load. This one parses nothing past the end of the request headers (GET
only, keep-alive) and writes one pre-built response, so that nearly all the CPU a request
costs falls on the client. It serves `profile_retrieve.py --server canned`, never the
benchmark figures, which are taken against the emulator.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path


class _Canned(asyncio.Protocol):
    def __init__(self, response: bytes) -> None:
        self._response = response
        self._pending = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        assert self._transport is not None
        data = self._pending + data
        count = data.count(b"\r\n\r\n")
        self._pending = data[data.rfind(b"\r\n\r\n") + 4 :] if count else data
        if count:
            self._transport.write(self._response * count)


async def serve(body: bytes) -> None:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Canned(head + body), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    print(f"canned server listening on http://127.0.0.1:{port}/v1", file=sys.stderr, flush=True)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]).read_bytes()))
