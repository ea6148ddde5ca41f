"""JSON nested deeper than msgspec can follow, in every body the client decodes: a typed error
(or, in get-bulk, one invalid model), never msgspec's `RecursionError`.

How deep msgspec follows depends on the interpreter (tests/support/nesting.py) and, on 3.11, on
the frames already on the stack: whatever the depth of the body and of the stack, a decode
gives the value or the typed error, never `RecursionError`.
"""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import APIResponseDecodeError, InternalServerError, RawResponse, ops
from scenario_async.bulk_core import decode_chunk
from scenario_async.calls import Call, decode
from scenario_async.errors import status_error
from scenario_async.json_decoding import decode_json
from scenario_async.types import Model
from tests.support.nesting import TOO_DEEP, TOO_DEEP_LEVELS, nested

T = TypeVar("T")

GET_BULK = ops.models.get_bulk(model_ids=["a", "b", "c"])


DEEP = TOO_DEEP


def model(model_id: str, *, extra: bytes | None = None, first: bool = False) -> bytes:
    """A model as JSON, with `extra` as the value of an unknown field after its id (`first`:
    before it)."""
    known = json.dumps({"id": model_id, "privacy": "private", "type": "flux.1-lora"})[1:-1]
    members = [known.encode()] if extra is None else [known.encode(), b'"unknownField": ' + extra]
    if first:
        members.reverse()
    return b"{" + b", ".join(members) + b"}"


def bulk_body(*models: bytes, tail: bytes = b"") -> bytes:
    return b'{"models": [' + b", ".join(models) + b"]" + tail + b"}"


def with_frames_left(frames: int, run: Callable[[], T]) -> T:
    """`run()`, called with about `frames` frames left below Python's recursion limit."""
    used = 0
    frame = inspect.currentframe()
    while frame is not None:
        used += 1
        frame = frame.f_back

    def descend(more: int) -> T:
        return run() if more <= 0 else descend(more - 1)

    return descend(sys.getrecursionlimit() - used - frames)


SINGLE_BODIES: list[tuple[Call[Any], bytes]] = [
    (ops.models.retrieve("a"), b'{"model": ' + model("a", extra=DEEP) + b"}"),
    (ops.models.list(), b'{"models": [' + model("a", extra=DEEP) + b"]}"),
    (ops.models.delete("a"), b'{"deleted": ' + DEEP + b"}"),
]


@pytest.mark.parametrize(("call", "body"), SINGLE_BODIES, ids=lambda v: getattr(v, "operation", ""))
def test_a_2xx_body_nested_too_deeply_is_a_decode_error(call: Call[Any], body: bytes) -> None:
    with pytest.raises(APIResponseDecodeError) as caught:
        decode(call, 200, {}, body)
    assert "nests too deeply" in str(caught.value)
    assert caught.value.json_path == "$"
    assert caught.value.body == body


# Up to a little past the deepest any supported Python follows (3.13: about 10,000 levels),
# and from no frames left to spare to the whole default recursion limit.
LEVELS = st.integers(min_value=1, max_value=12_000) | st.just(TOO_DEEP_LEVELS)
FRAMES_LEFT = st.integers(min_value=60, max_value=900)


@given(levels=LEVELS, frames_left=FRAMES_LEFT)
def test_any_nesting_at_any_stack_depth_decodes_or_is_the_decode_error(
    levels: int, frames_left: int
) -> None:
    call = ops.models.retrieve("a")
    body = b'{"model": ' + model("a", extra=nested(levels)) + b"}"

    def decoded_or_refused() -> None:
        try:
            assert decode(call, 200, {}, body).model.id == "a"
        except APIResponseDecodeError as error:
            assert "nests too deeply" in str(error)

    with_frames_left(frames_left, decoded_or_refused)


def test_a_shallow_body_decodes_deep_in_the_stack() -> None:
    call = ops.models.retrieve("a")
    body = b'{"model": ' + model("a", extra=nested(8)) + b"}"
    assert with_frames_left(60, lambda: decode(call, 200, {}, body)).model.id == "a"


def test_an_error_body_nested_too_deeply_is_kept_as_its_text() -> None:
    body = b'{"message": "boom", "detail": ' + DEEP + b"}"
    error = status_error(method="GET", path="/models/a", status_code=500, headers={}, body=body)
    assert isinstance(error, InternalServerError)
    assert error.body == body.decode()
    assert error.content == body
    assert str(error).startswith("GET /models/a -> 500: ")


@pytest.mark.parametrize("body", [DEEP, b"not json"], ids=["too deep", "not json"])
async def test_raw_response_json_of_an_unreadable_body_is_a_decode_error(body: bytes) -> None:
    response = RawResponse(ops.models.retrieve("a"), 200, {}, content=body)
    with pytest.raises(APIResponseDecodeError):
        await response.json()


@pytest.mark.parametrize("first", [False, True], ids=["id first", "deep field first"])
def test_a_get_bulk_model_nested_too_deeply_is_invalid_and_the_others_kept(first: bool) -> None:
    bad = model("b", extra=DEEP, first=first)
    models, invalid = decode_chunk(GET_BULK, 200, {}, bulk_body(model("a"), bad, model("c")), Model)
    assert [m.id for m in models] == ["a", "c"]
    [item] = invalid
    assert (item.index, item.model_id) == (1, "b")
    assert "nests too deeply" in item.error
    assert item.error.endswith(" at $.models[1]")
    assert bytes(item.raw) == bad


def test_a_get_bulk_item_nested_too_deeply_without_an_id_is_invalid_with_none() -> None:
    models, invalid = decode_chunk(GET_BULK, 200, {}, bulk_body(DEEP, model("a")), Model)
    assert [m.id for m in models] == ["a"]
    assert [(item.index, item.model_id) for item in invalid] == [(0, None)]


@pytest.mark.parametrize(
    "body",
    [
        bulk_body(model("a"), tail=b', "unknownField": ' + DEEP),
        bulk_body(model("a"), model("b", extra=DEEP)) + b" trailing",
        b'{"unknownField": ' + DEEP + b"}",
    ],
    ids=["deep envelope field", "garbage after it", "no models"],
)
def test_a_get_bulk_envelope_nested_too_deeply_is_the_chunk_error(body: bytes) -> None:
    with pytest.raises(APIResponseDecodeError):
        decode_chunk(GET_BULK, 200, {}, body, Model)


@given(levels=LEVELS, frames_left=FRAMES_LEFT)
def test_get_bulk_at_any_stack_depth_keeps_every_model_it_can_read(
    levels: int, frames_left: int
) -> None:
    body = bulk_body(model("a"), model("b", extra=nested(levels)), model("c"))

    def every_id_read_or_reported() -> None:
        models, invalid = decode_chunk(GET_BULK, 200, {}, body, Model)
        read = [m.id for m in models]
        reported = [(item.index, item.model_id) for item in invalid]
        assert (read, reported) in [(["a", "b", "c"], []), (["a", "c"], [(1, "b")])]
        assert levels < TOO_DEEP_LEVELS or reported

    with_frames_left(frames_left, every_id_read_or_reported)


def test_the_guard_raises_what_every_decode_path_already_catches() -> None:
    with pytest.raises(msgspec.DecodeError, match="nests too deeply"):
        decode_json(DEEP, msgspec.json.Decoder())
