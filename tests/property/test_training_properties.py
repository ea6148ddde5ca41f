"""Invariants of the training reducer over generated snapshot sequences, and of the watch
machine that keeps one per watched model."""

from __future__ import annotations

import math
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from scenario_async.bulk_core import id_reader, order_chunk
from scenario_async.training import (
    STAGE_ORDER,
    STATUS_PHASE,
    TERMINAL_EVENTS,
    Canceled,
    Failed,
    Gone,
    Phase,
    ProgressChanged,
    QueuePositionChanged,
    StageChanged,
    StatusChanged,
    Trained,
    TrainingEvent,
    TrainingState,
    UnknownState,
    reduce,
)
from scenario_async.types import Model, TrainingSnapshot
from scenario_async.watch_core import (
    ChunkAnswer,
    Emit,
    Poll,
    PollFailed,
    Sleep,
    SnapshotUnreadable,
    Step,
    WatchConfig,
    WatchCore,
)
from tests.support.ticks import receive

ACTIVE = ["new", "copying", "training"]
TERMINAL = ["trained", "failed", "training-canceled"]
UNKNOWN = ["archived", "paused", "weird-thing"]
UNKNOWN_STAGES = ["warming-up", "validating-train"]
RANK = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}
EXPECTED_TERMINAL = {"trained": Trained, "failed": Failed, "training-canceled": Canceled}
DECODER = msgspec.json.Decoder(TrainingEvent)


def build(model_id: str, status: str | None, stage: str | None, t: int, **extra: Any) -> Model:
    wire: dict[str, Any] = {"id": model_id, "privacy": "private", "type": "flux.1-lora"}
    if status is not None:
        wire["status"] = status
    updated = extra.pop("updated_at", None)
    if updated is not None:
        wire["updatedAt"] = f"2024-05-01T10:{updated // 60:02d}:{updated % 60:02d}.000Z"
    if stage is not None:
        wire["trainingProgress"] = {"stage": stage, "updatedAt": float(t), **extra}
    return msgspec.convert(wire, Model)


statuses = st.one_of(
    st.sampled_from(ACTIVE),
    st.sampled_from(TERMINAL),
    st.sampled_from(UNKNOWN),
    st.none(),
)
stages = st.one_of(st.none(), st.sampled_from(STAGE_ORDER), st.sampled_from(UNKNOWN_STAGES))
small = st.sampled_from([None, 0.0, 1.0, 2.0, 5.0])
fractions = st.sampled_from([None, 0.0, 0.25, 0.5, 1.0])


@st.composite
def snapshot(draw: st.DrawFn, model_id: str = "m1", status: Any = statuses) -> Model:
    extra = {
        key: value
        for key, value in {
            "position": draw(small),
            "progress": draw(fractions),
            "remainingTimeMs": draw(st.sampled_from([None, 0.0, 1000.0, 60_000.0])),
        }.items()
        if value is not None or draw(st.booleans())
    }
    updated = draw(st.none() | st.integers(0, 200))
    return build(
        model_id,
        draw(status),
        draw(stages),
        draw(st.integers(0, 30)),
        updated_at=updated,
        **extra,
    )


@st.composite
def lifecycle(draw: st.DrawFn) -> list[Model]:
    """A plausible training: stages in order with some skipped, repeats, an optional ending,
    unknown strings mixed in, then the updatedAt values shuffled among the snapshots."""
    path: list[str] = [s for s in STAGE_ORDER if draw(st.booleans())] or ["pending"]
    steps: list[tuple[str | None, str | None]] = []
    if draw(st.booleans()):
        steps.append(("new", None))
    for known in path:
        for _ in range(draw(st.integers(1, 3))):
            status = draw(st.sampled_from(["training", "training", *UNKNOWN]))
            name = draw(st.sampled_from([known, known, known, *UNKNOWN_STAGES]))
            steps.append((status, name))
    if draw(st.booleans()):
        steps.append((draw(st.sampled_from(TERMINAL)), draw(st.none() | st.just(path[-1]))))
    times = list(range(len(steps)))
    if draw(st.booleans()):
        times = draw(st.permutations(times))
    models = []
    for (step_status, step_stage), t in zip(steps, times, strict=True):
        extra = {"position": draw(small), "progress": draw(fractions)}
        models.append(build("m1", step_status, step_stage, t, updated_at=t, **extra))
    if draw(st.booleans()):  # a delivery repeated
        index = draw(st.integers(0, len(models) - 1))
        models.insert(index, models[index])
    return models


