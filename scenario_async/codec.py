"""Decoding response bodies: one cached `msgspec.json.Decoder` per response type."""

from __future__ import annotations

import functools
from typing import Any, TypeVar

import msgspec

from .calls import Call
from .errors import APIResponseDecodeError
from .validation import split_error

__all__ = ["decode", "decoder_for"]

T = TypeVar("T")


@functools.cache
def decoder_for(tp: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(tp)


def decode(call: Call[T], status: int, body: bytes, into: Any = None) -> T:
    """Decode a 2xx body into the call's response type (or `into`, a caller's own view)."""
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
