"""Builders for `/models/{modelId}/presets`."""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import (
    EmptyResponse,
    PresetCreateBody,
    PresetCreateResponse,
    PresetListResponse,
    PresetUpdateBody,
    PresetUpdateResponse,
)
from ..validation import convert
from ._build import ALREADY_GONE, Operation, RequestOptions, assets_query, project_query

__all__ = ["create", "delete", "list", "update"]

_PRESETS = "/models/{model_id}/presets"
_PRESET = _PRESETS + "/{preset_id}"

_CREATE = Operation("models.presets.create", "POST", PresetCreateResponse, idempotent=False)
_UPDATE = Operation("models.presets.update", "PUT", PresetUpdateResponse, idempotent=True)
_LIST = Operation("models.presets.list", "GET", PresetListResponse, idempotent=True)
_DELETE = Operation(
    "models.presets.delete", "DELETE", EmptyResponse, idempotent=True, applied=ALREADY_GONE
)


def create(
    model_id: str,
    *,
    inference_id: str,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    is_default: bool | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[PresetCreateResponse]:
    path = encode_path(_PRESETS, model_id=model_id)
    query = assets_query(original_assets, project_id)
    body = convert(PresetCreateBody, {"inference_id": inference_id, "is_default": is_default})
    return _CREATE.call(path, options, query=query, body=body)


def update(
    preset_id: str,
    *,
    model_id: str,
    is_default: bool,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[PresetUpdateResponse]:
    path = encode_path(_PRESET, model_id=model_id, preset_id=preset_id)
    query = assets_query(original_assets, project_id)
    body = convert(PresetUpdateBody, {"is_default": is_default})
    return _UPDATE.call(path, options, query=query, body=body)


def list(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[PresetListResponse]:
    path = encode_path(_PRESETS, model_id=model_id)
    return _LIST.call(path, options, query=assets_query(original_assets, project_id))


def delete(
    preset_id: str,
    *,
    model_id: str,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[EmptyResponse]:
    path = encode_path(_PRESET, model_id=model_id, preset_id=preset_id)
    return _DELETE.call(path, options, query=project_query(project_id))
