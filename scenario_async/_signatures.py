"""Each operation's signature, spelled out for type checkers: see the generator.

Written by tools/generate_signatures.py from the builders in ops/: do not edit; run it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol, TypeVar, Unpack, overload

import msgspec
from msgspec import UnsetType

from .calls import Call
from .ops._build import RequestOptions
from .ops.training_images import Preset
from .pagination import ModelPaginator
from .resource_operations import ListOperation, ProjectingOperation
from .types import Model, ModelResponseOf, TrainTriggerResponseOf
from .types.ids import SequenceNotStr
from .types.params import (
    Concept,
    ConceptDict,
    ModelType,
    TrainingImagePairDict,
    TrainingImagePairParam,
    TrainingParameters,
    TrainingParametersDict,
)
from .types.presets import PresetCreateResponse, PresetListResponse, PresetUpdateResponse
from .types.prompt_guide import PromptGuideRetrieveResponse, PromptGuideUpdateResponse
from .types.queries import DryRun
from .types.responses import (
    DescriptionRetrieveResponse,
    DescriptionUpdateResponse,
    EmptyResponse,
    ExampleListResponse,
    ExampleUpdateResponse,
    ModelCopyResponse,
    ModelCreateResponse,
    ModelDownloadResponse,
    ModelGetBulkResponse,
    ModelListPage,
    ModelRestoreResponse,
    ModelRetrieveResponse,
    ModelTransferResponse,
    ModelUpdateResponse,
    ModelUpdateTagsResponse,
    TrainActionResponse,
    TrainingImageAddResponse,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
    TrainTriggerResponse,
)
from .types.scores import ScoreRetrievePromptResponse, ScoreRetrieveTrainingDatasetResponse

__all__ = [
    "DescriptionRetrieveBuilder",
    "DescriptionUpdateBuilder",
    "ExamplesListBuilder",
    "ExamplesUpdateBuilder",
    "ModelsCopyBuilder",
    "ModelsCopyOperation",
    "ModelsCreateBuilder",
    "ModelsCreateOperation",
    "ModelsDeleteBuilder",
    "ModelsDeleteImagesBuilder",
    "ModelsDownloadBuilder",
    "ModelsGetBulkBuilder",
    "ModelsListBuilder",
    "ModelsListOperation",
    "ModelsRestoreBuilder",
    "ModelsRestoreOperation",
    "ModelsRetrieveBuilder",
    "ModelsRetrieveOperation",
    "ModelsTransferBuilder",
    "ModelsTransferOperation",
    "ModelsUpdateBuilder",
    "ModelsUpdateOperation",
    "ModelsUpdateTagsBuilder",
    "PresetsCreateBuilder",
    "PresetsDeleteBuilder",
    "PresetsListBuilder",
    "PresetsUpdateBuilder",
    "PromptGuideRetrieveBuilder",
    "PromptGuideUpdateBuilder",
    "ScoresRetrievePromptBuilder",
    "ScoresRetrieveTrainingDatasetBuilder",
    "TrainActionBuilder",
    "TrainActionOperation",
    "TrainTriggerBuilder",
    "TrainTriggerOperation",
    "TrainingImagesAddBuilder",
    "TrainingImagesDeleteBuilder",
    "TrainingImagesReplaceBuilder",
    "TrainingImagesReplacePairsBuilder",
]

V = TypeVar("V", bound=msgspec.Struct)


class DescriptionRetrieveBuilder(Protocol):
    """The signature of `description.retrieve`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[DescriptionRetrieveResponse]: ...


class DescriptionUpdateBuilder(Protocol):
    """The signature of `description.update`."""

    def __call__(
        self,
        model_id: str,
        *,
        description: str | None,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[DescriptionUpdateResponse]: ...


class ExamplesListBuilder(Protocol):
    """The signature of `examples.list`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ExampleListResponse]: ...


class ExamplesUpdateBuilder(Protocol):
    """The signature of `examples.update`."""

    def __call__(
        self,
        model_id: str,
        *,
        asset_ids: SequenceNotStr[str],
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ExampleUpdateResponse]: ...


class ModelsCopyBuilder(Protocol):
    """The signature of `models.copy`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        copy_as_trained: bool | UnsetType = ...,
        copy_examples: bool | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelCopyResponse]: ...


