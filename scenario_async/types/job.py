"""The job returned by ``train.trigger``, with its workflow metadata and billing."""

from typing import Any

import msgspec

from ._base import ResponseStruct
from .enums import (
    IPDetectionAction,
    IPDetectionCategory,
    JobMetadataFlowLogicType,
    JobMetadataFlowStatus,
    JobMetadataFlowType,
    JobStatus,
    JobType,
)
from .shared import AssetLink, ModelInput, ModelInputRequired, ModelInputRequiredConditional

__all__ = [
    "CostDetails",
    "IPDetection",
    "IPDetectionFinding",
    "Job",
    "JobBilling",
    "JobBillingCuCostDetails",
    "JobMetadata",
    "JobMetadataFlow",
    "JobMetadataFlowAsset",
    "JobMetadataFlowInput",
    "JobMetadataFlowInputItem",
    "JobMetadataFlowInputItemRef",
    "JobMetadataFlowInputItemRequired",
    "JobMetadataFlowInputItemRequiredConditional",
    "JobMetadataFlowInputRef",
    "JobMetadataFlowInputRequired",
    "JobMetadataFlowInputRequiredConditional",
    "JobMetadataFlowLogic",
    "JobMetadataFlowLogicCase",
    "JobStatusHistory",
]


JobMetadataFlowAsset = AssetLink
JobMetadataFlowInputRequired = ModelInputRequired
JobMetadataFlowInputRequiredConditional = ModelInputRequiredConditional
JobMetadataFlowInputItemRequired = ModelInputRequired
JobMetadataFlowInputItemRequiredConditional = ModelInputRequiredConditional


class JobMetadataFlowInputRef(ResponseStruct):
    """The reference to another input or output of the same workflow.

    One shape for a node's inputs and their sub-inputs: `train.trigger`'s reference gives it
    as `JobMetadataFlowInputRef` and as `JobMetadataFlowInputItemRef`, an alias of this class.
    """

    conditional: list[str] | None = None
    equal: str | None = None
    name: str | None = None
    node: str | None = None


JobMetadataFlowInputItemRef = JobMetadataFlowInputRef


class JobMetadataFlowInputItem(ModelInput):
    """A sub-input within an inputs_array item.

    In `train.trigger`'s reference, a model input's fields (`ModelInput`, which this extends)
    plus the `ref` or `value` that binds it within the workflow.
    """

    ref: JobMetadataFlowInputRef | None = None
    value: Any | None = None


class JobMetadataFlowInput(JobMetadataFlowInputItem):
    """This is used to run the flow.

    In `train.trigger`'s reference, a sub-input's fields (`JobMetadataFlowInputItem`, which
    this extends) plus the configured `items` of an `inputs_array` input.
    """

    items: list[list[JobMetadataFlowInputItem]] | None = None


class JobMetadataFlowLogicCase(ResponseStruct):
    condition: str
    value: str


class JobMetadataFlowLogic(ResponseStruct):
    """The logic of the node."""

    cases: list[JobMetadataFlowLogicCase] | None = None
    default: str | None = None
    transform: str | None = None


class JobMetadataFlow(ResponseStruct):
    id: str
    status: JobMetadataFlowStatus
    type: JobMetadataFlowType
    assets: list[JobMetadataFlowAsset] | None = None
    count: float | None = None
    depends_on: list[str] | None = None
    include_outputs_in_workflow_job: bool | None = None
    inputs: list[JobMetadataFlowInput] | None = None
    items: list[str] | None = None
    iteration_index: float | None = None
    job_id: str | None = None
    logic: JobMetadataFlowLogic | None = None
    logic_type: JobMetadataFlowLogicType | None = None
    loop_body_node_ids: list[str] | None = None
    loop_node_id: str | None = None
    api_model_id: str | None = msgspec.field(default=None, name="modelId")
    output: Any | None = None
    workflow_id: str | None = None


class JobMetadata(ResponseStruct):
    """Metadata of the job with some additional information."""

    asset_ids: list[str] | None = None
    error: str | None = None
    flow: list[JobMetadataFlow] | None = None
    hint: str | None = None
    input: dict[str, Any] | None = None
    output: dict[str, Any] | None = None
    output_model_id: str | None = None
    workflow_id: str | None = None
    workflow_job_id: str | None = None


class JobStatusHistory(ResponseStruct):
    date: str
    status: JobStatus


class JobBillingCuCostDetails(ResponseStruct):
    """Compute Units charged for the add-ons of this job (e.g. `quality-gate`), per action."""

    ip_detection: float | None = msgspec.field(default=None, name="ip-detection")
    quality_gate: float | None = msgspec.field(default=None, name="quality-gate")


class JobBilling(ResponseStruct):
    """The billing of the job."""

    cu_cost: float
    cu_discount: float
    cu_cost_details: JobBillingCuCostDetails | None = None
    disable_refund: bool | None = None


class Job(ResponseStruct):
    created_at: str
    job_id: str
    job_type: JobType
    metadata: JobMetadata
    progress: float
    status: JobStatus
    status_history: list[JobStatusHistory]
    updated_at: str
    author_id: str | None = None
    billing: JobBilling | None = None
    owner_id: str | None = None


class CostDetails(ResponseStruct):
    """Compute Units cost per billing action for this request, after discount."""

    assistant_message: float | None = msgspec.field(default=None, name="assistant-message")
    caption: float | None = None
    custom_generation: float | None = msgspec.field(default=None, name="custom-generation")
    describe_style: float | None = msgspec.field(default=None, name="describe-style")
    detection: float | None = None
    embed: float | None = None
    image_prompt_editing: float | None = msgspec.field(default=None, name="image-prompt-editing")
    inference_images: float | None = msgspec.field(default=None, name="inference-images")
    ip_detection: float | None = msgspec.field(default=None, name="ip-detection")
    pixelate: float | None = None
    prompt: float | None = None
    quality_gate: float | None = msgspec.field(default=None, name="quality-gate")
    remove_background: float | None = msgspec.field(default=None, name="remove-background")
    repaint: float | None = None
    restyle: float | None = None
    segmentation: float | None = None
    skybox_base_360: float | None = msgspec.field(default=None, name="skybox-base-360")
    skybox_upscale_360: float | None = msgspec.field(default=None, name="skybox-upscale-360")
    texture: float | None = None
    train_model: float | None = msgspec.field(default=None, name="train-model")
    translate: float | None = None
    upscale: float | None = None
    vectorization: float | None = None


class IPDetectionFinding(ResponseStruct):
    """A single filter's verdict."""

    category: IPDetectionCategory
    confidence: float
    filter_id: str
    filter_name: str
    flagged: bool
    reason: str
    entities: list[str] | None = None


class IPDetection(ResponseStruct):
    """IP detection findings, when detection ran for this request."""

    action: IPDetectionAction
    analyzed_images_count: float
    creative_units_charged: float
    evaluated_filters: float
    findings: list[IPDetectionFinding]
    flagged: bool
    has_detector_error: bool | None = None
