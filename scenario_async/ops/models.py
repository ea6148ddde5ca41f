"""The builders of the `models` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import (
    Concept,
    ConceptDict,
    DryRun,
    EmptyResponse,
    ModelCopyResponse,
    ModelCreateResponse,
    ModelDownloadResponse,
    ModelGetBulkResponse,
    ModelListPage,
    ModelRestoreResponse,
    ModelRetrieveResponse,
    ModelTransferResponse,
    ModelType,
    ModelUpdateResponse,
    ModelUpdateTagsResponse,
    SequenceNotStr,
    TrainingParameters,
    TrainingParametersDict,
)
from . import registry
from ._build import Builder, RequestOptions

__all__ = [
    "ModelsCopyBuilder",
    "ModelsCreateBuilder",
    "ModelsDeleteBuilder",
    "ModelsDeleteImagesBuilder",
    "ModelsDownloadBuilder",
    "ModelsGetBulkBuilder",
    "ModelsListBuilder",
    "ModelsRestoreBuilder",
    "ModelsRetrieveBuilder",
    "ModelsTransferBuilder",
    "ModelsUpdateBuilder",
    "ModelsUpdateTagsBuilder",
    "copy",
    "create",
    "delete",
    "delete_images",
    "download",
    "get_bulk",
    "list",
    "restore",
    "retrieve",
    "transfer",
    "update",
    "update_tags",
]


class ModelsListBuilder(Builder[ModelListPage]):
    def __call__(
        self,
        *,
        blacklisted: bool | UnsetType = UNSET,
        collection_id: str | UnsetType = UNSET,
        collection_ids: str | Sequence[str] | UnsetType = UNSET,
        created_after: str | UnsetType = UNSET,
        created_before: str | UnsetType = UNSET,
        loaded_only: bool | UnsetType = UNSET,
        original_assets: bool | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        pagination_token: str | UnsetType = UNSET,
        privacy: Literal["private", "public"] | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        sort_by: Literal["createdAt", "updatedAt", "score"] | UnsetType = UNSET,
        sort_direction: Literal["asc", "desc"] | UnsetType = UNSET,
        status: Literal["new", "training", "trained", "failed", "deleted"] | UnsetType = UNSET,
        tags: str | Sequence[str] | UnsetType = UNSET,
        type: ModelType | UnsetType = UNSET,
        types: Sequence[ModelType] | UnsetType = UNSET,
        updated_after: str | UnsetType = UNSET,
        updated_before: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelListPage]:
        return self.operation.build(locals())


list: ModelsListBuilder = ModelsListBuilder(registry.MODELS_LIST)


class ModelsCreateBuilder(Builder[ModelCreateResponse]):
    def __call__(
        self,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        base_model_id: str | UnsetType = UNSET,
        class_slug: str | UnsetType | None = UNSET,
        collection_ids: SequenceNotStr[str] | UnsetType = UNSET,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = UNSET,
        name: str | UnsetType = UNSET,
        short_description: str | UnsetType = UNSET,
        type: ModelType | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelCreateResponse]:
        return self.operation.build(locals())


create: ModelsCreateBuilder = ModelsCreateBuilder(registry.MODELS_CREATE)


class ModelsGetBulkBuilder(Builder[ModelGetBulkResponse]):
    def __call__(
        self,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        all_training_images: bool | UnsetType = UNSET,
        minimal: bool | UnsetType = UNSET,
        model_ids: SequenceNotStr[str] | UnsetType = UNSET,
        settings: bool | UnsetType = UNSET,
        thumbnail: bool | UnsetType = UNSET,
        training_images_preview: bool | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelGetBulkResponse]:
        return self.operation.build(locals())


get_bulk: ModelsGetBulkBuilder = ModelsGetBulkBuilder(registry.MODELS_GET_BULK)


class ModelsRetrieveBuilder(Builder[ModelRetrieveResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelRetrieveResponse]:
        return self.operation.build(locals())


retrieve: ModelsRetrieveBuilder = ModelsRetrieveBuilder(registry.MODELS_RETRIEVE)


class ModelsUpdateBuilder(Builder[ModelUpdateResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        class_slug: str | UnsetType | None = UNSET,
        concepts: Iterable[Concept | ConceptDict] | UnsetType = UNSET,
        epoch: str | UnsetType | None = UNSET,
        name: str | UnsetType = UNSET,
        negative_prompt_embedding: str | UnsetType = UNSET,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = UNSET,
        prompt_embedding: str | UnsetType = UNSET,
        short_description: str | UnsetType = UNSET,
        thumbnail: str | UnsetType | None = UNSET,
        type: ModelType | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelUpdateResponse]:
        return self.operation.build(locals())


update: ModelsUpdateBuilder = ModelsUpdateBuilder(registry.MODELS_UPDATE)


class ModelsDeleteBuilder(Builder[EmptyResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]:
        return self.operation.build(locals())


delete: ModelsDeleteBuilder = ModelsDeleteBuilder(registry.MODELS_DELETE)


class ModelsRestoreBuilder(Builder[ModelRestoreResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelRestoreResponse]:
        return self.operation.build(locals())


restore: ModelsRestoreBuilder = ModelsRestoreBuilder(registry.MODELS_RESTORE)


class ModelsCopyBuilder(Builder[ModelCopyResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        copy_as_trained: bool | UnsetType = UNSET,
        copy_examples: bool | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelCopyResponse]:
        return self.operation.build(locals())


copy: ModelsCopyBuilder = ModelsCopyBuilder(registry.MODELS_COPY)


class ModelsDownloadBuilder(Builder[ModelDownloadResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        dry_run: DryRun | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        model_epoch: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelDownloadResponse]:
        return self.operation.build(locals())


download: ModelsDownloadBuilder = ModelsDownloadBuilder(registry.MODELS_DOWNLOAD)


class ModelsDeleteImagesBuilder(Builder[EmptyResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        ids: SequenceNotStr[str],
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]:
        return self.operation.build(locals())


delete_images: ModelsDeleteImagesBuilder = ModelsDeleteImagesBuilder(registry.MODELS_DELETE_IMAGES)


class ModelsUpdateTagsBuilder(Builder[ModelUpdateTagsResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        project_id: str | UnsetType = UNSET,
        add: SequenceNotStr[str] | UnsetType = UNSET,
        delete: SequenceNotStr[str] | UnsetType = UNSET,
        strict: bool | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelUpdateTagsResponse]:
        return self.operation.build(locals())


update_tags: ModelsUpdateTagsBuilder = ModelsUpdateTagsBuilder(registry.MODELS_UPDATE_TAGS)


class ModelsTransferBuilder(Builder[ModelTransferResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        destination_project_id: str,
        project_id: str | UnsetType = UNSET,
        destination_team_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ModelTransferResponse]:
        return self.operation.build(locals())


transfer: ModelsTransferBuilder = ModelsTransferBuilder(registry.MODELS_TRANSFER)
