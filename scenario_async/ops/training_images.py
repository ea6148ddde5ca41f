"""The builders of the `training_images` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import (
    EmptyResponse,
    TrainingImageAddResponse,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
)
from . import registry
from ._build import Builder
from .arguments import (
    TrainingImagesAddArguments,
    TrainingImagesDeleteArguments,
    TrainingImagesReplaceArguments,
    TrainingImagesReplacePairsArguments,
)

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
        self, model_id: str, **arguments: Unpack[TrainingImagesAddArguments]
    ) -> Call[TrainingImageAddResponse]:
        return self.operation.build(arguments, model_id)


add: TrainingImagesAddBuilder = TrainingImagesAddBuilder(registry.TRAINING_IMAGES_ADD)


class TrainingImagesReplacePairsBuilder(Builder[TrainingImageReplacePairsResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[TrainingImagesReplacePairsArguments]
    ) -> Call[TrainingImageReplacePairsResponse]:
        return self.operation.build(arguments, model_id)


replace_pairs: TrainingImagesReplacePairsBuilder = TrainingImagesReplacePairsBuilder(
    registry.TRAINING_IMAGES_REPLACE_PAIRS
)


class TrainingImagesReplaceBuilder(Builder[TrainingImageReplaceResponse]):
    def __call__(
        self, training_image_id: str, **arguments: Unpack[TrainingImagesReplaceArguments]
    ) -> Call[TrainingImageReplaceResponse]:
        return self.operation.build(arguments, training_image_id)


replace: TrainingImagesReplaceBuilder = TrainingImagesReplaceBuilder(
    registry.TRAINING_IMAGES_REPLACE
)


class TrainingImagesDeleteBuilder(Builder[EmptyResponse]):
    def __call__(
        self, training_image_id: str, **arguments: Unpack[TrainingImagesDeleteArguments]
    ) -> Call[EmptyResponse]:
        return self.operation.build(arguments, training_image_id)


delete: TrainingImagesDeleteBuilder = TrainingImagesDeleteBuilder(registry.TRAINING_IMAGES_DELETE)