sequences = st.one_of(lifecycle(), st.lists(snapshot(), max_size=12))


def fold(models: list[Model]) -> list[tuple[TrainingState, Model, list[TrainingEvent]]]:
    """Run the reducer; for each step the state before it, the snapshot, and its events."""
    state = TrainingState(model_id="m1")
    steps = []
    for i, model in enumerate(models):
        before = state
        state, events = reduce(state, model, observed_at=1.7e9 + i)
        steps.append((before, model, events))
    return steps


@given(sequences)
def test_exactly_one_terminal_event_iff_a_terminal_snapshot_and_nothing_after(
    models: list[Model],
) -> None:
    events = [e for _, _, step in fold(models) for e in step]
    terminal = [e for e in events if isinstance(e, TERMINAL_EVENTS)]
    terminal_snapshots = [m for m in models if m.status in TERMINAL]
    if not terminal_snapshots:
        assert terminal == []
        return
    assert len(terminal) == 1
    assert events[-1] is terminal[0]
    assert terminal[0].model is terminal_snapshots[0]
    assert isinstance(terminal[0], EXPECTED_TERMINAL[terminal_snapshots[0].status or ""])


@given(sequences)
def test_every_event_is_a_real_change_from_the_reported_view(models: list[Model]) -> None:
    status: str | None = None
    stage: str | None = None
    position: float | None = None
    pair: tuple[float | None, float | None] = (None, None)
    seen: set[tuple[str, str]] = set()
    for i, (_, model, events) in enumerate(fold(models)):
        progress = model.training_progress
        for event in events:
            assert event.model_id == "m1" and event.observed_at == 1.7e9 + i
            terminal = isinstance(event, Trained | Failed | Canceled)
            assert event.model == (model if terminal else TrainingSnapshot.of(model))
            match event:
                case StatusChanged():
                    assert (event.from_status, event.to_status) == (status, model.status)
                    assert event.to_status != status
                    status = event.to_status
                case StageChanged():
                    assert progress is not None and event.to_stage == progress.stage
                    assert event.from_stage == stage
                    assert RANK[event.to_stage] > (-1 if stage is None else RANK[stage])
                    stage = event.to_stage
                case QueuePositionChanged():
                    assert progress is not None
                    assert (event.from_position, event.to_position) == (position, progress.position)
                    assert event.to_position != position
                    position = event.to_position
                case ProgressChanged():
                    assert progress is not None
                    new_pair = (event.progress, event.remaining_time_ms)
                    assert new_pair == (progress.progress, progress.remaining_time_ms)
                    assert new_pair != pair
                    pair = new_pair
                case UnknownState():
                    raw = model.status if event.field == "status" else progress and progress.stage
                    assert event.value == raw
                    assert event.value not in STATUS_PHASE and event.value not in RANK
                    assert (event.field, event.value) not in seen
                    seen.add((event.field, event.value))
                case Trained() | Failed() | Canceled():
                    assert STATUS_PHASE[model.status or ""] is not Phase.ACTIVE
                case Gone():
                    raise AssertionError("reduce never says gone")


@given(sequences)
def test_stage_changes_follow_the_lifecycle_order(models: list[Model]) -> None:
    ranks = [
        RANK[e.to_stage] for _, _, step in fold(models) for e in step if isinstance(e, StageChanged)
    ]
    assert ranks == sorted(set(ranks))


