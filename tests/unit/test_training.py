"""The training reducer, rule by rule (the rules are the docstring of scenario_async.training)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import msgspec
import pytest

from scenario_async import training
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
    reduce_gone,
)
from scenario_async.types import Model, TrainingSnapshot


def snap(
    status: str | None = "training",
    stage: str | None = None,
    t: float = 0.0,
    *,
    model_id: str = "m1",
    updated_at: str | None = None,
    **progress: Any,
) -> Model:
    """A wire-shaped Model; `stage` given means a trainingProgress updated at `t` (ms)."""
    wire: dict[str, Any] = {"id": model_id, "privacy": "private", "type": "flux.1-lora"}
    if status is not None:
        wire["status"] = status
    if updated_at is not None:
        wire["updatedAt"] = updated_at
    if stage is not None:
        wire["trainingProgress"] = {"stage": stage, "updatedAt": t, **progress}
    return msgspec.convert(wire, Model)


def summary(event: TrainingEvent) -> tuple[Any, ...]:
    match event:
        case StatusChanged():
            return ("status", event.from_status, event.to_status)
        case StageChanged():
            return ("stage", event.from_stage, event.to_stage)
        case QueuePositionChanged():
            return ("position", event.from_position, event.to_position)
        case ProgressChanged():
            return ("progress", event.progress, event.remaining_time_ms)
        case UnknownState():
            return ("unknown", event.field, event.value)
        case Gone():
            return ("gone", event.reason)
        case Trained() | Failed() | Canceled():
            return (type(event).__name__,)


def run(*snapshots: Model, state: TrainingState | None = None) -> list[list[tuple[Any, ...]]]:
    """Feed the snapshots in order; the summarized events of each step."""
    state = state or TrainingState(model_id="m1")
    steps = []
    for i, model in enumerate(snapshots):
        state, events = reduce(state, model, observed_at=1000.0 + i)
        steps.append([summary(e) for e in events])
    return steps


# -- the tables ---------------------------------------------------------------------------------


def test_tables_cover_the_documented_vocabulary() -> None:
    assert STAGE_ORDER == (
        "pending",
        "pending-captcha",
        "queued-for-train",
        "starting-train",
        "running-train",
    )
    assert {s for s, p in STATUS_PHASE.items() if p is Phase.ACTIVE} == {
        "new",
        "copying",
        "training",
    }
    assert dict(training.TERMINAL_EVENT) == {
        Phase.TRAINED: Trained,
        Phase.FAILED: Failed,
        Phase.CANCELED: Canceled,
    }
    assert tuple(TERMINAL_EVENTS) == (Trained, Failed, Canceled, Gone)


# -- rule 1: level-triggered --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "terminal"),
    [("trained", "Trained"), ("failed", "Failed"), ("training-canceled", "Canceled")],
)
def test_rule1_new_to_terminal_in_one_poll_yields_the_terminal_event(
    status: str, terminal: str
) -> None:
    assert run(snap("new"), snap(status)) == [[("status", None, "new")], [(terminal,)]]


def test_rule1_skipped_stages_are_one_stage_change_then_the_terminal_event() -> None:
    steps = run(snap("training", "pending", 1), snap("trained", "running-train", 9))
    assert steps[1] == [("stage", "pending", "running-train"), ("Trained",)]


def test_rule1_skipped_stages_while_active_are_one_stage_change() -> None:
    steps = run(snap("training", "pending", 1), snap("training", "running-train", 2, progress=0.5))
    assert steps[1] == [("stage", "pending", "running-train"), ("progress", 0.5, None)]


def test_rule1_first_sight_reports_the_initial_view() -> None:
    steps = run(snap("training", "queued-for-train", 1, position=4, remainingTimeMs=6e5))
    assert steps == [
        [
            ("status", None, "training"),
            ("stage", None, "queued-for-train"),
            ("position", None, 4.0),
            ("progress", None, 6e5),
        ]
    ]


# -- rule 2: exactly one terminal event, nothing after ------------------------------------------


def test_rule2_first_seen_terminal_yields_exactly_its_terminal_event() -> None:
    assert run(snap("failed", "running-train", 5, progress=0.3)) == [[("Failed",)]]


def test_rule2_nothing_after_the_terminal_event() -> None:
    steps = run(
        snap("training", "running-train", 1),
        snap("trained", "running-train", 2),
        snap("trained", "running-train", 3, progress=1.0),
        snap("failed", None, 4),
        snap("training", "pending", 5),
    )
    assert steps[1:] == [[("Trained",)], [], [], []]


def test_rule2_gone_is_terminal_once_and_never_after_another_terminal() -> None:
    state = TrainingState(model_id="m1")
    state, events = reduce(state, snap("training", "pending", 1), 1.0)
    state, gone = reduce_gone(state, 2.0, "missing")
    assert [summary(e) for e in gone] == [("gone", "missing")]
    assert isinstance(gone[0], Gone) and gone[0].model is events[0].model
    assert reduce_gone(state, 3.0, "404")[1] == []
    assert reduce(state, snap("trained"), 4.0)[1] == []

    finished, _ = reduce(TrainingState(model_id="m1"), snap("trained"), 1.0)
    assert reduce_gone(finished, 2.0, "missing") == (finished, [])


def test_rule2_gone_before_any_snapshot_carries_no_model() -> None:
    state, events = reduce_gone(TrainingState(model_id="m1"), 1.0, "404")
    assert state.outcome == "gone"
    assert isinstance(events[0], Gone) and events[0].model is None


@pytest.mark.parametrize(
    ("status", "outcome"),
    [("trained", "trained"), ("failed", "failed"), ("training-canceled", "canceled")],
)
def test_rule2_the_state_records_the_outcome_and_final_snapshot(status: str, outcome: str) -> None:
    final = snap(status, None, 3)
    state, events = reduce(TrainingState(model_id="m1"), final, 1.0)
    assert (state.outcome, state.finished) == (outcome, True)
    # The event carries the full Model; the state keeps only its training snapshot.
    assert [event.model for event in events] == [final]
    assert state.model == TrainingSnapshot.of(final)


# -- rule 3: stale snapshots are dropped --------------------------------------------------------


def test_rule3_older_progress_is_dropped_and_not_kept() -> None:
    state, _ = reduce(TrainingState(model_id="m1"), snap("training", "pending", 10), 1.0)
    stale = snap("training", "running-train", 5, progress=0.9)
    assert reduce(state, stale, 2.0) == (state, [])


def test_rule3_without_progress_the_model_updated_at_orders() -> None:
    steps = run(
        snap("training", updated_at="2024-05-01T10:00:00.000Z"),
        snap("new", updated_at="2024-05-01T09:00:00.000Z"),
        snap("copying", updated_at="2024-05-01T10:00:00.000Z"),
    )
    assert steps == [[("status", None, "training")], [], [("status", "training", "copying")]]


def test_rule3_equal_timestamps_are_not_stale() -> None:
    steps = run(snap("training", "pending", 7), snap("training", "pending", 7, position=2))
    assert steps[1] == [("position", None, 2.0)]


def test_rule3_snapshots_with_no_common_key_are_accepted() -> None:
    steps = run(snap("training", "pending", 7), snap("new", updated_at="1999-01-01T00:00:00Z"))
    assert steps[1] == [("status", "training", "new")]


def test_rule3_a_terminal_status_beats_staleness() -> None:
    steps = run(snap("training", "running-train", 10), snap("trained", "running-train", 3))
    assert steps[1] == [("Trained",)]


# -- rule 4: no event without a change ----------------------------------------------------------


def test_rule4_repeats_say_nothing() -> None:
    same = snap("training", "running-train", 1, progress=0.5, remainingTimeMs=100)
    assert run(same, same, snap("training", "running-train", 2, progress=0.5, remainingTimeMs=100))[
        1:
    ] == [[], []]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"position": 2}, [("position", 3.0, 2.0)]),
        ({"position": None}, [("position", 3.0, None)]),
        ({"position": 3, "progress": 0.1}, [("progress", 0.1, None)]),
        ({"position": 3, "remainingTimeMs": 5000}, [("progress", None, 5000.0)]),
        ({"position": 3, "startedAt": 99}, []),  # not a watched field
    ],
)
def test_rule4_each_watched_field_changes_alone(
    change: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    steps = run(
        snap("training", "queued-for-train", 1, position=3),
        snap("training", "queued-for-train", 2, **change),
    )
    assert steps[1] == expected


def test_rule4_a_snapshot_without_progress_leaves_the_view_alone() -> None:
    steps = run(
        snap("training", "queued-for-train", 1, position=3),
        snap("training"),
        snap("training", "queued-for-train", 3, position=3),
    )
    assert steps[1:] == [[], []]


def test_rule4_a_missing_status_says_nothing() -> None:
    assert run(snap("training"), snap(None))[1] == []


# -- rule 5: stages only move forward -----------------------------------------------------------


def test_rule5_an_earlier_stage_with_a_newer_timestamp_is_stale() -> None:
    state = TrainingState(model_id="m1")
    state, _ = reduce(state, snap("training", "running-train", 10, progress=0.4), 1.0)
    back = snap("training", "queued-for-train", 20, position=7)
    assert reduce(state, back, 2.0) == (state, [])
    steps = run(snap("training", "running-train", 30, progress=0.6), state=state)
    assert steps == [[("progress", 0.6, None)]]


def test_rule5_a_terminal_snapshot_at_an_earlier_stage_still_ends_the_watch() -> None:
    steps = run(snap("training", "running-train", 10), snap("failed", "queued-for-train", 20))
    assert steps[1] == [("Failed",)]


def test_rule5_stage_changes_follow_the_lifecycle_order() -> None:
    steps = run(*(snap("training", stage, t) for t, stage in enumerate(STAGE_ORDER)))
    stage_events = [e for step in steps for e in step if e[0] == "stage"]
    assert stage_events == [
        ("stage", None, "pending"),
        ("stage", "pending", "pending-captcha"),
        ("stage", "pending-captcha", "queued-for-train"),
        ("stage", "queued-for-train", "starting-train"),
        ("stage", "starting-train", "running-train"),
    ]


# -- rule 6: unknown strings --------------------------------------------------------------------


def test_rule6_unknown_status_is_reported_once_and_is_not_terminal() -> None:
    steps = run(
        snap("training", "pending", 1),
        snap("archived", "pending", 2),
        snap("training", "pending", 3),
        snap("archived", "pending", 4),
        snap("trained", "pending", 5),
    )
    assert steps[1:] == [[("unknown", "status", "archived")], [], [], [("Trained",)]]


def test_rule6_unknown_stage_is_reported_once_and_keeps_the_known_stage() -> None:
    steps = run(
        snap("training", "queued-for-train", 1, position=2),
        snap("training", "warming-up", 2, position=1),
        snap("training", "warming-up", 3, position=1),
        snap("training", "running-train", 4),
        snap("training", "warming-up", 5),
    )
    assert steps[1:] == [
        [("unknown", "stage", "warming-up"), ("position", 2.0, 1.0)],
        [],
        [("stage", "queued-for-train", "running-train"), ("position", 1.0, None)],
        [],
    ]


def test_rule6_unknown_values_are_counted_per_field() -> None:
    steps = run(snap("odd", "odd", 1))
    assert steps == [[("unknown", "status", "odd"), ("unknown", "stage", "odd")]]


# -- events as values ---------------------------------------------------------------------------


def test_every_event_kind_round_trips_through_json_lines() -> None:
    state = TrainingState(model_id="m1")
    events: list[TrainingEvent] = []
    for i, model in enumerate(
        [
            snap("weird", "pending", 1, updated_at="2024-05-01T10:00:00Z"),
            snap("training", "mystery", 2, position=3),
            snap("training", "queued-for-train", 3, position=2, remainingTimeMs=1.5),
            snap("trained", "running-train", 4, progress=1.0),
        ]
    ):
        state, new = reduce(state, model, 1.7e9 + i)
        events.extend(new)
    events.extend(reduce_gone(TrainingState(model_id="m2"), 1.7e9, "404")[1])
    for cls in (Failed, Canceled):
        events.append(cls(model_id="m1", observed_at=0.5, model=snap("x")))
    kinds = {type(e) for e in events}
    assert kinds == {
        StatusChanged,
        StageChanged,
        QueuePositionChanged,
        ProgressChanged,
        UnknownState,
        Trained,
        Failed,
        Canceled,
        Gone,
    }
    lines = b"\n".join(msgspec.json.encode(e) for e in events)
    decoder = msgspec.json.Decoder(TrainingEvent)
    assert [decoder.decode(line) for line in lines.splitlines()] == events
    assert msgspec.json.decode(msgspec.json.encode(events[-1]))["event"] == "canceled"


def test_events_are_frozen() -> None:
    event = Gone(model_id="m1", observed_at=1.0, model=None, reason="404")
    with pytest.raises(AttributeError):
        event.reason = "x"  # type: ignore[misc]


def test_a_snapshot_of_another_model_is_refused() -> None:
    with pytest.raises(ValueError, match="m2"):
        reduce(TrainingState(model_id="m1"), snap(model_id="m2"), 1.0)


# -- purity -------------------------------------------------------------------------------------


def test_the_reducer_module_does_no_io() -> None:
    source = Path(training.__file__).read_text()
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    forbidden = {"asyncio", "anyio", "aiohttp", "time", "socket", "threading", "random", "logging"}
    assert not imported & forbidden