class ModelsCreateBuilder(Protocol):
    """The signature of `models.create`."""

    def __call__(
        self,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        base_model_id: str | UnsetType = ...,
        class_slug: str | UnsetType | None = ...,
        collection_ids: SequenceNotStr[str] | UnsetType = ...,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = ...,
        name: str | UnsetType = ...,
        short_description: str | UnsetType = ...,
        type: ModelType | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelCreateResponse]: ...


class ModelsDeleteBuilder(Protocol):
    """The signature of `models.delete`."""

    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]: ...


class ModelsDeleteImagesBuilder(Protocol):
    """The signature of `models.delete_images`."""

    def __call__(
        self,
        model_id: str,
        *,
        ids: SequenceNotStr[str],
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]: ...


class ModelsDownloadBuilder(Protocol):
    """The signature of `models.download`."""

    def __call__(
        self,
        model_id: str,
        *,
        dry_run: DryRun | UnsetType = ...,
        project_id: str | UnsetType = ...,
        model_epoch: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelDownloadResponse]: ...


class ModelsGetBulkBuilder(Protocol):
    """The signature of `models.get_bulk`."""

    def __call__(
        self,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        all_training_images: bool | UnsetType = ...,
        minimal: bool | UnsetType = ...,
        model_ids: SequenceNotStr[str] | UnsetType = ...,
        settings: bool | UnsetType = ...,
        thumbnail: bool | UnsetType = ...,
        training_images_preview: bool | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelGetBulkResponse]: ...


class ModelsListBuilder(Protocol):
    """The signature of `models.list`."""

    def __call__(
        self,
        *,
        blacklisted: bool | UnsetType = ...,
        collection_id: str | UnsetType = ...,
        collection_ids: str | Sequence[str] | UnsetType = ...,
        created_after: str | UnsetType = ...,
        created_before: str | UnsetType = ...,
        loaded_only: bool | UnsetType = ...,
        original_assets: bool | UnsetType = ...,
        page_size: int | UnsetType = ...,
        pagination_token: str | UnsetType = ...,
        privacy: Literal["private", "public"] | UnsetType = ...,
        project_id: str | UnsetType = ...,
        sort_by: Literal["createdAt", "updatedAt", "score"] | UnsetType = ...,
        sort_direction: Literal["asc", "desc"] | UnsetType = ...,
        status: Literal["new", "training", "trained", "failed", "deleted"] | UnsetType = ...,
        tags: str | Sequence[str] | UnsetType = ...,
        type: ModelType | UnsetType = ...,
        types: Sequence[ModelType] | UnsetType = ...,
        updated_after: str | UnsetType = ...,
        updated_before: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelListPage]: ...


class ModelsRestoreBuilder(Protocol):
    """The signature of `models.restore`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelRestoreResponse]: ...


class ModelsRetrieveBuilder(Protocol):
    """The signature of `models.retrieve`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelRetrieveResponse]: ...


class ModelsTransferBuilder(Protocol):
    """The signature of `models.transfer`."""

    def __call__(
        self,
        model_id: str,
        *,
        destination_project_id: str,
        project_id: str | UnsetType = ...,
        destination_team_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelTransferResponse]: ...


class ModelsUpdateBuilder(Protocol):
    """The signature of `models.update`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        class_slug: str | UnsetType | None = ...,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = ...,
        epoch: str | UnsetType | None = ...,
        name: str | UnsetType = ...,
        negative_prompt_embedding: str | UnsetType = ...,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = ...,
        prompt_embedding: str | UnsetType = ...,
        short_description: str | UnsetType = ...,
        thumbnail: str | UnsetType | None = ...,
        type: ModelType | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelUpdateResponse]: ...


class ModelsUpdateTagsBuilder(Protocol):
    """The signature of `models.update_tags`."""

    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = ...,
        add: SequenceNotStr[str] | UnsetType = ...,
        delete: SequenceNotStr[str] | UnsetType = ...,
        strict: bool | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelUpdateTagsResponse]: ...


class PresetsCreateBuilder(Protocol):
    """The signature of `presets.create`."""

    def __call__(
        self,
        model_id: str,
        *,
        inference_id: str,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        is_default: bool | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[PresetCreateResponse]: ...


class PresetsDeleteBuilder(Protocol):
    """The signature of `presets.delete`."""

    def __call__(
        self,
        preset_id: str,
        *,
        model_id: str,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]: ...


class PresetsListBuilder(Protocol):
    """The signature of `presets.list`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[PresetListResponse]: ...


