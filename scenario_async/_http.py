"""The request a response answers, or an error is about, as a user may look at it.

Its credential headers are never kept: `http_request.headers["Authorization"]` is
`[secure]`, so a response or an error can be printed, logged or pickled without leaking it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["HTTPRequest", "redacted"]

# What `http_request.headers` shows for a credential header: it is never kept, so it can be
# neither printed nor pickled nor logged from a response or an error.
REDACTED = "[secure]"
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})


def redacted(headers: Mapping[str, str]) -> dict[str, str]:
    """`headers` with the value of every credential header replaced by `[secure]`."""
    return {
        name: REDACTED if name.lower() in _CREDENTIAL_HEADERS else value
        for name, value in headers.items()
    }


@dataclass(frozen=True, slots=True)
class HTTPRequest:
    """The request a response answers (or an error is about): method, full URL and headers,
    the credential's value replaced by `[secure]`."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    content: bytes | None = None
