"""`Record`: a model as the store keeps it, with what the store keeps beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import Model, Preset
from .views import View

__all__ = ["Record"]


@dataclass(slots=True)
class Record:
    """A model, what the store keeps beside it, and its place in a listing's sort orders."""

    model: Model
    seq: int
    """Its rank in creation order: orders models created in one instant."""
    created: float
    """When it was created, as a listing sorts and filters by it (seconds, emulator clock)."""
    updated: float
    """When it last changed, likewise."""
    score: float
    """What `sortBy=score` sorts by."""
    description: str | None = None
    prompt_guide: str | None = None
    presets: list[Preset] = field(default_factory=list[Preset])
    deleted: float | None = None
    """When it was deleted, while it waits for a restore."""
    encoded: dict[View, bytes] = field(default_factory=dict[View, bytes])
    """Its JSON per view, until it changes (see `views.encoded`)."""
