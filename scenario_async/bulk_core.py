"""The pure core of get-bulk, shared by bulk fetches and the watcher: no I/O, no task.

- `Chunker` / `plan_chunks`: each id checked, repeats dropped (the first ask wins), the rest cut
  into consecutive chunks of at most `chunk_size`: ceil(unique ids / chunk_size) chunks, one
  get-bulk request each (ops/chunks.py makes the request of each chunk).
- `decode_chunk`: one response body into models and invalid items. The whole body goes through
  the typed decoder first (one pass: the fast path); only when that fails is it read again as
  `{"models": [raw, ...]}` and each model decoded alone, so a bad model costs its own place
  (reported with its index, id and JSON path) and not its response's. A model msgspec cannot
  read at all, such as one nested deeper than it can follow, stops that reading too: the
  `models` array is then split by hand, with a stack of its own, to the same end.
- `raw_models_of`: the bytes of some of the decoded models, read again only when some are
  wanted: the watch decodes every model as a small `TrainingSnapshot` and keeps the bytes of
  the terminal ones, to decode in full when their event is taken.
- `order_chunk`: a chunk's models in the order its ids were asked, and the ids it did not
  return. Every id asked is then in exactly one of `models`, `missing_ids` and `invalid`.
  The result, `BulkChunk`, is what one get-bulk request gave, for bulk and watch alike.
- `merge` / `merged`: chunks in plan order into one `ModelGetBulkResult`, the failed ones
  apart (`merged` raises them as one `BulkFetchError`).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import msgspec

from . import ops
from .calls import Call, decode, decoder_for
from .codec import check_view
from .errors import APIError, APIResponseDecodeError, ValidationError, decode_json
from .ops._build import RequestOptions
from .types import InvalidModel, Model, ModelGetBulkResponseOf, ModelGetBulkResult
from .types.ids import IdSource, SequenceNotStr, checked_not_str
from .validation import is_count, split_error, utf8

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MAX_CONCURRENCY",
    "BulkChunk",
    "BulkFetchError",
    "BulkOptions",
    "ChunkFailure",
    "Chunker",
    "GetBulkArguments",
    "GetBulkOptions",
    "IdSource",
    "check_arguments",
    "check_ids_source",
    "check_limits",
    "checked_id",
    "decode_chunk",
    "id_reader",
    "invalid_model",
    "merge",
    "merged",
    "order_chunk",
    "plan_chunks",
    "raw_models_of",
]

M = TypeVar("M")

DEFAULT_CHUNK_SIZE: Final = 100
"""Ids per get-bulk request, for bulk fetches and watches alike."""
DEFAULT_MAX_CONCURRENCY: Final = 8
"""Get-bulk requests in flight at once: it bounds the response bodies held at once (a full
`Model` is tens of KB), and the server gains nothing from more parallel requests of one client."""


class GetBulkOptions(RequestOptions, total=False):
    """The official SDK's get-bulk parameters besides `model_ids`, sent with every chunk."""

    original_assets: bool
    project_id: str
    all_training_images: bool
    minimal: bool
    settings: bool
    thumbnail: bool
    training_images_preview: bool


class BulkOptions(GetBulkOptions, total=False):
    """How a fetch of any number of ids goes out, besides the request's own parameters."""

    chunk_size: int
    """Ids per get-bulk request (`DEFAULT_CHUNK_SIZE`)."""
    max_concurrency: int
    """Requests in flight at once (`DEFAULT_MAX_CONCURRENCY`)."""


class GetBulkArguments(BulkOptions, total=False):
    """`client.models.get_bulk`'s keyword arguments besides `into`."""

    model_ids: SequenceNotStr[str]


@dataclass(frozen=True, slots=True)
class BulkChunk(Generic[M]):
    """What one get-bulk request gave for the ids it asked.

    `models` are in the order of `model_ids` (then any the server returned unasked),
    `missing_ids` the ids it did not return, `invalid` the models that did not decode.
    `error` is set when the request failed after the client's retries; nothing else is then.
    `raw` holds the index and bytes of the models whose bytes were asked for (`raw_models_of`).
    """

    model_ids: tuple[str, ...]
    models: list[M] = field(default_factory=list[M])
    missing_ids: list[str] = field(default_factory=list[str])
    invalid: list[InvalidModel] = field(default_factory=list[InvalidModel])
    error: APIError | None = None
    raw: dict[str, tuple[int, bytes]] = field(default_factory=dict[str, tuple[int, bytes]])


@dataclass(frozen=True, slots=True)
class ChunkFailure:
    """A get-bulk request that failed after its retries, and the ids it asked for."""

    model_ids: tuple[str, ...]
    error: APIError


if TYPE_CHECKING:
    from typing_extensions import TypeVar as DefaultedTypeVar
else:
    from ._defaults import TypeVar as DefaultedTypeVar

# What the models of a failed fetch decoded into: its `into=`, `Model` without one.
View = DefaultedTypeVar("View", default=Model)


