"""What a get-bulk takes besides its ids: its options, their defaults, and the limits' check.

Shared by every form of get-bulk (`get_bulk`, `stream_bulk`) and by the watcher, which polls
with get-bulk.
"""

from __future__ import annotations

from typing import Final

from .errors import ValidationError
from .ops._build import RequestOptions
from .types.ids import SequenceNotStr
from .validation import is_count

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_MAX_CONCURRENCY",
    "BulkOptions",
    "GetBulkArguments",
    "GetBulkOptions",
    "check_limits",
]

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


def check_limits(chunk_size: object, max_concurrency: object) -> None:
    """`chunk_size` and `max_concurrency` must each be an integer of at least 1."""
    for name, value in (("chunk_size", chunk_size), ("max_concurrency", max_concurrency)):
        if not is_count(value, 1):
            raise ValidationError(name, f"must be an integer of at least 1, got {value!r}")
