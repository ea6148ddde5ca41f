"""The resource methods whose answer holds models, with and without `into`.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Any, TypeVar, Unpack, overload

import msgspec

from .ops.arguments import (
    AssetsQueryArguments,
    ModelListQueryArguments,
    ModelsCopyArguments,
    ModelsCreateArguments,
    ModelsTransferArguments,
    ModelsUpdateArguments,
    TrainActionArguments,
    TrainTriggerArguments,
)
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
    Model,
    ModelCopyResponse,
    ModelCreateResponse,
    ModelResponseOf,
    ModelRestoreResponse,
    ModelRetrieveResponse,
    ModelTransferResponse,
    ModelUpdateResponse,
    TrainActionResponse,
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
    def __call__(self, **arguments: Unpack[ModelListQueryArguments]) -> ModelPaginator[Model]: ...
    @overload
    def __call__(
        self, *, into: type[V], **arguments: Unpack[ModelListQueryArguments]
    ) -> ModelPaginator[V]: ...
    def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return self._paginator(args, kwargs, into)


class ModelsCreateMethod(ProjectingMethod[ModelsCreateBuilder]):
    """`models.create`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(self, **arguments: Unpack[ModelsCreateArguments]) -> ModelCreateResponse: ...
    @overload
    async def __call__(
        self, *, into: type[V], **arguments: Unpack[ModelsCreateArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsRetrieveMethod(ProjectingMethod[ModelsRetrieveBuilder]):
    """`models.retrieve`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> ModelRetrieveResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[AssetsQueryArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsUpdateMethod(ProjectingMethod[ModelsUpdateBuilder]):
    """`models.update`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[ModelsUpdateArguments]
    ) -> ModelUpdateResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[ModelsUpdateArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsRestoreMethod(ProjectingMethod[ModelsRestoreBuilder]):
    """`models.restore`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> ModelRestoreResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[AssetsQueryArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsCopyMethod(ProjectingMethod[ModelsCopyBuilder]):
    """`models.copy`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[ModelsCopyArguments]
    ) -> ModelCopyResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[ModelsCopyArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class ModelsTransferMethod(ProjectingMethod[ModelsTransferBuilder]):
    """`models.transfer`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[ModelsTransferArguments]
    ) -> ModelTransferResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[ModelsTransferArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class TrainTriggerMethod(ProjectingMethod[TrainTriggerBuilder]):
    """`train.trigger`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[TrainTriggerArguments]
    ) -> TrainTriggerResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[TrainTriggerArguments]
    ) -> TrainTriggerResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)


class TrainActionMethod(ProjectingMethod[TrainActionBuilder]):
    """`train.action`: its answer; `into=MyView`: its models decoded into your Struct."""

    __slots__ = ()

    @overload
    async def __call__(
        self, model_id: str, **arguments: Unpack[TrainActionArguments]
    ) -> TrainActionResponse: ...
    @overload
    async def __call__(
        self, model_id: str, *, into: type[V], **arguments: Unpack[TrainActionArguments]
    ) -> ModelResponseOf[V]: ...
    async def __call__(self, *args: Any, into: object = None, **kwargs: Any) -> Any:
        return await self._send_into(args, kwargs, into)
