"""`ClientConfig`: every setting of a client in one frozen value, checked when it is made.

A client's settings are refused where they are given: `ClientConfig(...)` raises
`TypeError`/`ValueError` before any request, and so does `dataclasses.replace` of one, which
is all a client's `copy` does. What every request needs of them (the headers it carries, the
query it adds, the base URL's origin) is worked out here once, not per request.

Also here: reading a URL as the transport reads it (yarl), for the base URL and for redirects
alike, and the environment's `SCENARIO_CUSTOM_HEADERS`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from yarl import URL

from ._http import is_loopback
from ._version import __version__
from .auth import CREDENTIAL_HEADERS, Credentials, marked
from .calls import DEFAULT_CONNECT, Timeout
from .limits import RateLimit
from .ops._build import checked_query
from .retry import RetryPolicy
from .transport import DEFAULT_MAX_RESPONSE_BYTES
from .validation import checked_header_names, checked_headers

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "HTTP_CLIENT_REFUSED",
    "ClientConfig",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "Origin",
    "has_controls",
    "headers_from_environment",
    "origin",
    "readable_url",
]

DEFAULT_BASE_URL = "https://api.cloud.scenario.com/v1"
DEFAULT_TIMEOUT = Timeout(total=60.0, connect=DEFAULT_CONNECT, read=None)
USER_AGENT = f"scenario-async/{__version__}"
"""Sent with every request unless `default_headers` or `extra_headers` set another. (A
header of our own also spares aiohttp from adding its own on each request.)"""
_NO_V1_HINT = f"; the API's paths start with /v1: is base_url missing it? (e.g. {DEFAULT_BASE_URL})"

HTTP_CLIENT_REFUSED = (
    "http_client has no meaning here: scenario_async sends through its own aiohttp pool. "
    "Leave it out: set proxies and TLS with transport=AiohttpTransport(proxy=..., "
    "trust_env=..., ssl=... or verify=...), and the pool with its max_connections=..."
)


class _NoHttpClient:
    """The official SDK's HTTP client choices, which have no meaning here: making one says
    what to do instead, so that code switched by its import fails where it is wrong."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError(HTTP_CLIENT_REFUSED)


class DefaultAioHttpClient(_NoHttpClient):
    pass


class DefaultAsyncHttpxClient(_NoHttpClient):
    pass


class DefaultHttpxClient(_NoHttpClient):
    pass


