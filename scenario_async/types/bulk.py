"""What `client.models.get_bulk` returns for any number of ids: the models, and what is not."""

from typing import Generic, TypeVar

import msgspec

__all__ = ["InvalidModel", "ModelGetBulkResult"]

M = TypeVar("M")


class InvalidModel(msgspec.Struct, frozen=True, kw_only=True):
    """A model the server returned that did not decode; the other models of its response did.

    `index` is its position in that response's `models` array, `model_id` its `id` when that
    much could be read, `error` the decode error with its JSON path in the response
    (`$.models[3].trainingProgress.stage`), and `raw` the model's bytes as received.
    """

    index: int
    model_id: str | None
    error: str
    raw: msgspec.Raw


class ModelGetBulkResult(msgspec.Struct, Generic[M], kw_only=True):
    """The models of a get-bulk fetch, however many requests it took.

    `models` are in the order the ids were asked, each id once (models the server returned
    without being asked follow); `missing_ids` are the ids asked that no response returned,
    in ask order; `invalid` are the returned models that did not decode.
    """

    models: list[M]
    missing_ids: list[str] = msgspec.field(default_factory=list[str])
    invalid: list[InvalidModel] = msgspec.field(default_factory=list[InvalidModel])
