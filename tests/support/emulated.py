"""Clients of the test emulator and models set up on it, shared by the CLI and docs tests."""

from __future__ import annotations

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
