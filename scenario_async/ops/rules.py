"""The documented rules between an operation's fields that no single field can state.

The registry hands them to the builders (`Operation.check_query`, `Operation.check_body`);
the emulator applies the same ones to what it receives.
"""

from __future__ import annotations

from msgspec import UnsetType

from ..errors import ValidationError
from ..types import ModelUpdateBody, TrainingImageBody, TrainingParameters, TrainTriggerBody
from ..types.queries import ModelListQuery

__all__ = [
    "check_image_body",
    "check_list_query",
    "check_training_body",
    "check_training_parameters",
]


def check_training_parameters(parameters: TrainingParameters | UnsetType) -> None:
    """The rules between training parameters."""
    if isinstance(parameters, UnsetType):
        return
    frequency, steps = parameters.validation_frequency, parameters.max_train_steps
    if (
        not isinstance(frequency, UnsetType)
        and not isinstance(steps, UnsetType)
        and frequency > steps
    ):
        raise ValidationError(
            "parameters.validation_frequency", "must not be greater than max_train_steps"
        )
    sources, prompts = parameters.sample_source_images, parameters.sample_prompts
    if not isinstance(sources, UnsetType):
        prompt_count = 0 if isinstance(prompts, UnsetType) else len(prompts)
        if len(sources) != prompt_count:
            raise ValidationError(
                "parameters.sample_source_images", "must have the same length as sample_prompts"
            )


def check_training_body(body: ModelUpdateBody | TrainTriggerBody) -> None:
    """The rules between the training parameters a body carries."""
    check_training_parameters(body.parameters)


def check_list_query(query: ModelListQuery) -> None:
    """The rules between list parameters."""
    if not isinstance(query.type, UnsetType) and not isinstance(query.types, UnsetType):
        raise ValidationError("types", "cannot be used together with type")
    for name, needed in (
        ("created_after", "createdAt"),
        ("created_before", "createdAt"),
        ("updated_after", "updatedAt"),
        ("updated_before", "updatedAt"),
    ):
        if not isinstance(getattr(query, name), UnsetType) and query.sort_by != needed:
            raise ValidationError(name, f'requires sort_by="{needed}"')


def check_image_body(body: TrainingImageBody) -> None:
    """The rules between the ways of naming an image."""
    if not isinstance(body.asset_ids, UnsetType):
        if not isinstance(body.asset_id, UnsetType):
            raise ValidationError("asset_ids", "cannot be used together with asset_id")
        if not isinstance(body.data, UnsetType) or not isinstance(body.name, UnsetType):
            raise ValidationError("asset_ids", "cannot be used together with data and name")