class PresetsUpdateBuilder(Protocol):
    """The signature of `presets.update`."""

    def __call__(
        self,
        preset_id: str,
        *,
        model_id: str,
        is_default: bool,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[PresetUpdateResponse]: ...


class PromptGuideRetrieveBuilder(Protocol):
    """The signature of `prompt_guide.retrieve`."""

    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[PromptGuideRetrieveResponse]: ...


class PromptGuideUpdateBuilder(Protocol):
    """The signature of `prompt_guide.update`."""

    def __call__(
        self,
        model_id: str,
        *,
        prompt_guide: str | None,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[PromptGuideUpdateResponse]: ...


class ScoresRetrievePromptBuilder(Protocol):
    """The signature of `scores.retrieve_prompt`."""

    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = ...,
        prompt: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ScoreRetrievePromptResponse]: ...


class ScoresRetrieveTrainingDatasetBuilder(Protocol):
    """The signature of `scores.retrieve_training_dataset`."""

    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[ScoreRetrieveTrainingDatasetResponse]: ...


class TrainActionBuilder(Protocol):
    """The signature of `train.action`."""

    def __call__(
        self,
        model_id: str,
        *,
        action: Literal["cancel"],
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainActionResponse]: ...


class TrainTriggerBuilder(Protocol):
    """The signature of `train.trigger`."""

    def __call__(
        self,
        model_id: str,
        *,
        dry_run: DryRun | UnsetType = ...,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        training_images_count: int | UnsetType = ...,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainTriggerResponse]: ...


class TrainingImagesAddBuilder(Protocol):
    """The signature of `training_images.add`."""

    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        asset_id: str | UnsetType = ...,
        asset_ids: SequenceNotStr[str] | UnsetType = ...,
        data: str | UnsetType = ...,
        name: str | UnsetType = ...,
        preset: Preset | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainingImageAddResponse]: ...


class TrainingImagesDeleteBuilder(Protocol):
    """The signature of `training_images.delete`."""

    def __call__(
        self,
        training_image_id: str,
        *,
        model_id: str,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]: ...


class TrainingImagesReplaceBuilder(Protocol):
    """The signature of `training_images.replace`."""

    def __call__(
        self,
        training_image_id: str,
        *,
        model_id: str,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        asset_id: str | UnsetType = ...,
        asset_ids: SequenceNotStr[str] | UnsetType = ...,
        data: str | UnsetType = ...,
        name: str | UnsetType = ...,
        preset: Preset | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainingImageReplaceResponse]: ...


