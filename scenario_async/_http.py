"""The request a response answers, or an error is about, as a user may look at it; the call
a request is sent for, as its errors name it; and which hosts are this machine's own.

`HTTPRequest.headers` keeps no credential: `[secure]` in its place (auth.py's `redacted`), so
that a response or an error can be printed, logged or pickled without leaking it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["CallContext", "HTTPRequest", "is_loopback"]


@dataclass(frozen=True, slots=True)
class HTTPRequest:
    """The request a response answers (or an error is about): method, full URL and headers,
    each credential's value replaced by `[secure]`."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    content: bytes | None = None


class CallContext(NamedTuple):
    """The call a request is sent for, as the request's errors name it: the call's method and
    its path relative to base_url, as the API reference names operations and as status errors
    and events name them, whichever URL (a redirect's, base_url's own path) it was sent to;
    and the call's timeout, the `total` its caller or client set (a retry's request has only
    what is left of it), for the errors that say it ran out."""

    method: str
    path: str
    timeout: float | None


def is_loopback(host: str | None) -> bool:
    """Whether `host` is this machine's alone: `localhost` or a loopback address. Any other
    name may resolve to an address others reach, so it is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False
