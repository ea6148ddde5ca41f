"""Response envelopes of the 21 operations of the models resource."""

from typing import Any

from ._base import ResponseStruct
from .assets import Description, Example, TrainingImage, TrainingImagePair
from .job import CostDetails, IPDetection, Job
from .model import Model

__all__ = [
    "DescriptionResponse",
    "DescriptionRetrieveResponse",
    "DescriptionUpdateResponse",
    "EmptyResponse",
    "ExampleListResponse",
    "ExampleUpdateResponse",
    "ExamplesResponse",
    "ModelCopyResponse",
    "ModelCreateResponse",
    "ModelDownloadResponse",
    "ModelGetBulkResponse",
    "ModelListPage",
    "ModelResponse",
    "ModelRetrieveResponse",
    "ModelTransferResponse",
    "ModelUpdateResponse",
    "ModelUpdateTagsResponse",
    "TrainActionResponse",
    "TrainTriggerResponse",
    "TrainingImageAddResponse",
    "TrainingImageReplacePairsResponse",
    "TrainingImageReplaceResponse",
    "TrainingImageResponse",
]

EmptyResponse = dict[str, Any]
"""The `{}` returned by `delete`, `delete_images` and `training_images.delete`."""


class ModelResponse(ResponseStruct):
    """`{model}`: create, retrieve, update, copy, transfer and train.action."""

    model: Model


ModelCreateResponse = ModelResponse
ModelRetrieveResponse = ModelResponse
ModelUpdateResponse = ModelResponse
ModelCopyResponse = ModelResponse
ModelTransferResponse = ModelResponse
TrainActionResponse = ModelResponse


class ModelListPage(ResponseStruct):
    """One page of `list`; no `next_pagination_token` means the last page."""

    models: list[Model]
    next_pagination_token: str | None = None


class ModelGetBulkResponse(ResponseStruct):
    models: list[Model]


class ModelDownloadResponse(ResponseStruct):
    job_id: str


class ModelUpdateTagsResponse(ResponseStruct):
    added: list[str]
    deleted: list[str]


class DescriptionResponse(ResponseStruct):
    """`{description}`: description.retrieve and description.update."""

    description: Description


DescriptionRetrieveResponse = DescriptionResponse
DescriptionUpdateResponse = DescriptionResponse


class ExamplesResponse(ResponseStruct):
    """`{examples}`: examples.list and examples.update."""

    examples: list[Example]


ExampleListResponse = ExamplesResponse
ExampleUpdateResponse = ExamplesResponse


class TrainTriggerResponse(ResponseStruct):
    job: Job
    model: Model
    cost_details: CostDetails | None = None
    creative_units_cost: float | None = None
    creative_units_discount: float | None = None
    ip_detection: IPDetection | None = None


class TrainingImageResponse(ResponseStruct):
    """`{trainingImage}`: training_images.add and training_images.replace."""

    training_image: TrainingImage


TrainingImageAddResponse = TrainingImageResponse
TrainingImageReplaceResponse = TrainingImageResponse


class TrainingImageReplacePairsResponse(ResponseStruct):
    count: float
    pairs: list[TrainingImagePair]
