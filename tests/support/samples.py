"""The reference's sample response of every operation, read from `tests/samples/<op>.json`.

The JSON files are the "#### Response" blocks of the API reference, verbatim; this module
only names the 21 operations and loads them, so tests never duplicate the samples.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["OPERATIONS", "SAMPLES_DIR", "sample_bytes", "sample_json"]

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"

# The 21 operations, by their SDK attribute path under the client.
OPERATIONS: tuple[str, ...] = (
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


@cache
def sample_bytes(operation: str) -> bytes:
    """The sample response body of `operation` (e.g. "models.retrieve") as bytes."""
    return (SAMPLES_DIR / f"{operation}.json").read_bytes()


def sample_json(operation: str) -> Any:
    """The sample response of `operation`, parsed (a fresh object on every call)."""
    return json.loads(sample_bytes(operation))