@given(sequences)
def test_stale_and_repeated_snapshots_say_nothing(models: list[Model]) -> None:
    state = TrainingState(model_id="m1")
    for model in models:
        kept = state.model
        after, events = reduce(state, model, 1.0)
        older = (
            kept is not None
            and kept.training_progress is not None
            and model.training_progress is not None
            and model.training_progress.updated_at < kept.training_progress.updated_at
        )
        if older and model.status not in TERMINAL:
            assert (after, events) == (state, [])
        assert reduce(after, model, 2.0)[1] == []  # the same snapshot again
        state = after


@given(sequences)
def test_events_round_trip_as_json_lines(models: list[Model]) -> None:
    events = [e for _, _, step in fold(models) for e in step]
    lines = b"\n".join(msgspec.json.encode(e) for e in events)
    assert [DECODER.decode(line) for line in lines.splitlines() if line] == events


# -- the watch machine over many models ---------------------------------------------------------

IDS = ["a", "b", "c", "d"]
MODEL_ID = id_reader(Model)


class WatchMachine(RuleBasedStateMachine):
    """Add, remove and poll many models; the watch machine keeps the per-model guarantees."""

    def __init__(self) -> None:
        super().__init__()
        config = WatchConfig(max_interval=60.0, timeout=None, stop_when_done=False)
        self.machine = WatchCore([], config)
        self.now = 0.0
        self.watched: set[str] = set()
        self.finished: set[str] = set()
        self.terminal_count: dict[str, int] = {}  # per watching: reset by remove and add

    def _take(self) -> Step:
        """Take every event the machine emits now; the step it asks for after them."""
        watched_before = set(self.watched)
        while isinstance(step := self.machine.next_step(self.now), Emit):
            event = step.event
            assert not isinstance(event, PollFailed | SnapshotUnreadable)
            assert event.model_id in watched_before, "an unwatched id produced an event"
            assert event.model_id not in self.finished, "an event after the terminal one"
            if isinstance(event, TERMINAL_EVENTS):
                self.terminal_count[event.model_id] = self.terminal_count.get(event.model_id, 0) + 1
                self.finished.add(event.model_id)
        return step

    @rule(model_id=st.sampled_from(IDS))
    def add(self, model_id: str) -> None:
        """An id whose training ended is watched afresh: one more terminal event may come."""
        self.machine.add([model_id])
        self.watched.add(model_id)
        self.finished.discard(model_id)
        self.terminal_count.pop(model_id, None)

    @rule(model_id=st.sampled_from(IDS))
    def remove(self, model_id: str) -> None:
        self.machine.remove([model_id])
        self.watched.discard(model_id)
        self.finished.discard(model_id)
        self.terminal_count.pop(model_id, None)

    @rule(data=st.data())
    def poll(self, data: st.DataObject) -> None:
        """A tick past every model's next poll: each one answered, or left out (gone)."""
        self.now += 100.0
        step = self._take()
        if not isinstance(step, Poll):
            assert step == Sleep(math.inf) and self.watched == self.finished
            return
        asked = [model_id for chunk in step.chunks for model_id in chunk]
        assert sorted(asked) == sorted(self.watched - self.finished)
        answers = []
        for chunk in step.chunks:
            models = [data.draw(st.one_of(st.none(), snapshot(model_id))) for model_id in chunk]
            answered = order_chunk(chunk, [m for m in models if m is not None], [], MODEL_ID)
            answers.append(ChunkAnswer(answered, self.now, 1.7e9 + self.now))
        receive(self.machine, answers)
        assert isinstance(self._take(), Sleep)

    @invariant()
    def finished_models_leave_the_unfinished_set(self) -> None:
        assert self.machine.unfinished_ids == self.watched - self.finished
        assert self.machine.unfinished == len(self.watched - self.finished)
        assert all((self.machine.state(i) is None) == (i not in self.watched) for i in IDS)

    @invariant()
    def at_most_one_terminal_event_per_watch(self) -> None:
        assert all(count == 1 for count in self.terminal_count.values())
        for model_id in self.finished:
            state = self.machine.state(model_id)
            assert state is not None and state.finished


WatchMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=30)
TestWatchMachine = WatchMachine.TestCase
