"""The builders of the `prompt_guide` operations: arguments in, a validated `Call` out.

Written by tools/generate_signatures.py from ops/registry.py: do not edit; run it again.
"""

from __future__ import annotations

from typing import Unpack

from ..calls import Call
from ..types import PromptGuideRetrieveResponse, PromptGuideUpdateResponse
from . import registry
from ._build import Builder
from .arguments import ProjectQueryArguments, PromptGuideUpdateArguments

__all__ = ["PromptGuideRetrieveBuilder", "PromptGuideUpdateBuilder", "retrieve", "update"]


class PromptGuideRetrieveBuilder(Builder[PromptGuideRetrieveResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[ProjectQueryArguments]
    ) -> Call[PromptGuideRetrieveResponse]:
        return self.operation.build(arguments, model_id)


retrieve: PromptGuideRetrieveBuilder = PromptGuideRetrieveBuilder(registry.PROMPT_GUIDE_RETRIEVE)


class PromptGuideUpdateBuilder(Builder[PromptGuideUpdateResponse]):
    def __call__(
        self, model_id: str, **arguments: Unpack[PromptGuideUpdateArguments]
    ) -> Call[PromptGuideUpdateResponse]:
        return self.operation.build(arguments, model_id)


update: PromptGuideUpdateBuilder = PromptGuideUpdateBuilder(registry.PROMPT_GUIDE_UPDATE)