Origin = tuple[str, str | None, int | None]
"""Scheme, host (lower case) and port (the scheme's default when none is given)."""


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """A client's settings. `secret_headers` always holds `CREDENTIAL_HEADERS` besides the
    names given (lower case); the values of `default_headers` named there are `Secret`s."""

    base_url: str = DEFAULT_BASE_URL
    credentials: Credentials = field(default_factory=Credentials)
    timeout: Timeout = DEFAULT_TIMEOUT
    retry_policy: RetryPolicy = field(default_factory=RetryPolicy)
    default_headers: Mapping[str, str] = field(default_factory=dict[str, str])
    default_query: Mapping[str, object] = field(default_factory=dict[str, object])
    secret_headers: frozenset[str] = CREDENTIAL_HEADERS
    max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES
    rate_limit: RateLimit | None = None
    # Worked out from the above when made, for every request.
    request_headers: Mapping[str, str] | None = field(init=False, repr=False)
    """What every request carries: a call's own headers are added to a copy. None without
    credentials, when no request is sent."""
    query_defaults: tuple[tuple[str, str], ...] = field(init=False, repr=False)
    base_origin: Origin = field(init=False, repr=False)
    plain_http_host: str | None = field(init=False, repr=False)
    """The host credentials would go to over plain HTTP (not this machine's own), if any."""
    not_found_hint: str = field(init=False, repr=False)
    """What a 404 adds when the base URL's path could be the reason."""

    def __post_init__(self) -> None:
        base_url = _checked_base_url(self.base_url)
        if not isinstance(self.retry_policy, RetryPolicy):
            raise TypeError(
                f"retry_policy must be a RetryPolicy, got {type(self.retry_policy).__name__}"
            )
        _check_size_limit(self.max_response_bytes)
        secret = CREDENTIAL_HEADERS | checked_header_names(self.secret_headers, "secret_headers")
        headers = marked(checked_headers(self.default_headers, "default_headers").items(), secret)
        base = URL(base_url, encoded=True)
        derived = {
            "base_url": base_url,
            "secret_headers": secret,
            "default_headers": headers,
            "default_query": dict(self.default_query),
            "request_headers": self._request_headers(headers),
            "query_defaults": checked_query({}, self.default_query, "default_query"),
            "base_origin": origin(base),
            "plain_http_host": (
                base.host if base.scheme == "http" and not is_loopback(base.host) else None
            ),
            "not_found_hint": "" if base.raw_path.endswith("/v1") else _NO_V1_HINT,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def retrying_at_most(self, max_retries: int | None) -> ClientConfig:
        """This config, its retry policy's `max_retries` replaced when one is given."""
        if max_retries is None:
            return self
        return replace(self, retry_policy=replace(self.retry_policy, max_retries=max_retries))

    def _request_headers(self, headers: Mapping[str, str]) -> dict[str, str] | None:
        """Header names are case-blind: a caller's `user-agent` replaces ours rather than
        going out beside it."""
        authorization = self.credentials.authorization
        if authorization is None:
            return None
        given = {name.lower() for name in headers}
        ours = {"Accept": "application/json", "User-Agent": USER_AGENT}
        return {
            **{name: value for name, value in ours.items() if name.lower() not in given},
            "Authorization": authorization,
            **headers,
        }


def _checked_base_url(url: object) -> str:
    """`url` without its trailing slash, if the client can send to it. The URL itself is never
    echoed: it might carry credentials."""
    if not isinstance(url, str):
        raise TypeError(f"base_url must be a str, such as {DEFAULT_BASE_URL!r}")
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    # One the transport could not read (a port that is not a number...) is refused here, not
    # at the first call.
    if (
        parts is None
        or readable_url(url) is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
    ):
        raise ValueError(
            f"base_url must be an http:// or https:// URL, such as {DEFAULT_BASE_URL!r}"
        )
    if "@" in parts.netloc:
        raise ValueError("base_url must not carry credentials: pass api_key and api_secret")
    if parts.query or parts.fragment or has_controls(url):
        raise ValueError(
            "base_url must have no query, fragment, spaces or control characters "
            "(default_query= adds query parameters to every request)"
        )
    return url.rstrip("/")


def _check_size_limit(limit: object) -> None:
    if limit is None:
        return
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(
            f"max_response_bytes must be an int (bytes) or None, got {type(limit).__name__}"
        )
    if limit < 1:
        raise ValueError("max_response_bytes must be at least 1 byte, or None for no limit")


def has_controls(text: str) -> bool:
    return any(char <= " " or char == "\x7f" for char in text)


def readable_url(base: str, relative: str = "") -> URL | None:
    """`relative` resolved against `base`, as the transport reads a URL (yarl); None if it
    cannot be read: a port that is not a number or out of range, a backslash or a stray
    bracket in the host... A URL yarl cannot read never outlives this frame: yarl reads its
    host and port when first asked, its repr included, and a repr that raises breaks a
    traceback printed with its locals."""
    try:
        url = URL(urljoin(base, relative), encoded=True)
        origin(url)
    except (ValueError, IndexError):  # yarl 1.25 fails on `http://[v1.x]@` with IndexError
        return None
    # What yarl lets through depends on its release (1.17 reads `a\b` as a host; 1.25 not).
    if url.raw_host is not None and not _HOST.fullmatch(url.raw_host):
        return None
    return url


# A host as RFC 3986 spells one: a registered name (unreserved, percent-encoded and sub-delims
# characters) or an IP address (an IPv6 one without its brackets, as yarl gives it).
_HOST = re.compile(r"[A-Za-z0-9\-._~%!$&'()*+,;=:]+")


def origin(url: URL) -> Origin:
    return url.scheme, url.host, url.port


def headers_from_environment() -> dict[str, str]:
    """The official SDK's `SCENARIO_CUSTOM_HEADERS`: `Name: value` lines, checked."""
    headers: dict[str, str] = {}
    for line in os.environ.get("SCENARIO_CUSTOM_HEADERS", "").split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip()] = value.strip()
    return checked_headers(headers, "SCENARIO_CUSTOM_HEADERS")
