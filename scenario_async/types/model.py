"""The model schema, shared by every endpoint that returns models."""

from typing import Any

import msgspec

from ._base import ResponseStruct
from .assets import TrainingImage, TrainingImagePair
from .enums import (
    AccessRestrictions,
    LrScheduler,
    ModelCapability,
    ModelClassStatus,
    ModelSource,
    ModelStatus,
    ModelType,
    OptimizeFor,
    Privacy,
    TrainingStage,
    TriggerGeneratePosition,
)
from .shared import AssetLink
from .shared import ModelConcept as ModelConcept
from .shared import ModelInput as ModelInput
from .shared import ModelInputRequired as ModelInputRequired
from .shared import ModelInputRequiredConditional as ModelInputRequiredConditional

__all__ = [
    "Model",
    "ModelClass",
    "ModelConcept",
    "ModelEpoch",
    "ModelEpochAsset",
    "ModelInput",
    "ModelInputRequired",
    "ModelInputRequiredConditional",
    "ModelParameters",
    "ModelPerformanceStats",
    "ModelPerformanceStatsVariant",
    "ModelPerformanceStatsVariantArenaScore",
    "ModelThumbnail",
    "ModelTrainingImage",
    "ModelTrainingImagePair",
    "ModelTrainingProgress",
    "ModelTrainingStats",
    "ModelUiConfig",
    "ModelUiConfigInputProperties",
    "ModelUiConfigLorasComponent",
    "ModelUiConfigOutputProperties",
    "ModelUiConfigPreset",
    "ModelUiConfigResolutionComponent",
    "ModelUiConfigResolutionComponentPreset",
    "ModelUiConfigTriggerGenerate",
    "TrainingSnapshot",
]


ModelTrainingImage = TrainingImage
ModelTrainingImagePair = TrainingImagePair
ModelEpochAsset = AssetLink
ModelThumbnail = AssetLink


class ModelClass(ResponseStruct):
    """The class of the model."""

    category: str
    concept_prompt: str
    api_model_id: str = msgspec.field(name="modelId")
    name: str
    prompt: str
    slug: str
    status: ModelClassStatus
    thumbnails: list[str]


class ModelEpoch(ResponseStruct):
    epoch: str
    assets: list[ModelEpochAsset] | None = None


class ModelParameters(ResponseStruct):
    """The parameters of the model."""

    age: str | None = None
    batch_size: float | None = None
    class_prompt: str | None = None
    clone_type: str | None = None
    concept_prompt: str | None = None
    gender: str | None = None
    language: str | None = None
    learning_rate: float | None = None
    learning_rate_text_encoder: float | None = None
    learning_rate_unet: float | None = None
    lr_scheduler: LrScheduler | None = None
    max_train_steps: float | None = None
    nb_epochs: float | None = None
    nb_repeats: float | None = None
    num_text_train_steps: float | None = None
    num_u_net_train_steps: float | None = None
    optimize_for: OptimizeFor | None = None
    prior_loss_weight: float | None = None
    random_crop: bool | None = None
    random_crop_ratio: float | None = None
    random_crop_scale: float | None = None
    rank: float | None = None
    remove_background_noise: bool | None = None
    sample_prompts: list[str] | None = None
    sample_source_images: list[str] | None = None
    scale_lr: bool | None = None
    seed: float | None = None
    text_encoder_training_ratio: float | None = None
    validation_frequency: float | None = None
    validation_prompt: str | None = None
    voice_description: str | None = None
    wandb_key: str | None = None


class ModelPerformanceStatsVariantArenaScore(ResponseStruct):
    """External quality score from arena.ai leaderboard."""

    arena_category: str
    arena_model_name: str
    fetched_at: str
    rank: float
    rating: float
    rating_lower: float
    rating_upper: float
    votes: float


class ModelPerformanceStatsVariant(ResponseStruct):
    """Performance stats for a model variant."""

    capability: str
    computed_at: str
    variant_key: str
    arena_score: ModelPerformanceStatsVariantArenaScore | None = None
    cost_per_asset_max_cu: float | None = msgspec.field(default=None, name="costPerAssetMaxCU")
    cost_per_asset_min_cu: float | None = msgspec.field(default=None, name="costPerAssetMinCU")
    cost_per_asset_p50_cu: float | None = msgspec.field(default=None, name="costPerAssetP50CU")
    inference_latency_p50_sec: float | None = None
    inference_latency_p75_sec: float | None = None
    resolution: str | None = None
    total_latency_p50_sec: float | None = None
    total_latency_p75_sec: float | None = None


class ModelPerformanceStats(ResponseStruct):
    """Aggregated performance stats."""

    variants: list[ModelPerformanceStatsVariant]
    default: str | None = None


class ModelTrainingProgress(ResponseStruct):
    """Additional information about the training progress of the model."""

    stage: TrainingStage
    updated_at: float
    captcha_image_url: str | None = None
    position: float | None = None
    progress: float | None = None
    remaining_time_ms: float | None = None
    retryable_error: str | None = None
    retry_count: float | None = None
    started_at: float | None = None


