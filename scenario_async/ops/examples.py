"""The builders of the `examples` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import ExampleListResponse, ExampleUpdateResponse
from . import registry
from ._build import Builder
from .arguments import AssetsQueryArguments, ExamplesUpdateArguments

__all__ = ["ExamplesListBuilder", "ExamplesUpdateBuilder", "list", "update"]


class ExamplesListBuilder(Builder[ExampleListResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[AssetsQueryArguments]
    ) -> Call[ExampleListResponse]:
        return self.operation.build(arguments, model_id)


list: ExamplesListBuilder = ExamplesListBuilder(registry.EXAMPLES_LIST)


class ExamplesUpdateBuilder(Builder[ExampleUpdateResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ExamplesUpdateArguments]
    ) -> Call[ExampleUpdateResponse]:
        return self.operation.build(arguments, model_id)


update: ExamplesUpdateBuilder = ExamplesUpdateBuilder(registry.EXAMPLES_UPDATE)
