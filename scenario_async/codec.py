"""Projections: a call's models decoded into a caller's own Struct instead of `Model`.

A projection is a call whose response type has the caller's view Struct in place of `Model`
(`ModelResponseOf[View]` for `ModelResponse`): the envelope keeps its shape, and msgspec
skips every field of a model that the view does not name.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec

from .calls import Call
from .errors import ValidationError
from .types.responses import MODEL_ENVELOPES

__all__ = ["check_view", "projected"]


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
