"""Builders for the `/models` operations: pure functions from arguments to a `Call`.

Signatures mirror the official SDK's `client.models.<op>` (positional ids, keyword-only
parameters, the same names), so a resource method is just "build, then send".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call, encode_path
from ..errors import ValidationError
from ..types import (
    Concept,
    ConceptDict,
    EmptyResponse,
    ModelCopyBody,
    ModelCopyResponse,
    ModelCreateBody,
    ModelCreateResponse,
    ModelDownloadBody,
    ModelDownloadResponse,
    ModelGetBulkBody,
    ModelGetBulkResponse,
    ModelListPage,
    ModelRestoreResponse,
    ModelRetrieveResponse,
    ModelTransferBody,
    ModelTransferResponse,
    ModelUpdateBody,
    ModelUpdateResponse,
    ModelUpdateTagsBody,
    ModelUpdateTagsResponse,
    TrainingParameters,
    TrainingParametersDict,
)
from ..types.ids import SequenceNotStr, checked_not_str
from ..types.queries import DeleteImagesQuery, DownloadQuery, DryRun, ModelListQuery, ModelType
from ..validation import convert
from ._build import ALREADY_GONE, Operation, RequestOptions, assets_query, project_query

__all__ = [
    "check_list_query",
    "check_training_parameters",
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

_MODEL = "/models/{model_id}"

_LIST = Operation("models.list", "GET", ModelListPage, idempotent=True)
_CREATE = Operation("models.create", "POST", ModelCreateResponse, idempotent=False)
_GET_BULK = Operation("models.get_bulk", "POST", ModelGetBulkResponse, idempotent=True)
_RETRIEVE = Operation("models.retrieve", "GET", ModelRetrieveResponse, idempotent=True)
_UPDATE = Operation("models.update", "PUT", ModelUpdateResponse, idempotent=True)
_DELETE = Operation("models.delete", "DELETE", EmptyResponse, idempotent=True, applied=ALREADY_GONE)
_COPY = Operation("models.copy", "POST", ModelCopyResponse, idempotent=False)
_DOWNLOAD = Operation("models.download", "POST", ModelDownloadResponse, idempotent=False)
_DELETE_IMAGES = Operation("models.delete_images", "DELETE", EmptyResponse, idempotent=True)
_UPDATE_TAGS = Operation("models.update_tags", "PUT", ModelUpdateTagsResponse, idempotent=True)
_TRANSFER = Operation("models.transfer", "POST", ModelTransferResponse, idempotent=False)
# Sent again after it was applied, a restore is refused: 400, the model is not deleted.
_RESTORE = Operation("models.restore", "POST", ModelRestoreResponse, idempotent=False)


def check_training_parameters(parameters: TrainingParameters | UnsetType) -> None:
    """The documented rules between training parameters that no single field can state."""
    if isinstance(parameters, UnsetType):
        return
    frequency, steps = parameters.validation_frequency, parameters.max_train_steps
    if (
        not isinstance(frequency, UnsetType)
        and not isinstance(steps, UnsetType)
        and frequency > steps
    ):
        raise ValidationError(
            "parameters.validation_frequency", "must not be greater than max_train_steps"
        )
    sources, prompts = parameters.sample_source_images, parameters.sample_prompts
    if not isinstance(sources, UnsetType):
        prompt_count = 0 if isinstance(prompts, UnsetType) else len(prompts)
        if len(sources) != prompt_count:
            raise ValidationError(
                "parameters.sample_source_images", "must have the same length as sample_prompts"
            )


def check_list_query(query: ModelListQuery) -> None:
    """The documented rules between list parameters that no single field can state."""
    if not isinstance(query.type, UnsetType) and not isinstance(query.types, UnsetType):
        raise ValidationError("types", "cannot be used together with type")
    for name, needed in (
        ("created_after", "createdAt"),
        ("created_before", "createdAt"),
        ("updated_after", "updatedAt"),
        ("updated_before", "updatedAt"),
    ):
        if not isinstance(getattr(query, name), UnsetType) and query.sort_by != needed:
            raise ValidationError(name, f'requires sort_by="{needed}"')


def list(
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
    query = convert(
        ModelListQuery,
        {
            "blacklisted": blacklisted,
            "collection_id": collection_id,
            "collection_ids": collection_ids,
            "created_after": created_after,
            "created_before": created_before,
            "loaded_only": loaded_only,
            "original_assets": original_assets,
            "page_size": page_size,
            "pagination_token": pagination_token,
            "privacy": privacy,
            "project_id": project_id,
            "sort_by": sort_by,
            "sort_direction": sort_direction,
            "status": status,
            "tags": tags,
            "type": type,
            "types": types,
            "updated_after": updated_after,
            "updated_before": updated_before,
        },
    )
    check_list_query(query)
    return _LIST.call("/models", options, query=query)


def create(
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
    checked_not_str(collection_ids, "collection_ids")
    query = assets_query(original_assets, project_id)
    body = convert(
        ModelCreateBody,
        {
            "base_model_id": base_model_id,
            "class_slug": class_slug,
            "collection_ids": collection_ids,
            "concepts": concepts,
            "name": name,
            "short_description": short_description,
            "type": type,
        },
    )
    return _CREATE.call("/models", options, query=query, body=body)


def get_bulk(
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
    checked_not_str(model_ids, "model_ids")
    query = assets_query(original_assets, project_id)
    body = convert(
        ModelGetBulkBody,
        {
            "all_training_images": all_training_images,
            "minimal": minimal,
            "model_ids": model_ids,
            "settings": settings,
            "thumbnail": thumbnail,
            "training_images_preview": training_images_preview,
        },
    )
    return _GET_BULK.call("/models/get-bulk", options, query=query, body=body)


def retrieve(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ModelRetrieveResponse]:
    path = encode_path(_MODEL, model_id=model_id)
    return _RETRIEVE.call(path, options, query=assets_query(original_assets, project_id))


def update(
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
    path = encode_path(_MODEL, model_id=model_id)
    query = assets_query(original_assets, project_id)
    body = convert(
        ModelUpdateBody,
        {
            "class_slug": class_slug,
            "concepts": concepts,
            "epoch": epoch,
            "name": name,
            "negative_prompt_embedding": negative_prompt_embedding,
            "parameters": parameters,
            "prompt_embedding": prompt_embedding,
            "short_description": short_description,
            "thumbnail": thumbnail,
            "type": type,
        },
    )
    check_training_parameters(body.parameters)
    return _UPDATE.call(path, options, query=query, body=body)


def delete(
    model_id: str, *, project_id: str | UnsetType = UNSET, **options: Unpack[RequestOptions]
) -> Call[EmptyResponse]:
    path = encode_path(_MODEL, model_id=model_id)
    return _DELETE.call(path, options, query=project_query(project_id))


def copy(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    copy_as_trained: bool | UnsetType = UNSET,
    copy_examples: bool | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ModelCopyResponse]:
    path = encode_path(_MODEL + "/copy", model_id=model_id)
    query = assets_query(original_assets, project_id)
    body = convert(
        ModelCopyBody, {"copy_as_trained": copy_as_trained, "copy_examples": copy_examples}
    )
    return _COPY.call(path, options, query=query, body=body)


def download(
    model_id: str,
    *,
    dry_run: DryRun | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    model_epoch: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ModelDownloadResponse]:
    path = encode_path(_MODEL + "/download", model_id=model_id)
    query = convert(DownloadQuery, {"dry_run": dry_run, "project_id": project_id})
    body = convert(ModelDownloadBody, {"model_epoch": model_epoch})
    return _DOWNLOAD.call(path, options, query=query, body=body)


def delete_images(
    model_id: str,
    *,
    ids: SequenceNotStr[str],
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[EmptyResponse]:
    path = encode_path(_MODEL + "/images", model_id=model_id)
    checked_not_str(ids, "ids")
    query = convert(DeleteImagesQuery, {"ids": ids, "project_id": project_id})
    return _DELETE_IMAGES.call(path, options, query=query)


def update_tags(
    model_id: str,
    *,
    project_id: str | UnsetType = UNSET,
    add: SequenceNotStr[str] | UnsetType = UNSET,
    delete: SequenceNotStr[str] | UnsetType = UNSET,
    strict: bool | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ModelUpdateTagsResponse]:
    path = encode_path(_MODEL + "/tags", model_id=model_id)
    checked_not_str(add, "add", "tags")
    checked_not_str(delete, "delete", "tags")
    query = project_query(project_id)
    body = convert(ModelUpdateTagsBody, {"add": add, "delete": delete, "strict": strict})
    return _UPDATE_TAGS.call(path, options, query=query, body=body)


def transfer(
    model_id: str,
    *,
    destination_project_id: str,
    project_id: str | UnsetType = UNSET,
    destination_team_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ModelTransferResponse]:
    path = encode_path(_MODEL + "/transfer", model_id=model_id)
    query = project_query(project_id)
    body = convert(
        ModelTransferBody,
        {
            "destination_project_id": destination_project_id,
            "destination_team_id": destination_team_id,
        },
    )
    return _TRANSFER.call(path, options, query=query, body=body)


def restore(
    model_id: str,
    *,
    original_assets: bool | UnsetType = UNSET,
    project_id: str | UnsetType = UNSET,
    **options: Unpack[RequestOptions],
) -> Call[ModelRestoreResponse]:
    path = encode_path(_MODEL + "/restore", model_id=model_id)
    return _RESTORE.call(path, options, query=assets_query(original_assets, project_id))
