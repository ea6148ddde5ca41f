"""Decoding JSON bodies, tolerating bad items: the one guard, and a get-bulk body model by model.

- `decode_json` is every decode of the package: msgspec's, with JSON nested too deeply for it
  raised as the `msgspec.DecodeError` every other unreadable body raises (the guard).
  `decoder_for` keeps one decoder per type.
- `decode_models`: a get-bulk body's models, decoded as a view. The whole body goes through
  the typed decoder first (one pass: the fast path); only when that fails is it read again as
  `{"models": [raw, ...]}` and each model decoded alone, so a bad model costs its own place and
  not its response's. A model msgspec cannot read at all, such as one nested deeper than it can
  follow, stops that reading too: the `models` array is then split by hand, with a stack of its
  own, to the same end. `readable_id` finds the id of a model that did not decode, the same way.
- `raw_models_of`: the bytes of some of the decoded models, read again only when some are
  wanted: the watch decodes every model as a small `TrainingSnapshot` and keeps the bytes of
  the terminal ones, to decode in full when their event is taken.

What a failure means to a caller (an `APIResponseDecodeError`, an `InvalidModel`) is decided
above this module: it raises and returns msgspec's own errors, so that the exceptions, whose
error bodies it decodes, can import it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from .types import InvalidModel, ModelGetBulkResponseOf

__all__ = [
    "Unreadable",
    "decode_json",
    "decode_models",
    "decoder_for",
    "raw_models_of",
    "readable_id",
]

T = TypeVar("T")

Unreadable = tuple[int, msgspec.Raw, msgspec.DecodeError]
"""A model of a get-bulk body that did not decode: its index, its bytes and why."""


@functools.cache
def decoder_for(tp: Any) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(tp)


def decode_json(data: bytes | str, decoder: msgspec.json.Decoder[T]) -> T:
    """`decoder.decode(data)`, JSON nested too deeply to decode raised as `msgspec.DecodeError`.

    msgspec counts each level of nesting, in skipped values and `Raw` too, against the
    interpreter's recursion limit: on 3.11 Python's own, less the frames already on the stack
    (fewer levels inside a task group than at the top); from 3.12 on a C recursion limit apart
    from it (about 1,500 levels on 3.12, 10,000 on 3.13). Past it, it raises `RecursionError`,
    which no caller of a decode expects; as a `DecodeError` it goes where every other
    unreadable body goes. No API answer nests more than a few levels.
    """
    try:
        return decoder.decode(data)
    except RecursionError:
        raise msgspec.DecodeError(
            "JSON nests too deeply to decode: deeper than this Python's recursion limit lets "
            "msgspec follow (no answer of the API nests like that: check what answered)"
        ) from None


# A JSON string, or a character that opens, closes or separates the entries of an array or
# object: all that must be read to find where each entry lies, whatever it holds.
_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_STRUCTURE = re.compile(_STRING + rb"|[\[\]{},]", re.DOTALL)
_MEMBER_NAME = re.compile(rb"[ \t\r\n]*(" + _STRING + rb")[ \t\r\n]*:[ \t\r\n]*", re.DOTALL)
_CLOSER = {ord("["): ord("]"), ord("{"): ord("}")}
_WHITESPACE = b" \t\r\n"
_RAW_ENVELOPE: Any = ModelGetBulkResponseOf[msgspec.Raw]
_ENCODE = msgspec.json.Encoder().encode


def _entries(data: bytes, start: int) -> tuple[list[tuple[int, int]], int] | None:
    """Where each entry of the array or object opening at `data[start]` lies (an object's
    are its `"name": value` members), and where the container ends; None if it never closes.

    Found with a stack of its own, not by msgspec, which recurses into every value: an entry
    nested too deeply for it is then one entry, to be decoded, or not, on its own.
    """
    closers: list[int] = []
    spans: list[tuple[int, int]] = []
    entry = start + 1
    for match in _STRUCTURE.finditer(data, start):
        at = match.start()
        char = data[at]
        if char in _CLOSER:
            closers.append(_CLOSER[char])
        elif char == ord(","):
            if len(closers) == 1:
                spans.append((entry, at))
                entry = at + 1
        elif char != ord('"'):
            if closers.pop() != char:
                return None
            if not closers:
                if spans or data[entry:at].strip(_WHITESPACE):
                    spans.append((entry, at))
                return spans, at + 1
    return None


def _member(data: bytes, name: str) -> int | None:
    """Where the value of member `name` of the JSON object `data` starts (its last one, as
    msgspec reads a repeated name); None if `data` is no object with it."""
    start = len(data) - len(data.lstrip(_WHITESPACE))
    found = _entries(data, start) if data[start : start + 1] == b"{" else None
    value = None
    for begin, end in found[0] if found else ():
        match = _MEMBER_NAME.match(data, begin, end)
        if match and _string(match.group(1)) == name:
            value = match.end()
    return value


def _string(data: bytes) -> str | None:
    try:
        text: str = decode_json(data, decoder_for(str))
    except msgspec.DecodeError:
        return None
    return text


class _ModelId(msgspec.Struct):
    id: str


def readable_id(raw: msgspec.Raw) -> str | None:
    """The `id` of a model that did not decode, if it is a string.

    msgspec reads it, unless it cannot read the model at all (JSON nested too deeply for it,
    say): then it is found by hand, as `_split_models` finds the models.
    """
    try:
        model_id: str = decode_json(raw, decoder_for(_ModelId)).id
    except msgspec.ValidationError:
        return None
    except msgspec.DecodeError:
        data = bytes(raw)
        start = _member(data, "id")
        match = None if start is None else _STRUCTURE.match(data, start)
        return None if match is None else _string(match.group())
    return model_id


def _split_models(body: bytes) -> list[msgspec.Raw] | None:
    """The models of a get-bulk body that msgspec could not read, each as its bytes, if the
    body is a `{"models": [...]}` envelope that it reads once that array is emptied."""
    start = _member(body, "models")
    found = _entries(body, start) if start is not None and body[start : start + 1] == b"[" else None
    if found is None:
        return None
    spans, end = found
    try:
        decode_json(body[:start] + b"[]" + body[end:], decoder_for(_RAW_ENVELOPE))
    except msgspec.DecodeError:
        return None
    return [msgspec.Raw(body[begin:stop].strip(_WHITESPACE)) for begin, stop in spans]


def _raw_models(body: bytes) -> list[msgspec.Raw]:
    """The models of a get-bulk body, each as its bytes; the envelope's `msgspec.DecodeError`
    when the body is no `{"models": [...]}` object.

    msgspec reads them in one pass, unless one of them is JSON it cannot read, such as JSON
    nested too deeply for it (even `Raw` follows every level): the array is then split by
    hand, so that one such model costs only its own place.
    """
    try:
        items: list[msgspec.Raw] = decode_json(body, decoder_for(_RAW_ENVELOPE)).models
    except msgspec.DecodeError:
        split = _split_models(body)
        if split is None:
            raise
        return split
    return items


def decode_models(
    body: bytes, envelope: Any, item_type: type[msgspec.Struct]
) -> tuple[list[Any], list[Unreadable]]:
    """A get-bulk body's models, decoded as `item_type`, and the ones that did not decode.

    `envelope` is the body's type: `ModelGetBulkResponseOf[item_type]` or one that reads the
    same. Raises the envelope's `msgspec.DecodeError` when the body is no `{"models": [...]}`
    JSON object.
    """
    try:
        return decode_json(body, decoder_for(envelope)).models, []
    except msgspec.DecodeError:
        pass  # read again below, model by model, to keep the good ones
    # Typed as Any for the decoder cache: classes are hashable, whatever their instances are.
    view: Any = item_type
    item_decoder = decoder_for(view)
    models: list[Any] = []
    unreadable: list[Unreadable] = []
    for index, raw in enumerate(_raw_models(body)):
        try:
            models.append(decode_json(raw, item_decoder))
        except msgspec.DecodeError as error:
            unreadable.append((index, raw, error))
    return models, unreadable


def raw_models_of(
    body: bytes,
    decoded: tuple[list[Any], list[InvalidModel]],
    wanted: Callable[[Any], bool],
    id_of: Callable[[Any], str],
) -> dict[str, tuple[int, bytes]]:
    """Each `wanted` model of what `body`, a get-bulk body read by `decode_models`, gave
    (`decoded`: its models, and those that did not decode), by id: its index in the
    response's `models` and its bytes, copied so that they do not hold on to the whole body.

    The body is read again only when some model is wanted (the first of a repeated id wins).
    """
    models, invalid = decoded
    chosen = [wanted(model) for model in models]
    if not any(chosen):
        return {}
    # Few wanted: each checked alone costs less than reading the whole body again.
    if not invalid and 2 * sum(chosen) <= len(models):
        in_place = _found_in_place(body, models, chosen, id_of, type(models[0]))
        if in_place is not None:
            return in_place
    skipped = {item.index for item in invalid}
    raws = _raw_models(body)
    decoded_at = [index for index in range(len(raws)) if index not in skipped]
    found: dict[str, tuple[int, bytes]] = {}
    for model, index, keep in zip(models, decoded_at, chosen, strict=True):
        if keep:
            found.setdefault(id_of(model), (index, bytes(raws[index])))
    return found


def _found_in_place(
    body: bytes,
    models: list[Any],
    chosen: list[bool],
    id_of: Callable[[Any], str],
    view: Any,
) -> dict[str, tuple[int, bytes]] | None:
    """`raw_models_of`'s answer without reading the whole body again, when the server writes
    each model compactly with its `id` first, as this API and the emulator do: each model then
    starts with `{"id":"<its id>"`, and the next one's start ends it. None when the body is
    written otherwise (an `id` later in its model, spaces): the caller reads it all again.

    Each slice is checked: decoded alone, it must give the very model the body's reading gave.
    A match inside another model cannot pass (its slice is not one JSON object), nor can one
    inside a string (where quotes are escaped), nor one before the `models` array (its slice
    runs into the array). Any failed check answers None too.
    """
    found: dict[str, tuple[int, bytes]] = {}
    decoder = decoder_for(view)
    last = len(models) - 1
    start = body.find(b'{"id":' + _ENCODE(id_of(models[0])))
    for index in range(max(i for i, keep in enumerate(chosen) if keep) + 1):
        if start < 0:
            return None
        following = (
            body.find(b'{"id":' + _ENCODE(id_of(models[index + 1])), start + 1)
            if index < last
            else body.rfind(b"]")
        )
        if chosen[index]:
            piece = body[start:following].rstrip(b", \t\r\n")
            try:
                if decode_json(piece, decoder) != models[index]:
                    return None
            except msgspec.DecodeError:
                return None
            found.setdefault(id_of(models[index]), (index, piece))
        start = following
    return found
