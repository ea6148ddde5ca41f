"""A model's whole life through our client, against the emulator over loopback."""

from __future__ import annotations

import pytest

from scenario_async import AsyncScenario, ConflictError, NotFoundError
from scenario_async.emulator import Emulator
from scenario_async.types import Model

PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVQYV2NgYAAAAAMAAWgmWQ0AAAAASUVORK5CYII="
)
# The emulator's clock is held: a training moves only when a test advances it, so what a
# read sees does not depend on how fast the machine is.
pytestmark = pytest.mark.scenario_emulator(
    training_seconds=0.6, training_slots=1, seed=3, hold=True
)
# How far the held clock moves between two polls: a tenth of the training, so that a poll
# lands in every stage (pending and starting-train last 10% each, running-train 80%).
STEP = 0.06


def client_for(emulator: Emulator) -> AsyncScenario:
    return AsyncScenario(
        api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=emulator.base_url
    )


async def wait_until_done(
    emulator: Emulator, client: AsyncScenario, model_id: str
) -> tuple[Model, list[str]]:
    """Poll until the training ends, the held clock moving `STEP` between two polls."""
    stages: list[str] = []
    # Ten steps make the training; the bound only stops a training that never ends.
    for _ in range(100):
        model = (await client.models.retrieve(model_id)).model
        if model.status != "training":
            return model, stages
        assert model.training_progress is not None
        if not stages or stages[-1] != model.training_progress.stage:
            stages.append(model.training_progress.stage)
        emulator.advance(STEP)
    raise AssertionError(f"{model_id} still training after 100 polls: {stages}")


async def test_full_lifecycle(scenario_emulator: Emulator) -> None:
    async with client_for(scenario_emulator) as client:
        created = (await client.models.create(name="Heroes", type="flux.1-lora")).model
        assert (created.status, created.name, created.training_images_number) == (
            "new",
            "Heroes",
            0,
        )
        first = await client.models.training_images.add(created.id, data=PNG, name="a.png")
        assert first.training_image.name == "a.png"
        await client.models.training_images.add(created.id, asset_ids=["asset_1", "asset_2"])

        trigger = await client.models.train.trigger(
            created.id, parameters={"max_train_steps": 100, "nb_epochs": 3}
        )
        assert trigger.job.job_type == "flux-model-training"
        assert trigger.model.status == "training"
        with pytest.raises(ConflictError):
            await client.models.train.trigger(created.id)

        trained, stages = await wait_until_done(scenario_emulator, client, created.id)
        assert trained.status == "trained"
        assert stages[-1] == "running-train"
        assert stages == sorted(
            stages, key=["pending", "queued-for-train", "starting-train", "running-train"].index
        )
        assert trained.training_stats is not None and trained.training_stats.train_duration
        assert trained.epochs is not None and len(trained.epochs) == 3
        assert trained.training_images_number == 3

        copy = (await client.models.copy(created.id, copy_as_trained=True)).model
        assert (copy.status, copy.parent_model_id) == ("trained", created.id)
        fresh = (await client.models.copy(created.id)).model
        assert fresh.status == "new" and fresh.epochs is None

        tags = await client.models.update_tags(created.id, add=["hero", "flux"])
        assert tags.added == ["hero", "flux"]
        with pytest.raises(ConflictError):
            await client.models.update_tags(created.id, add=["hero"], strict=True)
        tags = await client.models.update_tags(created.id, delete=["flux", "nope"])
        assert tags.deleted == ["flux"]

        described = await client.models.description.update(
            created.id, description=f"# Heroes\nSee {copy.id}."
        )
        assert described.description.value.startswith("# Heroes")
        assert [m.id for m in described.description.models] == [copy.id]

        examples = await client.models.examples.update(created.id, asset_ids=["asset_a", "asset_b"])
        assert [e.asset.id for e in examples.examples] == ["asset_a", "asset_b"]
        listed = await client.models.examples.list(created.id)
        assert [e.api_model_id for e in listed.examples] == [created.id, created.id]

        moved = await client.models.transfer(created.id, destination_project_id="project_other")
        assert moved.model.owner_id == "project_other"

        await client.models.delete(created.id)
        with pytest.raises(NotFoundError):
            await client.models.retrieve(created.id)


async def test_cancel_mid_training(scenario_emulator: Emulator) -> None:
    async with client_for(scenario_emulator) as client:
        model_id = (await client.models.create(type="sd-xl-lora")).model.id
        with pytest.raises(Exception, match="training image"):
            await client.models.train.trigger(model_id)
        await client.models.training_images.add(model_id, asset_id="asset_x")
        await client.models.train.trigger(model_id)
        # Halfway through running-train, held there until the cancel.
        scenario_emulator.advance_to(model_id, "running-train", progress=0.5)
        progress = (await client.models.retrieve(model_id)).model.training_progress
        assert progress is not None and progress.stage == "running-train"
        canceled = (await client.models.train.action(model_id, action="cancel")).model
        assert canceled.status == "training-canceled"
        assert canceled.training_progress is None
        with pytest.raises(ConflictError):
            await client.models.train.action(model_id, action="cancel")
        # Past the instant the training would have ended (0.24 s later): still canceled.
        scenario_emulator.advance(0.7)
        assert (await client.models.retrieve(model_id)).model.status == "training-canceled"
