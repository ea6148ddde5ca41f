"""A request as a value, what sends it, and what comes back.

An operation builder returns a `Call[T]`: everything the interpreter needs to send one
request and decode its answer into `T`, already validated and encoded. Building a call
does no I/O, so tests assert on calls directly and bad input fails before a byte is sent.

What sends a call, and the response it gives back as received, are sending.py's.

Path parameters are percent-encoded as the official SDK does (RFC 3986 `pchar`), and an id
that could add, remove or change a path segment is refused rather than escaped: a caller
who passes `"../other"` has a bug we should surface, not a request we should send. So is
one with no UTF-8 form (a lone surrogate), which would otherwise fail only once sent.
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeAlias, TypeVar, cast
from urllib.parse import quote

import msgspec
from msgspec import UNSET, UnsetType

from .errors import APIResponseDecodeError, ValidationError
from .json_decoding import decode_json, decoder_for
from .validation import split_error, utf8

__all__ = [
    "AppliedCheck",
    "Call",
    "HttpMethod",
    "Timeout",
    "TimeoutArg",
    "TimeoutLike",
    "decode",
    "decode_error",
    "encode_path",
    "encode_query",
    "path_ids",
    "timeout_of",
]

T = TypeVar("T")

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]

# What a path segment may contain unescaped, exactly as the official SDK quotes it.
_SEGMENT_SAFE = "!$&'()*+,;=:@"
# Characters and escapes that could move a request to another path, query or fragment.
_PATH_BREAKING = re.compile(r"[/\\?#\x00-\x1f\x7f]|%(?:2[eEfF]|5[cC]|3[fF]|23|00)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# What ids are made of in practice: nothing to check further, nothing to percent-encode.
_PLAIN_ID_CHARACTERS = string.ascii_letters + string.digits + "_-"
# How much of a 2xx body that is no JSON its error shows.
_SHOWN_BYTES = 64


@dataclass(frozen=True, slots=True)
class Timeout:
    """Time limits in seconds; `None` means no limit.

    `total` bounds the whole call, retries included; `connect` bounds opening a
    connection (waiting for a free pooled connection is not counted against it);
    `read` bounds each wait for data from the server. Each is `None` or a finite number
    above 0 (kept as a float), refused otherwise when the `Timeout` is made.
    """

    total: float | None = 60.0
    connect: float | None = 5.0
    read: float | None = None

    def __post_init__(self) -> None:
        # Checked where the caller made it: aiohttp would take nan for no limit, fail on inf or
        # a string only once the call is under way, and time out at once on 0 or less, with
        # the request reported as sent.
        for limit in ("total", "connect", "read"):
            value = getattr(self, limit)
            # The client makes one per request from checked limits: those cost one test.
            if value is not None and not (type(value) is float and 0.0 < value < math.inf):
                # As a float, whatever number was given, as the annotation says.
                object.__setattr__(self, limit, _seconds(value, limit))


class TimeoutLike(Protocol):
    """Limits on each phase of a call, such as an `httpx.Timeout` gives, typed without
    importing httpx: the official SDK's callers pass one as `timeout=`."""

    @property
    def connect(self) -> float | None: ...
    @property
    def read(self) -> float | None: ...


TimeoutArg: TypeAlias = float | Timeout | TimeoutLike | None
"""What `timeout=` takes, as `timeout_of` reads it."""

# Connecting is bounded by this much when a call's timeout is given as plain seconds.
DEFAULT_CONNECT = 5.0
_MISSING = object()


