"""The official SDK, pointed at the emulator, runs all 21 operations of the reference and the
9 it has beyond it (restore, presets, prompt guide, scores), and parses every answer.

This is the evidence that the emulator speaks the real wire format: the SDK cannot tell it
from the real API.
"""

from __future__ import annotations

from typing import Any

import pytest
from msgspec import UNSET
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


def status_of(error: BaseException) -> Any:
    return getattr(error, "status_code", None)


async def test_sdk_runs_the_operations_beyond_the_reference(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with SdkAsyncScenario(
        api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url, max_retries=0
    ) as sdk:
        models = sdk.models
        # The seeded models have captioned training images; the emulator's own have none.
        captioned = [m.id async for m in models.list() if m.training_images_number]
        assert captioned, "seed 11 gives at least one private model"
        seeded = captioned[0]
        model_id = (await models.create(name="beyond", type="flux.1-lora")).model.id
        await models.training_images.add(model_id, asset_ids=["asset_a", "asset_b"])
        await models.update_tags(model_id, add=["t"])

        # restore: a delete then restore round trip; 400 for a live model, 410 past 30 days
        await models.delete(model_id)
        with pytest.raises(Exception) as info:
            await models.retrieve(model_id)
        assert status_of(info.value) == 404
        deleted = [m async for m in models.list(status="deleted")]
        assert [m.id for m in deleted] == [model_id] and deleted[0].deleted_at
        restored = await models.restore(model_id)  # 1
        assert (restored.model.id, restored.model.status) == (model_id, "new")
        assert restored.model.tags == [] and restored.model.deleted_at is None
        assert restored.model.training_images_number == 2
        assert (await models.retrieve(model_id)).model.id == model_id
        with pytest.raises(Exception) as info:
            await models.restore(model_id)
        assert status_of(info.value) == 400
        assert info.value.body == {  # type: ignore[attr-defined]
            "message": "the model is not deleted",
            "parameter": "modelId",
        }

        # presets
        first = (await models.presets.create(model_id, inference_id="inference_1")).preset  # 2
        assert (first.api_model_id, first.is_default) == (model_id, False)
        assert first.parameters.type == "txt2img" and "beyond" in first.parameters.prompt
        assert first.created_at == first.updated_at
        second = (
            await models.presets.create(model_id, inference_id="inference_2", is_default=True)
        ).preset
        assert second.is_default
        updated = await models.presets.update(first.id, model_id=model_id, is_default=True)  # 3
        assert updated.preset.id == first.id and updated.preset.is_default
        listed = (await models.presets.list(model_id)).presets  # 4
        assert [(p.id, p.is_default) for p in listed] == [(first.id, True), (second.id, False)]
        assert await models.presets.delete(second.id, model_id=model_id) == {}  # 5
        assert [p.id for p in (await models.presets.list(model_id)).presets] == [first.id]
        with pytest.raises(Exception) as info:
            await models.presets.delete(second.id, model_id=model_id)
        assert status_of(info.value) == 404

        # prompt guide: empty until set, and again after null
        guide = models.prompt_guide
        assert (await guide.retrieve(model_id)).prompt_guide.value == ""  # 6
        set_guide = await guide.update(model_id, prompt_guide="# Instructions\n...")  # 7
        assert set_guide.prompt_guide.value == "# Instructions\n..."
        assert (await guide.retrieve(model_id)).prompt_guide.value == "# Instructions\n..."
        # The SDK types `prompt_guide` as str, but documents null as deleting the guide.
        cleared = await guide.update(model_id, prompt_guide=None)  # type: ignore[arg-type]
        assert cleared.prompt_guide.value == ""

        # scores
        prompt = await models.scores.retrieve_prompt(seeded, prompt="neon forest")  # 8
        expected = emu.store.prompt_score(seeded, "neon forest", UNSET)
        assert (prompt.api_model_id, prompt.status, prompt.score) == (
            seeded,
            "complete",
            expected.score,
        )
        similarity = prompt.details.captions_similarity
        assert 0 <= similarity.min <= min(similarity.mean, similarity.median) <= 1
        assert -1 <= prompt.details.embedding_similarity <= 1 and prompt.syntax_error is None
        bad = await models.scores.retrieve_prompt(model_id, prompt="see https://x.io/a.png")
        assert (bad.status, bad.syntax_error) == ("incomplete", "Unsupported url in prompt")
        with pytest.raises(Exception) as info:
            await models.scores.retrieve_prompt(model_id)
        assert status_of(info.value) == 400
        assert info.value.body["parameter"] == "prompt"  # type: ignore[attr-defined]

        dataset = await models.scores.retrieve_training_dataset(seeded)  # 9
        images = (await models.retrieve(seeded)).model.training_images
        couples = len(images) * (len(images) - 1) // 2
        assert dataset.status == "complete" and 0 <= dataset.score <= 1
        assert len(dataset.details.asset_couples_captions_distance) == couples
        assert len(dataset.details.asset_couples_similarity) == couples
        assert [a.asset_id for a in dataset.details.assets_embedding_similarity] == [
            i.id for i in images
        ]
        assert dataset.details.metadata_score == 1.0 and dataset.assets_warnings is None
        uncaptioned = await models.scores.retrieve_training_dataset(model_id)
        assert uncaptioned.status == "incomplete"
        assert [(w.asset_id, w.message) for w in uncaptioned.assets_warnings or []] == [
            ("asset_a", ["Missing caption"]),
            ("asset_b", ["Missing caption"]),
        ]

        # restore, past the 30 days
        await models.delete(model_id)
        emu.advance(30 * 86400 + 1)
        with pytest.raises(Exception) as info:
            await models.restore(model_id)
        assert status_of(info.value) == 410


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
