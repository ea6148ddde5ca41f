"""What watch events carry, against the emulator over loopback: a `TrainingSnapshot` while a
training goes on, the full `Model` in its terminal event, and only snapshots kept between ticks.
"""

from __future__ import annotations

import msgspec
import pytest

from scenario_async import RequestSent, TrainingSnapshot, WatchEvent
from scenario_async.emulator import Emulator
from scenario_async.training import TERMINAL_EVENTS, Gone
from scenario_async.types import Model
from tests.support.emulated import client_of, training_models


@pytest.mark.scenario_emulator(
    training_seconds=2.0, training_slots=2, failure_rate=0.3, seed=3, hold=True
)
async def test_events_carry_snapshots_while_training_and_the_full_model_at_the_end(
    scenario_emulator: Emulator,
) -> None:
    ids = await training_models(scenario_emulator, 6, "lean")
    events: list[WatchEvent] = []
    async with client_of(scenario_emulator) as client:

        def advance(event: msgspec.Struct) -> None:
            # The held clock moves a fifth of a training per poll: every stage is seen.
            if isinstance(event, RequestSent) and event.operation == "models.get_bulk":
                scenario_emulator.advance(0.4)

        client.subscribe(advance)
        watch = client.models.watch(ids, min_interval=0.01, max_interval=0.05, timeout=60.0)
        async with watch:
            events = [event async for event in watch]
        final = {model.id: model for model in (await client.models.get_bulk(model_ids=ids)).models}

    ended = [event for event in events if isinstance(event, TERMINAL_EVENTS)]
    assert sorted(event.model_id for event in ended) == sorted(ids)
    assert not any(isinstance(event, Gone) for event in ended)
    for event in ended:
        # The model as the server has it: every field, not only the training's.
        assert type(event.model) is Model and event.model == final[event.model_id]
        assert event.model.training_images and event.model.name
    during = [event for event in events if not isinstance(event, TERMINAL_EVENTS)]
    assert len(during) >= 3 * len(ids)  # status, stages, queue and progress were seen
    for event in during:
        assert type(event.model) is TrainingSnapshot
        assert event.model.id == event.model_id and event.model.training_progress is not None
    for model_id in ids:
        state = watch.state(model_id)
        assert state is not None and type(state.model) is TrainingSnapshot
        assert state.model == TrainingSnapshot.of(final[model_id])
