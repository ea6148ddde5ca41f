"""A model's prompt guide, the markdown system prompt of Prompt Spark.

Not in the API reference; written from the official SDK 2.4.0's `prompt_guide_*_response`
types, which give retrieve and update one shape.
"""

from ._base import RequestStruct, ResponseStruct

__all__ = [
    "PromptGuide",
    "PromptGuideUpdateBody",
]


class PromptGuide(ResponseStruct):
    value: str


class PromptGuideUpdateBody(RequestStruct):
    """Body of `PUT /models/{modelId}/prompt-guide`; `None` deletes the prompt guide."""

    prompt_guide: str | None