class BulkFetchError(APIError, Generic[View]):
    """Some get-bulk requests failed after their retries; every other one finished first.

    `result` holds what the requests that succeeded returned, `failures` each failed request's
    ids and error, so no id is silently lost. An `APIError`, as a single failed request is:
    the first failed one's (`request`). A fetch `into=MyView` raises a
    `BulkFetchError[MyView]`; an `except BulkFetchError` cannot tell which fetch raised and
    types it as a fetch of `Model`s: `cast(BulkFetchError[MyView], error)` says otherwise.
    """

    def __init__(
        self, message: str, *, result: ModelGetBulkResult[View], failures: list[ChunkFailure]
    ) -> None:
        first = failures[0].error
        super().__init__(message, method=first.method, path=first.path, request=first.request)
        self.result = result
        self.failures = failures


def check_limits(chunk_size: object, max_concurrency: object) -> None:
    for name, value in (("chunk_size", chunk_size), ("max_concurrency", max_concurrency)):
        if not is_count(value, 1):
            raise ValidationError(name, f"must be an integer of at least 1, got {value!r}")


def check_arguments(
    options: GetBulkOptions, into: object, chunk_size: object, max_concurrency: object
) -> type[msgspec.Struct]:
    """What every get-bulk form checks before any request; the type models decode into."""
    # One call built now, so that bad options fail here rather than in the first request.
    ops.models.get_bulk(model_ids=[], **options)
    check_limits(chunk_size, max_concurrency)
    item_type = Model if into is None else check_view(into)
    id_reader(item_type)
    return item_type


def check_ids_source(model_ids: object) -> None:
    """`model_ids` must give ids one by one: one string is a common slip, refused."""
    checked_not_str(model_ids, "model_ids")
    if not isinstance(model_ids, Iterable | AsyncIterable):
        raise ValidationError("model_ids", f"must be ids, got {type(model_ids).__name__}")


def checked_id(model_id: object, index: int) -> str:
    """`model_id`, the `index`-th id given, if it is a non-empty string that can be sent."""
    parameter = f"model_ids[{index}]"
    if not isinstance(model_id, str) or not model_id:
        raise ValidationError(parameter, "must be a non-empty string")
    utf8(model_id, parameter)
    return model_id


class Chunker:
    """Ids in, chunks out: each id checked, repeats dropped, at most `chunk_size` per chunk."""

    def __init__(self, chunk_size: int) -> None:
        self._size = chunk_size
        self._seen: set[str] = set()
        self._pending: list[str] = []
        self._read = 0

    def add(self, given: object) -> tuple[str, ...] | None:
        """Take the next id; a chunk when it completes one."""
        model_id = checked_id(given, self._read)
        self._read += 1
        if model_id in self._seen:
            return None
        self._seen.add(model_id)
        self._pending.append(model_id)
        if len(self._pending) < self._size:
            return None
        return self.flush()

    def flush(self) -> tuple[str, ...] | None:
        """The ids taken since the last chunk, if any, as a chunk."""
        chunk, self._pending = tuple(self._pending), []
        return chunk or None


def plan_chunks(model_ids: SequenceNotStr[str], chunk_size: int) -> list[tuple[str, ...]]:
    """The chunks `model_ids` is fetched in: ceil(unique ids / chunk_size) of them."""
    if not isinstance(model_ids, Sequence):
        raise ValidationError(
            "model_ids",
            f"must be a sequence of ids, got {type(model_ids).__name__} "
            "(stream_bulk reads any iterable)",
        )
    check_ids_source(model_ids)
    chunker = Chunker(chunk_size)
    chunks = [chunk for model_id in model_ids if (chunk := chunker.add(model_id))]
    last = chunker.flush()
    return [*chunks, last] if last else chunks


_ENCODE = msgspec.json.Encoder().encode


@functools.cache
def id_reader(item_type: type[msgspec.Struct]) -> Callable[[Any], str]:
    """How to read the id of a model decoded as `item_type` (`Model` or a caller's view)."""
    for struct_field in msgspec.structs.fields(item_type):
        if struct_field.encode_name == "id":
            return operator.attrgetter(struct_field.name)
    raise ValidationError(
        "into", "needs a field for the model's `id`: it is how models are matched to the ids asked"
    )


# A JSON string, or a character that opens, closes or separates the entries of an array or
# object: all that must be read to find where each entry lies, whatever it holds.
_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_STRUCTURE = re.compile(_STRING + rb"|[\[\]{},]", re.DOTALL)
_MEMBER_NAME = re.compile(rb"[ \t\r\n]*(" + _STRING + rb")[ \t\r\n]*:[ \t\r\n]*", re.DOTALL)
_CLOSER = {ord("["): ord("]"), ord("{"): ord("}")}
_WHITESPACE = b" \t\r\n"
_RAW_ENVELOPE: Any = ModelGetBulkResponseOf[msgspec.Raw]


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


def _readable_id(raw: msgspec.Raw) -> str | None:
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


