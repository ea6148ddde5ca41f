"""`into=View` decodes the models of an answer into the caller's Struct, and keeps every check
of the operation's own parameters: a misspelled keyword or a wrong type is still an error."""

from __future__ import annotations

from typing import assert_type

import msgspec

from scenario_async import AsyncScenario, ModelPage, ModelPaginator
from scenario_async.types import (
    Model,
    ModelResponse,
    ModelResponseOf,
    TrainTriggerResponse,
    TrainTriggerResponseOf,
)


class View(msgspec.Struct, rename="camel"):
    id: str


async def projected(client: AsyncScenario) -> None:
    models = client.models
    assert_type(await models.retrieve("m", into=View), ModelResponseOf[View])
    assert_type(await models.retrieve("m"), ModelResponse)
    assert_type(await models.create(name="n", type="flux.1-lora", into=View), ModelResponseOf[View])
    assert_type(await models.update("m", name="n", into=View), ModelResponseOf[View])
    assert_type(await models.copy("m", copy_as_trained=True, into=View), ModelResponseOf[View])
    assert_type(
        await models.transfer("m", destination_project_id="p", into=View), ModelResponseOf[View]
    )
    assert_type(await models.restore("m", into=View), ModelResponseOf[View])
    assert_type(await models.train.trigger("m", into=View), TrainTriggerResponseOf[View])
    assert_type(await models.train.trigger("m"), TrainTriggerResponse)
    assert_type(await models.train.action("m", action="cancel", into=View), ModelResponseOf[View])
    assert_type(models.list(page_size=5, into=View), ModelPaginator[View])
    assert_type(models.list(page_size=5), ModelPaginator[Model])
    assert_type(await models.list(sort_by="createdAt", into=View), ModelPage[View])


async def mistakes_under_into(client: AsyncScenario) -> None:
    models = client.models
    await models.retrieve("m", projet_id="p", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    await models.retrieve(42, into=View)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await models.retrieve("m", timeout="soon", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await models.update("m", nme="n", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    await models.create(type="not-a-type", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await models.transfer("m", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    await models.train.trigger("m", dry_run="yes", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await models.train.action("m", action="pause", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    models.list(page_sise=5, into=View)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    models.list(sort_by="name", into=View)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    await models.get_bulk(model_ids=["a"], chunk_sise=10, into=View)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
    # `into` must be a Struct type: a dict type has no fields to decode a model's into.
    await models.retrieve("m", into=dict)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]
    # Operations whose answer holds no models take no `into`.
    await models.download("m", into=View)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