class ModelTrainingStats(ResponseStruct):
    """Additional information about the model's training."""

    ended_at: str | None = None
    queue_duration: float | None = None
    started_at: str | None = None
    train_duration: float | None = None


class ModelUiConfigInputProperties(ResponseStruct):
    collapsed: bool | None = None


class ModelUiConfigLorasComponent(ResponseStruct):
    """Configuration for the loras component."""

    label: str
    api_model_input: str = msgspec.field(name="modelInput")
    scale_input: str
    api_model_id_input: str | None = msgspec.field(default=None, name="modelIdInput")


class ModelUiConfigOutputProperties(ResponseStruct):
    label: str


class ModelUiConfigPreset(ResponseStruct):
    fields: list[str]
    presets: Any


class ModelUiConfigResolutionComponentPreset(ResponseStruct):
    height: float
    label: str
    width: float


class ModelUiConfigResolutionComponent(ResponseStruct):
    """Configuration for the resolution component."""

    height_input: str
    label: str
    presets: list[ModelUiConfigResolutionComponentPreset]
    width_input: str


class ModelUiConfigTriggerGenerate(ResponseStruct):
    """Configuration for the trigger generate button."""

    label: str
    after: str | None = None
    position: TriggerGeneratePosition | None = None


class ModelUiConfig(ResponseStruct):
    """The UI configuration for the model."""

    input_properties: dict[str, ModelUiConfigInputProperties] | None = None
    loras_component: ModelUiConfigLorasComponent | None = None
    output_properties: dict[str, ModelUiConfigOutputProperties] | None = None
    presets: list[ModelUiConfigPreset] | None = None
    resolution_component: ModelUiConfigResolutionComponent | None = None
    selects: dict[str, Any] | None = None
    trigger_generate: ModelUiConfigTriggerGenerate | None = None


class Model(ResponseStruct):
    """A model, as returned by every endpoint of the models resource."""

    id: str
    privacy: Privacy
    type: ModelType
    # Required in the SDK's retrieve shape, but absent from get_bulk's (e.g. `minimal=true`).
    capabilities: list[ModelCapability] | None = None
    collection_ids: list[str] | None = None
    created_at: str | None = None
    custom: bool | None = None
    example_asset_ids: list[str] | None = None
    source: ModelSource | None = None
    status: ModelStatus | None = None
    tags: list[str] | None = None
    training_images_number: float | None = None
    updated_at: str | None = None
    # Always optional.
    access_restrictions: AccessRestrictions | None = None
    author_id: str | None = None
    class_: ModelClass | None = msgspec.field(default=None, name="class")
    compliant_model_ids: list[str] | None = None
    concepts: list[ModelConcept] | None = None
    deleted_at: str | None = None
    disable_refund: bool | None = None
    epoch: str | None = None
    epochs: list[ModelEpoch] | None = None
    inputs: list[ModelInput] | None = None
    job_id: str | None = None
    api_model_keyword: str | None = msgspec.field(default=None, name="modelKeyword")
    name: str | None = None
    negative_prompt_embedding: str | None = None
    owner_id: str | None = None
    parameters: ModelParameters | None = None
    parent_model_id: str | None = None
    performance_stats: ModelPerformanceStats | None = None
    prompt_embedding: str | None = None
    short_description: str | None = None
    soft_deletion_on: str | None = None
    thumbnail: ModelThumbnail | None = None
    training_image_pairs: list[TrainingImagePair] | None = None
    training_images: list[TrainingImage] | None = None
    training_progress: ModelTrainingProgress | None = None
    training_stats: ModelTrainingStats | None = None
    ui_config: ModelUiConfig | None = None
    user_id: str | None = None


class TrainingSnapshot(ResponseStruct):
    """What a watch reads of a model at each poll: its training, and no more.

    The fields keep `Model`'s names, so code reading `event.model.training_progress` works on
    either. A full `Model` is some 30 KB in memory and costs as much to decode as the JSON it
    came from; this is some 400 bytes, and msgspec skips the rest of the JSON unread. Watch
    events carry it while a training goes on; the terminal events carry the full `Model`.
    """

    id: str
    name: str | None = None
    status: ModelStatus | None = None
    updated_at: str | None = None
    training_progress: ModelTrainingProgress | None = None
    training_stats: ModelTrainingStats | None = None

    @classmethod
    def of(cls, model: "Model | TrainingSnapshot") -> "TrainingSnapshot":
        """The snapshot of `model` (itself if it is one)."""
        if isinstance(model, TrainingSnapshot):
            return model
        return cls(
            id=model.id,
            name=model.name,
            status=model.status,
            updated_at=model.updated_at,
            training_progress=model.training_progress,
            training_stats=model.training_stats,
        )