def timeout_of(value: TimeoutArg) -> Timeout:
    """A `Timeout` from what a caller may pass as `timeout=`.

    Seconds for the whole call (connecting bounded by the default's 5 s as well), `None` for
    no limit, a `Timeout`, or an object with `connect` and `read` attributes such as
    `httpx.Timeout(60.0, read=5.0, write=10.0, connect=2.0)`, read as the official SDK does:
    limits on each phase and none on the whole call. Its `write` has no counterpart here (a
    request body is sent within `read`'s wait for the answer) and its `pool` wait counts
    against `total`, which it leaves unset.

    Seconds are a finite int or float above 0: anything else is refused here, `TypeError`
    for what is not a number and `ValidationError` naming `timeout` for the rest.
    """
    if isinstance(value, Timeout):
        return value
    if value is None:
        return Timeout(total=None, connect=None, read=None)
    # Any: whatever the object holds, which `Timeout` checks as it checks a caller's own.
    connect: Any = getattr(value, "connect", _MISSING)
    read: Any = getattr(value, "read", _MISSING)
    if connect is not _MISSING and read is not _MISSING:
        return Timeout(total=None, connect=connect, read=read)
    seconds = _seconds(value, None)
    return Timeout(total=seconds, connect=min(seconds, DEFAULT_CONNECT))


def _seconds(value: object, limit: str | None) -> float:
    """`value` as a time limit: a finite number of seconds above 0.

    `limit` names which of a `Timeout`'s limits it is; None: a whole `timeout=`.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        got = type(value).__name__
        if limit is None:
            raise TypeError(
                "timeout must be seconds, None, a Timeout or an object with `connect` and "
                f"`read` (such as httpx.Timeout), got {got}"
            )
        raise TypeError(f"timeout: `{limit}` must be seconds (an int or float) or None, got {got}")
    try:
        seconds = float(value)
    except OverflowError:  # an int beyond any float, as unbounded as an infinity
        seconds = math.inf if value > 0 else -math.inf
    if math.isnan(seconds):
        rule = "must be a number of seconds, got nan: use None for no limit"
    elif seconds <= 0:
        rule = f"must be more than 0 seconds, got {seconds:g}: use None for no limit"
    elif math.isinf(seconds):
        rule = "must be finite, got inf: use None for no limit"
    else:
        return seconds
    raise ValidationError("timeout", rule if limit is None else f"`{limit}` {rule}")


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request, validated and encoded, and the type its response decodes into."""

    operation: str
    method: HttpMethod
    path: str
    response_type: type[T]
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    # Safe to send again after the server may have acted on it (reads and idempotent writes).
    idempotent: bool = False
    headers: tuple[tuple[str, str], ...] = ()
    # The caller's timeout for this call; UNSET: the client's default.
    timeout: Timeout | UnsetType = UNSET
    # The moment (on `time.monotonic()`'s clock) from which the timeout's total counts; None:
    # from when the call is sent. A call that is a part of a larger one counts from that one's
    # start: the chunks of one get_bulk all count from its start, so the total bounds it whole.
    timeout_from: float | None = None
    # Retries allowed for this call; None: the client's policy decides.
    max_retries: int | None = None
    # How a retry recognizes the change of an earlier attempt whose answer was lost.
    applied: AppliedCheck | None = None


@dataclass(frozen=True, slots=True)
class AppliedCheck:
    """How to tell, on a retry, that an earlier attempt was applied though its answer was lost.

    When an attempt may have reached the server without its answer reaching us (retry.py's
    `may_have_applied`), a later attempt answered with one of `statuses` may be meeting the
    state that first attempt produced: a delete finds nothing to delete (404), a cancel
    finds nothing training (409). Then the call succeeded. Without `confirm`, the status
    alone says so and the call's answer is `answer`; with it, that read is sent, and when its
    decoded answer passes `confirmed`, its body is the call's answer (a cancel's answer is
    the model, as a retrieve gives it).
    """

    statuses: frozenset[int]
    answer: bytes = b"{}"
    confirm: Call[Any] | None = None
    confirmed: Callable[[Any], bool] | None = None


