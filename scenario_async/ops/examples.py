"""Builders for `/models/{modelId}/examples`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import ExampleListResponse, ExampleUpdateBody, ExampleUpdateResponse
from ..types.queries import AssetsQuery
from ..validation import convert
from ._build import RequestOptions, build

__all__ = ["list", "update"]

_PATH = "/models/{model_id}/examples"


def list(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ExampleListResponse]:
    path = encode_path(_PATH, model_id=model_id)
    query = convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})
    return build(
        "models.examples.list",
        "GET",
        path,
        ExampleListResponse,
        options,
        query=query,
        idempotent=True,
    )


def update(
    model_id: str,
    *,
    asset_ids: Sequence[str],
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ExampleUpdateResponse]:
    path = encode_path(_PATH, model_id=model_id)
    query = convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})
    body = convert(ExampleUpdateBody, {"asset_ids": asset_ids})
    return build(
        "models.examples.update",
        "PUT",
        path,
        ExampleUpdateResponse,
        options,
        query=query,
        body=body,
        idempotent=True,
    )
