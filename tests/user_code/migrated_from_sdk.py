"""A program written for the official SDK's `AsyncScenario`, with its imports switched to
scenario_async and nothing else changed. tests/docs/test_migration_typing.py checks that with
the imports switched back it is a clean SDK program; here it must be a clean one of ours."""

from __future__ import annotations

import asyncio
import os

import httpx

from scenario_async import APIConnectionError, APIStatusError, AsyncScenario, NotFoundError
from scenario_async.types import ModelRetrieveResponse, ModelUpdateResponse


async def rename_untrained(client: AsyncScenario, prefix: str) -> list[str]:
    renamed: list[str] = []
    page = await client.models.list(page_size=50, status="new", sort_by="createdAt")
    async for model in page:
        if model.name and not model.name.startswith(prefix):
            updated: ModelUpdateResponse = await client.models.update(
                model.id, name=f"{prefix}{model.name}", extra_headers={"X-Request-Source": "cli"}
            )
            renamed.append(updated.model.id)
    while page.has_next_page():
        page = await page.get_next_page()
        renamed.extend(model.id for model in page.models)
    return renamed


async def train(client: AsyncScenario, model_id: str) -> str:
    await client.models.update(
        model_id,
        parameters={"learning_rate": 1e-4, "max_train_steps": 500, "seed": 7},
        concepts=[{"model_id": "model_style", "scale": 0.8}],
    )
    triggered = await client.models.train.trigger(
        model_id, parameters={"max_train_steps": 500}, timeout=30.0
    )
    return triggered.job.job_id


async def inspect(client: AsyncScenario, model_id: str) -> str | None:
    raw = await client.models.with_raw_response.retrieve(model_id)
    request_id = raw.headers.get("x-request-id")
    retrieved: ModelRetrieveResponse = await raw.parse()
    print(retrieved.model.status, request_id, raw.status_code)
    async with client.models.with_streaming_response.retrieve(model_id) as response:
        async for line in response.iter_lines():
            print(line)
    description = await client.models.description.retrieve(model_id)
    print(description.to_json())
    bulk = await client.models.get_bulk(model_ids=[model_id, "model_other"], minimal=True)
    return next((model.name for model in bulk.models), None)


async def housekeeping(client: AsyncScenario, model_ids: list[str]) -> dict[str, str]:
    stages: dict[str, str] = {}
    async for model in client.models.list(project_id="proj_1", tags="keep"):
        progress = model.training_progress
        if progress is not None:
            stages[model.id] = progress.stage
    bulk = await client.with_raw_response.models.get_bulk(model_ids=model_ids)
    for fetched in (await bulk.parse()).models:
        if fetched.status == "training":
            await client.models.train.action(fetched.id, action="cancel")
    copied = await client.models.copy(model_ids[0], copy_as_trained=True)
    await client.models.examples.update(copied.model.id, asset_ids=["asset_1", "asset_2"])
    await client.models.training_images.add(copied.model.id, asset_id="asset_3")
    await client.models.update_tags(copied.model.id, add=["copy"], delete=["original"])
    await client.models.retrieve(copied.model.id, timeout=httpx.Timeout(10.0, connect=2.0))
    return stages


async def main() -> None:
    async with AsyncScenario(
        api_key=os.environ.get("SCENARIO_API_KEY"),
        api_secret=os.environ.get("SCENARIO_API_SECRET"),
        max_retries=3,
        timeout=20.0,
    ) as client:
        try:
            print(await rename_untrained(client, "v2-"))
            print(await train(client, "model_abc"))
            print(await inspect(client, "model_abc"))
            print(await housekeeping(client, ["model_abc", "model_def"]))
            await client.models.delete("model_old")
        except NotFoundError as error:
            print("gone:", error.status_code, error.body)
        except APIStatusError as error:
            print(error.status_code, error.response.headers.get("retry-after"), error.message)
        except APIConnectionError as error:
            print("no answer:", error.message, error.request.url)


if __name__ == "__main__":
    asyncio.run(main())
