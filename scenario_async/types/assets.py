"""Training images, image pairs, and the description and examples payloads."""

import msgspec

from ._base import ResponseStruct
from .enums import (
    AspectRatio,
    AssetClassification,
    AssetKind,
    AssetMetadataType,
    AssetSource,
    AssetStatus,
    AssetStyle,
    CameraMode,
    EditCapability,
    ImageType,
    InferenceType,
    InputFidelity,
    InputLocation,
    IpAdapterType,
    MimeType,
    Modality,
    ModelType,
    Privacy,
    QualityGateSensitivity,
    QualityGateStatus,
    QualityGateVerdict,
    Scheduler,
)
from .job import Job
from .shared import AssetLink, ModelConcept

__all__ = [
    "AssetProperties",
    "AssetPropertiesCameraTrajectory",
    "AssetPropertiesTranscription",
    "Description",
    "DescriptionAsset",
    "DescriptionAssetPreview",
    "DescriptionAssetProperties",
    "DescriptionAssetPropertiesCameraTrajectory",
    "DescriptionAssetPropertiesTranscription",
    "DescriptionAssetThumbnail",
    "DescriptionModel",
    "Example",
    "ExampleAsset",
    "ExampleAssetFirstFrame",
    "ExampleAssetLastFrame",
    "ExampleAssetMetadata",
    "ExampleAssetMetadataConcept",
    "ExampleAssetMetadataThumbnail",
    "ExampleAssetPreview",
    "ExampleAssetProperties",
    "ExampleAssetPropertiesCameraTrajectory",
    "ExampleAssetPropertiesTranscription",
    "ExampleAssetQualityGate",
    "ExampleAssetQualityGateDetails",
    "ExampleAssetQualityGateDetailsAIQuality",
    "ExampleAssetQualityGateDetailsBriefCompliance",
    "ExampleAssetQualityGateDimension",
    "ExampleAssetThumbnail",
    "ExampleInferenceParameters",
    "ExampleInferenceParametersConcept",
    "ExampleJob",
    "TrainingImage",
    "TrainingImagePair",
]


ExampleJob = Job


class TrainingImage(ResponseStruct):
    id: str
    automatic_captioning: str
    created_at: str
    description: str
    download_url: str
    name: str


class TrainingImagePair(ResponseStruct):
    instruction: str | None = None
    source_id: str | None = None
    target_id: str | None = None


class AssetPropertiesCameraTrajectory(ResponseStruct):
    """One explicit camera keyframe for the splat route.

    Shared by both asset properties: `DescriptionAssetPropertiesCameraTrajectory` and
    `ExampleAssetPropertiesCameraTrajectory` are aliases of this class.
    """

    position: list[float]
    target: list[float]
    fov: float | None = None


class AssetPropertiesTranscription(ResponseStruct):
    """Transcription of the audio.

    Shared by both asset properties: `DescriptionAssetPropertiesTranscription` and
    `ExampleAssetPropertiesTranscription` are aliases of this class.
    """

    text: str


class AssetProperties(ResponseStruct):
    """The properties of the asset, content may depend on the kind of asset returned.

    One shape, in the reference and in SDK 2.4.0, for the assets of `description.retrieve`
    and of `examples.list` (`DescriptionAssetProperties`, `ExampleAssetProperties`: aliases
    of this class).
    """

    size: float
    animation_frame_count: float | None = None
    bitrate: float | None = None
    bone_count: float | None = None
    camera_mode: CameraMode | None = None
    camera_trajectory: list[AssetPropertiesCameraTrajectory] | None = None
    channels: float | None = None
    char_count: float | None = None
    classification: AssetClassification | None = None
    codec_name: str | None = None
    description: str | None = None
    dimensions: list[float] | None = None
    duration: float | None = None
    face_count: float | None = None
    format: str | None = None
    frame_rate: float | None = None
    has_animations: bool | None = None
    has_full_preview: bool | None = None
    has_normals: bool | None = None
    has_skeleton: bool | None = None
    has_u_vs: bool | None = None
    height: float | None = None
    nb_frames: float | None = None
    preview: str | None = None
    sample_rate: float | None = None
    transcription: AssetPropertiesTranscription | None = None
    vertex_count: float | None = None
    width: float | None = None
    word_count: float | None = None


DescriptionAssetPropertiesCameraTrajectory = AssetPropertiesCameraTrajectory
DescriptionAssetPropertiesTranscription = AssetPropertiesTranscription
DescriptionAssetProperties = AssetProperties
DescriptionAssetPreview = AssetLink
DescriptionAssetThumbnail = AssetLink


