"""The official SDK, pointed at the emulator, runs all 21 operations and parses every answer.

This is the evidence that the emulator speaks the real wire format: the SDK cannot tell it
from the real API.
"""

from __future__ import annotations

import pytest
from scenario_sdk import AsyncScenario as SdkAsyncScenario

from scenario_async.emulator import Emulator

PNG = "data:image/png;base64,iVBORw0KGgo="
# The clock is held, so the training is still in progress at the retrieve that follows the
# trigger however slow the machine, and it ends when the test moves the clock there.
pytestmark = pytest.mark.scenario_emulator(training_seconds=0.3, models=3, seed=11, hold=True)


async def test_sdk_runs_every_operation(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with SdkAsyncScenario(
        api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url, max_retries=0
    ) as sdk:
        models = sdk.models
        created = await models.create(name="sdk", type="flux.1-lora", short_description="x")  # 1
        model_id = created.model.id
        assert created.model.status == "new"

        listed_ids = [m.id async for m in models.list(page_size=1)]  # 2
        assert model_id in listed_ids and len(listed_ids) == len(set(listed_ids)) >= 2

        image = await models.training_images.add(model_id, data=PNG, name="a.png")  # 3
        image_id = image.training_image.id
        await models.training_images.add(model_id, asset_ids=["asset_s", "asset_t"])
        replaced = await models.training_images.replace(  # 4
            image_id, model_id=model_id, data=PNG, name="b.png"
        )
        assert (replaced.training_image.id, replaced.training_image.name) == (image_id, "b.png")
        pairs = await models.training_images.replace_pairs(  # 5
            model_id, body=[{"source_id": "asset_s", "target_id": "asset_t", "instruction": "i"}]
        )
        assert pairs.count == 1 and pairs.pairs[0].source_id == "asset_s"
        await models.training_images.delete("asset_t", model_id=model_id)  # 6

        updated = await models.update(model_id, name="renamed", parameters={"rank": 16})  # 7
        assert updated.model.name == "renamed" and updated.model.parameters.rank == 16

        trigger = await models.train.trigger(model_id, parameters={"nb_epochs": 2})  # 8
        assert trigger.job.status == "queued" and trigger.model.status == "training"
        retrieved = await models.retrieve(model_id)  # 9
        assert retrieved.model.training_progress is not None
        assert retrieved.model.training_progress.stage in {
            "pending",
            "queued-for-train",
            "starting-train",
            "running-train",
        }
        emu.advance_to(model_id, "ended")
        trained = (await models.retrieve(model_id)).model
        assert trained.status == "trained" and trained.epochs and trained.training_stats
        assert trained.training_stats.train_duration is not None

        bulk = await models.get_bulk(model_ids=[model_id, "model_unknown"], minimal=True)  # 10
        assert [m.id for m in bulk.models] == [model_id]

        download = await models.download(model_id, model_epoch=trained.epochs[0].epoch)  # 11
        assert download.job_id.startswith("job_")

        copied = await models.copy(model_id, copy_as_trained=True, copy_examples=False)  # 12
        copy_id = copied.model.id
        assert copied.model.status == "trained"

        tags = await models.update_tags(model_id, add=["a", "b"], delete=["z"])  # 13
        assert (tags.added, tags.deleted) == (["a", "b"], [])

        desc = await models.description.update(model_id, description="# md")  # 14
        assert desc.description.value == "# md"
        got = await models.description.retrieve(model_id)  # 15
        assert got.description.value == "# md" and got.description.assets == []

        examples = await models.examples.update(model_id, asset_ids=["asset_e"])  # 16
        assert examples.examples[0].asset.kind == "image"
        listed = await models.examples.list(model_id)  # 17
        assert listed.examples[0].api_model_id == model_id

        await models.delete_images(model_id, ids=["asset_e", "asset_s"])  # 18
        assert (await models.examples.list(model_id)).examples == []

        await models.update(copy_id, name="copy")
        await models.train.trigger(copy_id)
        action = await models.train.action(copy_id, action="cancel")  # 19
        assert action.model.status == "training-canceled"

        moved = await models.transfer(model_id, destination_project_id="project_b")  # 20
        assert moved.model.owner_id == "project_b"

        await models.delete(copy_id)  # 21
        with pytest.raises(Exception) as info:
            await models.retrieve(copy_id)
        assert getattr(info.value, "status_code", None) == 404


async def test_sdk_auth_and_public_listing(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with SdkAsyncScenario(
        api_key="wrong", api_secret="creds", base_url=emu.base_url, max_retries=0
    ) as sdk:
        with pytest.raises(Exception) as info:
            await sdk.models.retrieve("model_x")
        assert getattr(info.value, "status_code", None) == 401
        assert info.value.body == {  # type: ignore[attr-defined]
            "message": "missing or invalid credentials",
            "parameter": "Authorization",
        }
    async with SdkAsyncScenario(
        bearer_auth="unused",
        default_headers={"Authorization": "public-auth-token"},
        base_url=emu.base_url,
        max_retries=0,
    ) as public:
        page = await public.models.list(privacy="public")
        assert all(m.privacy == "public" for m in page.models)
        with pytest.raises(Exception) as info:
            await public.models.list()
        assert getattr(info.value, "status_code", None) == 401
