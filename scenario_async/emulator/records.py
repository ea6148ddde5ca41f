"""`Record`: a model as the store keeps it, with what the store keeps beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Model, Preset
from .views import View

__all__ = ["Record"]


@dataclass(slots=True)
class Record:
    """`seq` orders models created in one instant; `created`, `updated` and `score` are the
    sort keys of a listing (seconds on the emulator clock); `encoded` caches the model's JSON
    per view until it changes."""

    model: Model
    seq: int
    created: float
    updated: float
    score: float
    description: str | None = None
    prompt_guide: str | None = None
    presets: list[Preset] = field(default_factory=list[Preset])
    deleted: float | None = None  # when it was deleted, while it waits for a restore
    encoded: dict[View, bytes] = field(default_factory=dict[View, bytes])
