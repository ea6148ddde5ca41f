"""The builders of the `examples` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import ExampleListResponse, ExampleUpdateResponse, SequenceNotStr
from . import registry
from ._build import Builder, RequestOptions

__all__ = ["ExamplesListBuilder", "ExamplesUpdateBuilder", "list", "update"]


class ExamplesListBuilder(Builder[ExampleListResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ExampleListResponse]:
        return self.operation.build(locals())


list: ExamplesListBuilder = ExamplesListBuilder(registry.EXAMPLES_LIST)


class ExamplesUpdateBuilder(Builder[ExampleUpdateResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        asset_ids: SequenceNotStr[str],
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[ExampleUpdateResponse]:
        return self.operation.build(locals())


update: ExamplesUpdateBuilder = ExamplesUpdateBuilder(registry.EXAMPLES_UPDATE)
