"""Get-bulk's chunks, from plan to result, shared by bulk fetches and the watcher; pure.

- `check_arguments`: what every get-bulk form checks before any request.
- `Chunker` / `plan_chunks`: each id checked, repeats dropped (the first ask wins), the rest cut
  into consecutive chunks of at most `chunk_size`: ceil(unique ids / chunk_size) chunks, one
  get-bulk request each (ops/chunks.py makes the request of each chunk).
- `decode_chunk`: one response body into models and invalid items (json_decoding.py reads
  it, tolerating bad models); each invalid one is reported with its index, id and JSON path.
- `order_chunk`: a chunk's models in the order its ids were asked, and the ids it did not
  return. Every id asked is then in exactly one of `models`, `missing_ids` and `invalid`.
  The result, `BulkChunk`, is what one get-bulk request gave, for bulk and watch alike.
- `merge` / `merged`: chunks in plan order into one `ModelGetBulkResult`, the failed ones
  apart (`merged` raises them as one `BulkFetchError`).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec

from . import ops
from .bulk_options import GetBulkOptions, check_limits
from .calls import Call, decode_error
from .codec import check_view
from .errors import APIError, BulkFetchError, ChunkFailure, ValidationError
from .json_decoding import decode_models, readable_id
from .types import InvalidModel, Model, ModelGetBulkResult
from .types.ids import SequenceNotStr, checked_not_str
from .validation import split_error, utf8

__all__ = [
    "BulkChunk",
    "Chunker",
    "check_arguments",
    "check_ids_source",
    "checked_id",
    "decode_chunk",
    "id_reader",
    "invalid_model",
    "merge",
    "merged",
    "order_chunk",
    "plan_chunks",
]

M = TypeVar("M")


@dataclass(frozen=True, slots=True)
class BulkChunk(Generic[M]):
    """What one get-bulk request gave for the ids it asked.

    `models` are in the order of `model_ids` (then any the server returned unasked),
    `missing_ids` the ids it did not return, `invalid` the models that did not decode.
    `error` is set when the request failed after the client's retries; nothing else is then.
    `raw` holds the index and bytes of the models whose bytes were asked for
    (json_decoding.py's `raw_models_of`).
    """

    model_ids: tuple[str, ...]
    models: list[M] = field(default_factory=list[M])
    missing_ids: list[str] = field(default_factory=list[str])
    invalid: list[InvalidModel] = field(default_factory=list[InvalidModel])
    error: APIError | None = None
    raw: dict[str, tuple[int, bytes]] = field(default_factory=dict[str, tuple[int, bytes]])


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
        self._taken: list[str] = []
        self._read = 0

    def add(self, given: object) -> tuple[str, ...] | None:
        """Take the next id; a chunk when it completes one."""
        model_id = checked_id(given, self._read)
        self._read += 1
        if model_id in self._seen:
            return None
        self._seen.add(model_id)
        self._taken.append(model_id)
        if len(self._taken) < self._size:
            return None
        return self.flush()

    def flush(self) -> tuple[str, ...] | None:
        """The ids taken since the last chunk, if any, as a chunk."""
        chunk, self._taken = tuple(self._taken), []
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


@functools.cache
def id_reader(item_type: type[msgspec.Struct]) -> Callable[[Any], str]:
    """How to read the id of a model decoded as `item_type` (`Model` or a caller's view)."""
    for struct_field in msgspec.structs.fields(item_type):
        if struct_field.encode_name == "id":
            return operator.attrgetter(struct_field.name)
    raise ValidationError(
        "into", "needs a field for the model's `id`: it is how models are matched to the ids asked"
    )


def decode_chunk(
    call: Call[Any],
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    item_type: type[msgspec.Struct],
) -> tuple[list[Any], list[InvalidModel]]:
    """A get-bulk body's models (decoded as `item_type`) and the ones that did not decode.

    Raises `APIResponseDecodeError` when the body is not a `{"models": [...]}` JSON object
    (`headers`, the response's, describe a body that is no JSON at all).
    """
    try:
        models, unreadable = decode_models(body, call.response_type, item_type)
    except msgspec.DecodeError as error:
        raise decode_error(call, status, headers, body, error) from None
    return models, [invalid_model(index, raw, error) for index, raw, error in unreadable]


def invalid_model(index: int, raw: msgspec.Raw | bytes, error: msgspec.DecodeError) -> InvalidModel:
    """The model at `index` of a get-bulk answer, which did not decode with `error`."""
    rule, path = split_error(str(error))
    raw = raw if isinstance(raw, msgspec.Raw) else msgspec.Raw(raw)
    return InvalidModel(
        index=index, model_id=readable_id(raw), error=f"{rule} at $.models[{index}]{path}", raw=raw
    )


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
