"""Which parts of a model an answer carries, and the model's JSON in each of those views.

- `retrieve` and every `{model}` answer carry all training images (`FULL`); `list` the first 3
  (`LISTED`).
- `get-bulk` (`bulk_view`): `minimal` returns id, name, type and privacy;
  `trainingImagesPreview=true` wins (first 3 images), else `allTrainingImages=true` or
  `trainingImagesPreview=false` give all, else the first 3; `settings` adds the prompt
  embeddings; `thumbnail` adds the thumbnail, falling back to the first training image.
- A model in training carries its `trainingProgress`, which moves with the clock, so its JSON
  is never cached; any other model's is, per view, until the model changes.
"""

from __future__ import annotations

from typing import NamedTuple

import msgspec
from msgspec.structs import replace

from ..types import Model, ModelGetBulkBody, ModelThumbnail, ModelTrainingProgress

__all__ = ["FULL", "LISTED", "View", "bulk_view", "encoded", "render"]

_PREVIEW_IMAGES = 3
_encode = msgspec.json.Encoder().encode


class View(NamedTuple):
    """Which parts of a model an answer carries (see the module docstring)."""

    all_images: bool = True
    settings: bool = True
    thumbnail: bool = True
    minimal: bool = False


FULL = View()
LISTED = View(all_images=False)


def bulk_view(body: ModelGetBulkBody) -> View:
    preview = body.training_images_preview
    return View(
        all_images=preview is not True and (body.all_training_images is True or preview is False),
        settings=body.settings is True,
        thumbnail=body.thumbnail is True,
        minimal=body.minimal is True,
    )


def render(model: Model, view: View, progress: ModelTrainingProgress | None) -> Model:
    """`model` as `view` shows it, with `progress` while it trains."""
    if view.minimal:
        return Model(id=model.id, privacy=model.privacy, type=model.type, name=model.name)
    changes: dict[str, object] = {}
    images = model.training_images or []
    if not view.all_images and len(images) > _PREVIEW_IMAGES:
        changes["training_images"] = images[:_PREVIEW_IMAGES]
    if not view.settings:
        changes["prompt_embedding"] = None
        changes["negative_prompt_embedding"] = None
    if not view.thumbnail:
        changes["thumbnail"] = None
    elif model.thumbnail is None and images:
        changes["thumbnail"] = ModelThumbnail(asset_id=images[0].id, url=images[0].download_url)
    if progress is not None:
        changes["training_progress"] = progress
    return replace(model, **changes) if changes else model


def encoded(
    model: Model, view: View, progress: ModelTrainingProgress | None, cache: dict[View, bytes]
) -> bytes:
    """The JSON of `render(...)`, kept in `cache` unless the model trains (it moves)."""
    if progress is not None:
        return _encode(render(model, view, progress))
    cached = cache.get(view)
    if cached is None:
        cached = cache[view] = _encode(render(model, view, None))
    return cached
