"""The official SDK's namespaces: `client.models.<op>` and its sub-namespaces.

Each resource declares a method per operation, once, from the operation's builder
(resource_methods.py says how a method is bound and in which form: parsed, raw or
streamed). `client.models` adds what the SDK has not: fetching any number of ids (bulk.py's)
and watching trainings (watch.py's). Listing is pagination.py's.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar, Unpack, overload

import msgspec

from . import bulk, ops
from ._signatures import (
    ModelsCopyMethod,
    ModelsCreateMethod,
    ModelsListMethod,
    ModelsRestoreMethod,
    ModelsRetrieveMethod,
    ModelsTransferMethod,
    ModelsUpdateMethod,
    TrainActionMethod,
    TrainTriggerMethod,
)
from .bulk import ChunkIterator
from .bulk_options import BulkOptions
from .ops.description import DescriptionRetrieveBuilder, DescriptionUpdateBuilder
from .ops.examples import ExamplesListBuilder, ExamplesUpdateBuilder
from .ops.models import (
    ModelsDeleteBuilder,
    ModelsDeleteImagesBuilder,
    ModelsDownloadBuilder,
    ModelsGetBulkBuilder,
    ModelsUpdateTagsBuilder,
)
from .ops.presets import (
    PresetsCreateBuilder,
    PresetsDeleteBuilder,
    PresetsListBuilder,
    PresetsUpdateBuilder,
)
from .ops.prompt_guide import PromptGuideRetrieveBuilder, PromptGuideUpdateBuilder
from .ops.scores import ScoresRetrievePromptBuilder, ScoresRetrieveTrainingDatasetBuilder
from .ops.training_images import (
    TrainingImagesAddBuilder,
    TrainingImagesDeleteBuilder,
    TrainingImagesReplaceBuilder,
    TrainingImagesReplacePairsBuilder,
)
from .resource_methods import (
    BoundMethod,
    BulkGetMethod,
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
    "ModelsNamespace",
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
    retrieve: BoundMethod[DescriptionRetrieveBuilder] = BoundMethod(ops.description.retrieve)
    update: BoundMethod[DescriptionUpdateBuilder] = BoundMethod(ops.description.update)


class ExamplesResource(Resource[Form, "ExamplesResource[Raw]", "ExamplesResource[Streamed]"]):
    list: BoundMethod[ExamplesListBuilder] = BoundMethod(ops.examples.list)
    update: BoundMethod[ExamplesUpdateBuilder] = BoundMethod(ops.examples.update)


class TrainResource(Resource[Form, "TrainResource[Raw]", "TrainResource[Streamed]"]):
    trigger: TrainTriggerMethod = TrainTriggerMethod(ops.train.trigger)
    action: TrainActionMethod = TrainActionMethod(ops.train.action)


class TrainingImagesResource(
    Resource[Form, "TrainingImagesResource[Raw]", "TrainingImagesResource[Streamed]"]
):
    add: BoundMethod[TrainingImagesAddBuilder] = BoundMethod(ops.training_images.add)
    replace_pairs: BoundMethod[TrainingImagesReplacePairsBuilder] = BoundMethod(
        ops.training_images.replace_pairs
    )
    replace: BoundMethod[TrainingImagesReplaceBuilder] = BoundMethod(ops.training_images.replace)
    delete: BoundMethod[TrainingImagesDeleteBuilder] = BoundMethod(ops.training_images.delete)


class PresetsResource(Resource[Form, "PresetsResource[Raw]", "PresetsResource[Streamed]"]):
    create: BoundMethod[PresetsCreateBuilder] = BoundMethod(ops.presets.create)
    update: BoundMethod[PresetsUpdateBuilder] = BoundMethod(ops.presets.update)
    list: BoundMethod[PresetsListBuilder] = BoundMethod(ops.presets.list)
    delete: BoundMethod[PresetsDeleteBuilder] = BoundMethod(ops.presets.delete)


class PromptGuideResource(
    Resource[Form, "PromptGuideResource[Raw]", "PromptGuideResource[Streamed]"]
):
    retrieve: BoundMethod[PromptGuideRetrieveBuilder] = BoundMethod(ops.prompt_guide.retrieve)
    update: BoundMethod[PromptGuideUpdateBuilder] = BoundMethod(ops.prompt_guide.update)


class ScoresResource(Resource[Form, "ScoresResource[Raw]", "ScoresResource[Streamed]"]):
    retrieve_prompt: BoundMethod[ScoresRetrievePromptBuilder] = BoundMethod(
        ops.scores.retrieve_prompt
    )
    retrieve_training_dataset: BoundMethod[ScoresRetrieveTrainingDatasetBuilder] = BoundMethod(
        ops.scores.retrieve_training_dataset
    )


class ModelsNamespace(Resource[Form, "ModelsNamespace[Raw]", "ModelsNamespace[Streamed]"]):
    """The official SDK's `client.models`, in one form: its methods and sub-resources."""

    list: ModelsListMethod = ModelsListMethod(ops.models.list)
    create: ModelsCreateMethod = ModelsCreateMethod(ops.models.create)
    retrieve: ModelsRetrieveMethod = ModelsRetrieveMethod(ops.models.retrieve)
    update: ModelsUpdateMethod = ModelsUpdateMethod(ops.models.update)
    delete: BoundMethod[ModelsDeleteBuilder] = BoundMethod(ops.models.delete)
    copy: ModelsCopyMethod = ModelsCopyMethod(ops.models.copy)
    download: BoundMethod[ModelsDownloadBuilder] = BoundMethod(ops.models.download)
    delete_images: BoundMethod[ModelsDeleteImagesBuilder] = BoundMethod(ops.models.delete_images)
    update_tags: BoundMethod[ModelsUpdateTagsBuilder] = BoundMethod(ops.models.update_tags)
    transfer: ModelsTransferMethod = ModelsTransferMethod(ops.models.transfer)
    restore: ModelsRestoreMethod = ModelsRestoreMethod(ops.models.restore)
    get_bulk: BulkGetMethod[ModelsGetBulkBuilder] = BulkGetMethod(ops.models.get_bulk)

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


class ModelsResource(ModelsNamespace[Parsed]):
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
        waiting for you at once, so any number of ids is fetched in bounded memory. A request
        that failed after its retries is a chunk with `error` set, and the others go on.
        Leaving the block cancels what is in flight. Options as for `get_bulk`, but for
        `timeout=`: it bounds each chunk's request, its retries included. The stream itself has
        no deadline, since you set its pace: wrap the loop in `anyio.fail_after(...)` for one.
        The limits, `into` and the options are checked here, the ids as they are read.
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
        """The final `Model` once trained; a typed error carrying the last snapshot otherwise.

        Waits of this client with the same options share one watch's polls (`SharedWaits`).
        """
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
        self.models: ModelsNamespace[Raw] = ModelsNamespace(sender, Raw)


class StreamingResponseView:
    """`client.with_streaming_response`: `async with .models.<op>(...) as response`."""

    def __init__(self, sender: Sender) -> None:
        self.models: ModelsNamespace[Streamed] = ModelsNamespace(sender, Streamed)


# The official SDK's names for the same namespaces, for code that annotates with them.
AsyncModelsResource = ModelsResource
AsyncModelsResourceWithRawResponse = ModelsNamespace[Raw]
AsyncModelsResourceWithStreamingResponse = ModelsNamespace[Streamed]
