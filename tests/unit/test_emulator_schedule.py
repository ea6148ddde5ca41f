"""The emulator's training clock on a fake clock: stages, queue positions, slots, cancel."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async.emulator import Durations, TrainingSchedule

ONE_SECOND = Durations.for_total(10.0)  # pending 1 s, starting 1 s, running 8 s


def test_a_lone_training_walks_every_stage_in_order() -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=1)
    schedule.add("m", now=0.0)
    seen = [schedule.progress("m", t).stage for t in (0.0, 0.5, 1.0, 1.5, 2.0, 6.0, 9.99)]
    assert seen == [
        "pending",
        "pending",
        "starting-train",
        "starting-train",
        "running-train",
        "running-train",
        "running-train",
    ]
    running = [schedule.progress("m", t) for t in (2.0, 6.0, 9.99)]
    assert [p.progress for p in running] == sorted(p.progress for p in running)
    remaining = [p.remaining_time_ms for p in running]
    assert remaining == sorted(remaining, key=lambda ms: -(ms or 0))
    assert schedule.pop_ended(9.99) == []
    [ended] = schedule.pop_ended(10.0)
    assert (ended.model_id, ended.failed, ended.queued_for) == ("m", False, 0.0)
    assert "m" not in schedule


def test_queue_positions_count_down_as_slots_free() -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=1)
    for name in ("a", "b", "c"):
        schedule.add(name, now=0.0)
    at_two = {name: schedule.progress(name, 2.0) for name in ("b", "c")}
    assert (at_two["b"].stage, at_two["b"].position) == ("queued-for-train", 0)
    assert (at_two["c"].stage, at_two["c"].position) == ("queued-for-train", 1)
    # `a` holds the slot for starting + running = 9 s, from 1 s to 10 s.
    assert schedule.progress("b", 10.0).stage == "starting-train"
    assert schedule.progress("c", 10.0).position == 0


def test_cancelling_the_running_training_hands_its_slot_on() -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=1)
    schedule.add("a", now=0.0)
    schedule.add("b", now=0.0)
    schedule.remove("a", now=3.0)
    assert schedule.progress("b", 3.0).stage == "starting-train"
    assert [e.model_id for e in schedule.pop_ended(12.0)] == ["b"]


def test_a_failing_training_ends_early_and_says_so() -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=1)
    schedule.add("m", now=0.0, fail_at=0.5)
    [ended] = schedule.pop_ended(6.0)  # 1 s pending + 1 s starting + half of 8 s running
    assert ended.failed


@given(
    slots=st.integers(1, 4),
    triggers=st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=12),
    probes=st.lists(st.floats(0, 200, allow_nan=False), min_size=1, max_size=20),
)
def test_never_more_trainings_running_than_slots_and_first_come_first_served(
    slots: int, triggers: list[float], probes: list[float]
) -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=slots)
    names = [f"m{i}" for i in range(len(triggers))]
    for name, at in zip(names, sorted(triggers), strict=True):
        schedule.add(name, now=at)
    ended = schedule.pop_ended(1000.0)
    assert sorted(e.model_id for e in ended) == sorted(names)
    starts = {e.model_id: e.started for e in ended}
    assert [starts[n] for n in names] == sorted(starts[n] for n in names)
    for t in probes:
        busy = sum(1 for e in ended if e.started <= t < e.ended)
        assert busy <= slots


# -- where a training reaches a stage: what `Emulator.advance_to` moves the clock to ---------

STAGES = ["pending", "queued-for-train", "starting-train", "running-train"]


def test_reaches_gives_the_first_instant_of_each_stage_and_of_the_end() -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=1)
    schedule.add("a", now=0.0)
    schedule.add("b", now=0.0)
    assert [schedule.reaches("a", stage) for stage in ("pending", "starting-train")] == [0.0, 1.0]
    assert schedule.reaches("a", "running-train", progress=0.5) == 2.0 + 4.0
    assert schedule.reaches("a", "ended") == 10.0
    # `b` is ready at 1 s, but `a` holds the only slot until 10 s.
    assert schedule.reaches("b", "queued-for-train") == 1.0
    assert schedule.reaches("b", "starting-train") == 10.0


def test_reaches_refuses_what_a_training_never_does() -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=2)
    schedule.add("free", now=0.0)
    schedule.add("doomed", now=0.0, fail_at=0.5)
    with pytest.raises(ValueError, match="never queues"):
        schedule.reaches("free", "queued-for-train")
    with pytest.raises(ValueError, match="fails before 60%"):
        schedule.reaches("doomed", "running-train", progress=0.6)
    assert schedule.reaches("doomed", "ended") == 2.0 + 4.0
    with pytest.raises(ValueError, match="not training"):
        schedule.reaches("unknown", "pending")
    with pytest.raises(ValueError, match="progress"):
        schedule.reaches("free", "starting-train", progress=0.5)
    with pytest.raises(ValueError, match="progress"):
        schedule.reaches("free", "running-train", progress=1.5)
    schedule.pop_ended(100.0)
    with pytest.raises(ValueError, match="not training"):
        schedule.reaches("free", "ended")


@given(
    slots=st.integers(1, 3),
    triggers=st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=8),
    failing=st.sets(st.integers(0, 7)),
    pick=st.integers(0, 7),
    stage=st.sampled_from(STAGES),
    progress=st.floats(0, 1),
)
def test_at_the_instant_reached_the_training_is_in_that_stage(
    slots: int,
    triggers: list[float],
    failing: set[int],
    pick: int,
    stage: str,
    progress: float,
) -> None:
    schedule = TrainingSchedule(ONE_SECOND, slots=slots)
    names = [f"m{i}" for i in range(len(triggers))]
    for i, (name, at) in enumerate(zip(names, sorted(triggers), strict=True)):
        schedule.add(name, now=at, fail_at=0.5 if i in failing else None)
    name = names[pick % len(names)]
    progress = progress if stage == "running-train" else 0.0
    try:
        instant = schedule.reaches(name, stage, progress)  # type: ignore[arg-type]
    except ValueError:
        return  # never reached: what the other tests check
    seen = schedule.progress(name, instant)
    assert seen.stage == stage
    if stage == "running-train":
        assert seen.progress == pytest.approx(progress, abs=1e-4)
    ended = {e.model_id for e in schedule.pop_ended(schedule.reaches(name, "ended"))}
    assert name in ended
