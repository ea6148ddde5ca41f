"""Get-bulk's request for each chunk of ids, from the get-bulk operation's builder.

`chunk_call` is the request of one chunk. `ChunkCalls` makes the same request for every chunk
of one fetch or watch, cheaper: the call is built, and its options checked, once. A chunk's
ids were each checked as the chunks were planned (bulk_core's `checked_id`: what the builder
checks of them), so they only fill in the body, which otherwise checks and converts each id
of every request again. The chunks of one fetch may share one deadline: each call's timeout
then counts from the fetch's start (`Call.timeout_from`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
from msgspec import UnsetType

from ..calls import Call
from ..codec import projected
from ..types import ModelGetBulkBody
from .models import get_bulk

__all__ = ["ChunkCalls", "chunk_call"]

_encode = msgspec.json.Encoder().encode
# The ids' name in the body, as get-bulk's body Struct sends it.
_IDS = next(
    f.encode_name for f in msgspec.structs.fields(ModelGetBulkBody) if f.name == "model_ids"
)


def chunk_call(
    model_ids: Sequence[str] | UnsetType, options: Mapping[str, Any], into: type[Any] | None
) -> Call[Any]:
    """The get-bulk request of one chunk, its models decoded as `into` (None: `Model`), with
    get-bulk's other arguments and the request options in `options`.

    Without ids (UNSET), the official SDK's request as it sends it.
    """
    ids = model_ids if isinstance(model_ids, UnsetType) else list(model_ids)
    return projected(get_bulk(model_ids=ids, **options), into)


class ChunkCalls:
    """The get-bulk call of each chunk of one fetch or watch: `chunk_call`'s, made once, its
    timeout counted from `timeout_from` (None: from when each is sent)."""

    __slots__ = ("_body", "_into", "_options", "_template")

    def __init__(
        self,
        options: Mapping[str, Any],
        into: type[Any] | None,
        timeout_from: float | None = None,
    ) -> None:
        self._options, self._into = options, into
        template = chunk_call((), options, into)
        self._template = dataclasses.replace(template, timeout_from=timeout_from)
        extra: Mapping[str, object] = options.get("extra_body") or {}
        # An `extra_body` that sets the ids itself wins over them, as in `chunk_call`.
        body = self._template.body
        self._body: dict[str, Any] | None = (
            None if body is None or _IDS in extra else msgspec.json.decode(body)
        )

    def __call__(self, model_ids: tuple[str, ...]) -> Call[Any]:
        if self._body is None:
            call = chunk_call(model_ids, self._options, self._into)
            return dataclasses.replace(call, timeout_from=self._template.timeout_from)
        body = _encode({**self._body, _IDS: model_ids})
        return dataclasses.replace(self._template, body=body)
