"""A model's presets: saved inference parameters, one of them the model's default.

Not in the API reference; written from the official SDK 2.4.0's `preset_*_response` types,
which give create, update and list one `Preset` shape.
"""

from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ._base import RequestStruct, ResponseStruct
from .assets import ExampleInferenceParameters
from .shared import ModelConcept

__all__ = [
    "Preset",
    "PresetCreateBody",
    "PresetParameters",
    "PresetParametersConcept",
    "PresetUpdateBody",
]

# SDK 2.4.0 gives a preset's parameters, field for field, the shape of an example's inference
# parameters (and their concepts that of a model's): one class each, under both names.
PresetParameters = ExampleInferenceParameters
PresetParametersConcept = ModelConcept


class Preset(ResponseStruct):
    id: str
    author_id: str
    created_at: str
    is_default: bool
    api_model_id: str = msgspec.field(name="modelId")
    owner_id: str
    parameters: PresetParameters
    updated_at: str


class PresetCreateBody(RequestStruct):
    """Body of `POST /models/{modelId}/presets`: the inference whose parameters to save."""

    inference_id: Annotated[str, Meta(min_length=1)]
    is_default: bool | UnsetType = UNSET


class PresetUpdateBody(RequestStruct):
    """Body of `PUT /models/{modelId}/presets/{presetId}`."""

    is_default: bool
