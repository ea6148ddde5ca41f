"""The builders of the `models` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import (
    EmptyResponse,
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
)
from . import registry
from ._build import Builder
from .arguments import (
    AssetsQueryArguments,
    DeleteImagesQueryArguments,
    ModelListQueryArguments,
    ModelsCopyArguments,
    ModelsCreateArguments,
    ModelsDownloadArguments,
    ModelsGetBulkArguments,
    ModelsTransferArguments,
    ModelsUpdateArguments,
    ModelsUpdateTagsArguments,
    ProjectQueryArguments,
)

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
    def __call__(self, **arguments: Unpack[ModelListQueryArguments]) -> Call[ModelListPage]:
        return self.operation.build(arguments)


list: ModelsListBuilder = ModelsListBuilder(registry.MODELS_LIST)


class ModelsCreateBuilder(Builder[ModelCreateResponse]):
    def __call__(self, **arguments: Unpack[ModelsCreateArguments]) -> Call[ModelCreateResponse]:
        return self.operation.build(arguments)


create: ModelsCreateBuilder = ModelsCreateBuilder(registry.MODELS_CREATE)


class ModelsGetBulkBuilder(Builder[ModelGetBulkResponse]):
    def __call__(self, **arguments: Unpack[ModelsGetBulkArguments]) -> Call[ModelGetBulkResponse]:
        return self.operation.build(arguments)


get_bulk: ModelsGetBulkBuilder = ModelsGetBulkBuilder(registry.MODELS_GET_BULK)


class ModelsRetrieveBuilder(Builder[ModelRetrieveResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> Call[ModelRetrieveResponse]:
        return self.operation.build(arguments, model_id)


retrieve: ModelsRetrieveBuilder = ModelsRetrieveBuilder(registry.MODELS_RETRIEVE)


class ModelsUpdateBuilder(Builder[ModelUpdateResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ModelsUpdateArguments]
    ) -> Call[ModelUpdateResponse]:
        return self.operation.build(arguments, model_id)


update: ModelsUpdateBuilder = ModelsUpdateBuilder(registry.MODELS_UPDATE)


class ModelsDeleteBuilder(Builder[EmptyResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ProjectQueryArguments]
    ) -> Call[EmptyResponse]:
        return self.operation.build(arguments, model_id)


delete: ModelsDeleteBuilder = ModelsDeleteBuilder(registry.MODELS_DELETE)


class ModelsRestoreBuilder(Builder[ModelRestoreResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> Call[ModelRestoreResponse]:
        return self.operation.build(arguments, model_id)


restore: ModelsRestoreBuilder = ModelsRestoreBuilder(registry.MODELS_RESTORE)


class ModelsCopyBuilder(Builder[ModelCopyResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ModelsCopyArguments]
    ) -> Call[ModelCopyResponse]:
        return self.operation.build(arguments, model_id)


copy: ModelsCopyBuilder = ModelsCopyBuilder(registry.MODELS_COPY)


class ModelsDownloadBuilder(Builder[ModelDownloadResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ModelsDownloadArguments]
    ) -> Call[ModelDownloadResponse]:
        return self.operation.build(arguments, model_id)


download: ModelsDownloadBuilder = ModelsDownloadBuilder(registry.MODELS_DOWNLOAD)


class ModelsDeleteImagesBuilder(Builder[EmptyResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[DeleteImagesQueryArguments]
    ) -> Call[EmptyResponse]:
        return self.operation.build(arguments, model_id)


delete_images: ModelsDeleteImagesBuilder = ModelsDeleteImagesBuilder(registry.MODELS_DELETE_IMAGES)


class ModelsUpdateTagsBuilder(Builder[ModelUpdateTagsResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ModelsUpdateTagsArguments]
    ) -> Call[ModelUpdateTagsResponse]:
        return self.operation.build(arguments, model_id)


update_tags: ModelsUpdateTagsBuilder = ModelsUpdateTagsBuilder(registry.MODELS_UPDATE_TAGS)


class ModelsTransferBuilder(Builder[ModelTransferResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ModelsTransferArguments]
    ) -> Call[ModelTransferResponse]:
        return self.operation.build(arguments, model_id)


transfer: ModelsTransferBuilder = ModelsTransferBuilder(registry.MODELS_TRANSFER)
