"""Query-string parameters of each operation, as strict request types.

The client converts its keyword arguments into these (so the documented bounds and
enumerations are checked before sending) and the emulator converts incoming query strings
into the same types, so both sides share one definition of what is valid.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from ._base import RequestStruct
from .params import ModelType

__all__ = [
    "AssetsQuery",
    "DeleteImagesQuery",
    "DownloadQuery",
    "DryRun",
    "ModelListQuery",
    "ModelType",
    "ProjectQuery",
    "ScorePromptQuery",
    "TrainTriggerQuery",
]


DryRun = Literal["true", "api"]


class ProjectQuery(RequestStruct, kw_only=True):
    """`projectId`, which every operation accepts."""

    project_id: str | UnsetType = UNSET


class AssetsQuery(ProjectQuery, kw_only=True):
    original_assets: bool | UnsetType = UNSET


class DownloadQuery(ProjectQuery, kw_only=True):
    dry_run: DryRun | UnsetType = UNSET


class TrainTriggerQuery(AssetsQuery, kw_only=True):
    dry_run: DryRun | UnsetType = UNSET
    training_images_count: Annotated[int, msgspec.Meta(ge=0)] | UnsetType = UNSET


class ScorePromptQuery(ProjectQuery, kw_only=True):
    """`scores.retrieve_prompt`'s query. The SDK lets `prompt` be left out, but the API
    answers 400 without one, so here it is required and not empty."""

    prompt: Annotated[str, msgspec.Meta(min_length=1)]


class DeleteImagesQuery(ProjectQuery, kw_only=True):
    ids: list[str]


class ModelListQuery(AssetsQuery, kw_only=True):
    blacklisted: bool | UnsetType = UNSET
    collection_id: str | UnsetType = UNSET
    collection_ids: str | list[str] | UnsetType = UNSET
    created_after: str | UnsetType = UNSET
    created_before: str | UnsetType = UNSET
    loaded_only: bool | UnsetType = UNSET
    page_size: Annotated[int, msgspec.Meta(ge=1, le=500)] | UnsetType = UNSET
    pagination_token: str | UnsetType = UNSET
    privacy: Literal["private", "public"] | UnsetType = UNSET
    sort_by: Literal["createdAt", "updatedAt", "score"] | UnsetType = UNSET
    sort_direction: Literal["asc", "desc"] | UnsetType = UNSET
    status: Literal["new", "training", "trained", "failed", "deleted"] | UnsetType = UNSET
    tags: str | list[str] | UnsetType = UNSET
    type: ModelType | UnsetType = UNSET
    types: list[ModelType] | UnsetType = UNSET
    updated_after: str | UnsetType = UNSET
    updated_before: str | UnsetType = UNSET
