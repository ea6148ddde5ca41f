"""The official SDK's namespaces: `client.models.<op>` and its sub-namespaces.

Each resource declares its operations once, from their pure builders (resource_operations.py
says how an operation is bound and in which form: parsed, raw or streamed). `client.models`
adds what the SDK has not: fetching any number of ids (bulk.py's) and watching trainings
(watch.py's). Listing is pagination.py's.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar, Unpack, overload

import msgspec

from . import bulk, ops
from ._signatures import (
    DescriptionRetrieveBuilder,
    DescriptionUpdateBuilder,
    ExamplesListBuilder,
    ExamplesUpdateBuilder,
    ModelsCopyOperation,
    ModelsCreateOperation,
    ModelsDeleteBuilder,
    ModelsDeleteImagesBuilder,
    ModelsDownloadBuilder,
    ModelsGetBulkBuilder,
    ModelsListOperation,
    ModelsRestoreOperation,
    ModelsRetrieveOperation,
    ModelsTransferOperation,
    ModelsUpdateOperation,
    ModelsUpdateTagsBuilder,
    PresetsCreateBuilder,
    PresetsDeleteBuilder,
    PresetsListBuilder,
    PresetsUpdateBuilder,
    PromptGuideRetrieveBuilder,
    PromptGuideUpdateBuilder,
    ScoresRetrievePromptBuilder,
    ScoresRetrieveTrainingDatasetBuilder,
    TrainActionOperation,
    TrainingImagesAddBuilder,
    TrainingImagesDeleteBuilder,
    TrainingImagesReplaceBuilder,
    TrainingImagesReplacePairsBuilder,
    TrainTriggerOperation,
)
from .bulk import ChunkIterator
from .bulk_options import BulkOptions
from .resource_operations import (
    BoundOperation,
    BulkGetOperation,
    Form,
    Parsed,
    Raw,
    Resource,
    Streamed,
)
from .sending import Sender
from .types import IdSource, Model, ModelIds, TrainingParameters, TrainingParametersDict
from .watch import TrainingWatch, train_and_wait, wait_for_training
from .watch_core import DEFAULT_TIMEOUT, PollOptions, WatchOptions

__all__ = [
    "AsyncModelsResource",
    "AsyncModelsResourceWithRawResponse",
    "AsyncModelsResourceWithStreamingResponse",
    "DescriptionResource",
    "ExamplesResource",
    "ModelsOperations",
    "ModelsResource",
    "PresetsResource",
    "PromptGuideResource",
    "RawResponseView",
    "ScoresResource",
    "StreamingResponseView",
    "TrainResource",
    "TrainingImagesResource",
]

V = TypeVar("V", bound=msgspec.Struct)


class DescriptionResource(
    Resource[Form, "DescriptionResource[Raw]", "DescriptionResource[Streamed]"]
):
    retrieve: BoundOperation[DescriptionRetrieveBuilder] = BoundOperation(ops.description.retrieve)
    update: BoundOperation[DescriptionUpdateBuilder] = BoundOperation(ops.description.update)


class ExamplesResource(Resource[Form, "ExamplesResource[Raw]", "ExamplesResource[Streamed]"]):
    list: BoundOperation[ExamplesListBuilder] = BoundOperation(ops.examples.list)
    update: BoundOperation[ExamplesUpdateBuilder] = BoundOperation(ops.examples.update)


class TrainResource(Resource[Form, "TrainResource[Raw]", "TrainResource[Streamed]"]):
    trigger: TrainTriggerOperation = TrainTriggerOperation(ops.train.trigger)
    action: TrainActionOperation = TrainActionOperation(ops.train.action)


class TrainingImagesResource(
    Resource[Form, "TrainingImagesResource[Raw]", "TrainingImagesResource[Streamed]"]
):
    add: BoundOperation[TrainingImagesAddBuilder] = BoundOperation(ops.training_images.add)
    replace_pairs: BoundOperation[TrainingImagesReplacePairsBuilder] = BoundOperation(
        ops.training_images.replace_pairs
    )
    replace: BoundOperation[TrainingImagesReplaceBuilder] = BoundOperation(
        ops.training_images.replace
    )
    delete: BoundOperation[TrainingImagesDeleteBuilder] = BoundOperation(ops.training_images.delete)


class PresetsResource(Resource[Form, "PresetsResource[Raw]", "PresetsResource[Streamed]"]):
    create: BoundOperation[PresetsCreateBuilder] = BoundOperation(ops.presets.create)
    update: BoundOperation[PresetsUpdateBuilder] = BoundOperation(ops.presets.update)
    list: BoundOperation[PresetsListBuilder] = BoundOperation(ops.presets.list)
    delete: BoundOperation[PresetsDeleteBuilder] = BoundOperation(ops.presets.delete)


class PromptGuideResource(
    Resource[Form, "PromptGuideResource[Raw]", "PromptGuideResource[Streamed]"]
):
    retrieve: BoundOperation[PromptGuideRetrieveBuilder] = BoundOperation(ops.prompt_guide.retrieve)
    update: BoundOperation[PromptGuideUpdateBuilder] = BoundOperation(ops.prompt_guide.update)


class ScoresResource(Resource[Form, "ScoresResource[Raw]", "ScoresResource[Streamed]"]):
    retrieve_prompt: BoundOperation[ScoresRetrievePromptBuilder] = BoundOperation(
        ops.scores.retrieve_prompt
    )
    retrieve_training_dataset: BoundOperation[ScoresRetrieveTrainingDatasetBuilder] = (
        BoundOperation(ops.scores.retrieve_training_dataset)
    )


class ModelsOperations(Resource[Form, "ModelsOperations[Raw]", "ModelsOperations[Streamed]"]):
    """The official SDK's `client.models`, in one form: its operations and sub-resources."""

    list: ModelsListOperation = ModelsListOperation(ops.models.list)
    create: ModelsCreateOperation = ModelsCreateOperation(ops.models.create)
    retrieve: ModelsRetrieveOperation = ModelsRetrieveOperation(ops.models.retrieve)
    update: ModelsUpdateOperation = ModelsUpdateOperation(ops.models.update)
    delete: BoundOperation[ModelsDeleteBuilder] = BoundOperation(ops.models.delete)
    copy: ModelsCopyOperation = ModelsCopyOperation(ops.models.copy)
    download: BoundOperation[ModelsDownloadBuilder] = BoundOperation(ops.models.download)
    delete_images: BoundOperation[ModelsDeleteImagesBuilder] = BoundOperation(
        ops.models.delete_images
    )
    update_tags: BoundOperation[ModelsUpdateTagsBuilder] = BoundOperation(ops.models.update_tags)
    transfer: ModelsTransferOperation = ModelsTransferOperation(ops.models.transfer)
    restore: ModelsRestoreOperation = ModelsRestoreOperation(ops.models.restore)
    get_bulk: BulkGetOperation[ModelsGetBulkBuilder] = BulkGetOperation(ops.models.get_bulk)

    @cached_property
    def description(self) -> DescriptionResource[Form]:
        return self._sub(DescriptionResource)

    @cached_property
    def examples(self) -> ExamplesResource[Form]:
        return self._sub(ExamplesResource)

    @cached_property
    def train(self) -> TrainResource[Form]:
        return self._sub(TrainResource)

    @cached_property
    def training_images(self) -> TrainingImagesResource[Form]:
        return self._sub(TrainingImagesResource)

    @cached_property
    def presets(self) -> PresetsResource[Form]:
        return self._sub(PresetsResource)

    @cached_property
    def prompt_guide(self) -> PromptGuideResource[Form]:
        return self._sub(PromptGuideResource)

    @cached_property
    def scores(self) -> ScoresResource[Form]:
        return self._sub(ScoresResource)


