"""The watcher and the waiters against the emulator, over loopback sockets.

Trainings are started through the emulator's store (in process, no HTTP), so each test only
spends requests on what it tests: the watch's get-bulk polling.

No test races the wall clock against a training: a test whose outcome depends on where the
trainings are when the watch polls holds the emulator's clock (`hold=True`) and moves it
itself, per poll (`clock_per_poll`), per tick, or to a stage (`advance_to`). What is left on
the wall clock is the watch's own timing (poll intervals, deadlines), each with its margin
said where it is used.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeGuard, Unpack

import anyio
import msgspec
import pytest
from aiohttp import web
from msgspec import UNSET

from scenario_async import (
    APIError,
    AsyncScenario,
    AuthenticationError,
    Canceled,
    Failed,
    Gone,
    InternalServerError,
    ModelGoneError,
    PollFailed,
    RequestSent,
    ResponseReceived,
    Trained,
    TrainingCanceledError,
    TrainingFailedError,
    WatchEvent,
    WatchTimeoutError,
    ops,
)
from scenario_async.emulator import Emulator, Faults
from scenario_async.training import TERMINAL_EVENTS
from scenario_async.types import ModelCreateBody, TrainingImageBody, TrainTriggerBody
from scenario_async.watch_core import ErrorAction, PollOptions, WatchOptions
from tests.support.servers import serving

MAX_INTERVAL = 0.3


def fast(**options: Unpack[WatchOptions]) -> WatchOptions:
    """Short intervals, and a timeout that keeps a broken watch from hanging the suite."""
    return {"min_interval": 0.05, "max_interval": MAX_INTERVAL, "timeout": 20.0, **options}


QUICK: PollOptions = {"min_interval": 0.05, "max_interval": MAX_INTERVAL}
"""Short intervals, for a wait."""

TERMINAL_BY_STATUS = {"trained": Trained, "failed": Failed, "training-canceled": Canceled}


def client_for(emulator: Emulator) -> AsyncScenario:
    """A client that leaves every retry to the watch (its backoff is what is tested)."""
    return AsyncScenario(
        api_key=emulator.api_key,
        api_secret=emulator.api_secret,
        base_url=emulator.base_url,
        max_retries=0,
    )


def new_models(emulator: Emulator, count: int, *, train: bool = True) -> list[str]:
    """Models with one training image, their trainings started (unless `train=False`)."""
    store = emulator.store
    ids = []
    for n in range(count):
        created = store.create(ModelCreateBody(name=f"m{n}", type="flux.1-lora"), UNSET)
        model_id: str = msgspec.json.decode(created)["id"]
        store.add_training_images(model_id, TrainingImageBody(asset_id=f"asset_{n}"), UNSET)
        if train:
            store.train(
                model_id, TrainTriggerBody(), dry_run=False, images_count=UNSET, project_id=UNSET
            )
        ids.append(model_id)
    return ids


async def final_statuses(client: AsyncScenario, ids: list[str]) -> dict[str, str | None]:
    """Each id's status in the store, through the API; None for an id it no longer has."""
    statuses: dict[str, str | None] = dict.fromkeys(ids)
    for start in range(0, len(ids), 100):
        page = await client.send(ops.models.get_bulk(model_ids=ids[start : start + 100]))
        statuses.update({model.id: model.status for model in page.models})
    return statuses


def is_poll(event: msgspec.Struct) -> TypeGuard[RequestSent]:
    return isinstance(event, RequestSent) and event.operation == "models.get_bulk"


@contextmanager
def clock_per_poll(client: AsyncScenario, emulator: Emulator, seconds: float) -> Iterator[None]:
    """Each get-bulk moves the (held) emulator clock `seconds` on, just before the emulator
    reads it (the client and the emulator share one event loop): how far the trainings get
    between two polls, and so how many polls see them train, no longer depends on how fast
    the machine is."""

    def advance(event: msgspec.Struct) -> None:
        if is_poll(event):
            emulator.advance(seconds)

    unsubscribe = client.subscribe(advance)
    try:
        yield
    finally:
        unsubscribe()


