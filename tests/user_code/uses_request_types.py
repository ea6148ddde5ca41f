"""Request arguments typed as strictly as the official SDK types them.

Nested arguments are TypedDicts with the SDK's snake_case keys, `timeout` is seconds, an
`httpx.Timeout`, our `Timeout` or None, and ids are a list, never one bare `str`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

from scenario_async import AsyncScenario, Timeout, TrainingWatch
from scenario_async.types import (
    Concept,
    ConceptDict,
    ModelIds,
    TrainingImagePairDict,
    TrainingImagePairParam,
    TrainingParameters,
    TrainingParametersDict,
)


async def nested_arguments(client: AsyncScenario) -> None:
    await client.models.update(
        "model_abc",
        parameters={"batch_size": 2, "lr_scheduler": "cosine", "sample_prompts": ["a cat"]},
        concepts=[{"model_id": "model_lora", "scale": 0.8}, Concept(model_id="m", scale=1)],
    )
    await client.models.create(
        concepts=[{"model_id": "model_lora", "scale": 1, "model_epoch": "1"}]
    )
    await client.models.train.trigger("model_abc", parameters={"max_train_steps": 500})
    await client.models.train.trigger("model_abc", parameters=TrainingParameters(rank=16))
    await client.models.training_images.replace_pairs(
        "model_abc",
        body=[{"source_id": "asset_s", "target_id": "asset_t"}, TrainingImagePairParam()],
    )
    parameters: TrainingParametersDict = {"nb_epochs": 10, "optimize_for": "likeness"}
    await client.models.update("model_abc", parameters=parameters)

    await client.models.update("model_abc", parameters={"batch_sise": 2})  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await client.models.update("model_abc", parameters={"batch_size": "2"})  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await client.models.train.trigger("model_abc", parameters={"lr_scheduler": "cosin"})  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await client.models.update("model_abc", concepts=[{"modelId": "model_lora", "scale": 1}])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    await client.models.create(concepts=[{"model_id": "model_lora", "scale": "1"}])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    await client.models.training_images.replace_pairs("model_abc", body=[{"sourceId": "a"}])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    concept: ConceptDict = {"model_id": "model_lora"}  # type: ignore[typeddict-item]  # pyright: ignore[reportAssignmentType]
    pair: TrainingImagePairDict = {"instruction": 3}  # type: ignore[typeddict-item]  # pyright: ignore[reportAssignmentType]
    del concept, pair


async def timeouts(client: AsyncScenario) -> None:
    AsyncScenario(timeout=httpx.Timeout(60.0, connect=2.0))
    AsyncScenario(timeout=30)
    AsyncScenario(timeout=None)
    client.with_options(timeout=Timeout(total=10.0))
    await client.models.retrieve("model_abc", timeout=httpx.Timeout(5.0))
    await client.models.retrieve("model_abc", timeout=2.5)
    await client.models.retrieve("model_abc", timeout=None)

    AsyncScenario(timeout="30")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.with_options(timeout="30")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.models.retrieve("model_abc", timeout="30")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]


def generated() -> Iterator[str]:
    yield "model_abc"


async def from_elsewhere() -> AsyncIterator[str]:
    yield "model_abc"


async def ids(client: AsyncScenario, watch: TrainingWatch, known: dict[str, int]) -> None:
    await client.models.get_bulk(model_ids=["model_abc"])
    await client.models.get_bulk(model_ids=("model_abc", "model_def"))
    await client.models.delete_images("model_abc", ids=["asset_a"])
    await client.models.examples.update("model_abc", asset_ids=("asset_a",))
    await client.models.update_tags("model_abc", add=["cats"], delete=[])
    await client.models.training_images.add("model_abc", asset_ids=["asset_a"])
    await client.models.create(collection_ids=["collection_a"])
    # A bare str is still one value where the SDK takes one: comma-separated tags.
    client.models.list(tags="cats,dogs", collection_ids="collection_a")
    async with client.models.stream_bulk(["model_abc"]) as chunks:
        del chunks
    client.models.stream_bulk({"model_abc"})
    client.models.stream_bulk(generated())
    client.models.stream_bulk(from_elsewhere())
    client.models.watch(["model_abc"])
    client.models.watch(("model_abc",))
    client.models.watch(known.keys())
    client.models.watch(model_id for model_id in known)
    watch.add({"model_abc"})
    watch.remove(generated())
    chosen: ModelIds = frozenset(known)
    watch.add(chosen)

    await client.models.get_bulk(model_ids="model_abc")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await client.models.get_bulk.raw(model_ids="model_abc")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.models.delete_images("model_abc", ids="asset_a")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.models.examples.update("model_abc", asset_ids="asset_a")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.models.update_tags("model_abc", add="cats")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.models.training_images.add("model_abc", asset_ids="asset_a")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await client.models.create(collection_ids="collection_a")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    client.models.stream_bulk("model_abc")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    client.models.watch("model_abc")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    watch.add("model_abc")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    watch.remove("model_abc")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    not_ids: ModelIds = "model_abc"  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    del not_ids
