"""The request a response answers, or an error is about, as a user may look at it; how a
credential is told apart from other text; and which hosts are this machine's own.

A credential travels as a `Secret`: a `str` whose repr is `'[secure]'`, so that the dicts and
multidicts that hold request headers (ours, and aiohttp's in its own frames) print without it
wherever they are printed: a traceback with its locals (`pytest -l`), a log line, a debugger.
It is the same object all the way to the wire, where it is written as the text it is.
`http_request.headers` keeps no credential at all: `[secure]` in its place, so that a response
or an error can be printed, logged or pickled without leaking it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["CREDENTIAL_HEADERS", "HTTPRequest", "Secret", "is_loopback", "marked", "redacted"]

REDACTED = "[secure]"
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "cookie"})
"""Headers that carry a credential whatever a client is told (lower case): never shown, and
dropped from a redirect to another origin, as the headers a user marks as secret are."""


class Secret(str):
    """A credential: the text it holds everywhere but in a repr, which reads `'[secure]'`.

    `str()` and formatting give the text itself (aiohttp writes a header with `str()`), so it
    costs nothing where it is used; only a repr, which is what code printing objects calls
    (reprs of containers and tracebacks included), hides it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(REDACTED)


def marked(headers: Iterable[tuple[str, str]], secret: frozenset[str]) -> dict[str, str]:
    """`headers` as a dict, the value of each header named in `secret` (lower case) made a
    `Secret`."""
    return {name: Secret(value) if name.lower() in secret else value for name, value in headers}


def redacted(headers: Mapping[str, str]) -> dict[str, str]:
    """`headers` with the value of every credential (`Secret`) replaced by `[secure]`."""
    return {
        name: REDACTED if isinstance(value, Secret) else value for name, value in headers.items()
    }


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
