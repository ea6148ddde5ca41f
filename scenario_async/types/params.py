"""JSON request bodies of the models resource, as strict request types.

Only body fields live here; query parameters (``originalAssets``, ``projectId``, ``dryRun``, …)
are not part of any body. Single-field bounds are declared with ``msgspec.Meta`` and checked on
decode; cross-field rules (e.g. ``assetId`` vs ``assetIds``) are left to the callers.

A nested argument may also be a plain dict, as the official SDK takes it: each Struct that
is one has a TypedDict beside it (``Concept`` and ``ConceptDict``), with the SDK's keys and
value types, so that a type checker refuses a misspelled key or a wrong type in a dict
literal. At run time the dict is converted and checked as the Struct is.
"""

from typing import Annotated, Literal, Required, TypedDict

from msgspec import UNSET, Meta, UnsetType

from ._base import RequestStruct
from .ids import SequenceNotStr

__all__ = [
    "Concept",
    "ConceptDict",
    "DescriptionUpdateBody",
    "ExampleUpdateBody",
    "LrScheduler",
    "ModelCopyBody",
    "ModelCreateBody",
    "ModelDownloadBody",
    "ModelGetBulkBody",
    "ModelTransferBody",
    "ModelType",
    "ModelUpdateBody",
    "ModelUpdateTagsBody",
    "OptimizeFor",
    "TrainActionBody",
    "TrainTriggerBody",
    "TrainingImageBody",
    "TrainingImagePairDict",
    "TrainingImagePairParam",
    "TrainingImagePreset",
    "TrainingImageReplacePairsBody",
    "TrainingParameters",
    "TrainingParametersDict",
]

ModelType = Literal[
    "custom",
    "elevenlabs-voice",
    "flux.1",
    "flux.1-composition",
    "flux.1-kontext-dev",
    "flux.1-kontext-lora",
    "flux.1-krea-dev",
    "flux.1-krea-lora",
    "flux.1-lora",
    "flux.1-pro",
    "flux.1.1-pro-ultra",
    "flux.2-dev-edit-lora",
    "flux.2-dev-lora",
    "flux.2-klein-4b-edit-lora",
    "flux.2-klein-4b-lora",
    "flux.2-klein-9b-edit-lora",
    "flux.2-klein-9b-lora",
    "flux.2-klein-base-4b-edit-lora",
    "flux.2-klein-base-4b-lora",
    "flux.2-klein-base-9b-edit-lora",
    "flux.2-klein-base-9b-lora",
    "flux1.1-pro",
    "gpt-image-1",
    "qwen-image-2512-lora",
    "qwen-image-edit-2509-lora",
    "qwen-image-edit-2511-lora",
    "qwen-image-edit-lora",
    "qwen-image-lora",
    "sd-1_5",
    "sd-1_5-composition",
    "sd-1_5-lora",
    "sd-xl",
    "sd-xl-composition",
    "sd-xl-lora",
    "zimage-de-turbo-lora",
    "zimage-lora",
    "zimage-turbo-lora",
]
"""The `type` accepted by create and update (SDK 2.4.0 values plus the reference's `sd-*`)."""

LrScheduler = Literal[
    "constant",
    "constant-with-warmup",
    "cosine",
    "cosine-with-restarts",
    "linear",
    "polynomial",
]

OptimizeFor = Literal["likeness"]

TrainingImagePreset = Literal["default", "style", "subject"]

