"""The builders of the `description` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from msgspec import UNSET, UnsetType

from ..calls import Call
from ..types import DescriptionRetrieveResponse, DescriptionUpdateResponse
from . import registry
from ._build import Builder, RequestOptions

__all__ = ["DescriptionRetrieveBuilder", "DescriptionUpdateBuilder", "retrieve", "update"]


class DescriptionRetrieveBuilder(Builder[DescriptionRetrieveResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[DescriptionRetrieveResponse]:
        return self.operation.build(locals())


retrieve: DescriptionRetrieveBuilder = DescriptionRetrieveBuilder(registry.DESCRIPTION_RETRIEVE)


class DescriptionUpdateBuilder(Builder[DescriptionUpdateResponse]):
    def __call__(
        self,
        model_id: str,
        *,
        description: str | None,
        original_assets: bool | UnsetType = UNSET,
        project_id: str | UnsetType = UNSET,
        **options: Unpack[RequestOptions],
    ) -> Call[DescriptionUpdateResponse]:
        return self.operation.build(locals())


update: DescriptionUpdateBuilder = DescriptionUpdateBuilder(registry.DESCRIPTION_UPDATE)
