"""Decoding response bodies: one cached `msgspec.json.Decoder` per response type.

A projection is a call whose response type has the caller's view Struct in place of `Model`
(`ModelResponseOf[View]` for `ModelResponse`): the envelope keeps its shape, and msgspec
skips every field of a model that the view does not name.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, TypeVar

import msgspec

from .calls import Call
from .errors import APIResponseDecodeError, ValidationError
from .types.responses import MODEL_ENVELOPES
from .validation import split_error

__all__ = ["check_view", "decode", "decoder_for", "projected"]

T = TypeVar("T")


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


def check_view(into: object) -> type[msgspec.Struct]:
    """`into` itself if it is a msgspec Struct type, else `ValidationError` naming `into`."""
    if not (isinstance(into, type) and issubclass(into, msgspec.Struct)):
        raise ValidationError("into", f"must be a msgspec.Struct type, got {into!r}")
    return into


def projected(call: Call[Any], into: object) -> Call[Any]:
    """`call` with its models decoded into `into` (a caller's Struct); `None`: `call` itself."""
    if into is None:
        return call
    view = check_view(into)
    envelope = MODEL_ENVELOPES.get(call.response_type)
    if envelope is None:
        raise ValidationError("into", f"{call.operation} returns no models to decode into it")
    generic: Any = envelope
    return dataclasses.replace(call, response_type=generic[view])