@contextmanager
def bulk_requests(client: AsyncScenario) -> Iterator[list[RequestSent]]:
    sent: list[RequestSent] = []

    def record(event: msgspec.Struct) -> None:
        if isinstance(event, RequestSent) and event.operation == "models.get_bulk":
            sent.append(event)

    unsubscribe = client.subscribe(record)
    try:
        yield sent
    finally:
        unsubscribe()


# -- scale --------------------------------------------------------------------------------------


@pytest.mark.scenario_emulator(
    training_seconds=1.0, training_slots=1000, failure_rate=0.2, seed=5, hold=True
)
async def test_a_thousand_trainings_one_watcher(scenario_emulator: Emulator) -> None:
    # The clock is held: the first tick sees every training pending (so the ids deleted after
    # it are still training, and must come out Gone), and each later tick moves it a quarter
    # of a training on. However slow the machine, no training is trained before the fifth
    # tick (failing ones end sooner): more than two ticks, with fewer ids due as some end.
    ids = new_models(scenario_emulator, 1000)
    canceled, deleted = ids[:40], ids[40:60]
    for model_id in canceled:
        scenario_emulator.store.cancel(model_id, UNSET)
    events: list[WatchEvent] = []
    due_per_request: list[tuple[int, int]] = []  # (tick, ids due in it), one per get-bulk
    in_flight = [0, 0]  # now, most
    async with client_for(scenario_emulator) as client:
        watch = client.models.watch(ids, **fast(chunk_size=100, max_concurrency=4))

        def record(event: msgspec.Struct) -> None:
            if is_poll(event):
                if watch.stats.ticks > 1 and due_per_request[-1][0] != watch.stats.ticks:
                    scenario_emulator.advance(0.25)  # the first request of a later tick
                due_per_request.append((watch.stats.ticks, watch.stats.last_due))
                in_flight[0] += 1
                in_flight[1] = max(in_flight)
            elif isinstance(event, ResponseReceived):
                in_flight[0] -= 1

        unsubscribe = client.subscribe(record)
        async with watch:
            async for event in watch:
                events.append(event)
                if len(events) == 1:  # deleted while the watch runs: they are gone
                    for model_id in deleted:
                        scenario_emulator.store.delete(model_id, UNSET)
        unsubscribe()
        statuses = await final_statuses(client, ids)

    terminal: dict[str, list[type]] = defaultdict(list)
    for event in events:
        assert not isinstance(event, PollFailed)
        if isinstance(event, TERMINAL_EVENTS):
            terminal[event.model_id].append(type(event))
    for model_id, status in statuses.items():
        expected = Gone if status is None else TERMINAL_BY_STATUS[status]
        assert terminal[model_id] == [expected], model_id
    assert {statuses[i] for i in canceled} == {"training-canceled"}
    assert {statuses[i] for i in deleted} == {None}
    outcomes = Counter(statuses.values())
    assert outcomes["trained"] > 0 and outcomes["failed"] > 0

    requests_per_tick = Counter(tick for tick, _ in due_per_request)
    due_of_tick = dict(due_per_request)
    assert len(requests_per_tick) == watch.stats.ticks > 2
    for tick, requests in requests_per_tick.items():
        assert requests == math.ceil(due_of_tick[tick] / 100), tick
    assert due_of_tick[1] == 1000
    assert in_flight == [0, 4]  # the first tick's ten requests, four at a time


# -- leaving a watch ----------------------------------------------------------------------------


def client_tasks() -> set[asyncio.Task[object]]:
    """The running tasks but the emulator's: it serves from this event loop, a task per
    connection it keeps alive."""
    return {
        task
        for task in asyncio.all_tasks()
        if not task.get_coro().__qualname__.startswith("RequestHandler.")  # type: ignore[union-attr]
    }


