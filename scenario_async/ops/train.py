"""The builders of the `train` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Literal, Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import (
    DryRun,
    TrainActionResponse,
    TrainingParameters,
    TrainingParametersDict,
    TrainTriggerResponse,
)
from . import registry
from ._build import Builder, RequestOptions

__all__ = ["TrainActionBuilder", "TrainTriggerBuilder", "action", "trigger"]


class TrainTriggerBuilder(Builder[TrainTriggerResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        dry_run: DryRun | UnsetType = UNSET,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        training_images_count: int | UnsetType = UNSET,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainTriggerResponse]:
        return self.operation.build(locals())


trigger: TrainTriggerBuilder = TrainTriggerBuilder(registry.TRAIN_TRIGGER)


class TrainActionBuilder(Builder[TrainActionResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        action: Literal["cancel"],
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainActionResponse]:
        return self.operation.build(locals())


action: TrainActionBuilder = TrainActionBuilder(registry.TRAIN_ACTION)
