"""Pure operation builders: arguments in, a validated `Call` out. No I/O lives here.

`registry.py` declares each operation once; the builder modules (`models`, `presets`, ...)
and `arguments.py` are generated from it by tools/generate_signatures.py.
"""

from . import (
    description,
    examples,
    models,
    presets,
    prompt_guide,
    scores,
    train,
    training_images,
)
from ._build import RequestOptions

__all__ = [
    "RequestOptions",
    "description",
    "examples",
    "models",
    "presets",
    "prompt_guide",
    "scores",
    "train",
    "training_images",
]