async def assert_nothing_outlives(client: AsyncScenario, sent: list[RequestSent]) -> None:
    """No further request once the watch is left, and the client's connections still work."""
    count = len(sent)
    # An observation window for a negative check: a loaded machine can only let a leftover
    # poller go unseen, never fail a watch that left nothing behind. The window is twice the
    # longest poll interval: a leftover poller's next tick, due at most one `MAX_INTERVAL`
    # after its last, has fired a whole interval before the window ends.
    await anyio.sleep(2 * MAX_INTERVAL)
    assert len(sent) == count
    await client.send(ops.models.get_bulk(model_ids=["model_unknown"]))


# Held clocks: no training ends, however slow the machine, so the watch is still polling every
# id at the tick the test cancels, or at the first event it breaks on.
@pytest.mark.scenario_emulator(training_slots=100, hold=True)
async def test_cancelling_mid_request_leaves_no_task_and_no_connection(
    scenario_emulator: Emulator,
) -> None:
    ids = new_models(scenario_emulator, 300)
    tasks_before = client_tasks()
    async with client_for(scenario_emulator) as client:
        with bulk_requests(client) as sent:
            with anyio.CancelScope() as scope:

                def cancel_on_the_second_tick(event: msgspec.Struct) -> None:
                    if isinstance(event, RequestSent) and watch.stats.ticks == 2:
                        scope.cancel()  # while that tick's three requests are in flight

                unsubscribe = client.subscribe(cancel_on_the_second_tick)
                async with client.models.watch(ids, **fast()) as watch:
                    async for _ in watch:
                        pass
            unsubscribe()
            assert scope.cancelled_caught and watch.stats.ticks == 2
            assert client_tasks() == tasks_before
            await assert_nothing_outlives(client, sent)
    gc.collect()  # an unclosed connection or session would warn now (warnings are errors)


@pytest.mark.scenario_emulator(training_slots=100, hold=True)
async def test_break_leaves_no_task_and_no_request(scenario_emulator: Emulator) -> None:
    ids = new_models(scenario_emulator, 150)
    tasks_before = client_tasks()
    async with client_for(scenario_emulator) as client:
        with bulk_requests(client) as sent:
            async with client.models.watch(ids, **fast()) as watch:
                async for _ in watch:
                    break
            assert client_tasks() == tasks_before
            assert len(sent) == 2  # one tick, two chunks; nothing more was polled
            await assert_nothing_outlives(client, sent)
            with pytest.raises(StopAsyncIteration):  # a closed watch stays closed
                await watch.__anext__()
    gc.collect()


@pytest.mark.scenario_emulator(training_seconds=2.0, hold=True)
async def test_closing_from_another_task_drops_the_tick_in_flight(
    scenario_emulator: Emulator,
) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    # Running from the first poll, and each poll moves the held clock a tenth of a second
    # (1/16 of running-train) on: however slow the machine, the training is still running at
    # the second poll, and that poll answers a new progress.
    scenario_emulator.advance_to(model_id, "running-train")
    seen: list[WatchEvent] = []
    seen_at_close: list[int] = []
    async with client_for(scenario_emulator) as client:
        watch = client.models.watch([model_id], **fast())
        with clock_per_poll(client, scenario_emulator, 0.1):
            async with anyio.create_task_group() as group:

                def close_while_polling(event: msgspec.Struct) -> None:
                    # Once running, every poll answers a new progress: this tick has an event.
                    state = watch.state(model_id)
                    running = state is not None and state.stage == "running-train"
                    if isinstance(event, RequestSent) and running and not seen_at_close:
                        seen_at_close.append(len(seen))
                        group.start_soon(watch.aclose)

                unsubscribe = client.subscribe(close_while_polling)

                async def consume() -> None:
                    async for event in watch:
                        seen.append(event)

                group.start_soon(consume)
            unsubscribe()
    assert seen_at_close == [len(seen)]


