"""Builders for `/models/{modelId}/prompt-guide`."""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import PromptGuideRetrieveResponse, PromptGuideUpdateBody, PromptGuideUpdateResponse
from ..validation import convert
from ._build import Operation, RequestOptions, project_query

__all__ = ["retrieve", "update"]

_PATH = "/models/{model_id}/prompt-guide"
_RETRIEVE = Operation(
    "models.prompt_guide.retrieve", "GET", PromptGuideRetrieveResponse, idempotent=True
)
_UPDATE = Operation("models.prompt_guide.update", "PUT", PromptGuideUpdateResponse, idempotent=True)


def retrieve(
    model_id: str, *, project_id: str | UnsetType = UNSET, **options: Unpack[RequestOptions]
) -> Call[PromptGuideRetrieveResponse]:
    path = encode_path(_PATH, model_id=model_id)
    return _RETRIEVE.call(path, options, query=project_query(project_id))


def update(
    model_id: str,
    *,
    prompt_guide: str | None,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[PromptGuideUpdateResponse]:
    """`prompt_guide=None` deletes the prompt guide (the SDK types it `str`, and documents
    null for this; it sends `None` as null too)."""
    path = encode_path(_PATH, model_id=model_id)
    query = project_query(project_id)
    body = convert(PromptGuideUpdateBody, {"prompt_guide": prompt_guide})
    return _UPDATE.call(path, options, query=query, body=body)
