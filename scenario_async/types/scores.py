"""How well a prompt, or a training dataset, suits a model: a score and what it is made of.

Not in the API reference; written from the official SDK 2.4.0's `score_*_response` types.
The SDK names the nested types of both responses alike (`Details`, ...); here they carry the
response's prefix, `PromptScore` or `TrainingDatasetScore`, so each name is unique.
`status`, `syntax_error` and the warnings' `message` are the SDK's enumerations (`ScoreStatus`,
`PromptSyntaxError`, `TrainingDatasetWarning`): `Literal`s to a type checker, any string at run
time, like every enumeration in a response (enums.py).
"""

import msgspec

from ._base import ResponseStruct
from .enums import PromptSyntaxError, ScoreStatus, TrainingDatasetWarning

__all__ = [
    "PromptScoreDetails",
    "PromptScoreDetailsCaptionsSimilarity",
    "PromptScoreDetailsPromptsSimilarity",
    "ScoreRetrievePromptResponse",
    "ScoreRetrieveTrainingDatasetResponse",
    "ScoreSummary",
    "TrainingDatasetScoreAssetCouplesWarning",
    "TrainingDatasetScoreAssetsWarning",
    "TrainingDatasetScoreDetails",
    "TrainingDatasetScoreDetailsAssetCouplesCaptionsDistance",
    "TrainingDatasetScoreDetailsAssetCouplesSimilarity",
    "TrainingDatasetScoreDetailsAssetsEmbeddingSimilarity",
    "TrainingDatasetScoreDetailsAssetsSimilarity",
    "TrainingDatasetScoreDetailsCouplesCaptionsDistance",
    "TrainingDatasetScoreDetailsCouplesSimilarity",
]


class ScoreSummary(ResponseStruct):
    """The min, mean and median of a list of similarities or distances.

    SDK 2.4.0 gives this one shape five names, aliases of this class here: the prompt score's
    `PromptScoreDetailsCaptionsSimilarity` and `PromptScoreDetailsPromptsSimilarity`, and the
    training dataset score's `TrainingDatasetScoreDetailsAssetsSimilarity`,
    `TrainingDatasetScoreDetailsCouplesCaptionsDistance` and
    `TrainingDatasetScoreDetailsCouplesSimilarity`.
    """

    mean: float
    median: float
    min: float


PromptScoreDetailsCaptionsSimilarity = ScoreSummary
PromptScoreDetailsPromptsSimilarity = ScoreSummary
TrainingDatasetScoreDetailsAssetsSimilarity = ScoreSummary
TrainingDatasetScoreDetailsCouplesCaptionsDistance = ScoreSummary
TrainingDatasetScoreDetailsCouplesSimilarity = ScoreSummary


class PromptScoreDetails(ResponseStruct):
    """Different components used to compute the final score."""

    captions_similarity: PromptScoreDetailsCaptionsSimilarity
    embedding_similarity: float
    prompts_similarity: PromptScoreDetailsPromptsSimilarity | None = None


class ScoreRetrievePromptResponse(ResponseStruct):
    details: PromptScoreDetails
    api_model_id: str = msgspec.field(name="modelId")
    score: float
    status: ScoreStatus
    syntax_error: PromptSyntaxError | None = None


class TrainingDatasetScoreDetailsAssetCouplesCaptionsDistance(ResponseStruct):
    couple: list[str]
    distance: float


class TrainingDatasetScoreDetailsAssetCouplesSimilarity(ResponseStruct):
    couple: list[str]
    similarity: float


class TrainingDatasetScoreDetailsAssetsEmbeddingSimilarity(ResponseStruct):
    asset_id: str
    similarity: float


class TrainingDatasetScoreDetails(ResponseStruct):
    """Different components used to compute the final score."""

    asset_couples_captions_distance: list[TrainingDatasetScoreDetailsAssetCouplesCaptionsDistance]
    asset_couples_similarity: list[TrainingDatasetScoreDetailsAssetCouplesSimilarity]
    assets_embedding_similarity: list[TrainingDatasetScoreDetailsAssetsEmbeddingSimilarity]
    assets_similarity: TrainingDatasetScoreDetailsAssetsSimilarity
    couples_captions_distance: TrainingDatasetScoreDetailsCouplesCaptionsDistance
    couples_similarity: TrainingDatasetScoreDetailsCouplesSimilarity
    metadata_score: float


class TrainingDatasetScoreAssetCouplesWarning(ResponseStruct):
    couple: list[str]
    message: list[TrainingDatasetWarning]


class TrainingDatasetScoreAssetsWarning(ResponseStruct):
    asset_id: str
    message: list[TrainingDatasetWarning]


class ScoreRetrieveTrainingDatasetResponse(ResponseStruct):
    details: TrainingDatasetScoreDetails
    api_model_id: str = msgspec.field(name="modelId")
    score: float
    status: ScoreStatus
    asset_couples_warnings: list[TrainingDatasetScoreAssetCouplesWarning] | None = None
    assets_warnings: list[TrainingDatasetScoreAssetsWarning] | None = None