class DescriptionAsset(ResponseStruct):
    id: str
    author_id: str
    kind: AssetKind
    mime_type: str
    owner_id: str
    privacy: Privacy
    properties: DescriptionAssetProperties
    source: AssetSource
    url: str
    original_file_url: str | None = None
    original_mime_type: MimeType | None = None
    preview: DescriptionAssetPreview | None = None
    thumbnail: DescriptionAssetThumbnail | None = None


class DescriptionModel(ResponseStruct):
    id: str
    privacy: Privacy
    type: ModelType
    author_id: str | None = None
    name: str | None = None
    owner_id: str | None = None
    short_description: str | None = None


class Description(ResponseStruct):
    assets: list[DescriptionAsset]
    models: list[DescriptionModel]
    value: str


ExampleAssetMetadataConcept = ModelConcept
ExampleAssetMetadataThumbnail = AssetLink


class ExampleAssetMetadata(ResponseStruct):
    """Metadata of the asset with some additional information."""

    kind: AssetKind
    type: AssetMetadataType
    angular: float | None = None
    aspect_ratio: str | None = None
    background_opacity: float | None = None
    base_model_id: str | None = None
    bbox: list[float] | None = None
    better_quality: bool | None = None
    canny_structure_image: str | None = None
    clustering: bool | None = None
    color_correction: bool | None = None
    color_mode: str | None = None
    color_precision: float | None = None
    concepts: list[ExampleAssetMetadataConcept] | None = None
    contours: list[list[list[list[float]]]] | None = None
    control_end: float | None = None
    copied_at: str | None = None
    corner_threshold: float | None = None
    creativity: float | None = None
    creativity_decay: float | None = None
    default_parameters: bool | None = None
    depth_fidelity: float | None = None
    depth_image: str | None = None
    details_level: float | None = None
    dilate: float | None = None
    factor: float | None = None
    file_name: str | None = None
    filter_speckle: float | None = None
    fractality: float | None = None
    geometry_enforcement: float | None = None
    guidance: float | None = None
    half_mode: bool | None = None
    hdr: float | None = None
    height: float | None = None
    high_threshold: float | None = None
    horizontal_expansion_ratio: float | None = None
    image: str | None = None
    image_fidelity: float | None = None
    image_type: ImageType | None = None
    inference_id: str | None = None
    input_fidelity: InputFidelity | None = None
    input_location: InputLocation | None = None
    invert: bool | None = None
    keeps_file_names: bool | None = None
    keypoint_threshold: float | None = None
    layer_difference: float | None = None
    length_threshold: float | None = None
    lock_expires_at: str | None = None
    low_threshold: float | None = None
    mask: str | None = None
    max_iterations: float | None = None
    max_threshold: float | None = None
    min_threshold: float | None = None
    modality: Modality | None = None
    mode: str | None = None
    api_model_id: str | None = msgspec.field(default=None, name="modelId")
    api_model_type: ModelType | None = msgspec.field(default=None, name="modelType")
    name: str | None = None
    nb_masks: float | None = None
    negative_prompt: str | None = None
    negative_prompt_strength: float | None = None
    num_inference_steps: float | None = None
    num_outputs: float | None = None
    original_asset_id: str | None = None
    output_index: float | None = None
    overlap_percentage: float | None = None
    override_embeddings: bool | None = None
    parent_id: str | None = None
    parent_job_id: str | None = None
    path_precision: float | None = None
    points: list[list[float]] | None = None
    polished: float | None = None
    preset: str | None = None
    progress_percent: float | None = None
    prompt: str | None = None
    prompt_fidelity: float | None = None
    raised: float | None = None
    reference_images: list[str] | None = None
    refinement_steps: float | None = None
    remove_background: bool | None = None
    resize_option: float | None = None
    result_contours: bool | None = None
    result_image: bool | None = None
    result_mask: bool | None = None
    root_parent_id: str | None = None
    save_flipbook: bool | None = None
    scaling_factor: float | None = None
    scheduler: str | None = None
    seed: str | None = None
    sharpen: bool | None = None
    shiny: float | None = None
    size: float | None = None
    sketch: bool | None = None
    source_project_id: str | None = None
    splice_threshold: float | None = None
    strength: float | None = None
    structure_fidelity: float | None = None
    structure_image: str | None = None
    style: AssetStyle | None = None
    style_fidelity: float | None = None
    style_images: list[str] | None = None
    style_images_fidelity: float | None = None
    target_height: float | None = None
    target_width: float | None = None
    text: str | None = None
    texture: str | None = None
    thumbnail: ExampleAssetMetadataThumbnail | None = None
    tile_style: bool | None = None
    training_image: bool | None = None
    vertical_expansion_ratio: float | None = None
    width: float | None = None