# -- timeout ------------------------------------------------------------------------------------


@pytest.mark.scenario_emulator(training_seconds=0.2, training_slots=4, hold=True)
async def test_a_model_that_never_finishes_ends_the_watch_with_its_last_snapshot(
    scenario_emulator: Emulator,
) -> None:
    (idle,) = new_models(scenario_emulator, 1, train=False)
    (trains,) = new_models(scenario_emulator, 1)
    events: list[WatchEvent] = []
    polls: list[RequestSent] = []

    def end_the_training_at_the_second_poll(event: msgspec.Struct) -> None:
        # The clock is held: the first poll sees `trains` pending, the second sees it trained,
        # whatever the machine's speed. Two polls, 0.05 s apart, are all that must fit in the
        # 1 s timeout (the wall clock's, which the test cannot hold): a margin of ten times
        # or more even on a loaded machine, where a loopback poll takes tens of milliseconds.
        if is_poll(event):
            polls.append(event)
            if len(polls) == 2:
                scenario_emulator.advance_to(trains)

    async with client_for(scenario_emulator) as client:
        client.subscribe(end_the_training_at_the_second_poll)
        with pytest.raises(WatchTimeoutError) as caught:
            async with client.models.watch([idle, trains], **fast(timeout=1.0)) as watch:
                async for event in watch:
                    events.append(event)
    assert set(caught.value.pending) == {idle}
    last = caught.value.pending[idle]
    assert last is not None and (last.id, last.status) == (idle, "new")
    assert caught.value.model is last
    assert [type(e) for e in events if e.model_id == trains][-1] is Trained  # type: ignore[union-attr]


@pytest.mark.scenario_emulator(faults={"models.get_bulk": Faults(latency=1.0, latency_seconds=1.0)})
async def test_the_timeout_cuts_short_a_request_that_hangs(scenario_emulator: Emulator) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    tasks_before = client_tasks()
    async with client_for(scenario_emulator) as client:
        with pytest.raises(WatchTimeoutError) as caught:
            async with client.models.watch([model_id], **fast(timeout=0.2)) as watch:
                async for _ in watch:
                    pass
        assert client_tasks() == tasks_before
    assert caught.value.pending == {model_id: None}  # never answered: no snapshot yet


class StallingServer:
    """A get-bulk endpoint whose requests for `stalled` hang until `heal()`; the others answer
    at once, every model trained."""

    def __init__(self, stalled: str) -> None:
        self.stalled = stalled
        self.healed = asyncio.Event()
        self.hanging = 0

    async def handle(self, request: web.Request) -> web.Response:
        asked: list[str] = (await request.json())["modelIds"]
        if self.stalled in asked and not self.healed.is_set():
            self.hanging += 1
            try:
                await self.healed.wait()
            finally:
                self.hanging -= 1
        trained = [
            {"id": i, "privacy": "private", "type": "flux.1-lora", "status": "trained"}
            for i in asked
        ]
        return web.json_response({"models": trained})

    def heal(self) -> None:
        self.healed.set()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/models/get-bulk", self.handle)
        return app


async def test_a_request_that_never_answers_fails_alone_while_the_others_events_come() -> None:
    """One chunk of a tick hangs: the other's events come as it answers, the hanging one is a
    `PollFailed` for its ids alone once the watch's `poll_timeout` runs out, and the watch
    goes on."""
    server = StallingServer("model_stalled")
    seen: list[tuple[type, str | tuple[str, ...]]] = []
    async with serving(server.app()) as url:
        try:
            async with (
                AsyncScenario(api_key="k", api_secret="s", base_url=f"{url}/v1") as client,
                client.models.watch(
                    ["model_answered", "model_stalled"], chunk_size=1, poll_timeout=5.0, **QUICK
                ) as watch,
            ):
                async for event in watch:
                    if isinstance(event, PollFailed):
                        seen.append((PollFailed, event.model_ids))
                        assert (event.error, event.status) == ("APITimeoutError", None)
                        server.heal()
                    else:
                        seen.append((type(event), event.model_id))
                    if seen == [(Trained, "model_answered")]:
                        # Taken while the other request of the tick still hangs, not after it.
                        assert server.hanging == 1 and watch.stats.failed_requests == 0
        finally:
            server.heal()  # no handler left hanging when the server stops
    assert seen == [
        (Trained, "model_answered"),
        (PollFailed, ("model_stalled",)),
        (Trained, "model_stalled"),
    ]


