"""A delete, a cancel and a training-image delete whose answer is lost after the server
applied them: the retry meets the state they produced, and the call is reported done.

The emulator's `drop` and `truncate` faults strike after the request was applied, as a
connection lost on the way back does; its clock is held, so no training ends on its own.
"""

from __future__ import annotations

from collections import Counter

from scenario_async import AsyncScenario, ChangeAlreadyApplied, NotFoundError, RetryPolicy
from scenario_async.emulator import Emulator, Faults
from tests.support.emulated import start_trainings

FAULTED = ("models.train.action", "models.training_images.delete", "models.delete")
MODELS = 30


async def test_changes_applied_before_their_answer_was_lost_are_reported_done() -> None:
    faults = {operation: Faults(drop=0.35, truncate=0.15) for operation in FAULTED}
    async with Emulator(seed=3, hold=True, faults=faults) as emulator:
        client = AsyncScenario(
            api_key=emulator.api_key,
            api_secret=emulator.api_secret,
            base_url=emulator.base_url,
            # Enough retries that a run of lost answers never exhausts them (the faults are
            # seeded, so the run is the same every time), with no wait between them.
            retry_policy=RetryPolicy(max_retries=8, initial_delay=0, min_delay=0),
        )
        applied: Counter[str] = Counter()

        def count(event: object) -> None:
            if isinstance(event, ChangeAlreadyApplied):
                applied[event.operation] += 1

        async with client:
            model_ids = await start_trainings(client, MODELS, "applied")
            client.subscribe(count)
            for model_id in model_ids:
                canceled = await client.models.train.action(model_id, action="cancel")
                assert canceled.model.status == "training-canceled"
                model = (await client.models.retrieve(model_id)).model
                (image,) = model.training_images or []
                assert await client.models.training_images.delete(image.id, model_id=model_id) == {}
                left = (await client.models.retrieve(model_id)).model.training_images
                assert not left
                assert await client.models.delete(model_id) == {}
                try:
                    await client.models.retrieve(model_id)
                except NotFoundError:
                    pass
                else:
                    raise AssertionError(f"{model_id} was not deleted")
    # Each rule was put to the test, not only the calls whose first answer arrived.
    assert set(applied) == set(FAULTED), applied
