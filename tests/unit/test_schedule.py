"""The watch's schedule: when each model is polled next, and how late an ending can be seen.

No socket, no clock: `PollSchedule` and `QueueDrain` are told what a poll saw, and when;
the simulations drive `WatchCore` on a clock of their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import UNSET

from scenario_async.bulk_core import id_reader, order_chunk
from scenario_async.emulator.store import Store
from scenario_async.schedule import PollSchedule, QueueDrain
from scenario_async.training import TERMINAL_EVENTS
from scenario_async.types import Model, ModelGetBulkBody, TrainTriggerBody
from scenario_async.types.queries import ModelListQuery
from scenario_async.watch_core import ChunkAnswer, Emit, End, Poll, Sleep, WatchConfig, WatchCore
from tests.support.ticks import receive

MIN, GAP, MAX = 2.0, 2.75, 60.0


def snap(status: str = "training", stage: str | None = None, **progress: Any) -> Model:
    wire: dict[str, Any] = {"id": "m", "privacy": "private", "type": "flux.1-lora"}
    wire["status"] = status
    if stage is not None:
        wire["trainingProgress"] = {"stage": stage, "updatedAt": 1.0, **progress}
    return msgspec.convert(wire, Model)


def schedule(jitter: float = 0.0, **bounds: float) -> PollSchedule:
    intervals = {"min_interval": MIN, "max_gap": GAP, "max_interval": MAX} | bounds
    return PollSchedule(jitter=jitter, **intervals)


@pytest.mark.parametrize(
    ("model", "rate", "expected"),
    [
        (snap("new"), 0.0, GAP),  # nothing to go by
        (snap("training", "pending"), 0.0, GAP),
        (snap("training", "starting-train"), 0.0, GAP),
        (snap("training", "running-train", progress=0.5), 0.0, GAP),  # no estimate
        (snap("training", "running-train", remainingTimeMs=30_000), 0.0, GAP),  # capped
        (snap("training", "running-train", remainingTimeMs=1_000), 0.0, 2.0),  # end + MIN / 2
        (snap("training", "running-train", remainingTimeMs=2_000), 0.0, GAP),  # at most GAP
        (snap("training", "running-train", remainingTimeMs=500), 0.0, MIN),  # floored
        (snap("training", "running-train", remainingTimeMs=0), 0.0, MIN),  # overdue
        (snap("training", "queued-for-train", position=5), 0.0, 10.0),  # no drain seen: 5 x 2 s
        (snap("training", "queued-for-train", position=5), 0.25, 10.0),  # half-way: 5 / 0.25 / 2
        (snap("training", "queued-for-train", position=500), 0.0, 4 * GAP),  # no drain seen
        (snap("training", "queued-for-train", position=500), 1.0, MAX),  # capped
        (snap("training", "queued-for-train", position=10), 10.0, GAP),  # at least the gap
        (snap("training", "queued-for-train", position=0), 0.0, GAP),  # next in line
        (snap("training", "surprise"), 0.0, GAP),  # a stage from a newer server
    ],
)
def test_each_state_is_polled_next_by_its_rule(model: Model, rate: float, expected: float) -> None:
    opens, due = schedule().window(model, 100.0, rate, 0.5)
    assert due == 100.0 + expected
    assert opens == 100.0 + MIN / 2 or opens == 100.0 + model_remaining(model)  # an end poll's


def model_remaining(model: Model) -> float:
    progress = model.training_progress
    assert progress is not None and progress.remaining_time_ms is not None
    return progress.remaining_time_ms / 1000


running = st.builds(
    lambda ms: snap("training", "running-train", remainingTimeMs=ms),
    st.one_of(st.integers(0, 200_000), st.just(math.nan), st.just(math.inf)),
)
queued = st.builds(
    lambda position: snap("training", "queued-for-train", position=position),
    st.integers(0, 10_000),
)
others = st.sampled_from(
    [snap("new"), snap("training", "pending"), snap("training", "starting-train")]
)


@given(
    st.one_of(running, queued, others),
    st.floats(0.05, 5.0),
    st.floats(1.0, 4.0),
    st.floats(1.0, 10.0),
    st.floats(0, 0.99),
    st.floats(0, 0.999),
    st.floats(0, 100.0),
)
def test_every_delay_keeps_the_bounds_it_states(
    model: Model,
    low: float,
    gap_factor: float,
    high_factor: float,
    jitter: float,
    draw: float,
    rate: float,
) -> None:
    gap = low * gap_factor
    high = gap * high_factor
    rules = schedule(jitter, min_interval=low, max_gap=gap, max_interval=high)
    opens, due = rules.window(model, 0.0, rate, draw)
    # Never polled again sooner than half the minimum.
    assert low / 2 <= opens <= due
    # Jitter only ever brings a poll forward.
    assert due <= rules.window(model, 0.0, rate, 0.0)[1]
    progress = model.training_progress
    assert progress is not None or model.status == "new"
    remaining = progress.remaining_time_ms if progress is not None else None
    if progress is not None and progress.position is not None:
        assert low <= due <= high
    elif remaining is not None and 0 < remaining <= 1000 * gap:
        # The end poll: never before the predicted end, at most MIN / 2 after it (or after
        # MIN / 2 from now, when the end is closer than that), and within max_gap.
        assert opens == max(remaining / 1000, low / 2)
        assert due == min(opens + low / 2, max(gap, opens))
    else:
        assert low <= due <= gap


def test_the_drain_rate_pools_the_moves_of_the_models_still_queued() -> None:
    drain = QueueDrain()
    drain.observe("a", 0.0, 10)
    drain.observe("b", 0.0, 20)
    assert not drain.settle() and drain.rate == 0.0  # nothing moved yet
    drain.observe("a", 4.0, 6)  # 4 positions in 4 s
    drain.observe("b", 2.0, 20)  # none in 2 s
    assert drain.settle() and drain.rate == 4 / 6
    drain.observe("a", 8.0, None)  # it left the queue, some time since its last poll
    assert not drain.settle() and drain.rate == 4 / 6  # which says nothing of the rate
    drain.observe("b", 10.0, 20)
    assert not drain.settle() and drain.rate == 4 / 6  # b has not moved: the rate stays
    drain.observe("b", 11.0, 16)  # 4 positions in 11 s: slower
    assert not drain.settle() and drain.rate == 4 / 11
    drain.observe("b", 11.5, 11)  # 9 in 11.5 s: faster than when last brought forward, by less
    assert not drain.settle() and drain.rate == 9 / 11.5  # than a quarter
    drain.observe("b", 12.0, 8)  # 12 in 12 s: faster by more than a quarter
    assert drain.settle() and drain.rate == 1.0


def test_a_faster_drain_brings_every_queued_model_forward() -> None:
    drain = QueueDrain()
    drain.observe("near", 0.0, 2)
    drain.observe("far", 0.0, 30)
    drain.observe("gone", 0.0, 30)
    drain.forget("gone")
    drain.observe("near", 4.0, 0)  # 2 positions in 4 s: 0.5 per second
    assert drain.settle()
    waits = {model_id: due for model_id, _, due in drain.expected_waits(schedule())}
    assert waits == {"near": 4.0 + GAP, "far": 0.0 + 30 / 0.5 / 2}  # half-way, in 30 s
    drain.observe("near", 5.0, None)
    drain.observe("far", 10.0, 20)  # 10 positions in 10 s: twice as fast
    assert drain.settle()
    assert list(drain.expected_waits(schedule())) == [("far", 10.0, 10.0 + 20 / 1.0 / 2)]


# -- how late an ending is seen, simulated ------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """One training as the server lives it: pending until `starts`, running until `ends`
    (trained when it ends as planned, failed when earlier); its estimate is exact."""

    starts: float
    planned: float
    ends: float

    def at(self, model_id: str, now: float) -> Model:
        wire: dict[str, Any] = {"id": model_id, "privacy": "private", "type": "flux.1-lora"}
        if now >= self.ends:
            wire["status"] = "trained" if self.ends == self.planned else "failed"
        elif now < self.starts:
            progress = {"stage": "pending", "updatedAt": 1.0}
            wire |= {"status": "training", "trainingProgress": progress}
        else:
            remaining = round(1000 * (self.planned - now))
            progress = {"stage": "running-train", "updatedAt": 1.0, "remainingTimeMs": remaining}
            wire |= {"status": "training", "trainingProgress": progress}
        return msgspec.convert(wire, Model)


timelines = st.builds(
    lambda starts, length, share, fails: Timeline(
        starts, starts + length, starts + length * (share if fails else 1.0)
    ),
    st.floats(0, 30),
    st.floats(0.1, 60),
    st.floats(0.01, 0.99),
    st.booleans(),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(timelines, min_size=1, max_size=12),
    st.floats(0.1, 3.0),
    st.floats(1.0, 3.0),
    st.floats(0, 0.5),
    st.data(),
)
def test_no_ending_is_seen_later_than_max_gap(
    trainings: list[Timeline], low: float, gap_factor: float, jitter: float, data: st.DataObject
) -> None:
    """Trained or failed part-way, pending or running: with no failed request and no queue, a
    watch sees each ending at most `max_gap` after it, and each exactly once."""
    ids = [f"m{i}" for i in range(len(trainings))]
    truth = dict(zip(ids, trainings, strict=True))
    gap = low * gap_factor
    config = WatchConfig(min_interval=low, max_gap=gap, max_interval=10 * gap, jitter=jitter)
    watch = WatchCore(ids, config, rng=lambda: data.draw(st.floats(0, 0.999), label="draw"))
    now = 0.0
    seen: dict[str, float] = {}
    while True:
        match watch.next_step(now):
            case Emit(event=event):
                if isinstance(event, TERMINAL_EVENTS):
                    assert event.model_id not in seen
                    seen[event.model_id] = now
            case Sleep(until=until):
                now = until
            case Poll(chunks=chunks):
                receive(watch, [answer(chunk, truth, now) for chunk in chunks])
            case End():
                break
    assert seen.keys() == truth.keys()
    for model_id, at in seen.items():
        assert truth[model_id].ends <= at <= truth[model_id].ends + gap + 1e-6


def answer(chunk: tuple[str, ...], truth: dict[str, Timeline], now: float) -> ChunkAnswer:
    models = [truth[model_id].at(model_id, now) for model_id in chunk]
    return ChunkAnswer(order_chunk(chunk, models, [], id_reader(Model)), now, now)


def test_a_queue_draining_in_waves_is_followed_by_its_observed_rate() -> None:
    """The issue's queue, on the emulator's store and a clock of the test's own: 100 trainings
    of 10 s over 25 slots, in four waves. Each training is seen to end within `max_gap` of
    it, at the default options, with a few requests per model."""
    clock = [0.0]
    store = Store(lambda: clock[0], training_seconds=10.0, training_slots=25)
    store.seed_models(100, seed=1)
    ids = [model.id for model in (msgspec.json.decode(b, type=Model) for b in store_models(store))]
    for model_id in ids:
        store.train(
            model_id, TrainTriggerBody(), dry_run=False, images_count=UNSET, project_id=UNSET
        )
    ends = {model_id: store.schedule.reaches(model_id, "ended") for model_id in ids}
    assert max(ends.values()) > 35.0  # four waves: three queued behind the first
    watch = WatchCore(ids, WatchConfig(), rng=lambda: 0.5)
    seen: dict[str, float] = {}
    while True:
        match watch.next_step(clock[0]):
            case Emit(event=event):
                if isinstance(event, TERMINAL_EVENTS):
                    seen[event.model_id] = clock[0]
            case Sleep(until=until):
                clock[0] = until
            case Poll(chunks=chunks):
                answers = []
                for chunk in chunks:
                    found = store.get_bulk(ModelGetBulkBody(model_ids=list(chunk)), UNSET)
                    models = [msgspec.json.decode(body, type=Model) for body in found]
                    answers.append(
                        ChunkAnswer(order_chunk(chunk, models, [], id_reader(Model)), *clock * 2)
                    )
                receive(watch, answers)
            case End():
                break
    late = sorted(seen[model_id] - ends[model_id] for model_id in ids)
    assert late[0] >= 0 and late[-1] <= GAP
    # About a tick a second, each of one request, over the 38 s the trainings take.
    assert watch.stats.requests <= 40


def store_models(store: Store) -> list[bytes]:
    bodies, _ = store.list_models(ModelListQuery(page_size=500))
    return bodies