class TrainingImagesReplacePairsBuilder(Protocol):
    """The signature of `training_images.replace_pairs`."""

    def __call__(
        self,
        model_id: str,
        *,
        body: Iterable[TrainingImagePairParam | TrainingImagePairDict],
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> Call[TrainingImageReplacePairsResponse]: ...


class ModelsCopyOperation(ProjectingOperation[ModelsCopyBuilder]):
    """`models.copy`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        copy_as_trained: bool | UnsetType = ...,
        copy_examples: bool | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelCopyResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        copy_as_trained: bool | UnsetType = ...,
        copy_examples: bool | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsCreateOperation(ProjectingOperation[ModelsCreateBuilder]):
    """`models.create`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        base_model_id: str | UnsetType = ...,
        class_slug: str | UnsetType | None = ...,
        collection_ids: SequenceNotStr[str] | UnsetType = ...,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = ...,
        name: str | UnsetType = ...,
        short_description: str | UnsetType = ...,
        type: ModelType | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelCreateResponse: ...
    @overload
    async def __call__(
        self,
        *,
        into: type[V],
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        base_model_id: str | UnsetType = ...,
        class_slug: str | UnsetType | None = ...,
        collection_ids: SequenceNotStr[str] | UnsetType = ...,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = ...,
        name: str | UnsetType = ...,
        short_description: str | UnsetType = ...,
        type: ModelType | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsListOperation(ListOperation[ModelsListBuilder]):
    """`models.list`: a `ModelPaginator`; with `into=MyView`, of your Struct."""

    __slots__ = ()

    @overload
    def __call__(
        self,
        *,
        blacklisted: bool | UnsetType = ...,
        collection_id: str | UnsetType = ...,
        collection_ids: str | Sequence[str] | UnsetType = ...,
        created_after: str | UnsetType = ...,
        created_before: str | UnsetType = ...,
        loaded_only: bool | UnsetType = ...,
        original_assets: bool | UnsetType = ...,
        page_size: int | UnsetType = ...,
        pagination_token: str | UnsetType = ...,
        privacy: Literal["private", "public"] | UnsetType = ...,
        project_id: str | UnsetType = ...,
        sort_by: Literal["createdAt", "updatedAt", "score"] | UnsetType = ...,
        sort_direction: Literal["asc", "desc"] | UnsetType = ...,
        status: Literal["new", "training", "trained", "failed", "deleted"] | UnsetType = ...,
        tags: str | Sequence[str] | UnsetType = ...,
        type: ModelType | UnsetType = ...,
        types: Sequence[ModelType] | UnsetType = ...,
        updated_after: str | UnsetType = ...,
        updated_before: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelPaginator[Model]: ...
    @overload
    def __call__(
        self,
        *,
        into: type[V],
        blacklisted: bool | UnsetType = ...,
        collection_id: str | UnsetType = ...,
        collection_ids: str | Sequence[str] | UnsetType = ...,
        created_after: str | UnsetType = ...,
        created_before: str | UnsetType = ...,
        loaded_only: bool | UnsetType = ...,
        original_assets: bool | UnsetType = ...,
        page_size: int | UnsetType = ...,
        pagination_token: str | UnsetType = ...,
        privacy: Literal["private", "public"] | UnsetType = ...,
        project_id: str | UnsetType = ...,
        sort_by: Literal["createdAt", "updatedAt", "score"] | UnsetType = ...,
        sort_direction: Literal["asc", "desc"] | UnsetType = ...,
        status: Literal["new", "training", "trained", "failed", "deleted"] | UnsetType = ...,
        tags: str | Sequence[str] | UnsetType = ...,
        type: ModelType | UnsetType = ...,
        types: Sequence[ModelType] | UnsetType = ...,
        updated_after: str | UnsetType = ...,
        updated_before: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelPaginator[V]: ...
    def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return self._paginator(args, kwargs, into)


class ModelsRestoreOperation(ProjectingOperation[ModelsRestoreBuilder]):
    """`models.restore`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelRestoreResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsRetrieveOperation(ProjectingOperation[ModelsRetrieveBuilder]):
    """`models.retrieve`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelRetrieveResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsTransferOperation(ProjectingOperation[ModelsTransferBuilder]):
    """`models.transfer`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        destination_project_id: str,
        project_id: str | UnsetType = ...,
        destination_team_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelTransferResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        destination_project_id: str,
        project_id: str | UnsetType = ...,
        destination_team_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsUpdateOperation(ProjectingOperation[ModelsUpdateBuilder]):
    """`models.update`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        class_slug: str | UnsetType | None = ...,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = ...,
        epoch: str | UnsetType | None = ...,
        name: str | UnsetType = ...,
        negative_prompt_embedding: str | UnsetType = ...,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = ...,
        prompt_embedding: str | UnsetType = ...,
        short_description: str | UnsetType = ...,
        thumbnail: str | UnsetType | None = ...,
        type: ModelType | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelUpdateResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        class_slug: str | UnsetType | None = ...,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = ...,
        epoch: str | UnsetType | None = ...,
        name: str | UnsetType = ...,
        negative_prompt_embedding: str | UnsetType = ...,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = ...,
        prompt_embedding: str | UnsetType = ...,
        short_description: str | UnsetType = ...,
        thumbnail: str | UnsetType | None = ...,
        type: ModelType | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class TrainActionOperation(ProjectingOperation[TrainActionBuilder]):
    """`train.action`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        action: Literal["cancel"],
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> TrainActionResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        action: Literal["cancel"],
        project_id: str | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class TrainTriggerOperation(ProjectingOperation[TrainTriggerBuilder]):
    """`train.trigger`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        dry_run: DryRun | UnsetType = ...,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        training_images_count: int | UnsetType = ...,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> TrainTriggerResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        dry_run: DryRun | UnsetType = ...,
        original_assets: bool | UnsetType = ...,
        project_id: str | UnsetType = ...,
        training_images_count: int | UnsetType = ...,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = ...,
        **options: Unpack[RequestOptions],
    ) -> TrainTriggerResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)
