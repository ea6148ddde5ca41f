"""Builders for `/models/{modelId}/training-images`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..errors import ValidationError
from ..types import (
    EmptyResponse,
    TrainingImageAddResponse,
    TrainingImageBody,
    TrainingImagePairParam,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
)
from ..types.queries import AssetsQuery, ProjectQuery
from ..validation import convert, convert_list
from ._build import RequestOptions, build

__all__ = ["add", "delete", "replace", "replace_pairs"]

_IMAGES = "/models/{model_id}/training-images"
_IMAGE = _IMAGES + "/{training_image_id}"
Preset = Literal["default", "style", "subject"]


def _image_body(
    asset_id: str | UnsetType,
    asset_ids: Sequence[str] | UnsetType,
    data: str | UnsetType,
    name: str | UnsetType,
    preset: Preset | UnsetType,
) -> TrainingImageBody:
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
    if not isinstance(body.asset_ids, UnsetType):
        if not isinstance(body.asset_id, UnsetType):
            raise ValidationError("asset_ids", "cannot be used together with asset_id")
        if not isinstance(body.data, UnsetType) or not isinstance(body.name, UnsetType):
            raise ValidationError("asset_ids", "cannot be used together with data and name")
    return body


def add(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    asset_id: str | UnsetType = UNSET,
    asset_ids: Sequence[str] | UnsetType = UNSET,
    data: str | UnsetType = UNSET,
    name: str | UnsetType = UNSET,
    preset: Preset | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainingImageAddResponse]:
    path = encode_path(_IMAGES, model_id=model_id)
    query = convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})
    body = _image_body(asset_id, asset_ids, data, name, preset)
    return build(
        "models.training_images.add",
        "POST",
        path,
        TrainingImageAddResponse,
        options,
        query=query,
        body=body,
        idempotent=False,
    )


def replace_pairs(
    model_id: str,
    *,
    body: Iterable[TrainingImagePairParam | Mapping[str, object]],
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainingImageReplacePairsResponse]:
    path = encode_path(_IMAGES + "/pairs", model_id=model_id)
    query = convert(ProjectQuery, {"project_id": project_id})
    pairs = convert_list(TrainingImagePairParam, body, "body")
    return build(
        "models.training_images.replace_pairs",
        "PUT",
        path,
        TrainingImageReplacePairsResponse,
        options,
        query=query,
        body=pairs,
        idempotent=True,
    )


def replace(
    training_image_id: str,
    *,
    model_id: str,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    asset_id: str | UnsetType = UNSET,
    asset_ids: Sequence[str] | UnsetType = UNSET,
    data: str | UnsetType = UNSET,
    name: str | UnsetType = UNSET,
    preset: Preset | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainingImageReplaceResponse]:
    path = encode_path(_IMAGE, model_id=model_id, training_image_id=training_image_id)
    query = convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})
    body = _image_body(asset_id, asset_ids, data, name, preset)
    return build(
        "models.training_images.replace",
        "PUT",
        path,
        TrainingImageReplaceResponse,
        options,
        query=query,
        body=body,
        idempotent=True,
    )


def delete(
    training_image_id: str,
    *,
    model_id: str,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[EmptyResponse]:
    path = encode_path(_IMAGE, model_id=model_id, training_image_id=training_image_id)
    query = convert(ProjectQuery, {"project_id": project_id})
    return build(
        "models.training_images.delete",
        "DELETE",
        path,
        EmptyResponse,
        options,
        query=query,
        idempotent=True,
    )
