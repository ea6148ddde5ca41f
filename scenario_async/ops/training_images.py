"""Builders for `/models/{modelId}/training-images`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..errors import ValidationError
from ..types import (
    EmptyResponse,
    TrainingImageAddResponse,
    TrainingImageBody,
    TrainingImagePairDict,
    TrainingImagePairParam,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
)
from ..types.ids import SequenceNotStr, checked_not_str
from ..validation import convert, convert_list
from ._build import ALREADY_GONE, Operation, RequestOptions, assets_query, project_query

__all__ = ["add", "check_image_body", "delete", "replace", "replace_pairs"]

_IMAGES = "/models/{model_id}/training-images"
_IMAGE = _IMAGES + "/{training_image_id}"
Preset = Literal["default", "style", "subject"]

_ADD = Operation("models.training_images.add", "POST", TrainingImageAddResponse, idempotent=False)
_REPLACE_PAIRS = Operation(
    "models.training_images.replace_pairs",
    "PUT",
    TrainingImageReplacePairsResponse,
    idempotent=True,
)
_REPLACE = Operation(
    "models.training_images.replace", "PUT", TrainingImageReplaceResponse, idempotent=True
)
_DELETE = Operation(
    "models.training_images.delete", "DELETE", EmptyResponse, idempotent=True, applied=ALREADY_GONE
)


def check_image_body(body: TrainingImageBody) -> None:
    """The documented rules between the ways of naming an image that no field can state."""
    if not isinstance(body.asset_ids, UnsetType):
        if not isinstance(body.asset_id, UnsetType):
            raise ValidationError("asset_ids", "cannot be used together with asset_id")
        if not isinstance(body.data, UnsetType) or not isinstance(body.name, UnsetType):
            raise ValidationError("asset_ids", "cannot be used together with data and name")


def _image_body(
    asset_id: str | UnsetType,
    asset_ids: SequenceNotStr[str] | UnsetType,
    data: str | UnsetType,
    name: str | UnsetType,
    preset: Preset | UnsetType,
) -> TrainingImageBody:
    checked_not_str(asset_ids, "asset_ids")
    body = convert(
        TrainingImageBody,
        {
            "asset_id": asset_id,
            "asset_ids": asset_ids,
            "data": data,
            "name": name,
            "preset": preset,
        },
    )
    check_image_body(body)
    return body


def add(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    asset_id: str | UnsetType = UNSET,
    asset_ids: SequenceNotStr[str] | UnsetType = UNSET,
    data: str | UnsetType = UNSET,
    name: str | UnsetType = UNSET,
    preset: Preset | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainingImageAddResponse]:
    path = encode_path(_IMAGES, model_id=model_id)
    query = assets_query(original_assets, project_id)
    body = _image_body(asset_id, asset_ids, data, name, preset)
    return _ADD.call(path, options, query=query, body=body)


def replace_pairs(
    model_id: str,
    *,
    body: Iterable[TrainingImagePairParam | TrainingImagePairDict],
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainingImageReplacePairsResponse]:
    path = encode_path(_IMAGES + "/pairs", model_id=model_id)
    query = project_query(project_id)
    pairs = convert_list(TrainingImagePairParam, body, "body")
    return _REPLACE_PAIRS.call(path, options, query=query, body=pairs)


def replace(
    training_image_id: str,
    *,
    model_id: str,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    asset_id: str | UnsetType = UNSET,
    asset_ids: SequenceNotStr[str] | UnsetType = UNSET,
    data: str | UnsetType = UNSET,
    name: str | UnsetType = UNSET,
    preset: Preset | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainingImageReplaceResponse]:
    path = encode_path(_IMAGE, model_id=model_id, training_image_id=training_image_id)
    query = assets_query(original_assets, project_id)
    body = _image_body(asset_id, asset_ids, data, name, preset)
    return _REPLACE.call(path, options, query=query, body=body)


def delete(
    training_image_id: str,
    *,
    model_id: str,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[EmptyResponse]:
    path = encode_path(_IMAGE, model_id=model_id, training_image_id=training_image_id)
    return _DELETE.call(path, options, query=project_query(project_id))
