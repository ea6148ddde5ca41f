"""Builders for `/models/{modelId}/train`."""

from __future__ import annotations

from typing import Literal, Unpack

from msgspec import UNSET, UnsetType

from ..calls import AppliedCheck, Call, encode_path
from ..types import (
    ModelRetrieveResponse,
    TrainActionBody,
    TrainActionResponse,
    TrainingParameters,
    TrainingParametersDict,
    TrainTriggerBody,
    TrainTriggerResponse,
)
from ..types.queries import DryRun, TrainTriggerQuery
from ..validation import convert
from ._build import Operation, RequestOptions, project_query
from .models import check_training_parameters, retrieve

__all__ = ["action", "trigger"]

_PATH = "/models/{model_id}/train"
_TRIGGER = Operation("models.train.trigger", "PUT", TrainTriggerResponse, idempotent=False)
_ACTION = Operation("models.train.action", "POST", TrainActionResponse, idempotent=True)


def trigger(
    model_id: str,
    *,
    dry_run: DryRun | UnsetType = UNSET,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    training_images_count: int | UnsetType = UNSET,
    parameters: TrainingParameters | TrainingParametersDict | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainTriggerResponse]:
    path = encode_path(_PATH, model_id=model_id)
    query = convert(
        TrainTriggerQuery,
        {
            "dry_run": dry_run,
            "original_assets": original_assets,
            "project_id": project_id,
            "training_images_count": training_images_count,
        },
    )
    body = convert(TrainTriggerBody, {"parameters": parameters})
    check_training_parameters(body.parameters)
    return _TRIGGER.call(path, options, query=query, body=body)


def action(
    model_id: str,
    *,
    action: Literal["cancel"],
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[TrainActionResponse]:
    path = encode_path(_PATH + "/action", model_id=model_id)
    query = project_query(project_id)
    body = convert(TrainActionBody, {"action": action})
    # After an attempt whose answer was lost, a retry refused with 409 (nothing is training)
    # may be meeting the cancel that attempt applied: the model, read again, tells.
    headers = options.get("extra_headers")
    confirm = retrieve(model_id, project_id=project_id, extra_headers=headers)
    applied = AppliedCheck(frozenset({409}), confirm=confirm, confirmed=_canceled)
    return _ACTION.call(path, options, query=query, body=body, applied=applied)


def _canceled(answer: ModelRetrieveResponse) -> bool:
    return answer.model.status == "training-canceled"
