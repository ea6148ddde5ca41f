"""The builders of the `training_images` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import (
    EmptyResponse,
    SequenceNotStr,
    TrainingImageAddResponse,
    TrainingImagePairDict,
    TrainingImagePairParam,
    TrainingImagePreset,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
)
from . import registry
from ._build import Builder, RequestOptions

__all__ = [
    "TrainingImagesAddBuilder",
    "TrainingImagesDeleteBuilder",
    "TrainingImagesReplaceBuilder",
    "TrainingImagesReplacePairsBuilder",
    "add",
    "delete",
    "replace",
    "replace_pairs",
]


class TrainingImagesAddBuilder(Builder[TrainingImageAddResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        asset_id: str | UnsetType = UNSET,
        asset_ids: SequenceNotStr[str] | UnsetType = UNSET,
        data: str | UnsetType = UNSET,
        name: str | UnsetType = UNSET,
        preset: TrainingImagePreset | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainingImageAddResponse]:
        return self.operation.build(locals())


add: TrainingImagesAddBuilder = TrainingImagesAddBuilder(registry.TRAINING_IMAGES_ADD)


class TrainingImagesReplacePairsBuilder(Builder[TrainingImageReplacePairsResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        body: Iterable[TrainingImagePairParam | TrainingImagePairDict],
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainingImageReplacePairsResponse]:
        return self.operation.build(locals())


replace_pairs: TrainingImagesReplacePairsBuilder = TrainingImagesReplacePairsBuilder(
    registry.TRAINING_IMAGES_REPLACE_PAIRS
)


class TrainingImagesReplaceBuilder(Builder[TrainingImageReplaceResponse]):
    def __call__(
        self,
        training_image_id: str,
        *,
        model_id: str,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        asset_id: str | UnsetType = UNSET,
        asset_ids: SequenceNotStr[str] | UnsetType = UNSET,
        data: str | UnsetType = UNSET,
        name: str | UnsetType = UNSET,
        preset: TrainingImagePreset | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainingImageReplaceResponse]:
        return self.operation.build(locals())


replace: TrainingImagesReplaceBuilder = TrainingImagesReplaceBuilder(
    registry.TRAINING_IMAGES_REPLACE
)


class TrainingImagesDeleteBuilder(Builder[EmptyResponse]):
    def __call__(
        self,
        training_image_id: str,
        *,
        model_id: str,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]:
        return self.operation.build(locals())


delete: TrainingImagesDeleteBuilder = TrainingImagesDeleteBuilder(registry.TRAINING_IMAGES_DELETE)
