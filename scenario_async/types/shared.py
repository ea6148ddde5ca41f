"""Response shapes the API reference repeats under several names, each defined once.

The reference names every nested object after where it sits, so one shape comes back under
several names (`ModelThumbnail`, `ExampleAssetPreview`, `JobMetadataFlowAsset`, ...). The
modules that use these shapes keep those names, as aliases of the classes here.
"""

from typing import Any

import msgspec

from ._base import ResponseStruct
from .enums import AssetKind, BackgroundBehavior, ConditionalOperator, ModelInputType, ModelType

__all__ = [
    "AssetLink",
    "ModelConcept",
    "ModelInput",
    "ModelInputRequired",
    "ModelInputRequiredConditional",
]


class AssetLink(ResponseStruct):
    """An asset's id and the URL to fetch it.

    The reference gives this one shape, `{assetId: str, url: str}`, ten names: the model's
    `ModelThumbnail` and `ModelEpochAsset`, the `train.trigger` job's `JobMetadataFlowAsset`,
    `description.retrieve`'s `DescriptionAssetPreview` and `DescriptionAssetThumbnail`, and
    `examples.list`'s `ExampleAssetPreview`, `ExampleAssetThumbnail`, `ExampleAssetFirstFrame`,
    `ExampleAssetLastFrame` and `ExampleAssetMetadataThumbnail`, all aliases of this class.
    """

    asset_id: str
    url: str


class ModelConcept(ResponseStruct):
    """A model used as a concept (a LoRA), at a scale.

    One shape, `{modelId, scale, modelEpoch?}`, in the reference as the model's `ModelConcept`
    and as `examples.list`'s `ExampleAssetMetadataConcept` and
    `ExampleInferenceParametersConcept` (aliases of this class). The request-side `Concept`
    of create and update is a strict type of its own.
    """

    api_model_id: str = msgspec.field(name="modelId")
    scale: float
    api_model_epoch: str | None = msgspec.field(default=None, name="modelEpoch")


class ModelInputRequiredConditional(ResponseStruct):
    """Makes this input required when other inputs have one of the listed values.

    SDK 2.4.0 gives it one shape wherever `ModelInputRequired` stands: for a model's inputs
    and for a workflow node's (`JobMetadataFlowInputRequiredConditional` and
    `JobMetadataFlowInputItemRequiredConditional`, aliases of this class).
    """

    values: Any
    operator: ConditionalOperator | None = None


class ModelInputRequired(ResponseStruct):
    """Set of rules that describes when this input is required.

    The same rules in the reference for a model's inputs (`ModelInputRequired`) and for the
    inputs and sub-inputs of a `train.trigger` job's workflow nodes
    (`JobMetadataFlowInputRequired`, `JobMetadataFlowInputItemRequired`, aliases of this class).
    """

    always: bool | None = None
    conditional: ModelInputRequiredConditional | None = None
    if_defined: Any | None = None
    if_not_defined: Any | None = None
    conditional_values: Any | None = None  # in the API reference, not in SDK 2.4.0


class ModelInput(ResponseStruct):
    """Defines the input parameters for a model.

    The reference's `Model.inputs`, and the fields every input definition shares: in
    `train.trigger`'s job, a workflow node's sub-input (`JobMetadataFlowInputItem`) is this
    plus `ref` and `value`, and a node's input (`JobMetadataFlowInput`) that plus `items`;
    both subclass this one.
    """

    name: str
    type: ModelInputType
    allowed_values: list[Any] | None = None
    background_behavior: BackgroundBehavior | None = None
    color: bool | None = None
    cost_impact: bool | None = None
    default: Any | None = None
    description: str | None = None
    group: str | None = None
    hint: str | None = None
    inputs: list[dict[str, Any]] | None = None
    kind: AssetKind | None = None
    label: str | None = None
    mask_from: str | None = None
    max: float | None = None
    max_duration: float | None = None
    max_length: float | None = None
    max_size: float | None = None
    min: float | None = None
    min_duration: float | None = None
    min_length: float | None = None
    api_model_types: list[ModelType] | None = msgspec.field(default=None, name="modelTypes")
    parent: bool | None = None
    placeholder: str | None = None
    prompt: bool | None = None
    prompt_spark: bool | None = None
    required: ModelInputRequired | None = None
    step: float | None = None