@pytest.mark.scenario_emulator(training_seconds=1.0, hold=True)
async def test_a_model_trained_again_and_added_again_is_watched_again(
    scenario_emulator: Emulator,
) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    scenario_emulator.advance_to(model_id, "ended")
    endings: list[Trained] = []
    after_readding: list[type] = []
    async with (
        client_for(scenario_emulator) as client,
        client.models.watch([model_id], **fast(stop_when_done=False)) as watch,
    ):
        async for event in watch:
            assert not isinstance(event, PollFailed)
            if endings:
                after_readding.append(type(event))
            if isinstance(event, Trained):
                endings.append(event)
                if len(endings) == 2:
                    break
                await client.models.train.trigger(model_id)
                watch.add([model_id])
            elif endings and event.model_id == model_id:  # type: ignore[union-attr]
                # The new training was seen under way: let it end.
                scenario_emulator.advance_to(model_id, "ended")
    first, second = endings
    assert second.model.training_stats != first.model.training_stats
    assert after_readding[0] is not Trained and after_readding[-1] is Trained
    assert after_readding.count(Trained) == 1


# -- add and remove -----------------------------------------------------------------------------


@pytest.mark.scenario_emulator(training_seconds=0.3, training_slots=10, hold=True)
async def test_add_and_remove_on_a_running_watch(scenario_emulator: Emulator) -> None:
    first, removed, added = new_models(scenario_emulator, 3)
    seen: list[tuple[str, type]] = []
    async with (
        client_for(scenario_emulator) as client,
        client.models.watch([first, removed], **fast()) as watch,
    ):
        async for event in watch:
            assert not isinstance(event, PollFailed)
            seen.append((event.model_id, type(event)))
            if len(seen) == 1:
                # The clock was held until now: `removed` is still training when removed,
                # however slow the machine. Then the three trainings (started together,
                # with a slot each) end together.
                watch.remove([removed])
                watch.add([added])
                scenario_emulator.advance_to(first)
    assert all(model_id != removed for model_id, _ in seen[1:])
    terminal = [(i, kind) for i, kind in seen if kind in TERMINAL_EVENTS]
    assert sorted(terminal) == sorted([(first, Trained), (added, Trained)])


@pytest.mark.scenario_emulator(training_seconds=0.3, training_slots=10, hold=True)
async def test_an_idle_watch_kept_open_wakes_up_for_added_models(
    scenario_emulator: Emulator,
) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    scenario_emulator.advance_to(model_id)  # trained, and held there: one poll sees it
    async with client_for(scenario_emulator) as client:
        # A timeout far away: were `add` not to wake the sleeping watch, it would time out.
        watch = client.models.watch([], **fast(stop_when_done=False, timeout=10.0))
        async with watch, anyio.create_task_group() as group:

            async def feed() -> None:
                # Not a sleep: wait until the watch is asleep. With nothing to poll it has no
                # I/O to wait on, so once every other task is blocked, it is in its sleep.
                await anyio.wait_all_tasks_blocked()
                assert watch.stats.ticks == 0 and not watch.active_ids
                watch.add([model_id])

            group.start_soon(feed)
            async for event in watch:
                if isinstance(event, Trained):
                    assert event.model_id == model_id
                    break


# -- errors -------------------------------------------------------------------------------------

FLAKY = Faults(error=0.25, rate_limit=0.1, retry_after=0.05, drop=0.1, truncate=0.05)


