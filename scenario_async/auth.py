"""Credentials: where they come from, the `Authorization` made of them, and how they are hidden.

A credential travels as a `Secret`: a `str` whose repr is `'[secure]'`, so that the dicts and
multidicts that hold request headers (ours, and aiohttp's in its own frames) print without it
wherever they are printed: a traceback with its locals (`pytest -l`), a log line, a debugger.
It is the same object all the way to the wire, where it is written as the text it is. A
request as a user sees it (`redacted`) keeps no credential at all: `[secure]` in its place, so
that a response or an error can be printed, logged or pickled without leaking it.

Basic auth (key and secret) wins over a bearer token, as in the official SDK. Missing
credentials are reported at the first request (`missing`), not when a client is made.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .validation import checked_headers

__all__ = [
    "CREDENTIAL_HEADERS",
    "Credentials",
    "Secret",
    "marked",
    "redacted",
    "secret_or_environment",
]

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


def secret_or_environment(given: str | None, variable: str) -> Secret | None:
    """A credential given as an argument or, left out, by the environment `variable`."""
    value = given if given is not None else os.environ.get(variable)
    return None if value is None else Secret(value)


@dataclass(frozen=True, slots=True)
class Credentials:
    """A client's key, secret and token, and the `Authorization` they make (None without
    any). A credential that no header could carry is refused when this is made, without
    echoing it."""

    api_key: Secret | None = None
    api_secret: Secret | None = None
    bearer_auth: Secret | None = None
    authorization: Secret | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "authorization", self._authorization())

    def _authorization(self) -> Secret | None:
        api_key, api_secret = self.api_key, self.api_secret
        if api_key is not None and api_secret is not None:
            try:
                pair = f"{api_key}:{api_secret}".encode()
            except UnicodeEncodeError:
                pair = None
            if pair is None:
                # Raised outside the `except`: a `UnicodeEncodeError` holds the text it could
                # not encode, which would then be this error's context.
                raise ValueError("api_key and api_secret must be text UTF-8 can encode")
            return Secret("Basic " + base64.b64encode(pair).decode("ascii"))
        if self.bearer_auth is not None:
            authorization = Secret(f"Bearer {self.bearer_auth}")
            checked_headers({"Authorization": authorization}, "bearer_auth")
            return authorization
        return None

    @property
    def scheme(self) -> str:
        """`Basic`, `Bearer` or `none`: what a repr may say of them."""
        return self.authorization.split(" ", 1)[0] if self.authorization else "none"

    def missing(self) -> str:
        """What to do when a request finds no credential to send: half of a key pair is not
        the same mistake as none at all."""
        if self.api_key is not None and self.api_secret is None:
            return (
                "api_key is set (as an argument or by SCENARIO_SDK_API_KEY) but api_secret is "
                "not: pass api_secret=... or set SCENARIO_SDK_API_SECRET (or use bearer_auth "
                "alone)"
            )
        if self.api_secret is not None and self.api_key is None:
            return (
                "api_secret is set (as an argument or by SCENARIO_SDK_API_SECRET) but api_key "
                "is not: pass api_key=... or set SCENARIO_SDK_API_KEY (or use bearer_auth alone)"
            )
        return (
            "no credentials: pass api_key and api_secret (or bearer_auth), or set "
            "SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT)"
        )
