"""Soak: the client against the emulator with a fifth of all responses faulted, seeded.

Every operation gets the same mix: 5% 5xx, 5% 429 with `Retry-After: 1`, 5% dropped
connections and 5% truncated bodies (the last two strike after the server applied the
request), plus a 1 s delay on 20% of requests (the emulator delays by one fixed amount, so
the middle of the 0-2 s range stands for all of it).

Each test checks the user's guarantee (nothing lost, nothing duplicated, every failure
reported) and that the faults really happened; `-rP` shows the figures it measured.
Set-up that is not under test (10,000 models to fetch, 1,000 trainings to watch) goes to the
emulator's store directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
import msgspec
import pytest
from msgspec import UNSET

from scenario_async import (
    APIConnectionError,
    APIError,
    APIStatusError,
    AsyncScenario,
    BulkFetchError,
    ChunkFailure,
    RequestSent,
    ResponseReceived,
    RetryScheduled,
)
from scenario_async.emulator import Emulator, Faults
from scenario_async.emulator.faults import Decision, FaultPlan
from scenario_async.training import Canceled, Failed, Gone, Trained
from scenario_async.types import ModelCreateBody, TrainingImageBody, TrainTriggerBody
from scenario_async.types.queries import ModelListQuery
from scenario_async.watch_core import PollFailed

SOAK = Faults(
    error=0.05,
    rate_limit=0.05,
    retry_after=1.0,
    drop=0.05,
    truncate=0.05,
    latency=0.2,
    latency_seconds=1.0,
)
SEED = 6


class CountingPlan(FaultPlan):
    """The emulator's seeded plan, counting what it injected, by kind and operation."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.injected: Counter[str] = Counter()
        self.by_operation: Counter[tuple[str, str]] = Counter()

    def decide(self, operation: str) -> Decision:
        decision = super().decide(operation)
        kind = decision.fault or "none"
        self.injected[kind] += 1
        self.by_operation[operation, kind] += 1
        if decision.delay:
            self.injected["latency"] += 1
        return decision


class Soak:
    """A running emulator with counted faults and a client that counts its own events."""

    def __init__(self, emulator: Emulator, plan: CountingPlan, client: AsyncScenario) -> None:
        self.emulator = emulator
        self.plan = plan
        self.client = client
        self.sent = 0
        self.retries: Counter[str] = Counter()
        client.subscribe(self._count)

    def _count(self, event: msgspec.Struct) -> None:
        if isinstance(event, RequestSent):
            self.sent += 1
        elif isinstance(event, RetryScheduled):
            self.retries[event.reason] += 1

    def figures(self, **more: object) -> dict[str, object]:
        injected = {k: v for k, v in sorted(self.plan.injected.items()) if k != "none"}
        found = {
            "requests": self.sent,
            "faults injected": injected,
            "retries": dict(sorted(self.retries.items())),
            **more,
        }
        print(found)
        return found

    def assert_every_fault_struck(self) -> None:
        for kind in ("error", "rate_limit", "drop", "truncate", "latency"):
            assert self.plan.injected[kind] > 0, kind


SoakFactory = Callable[..., Awaitable[Soak]]


@pytest.fixture
async def soak() -> AsyncIterator[SoakFactory]:
    running: list[tuple[Emulator, AsyncScenario]] = []

    async def start(**emulator_options: Any) -> Soak:
        emulator = Emulator(seed=SEED, **emulator_options)
        plan = emulator.faults = CountingPlan(default=SOAK, seed=SEED)
        await emulator.start()
        client = AsyncScenario(
            api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=emulator.base_url
        )
        running.append((emulator, client))
        return Soak(emulator, plan, client)

    yield start
    for emulator, client in running:
        await client.close()
        await emulator.close()


def create_in_store(emulator: Emulator, count: int, **body: Any) -> list[str]:
    created = (emulator.store.create(ModelCreateBody(**body), UNSET) for _ in range(count))
    return [msgspec.json.decode(model)["id"] for model in created]


def models_in_store(emulator: Emulator) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    token: str | msgspec.UnsetType = UNSET
    while True:
        page, next_token = emulator.store.list_models(
            ModelListQuery(page_size=500, pagination_token=token)
        )
        found += [msgspec.json.decode(model) for model in page]
        if next_token is None:
            return found
        token = next_token


async def test_bulk_fetch_of_10000_ids_returns_or_reports_every_id(soak: SoakFactory) -> None:
    run = await soak()
    ids = create_in_store(run.emulator, 10_000)
    # One retry per chunk (instead of the client's two), so that some chunks are likely to
    # fail for good and the partial result is what gets checked.
    failures: list[ChunkFailure] = []
    # Only ends a fetch that hangs: it takes about 5 s, a loaded machine less than twice that.
    with anyio.fail_after(50):
        try:
            result = await run.client.models.get_bulk(
                model_ids=ids, chunk_size=50, max_concurrency=20, max_retries=1
            )
        except BulkFetchError as error:
            result, failures = error.result, error.failures
    returned = [model.id for model in result.models]
    failed = {model_id for failure in failures for model_id in failure.model_ids}
    assert sorted([*returned, *failed]) == sorted(ids)
    assert returned == [model_id for model_id in ids if model_id not in failed]
    assert result.missing_ids == [] and result.invalid == []
    assert all(isinstance(failure.error, APIError) for failure in failures)
    run.assert_every_fault_struck()
    run.figures(
        ids=len(ids),
        requests_planned=len(ids) // 50,
        returned=len(returned),
        chunks_failed=len(failures),
        reported_failed=len(failed),
    )


