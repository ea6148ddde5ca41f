"""The scores the emulator answers for a model: a prompt's fit, and its training dataset's.

The real API scores with image and text embeddings; the emulator has neither, so it computes
what it can from the model's training images and stands in for the rest with pseudo-embeddings
drawn from hashes. Everything here is a pure function of its arguments (no clock, no random
state shared with the store): the same model and prompt always get the same answer.

- An image's caption is its `description`, else its `automaticCaptioning`; texts are compared
  with the Dice-Sørensen coefficient over character bigrams (case and whitespace ignored), a
  distance being 1 minus it.
- Prompt: `captionsSimilarity` spreads the prompt's similarity with each image's caption (its
  name when it has none); `embeddingSimilarity` is a value in [-1, 1] hashed from the model id
  and the prompt; `score` is the mean of the captions' mean similarity and the embedding
  similarity brought to [0, 1]. `promptsSimilarity` is left out: the emulator's examples carry
  no prompt. `syntaxError` names the first unsupported syntax of `_SYNTAX_ERRORS` the prompt
  uses.
- Training dataset: each image has a pseudo-embedding, a direction shared by the model's
  images plus the image's own (hashed from its download URL, so one asset is one embedding),
  so a dataset's images resemble each other about as real ones do. A couple's similarity is
  the cosine of theirs; an image's `assetsEmbeddingSimilarity` the cosine of its own with the
  mean of the others'. `metadataScore` is the share of captioned images times the share of
  couples without a warning; `score` the mean of it, the couples' mean caption distance
  (varied captions train better) and the mean embedding similarity brought to [0, 1].
- `status` is `complete` when the model has training images and every one has a caption,
  `incomplete` otherwise (the score then misses data).
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import re
import statistics
from collections import Counter
from collections.abc import Sequence

from ..types import (
    PromptScoreDetails,
    PromptSyntaxError,
    ScoreRetrievePromptResponse,
    ScoreRetrieveTrainingDatasetResponse,
    ScoreStatus,
    ScoreSummary,
    TrainingDatasetScoreAssetCouplesWarning,
    TrainingDatasetScoreAssetsWarning,
    TrainingDatasetScoreDetails,
    TrainingDatasetScoreDetailsAssetCouplesCaptionsDistance,
    TrainingDatasetScoreDetailsAssetCouplesSimilarity,
    TrainingDatasetScoreDetailsAssetsEmbeddingSimilarity,
    TrainingDatasetWarning,
    TrainingImage,
)

__all__ = ["caption", "dice", "prompt_score", "syntax_error", "training_dataset_score"]

CoupleDistance = TrainingDatasetScoreDetailsAssetCouplesCaptionsDistance
CoupleSimilarity = TrainingDatasetScoreDetailsAssetCouplesSimilarity
AssetSimilarity = TrainingDatasetScoreDetailsAssetsEmbeddingSimilarity
CoupleWarning = TrainingDatasetScoreAssetCouplesWarning
AssetWarning = TrainingDatasetScoreAssetsWarning

_DIMENSIONS = 16
# How far an image's own direction pulls it from the model's: cosines between two images of a
# model then sit around 0.7, as embeddings of one dataset's images do.
_OWN_WEIGHT = 0.6
_TOO_CLOSE = 0.2  # caption distance under which two captions are "too close"
_TOO_SIMILAR = 0.95  # couple similarity above which two images are "too similar"
_TOO_DIFFERENT = 0.3  # similarity with the others under which an image stands out
_SYNTAX_ERRORS: tuple[tuple[re.Pattern[str], PromptSyntaxError], ...] = (
    (re.compile(r"\b(?:https?://|www\.)\S", re.IGNORECASE), "Unsupported url in prompt"),
    (
        re.compile(r"<[^<>:\s]+(?::[^<>:\s]+)?:[-+]?\d*\.?\d+>"),
        "Unsupported prompt syntax: <name:weight> or <lora:name:weight>",
    ),
    (re.compile(r"--[sc]ref\b"), "Unsupported prompt syntax: --(s|c)ref"),
    (
        re.compile(r"\[[^\[\]]*:[^\[\]]*\]"),
        "Unsupported prompt syntax: '[to:when], [from::when]'",
    ),
)


# -- text --------------------------------------------------------------------------------


def _bigrams(text: str) -> Counter[str]:
    squeezed = "".join(text.lower().split())
    return Counter(squeezed[i : i + 2] for i in range(len(squeezed) - 1))


def dice(first: str, second: str) -> float:
    """The Dice-Sørensen coefficient of two texts' character bigrams, in [0, 1]: 1 for the
    same text (case and whitespace aside), 0 when either is empty."""
    a, b = _bigrams(first), _bigrams(second)
    if not a or not b:
        same = "".join(first.lower().split()) == "".join(second.lower().split())
        return 1.0 if same and first.strip() else 0.0
    return 2 * sum((a & b).values()) / (a.total() + b.total())


def caption(image: TrainingImage) -> str:
    """The image's caption; empty when it has none."""
    return image.description.strip() or image.automatic_captioning.strip()