def _raw_models(call: Call[Any], status: int, body: bytes) -> list[msgspec.Raw]:
    """The models of a get-bulk body, each as its bytes, or `APIResponseDecodeError`.

    msgspec reads them in one pass, unless one of them is JSON it cannot read, such as JSON
    nested too deeply for it (even `Raw` follows every level): the array is then split by
    hand, so that one such model costs only its own place.
    """
    try:
        items: list[msgspec.Raw] = decode(call, status, body, into=_RAW_ENVELOPE).models
    except APIResponseDecodeError:
        split = _split_models(body)
        if split is None:
            raise
        return split
    return items


def decode_chunk(
    call: Call[Any], status: int, body: bytes, item_type: type[msgspec.Struct]
) -> tuple[list[Any], list[InvalidModel]]:
    """A get-bulk body's models (decoded as `item_type`) and the ones that did not decode.

    Raises `APIResponseDecodeError` when the body is not a `{"models": [...]}` JSON object.
    """
    # Typed as Any for the decoder cache: classes are hashable, whatever their instances are.
    envelope: Any = call.response_type
    view: Any = item_type
    try:
        return decode_json(body, decoder_for(envelope)).models, []
    except msgspec.DecodeError:
        pass  # read again below, model by model, to keep the good ones
    item_decoder = decoder_for(view)
    models: list[Any] = []
    invalid: list[InvalidModel] = []
    for index, raw in enumerate(_raw_models(call, status, body)):
        try:
            models.append(decode_json(raw, item_decoder))
        except msgspec.DecodeError as exc:
            invalid.append(invalid_model(index, raw, exc))
    return models, invalid


def invalid_model(index: int, raw: msgspec.Raw | bytes, error: msgspec.DecodeError) -> InvalidModel:
    """The model at `index` of a get-bulk answer, which did not decode with `error`."""
    rule, path = split_error(str(error))
    raw = raw if isinstance(raw, msgspec.Raw) else msgspec.Raw(raw)
    return InvalidModel(
        index=index, model_id=_readable_id(raw), error=f"{rule} at $.models[{index}]{path}", raw=raw
    )


def raw_models_of(
    call: Call[Any],
    status: int,
    body: bytes,
    decoded: tuple[list[Any], list[InvalidModel]],
    wanted: Callable[[Any], bool],
    id_of: Callable[[Any], str],
) -> dict[str, tuple[int, bytes]]:
    """Each `wanted` model of what `decode_chunk` made of `body`, by id: its index in the
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
    raws = _raw_models(call, status, body)
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
    starts with `{"id":"<its id>"`, and the next one's start ends it.

    Each slice is checked: decoded alone, it must give the very model the body's reading gave.
    A match inside another model cannot pass (its slice is not one JSON object), nor can one
    inside a string (where quotes are escaped). None when any check fails: read it all again.
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


def order_chunk(
    model_ids: tuple[str, ...],
    models: Sequence[M],
    invalid: list[InvalidModel],
    id_of: Callable[[M], str],
    raw: dict[str, tuple[int, bytes]] | None = None,
) -> BulkChunk[M]:
    """The chunk of `model_ids` from what its response held: models in ask order, then any the
    server returned unasked; an id returned twice counts once. `raw` as in `BulkChunk`."""
    raw = {} if raw is None else raw
    # What a server usually sends: every id asked, once each, in the order asked.
    if (
        not invalid
        and len(models) == len(model_ids)
        and list(map(id_of, models)) == list(model_ids)
    ):
        return BulkChunk(model_ids, models=list(models), raw=raw)
    asked = set(model_ids)
    found: dict[str, M] = {}
    unasked: list[M] = []
    for model in models:
        model_id = id_of(model)
        if model_id in asked:
            found.setdefault(model_id, model)
        else:
            unasked.append(model)
    returned_invalid = {item.model_id for item in invalid}
    return BulkChunk(
        model_ids,
        models=[found[model_id] for model_id in model_ids if model_id in found] + unasked,
        missing_ids=[
            model_id
            for model_id in model_ids
            if model_id not in found and model_id not in returned_invalid
        ],
        invalid=invalid,
        raw=raw,
    )


def merge(chunks: Iterable[BulkChunk[M]]) -> tuple[ModelGetBulkResult[M], list[ChunkFailure]]:
    """Chunks, in the order given, as one result; the failed ones apart."""
    result: ModelGetBulkResult[M] = ModelGetBulkResult(models=[])
    failures: list[ChunkFailure] = []
    for chunk in chunks:
        if chunk.error is not None:
            failures.append(ChunkFailure(chunk.model_ids, chunk.error))
            continue
        result.models.extend(chunk.models)
        result.missing_ids.extend(chunk.missing_ids)
        result.invalid.extend(chunk.invalid)
    return result, failures


def merged(chunks: Sequence[BulkChunk[M]]) -> ModelGetBulkResult[M]:
    """Chunks, in the order given, as one result; `BulkFetchError` if any request failed."""
    result, failures = merge(chunks)
    if failures:
        lost = sum(len(failure.model_ids) for failure in failures)
        raise BulkFetchError(
            f"{len(failures)} of {len(chunks)} get-bulk requests failed, {lost} ids not fetched; "
            f"first error: {failures[0].error}",
            result=result,
            failures=failures,
        ) from failures[0].error
    return result