# Numbers go out as the caller gave them, as the official SDK sends them: msgspec converts an
# int given for a `float` field into a float (`batch_size=2` would go out as `2.0`), so each
# numeric field is an int or a float, both under the documented bound. msgspec picks the
# branch by the value's type, so a broken bound is reported for that type ("Expected `int`
# <= 4"), and a bool, neither, is still refused. An int branch's bounds must be ints: where a
# documented end is fractional, the int branch stops at the last int inside it. Converting
# costs what it did with `float` alone (20 training parameters: 10.7 µs either way).
_Scale = Annotated[int, Meta(ge=-2, le=2)] | Annotated[float, Meta(ge=-2, le=2)]
_Positive = Annotated[int, Meta(gt=0)] | Annotated[float, Meta(gt=0)]
_NonNegative = Annotated[int, Meta(ge=0)] | Annotated[float, Meta(ge=0)]
_Unit = Annotated[int, Meta(ge=0, le=1)] | Annotated[float, Meta(ge=0, le=1)]
_Steps = Annotated[int, Meta(ge=0, le=40000)] | Annotated[float, Meta(ge=0, le=40000)]
_Repeats = Annotated[int, Meta(ge=1, le=30)] | Annotated[float, Meta(ge=1, le=30)]
_BatchSize = Annotated[int, Meta(ge=1, le=4)] | Annotated[float, Meta(ge=1, le=4)]
_Rank = Annotated[int, Meta(ge=2, le=128)] | Annotated[float, Meta(ge=2, le=128)]
_Seed = Annotated[int, Meta(ge=0, le=2**53 - 1)] | Annotated[float, Meta(ge=0, le=2**53 - 1)]
# [0, 0.99] holds one int, 0.
_TextEncoderRatio = Annotated[int, Meta(ge=0, le=0)] | Annotated[float, Meta(ge=0, le=0.99)]
# (0, 0.001] holds no int: a float alone, so that `1` is refused as `Expected `float` <= 0.001`.
_TextEncoderRate = Annotated[float, Meta(gt=0, le=0.001)]


class Concept(RequestStruct):
    """A LoRA used by a composition model."""

    model_id: str
    scale: _Scale
    model_epoch: str | UnsetType = UNSET


class ConceptDict(TypedDict, total=False):
    """`Concept` as a dict, as the official SDK types it."""

    model_id: Required[str]
    scale: Required[float]
    model_epoch: str


class TrainingParameters(RequestStruct):
    """The parameters to use for the model's training."""

    age: str | UnsetType = UNSET
    batch_size: _BatchSize | UnsetType = UNSET
    class_prompt: str | UnsetType = UNSET
    clone_type: str | UnsetType = UNSET
    concept_prompt: str | UnsetType = UNSET
    gender: str | UnsetType = UNSET
    language: str | UnsetType = UNSET
    learning_rate: _Positive | UnsetType = UNSET
    learning_rate_text_encoder: _TextEncoderRate | UnsetType = UNSET
    learning_rate_unet: _Positive | UnsetType = UNSET
    lr_scheduler: LrScheduler | UnsetType = UNSET
    max_train_steps: _Steps | UnsetType = UNSET
    nb_epochs: _Repeats | UnsetType = UNSET
    nb_repeats: _Repeats | UnsetType = UNSET
    num_text_train_steps: _Steps | UnsetType = UNSET
    num_u_net_train_steps: _Steps | UnsetType = UNSET
    optimize_for: OptimizeFor | UnsetType = UNSET
    prior_loss_weight: _Positive | UnsetType = UNSET
    random_crop: bool | UnsetType = UNSET
    random_crop_ratio: _Unit | UnsetType = UNSET
    random_crop_scale: _Unit | UnsetType = UNSET
    rank: _Rank | UnsetType = UNSET
    remove_background_noise: bool | UnsetType = UNSET
    sample_prompts: list[str] | UnsetType = UNSET
    sample_source_images: list[str] | UnsetType = UNSET
    scale_lr: bool | UnsetType = UNSET
    seed: _Seed | UnsetType = UNSET
    text_encoder_training_ratio: _TextEncoderRatio | UnsetType = UNSET
    validation_frequency: _NonNegative | UnsetType = UNSET
    validation_prompt: str | UnsetType = UNSET
    voice_description: str | UnsetType = UNSET
    wandb_key: Annotated[str, Meta(max_length=40)] | UnsetType = UNSET


class TrainingParametersDict(TypedDict, total=False):
    """`TrainingParameters` as a dict, as the official SDK types it: its bounds are checked
    at run time, when the dict is converted."""

    age: str
    batch_size: float
    class_prompt: str
    clone_type: str
    concept_prompt: str
    gender: str
    language: str
    learning_rate: float
    learning_rate_text_encoder: float
    learning_rate_unet: float
    lr_scheduler: LrScheduler
    max_train_steps: float
    nb_epochs: float
    nb_repeats: float
    num_text_train_steps: float
    num_u_net_train_steps: float
    optimize_for: OptimizeFor
    prior_loss_weight: float
    random_crop: bool
    random_crop_ratio: float
    random_crop_scale: float
    rank: float
    remove_background_noise: bool
    sample_prompts: SequenceNotStr[str]
    sample_source_images: SequenceNotStr[str]
    scale_lr: bool
    seed: float
    text_encoder_training_ratio: float
    validation_frequency: float
    validation_prompt: str
    voice_description: str
    wandb_key: str


