"""Builders for `/models/{modelId}/description`."""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import DescriptionRetrieveResponse, DescriptionUpdateBody, DescriptionUpdateResponse
from ..validation import convert
from ._build import Operation, RequestOptions, assets_query

__all__ = ["retrieve", "update"]

_PATH = "/models/{model_id}/description"
_RETRIEVE = Operation(
    "models.description.retrieve", "GET", DescriptionRetrieveResponse, idempotent=True
)
_UPDATE = Operation("models.description.update", "PUT", DescriptionUpdateResponse, idempotent=True)


def retrieve(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[DescriptionRetrieveResponse]:
    path = encode_path(_PATH, model_id=model_id)
    return _RETRIEVE.call(path, options, query=assets_query(original_assets, project_id))


def update(
    model_id: str,
    *,
    description: str | None,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[DescriptionUpdateResponse]:
    path = encode_path(_PATH, model_id=model_id)
    query = assets_query(original_assets, project_id)
    body = convert(DescriptionUpdateBody, {"description": description})
    return _UPDATE.call(path, options, query=query, body=body)
