"""The one place where validated arguments become a `Call`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict, TypeVar

import msgspec
from msgspec import UNSET

from ..calls import Call, Method, Timeout, encode_query
from ..errors import ValidationError
from ..validation import is_count

__all__ = ["RequestOptions", "build"]

T = TypeVar("T")

_encode = msgspec.json.Encoder().encode


class RequestOptions(TypedDict, total=False):
    """Per-call options every operation takes, as in the official SDK.

    `extra_query` and `extra_body` win over the operation's own values; `timeout` replaces
    the client's default for this call (`None`: no limit); `max_retries` replaces the
    client's retry count for this call.
    """

    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, object] | None
    extra_body: Mapping[str, object] | None
    timeout: float | Timeout | None
    max_retries: int | None


def _encode_body(
    body: msgspec.Struct | Sequence[msgspec.Struct] | None, extra: Mapping[str, object] | None
) -> bytes | None:
    if not extra:
        return None if body is None else _encode(body)
    base = {} if body is None else msgspec.to_builtins(body)
    if not isinstance(base, dict):
        raise ValidationError("extra_body", "this operation's body is a JSON array, not an object")
    return _encode({**base, **extra})


def build(
    operation: str,
    method: Method,
    path: str,
    response_type: type[T],
    options: RequestOptions,
    *,
    idempotent: bool,
    query: msgspec.Struct | None = None,
    body: msgspec.Struct | Sequence[msgspec.Struct] | None = None,
) -> Call[T]:
    params = msgspec.to_builtins(query) if query is not None else {}
    headers = options.get("extra_headers")
    return Call(
        operation=operation,
        method=method,
        path=path,
        response_type=response_type,
        query=encode_query(params, options.get("extra_query")),
        # As in the official SDK, a GET carries no body, whatever `extra_body` says.
        body=None if method == "GET" else _encode_body(body, options.get("extra_body")),
        idempotent=idempotent,
        headers=tuple(headers.items()) if headers else (),
        timeout=options.get("timeout", UNSET),
        max_retries=_max_retries(options.get("max_retries")),
    )


def _max_retries(value: int | None) -> int | None:
    if value is not None and not is_count(value, 0):
        raise ValidationError("max_retries", "must be a non-negative integer")
    return value
