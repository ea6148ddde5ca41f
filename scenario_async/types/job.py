"""The job returned by ``train.trigger``, with its workflow metadata and billing."""

from typing import Any

import msgspec

from ._base import ResponseStruct


class JobMetadataFlowAsset(ResponseStruct):
    asset_id: str
    url: str


class JobMetadataFlowInputItemRef(ResponseStruct):
    """The reference to another input or output of the same workflow."""

    conditional: list[str] | None = None
    equal: str | None = None
    name: str | None = None
    node: str | None = None


class JobMetadataFlowInputItemRequiredConditional(ResponseStruct):
    """Makes this input required when other inputs have one of the listed values."""

    values: Any
    operator: str | None = None


class JobMetadataFlowInputItemRequired(ResponseStruct):
    """Set of rules that describes when this input is required."""

    always: bool | None = None
    conditional: JobMetadataFlowInputItemRequiredConditional | None = None
    if_defined: Any | None = None
    if_not_defined: Any | None = None
    conditional_values: Any | None = None  # in the API reference, not in SDK 2.4.0


class JobMetadataFlowInputItem(ResponseStruct):
    """A sub-input within an inputs_array item."""

    name: str
    type: str
    allowed_values: list[Any] | None = None
    background_behavior: str | None = None
    color: bool | None = None
    cost_impact: bool | None = None
    default: Any | None = None
    description: str | None = None
    group: str | None = None
    hint: str | None = None
    inputs: list[dict[str, Any]] | None = None
    kind: str | None = None
    label: str | None = None
    mask_from: str | None = None
    max: float | None = None
    max_duration: float | None = None
    max_length: float | None = None
    max_size: float | None = None
    min: float | None = None
    min_duration: float | None = None
    min_length: float | None = None
    api_model_types: list[str] | None = msgspec.field(default=None, name="modelTypes")
    parent: bool | None = None
    placeholder: str | None = None
    prompt: bool | None = None
    prompt_spark: bool | None = None
    ref: JobMetadataFlowInputItemRef | None = None
    required: JobMetadataFlowInputItemRequired | None = None
    step: float | None = None
    value: Any | None = None


class JobMetadataFlowInputRef(ResponseStruct):
    """The reference to another input or output of the same workflow."""

    conditional: list[str] | None = None
    equal: str | None = None
    name: str | None = None
    node: str | None = None


class JobMetadataFlowInputRequiredConditional(ResponseStruct):
    """Makes this input required when other inputs have one of the listed values."""

    values: Any
    operator: str | None = None


class JobMetadataFlowInputRequired(ResponseStruct):
    """Set of rules that describes when this input is required."""

    always: bool | None = None
    conditional: JobMetadataFlowInputRequiredConditional | None = None
    if_defined: Any | None = None
    if_not_defined: Any | None = None
    conditional_values: Any | None = None  # in the API reference, not in SDK 2.4.0


class JobMetadataFlowInput(ResponseStruct):
    """This is used to run the flow."""

    name: str
    type: str
    allowed_values: list[Any] | None = None
    background_behavior: str | None = None
    color: bool | None = None
    cost_impact: bool | None = None
    default: Any | None = None
    description: str | None = None
    group: str | None = None
    hint: str | None = None
    inputs: list[dict[str, Any]] | None = None
    items: list[list[JobMetadataFlowInputItem]] | None = None
    kind: str | None = None
    label: str | None = None
    mask_from: str | None = None
    max: float | None = None
    max_duration: float | None = None
    max_length: float | None = None
    max_size: float | None = None
    min: float | None = None
    min_duration: float | None = None
    min_length: float | None = None
    api_model_types: list[str] | None = msgspec.field(default=None, name="modelTypes")
    parent: bool | None = None
    placeholder: str | None = None
    prompt: bool | None = None
    prompt_spark: bool | None = None
    ref: JobMetadataFlowInputRef | None = None
    required: JobMetadataFlowInputRequired | None = None
    step: float | None = None
    value: Any | None = None


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
    status: str
    type: str
    assets: list[JobMetadataFlowAsset] | None = None
    count: float | None = None
    depends_on: list[str] | None = None
    include_outputs_in_workflow_job: bool | None = None
    inputs: list[JobMetadataFlowInput] | None = None
    items: list[str] | None = None
    iteration_index: float | None = None
    job_id: str | None = None
    logic: JobMetadataFlowLogic | None = None
    logic_type: str | None = None
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
    status: str


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
    job_type: str
    metadata: JobMetadata
    progress: float
    status: str
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

    category: str
    confidence: float
    filter_id: str
    filter_name: str
    flagged: bool
    reason: str
    entities: list[str] | None = None


class IPDetection(ResponseStruct):
    """IP detection findings, when detection ran for this request."""

    action: str
    analyzed_images_count: float
    creative_units_charged: float
    evaluated_filters: float
    findings: list[IPDetectionFinding]
    flagged: bool
    has_detector_error: bool | None = None
