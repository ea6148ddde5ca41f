"""The aiohttp transport's life: closed for good by `aclose()`, and at home in any event loop."""

from __future__ import annotations

import asyncio
import gc
import warnings

import anyio
import pytest

from scenario_async import (
    AiohttpTransport,
    AsyncScenario,
    ClientClosedError,
    Timeout,
    TransportRequest,
)
from scenario_async.emulator import Emulator
from tests.support.doubles import exchanged
from tests.support.emulated import client_of


def scenario_over(emulator: Emulator, transport: AiohttpTransport) -> AsyncScenario:
    return AsyncScenario(
        api_key=emulator.api_key,
        api_secret=emulator.api_secret,
        base_url=emulator.base_url,
        transport=transport,
    )


@pytest.mark.parametrize("used", [True, False], ids=["used", "never-used"])
async def test_a_closed_transport_stays_closed(scenario_emulator: Emulator, used: bool) -> None:
    transport = AiohttpTransport()
    request = TransportRequest("GET", scenario_emulator.base_url + "/models", {}, None, Timeout())
    if used:
        assert (await exchanged(transport, request))[0] == 401
    await transport.aclose()
    await transport.aclose()
    with pytest.raises(ClientClosedError, match=r"closed.* make a new client"):
        await transport.open(request)
    assert transport._session is None


async def test_a_client_whose_transport_another_client_closed_says_to_make_a_new_one(
    scenario_emulator: Emulator,
) -> None:
    transport = AiohttpTransport()
    first = scenario_over(scenario_emulator, transport)
    second = scenario_over(scenario_emulator, transport)
    model = (await first.models.create(name="shared")).model
    await first.close()
    with pytest.raises(ClientClosedError, match="make a new client"):
        await second.models.retrieve(model.id)


async def test_one_client_serves_two_asyncio_runs_and_leaves_no_warning(
    scenario_emulator: Emulator,
) -> None:
    async with client_of(scenario_emulator) as setup:
        model_id = (await setup.models.create(name="two loops")).model.id
    # As a module-level client is: made once, outside any loop it runs in.
    client = scenario_over(scenario_emulator, AiohttpTransport())

    async def retrieve() -> str:
        return (await client.models.retrieve(model_id)).model.id

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            # In a thread, so that this test's loop goes on serving the emulator meanwhile.
            assert await anyio.to_thread.run_sync(asyncio.run, retrieve()) == model_id
        assert await retrieve() == model_id
        await client.close()
        # Whatever was left unclosed reports itself when collected.
        gc.collect()
    assert [str(warning.message) for warning in caught] == []