class ModelsResource(ModelsOperations[Parsed]):
    """`client.models`: the official SDK's operations, and fetching many ids and watching
    trainings, which the SDK has not."""

    def __init__(self, sender: Sender, form: type[Parsed] = Parsed) -> None:
        super().__init__(sender, form)

    @overload
    def stream_bulk(
        self, model_ids: IdSource, *, into: None = None, **options: Unpack[BulkOptions]
    ) -> ChunkIterator[Model]: ...
    @overload
    def stream_bulk(
        self, model_ids: IdSource, *, into: type[V], **options: Unpack[BulkOptions]
    ) -> ChunkIterator[V]: ...
    def stream_bulk(
        self, model_ids: IdSource, *, into: type[V] | None = None, **options: Unpack[BulkOptions]
    ) -> ChunkIterator[Any]:
        """The models of `model_ids` chunk by chunk, as each get-bulk request completes.

            async with client.models.stream_bulk(ids) as chunks:
                async for chunk in chunks:
                    ...  # chunk.models, chunk.missing_ids, chunk.invalid, chunk.error

        Chunks come in completion order, not ask order; each one's `models` are in its ask
        order. The ids are read lazily, and at most `max_concurrency` chunks are in flight or
        waiting for you at once, so any number of ids streams in bounded memory. A request
        that failed after its retries is a chunk with `error` set, and the others go on.
        Leaving the block cancels what is in flight. Options as for `get_bulk`; the limits,
        `into` and the options are checked here, the ids as they are read.
        """
        return bulk.stream_bulk(self._sender, model_ids, into=into, **options)

    def watch(self, model_ids: ModelIds, **options: Unpack[WatchOptions]) -> TrainingWatch:
        """Training events of these models: `async with client.models.watch(ids) as events`.

        Options: `WatchConfig`'s (watch_core.py).
        """
        return TrainingWatch(self._sender, model_ids, **options)

    async def wait_for_training(
        self,
        model_id: str,
        *,
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109 (see watch.wait_for_training)
        **options: Unpack[PollOptions],
    ) -> Model:
        """The final `Model` once trained; a typed error carrying the last snapshot otherwise."""
        return await wait_for_training(self._sender, model_id, timeout=timeout, **options)

    async def train_and_wait(
        self,
        model_id: str,
        *,
        parameters: TrainingParameters | TrainingParametersDict | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,  # noqa: ASYNC109 (see watch.wait_for_training)
        **options: Unpack[PollOptions],
    ) -> Model:
        """Trigger the training of `model_id`, then `wait_for_training` it."""
        return await train_and_wait(
            self._sender, model_id, parameters=parameters, timeout=timeout, **options
        )


class RawResponseView:
    """`client.with_raw_response`: `.models.<op>(...)` returns the response, body read."""

    def __init__(self, sender: Sender) -> None:
        self.models: ModelsOperations[Raw] = ModelsOperations(sender, Raw)


class StreamingResponseView:
    """`client.with_streaming_response`: `async with .models.<op>(...) as response`."""

    def __init__(self, sender: Sender) -> None:
        self.models: ModelsOperations[Streamed] = ModelsOperations(sender, Streamed)


# The official SDK's names for the same namespaces, for code that annotates with them.
AsyncModelsResource = ModelsResource
AsyncModelsResourceWithRawResponse = ModelsOperations[Raw]
AsyncModelsResourceWithStreamingResponse = ModelsOperations[Streamed]