def syntax_error(prompt: str) -> PromptSyntaxError | None:
    for pattern, message in _SYNTAX_ERRORS:
        if pattern.search(prompt):
            return message
    return None


# -- numbers -----------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value, 4)


def _spread(values: Sequence[float]) -> ScoreSummary:
    """The min, mean and median of `values`; all 0 for no value."""
    if not values:
        return ScoreSummary(mean=0.0, median=0.0, min=0.0)
    return ScoreSummary(
        mean=_round(statistics.fmean(values)),
        median=_round(statistics.median(values)),
        min=_round(min(values)),
    )


def _hashed_unit(*parts: str) -> float:
    """A value in [-1, 1] that depends on `parts` alone."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * 2 - 1


def _direction(key: str) -> list[float]:
    rng = random.Random(key)  # a str seed is hashed with SHA-512: stable across runs
    return [rng.gauss(0.0, 1.0) for _ in range(_DIMENSIONS)]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.hypot(*a) * math.hypot(*b)
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


def _embeddings(model_id: str, images: Sequence[TrainingImage]) -> list[list[float]]:
    shared = _direction(f"model:{model_id}")
    own = (_direction(f"asset:{i.download_url}") for i in images)
    return [[s + _OWN_WEIGHT * o for s, o in zip(shared, mine, strict=True)] for mine in own]


def _status(images: Sequence[TrainingImage]) -> ScoreStatus:
    return "complete" if images and all(caption(i) for i in images) else "incomplete"


# -- the two scores ----------------------------------------------------------------------


def prompt_score(
    model_id: str, images: Sequence[TrainingImage], prompt: str
) -> ScoreRetrievePromptResponse:
    similarities = [dice(prompt, caption(i) or i.name) for i in images]
    captions = _spread(similarities)
    embedding = _round(_hashed_unit(model_id, prompt))
    return ScoreRetrievePromptResponse(
        details=PromptScoreDetails(captions_similarity=captions, embedding_similarity=embedding),
        api_model_id=model_id,
        score=_round((captions.mean + (embedding + 1) / 2) / 2),
        status=_status(images),
        syntax_error=syntax_error(prompt),
    )


def training_dataset_score(
    model_id: str, images: Sequence[TrainingImage]
) -> ScoreRetrieveTrainingDatasetResponse:
    captions = [caption(i) for i in images]
    vectors = _embeddings(model_id, images)
    distances: list[CoupleDistance] = []
    similarities: list[CoupleSimilarity] = []
    couple_warnings: list[CoupleWarning] = []
    for (m, a), (n, b) in itertools.combinations(enumerate(images), 2):
        couple = [a.id, b.id]
        alike = dice(captions[m], captions[n])
        distance = _round(1 - alike)
        similarity = _round(_cosine(vectors[m], vectors[n]))
        distances.append(CoupleDistance(couple=couple, distance=distance))
        similarities.append(CoupleSimilarity(couple=couple, similarity=similarity))
        messages: list[TrainingDatasetWarning] = []
        if a.download_url == b.download_url:
            messages.append("Same asset")
        if captions[m] and captions[n]:
            if alike == 1:
                messages.append("Captions are identical")
            elif distance < _TOO_CLOSE:
                messages.append("Captions are too close")
        if similarity > _TOO_SIMILAR:
            messages.append("Similarity is too high")
        if messages:
            couple_warnings.append(CoupleWarning(couple=couple, message=messages))

    own: list[AssetSimilarity] = []
    asset_warnings: list[AssetWarning] = []
    for n, image in enumerate(images):
        others = vectors[:n] + vectors[n + 1 :]
        if others:
            mean = [statistics.fmean(column) for column in zip(*others, strict=True)]
            similarity = _round(_cosine(vectors[n], mean))
        else:  # a single image: nothing to compare it with
            similarity = 0.0
        own.append(AssetSimilarity(asset_id=image.id, similarity=similarity))
        messages = []
        if not captions[n]:
            messages.append("Missing caption")
        if others and similarity < _TOO_DIFFERENT:
            messages.append("Similarity with other assets is too low")
        if messages:
            asset_warnings.append(AssetWarning(asset_id=image.id, message=messages))

    captioned = sum(1 for c in captions if c) / len(images) if images else 0.0
    calm = 1 - len(couple_warnings) / len(distances) if distances else 1.0
    metadata = _round(captioned * calm)
    caption_spread = _spread([d.distance for d in distances])
    assets_spread = _spread([s.similarity for s in own])
    score = (
        _round((metadata + caption_spread.mean + (assets_spread.mean + 1) / 2) / 3)
        if images
        else 0.0
    )
    return ScoreRetrieveTrainingDatasetResponse(
        details=TrainingDatasetScoreDetails(
            asset_couples_captions_distance=distances,
            asset_couples_similarity=similarities,
            assets_embedding_similarity=own,
            assets_similarity=assets_spread,
            couples_captions_distance=caption_spread,
            couples_similarity=_spread([s.similarity for s in similarities]),
            metadata_score=metadata,
        ),
        api_model_id=model_id,
        score=score,
        status=_status(images),
        asset_couples_warnings=couple_warnings or None,
        assets_warnings=asset_warnings or None,
    )
