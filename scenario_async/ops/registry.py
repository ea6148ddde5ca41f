"""The registry of operations: one `Operation` per endpoint of the API, and `OPERATIONS`.

Everything else about an operation is derived from its entry here: its builder and its
typed signature (generated into the ops modules by tools/generate_signatures.py), the
resource method that sends it, the emulator's route, get-bulk's chunk calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import UNSET

from ..calls import AppliedCheck
from ..types import (
    DescriptionRetrieveResponse,
    DescriptionUpdateBody,
    DescriptionUpdateResponse,
    EmptyResponse,
    ExampleListResponse,
    ExampleUpdateBody,
    ExampleUpdateResponse,
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
    PresetCreateBody,
    PresetCreateResponse,
    PresetListResponse,
    PresetUpdateBody,
    PresetUpdateResponse,
    PromptGuideRetrieveResponse,
    PromptGuideUpdateBody,
    PromptGuideUpdateResponse,
    ScoreRetrievePromptResponse,
    ScoreRetrieveTrainingDatasetResponse,
    TrainActionBody,
    TrainActionResponse,
    TrainingImageAddResponse,
    TrainingImageBody,
    TrainingImagePairParam,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
    TrainTriggerBody,
    TrainTriggerResponse,
)
from ..types.queries import (
    AssetsQuery,
    DeleteImagesQuery,
    DownloadQuery,
    ModelListQuery,
    ProjectQuery,
    ScorePromptQuery,
    TrainTriggerQuery,
)
from ._build import ALREADY_GONE, Operation
from .rules import check_image_body, check_list_query, check_training_body

__all__ = [
    "DESCRIPTION_RETRIEVE",
    "DESCRIPTION_UPDATE",
    "EXAMPLES_LIST",
    "EXAMPLES_UPDATE",
    "MODELS_COPY",
    "MODELS_CREATE",
    "MODELS_DELETE",
    "MODELS_DELETE_IMAGES",
    "MODELS_DOWNLOAD",
    "MODELS_GET_BULK",
    "MODELS_LIST",
    "MODELS_RESTORE",
    "MODELS_RETRIEVE",
    "MODELS_TRANSFER",
    "MODELS_UPDATE",
    "MODELS_UPDATE_TAGS",
    "OPERATIONS",
    "PRESETS_CREATE",
    "PRESETS_DELETE",
    "PRESETS_LIST",
    "PRESETS_UPDATE",
    "PROMPT_GUIDE_RETRIEVE",
    "PROMPT_GUIDE_UPDATE",
    "SCORES_RETRIEVE_PROMPT",
    "SCORES_RETRIEVE_TRAINING_DATASET",
    "TRAINING_IMAGES_ADD",
    "TRAINING_IMAGES_DELETE",
    "TRAINING_IMAGES_REPLACE",
    "TRAINING_IMAGES_REPLACE_PAIRS",
    "TRAIN_ACTION",
    "TRAIN_TRIGGER",
]

_MODEL = "/models/{model_id}"
_IMAGES = _MODEL + "/training-images"
_PRESETS = _MODEL + "/presets"

MODELS_LIST = Operation(
    "models.list",
    "GET",
    "/models",
    ModelListPage,
    idempotent=True,
    query=ModelListQuery,
    check_query=check_list_query,
)
MODELS_CREATE = Operation(
    "models.create",
    "POST",
    "/models",
    ModelCreateResponse,
    idempotent=False,
    query=AssetsQuery,
    body=ModelCreateBody,
    id_lists=(("collection_ids", "ids"),),
)
MODELS_GET_BULK = Operation(
    "models.get_bulk",
    "POST",
    "/models/get-bulk",
    ModelGetBulkResponse,
    idempotent=True,
    query=AssetsQuery,
    body=ModelGetBulkBody,
    id_lists=(("model_ids", "ids"),),
)
MODELS_RETRIEVE = Operation(
    "models.retrieve", "GET", _MODEL, ModelRetrieveResponse, idempotent=True, query=AssetsQuery
)
MODELS_UPDATE = Operation(
    "models.update",
    "PUT",
    _MODEL,
    ModelUpdateResponse,
    idempotent=True,
    query=AssetsQuery,
    body=ModelUpdateBody,
    check_body=check_training_body,
)
MODELS_DELETE = Operation(
    "models.delete",
    "DELETE",
    _MODEL,
    EmptyResponse,
    idempotent=True,
    query=ProjectQuery,
    applied=ALREADY_GONE,
)
# Sent again after it was applied, a restore is refused: 400, the model is not deleted.
MODELS_RESTORE = Operation(
    "models.restore",
    "POST",
    _MODEL + "/restore",
    ModelRestoreResponse,
    idempotent=False,
    query=AssetsQuery,
)
MODELS_COPY = Operation(
    "models.copy",
    "POST",
    _MODEL + "/copy",
    ModelCopyResponse,
    idempotent=False,
    query=AssetsQuery,
    body=ModelCopyBody,
)
MODELS_DOWNLOAD = Operation(
    "models.download",
    "POST",
    _MODEL + "/download",
    ModelDownloadResponse,
    idempotent=False,
    query=DownloadQuery,
    body=ModelDownloadBody,
)
MODELS_DELETE_IMAGES = Operation(
    "models.delete_images",
    "DELETE",
    _MODEL + "/images",
    EmptyResponse,
    idempotent=True,
    query=DeleteImagesQuery,
    id_lists=(("ids", "ids"),),
)
MODELS_UPDATE_TAGS = Operation(
    "models.update_tags",
    "PUT",
    _MODEL + "/tags",
    ModelUpdateTagsResponse,
    idempotent=True,
    query=ProjectQuery,
    body=ModelUpdateTagsBody,
    id_lists=(("add", "tags"), ("delete", "tags")),
)
MODELS_TRANSFER = Operation(
    "models.transfer",
    "POST",
    _MODEL + "/transfer",
    ModelTransferResponse,
    idempotent=False,
    query=ProjectQuery,
    body=ModelTransferBody,
)
DESCRIPTION_RETRIEVE = Operation(
    "models.description.retrieve",
    "GET",
    _MODEL + "/description",
    DescriptionRetrieveResponse,
    idempotent=True,
    query=AssetsQuery,
)
DESCRIPTION_UPDATE = Operation(
    "models.description.update",
    "PUT",
    _MODEL + "/description",
    DescriptionUpdateResponse,
    idempotent=True,
    query=AssetsQuery,
    body=DescriptionUpdateBody,
)
EXAMPLES_LIST = Operation(
    "models.examples.list",
    "GET",
    _MODEL + "/examples",
    ExampleListResponse,
    idempotent=True,
    query=AssetsQuery,
)
EXAMPLES_UPDATE = Operation(
    "models.examples.update",
    "PUT",
    _MODEL + "/examples",
    ExampleUpdateResponse,
    idempotent=True,
    query=AssetsQuery,
    body=ExampleUpdateBody,
    id_lists=(("asset_ids", "ids"),),
)
TRAIN_TRIGGER = Operation(
    "models.train.trigger",
    "PUT",
    _MODEL + "/train",
    TrainTriggerResponse,
    idempotent=False,
    query=TrainTriggerQuery,
    body=TrainTriggerBody,
    check_body=check_training_body,
)


def _cancel_applied(arguments: Mapping[str, Any]) -> AppliedCheck:
    """After an attempt whose answer was lost, a retry refused with 409 (nothing is training)
    may be meeting the cancel that attempt applied: the model, read again, tells."""
    read_again = {
        "project_id": arguments.get("project_id", UNSET),
        "extra_headers": arguments.get("extra_headers"),
    }
    confirm = MODELS_RETRIEVE.build(read_again, arguments["model_id"])
    return AppliedCheck(frozenset({409}), confirm=confirm, confirmed=_canceled)


def _canceled(answer: ModelRetrieveResponse) -> bool:
    return answer.model.status == "training-canceled"


TRAIN_ACTION = Operation(
    "models.train.action",
    "POST",
    _MODEL + "/train/action",
    TrainActionResponse,
    idempotent=True,
    query=ProjectQuery,
    body=TrainActionBody,
    applied=_cancel_applied,
)
TRAINING_IMAGES_ADD = Operation(
    "models.training_images.add",
    "POST",
    _IMAGES,
    TrainingImageAddResponse,
    idempotent=False,
    query=AssetsQuery,
    body=TrainingImageBody,
    id_lists=(("asset_ids", "ids"),),
    check_body=check_image_body,
)
# Before `replace`: the emulator routes `/pairs` first, or it would be taken for an image id.
TRAINING_IMAGES_REPLACE_PAIRS = Operation(
    "models.training_images.replace_pairs",
    "PUT",
    _IMAGES + "/pairs",
    TrainingImageReplacePairsResponse,
    idempotent=True,
    query=ProjectQuery,
    body=TrainingImagePairParam,
    list_body=True,
)
TRAINING_IMAGES_REPLACE = Operation(
    "models.training_images.replace",
    "PUT",
    _IMAGES + "/{training_image_id}",
    TrainingImageReplaceResponse,
    idempotent=True,
    query=AssetsQuery,
    body=TrainingImageBody,
    id_lists=(("asset_ids", "ids"),),
    check_body=check_image_body,
)
TRAINING_IMAGES_DELETE = Operation(
    "models.training_images.delete",
    "DELETE",
    _IMAGES + "/{training_image_id}",
    EmptyResponse,
    idempotent=True,
    query=ProjectQuery,
    applied=ALREADY_GONE,
)
PRESETS_LIST = Operation(
    "models.presets.list", "GET", _PRESETS, PresetListResponse, idempotent=True, query=AssetsQuery
)
PRESETS_CREATE = Operation(
    "models.presets.create",
    "POST",
    _PRESETS,
    PresetCreateResponse,
    idempotent=False,
    query=AssetsQuery,
    body=PresetCreateBody,
)
PRESETS_UPDATE = Operation(
    "models.presets.update",
    "PUT",
    _PRESETS + "/{preset_id}",
    PresetUpdateResponse,
    idempotent=True,
    query=AssetsQuery,
    body=PresetUpdateBody,
)
PRESETS_DELETE = Operation(
    "models.presets.delete",
    "DELETE",
    _PRESETS + "/{preset_id}",
    EmptyResponse,
    idempotent=True,
    query=ProjectQuery,
    applied=ALREADY_GONE,
)
PROMPT_GUIDE_RETRIEVE = Operation(
    "models.prompt_guide.retrieve",
    "GET",
    _MODEL + "/prompt-guide",
    PromptGuideRetrieveResponse,
    idempotent=True,
    query=ProjectQuery,
)
PROMPT_GUIDE_UPDATE = Operation(
    "models.prompt_guide.update",
    "PUT",
    _MODEL + "/prompt-guide",
    PromptGuideUpdateResponse,
    idempotent=True,
    query=ProjectQuery,
    body=PromptGuideUpdateBody,
)
SCORES_RETRIEVE_PROMPT = Operation(
    "models.scores.retrieve_prompt",
    "GET",
    _MODEL + "/scores/prompt",
    ScoreRetrievePromptResponse,
    idempotent=True,
    query=ScorePromptQuery,
    # The API answers 400 without a prompt: refused here, before any request.
    sdk_optional=frozenset({"prompt"}),
)
SCORES_RETRIEVE_TRAINING_DATASET = Operation(
    "models.scores.retrieve_training_dataset",
    "GET",
    _MODEL + "/scores/training-dataset",
    ScoreRetrieveTrainingDatasetResponse,
    idempotent=True,
    query=ProjectQuery,
)

OPERATIONS: tuple[Operation[Any], ...] = (
    MODELS_LIST,
    MODELS_CREATE,
    MODELS_GET_BULK,
    MODELS_RETRIEVE,
    MODELS_UPDATE,
    MODELS_DELETE,
    MODELS_RESTORE,
    MODELS_COPY,
    MODELS_DOWNLOAD,
    MODELS_DELETE_IMAGES,
    MODELS_UPDATE_TAGS,
    MODELS_TRANSFER,
    DESCRIPTION_RETRIEVE,
    DESCRIPTION_UPDATE,
    EXAMPLES_LIST,
    EXAMPLES_UPDATE,
    TRAIN_TRIGGER,
    TRAIN_ACTION,
    TRAINING_IMAGES_ADD,
    TRAINING_IMAGES_REPLACE_PAIRS,
    TRAINING_IMAGES_REPLACE,
    TRAINING_IMAGES_DELETE,
    PRESETS_LIST,
    PRESETS_CREATE,
    PRESETS_UPDATE,
    PRESETS_DELETE,
    PROMPT_GUIDE_RETRIEVE,
    PROMPT_GUIDE_UPDATE,
    SCORES_RETRIEVE_PROMPT,
    SCORES_RETRIEVE_TRAINING_DATASET,
)
"""Every operation, in the order the emulator routes them."""
