"""The builders of the `scores` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import ScoreRetrievePromptResponse, ScoreRetrieveTrainingDatasetResponse
from . import registry
from ._build import Builder
from .arguments import ProjectQueryArguments, ScorePromptQueryArguments

__all__ = [
    "ScoresRetrievePromptBuilder",
    "ScoresRetrieveTrainingDatasetBuilder",
    "retrieve_prompt",
    "retrieve_training_dataset",
]


class ScoresRetrievePromptBuilder(Builder[ScoreRetrievePromptResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ScorePromptQueryArguments]
    ) -> Call[ScoreRetrievePromptResponse]:
        return self.operation.build(arguments, model_id)


retrieve_prompt: ScoresRetrievePromptBuilder = ScoresRetrievePromptBuilder(
    registry.SCORES_RETRIEVE_PROMPT
)


class ScoresRetrieveTrainingDatasetBuilder(Builder[ScoreRetrieveTrainingDatasetResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ProjectQueryArguments]
    ) -> Call[ScoreRetrieveTrainingDatasetResponse]:
        return self.operation.build(arguments, model_id)


retrieve_training_dataset: ScoresRetrieveTrainingDatasetBuilder = (
    ScoresRetrieveTrainingDatasetBuilder(registry.SCORES_RETRIEVE_TRAINING_DATASET)
)
