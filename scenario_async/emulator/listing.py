"""A listing's page: which models a `list` query keeps, in which order, and its page tokens.

- Defaults: `privacy=private` (private and unlisted models), `sortBy=createdAt` (`score` for
  public), `sortDirection=desc`, `pageSize=100`.
- Tokens carry the last sort key and creation sequence, so models created while a client
  pages neither repeat nor shift a page; sorting by `updatedAt` follows the models as they
  change, as any live sort order does.
- 400 `paginationToken`: a token that this emulator did not issue, or issued for another
  `sortBy`/`sortDirection`. 400 `createdAfter` (etc.): not an ISO 8601 date.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable, Iterable
from datetime import datetime

import msgspec
from msgspec import UnsetType

from ..types import Model
from ..types.queries import ModelListQuery
from .answers import ErrorAnswer
from .payloads import or_default
from .records import Record

__all__ = ["page"]

_SortKey = tuple[float, int]
_TokenBody = tuple[str, str, float, int]
_SORT_KEYS: dict[str, Callable[[Record], _SortKey]] = {
    "createdAt": lambda r: (r.created, r.seq),
    "updatedAt": lambda r: (r.updated, r.seq),
    "score": lambda r: (r.score, r.seq),
}
_encode = msgspec.json.Encoder().encode


def page(pool: Iterable[Record], q: ModelListQuery) -> tuple[list[Record], str | None]:
    """The records of `pool` on the page `q` asks for, and the token of the next page."""
    privacy = or_default(q.privacy, "private")
    sort_by = or_default(q.sort_by, "score" if privacy == "public" else "createdAt")
    direction = or_default(q.sort_direction, "desc")
    key = _SORT_KEYS[sort_by]
    records = sorted(filter(_keep(q, privacy), pool), key=key)
    if direction == "desc":
        records.reverse()
    if not isinstance(q.pagination_token, UnsetType):
        after = _decode_token(q.pagination_token, sort_by, direction)
        if direction == "asc":
            records = [r for r in records if key(r) > after]
        else:
            records = [r for r in records if key(r) < after]
    size = or_default(q.page_size, 100)
    found = records[:size]
    token = _encode_token(sort_by, direction, key(found[-1])) if len(records) > size else None
    return found, token


def _keep(q: ModelListQuery, privacy: str) -> Callable[[Record], bool]:
    tests: list[Callable[[Model], bool]] = []
    if privacy == "public":
        tests.append(lambda m: m.privacy == "public")
    else:
        tests.append(lambda m: m.privacy != "public")
    if not isinstance(q.project_id, UnsetType):
        owner = q.project_id
        tests.append(lambda m: m.owner_id == owner)
    if not isinstance(q.status, UnsetType) and q.status != "deleted":  # its own pool
        status = q.status
        tests.append(lambda m: m.status == status)
    if not isinstance(q.type, UnsetType):
        one = q.type
        tests.append(lambda m: m.type == one)
    if not isinstance(q.types, UnsetType):
        types = set(q.types)
        tests.append(lambda m: m.type in types)
    if not isinstance(q.tags, UnsetType):
        wanted = _as_set(q.tags)
        tests.append(lambda m: wanted <= set(m.tags or ()))
    if not isinstance(q.collection_id, UnsetType):
        collection = q.collection_id
        tests.append(lambda m: collection in (m.collection_ids or ()))
    if not isinstance(q.collection_ids, UnsetType):
        collections = _as_set(q.collection_ids)
        tests.append(lambda m: bool(collections & set(m.collection_ids or ())))
    bounds: list[tuple[str, float, float]] = []
    for attr, after, before in (
        ("created", q.created_after, q.created_before),
        ("updated", q.updated_after, q.updated_before),
    ):
        low = -math.inf if isinstance(after, UnsetType) else _parse_date(f"{attr}After", after)
        high = math.inf if isinstance(before, UnsetType) else _parse_date(f"{attr}Before", before)
        bounds.append((attr, low, high))

    def keep(record: Record) -> bool:
        for attr, low, high in bounds:
            if not low < getattr(record, attr) < high:
                return False
        return all(test(record.model) for test in tests)

    return keep


def _as_set(value: str | list[str]) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


def _parse_date(parameter: str, value: str) -> float:
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise ErrorAnswer(400, parameter, "must be an ISO 8601 date") from None


def _encode_token(sort_by: str, direction: str, key: _SortKey) -> str:
    raw = _encode([sort_by, direction, key[0], key[1]])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str, sort_by: str, direction: str) -> _SortKey:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        by, way, key, seq = msgspec.json.decode(raw, type=_TokenBody)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise ErrorAnswer(400, "paginationToken", "is not a token this API issued") from None
    if (by, way) != (sort_by, direction):
        raise ErrorAnswer(400, "paginationToken", "was issued for another sortBy or sortDirection")
    return key, seq
