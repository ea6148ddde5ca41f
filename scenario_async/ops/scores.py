"""The builders of the `scores` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import ScoreRetrievePromptResponse, ScoreRetrieveTrainingDatasetResponse
from . import registry
from ._build import Builder, RequestOptions

__all__ = [
    "ScoresRetrievePromptBuilder",
    "ScoresRetrieveTrainingDatasetBuilder",
    "retrieve_prompt",
    "retrieve_training_dataset",
]


class ScoresRetrievePromptBuilder(Builder[ScoreRetrievePromptResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = UNSET,
        prompt: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ScoreRetrievePromptResponse]:
        return self.operation.build(locals())


retrieve_prompt: ScoresRetrievePromptBuilder = ScoresRetrievePromptBuilder(
    registry.SCORES_RETRIEVE_PROMPT
)


class ScoresRetrieveTrainingDatasetBuilder(Builder[ScoreRetrieveTrainingDatasetResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ScoreRetrieveTrainingDatasetResponse]:
        return self.operation.build(locals())


retrieve_training_dataset: ScoresRetrieveTrainingDatasetBuilder = (
    ScoresRetrieveTrainingDatasetBuilder(registry.SCORES_RETRIEVE_TRAINING_DATASET)
)