async def test_200_concurrent_creates_leave_exactly_the_models_created(soak: SoakFactory) -> None:
    run = await soak()
    created: dict[str, str] = {}
    not_applied: list[str] = []
    maybe_applied: list[str] = []

    async def create(name: str) -> None:
        try:
            response = await run.client.models.create(name=name)
        except APIConnectionError as error:
            (maybe_applied if error.request_sent else not_applied).append(name)
        except APIStatusError:
            # 5xx and 429 are answered before the emulator applies anything.
            not_applied.append(name)
        else:
            created[name] = response.model.id

    # Only ends creates that hang: they take about 2 s (1 s latencies, 1 s Retry-After).
    with anyio.fail_after(50):
        async with anyio.create_task_group() as group:
            for n in range(200):
                group.start_soon(create, f"soak-{n}")

    stored = Counter(model["name"] for model in models_in_store(run.emulator))
    stored_ids = {model["name"]: model["id"] for model in models_in_store(run.emulator)}
    assert max(stored.values()) == 1, "a create was applied twice"
    assert all(stored_ids.get(name) == model_id for name, model_id in created.items())
    assert not stored.keys() & set(not_applied)
    # A create whose answer was lost was applied: the client said it may have been.
    lost_answers = sum(run.plan.by_operation["models.create", k] for k in ("drop", "truncate"))
    assert len(maybe_applied) == lost_answers
    assert set(stored) == set(created) | set(maybe_applied)
    assert len(created) + len(not_applied) + len(maybe_applied) == 200
    run.assert_every_fault_struck()
    run.figures(
        creates=200,
        succeeded=len(created),
        failed_not_applied=len(not_applied),
        failed_answer_lost=len(maybe_applied),
        models_in_store=sum(stored.values()),
        duplicated=sum(count - 1 for count in stored.values()),
    )


async def test_1000_trainings_watched_to_the_end_each_end_reported_once(
    soak: SoakFactory,
) -> None:
    # The clock is held until the cancels and deletes are in: no training moves, let alone
    # ends, while the watch's first tick runs, however slow the machine.
    run = await soak(training_seconds=2.0, training_slots=200, failure_rate=0.1, hold=True)
    store = run.emulator.store
    ids = create_in_store(run.emulator, 1000, type="flux.1-lora")
    for model_id in ids:
        store.add_training_images(model_id, TrainingImageBody(asset_id="asset_soak"), UNSET)
        store.train(
            model_id, TrainTriggerBody(), dry_run=False, images_count=UNSET, project_id=UNSET
        )
    canceled, deleted = ids[:50], ids[50:100]

    def interfere(event: msgspec.Struct) -> None:
        """At the watch's first answered poll, mid-training: the first 200 trainings (one per
        slot, ids 0-199) are entering running-train, and none of them has ended (a training
        fated to fail does so 20% into running-train at the earliest). Then time flows."""
        if not run.emulator.held or not (
            isinstance(event, ResponseReceived)
            and event.operation == "models.get_bulk"
            and event.status == 200
        ):
            return
        run.emulator.advance_to(ids[0], "running-train")
        for model_id in canceled:
            store.cancel(model_id, UNSET)
        for model_id in deleted:
            store.delete(model_id, UNSET)
        run.emulator.release()

    run.client.subscribe(interfere)

    ends: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    poll_failures = 0
    # Once time flows, the last training ends at most 8.8 s later (five waves of 1.8 s in
    # 200 slots, after 0.2 s pending, 0.4 s of which had passed): the watch's timeout is
    # more than five times that, only to end a watch that would never finish.
    with anyio.fail_after(55):
        watch = run.client.models.watch(ids, min_interval=0.2, max_interval=1.0, timeout=50)
        async with watch as events:
            async for event in events:
                if isinstance(event, Trained | Failed | Canceled | Gone):
                    ends[event.model_id] += 1
                    kinds[type(event).__name__] += 1
                elif isinstance(event, PollFailed):
                    poll_failures += 1

    assert not run.emulator.held, "the watch never had an answer"
    assert set(ends) == set(ids)
    assert set(ends.values()) == {1}
    final = {model["id"]: model["status"] for model in models_in_store(run.emulator)}
    assert kinds["Gone"] == len(deleted)
    assert kinds["Canceled"] == sum(status == "training-canceled" for status in final.values())
    assert kinds["Failed"] == sum(status == "failed" for status in final.values())
    assert kinds["Trained"] == sum(status == "trained" for status in final.values())
    run.assert_every_fault_struck()
    run.figures(
        models=len(ids),
        terminal_events=sum(ends.values()),
        by_kind=dict(sorted(kinds.items())),
        lost=len(set(ids) - set(ends)),
        duplicated=sum(count - 1 for count in ends.values()),
        polls_failed_after_client_retries=poll_failures,
        watch_requests=watch.stats,
    )