@pytest.mark.scenario_emulator(
    training_seconds=0.5, training_slots=50, seed=11, faults={"models.get_bulk": FLAKY}, hold=True
)
async def test_transient_errors_never_end_the_watch(scenario_emulator: Emulator) -> None:
    ids = new_models(scenario_emulator, 30)
    events: list[WatchEvent] = []
    async with client_for(scenario_emulator) as client:
        # The faults are drawn per request from a seeded sequence, and the trainings move only
        # per request (0.05 s each: they end at the tenth), so which faults the watch meets
        # before every training is observed ending does not depend on the machine's speed.
        # With seed 11, the first tick's three requests already meet a 500 and a 429.
        with clock_per_poll(client, scenario_emulator, 0.05):
            async with client.models.watch(ids, **fast(chunk_size=10)) as watch:
                async for event in watch:
                    events.append(event)
        statuses = {i: (await client.models.retrieve(i)).model.status for i in ids}
    failures = [e for e in events if isinstance(e, PollFailed)]
    assert failures and watch.stats.failed_requests == len(failures)
    assert {e.status for e in failures} <= {429, 500, 502, 503, None}
    assert all(e.retry_in is not None and e.retry_in >= 0 for e in failures)
    assert any(e.status == 429 and e.retry_in == 0.05 for e in failures)  # Retry-After wins
    terminal = Counter(e.model_id for e in events if isinstance(e, TERMINAL_EVENTS))
    assert terminal == Counter(ids)
    assert set(statuses.values()) == {"trained"}


@pytest.mark.scenario_emulator(faults={"models.get_bulk": Faults(error=1.0)})
async def test_the_error_policy_can_raise_or_stop(scenario_emulator: Emulator) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    async with client_for(scenario_emulator) as client:
        with pytest.raises(InternalServerError):
            async with client.models.watch([model_id], error_policy=lambda e, n: "raise") as w:
                async for _ in w:
                    pass
        stop_after_three = client.models.watch(
            [model_id], **fast(error_policy=lambda e, n: "stop" if n == 3 else "retry")
        )
        async with stop_after_three as watch:
            events = [event async for event in watch]
        assert [e.failures for e in events if isinstance(e, PollFailed)] == [1, 2, 3]
        assert isinstance(watch.stopped_by, InternalServerError)
        with pytest.raises(InternalServerError):
            await client.models.wait_for_training(
                model_id, timeout=10, error_policy=lambda e, n: "stop"
            )

        def broken_policy(error: APIError, failures: int) -> ErrorAction:
            raise LookupError("a bug in the caller's policy")

        # Raised as itself by the loop, not in an ExceptionGroup of the watch's task group.
        with pytest.raises(LookupError, match="caller's policy"):
            async with client.models.watch([model_id], error_policy=broken_policy) as w:
                async for _ in w:
                    pass


async def test_bad_credentials_raise_and_no_event_carries_them(
    scenario_emulator: Emulator,
) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    secret = "wrong-secret-do-not-leak"
    events: list[WatchEvent] = []
    async with AsyncScenario(
        api_key=scenario_emulator.api_key, api_secret=secret, base_url=scenario_emulator.base_url
    ) as client:
        with pytest.raises(AuthenticationError):
            async with client.models.watch([model_id]) as watch:
                async for event in watch:
                    events.append(event)
    (failed,) = events
    assert isinstance(failed, PollFailed) and failed.status == 401
    line = msgspec.json.encode(failed)
    token = base64.b64encode(f"{scenario_emulator.api_key}:{secret}".encode())
    assert secret.encode() not in line and token not in line


# -- waiters ------------------------------------------------------------------------------------

# The waiters' trainings move only as they poll (`clock_per_poll`, on a held clock): each ends
# a few polls in however slow the machine, far within the 10 s timeouts (the wall clock's).


