"""The resource methods whose answer holds models, with and without `into`.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, TypeVar, Unpack, overload

import msgspec
from msgspec import UNSET, UnsetType

from .ops._build import RequestOptions
from .ops.models import (
    ModelsCopyBuilder,
    ModelsCreateBuilder,
    ModelsListBuilder,
    ModelsRestoreBuilder,
    ModelsRetrieveBuilder,
    ModelsTransferBuilder,
    ModelsUpdateBuilder,
)
from .ops.train import TrainActionBuilder, TrainTriggerBuilder
from .pagination import ModelPaginator
from .resource_methods import ListMethod, ProjectingMethod
from .types import (
    Concept,
    ConceptDict,
    DryRun,
    Model,
    ModelCopyResponse,
    ModelCreateResponse,
    ModelResponseOf,
    ModelRestoreResponse,
    ModelRetrieveResponse,
    ModelTransferResponse,
    ModelType,
    ModelUpdateResponse,
    SequenceNotStr,
    TrainActionResponse,
    TrainingParameters,
    TrainingParametersDict,
    TrainTriggerResponse,
    TrainTriggerResponseOf,
)

__all__ = [
    "ModelsCopyMethod",
    "ModelsCreateMethod",
    "ModelsListMethod",
    "ModelsRestoreMethod",
    "ModelsRetrieveMethod",
    "ModelsTransferMethod",
    "ModelsUpdateMethod",
    "TrainActionMethod",
    "TrainTriggerMethod",
]

V = TypeVar("V", bound=msgspec.Struct)


class ModelsListMethod(ListMethod[ModelsListBuilder]):
    """`models.list`: a `ModelPaginator`; with `into=MyView`, of your Struct."""

    __slots__ = ()

    @overload
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
    ) -> ModelPaginator[Model]: ...
    @overload
    def __call__(
        self,
        *,
        into: type[V],
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
    ) -> ModelPaginator[V]: ...
    def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return self._paginator(args, kwargs, into)


class ModelsCreateMethod(ProjectingMethod[ModelsCreateBuilder]):
    """`models.create`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
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
    ) -> ModelCreateResponse: ...
    @overload
    async def __call__(
        self,
        *,
        into: type[V],
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
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsRetrieveMethod(ProjectingMethod[ModelsRetrieveBuilder]):
    """`models.retrieve`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelRetrieveResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsUpdateMethod(ProjectingMethod[ModelsUpdateBuilder]):
    """`models.update`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
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
    ) -> ModelUpdateResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
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
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsRestoreMethod(ProjectingMethod[ModelsRestoreBuilder]):
    """`models.restore`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelRestoreResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsCopyMethod(ProjectingMethod[ModelsCopyBuilder]):
    """`models.copy`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        copy_as_trained: bool | UnsetType = UNSET,
        copy_examples: bool | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelCopyResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        copy_as_trained: bool | UnsetType = UNSET,
        copy_examples: bool | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsTransferMethod(ProjectingMethod[ModelsTransferBuilder]):
    """`models.transfer`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        destination_project_id: str,
        project_id: str | UnsetType = UNSET,
        destination_team_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelTransferResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        destination_project_id: str,
        project_id: str | UnsetType = UNSET,
        destination_team_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class TrainTriggerMethod(ProjectingMethod[TrainTriggerBuilder]):
    """`train.trigger`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        dry_run: DryRun | UnsetType = UNSET,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        training_images_count: int | UnsetType = UNSET,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> TrainTriggerResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        dry_run: DryRun | UnsetType = UNSET,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        training_images_count: int | UnsetType = UNSET,
        parameters: TrainingParameters | TrainingParametersDict | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> TrainTriggerResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class TrainActionMethod(ProjectingMethod[TrainActionBuilder]):
    """`train.action`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        action: Literal["cancel"],
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> TrainActionResponse: ...
    @overload
    async def __call__(
        self,
        model_id: str,
        *,
        into: type[V],
        action: Literal["cancel"],
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)
