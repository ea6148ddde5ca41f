"""The keyword arguments of each operation's builder, as TypedDicts.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Required, TypedDict

from msgspec import UnsetType

from ..types import (
    Concept,
    ConceptDict,
    DryRun,
    ModelType,
    SequenceNotStr,
    TrainingImagePairDict,
    TrainingImagePairParam,
    TrainingImagePreset,
    TrainingParameters,
    TrainingParametersDict,
)
from ._build import RequestOptions

__all__ = [
    "AssetsQueryArguments",
    "DeleteImagesQueryArguments",
    "DescriptionUpdateArguments",
    "DescriptionUpdateBodyArguments",
    "DownloadQueryArguments",
    "ExampleUpdateBodyArguments",
    "ExamplesUpdateArguments",
    "ModelCopyBodyArguments",
    "ModelCreateBodyArguments",
    "ModelDownloadBodyArguments",
    "ModelGetBulkBodyArguments",
    "ModelListQueryArguments",
    "ModelTransferBodyArguments",
    "ModelUpdateBodyArguments",
    "ModelUpdateTagsBodyArguments",
    "ModelsCopyArguments",
    "ModelsCreateArguments",
    "ModelsDownloadArguments",
    "ModelsGetBulkArguments",
    "ModelsTransferArguments",
    "ModelsUpdateArguments",
    "ModelsUpdateTagsArguments",
    "PresetCreateBodyArguments",
    "PresetUpdateBodyArguments",
    "PresetsCreateArguments",
    "PresetsDeleteArguments",
    "PresetsUpdateArguments",
    "ProjectQueryArguments",
    "PromptGuideUpdateArguments",
    "PromptGuideUpdateBodyArguments",
    "ScorePromptQueryArguments",
    "TrainActionArguments",
    "TrainActionBodyArguments",
    "TrainTriggerArguments",
    "TrainTriggerBodyArguments",
    "TrainTriggerQueryArguments",
    "TrainingImageBodyArguments",
    "TrainingImagesAddArguments",
    "TrainingImagesDeleteArguments",
    "TrainingImagesReplaceArguments",
    "TrainingImagesReplacePairsArguments",
]


class ProjectQueryArguments(RequestOptions, total=False):
    """The arguments of `ProjectQuery`."""

    project_id: str | UnsetType


class AssetsQueryArguments(ProjectQueryArguments, total=False):
    """The arguments of `AssetsQuery`."""

    original_assets: bool | UnsetType


class ModelListQueryArguments(AssetsQueryArguments, total=False):
    """The arguments of `ModelListQuery`."""

    blacklisted: bool | UnsetType
    collection_id: str | UnsetType
    collection_ids: str | Sequence[str] | UnsetType
    created_after: str | UnsetType
    created_before: str | UnsetType
    loaded_only: bool | UnsetType
    page_size: int | UnsetType
    pagination_token: str | UnsetType
    privacy: Literal["private", "public"] | UnsetType
    sort_by: Literal["createdAt", "updatedAt", "score"] | UnsetType
    sort_direction: Literal["asc", "desc"] | UnsetType
    status: Literal["new", "training", "trained", "failed", "deleted"] | UnsetType
    tags: str | Sequence[str] | UnsetType
    type: ModelType | UnsetType
    types: Sequence[ModelType] | UnsetType
    updated_after: str | UnsetType
    updated_before: str | UnsetType


class ModelCreateBodyArguments(TypedDict, total=False):
    """The arguments of `ModelCreateBody`."""

    base_model_id: str | UnsetType
    class_slug: str | UnsetType | None
    collection_ids: SequenceNotStr[str] | UnsetType
    concepts: Iterable[Concept | ConceptDict] | UnsetType
    name: str | UnsetType
    short_description: str | UnsetType
    type: ModelType | UnsetType


class ModelsCreateArguments(AssetsQueryArguments, ModelCreateBodyArguments, total=False):
    """The arguments of `models.create`."""


class ModelGetBulkBodyArguments(TypedDict, total=False):
    """The arguments of `ModelGetBulkBody`."""

    all_training_images: bool | UnsetType
    minimal: bool | UnsetType
    model_ids: SequenceNotStr[str] | UnsetType
    settings: bool | UnsetType
    thumbnail: bool | UnsetType
    training_images_preview: bool | UnsetType


class ModelsGetBulkArguments(AssetsQueryArguments, ModelGetBulkBodyArguments, total=False):
    """The arguments of `models.get_bulk`."""


class ModelUpdateBodyArguments(TypedDict, total=False):
    """The arguments of `ModelUpdateBody`."""

    class_slug: str | UnsetType | None
    concepts: Iterable[Concept | ConceptDict] | UnsetType
    epoch: str | UnsetType | None
    name: str | UnsetType
    negative_prompt_embedding: str | UnsetType
    parameters: TrainingParameters | TrainingParametersDict | UnsetType
    prompt_embedding: str | UnsetType
    short_description: str | UnsetType
    thumbnail: str | UnsetType | None
    type: ModelType | UnsetType


class ModelsUpdateArguments(AssetsQueryArguments, ModelUpdateBodyArguments, total=False):
    """The arguments of `models.update`."""


class ModelCopyBodyArguments(TypedDict, total=False):
    """The arguments of `ModelCopyBody`."""

    copy_as_trained: bool | UnsetType
    copy_examples: bool | UnsetType


class ModelsCopyArguments(AssetsQueryArguments, ModelCopyBodyArguments, total=False):
    """The arguments of `models.copy`."""


class DownloadQueryArguments(ProjectQueryArguments, total=False):
    """The arguments of `DownloadQuery`."""

    dry_run: DryRun | UnsetType


class ModelDownloadBodyArguments(TypedDict, total=False):
    """The arguments of `ModelDownloadBody`."""

    model_epoch: str | UnsetType


class ModelsDownloadArguments(DownloadQueryArguments, ModelDownloadBodyArguments, total=False):
    """The arguments of `models.download`."""


class DeleteImagesQueryArguments(ProjectQueryArguments, total=False):
    """The arguments of `DeleteImagesQuery`."""

    ids: Required[SequenceNotStr[str]]


class ModelUpdateTagsBodyArguments(TypedDict, total=False):
    """The arguments of `ModelUpdateTagsBody`."""

    add: SequenceNotStr[str] | UnsetType
    delete: SequenceNotStr[str] | UnsetType
    strict: bool | UnsetType


class ModelsUpdateTagsArguments(ProjectQueryArguments, ModelUpdateTagsBodyArguments, total=False):
    """The arguments of `models.update_tags`."""


class ModelTransferBodyArguments(TypedDict, total=False):
    """The arguments of `ModelTransferBody`."""

    destination_project_id: Required[str]
    destination_team_id: str | UnsetType


class ModelsTransferArguments(ProjectQueryArguments, ModelTransferBodyArguments, total=False):
    """The arguments of `models.transfer`."""


class DescriptionUpdateBodyArguments(TypedDict, total=False):
    """The arguments of `DescriptionUpdateBody`."""

    description: Required[str | None]


class DescriptionUpdateArguments(AssetsQueryArguments, DescriptionUpdateBodyArguments, total=False):
    """The arguments of `models.description.update`."""


class ExampleUpdateBodyArguments(TypedDict, total=False):
    """The arguments of `ExampleUpdateBody`."""

    asset_ids: Required[SequenceNotStr[str]]


class ExamplesUpdateArguments(AssetsQueryArguments, ExampleUpdateBodyArguments, total=False):
    """The arguments of `models.examples.update`."""


class TrainTriggerQueryArguments(AssetsQueryArguments, total=False):
    """The arguments of `TrainTriggerQuery`."""

    dry_run: DryRun | UnsetType
    training_images_count: int | UnsetType


class TrainTriggerBodyArguments(TypedDict, total=False):
    """The arguments of `TrainTriggerBody`."""

    parameters: TrainingParameters | TrainingParametersDict | UnsetType


class TrainTriggerArguments(TrainTriggerQueryArguments, TrainTriggerBodyArguments, total=False):
    """The arguments of `models.train.trigger`."""


class TrainActionBodyArguments(TypedDict, total=False):
    """The arguments of `TrainActionBody`."""

    action: Required[Literal["cancel"]]


class TrainActionArguments(ProjectQueryArguments, TrainActionBodyArguments, total=False):
    """The arguments of `models.train.action`."""


class TrainingImageBodyArguments(TypedDict, total=False):
    """The arguments of `TrainingImageBody`."""

    asset_id: str | UnsetType
    asset_ids: SequenceNotStr[str] | UnsetType
    data: str | UnsetType
    name: str | UnsetType
    preset: TrainingImagePreset | UnsetType


class TrainingImagesAddArguments(AssetsQueryArguments, TrainingImageBodyArguments, total=False):
    """The arguments of `models.training_images.add`."""


class TrainingImagesReplacePairsArguments(ProjectQueryArguments, total=False):
    """The arguments of `models.training_images.replace_pairs`."""

    body: Required[Iterable[TrainingImagePairParam | TrainingImagePairDict]]


class TrainingImagesReplaceArguments(AssetsQueryArguments, TrainingImageBodyArguments, total=False):
    """The arguments of `models.training_images.replace`."""

    model_id: Required[str]


class TrainingImagesDeleteArguments(ProjectQueryArguments, total=False):
    """The arguments of `models.training_images.delete`."""

    model_id: Required[str]


class PresetCreateBodyArguments(TypedDict, total=False):
    """The arguments of `PresetCreateBody`."""

    inference_id: Required[str]
    is_default: bool | UnsetType


class PresetsCreateArguments(AssetsQueryArguments, PresetCreateBodyArguments, total=False):
    """The arguments of `models.presets.create`."""


class PresetUpdateBodyArguments(TypedDict, total=False):
    """The arguments of `PresetUpdateBody`."""

    is_default: Required[bool]


class PresetsUpdateArguments(AssetsQueryArguments, PresetUpdateBodyArguments, total=False):
    """The arguments of `models.presets.update`."""

    model_id: Required[str]


class PresetsDeleteArguments(ProjectQueryArguments, total=False):
    """The arguments of `models.presets.delete`."""

    model_id: Required[str]


class PromptGuideUpdateBodyArguments(TypedDict, total=False):
    """The arguments of `PromptGuideUpdateBody`."""

    prompt_guide: Required[str | None]


class PromptGuideUpdateArguments(
    ProjectQueryArguments, PromptGuideUpdateBodyArguments, total=False
):
    """The arguments of `models.prompt_guide.update`."""


class ScorePromptQueryArguments(ProjectQueryArguments, total=False):
    """The arguments of `ScorePromptQuery`."""

    prompt: str | UnsetType
