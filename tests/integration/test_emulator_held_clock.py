"""The emulator's clock as a test drives it: held trainings stay put for every reader, move
exactly where they are told, and go on from there once released; in process and over its
`/_emulator/clock` route."""

from __future__ import annotations

from typing import Any

import pytest

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator, Faults
from scenario_async.types import ModelTrainingProgress
from tests.support.emulated import basic, client_of, clock_route, start_trainings


async def progress_of(client: AsyncScenario, model_id: str) -> ModelTrainingProgress | None:
    return (await client.models.retrieve(model_id)).model.training_progress


async def status_of(client: AsyncScenario, model_id: str) -> str | None:
    return (await client.models.retrieve(model_id)).model.status


@pytest.mark.scenario_emulator(hold=True, training_seconds=10.0, training_slots=1)
async def test_held_trainings_stay_put_and_move_only_where_told(
    scenario_emulator: Emulator,
) -> None:
    emulator = scenario_emulator
    async with client_of(emulator) as client:
        first, second = await start_trainings(client, 2, "Held")
        pending = await progress_of(client, first)
        assert pending is not None and pending.stage == "pending"
        assert await progress_of(client, first) == pending  # held: the same for every read

        emulator.advance_to(second, "queued-for-train")
        queued = await progress_of(client, second)
        assert queued is not None and (queued.stage, queued.position) == ("queued-for-train", 0)
        starting = await progress_of(client, first)
        assert starting is not None and starting.stage == "starting-train"

        emulator.advance_to(first, "running-train", progress=0.25)
        running = await progress_of(client, first)
        assert running is not None and running.stage == "running-train"
        assert (running.progress, running.remaining_time_ms) == (0.25, 6000)

        emulator.advance_to(first, "ended")
        assert await status_of(client, first) == "trained"
        now_starting = await progress_of(client, second)
        assert now_starting is not None and now_starting.stage == "starting-train"

        emulator.advance_to(second, "starting-train")  # where it is already: nothing moves
        with pytest.raises(ValueError, match="time does not go back"):
            emulator.advance_to(second, "queued-for-train")
        with pytest.raises(ValueError, match="is not training"):
            emulator.advance_to(first, "ended")
        assert await progress_of(client, second) == now_starting

        emulator.release()
        assert not emulator.held
        emulator.advance(9.0)  # released or not, a step moves every training on
        assert await status_of(client, second) == "trained"


async def test_a_running_clock_can_be_held_mid_training(scenario_emulator: Emulator) -> None:
    async with client_of(scenario_emulator) as client:
        (model_id,) = await start_trainings(client, 1, "Mid")
        scenario_emulator.hold()
        scenario_emulator.advance_to(model_id, "running-train", progress=0.5)
        first = await progress_of(client, model_id)
        assert first is not None and (first.stage, first.progress) == ("running-train", 0.5)
        assert await progress_of(client, model_id) == first


async def clock_of(
    emulator: Emulator, body: dict[str, Any] | bytes | None = None, *, auth: bool = True
) -> tuple[int, Any]:
    authorization = basic(emulator.api_key, emulator.api_secret) if auth else None
    return await clock_route(emulator.base_url, body, authorization=authorization)


# Every operation fails, but those that start a training.
ALL_FAULTED_BUT_TRAINING = {
    "*": Faults(error=1.0),
    **dict.fromkeys(
        ["models.create", "models.training_images.add", "models.train.trigger"], Faults()
    ),
}


@pytest.mark.scenario_emulator(training_seconds=10.0, faults=ALL_FAULTED_BUT_TRAINING)
async def test_the_clock_route_holds_moves_and_releases_and_is_never_faulted(
    scenario_emulator: Emulator,
) -> None:
    emulator = scenario_emulator
    async with client_of(emulator) as client:
        (model_id,) = await start_trainings(client, 1, "Route")
    status, state = await clock_of(emulator, {"hold": True})
    assert (status, state["held"]) == (200, True)
    held_at = state["now"]
    assert (await clock_of(emulator))[1] == {"now": held_at, "held": True}

    status, state = await clock_of(emulator, {"advance": 0.5})
    assert (status, state["now"]) == (200, held_at + 0.5)
    body = {"modelId": model_id, "stage": "running-train", "progress": 0.5}
    status, state = await clock_of(emulator, body)
    assert status == 200
    assert emulator.store.schedule.progress(model_id, state["now"]).progress == 0.5

    status, state = await clock_of(emulator, {"hold": False})
    assert (status, state["held"]) == (200, False)
    assert not emulator.held


@pytest.mark.scenario_emulator(hold=True)
@pytest.mark.parametrize(
    ("body", "status", "parameter"),
    [
        ({"advance": -1}, 400, "advance"),
        ({"advance": "soon"}, 400, "advance"),
        (b'{"advance": 1e999}', 400, "advance"),  # a float's infinity
        ({"stage": "running-train", "modelId": "model_unknown"}, 409, "stage"),
        ({"modelId": "model_x", "stage": "trained"}, 400, "stage"),
        ({"modelId": "model_x", "progress": 2}, 400, "progress"),
        ({"hold": True, "rewind": 5}, 400, "rewind"),
    ],
)
async def test_the_clock_route_refuses_what_it_cannot_do_and_changes_nothing(
    scenario_emulator: Emulator, body: dict[str, Any] | bytes, status: int, parameter: str
) -> None:
    before = scenario_emulator.clock()
    answer = await clock_of(scenario_emulator, body)
    assert answer[0] == status and answer[1]["parameter"] == parameter
    assert (scenario_emulator.clock(), scenario_emulator.held) == (before, True)


async def test_the_clock_route_asks_for_the_api_credentials(scenario_emulator: Emulator) -> None:
    status, body = await clock_of(scenario_emulator, {"hold": True}, auth=False)
    assert (status, body["parameter"]) == (401, "Authorization")
    assert not scenario_emulator.held
