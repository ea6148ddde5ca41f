"""`aioresponses` on the installed aiohttp.

aioresponses 0.7.9 builds `aiohttp.ClientResponse` objects without the `stream_writer`
argument that aiohttp 3.12+ requires ("missing 1 required keyword-only argument:
'stream_writer'"). `MockedAPI` is `aioresponses` with a response class that supplies one,
so tests intercept the real aiohttp transport unchanged.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from aiohttp import ClientResponse
from aioresponses import aioresponses

__all__ = ["CompatClientResponse", "MockedAPI"]


class CompatClientResponse(ClientResponse):
    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        # The request was "sent" by aioresponses: nothing was written.
        kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(method, url, **kwargs)


class MockedAPI(aioresponses):
    """`aioresponses` whose mocked responses work with the installed aiohttp."""

    def add(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        kwargs.setdefault("response_class", CompatClientResponse)
        super().add(*args, **kwargs)
