"""Cursor pagination over a 2,000-model store: no duplicate, no gap, under concurrent creates."""

from __future__ import annotations

from typing import Literal

import anyio
import anyio.lowlevel
import pytest
from msgspec import UNSET

from scenario_async import AsyncScenario, BadRequestError
from scenario_async.emulator import Emulator
from scenario_async.types import ModelCreateBody

pytestmark = pytest.mark.scenario_emulator(seed=4)


@pytest.mark.parametrize("direction", ["asc", "desc"])
async def test_walk_under_concurrent_creates(
    scenario_emulator: Emulator, direction: Literal["asc", "desc"]
) -> None:
    emu = scenario_emulator
    for n in range(2000):
        emu.store.create(ModelCreateBody(name=f"m{n}"), UNSET)
    async with AsyncScenario(
        api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url
    ) as client:
        before = {m.id async for m in client.models.list(page_size=500)}
        assert len(before) == 2000
        seen: list[str] = []
        created: list[str] = []
        walking = True

        async def create_while_walking() -> None:
            while walking:
                created.append((await client.models.create(name="late")).model.id)

        async with anyio.create_task_group() as tg:
            tg.start_soon(create_while_walking)
            async for page in client.models.list(
                page_size=37, sort_by="createdAt", sort_direction=direction
            ).pages():
                seen.extend(m.id for m in page.models)
                await anyio.lowlevel.checkpoint()
            walking = False

    assert created, "no model was created during the walk"
    assert len(seen) == len(set(seen)), "a model was listed twice"
    assert before <= set(seen), "a model that existed before the walk was skipped"
    assert set(seen) - before <= set(created)


async def test_foreign_token_is_refused(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    for n in range(3):
        emu.store.create(ModelCreateBody(name=f"m{n}"), UNSET)
    async with AsyncScenario(
        api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url
    ) as client:
        page = await client.models.list(page_size=1)
        assert page.next_pagination_token
        with pytest.raises(BadRequestError) as info:
            await client.models.list(
                pagination_token=page.next_pagination_token, sort_direction="asc"
            )
        assert info.value.body == {
            "message": "was issued for another sortBy or sortDirection",
            "parameter": "paginationToken",
        }
        with pytest.raises(BadRequestError):
            await client.models.list(pagination_token="garbage!")
