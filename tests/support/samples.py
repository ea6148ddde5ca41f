"""A sample response of every operation, read from `tests/samples/<op>.json`.

For the 21 operations of the API reference, the JSON files are its "#### Response" blocks,
verbatim. The 9 operations the reference does not have (the official SDK 2.4.0 does) have
samples written from the SDK's response types and their docstrings' examples, with every
field filled. This module only names the operations and loads them, so tests never
duplicate the samples.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "OPERATIONS",
    "REFERENCE_OPERATIONS",
    "SAMPLES_DIR",
    "SDK_ONLY_OPERATIONS",
    "sample_bytes",
    "sample_json",
]

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

# The reference's 21 operations, in its order, by their SDK attribute path under the client.
REFERENCE_OPERATIONS: tuple[str, ...] = (
    "models.list",
    "models.create",
    "models.get_bulk",
    "models.retrieve",
    "models.update",
    "models.delete",
    "models.copy",
    "models.download",
    "models.delete_images",
    "models.update_tags",
    "models.transfer",
    "models.description.retrieve",
    "models.description.update",
    "models.examples.list",
    "models.examples.update",
    "models.train.trigger",
    "models.train.action",
    "models.training_images.add",
    "models.training_images.replace_pairs",
    "models.training_images.replace",
    "models.training_images.delete",
)
# The 9 operations of the official SDK 2.4.0 that the reference does not document.
SDK_ONLY_OPERATIONS: tuple[str, ...] = (
    "models.restore",
    "models.presets.create",
    "models.presets.update",
    "models.presets.list",
    "models.presets.delete",
    "models.prompt_guide.retrieve",
    "models.prompt_guide.update",
    "models.scores.retrieve_prompt",
    "models.scores.retrieve_training_dataset",
)
OPERATIONS: tuple[str, ...] = REFERENCE_OPERATIONS + SDK_ONLY_OPERATIONS


@cache
def sample_bytes(operation: str) -> bytes:
    """The sample response body of `operation` (e.g. "models.retrieve") as bytes."""
    return (SAMPLES_DIR / f"{operation}.json").read_bytes()


def sample_json(operation: str) -> Any:
    """The sample response of `operation`, parsed (a fresh object on every call)."""
    return json.loads(sample_bytes(operation))