def encode_path(template: str, ids: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders with the percent-encoded `ids` of those names, refusing
    path-changing ids."""
    # Every request fills one: plain concatenation and `strip`, where a regex or `format`
    # would each bring code of their own into the processor's caches every time.
    parts = _template_parts(template)
    path = parts[0]
    for index in range(1, len(parts), 2):
        name = parts[index]
        value = ids[name]
        # Stripping its characters leaves nothing of a plain id.
        if not (isinstance(value, str) and value and not value.strip(_PLAIN_ID_CHARACTERS)):
            value = _encoded_id(name, value)
        path += value + parts[index + 1]
    return path


def path_ids(template: str) -> tuple[str, ...]:
    """The names of `template`'s `{placeholders}`, in order: the ids its path takes."""
    return _template_parts(template)[1::2]


@functools.cache
def _template_parts(template: str) -> tuple[str, ...]:
    """`template` split at its placeholders: text, name, text, ..., name, text."""
    return tuple(_PLACEHOLDER.split(template))


def _encoded_id(name: str, value: object) -> str:
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
    return quote(utf8(value, name), safe=_SEGMENT_SAFE)


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
        mapping = cast("Mapping[object, object]", value)
        return [
            item
            for key, nested in mapping.items()
            for item in _query_items(f"{name}[{key}]", nested)
        ]
    if isinstance(value, (list, tuple)):
        items = cast("list[object] | tuple[object, ...]", value)
        return [(name, ",".join(_primitive(item) for item in items if item is not None))]
    text = _primitive(value)
    return [(name, text)] if text else []


def encode_query(
    params: Mapping[str, object], extra: Mapping[str, object] | None = None
) -> tuple[tuple[str, str], ...]:
    """Wire-named parameters to query pairs; a caller's `extra_query` wins over them."""
    merged = {**params, **extra} if extra else params
    if not merged:
        return ()
    return tuple(item for name, value in merged.items() for item in _query_items(name, value))


def decode(
    call: Call[T], status: int, headers: Mapping[str, str], body: bytes, into: Any = None
) -> T:
    """Decode a 2xx body into the call's response type (or `into`, another reading of it);
    `headers` are the response's, for the error of a body that does not decode."""
    target: Any = call.response_type if into is None else into
    try:
        result: T = decode_json(body, decoder_for(target))
    except msgspec.DecodeError as exc:
        raise decode_error(call, status, headers, body, exc) from None
    return result


def decode_error(
    call: Call[Any],
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    error: msgspec.DecodeError,
) -> APIResponseDecodeError:
    """What a 2xx response of `call` whose body did not decode, with `error`, raises.

    JSON of the wrong shape names where it is wrong. A body that is no JSON at all (a proxy's
    or a captive portal's page, an empty answer) is described as received: its Content-Type,
    its length and its first bytes, escaped, so that the message says who answered.
    """
    if isinstance(error, msgspec.ValidationError):
        rule, path = split_error(str(error))
        return APIResponseDecodeError(
            f"{call.method} {call.path}: unexpected {call.operation} response: {rule} at ${path}",
            method=call.method,
            path=call.path,
            status_code=status,
            json_path="$" + path,
            body=body,
        )
    return APIResponseDecodeError(
        f"{call.method} {call.path}: the {call.operation} response is not the JSON expected "
        f"({error}): the server answered {status} with {_described(headers, body)}; check "
        "that base_url is the API's (a proxy or a captive portal may have answered instead)",
        method=call.method,
        path=call.path,
        status_code=status,
        json_path="$",
        body=body,
    )


def _described(headers: Mapping[str, str], body: bytes) -> str:
    """A response's Content-Type and body, in a few words: the body's length and its first
    `_SHOWN_BYTES`, the type and the bytes escaped, so that none of what the server chose can
    act on a terminal."""
    content_type = headers.get("Content-Type")
    kind = "no Content-Type" if content_type is None else f"Content-Type {content_type!a}"
    if not body:
        return f"{kind} and an empty body"
    more = "..." if len(body) > _SHOWN_BYTES else ""
    return f"{kind} and {len(body)} bytes: {body[:_SHOWN_BYTES]!r}{more}"
