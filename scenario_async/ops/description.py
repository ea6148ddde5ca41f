"""Builders for `/models/{modelId}/description`."""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import DescriptionRetrieveResponse, DescriptionUpdateBody, DescriptionUpdateResponse
from ..types.queries import AssetsQuery
from ..validation import convert
from ._build import RequestOptions, build

__all__ = ["retrieve", "update"]

_PATH = "/models/{model_id}/description"


def retrieve(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[DescriptionRetrieveResponse]:
    path = encode_path(_PATH, model_id=model_id)
    query = convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})
    return build(
        "models.description.retrieve",
        "GET",
        path,
        DescriptionRetrieveResponse,
        options,
        query=query,
        idempotent=True,
    )


def update(
    model_id: str,
    *,
    description: str | None,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[DescriptionUpdateResponse]:
    path = encode_path(_PATH, model_id=model_id)
    query = convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})
    body = convert(DescriptionUpdateBody, {"description": description})
    return build(
        "models.description.update",
        "PUT",
        path,
        DescriptionUpdateResponse,
        options,
        query=query,
        body=body,
        idempotent=True,
    )
