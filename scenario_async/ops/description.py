"""The builders of the `description` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import DescriptionRetrieveResponse, DescriptionUpdateResponse
from . import registry
from ._build import Builder
from .arguments import AssetsQueryArguments, DescriptionUpdateArguments

__all__ = ["DescriptionRetrieveBuilder", "DescriptionUpdateBuilder", "retrieve", "update"]


class DescriptionRetrieveBuilder(Builder[DescriptionRetrieveResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> Call[DescriptionRetrieveResponse]:
        return self.operation.build(arguments, model_id)


retrieve: DescriptionRetrieveBuilder = DescriptionRetrieveBuilder(registry.DESCRIPTION_RETRIEVE)


class DescriptionUpdateBuilder(Builder[DescriptionUpdateResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[DescriptionUpdateArguments]
    ) -> Call[DescriptionUpdateResponse]:
        return self.operation.build(arguments, model_id)


update: DescriptionUpdateBuilder = DescriptionUpdateBuilder(registry.DESCRIPTION_UPDATE)
