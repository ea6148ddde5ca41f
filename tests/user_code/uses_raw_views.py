"""The official SDK's raw and streaming forms, typed as the operations are: each operation of
`with_raw_response` and `with_streaming_response` takes the operation's own parameters, and
`parse()` returns what the operation returns (with `into=`, what it returns with `into=`)."""

from __future__ import annotations

from typing import assert_type

import msgspec

from scenario_async import AsyncScenario, ModelPage, RawResponse
from scenario_async.types import (
    DescriptionResponse,
    Model,
    ModelGetBulkResponse,
    ModelGetBulkResponseOf,
    ModelResponse,
    ModelResponseOf,
    TrainTriggerResponse,
    TrainTriggerResponseOf,
)


class View(msgspec.Struct, rename="camel"):
    id: str
    status: str


async def raw_forms(client: AsyncScenario) -> None:
    raw = await client.models.with_raw_response.retrieve("model_abc", project_id="p")
    assert_type(raw, RawResponse[ModelResponse])
    assert_type(await raw.parse(), ModelResponse)
    assert_type(await raw.parse(into=View), ModelResponseOf[View])
    assert_type(raw.status_code, int)

    via_client = await client.with_raw_response.models.train.trigger("model_abc")
    assert_type(via_client, RawResponse[TrainTriggerResponse])
    assert_type(await via_client.parse(into=View), TrainTriggerResponseOf[View])

    sub = await client.models.description.with_raw_response.retrieve("model_abc")
    assert_type(await sub.parse(), DescriptionResponse)

    bulk = await client.models.with_raw_response.get_bulk(model_ids=["a", "b"])
    assert_type(bulk, RawResponse[ModelGetBulkResponse])
    assert_type(await bulk.parse(into=View), ModelGetBulkResponseOf[View])


async def raw_listing(client: AsyncScenario) -> None:
    # As in the official SDK, a listing's raw response parses into the page object.
    raw = await client.models.with_raw_response.list(page_size=10)
    page = await raw.parse()
    assert_type(page, ModelPage[Model])
    assert_type(await page.get_next_page(), ModelPage[Model])
    assert_type(await raw.parse(into=View), ModelPage[View])
    assert_type(await client.models.list.raw(page_size=10), RawResponse[ModelPage[Model]])


async def streaming_forms(client: AsyncScenario) -> None:
    async with client.models.with_streaming_response.update("model_abc", name="n") as response:
        assert_type(response, RawResponse[ModelResponse])
        async for line in response.iter_lines():
            assert_type(line, str)
    async with client.with_streaming_response.models.list() as listing:
        assert_type(await listing.parse(), ModelPage[Model])
    async with client.models.train.with_streaming_response.action(
        "model_abc", action="cancel"
    ) as canceled:
        assert_type(await canceled.parse(), ModelResponse)


async def mistakes(client: AsyncScenario) -> None:
    raw = client.models.with_raw_response
    streamed = client.with_streaming_response.models
    await raw.retrive("model_abc")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await raw.retrieve("model_abc", projet_id="p")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await raw.retrieve(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await raw.train.trigger("model_abc", dry_run="yes")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await raw.delete_images("m", asset_ids=["a"], extra="x")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    streamed.retrieve("model_abc", into=View)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # A response whose answer holds no models has nothing to decode into a view.
    description = await client.models.description.with_raw_response.retrieve("model_abc")
    await description.parse(into=View)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
