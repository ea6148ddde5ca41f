"""The emulator as users start it: as a process from the command line, and with Bearer auth."""

from __future__ import annotations

import re
import signal
import sys

import anyio
import anyio.abc
import pytest
from anyio.streams.text import TextReceiveStream

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator
from scenario_async.errors import AuthenticationError
from tests.support.emulated import basic, clock_route, start_trainings
from tests.support.waiting import PATIENCE

_URL = re.compile(r"listening on (http://127\.0\.0\.1:\d+/v1)")


async def _count_models(client: AsyncScenario) -> int:
    return sum([len((await client.models.list(privacy=p)).models) for p in ("private", "public")])


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
async def test_the_emulator_process_serves_and_stops_cleanly(stop_with: signal.Signals) -> None:
    command = [sys.executable, "-m", "scenario_async", "emulator", "--port", "0", "--models", "3"]
    async with await anyio.open_process(command, stdout=None) as process:
        assert process.stderr is not None
        with anyio.fail_after(PATIENCE):
            line = await _first_line(process.stderr)
        found = _URL.search(line)
        assert found, line
        assert "emulator-secret" not in line
        async with AsyncScenario(
            api_key="emulator-key", api_secret="emulator-secret", base_url=found.group(1)
        ) as client:
            assert await _count_models(client) == 3
        process.send_signal(stop_with)
        with anyio.fail_after(PATIENCE):
            assert await process.wait() == 0


async def test_the_emulator_process_started_held_moves_trainings_only_when_told() -> None:
    command = [sys.executable, "-m", "scenario_async", "emulator", "--port", "0", "--hold"]
    async with await anyio.open_process(command, stdout=None) as process:
        assert process.stderr is not None
        with anyio.fail_after(PATIENCE):
            found = _URL.search(await _first_line(process.stderr))
        assert found
        base_url = found.group(1)
        async with AsyncScenario(
            api_key="emulator-key", api_secret="emulator-secret", base_url=base_url
        ) as client:
            (model_id,) = await start_trainings(client, 1, "Process")
            held = (await client.models.retrieve(model_id)).model.training_progress
            assert held is not None and held.stage == "pending"
            authorization = basic("emulator-key", "emulator-secret")
            body = {"modelId": model_id, "stage": "running-train", "progress": 0.5}
            status, state = await clock_route(base_url, body, authorization=authorization)
            assert status == 200 and state["held"] is True
            moved = (await client.models.retrieve(model_id)).model.training_progress
            assert moved is not None and (moved.stage, moved.progress) == ("running-train", 0.5)
            assert (await client.models.retrieve(model_id)).model.training_progress == moved
            state = (await clock_route(base_url, {"hold": False}, authorization=authorization))[1]
            assert state["held"] is False
        process.send_signal(signal.SIGTERM)
        with anyio.fail_after(PATIENCE):
            assert await process.wait() == 0


async def _first_line(stream: anyio.abc.ByteReceiveStream) -> str:
    text = ""
    async for chunk in TextReceiveStream(stream):
        text += chunk
        if "\n" in text:
            break
    return text


@pytest.mark.scenario_emulator(bearer_token="token-1", models=2)
async def test_bearer_auth(scenario_emulator: Emulator) -> None:
    base_url = scenario_emulator.base_url
    async with AsyncScenario(bearer_auth="token-1", base_url=base_url) as client:
        assert await _count_models(client) == 2
    async with AsyncScenario(bearer_auth="token-2", base_url=base_url, max_retries=0) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.models.list()
    assert info.value.status_code == 401
    assert info.value.body == {
        "message": "missing or invalid credentials",
        "parameter": "Authorization",
    }
