"""Builders for `/models/{modelId}/examples`."""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import ExampleListResponse, ExampleUpdateBody, ExampleUpdateResponse
from ..types.ids import SequenceNotStr, checked_not_str
from ..validation import convert
from ._build import Operation, RequestOptions, assets_query

__all__ = ["list", "update"]

_PATH = "/models/{model_id}/examples"
_LIST = Operation("models.examples.list", "GET", ExampleListResponse, idempotent=True)
_UPDATE = Operation("models.examples.update", "PUT", ExampleUpdateResponse, idempotent=True)


def list(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ExampleListResponse]:
    path = encode_path(_PATH, model_id=model_id)
    return _LIST.call(path, options, query=assets_query(original_assets, project_id))


def update(
    model_id: str,
    *,
    asset_ids: SequenceNotStr[str],
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ExampleUpdateResponse]:
    path = encode_path(_PATH, model_id=model_id)
    checked_not_str(asset_ids, "asset_ids")
    query = assets_query(original_assets, project_id)
    body = convert(ExampleUpdateBody, {"asset_ids": asset_ids})
    return _UPDATE.call(path, options, query=query, body=body)
