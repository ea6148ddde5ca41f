"""A request as a value, what sends it, and what comes back.

An operation builder returns a `Call[T]`: everything the interpreter needs to send one
request and decode its answer into `T`, already validated and encoded. Building a call
does no I/O, so tests assert on calls directly and bad input fails before a byte is sent.

What sends a call, and the response it gives back as received, are sending.py's.

Path parameters are percent-encoded as the official SDK does (RFC 3986 `pchar`), and an id
that could add, remove or change a path segment is refused rather than escaped: a caller
who passes `"../other"` has a bug we should surface, not a request we should send.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

import msgspec
from msgspec import UNSET, UnsetType

from .errors import APIResponseDecodeError, ValidationError
from .validation import split_error

__all__ = [
    "Call",
    "Method",
    "Timeout",
    "decode",
    "decoder_for",
    "encode_path",
    "encode_query",
    "timeout_of",
]

T = TypeVar("T")

Method = Literal["GET", "POST", "PUT", "DELETE"]

# What a path segment may contain unescaped, exactly as the official SDK quotes it.
_SEGMENT_SAFE = "!$&'()*+,;=:@"
# Characters and escapes that could move a request to another path, query or fragment.
_PATH_BREAKING = re.compile(r"[/\\?#\x00-\x1f\x7f]|%(?:2[eEfF]|5[cC]|3[fF]|23|00)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# What ids look like in practice: nothing to check further, nothing to percent-encode.
_PLAIN_ID = re.compile(r"[A-Za-z0-9_\-]+")


@dataclass(frozen=True, slots=True)
class Timeout:
    """Time limits in seconds; `None` means no limit.

    `total` bounds the whole call, retries included; `connect` bounds opening a
    connection (waiting for a free pooled connection is not counted against it);
    `read` bounds each wait for data from the server.
    """

    total: float | None = 60.0
    connect: float | None = 5.0
    read: float | None = None


# Connecting is bounded by this much when a call's timeout is given as plain seconds.
DEFAULT_CONNECT = 5.0
_MISSING = object()


def timeout_of(value: object) -> Timeout:
    """A `Timeout` from what a caller may pass as `timeout=`.

    Seconds for the whole call (connecting bounded by the default's 5 s as well), `None` for
    no limit, a `Timeout`, or an object with `connect` and `read` attributes such as
    `httpx.Timeout(60.0, read=5.0, write=10.0, connect=2.0)`, read as the official SDK does:
    limits on each phase and none on the whole call. Its `write` has no counterpart here (a
    request body is sent within `read`'s wait for the answer) and its `pool` wait counts
    against `total`, which it leaves unset.
    """
    if isinstance(value, Timeout):
        return value
    if value is None:
        return Timeout(total=None, connect=None, read=None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
        return Timeout(total=seconds, connect=min(seconds, DEFAULT_CONNECT))
    connect, read = getattr(value, "connect", _MISSING), getattr(value, "read", _MISSING)
    if connect is _MISSING or read is _MISSING:
        raise TypeError(
            f"timeout must be seconds, None, a Timeout or an object with `connect` and `read` "
            f"(such as httpx.Timeout), got {type(value).__name__}"
        )
    return Timeout(total=None, connect=_seconds(connect), read=_seconds(read))


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"a timeout's limits are seconds or None, got {value!r}")


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request, validated and encoded, and the type its response decodes into."""

    operation: str
    method: Method
    path: str
    response_type: type[T]
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    # Safe to send again after the server may have acted on it (reads and idempotent writes).
    idempotent: bool = False
    headers: tuple[tuple[str, str], ...] = ()
    # The caller's timeout for this call; UNSET: the client's default.
    timeout: Timeout | UnsetType = UNSET
    # Retries allowed for this call; None: the client's policy decides.
    max_retries: int | None = None


def encode_path(template: str, **ids: str) -> str:
    """Fill `{name}` placeholders with percent-encoded ids, refusing path-changing ids."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = ids[name]
        if isinstance(value, str) and _PLAIN_ID.fullmatch(value):
            return value
        if not value:
            # The official SDK's words, which code written against it may match.
            raise ValidationError(
                name,
                "must not be empty",
                message=f"Expected a non-empty value for `{name}` but received {value!r}",
            )
        if not isinstance(value, str):
            raise ValidationError(name, f"must be a string, got {type(value).__name__}")
        if value in (".", "..") or _PATH_BREAKING.search(value):
            raise ValidationError(
                name, "must not contain '/', '\\', '?', '#', control characters or dot segments"
            )
        return quote(value, safe=_SEGMENT_SAFE)

    return _PLACEHOLDER.sub(fill, template)


def _primitive(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _query_items(name: str, value: object) -> list[tuple[str, str]]:
    # The official SDK's encoding: arrays comma-joined (None items skipped), mappings as
    # `name[key]`, and a value that encodes to nothing is left out, so None removes it.
    if value is msgspec.UNSET:
        return []
    if isinstance(value, Mapping):
        return [
            item for key, nested in value.items() for item in _query_items(f"{name}[{key}]", nested)
        ]
    if isinstance(value, (list, tuple)):
        return [(name, ",".join(_primitive(item) for item in value if item is not None))]
    text = _primitive(value)
    return [(name, text)] if text else []


def encode_query(
    params: Mapping[str, object], extra: Mapping[str, object] | None = None
) -> tuple[tuple[str, str], ...]:
    """Wire-named parameters to query pairs; a caller's `extra_query` wins over them."""
    merged = {**params, **extra} if extra else params
    return tuple(item for name, value in merged.items() for item in _query_items(name, value))


@functools.cache
def decoder_for(tp: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(tp)


def decode(call: Call[T], status: int, body: bytes, into: Any = None) -> T:
    """Decode a 2xx body into the call's response type (or `into`, another reading of it)."""
    target: Any = call.response_type if into is None else into
    try:
        result: T = decoder_for(target).decode(body)
    except msgspec.ValidationError as exc:
        rule, path = split_error(str(exc))
        raise APIResponseDecodeError(
            f"{call.method} {call.path}: unexpected {call.operation} response: {rule} at ${path}",
            method=call.method,
            path=call.path,
            status_code=status,
            json_path="$" + path,
            body=body,
        ) from None
    except msgspec.DecodeError as exc:
        raise APIResponseDecodeError(
            f"{call.method} {call.path}: response is not valid JSON: {exc}",
            method=call.method,
            path=call.path,
            status_code=status,
            json_path="$",
            body=body,
        ) from None
    return result
