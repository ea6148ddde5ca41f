"""Clients of the test emulator and models set up on it, shared by the tests that use it."""

from __future__ import annotations

import base64
from typing import Any

import aiohttp

from scenario_async import AsyncScenario
from scenario_async.cli.demo import TRAINING_IMAGE
from scenario_async.emulator import Emulator


def client_of(emulator: Emulator) -> AsyncScenario:
    return AsyncScenario(
        api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=emulator.base_url
    )


async def start_trainings(client: AsyncScenario, count: int, name: str) -> list[str]:
    """`count` new models, one training image each, their trainings triggered."""
    ids = []
    for n in range(count):
        model = (await client.models.create(name=f"{name} {n}", type="flux.1-lora")).model
        await client.models.training_images.add(model.id, data=TRAINING_IMAGE, name="a.png")
        await client.models.train.trigger(model.id)
        ids.append(model.id)
    return ids


async def training_models(emulator: Emulator, count: int, name: str) -> list[str]:
    async with client_of(emulator) as client:
        return await start_trainings(client, count, name)


def basic(api_key: str, api_secret: str) -> str:
    """The Authorization header that lets a raw HTTP client in."""
    return "Basic " + base64.b64encode(f"{api_key}:{api_secret}".encode()).decode()


async def clock_route(
    base_url: str, body: dict[str, Any] | bytes | None = None, *, authorization: str | None
) -> tuple[int, Any]:
    """The emulator's clock route: GET without a body; POST a dict as JSON, or bytes as they
    are. The status and the decoded answer."""
    headers = {} if authorization is None else {"Authorization": authorization}
    url = f"{base_url}/_emulator/clock"
    async with aiohttp.ClientSession(headers=headers) as session:
        if body is None:
            request = session.get(url)
        elif isinstance(body, bytes):
            request = session.post(url, data=body)
        else:
            request = session.post(url, json=body)
        async with request as response:
            return response.status, await response.json()
