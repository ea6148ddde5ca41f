"""The builders of the `train` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import TrainActionResponse, TrainTriggerResponse
from . import registry
from ._build import Builder
from .arguments import TrainActionArguments, TrainTriggerArguments

__all__ = ["TrainActionBuilder", "TrainTriggerBuilder", "action", "trigger"]


class TrainTriggerBuilder(Builder[TrainTriggerResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[TrainTriggerArguments]
    ) -> Call[TrainTriggerResponse]:
        return self.operation.build(arguments, model_id)


trigger: TrainTriggerBuilder = TrainTriggerBuilder(registry.TRAIN_TRIGGER)


class TrainActionBuilder(Builder[TrainActionResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[TrainActionArguments]
    ) -> Call[TrainActionResponse]:
        return self.operation.build(arguments, model_id)


action: TrainActionBuilder = TrainActionBuilder(registry.TRAIN_ACTION)
