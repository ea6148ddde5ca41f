"""`into=MyView` against the emulator's full-size models: retrieve, list, get_bulk and
stream_bulk give the caller's view, with the very values the full `Model` decode reads."""

from __future__ import annotations

import msgspec
import pytest
from msgspec import UNSET

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator
from scenario_async.types import Model, TrainingImageBody, TrainTriggerBody

# A stopped clock: a training in progress reads the same in every response.
pytestmark = pytest.mark.scenario_emulator(models=12, seed=9, clock=lambda: 1_750_000_000.0)


class Progress(msgspec.Struct, rename="camel"):
    stage: str
    position: float | None = None
    progress: float | None = None


class View(msgspec.Struct, rename="camel"):
    """Six of a model's forty fields, one renamed, one nested."""

    model_id: str = msgspec.field(name="id")
    name: str | None = None
    status: str | None = None
    type: str | None = None
    training_images_number: float | None = None
    training_progress: Progress | None = None


def view_of(model: Model) -> View:
    """What the view should read: the full decode, re-encoded, read into the view."""
    return msgspec.convert(msgspec.to_builtins(model), View)


def client_for(emulator: Emulator) -> AsyncScenario:
    return AsyncScenario(
        api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=emulator.base_url
    )


async def test_views_hold_the_values_of_the_full_decode(scenario_emulator: Emulator) -> None:
    store = scenario_emulator.store
    async with client_for(scenario_emulator) as client:
        ids = [m.id async for m in client.models.list(page_size=5)]
        # One model in training, so that the nested view has something to read.
        store.add_training_images(ids[0], TrainingImageBody(asset_id="asset_p"), UNSET)
        store.train(ids[0], TrainTriggerBody(), dry_run=False, images_count=UNSET, project_id=UNSET)

        full_list = [m async for m in client.models.list(page_size=5)]
        listed = [v async for v in client.models.list(page_size=5, into=View)]
        full_bulk = await client.models.get_bulk(model_ids=ids, chunk_size=4)
        bulk = await client.models.get_bulk(model_ids=ids, chunk_size=4, into=View)
        async with client.models.stream_bulk(ids, chunk_size=4, into=View) as chunks:
            streamed = {v.model_id: v async for chunk in chunks for v in chunk.models}
        full_one = await client.models.retrieve(ids[0])
        retrieved = await client.models.retrieve(ids[0], into=View)

    assert len(ids) >= 6
    expected = [view_of(m) for m in full_bulk.models]
    assert [v.model_id for v in expected] == ids
    assert all(v.name and v.status and v.type for v in expected)
    assert bulk.models == expected
    assert [streamed[i] for i in ids] == expected
    assert listed == [view_of(m) for m in full_list]
    assert retrieved.model == view_of(full_one.model)
    assert retrieved.model.training_progress is not None
    assert all(type(v) is View for v in [*listed, *bulk.models, retrieved.model])


async def test_raw_forms_parse_into_the_view_as_the_operations_do(
    scenario_emulator: Emulator,
) -> None:
    """`parse(into=View)` gives what the operation gives with `into=View`: for a listing, a page
    whose next pages decode into the view too; for train.trigger and get_bulk, their envelope."""
    async with client_for(scenario_emulator) as client:
        ids = [m.id async for m in client.models.list(page_size=5)]
        scenario_emulator.store.add_training_images(
            ids[1], TrainingImageBody(asset_id="asset_q"), UNSET
        )
        expected_first = [v async for v in client.models.list(page_size=5, into=View)][:10]
        raw_list = await client.models.with_raw_response.list(page_size=5)
        first = await raw_list.parse(into=View)
        second = await first.get_next_page()
        async with client.with_streaming_response.models.list(page_size=5) as streamed_list:
            streamed_first = await streamed_list.parse(into=View)
        raw_one = await client.models.with_raw_response.retrieve(ids[0])
        raw_bulk = await client.with_raw_response.models.get_bulk(model_ids=ids[:3])
        raw_trigger = await client.models.train.with_raw_response.trigger(ids[1])

    assert [type(v) for v in [*first.models, *second.models]] == [View] * 10
    assert [*first.models, *second.models] == expected_first
    assert streamed_first.models == first.models
    assert (await raw_one.parse(into=View)).model.model_id == ids[0]
    assert (await raw_one.parse()).model.id == ids[0]
    assert [v.model_id for v in (await raw_bulk.parse(into=View)).models] == ids[:3]
    trigger = await raw_trigger.parse(into=View)
    assert type(trigger.model) is View and trigger.model.model_id == ids[1]
    assert trigger.job.job_id
