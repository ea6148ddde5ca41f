"""The builders of the `presets` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import EmptyResponse, PresetCreateResponse, PresetListResponse, PresetUpdateResponse
from . import registry
from ._build import Builder
from .arguments import (
    AssetsQueryArguments,
    PresetsCreateArguments,
    PresetsDeleteArguments,
    PresetsUpdateArguments,
)

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
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> Call[PresetListResponse]:
        return self.operation.build(arguments, model_id)


list: PresetsListBuilder = PresetsListBuilder(registry.PRESETS_LIST)


class PresetsCreateBuilder(Builder[PresetCreateResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[PresetsCreateArguments]
    ) -> Call[PresetCreateResponse]:
        return self.operation.build(arguments, model_id)


create: PresetsCreateBuilder = PresetsCreateBuilder(registry.PRESETS_CREATE)


class PresetsUpdateBuilder(Builder[PresetUpdateResponse]):
    def __call__(
        self, preset_id: str, **arguments: Unpack[PresetsUpdateArguments]
    ) -> Call[PresetUpdateResponse]:
        return self.operation.build(arguments, preset_id)


update: PresetsUpdateBuilder = PresetsUpdateBuilder(registry.PRESETS_UPDATE)


class PresetsDeleteBuilder(Builder[EmptyResponse]):
    def __call__(
        self, preset_id: str, **arguments: Unpack[PresetsDeleteArguments]
    ) -> Call[EmptyResponse]:
        return self.operation.build(arguments, preset_id)


delete: PresetsDeleteBuilder = PresetsDeleteBuilder(registry.PRESETS_DELETE)