@pytest.mark.scenario_emulator(training_seconds=0.3, training_slots=4, hold=True)
async def test_wait_for_training_returns_the_trained_model(scenario_emulator: Emulator) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    (fresh,) = new_models(scenario_emulator, 1, train=False)
    async with client_for(scenario_emulator) as client:
        with clock_per_poll(client, scenario_emulator, 0.1):
            model = await client.models.wait_for_training(model_id, timeout=10, min_interval=0.05)
            assert (model.id, model.status) == (model_id, "trained")
            assert model.training_stats is not None
            model = await client.models.train_and_wait(
                fresh, parameters={"max_train_steps": 100}, timeout=10, min_interval=0.05
            )
            assert (model.id, model.status) == (fresh, "trained")
            assert model.parameters is not None and model.parameters.max_train_steps == 100


@pytest.mark.scenario_emulator(training_seconds=0.3, failure_rate=1.0, hold=True)
async def test_wait_for_training_raises_on_failure(scenario_emulator: Emulator) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    async with client_for(scenario_emulator) as client:
        with (
            clock_per_poll(client, scenario_emulator, 0.1),
            pytest.raises(TrainingFailedError) as caught,
        ):
            await client.models.wait_for_training(model_id, timeout=10, min_interval=0.05)
    assert caught.value.model is not None and caught.value.model.status == "failed"
    assert caught.value.model_id == model_id


# Held: neither training can end before it is canceled or deleted, however slow the machine.
@pytest.mark.scenario_emulator(hold=True)
async def test_wait_for_training_raises_on_cancel_and_on_gone(scenario_emulator: Emulator) -> None:
    canceled, deleted = new_models(scenario_emulator, 2)
    async with client_for(scenario_emulator) as client, anyio.create_task_group() as group:

        async def cancel_and_delete() -> None:
            await client.models.train.action(canceled, action="cancel")
            await client.models.delete(deleted)

        group.start_soon(cancel_and_delete)
        with pytest.raises(TrainingCanceledError) as was_canceled:
            await client.models.wait_for_training(canceled, timeout=10, min_interval=0.05)
        with pytest.raises(ModelGoneError) as was_deleted:
            await client.models.wait_for_training(deleted, timeout=10, min_interval=0.05)
    assert was_canceled.value.model is not None
    assert was_canceled.value.model.status == "training-canceled"
    assert (was_deleted.value.model_id, was_deleted.value.reason) == (deleted, "missing")


@pytest.mark.scenario_emulator(training_seconds=0.2)
async def test_wait_for_training_times_out_with_the_last_snapshot(
    scenario_emulator: Emulator,
) -> None:
    (never_trained,) = new_models(scenario_emulator, 1, train=False)
    async with client_for(scenario_emulator) as client:
        # The timeout is the wall clock's, and the first poll (a new connection, then one
        # model over loopback: milliseconds, tens of them on a loaded machine) must answer
        # before it for the error to carry a snapshot: 1 s leaves a margin of ten times or more.
        with pytest.raises(WatchTimeoutError) as caught:
            await client.models.wait_for_training(never_trained, timeout=1.0, min_interval=0.05)
    assert caught.value.model is not None and caught.value.model.status == "new"


# -- waits sharing one watch --------------------------------------------------------------------


@pytest.mark.scenario_emulator(
    training_seconds=1.0, training_slots=1000, failure_rate=0.2, seed=3, hold=True
)
async def test_waits_for_many_models_at_once_share_one_watch_s_requests(
    scenario_emulator: Emulator,
) -> None:
    ids = new_models(scenario_emulator, 250)
    outcomes: dict[str, str] = {}

    async def wait(client: AsyncScenario, model_id: str) -> None:
        try:
            model = await client.models.wait_for_training(model_id, timeout=20.0, **QUICK)
            outcomes[model_id] = model.status or "?"
        except TrainingFailedError as error:
            outcomes[model_id] = f"raised {error.model.status}"

    async with client_for(scenario_emulator) as client:
        with clock_per_poll(client, scenario_emulator, 0.3), bulk_requests(client) as sent:
            async with anyio.create_task_group() as group:
                for model_id in ids:
                    group.start_soon(wait, client, model_id)
        statuses = await final_statuses(client, ids)
    assert outcomes == {
        i: "trained" if statuses[i] == "trained" else f"raised {statuses[i]}" for i in ids
    }
    assert Counter(outcomes.values()).keys() == {"trained", "raised failed"}
    # Each tick asks for every model still waited for, 100 to a request: a wait per model of
    # its own would have sent a request per model per tick, 250 at the very least.
    assert len(sent) <= 12


