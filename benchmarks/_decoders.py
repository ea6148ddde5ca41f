"""The ways to turn a get-bulk body into objects that the benchmarks compare.

- `ours`: the decoder our client runs on a get-bulk response (typed `Model` Structs).
- `ours_view`: projection, the same body into `ModelView`, a caller's five-field Struct, as
  `get_bulk(..., into=ModelView)` decodes it.
- `msgspec_dicts`: `msgspec.json.decode` to plain dicts and lists, the floor.
- `json_loads`: the standard library's `json.loads`.
- `sdk`: what the official SDK does with a response body: `httpx.Response.json()` (which is
  `json.loads`), then `construct_type` into its pydantic `ModelGetBulkResponse`, as its
  `_process_response_data` does by default (`_strict_response_validation=False`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import msgspec

__all__ = ["DECODERS", "ModelView", "decoder", "projection_target"]

DECODERS = ("ours", "ours_view", "msgspec_dicts", "json_loads", "sdk")


class ProgressView(msgspec.Struct, rename="camel"):
    stage: str
    progress: float | None = None


class ModelView(msgspec.Struct, rename="camel"):
    """What a progress board needs of a model: 5 of its 40 fields."""

    id: str
    name: str | None = None
    status: str | None = None
    updated_at: str | None = None
    training_progress: ProgressView | None = None


def projection_target() -> tuple[Any, str]:
    """The type the client decodes a get-bulk body into with `into=ModelView`, and its name."""
    from scenario_async import ops
    from scenario_async.codec import projected

    target = projected(ops.models.get_bulk(model_ids=["m"]), ModelView).response_type
    names = ", ".join(arg.__name__ for arg in target.__args__)
    return target, f"{target.__origin__.__name__}[{names}]"


@functools.cache
def decoder(name: str) -> Callable[[bytes], Any]:
    """The named way to decode a get-bulk body (see the module docstring)."""
    if name == "ours":
        from scenario_async import ops
        from scenario_async.json_decoding import decoder_for

        # The very decoder the client uses for the call, looked up as the client does.
        return decoder_for(ops.models.get_bulk(model_ids=["m"]).response_type).decode
    if name == "ours_view":
        from scenario_async.json_decoding import decoder_for

        return decoder_for(projection_target()[0]).decode
    if name == "msgspec_dicts":
        return msgspec.json.decode
    if name == "json_loads":
        import json

        return json.loads
    if name == "sdk":
        import httpx
        from scenario_sdk._models import construct_type
        from scenario_sdk.types import ModelGetBulkResponse

        headers = {"content-type": "application/json"}

        def sdk_parse(body: bytes) -> Any:
            data = httpx.Response(200, content=body, headers=headers).json()
            return construct_type(type_=ModelGetBulkResponse, value=data)

        return sdk_parse
    raise ValueError(f"unknown decoder {name!r}; one of {', '.join(DECODERS)}")