class TrainingImagePairParam(RequestStruct):
    """One source/target pair of training images."""

    instruction: str | UnsetType = UNSET
    source_id: str | UnsetType = UNSET
    target_id: str | UnsetType = UNSET


class TrainingImagePairDict(TypedDict, total=False):
    """`TrainingImagePairParam` as a dict, as the official SDK types it."""

    instruction: str
    source_id: str
    target_id: str


class ModelCreateBody(RequestStruct):
    """Body of `POST /models`."""

    base_model_id: str | UnsetType = UNSET
    class_slug: str | UnsetType | None = UNSET
    collection_ids: list[str] | UnsetType = UNSET
    concepts: list[Concept] | UnsetType = UNSET
    name: Annotated[str, Meta(max_length=64)] | UnsetType = UNSET
    short_description: Annotated[str, Meta(max_length=256)] | UnsetType = UNSET
    type: ModelType | UnsetType = UNSET


class ModelUpdateBody(RequestStruct):
    """Body of `PUT /models/{modelId}`; `None` unsets `class_slug`, `epoch` and `thumbnail`."""

    class_slug: str | UnsetType | None = UNSET
    concepts: list[Concept] | UnsetType = UNSET
    epoch: str | UnsetType | None = UNSET
    name: str | UnsetType = UNSET
    negative_prompt_embedding: str | UnsetType = UNSET
    parameters: TrainingParameters | UnsetType = UNSET
    prompt_embedding: str | UnsetType = UNSET
    short_description: str | UnsetType = UNSET
    thumbnail: str | UnsetType | None = UNSET
    type: ModelType | UnsetType = UNSET


class ModelGetBulkBody(RequestStruct):
    """Body of `POST /models/get-bulk`."""

    all_training_images: bool | UnsetType = UNSET
    minimal: bool | UnsetType = UNSET
    model_ids: list[str] | UnsetType = UNSET
    settings: bool | UnsetType = UNSET
    thumbnail: bool | UnsetType = UNSET
    training_images_preview: bool | UnsetType = UNSET


class ModelCopyBody(RequestStruct):
    """Body of `POST /models/{modelId}/copy`."""

    copy_as_trained: bool | UnsetType = UNSET
    copy_examples: bool | UnsetType = UNSET


class ModelDownloadBody(RequestStruct):
    """Body of `POST /models/{modelId}/download`."""

    model_epoch: str | UnsetType = UNSET


class ModelUpdateTagsBody(RequestStruct):
    """Body of `PUT /models/{modelId}/tags`."""

    add: list[str] | UnsetType = UNSET
    delete: list[str] | UnsetType = UNSET
    strict: bool | UnsetType = UNSET


class ModelTransferBody(RequestStruct):
    """Body of `POST /models/{modelId}/transfer`."""

    destination_project_id: str
    destination_team_id: str | UnsetType = UNSET


class DescriptionUpdateBody(RequestStruct):
    """Body of `PUT /models/{modelId}/description`; `None` removes the description."""

    description: str | None


class ExampleUpdateBody(RequestStruct):
    """Body of `PUT /models/{modelId}/examples`."""

    asset_ids: list[str]


class TrainTriggerBody(RequestStruct):
    """Body of `PUT /models/{modelId}/train`."""

    parameters: TrainingParameters | UnsetType = UNSET


class TrainActionBody(RequestStruct):
    """Body of `POST /models/{modelId}/train/action`."""

    action: Literal["cancel"]


class TrainingImageBody(RequestStruct):
    """Body of training_images.add and training_images.replace."""

    asset_id: str | UnsetType = UNSET
    asset_ids: Annotated[list[str], Meta(max_length=10)] | UnsetType = UNSET
    data: str | UnsetType = UNSET
    name: str | UnsetType = UNSET
    preset: TrainingImagePreset | UnsetType = UNSET


TrainingImageReplacePairsBody = list[TrainingImagePairParam]
"""Body of `PUT /models/{modelId}/training-images/pairs`: a bare JSON array."""