@pytest.mark.scenario_emulator(training_seconds=1.0, training_slots=1, hold=True)
async def test_shared_waits_go_on_when_the_leading_wait_ends_is_cancelled_or_times_out(
    scenario_emulator: Emulator,
) -> None:
    """One wait at a time pulls the shared watch: whichever way it leaves, another takes over."""
    ids = new_models(scenario_emulator, 5)  # one slot: they train one after the other
    ends_first, cancelled, timing_out, *others = ids
    results: dict[str, str] = {}
    finished = {model_id: anyio.Event() for model_id in ids}

    async def wait(client: AsyncScenario, model_id: str, limit: float = 20.0) -> None:
        try:
            model = await client.models.wait_for_training(
                model_id, timeout=limit, min_interval=0.05, max_interval=MAX_INTERVAL
            )
            results[model_id] = model.status or "?"
        except WatchTimeoutError as error:
            assert error.model is not None
            results[model_id] = f"timed out {error.model.status}"
        finally:
            finished[model_id].set()

    async with client_for(scenario_emulator) as client, anyio.create_task_group() as group:
        cancelling = anyio.CancelScope()

        async def cancelled_wait() -> None:
            with cancelling:
                await wait(client, cancelled)

        group.start_soon(cancelled_wait)  # the first to wait leads
        await anyio.wait_all_tasks_blocked()
        group.start_soon(wait, client, ends_first)
        group.start_soon(wait, client, timing_out, 0.5)
        for model_id in others:
            group.start_soon(wait, client, model_id)
        await anyio.wait_all_tasks_blocked()
        cancelling.cancel()  # the lead leaves: the next wait leads
        await finished[cancelled].wait()
        scenario_emulator.advance_to(ends_first, "ended")
        await finished[ends_first].wait()  # its lead ended with its model
        await finished[timing_out].wait()  # its 0.5 s pass while the clock is held
        for model_id in others:
            scenario_emulator.advance_to(model_id, "ended")
            await finished[model_id].wait()
    assert results == {
        ends_first: "trained",
        timing_out: "timed out training",
        **dict.fromkeys(others, "trained"),
    }


@pytest.mark.scenario_emulator(training_seconds=1.0, hold=True)
async def test_a_wait_for_a_model_trained_again_waits_for_its_new_training(
    scenario_emulator: Emulator,
) -> None:
    (model_id,) = new_models(scenario_emulator, 1)
    (never_trained,) = new_models(scenario_emulator, 1, train=False)
    async with client_for(scenario_emulator) as client, anyio.create_task_group() as group:
        # A wait that keeps the shared watch going all along.
        group.start_soon(
            lambda: client.models.wait_for_training(never_trained, timeout=20.0, **QUICK)
        )
        scenario_emulator.advance_to(model_id, "ended")
        first = await client.models.wait_for_training(model_id, timeout=20.0, **QUICK)
        await client.models.train.trigger(model_id)
        retrained = anyio.Event()

        async def wait_again() -> None:
            second = await client.models.wait_for_training(model_id, timeout=20.0, **QUICK)
            assert second.training_stats != first.training_stats
            retrained.set()

        group.start_soon(wait_again)
        await anyio.wait_all_tasks_blocked()
        assert not retrained.is_set()
        scenario_emulator.advance_to(model_id, "ended")
        await retrained.wait()
        group.cancel_scope.cancel()
