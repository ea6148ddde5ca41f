"""The builders of the `presets` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import EmptyResponse, PresetCreateResponse, PresetListResponse, PresetUpdateResponse
from . import registry
from ._build import Builder, RequestOptions

__all__ = [
    "PresetsCreateBuilder",
    "PresetsDeleteBuilder",
    "PresetsListBuilder",
    "PresetsUpdateBuilder",
    "create",
    "delete",
    "list",
    "update",
]


class PresetsListBuilder(Builder[PresetListResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[PresetListResponse]:
        return self.operation.build(locals())


list: PresetsListBuilder = PresetsListBuilder(registry.PRESETS_LIST)


class PresetsCreateBuilder(Builder[PresetCreateResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        inference_id: str,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        is_default: bool | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[PresetCreateResponse]:
        return self.operation.build(locals())


create: PresetsCreateBuilder = PresetsCreateBuilder(registry.PRESETS_CREATE)


class PresetsUpdateBuilder(Builder[PresetUpdateResponse]):
    def __call__(
        self,
        preset_id: str,
        *,
        model_id: str,
        is_default: bool,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[PresetUpdateResponse]:
        return self.operation.build(locals())


update: PresetsUpdateBuilder = PresetsUpdateBuilder(registry.PRESETS_UPDATE)


class PresetsDeleteBuilder(Builder[EmptyResponse]):
    def __call__(
        self,
        preset_id: str,
        *,
        model_id: str,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[EmptyResponse]:
        return self.operation.build(locals())


delete: PresetsDeleteBuilder = PresetsDeleteBuilder(registry.PRESETS_DELETE)
