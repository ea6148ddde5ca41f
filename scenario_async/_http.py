"""The request a response answers, or an error is about, as a user may look at it; and which
hosts are this machine's own.

`HTTPRequest.headers` keeps no credential: `[secure]` in its place (auth.py's `redacted`), so
that a response or an error can be printed, logged or pickled without leaking it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["HTTPRequest", "is_loopback"]


@dataclass(frozen=True, slots=True)
class HTTPRequest:
    """The request a response answers (or an error is about): method, full URL and headers,
    each credential's value replaced by `[secure]`."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    content: bytes | None = None


def is_loopback(host: str | None) -> bool:
    """Whether `host` is this machine's alone: `localhost` or a loopback address. Any other
    name may resolve to an address others reach, so it is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False
