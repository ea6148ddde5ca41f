"""A bound on how long a connection may take to send a request head.

aiohttp.web reads a request head for as long as the connection stays open, so connections
that send their headers a byte at a time, or nothing at all, would each hold a file
descriptor for good: a few hundred stop the emulator from accepting anyone else. aiohttp's
keep-alive timer (`keepalive_timeout`) closes a connection still waiting for a head when it
runs out, and the emulator sets it to its header timeout; but aiohttp 3.14.3 starts it only
once a first answer is sent (3.14.4 also starts it as the connection opens). `HeadDeadline`
covers the first head: each connection is closed unless its first request has reached the
app within the timeout of its opening.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

__all__ = ["HeadDeadline"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HeadDeadline:
    """Wraps the server's protocol factory (`protocols`) and marks each connection whose first
    request arrived (`middleware`, outermost, so that no fault's delay counts against it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        # A connection that ends before its deadline stays here until the deadline: at most
        # the connections of one timeout's span, and the timer would run anyway.
        self._pending: dict[web.RequestHandler, asyncio.TimerHandle] = {}

        @web.middleware
        async def first_request_arrived(
            request: web.Request, handler: Handler
        ) -> web.StreamResponse:
            timer = self._pending.pop(request.protocol, None)
            if timer is not None:
                timer.cancel()
            return await handler(request)

        self.middleware = first_request_arrived

    def protocols(self, make: Callable[[], web.RequestHandler]) -> Callable[[], web.RequestHandler]:
        """`make` (the aiohttp server's protocol factory), each connection given its deadline."""
        loop = asyncio.get_running_loop()

        def accepted() -> web.RequestHandler:
            connection = make()
            # The factory runs as the connection is accepted, and the transport calls the
            # protocol's `connection_made` on the next turn of the loop: before any timer.
            self._pending[connection] = loop.call_later(self.seconds, self._expire, connection)
            return connection

        return accepted

    def _expire(self, connection: web.RequestHandler) -> None:
        del self._pending[connection]
        connection.force_close()
