"""Builders for `/models/{modelId}/scores`."""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..types import ScoreRetrievePromptResponse, ScoreRetrieveTrainingDatasetResponse
from ..types.queries import ScorePromptQuery
from ..validation import convert
from ._build import Operation, RequestOptions, project_query

__all__ = ["retrieve_prompt", "retrieve_training_dataset"]

_SCORES = "/models/{model_id}/scores"
_PROMPT = Operation(
    "models.scores.retrieve_prompt", "GET", ScoreRetrievePromptResponse, idempotent=True
)
_TRAINING_DATASET = Operation(
    "models.scores.retrieve_training_dataset",
    "GET",
    ScoreRetrieveTrainingDatasetResponse,
    idempotent=True,
)


def retrieve_prompt(
    model_id: str,
    *,
    project_id: str | UnsetType = UNSET,
    prompt: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ScoreRetrievePromptResponse]:
    """`prompt` is optional in the SDK's signature, kept here, but the API answers 400
    without one: leaving it out, or empty, fails here before any request."""
    path = encode_path(_SCORES + "/prompt", model_id=model_id)
    query = convert(ScorePromptQuery, {"project_id": project_id, "prompt": prompt})
    return _PROMPT.call(path, options, query=query)


def retrieve_training_dataset(
    model_id: str, *, project_id: str | UnsetType = UNSET, **options: Unpack[RequestOptions]
) -> Call[ScoreRetrieveTrainingDatasetResponse]:
    path = encode_path(_SCORES + "/training-dataset", model_id=model_id)
    return _TRAINING_DATASET.call(path, options, query=project_query(project_id))
