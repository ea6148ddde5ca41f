"""The operations' answer envelopes: `{"model": ...}`, `{"preset": ...}`, `{"description": ...}`.

Where the official SDK names one envelope twice (`PresetCreateResponse` and
`PresetUpdateResponse`), both names are the one class. Each envelope that holds models comes
twice: generic over the model type (`ModelResponseOf[M]`, ...), and as the official SDK's name
for it with `Model` in place (`ModelRetrieveResponse`, a class of its own, so `isinstance` and
bare annotations keep working). The generic form is what
a projection decodes into: `ModelResponseOf[MyView]` reads `{"model": ...}` into the caller's
own, smaller Struct and skips every field the view does not name.
"""

from typing import Any, Generic, TypeVar

from ._base import ResponseStruct
from .assets import Description, Example, TrainingImage, TrainingImagePair
from .job import CostDetails, IPDetection, Job
from .model import Model
from .presets import Preset
from .prompt_guide import PromptGuide

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
    "ModelGetBulkResponseOf",
    "ModelListPage",
    "ModelListPageOf",
    "ModelResponse",
    "ModelResponseOf",
    "ModelRestoreResponse",
    "ModelRetrieveResponse",
    "ModelTransferResponse",
    "ModelUpdateResponse",
    "ModelUpdateTagsResponse",
    "PresetCreateResponse",
    "PresetListResponse",
    "PresetResponse",
    "PresetUpdateResponse",
    "PromptGuideResponse",
    "PromptGuideRetrieveResponse",
    "PromptGuideUpdateResponse",
    "TrainActionResponse",
    "TrainTriggerResponse",
    "TrainTriggerResponseOf",
    "TrainingImageAddResponse",
    "TrainingImageReplacePairsResponse",
    "TrainingImageReplaceResponse",
    "TrainingImageResponse",
]

M = TypeVar("M")
"""The type each model decodes into: `Model`, or a caller's view Struct."""

EmptyResponse = dict[str, Any]
"""The `{}` returned by `delete`, `delete_images` and `training_images.delete`."""


class ModelResponseOf(ResponseStruct, Generic[M]):
    """`{model}` with the model decoded as `M`."""

    model: M


class ModelResponse(ModelResponseOf[Model]):
    """`{model}`: create, retrieve, update, copy, transfer and train.action."""


ModelCreateResponse = ModelResponse
ModelRetrieveResponse = ModelResponse
ModelUpdateResponse = ModelResponse
ModelCopyResponse = ModelResponse
ModelTransferResponse = ModelResponse
ModelRestoreResponse = ModelResponse
TrainActionResponse = ModelResponse


class ModelListPageOf(ResponseStruct, Generic[M]):
    """One page of `list`, models decoded as `M`; no `next_pagination_token`: the last page."""

    models: list[M]
    next_pagination_token: str | None = None


class ModelListPage(ModelListPageOf[Model]):
    """One page of `list`; no `next_pagination_token` means the last page."""


class ModelGetBulkResponseOf(ResponseStruct, Generic[M]):
    """The `{models}` of one get-bulk request, models decoded as `M`."""

    models: list[M]


class ModelGetBulkResponse(ModelGetBulkResponseOf[Model]):
    """The `{models}` of one get-bulk request, as the server sent them."""


class ModelDownloadResponse(ResponseStruct):
    job_id: str


class ModelUpdateTagsResponse(ResponseStruct):
    added: list[str]
    deleted: list[str]


class PresetResponse(ResponseStruct):
    """`{preset}`: presets.create and presets.update."""

    preset: Preset


PresetCreateResponse = PresetResponse
PresetUpdateResponse = PresetResponse


class PresetListResponse(ResponseStruct):
    presets: list[Preset]


class PromptGuideResponse(ResponseStruct):
    """`{promptGuide}`: prompt_guide.retrieve and prompt_guide.update."""

    prompt_guide: PromptGuide


PromptGuideRetrieveResponse = PromptGuideResponse
PromptGuideUpdateResponse = PromptGuideResponse


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


class TrainTriggerResponseOf(ResponseStruct, Generic[M]):
    """`train.trigger`'s answer, the model decoded as `M`."""

    job: Job
    model: M
    cost_details: CostDetails | None = None
    creative_units_cost: float | None = None
    creative_units_discount: float | None = None
    ip_detection: IPDetection | None = None


class TrainTriggerResponse(TrainTriggerResponseOf[Model]):
    """`train.trigger`'s answer: the job started and the model it trains."""


class TrainingImageResponse(ResponseStruct):
    """`{trainingImage}`: training_images.add and training_images.replace."""

    training_image: TrainingImage


TrainingImageAddResponse = TrainingImageResponse
TrainingImageReplaceResponse = TrainingImageResponse


class TrainingImageReplacePairsResponse(ResponseStruct):
    count: float
    pairs: list[TrainingImagePair]


MODEL_ENVELOPES: dict[type[Any], type[Any]] = {
    ModelResponse: ModelResponseOf,
    ModelListPage: ModelListPageOf,
    ModelGetBulkResponse: ModelGetBulkResponseOf,
    TrainTriggerResponse: TrainTriggerResponseOf,
}
"""Each response type that holds models, and its generic form, for projections."""