ExampleAssetPropertiesCameraTrajectory = AssetPropertiesCameraTrajectory
ExampleAssetPropertiesTranscription = AssetPropertiesTranscription
ExampleAssetProperties = AssetProperties
ExampleAssetFirstFrame = AssetLink
ExampleAssetLastFrame = AssetLink
ExampleAssetPreview = AssetLink
ExampleAssetThumbnail = AssetLink


class ExampleAssetQualityGateDimension(ResponseStruct):
    """One dimension of a Quality Gate result: its score, and the reasons and suggestions.

    SDK 2.4.0's `examples.list` gives the always-on AI-quality dimension and the
    brief-compliance one (omitted when no brief applied) this same shape, as
    `ExampleAssetQualityGateDetailsAIQuality` and
    `ExampleAssetQualityGateDetailsBriefCompliance`: aliases of this class.
    """

    reasons: list[str]
    score: float
    suggestions: list[str]


ExampleAssetQualityGateDetailsAIQuality = ExampleAssetQualityGateDimension
ExampleAssetQualityGateDetailsBriefCompliance = ExampleAssetQualityGateDimension


class ExampleAssetQualityGateDetails(ResponseStruct):
    """Per-dimension reasons and suggestions, as produced by the detector."""

    ai_quality: ExampleAssetQualityGateDetailsAIQuality
    brief_compliance: ExampleAssetQualityGateDetailsBriefCompliance | None = None


class ExampleAssetQualityGate(ResponseStruct):
    """Quality Gate result, computed asynchronously after generation."""

    computed_at: str
    status: QualityGateStatus
    version: str
    ai_quality_score: float | None = None
    applied_brief_ids: list[str] | None = None
    brief_compliance_score: float | None = None
    details: ExampleAssetQualityGateDetails | None = None
    error: str | None = None
    overall_score: float | None = None
    sensitivity: QualityGateSensitivity | None = None
    verdict: QualityGateVerdict | None = None


class ExampleAsset(ResponseStruct):
    """Asset generated by the inference."""

    id: str
    author_id: str
    collection_ids: list[str]
    created_at: str
    edit_capabilities: list[EditCapability]
    kind: AssetKind
    metadata: ExampleAssetMetadata
    mime_type: str
    owner_id: str
    privacy: Privacy
    properties: ExampleAssetProperties
    source: AssetSource
    status: AssetStatus
    tags: list[str]
    updated_at: str
    url: str
    automatic_captioning: str | None = None
    deleted_at: str | None = None
    description: str | None = None
    embedding: list[float] | None = None
    first_frame: ExampleAssetFirstFrame | None = None
    is_hidden: bool | None = None
    last_frame: ExampleAssetLastFrame | None = None
    nsfw: list[str] | None = None
    original_file_url: str | None = None
    original_mime_type: MimeType | None = None
    output_index: float | None = None
    preview: ExampleAssetPreview | None = None
    quality_gate: ExampleAssetQualityGate | None = None
    thumbnail: ExampleAssetThumbnail | None = None


ExampleInferenceParametersConcept = ModelConcept


class ExampleInferenceParameters(ResponseStruct):
    """The inference parameters used to generate the asset."""

    prompt: str
    type: InferenceType
    aspect_ratio: AspectRatio | None = None
    base_model_id: str | None = None
    concepts: list[ExampleInferenceParametersConcept] | None = None
    control_end: float | None = None
    control_image: str | None = None
    control_image_id: str | None = None
    control_start: float | None = None
    disable_merging: bool | None = None
    disable_modality_detection: bool | None = None
    guidance: float | None = None
    height: float | None = None
    hide_results: bool | None = None
    image: str | None = None
    image_id: str | None = None
    intermediate_images: bool | None = None
    ip_adapter_image: str | None = None
    ip_adapter_image_id: str | None = None
    ip_adapter_image_ids: list[str] | None = None
    ip_adapter_images: list[str] | None = None
    ip_adapter_scale: float | None = None
    ip_adapter_scales: list[float] | None = None
    ip_adapter_type: IpAdapterType | None = None
    mask: str | None = None
    mask_id: str | None = None
    modality: str | None = None
    api_model_epoch: str | None = msgspec.field(default=None, name="modelEpoch")
    negative_prompt: str | None = None
    negative_prompt_strength: float | None = None
    num_inference_steps: float | None = None
    num_samples: float | None = None
    reference_adain: bool | None = None
    reference_attn: bool | None = None
    scheduler: Scheduler | None = None
    seed: str | None = None
    strength: float | None = None
    style_fidelity: float | None = None
    width: float | None = None


class Example(ResponseStruct):
    asset: ExampleAsset
    api_model_id: str = msgspec.field(name="modelId")
    inference_id: str | None = None
    inference_parameters: ExampleInferenceParameters | None = None
    job: Job | None = None
