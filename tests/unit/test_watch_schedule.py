"""The watch machine: scheduling, chunking, backoff, timeout, error policy and its events.

No socket, no clock, no task: `WatchCore` is told the time and what each request gave, and
answers what to do next.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_async.bulk_core import BulkChunk, id_reader, order_chunk
from scenario_async.bulk_options import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENCY
from scenario_async.errors import (
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APITimeoutError,
    ValidationError,
    WatchTimeoutError,
    status_error,
)
from scenario_async.retry import backoff, is_transient
from scenario_async.training import (
    TERMINAL_EVENTS,
    Gone,
    StageChanged,
    StatusChanged,
    Trained,
    TrainingEvent,
    TrainingState,
)
from scenario_async.types import InvalidModel, Model, TrainingSnapshot
from scenario_async.watch_core import (
    NUDGE_DELAY,
    AwaitAnswers,
    ChunkAnswer,
    Cut,
    Emit,
    End,
    ErrorAction,
    Poll,
    PollFailed,
    PollOptions,
    Sleep,
    SnapshotUnreadable,
    Step,
    WatchConfig,
    WatchCore,
    WatchEvent,
    WatchOptions,
    default_error_policy,
)
from tests.support.ticks import receive

MIN, MAX = 2.0, 60.0
GAP = 2.75  # the default max_gap, within [MIN, MAX]


def answered(
    model_ids: tuple[str, ...],
    outcome: list[Model] | APIError,
    now: float,
    observed_at: float,
    unreadable: tuple[InvalidModel, ...] = (),
) -> ChunkAnswer:
    """A chunk of a tick as get-bulk answered it (`outcome`: its models, or its error)."""
    if isinstance(outcome, APIError):
        return ChunkAnswer(BulkChunk(model_ids, error=outcome), now, observed_at)
    chunk = order_chunk(model_ids, outcome, list(unreadable), id_reader(Model))
    return ChunkAnswer(chunk, now, observed_at)


def snap(
    model_id: str, status: str = "training", stage: str | None = None, **progress: Any
) -> Model:
    wire: dict[str, Any] = {"id": model_id, "privacy": "private", "type": "flux.1-lora"}
    wire["status"] = status
    if stage is not None:
        wire["trainingProgress"] = {"stage": stage, "updatedAt": 1.0, **progress}
    return msgspec.convert(wire, Model)


def core(ids: list[str], **config: Any) -> WatchCore:
    """A core with no jitter unless asked (the draw 0.5 is the middle of the range)."""
    options: dict[str, Any] = {"min_interval": MIN, "max_interval": MAX, "jitter": 0.0}
    watch = WatchCore(ids, WatchConfig(**{**options, **config}), rng=lambda: 0.5)
    watch.start(0.0)
    return watch


def poll(watch: WatchCore, now: float) -> Poll:
    step = watch.next_step(now)
    assert isinstance(step, Poll), step
    return step


def emitted(watch: WatchCore, now: float) -> tuple[list[WatchEvent], Step]:
    """The events the machine emits at `now`, and the step it asks for after them."""
    events: list[WatchEvent] = []
    while isinstance(step := watch.next_step(now), Emit):
        events.append(step.event)
    return events, step


def answer(
    watch: WatchCore, step: Poll, now: float, models: Mapping[str, Model | None] | None = None
) -> list[TrainingEvent]:
    """Every chunk answers with the given snapshots: by default each id still training, and
    an id given None is left out of the answer. The events it makes, all emitted at once."""
    given = {i: snap(i) for chunk in step.chunks for i in chunk} | dict(models or {})
    receive(
        watch,
        [
            answered(chunk, [m for i in chunk if (m := given[i]) is not None], now, 1.7e9 + now)
            for chunk in step.chunks
        ],
    )
    events, after = emitted(watch, now)
    assert after == End() or isinstance(after, Sleep)
    training = [e for e in events if not isinstance(e, PollFailed | SnapshotUnreadable)]
    assert len(training) == len(events)
    return training


def failure(status: int | None, **headers: str) -> APIError:
    if status is None:
        return APIConnectionError("boom", method="POST", path="/models/get-bulk", request_sent=True)
    return status_error(
        method="POST", path="/models/get-bulk", status_code=status, headers=headers, body=b"{}"
    )


def fail(
    watch: WatchCore, step: Poll, now: float, error: APIError
) -> tuple[list[PollFailed], Step]:
    """Every chunk fails with `error`: the `PollFailed` events, all emitted at once, and the
    step the machine asks for after them."""
    receive(watch, [answered(c, error, now, 1.7e9 + now) for c in step.chunks])
    events, after = emitted(watch, now)
    failed = [e for e in events if isinstance(e, PollFailed)]
    assert len(failed) == len(events)
    return failed, after


# -- chunking -----------------------------------------------------------------------------------


@given(st.integers(0, 700), st.integers(1, 250))
def test_one_request_per_batch_of_due_ids(count: int, chunk_size: int) -> None:
    ids = [f"m{i}" for i in range(count)]
    watch = core(ids, chunk_size=chunk_size)
    step = watch.next_step(0.0)
    if not ids:
        assert step == End()
        return
    assert isinstance(step, Poll)
    assert len(step.chunks) == math.ceil(count / chunk_size)
    assert all(1 <= len(chunk) <= chunk_size for chunk in step.chunks)
    assert [i for chunk in step.chunks for i in chunk] == ids
    assert (watch.stats.ticks, watch.stats.requests, watch.stats.last_due) == (
        1,
        len(step.chunks),
        count,
    )


# -- per-model timing ---------------------------------------------------------------------------


def test_a_ticks_last_request_carries_the_open_windows_due_soonest() -> None:
    watch = core(list("abcde"), chunk_size=3)
    answer(watch, poll(watch, 0.0), 0.0)  # all due at GAP
    watch.nudge(list("cde"), 1.2)
    answer(watch, poll(watch, 1.2 + NUDGE_DELAY), 1.45)  # c, d, e: due at 1.45 + GAP
    # At GAP, a and b are due; c fills the request's room (its window opened at
    # 1.45 + MIN / 2), d and e wait for their own tick.
    step = poll(watch, GAP)
    assert step.chunks == (("a", "b", "c"),)
    answer(watch, step, GAP)
    assert watch.next_step(GAP) == Sleep(1.45 + GAP)


def test_each_model_is_next_polled_per_its_state() -> None:
    models = {
        "bare": snap("bare"),  # nothing to go by: every max_gap
        "queued": snap("queued", "training", "queued-for-train", position=3),  # 3 x 2 s
        "running": snap("running", "training", "running-train", remainingTimeMs=9000),
        "ending": snap("ending", "training", "running-train", remainingTimeMs=2000),
        "deep": snap("deep", "training", "queued-for-train", position=500),
    }
    watch = core(list(models))
    polls: dict[str, list[float]] = {model_id: [] for model_id in models}
    now = 0.0
    while now <= MAX:
        step = watch.next_step(now)
        if isinstance(step, Sleep):
            now = step.until
            continue
        assert isinstance(step, Poll)
        for model_id in step.chunks[0]:
            polls[model_id].append(now)
        answer(watch, step, now, models)
    first_repoll = {model_id: times[1] for model_id, times in polls.items()}
    assert GAP - MIN / 2 <= first_repoll["bare"] <= GAP
    assert 6.0 - MIN / 2 <= first_repoll["queued"] <= 6.0  # 3 positions x 2 s
    assert GAP - MIN / 2 <= first_repoll["running"] <= GAP  # a failure is seen within max_gap
    assert 2.0 <= first_repoll["ending"] <= 2.0 + MIN / 2  # at or just after the predicted end
    # No drain seen yet: 4 gaps, or up to one sooner in the room of a tick that goes anyway.
    assert 3 * GAP <= first_repoll["deep"] <= 4 * GAP


def test_ids_due_within_half_the_minimum_share_the_tick_but_never_before_their_end() -> None:
    watch = core(["a", "b", "c"], max_gap=10.0)
    answer(
        watch,
        poll(watch, 0.0),
        0.0,
        {
            "a": snap("a", "training", "running-train", remainingTimeMs=4_000),
            "b": snap("b", "training", "running-train", remainingTimeMs=4_900),
            "c": snap("c", "training", "running-train", remainingTimeMs=5_100),
        },
    )
    # a's end poll: MIN / 2 after its predicted end; b's end came before that, c's did not.
    assert watch.next_step(1.0) == Sleep(4.0 + MIN / 2)
    assert poll(watch, 4.0 + MIN / 2).chunks == (("a", "b"),)


@given(st.floats(0, 0.99), st.lists(st.floats(0, 0.9999), min_size=1, max_size=20))
def test_jitter_keeps_every_delay_within_the_bounds(jitter: float, draws: list[float]) -> None:
    stream = iter(draws * 2)
    states = [
        snap("x"),
        snap("x", "training", "queued-for-train", position=1000),
        snap("x", "training", "running-train", remainingTimeMs=5000),
    ]
    for model in states:
        watch = WatchCore(
            ["x"],
            WatchConfig(min_interval=MIN, max_interval=MAX, jitter=jitter),
            rng=lambda: next(stream, 0.5),
        )
        watch.start(0.0)
        answer(watch, poll(watch, 0.0), 0.0, {"x": model})
        step = watch.next_step(0.0)
        assert isinstance(step, Sleep)
        assert MIN <= step.until <= MAX


# -- endings ------------------------------------------------------------------------------------


def test_terminal_and_missing_ids_leave_the_schedule_and_the_watch_ends() -> None:
    watch = core(["a", "b", "c"])
    events = answer(
        watch,
        poll(watch, 0.0),
        0.0,
        {"a": snap("a", "trained"), "b": None},
    )
    assert [(e.model_id, type(e)) for e in events] == [
        ("a", Trained),
        ("c", StatusChanged),
        ("b", Gone),
    ]
    gone = events[2]
    assert isinstance(gone, Gone) and gone.reason == "missing"
    assert watch.unfinished == 1 and watch.unfinished_ids == {"c"}
    events = answer(watch, poll(watch, GAP), GAP, {"c": snap("c", "failed")})
    assert [type(e).__name__ for e in events] == ["Failed"]
    assert watch.next_step(GAP) == End()


def test_an_idle_watch_kept_open_sleeps_until_its_timeout_or_an_add() -> None:
    watch = core([], stop_when_done=False, timeout=100.0)
    assert watch.next_step(1.0) == Sleep(100.0)
    watch.add(["late"])
    assert isinstance(watch.next_step(99.0), Poll)
    assert core([], stop_when_done=False, timeout=None).next_step(5.0) == Sleep(math.inf)
    idle = core([], stop_when_done=False, timeout=100.0)
    assert idle.next_step(100.0) == End()  # nothing was left unfinished
    idle.add(["late"])
    assert idle.next_step(100.0) == End()  # an ended watch stays ended


def test_the_timeout_ends_the_watch_with_the_last_snapshot_of_each_unfinished_model() -> None:
    watch = core(["a", "b", "never-seen"], timeout=30.0, max_gap=MAX)
    last = snap("a", "training", "running-train", remainingTimeMs=10**9)
    step = poll(watch, 0.0)
    answer(watch, step, 0.0, {"a": last, "b": snap("b", "trained"), "never-seen": None})
    watch.add(["fresh"])
    watch.remove(["fresh"])
    assert watch.next_step(29.0) == Sleep(30.0)
    step_at_deadline = watch.next_step(30.0)
    assert isinstance(step_at_deadline, End)
    error = step_at_deadline.raises
    assert isinstance(error, WatchTimeoutError) and isinstance(error, TimeoutError)
    assert error.pending == {"a": TrainingSnapshot.of(last)} and error.timeout == 30.0
    assert error.model == TrainingSnapshot.of(last)
    assert watch.next_step(31.0) == End()  # raised once


def test_without_a_timeout_a_watch_never_times_out() -> None:
    watch = core(["a"], timeout=None)
    answer(watch, poll(watch, 0.0), 0.0, {"a": snap("a", "training", "running-train")})
    assert isinstance(watch.next_step(1e12), Poll)


def test_each_answer_s_events_come_while_the_tick_s_other_requests_go_on() -> None:
    watch = core(["a", "b", "c"], chunk_size=1)
    step = poll(watch, 0.0)
    assert step.chunks == (("a",), ("b",), ("c",))
    assert watch.next_step(0.1) == AwaitAnswers(watch.deadline)  # no second tick meanwhile
    watch.take(answered(("b",), [snap("b", "trained")], 0.1, 1.7e9))
    events, after = emitted(watch, 0.1)
    assert [(type(e), e.model_id) for e in events] == [(Trained, "b")]
    assert after == AwaitAnswers(watch.deadline)
    # A failed request is reported at once too, for its ids alone.
    watch.take(answered(("c",), failure(503), 0.2, 1.7e9))
    events, after = emitted(watch, 0.2)
    assert len(events) == 1 and isinstance(events[0], PollFailed)
    assert events[0].model_ids == ("c",) and events[0].retry_in == MIN
    assert after == AwaitAnswers(watch.deadline)
    watch.take(answered(("a",), [snap("a", "training", "running-train")], 0.3, 1.7e9))
    events, after = emitted(watch, 0.3)
    assert [type(e) for e in events] == [StatusChanged, StageChanged]
    assert after == AwaitAnswers(watch.deadline)
    watch.tick_over()
    assert emitted(watch, 0.3) == ([], Sleep(0.2 + MIN))  # the backoff, from the failure


def test_an_error_the_policy_raises_cuts_the_tick_s_other_requests() -> None:
    watch = core(["a", "b"], chunk_size=1)
    poll(watch, 0.0)
    watch.take(answered(("a",), failure(401), 0.1, 1.7e9))
    events, after = emitted(watch, 0.1)
    assert [type(e) for e in events] == [PollFailed] and after == Cut()
    step = watch.next_step(0.1)
    assert isinstance(step, End) and isinstance(step.raises, APIError)
    assert step.raises.status_code == 401  # type: ignore[attr-defined]


def test_a_tick_in_flight_at_the_deadline_is_cut_and_the_watch_times_out() -> None:
    watch = core(["a", "b"], chunk_size=1, timeout=30.0)
    poll(watch, 0.0)
    watch.take(answered(("a",), [snap("a", "trained")], 1.0, 1.7e9))
    events, after = emitted(watch, 30.0)  # what answered is emitted first, then the cut
    assert [type(e) for e in events] == [Trained] and after == Cut()
    step = watch.next_step(30.0)
    assert isinstance(step, End) and isinstance(step.raises, WatchTimeoutError)
    assert set(step.raises.pending) == {"b"}


def test_an_id_whose_training_ended_is_watched_afresh_when_added_again() -> None:
    watch = core(["a"], stop_when_done=False)
    first = answer(watch, poll(watch, 0.0), 0.0, {"a": snap("a", "trained")})
    assert [type(e) for e in first] == [Trained]
    assert watch.unfinished_ids == frozenset()
    watch.add(["a"])  # trained again since, say
    assert watch.unfinished_ids == {"a"}
    step = poll(watch, 1.0)  # at once, as a new id
    assert step.chunks == (("a",),)
    again = answer(watch, step, 1.0, {"a": snap("a", "training", "running-train")})
    assert [type(e) for e in again] == [StatusChanged, StageChanged]
    step = poll(watch, 1.0 + GAP)
    assert [type(e) for e in answer(watch, step, 1.0 + GAP, {"a": snap("a", "trained")})] == [
        Trained
    ]
    # An id still watched is kept as it is: adding it does not poll it sooner.
    watch.add(["b"])
    answer(watch, poll(watch, 10.0), 10.0, {"b": snap("b", "training", "running-train")})
    watch.add(["b"])
    assert watch.next_step(10.0) == Sleep(10.0 + GAP)


def test_the_timeout_counts_from_start() -> None:
    watch = WatchCore(["a"], WatchConfig(timeout=10.0))
    watch.start(50.0)
    watch.start(70.0)
    assert watch.deadline == 60.0
    unstarted = WatchCore(["a"], WatchConfig(timeout=10.0))
    assert isinstance(unstarted.next_step(5.0), Poll)  # its first step starts it
    assert unstarted.deadline == 15.0


# -- add and remove -----------------------------------------------------------------------------


def test_added_ids_are_due_at_once_and_removed_ids_say_nothing_more() -> None:
    watch = core(["a", "b"])
    step = poll(watch, 0.0)
    watch.remove(["b"])  # while the tick is in flight
    events = answer(watch, step, 0.0, {"b": snap("b", "trained")})
    assert {e.model_id for e in events} == {"a"}
    assert watch.unfinished == 1
    watch.add(["c", "a"])
    assert poll(watch, 0.5).chunks == (("c",),)


def test_add_keeps_what_is_known_of_an_id_and_remove_forgets_it() -> None:
    watch = core(["a"])
    answer(watch, poll(watch, 0.0), 0.0, {"a": snap("a", "training", "pending", position=1)})
    watch.add(["a"])
    state = watch.state("a")
    assert state is not None and state.stage == "pending"
    watch.remove(["a", "never-added"])
    assert watch.state("a") is None and watch.unfinished_ids == frozenset()
    watch.add(["a"])  # a new watch of it
    assert watch.state("a") == TrainingState(model_id="a")


def test_adding_a_finished_id_does_not_watch_it_again() -> None:
    watch = core(["a"])
    answer(watch, poll(watch, 0.0), 0.0, {"a": snap("a", "trained")})
    watch.add(["a"])
    assert watch.next_step(1.0) == End()


# -- nudges -------------------------------------------------------------------------------------


def test_nudged_ids_share_the_next_tick_within_the_nudge_delay() -> None:
    watch = core(["a", "b", "c"], max_gap=MAX, chunk_size=2)  # no room left for c
    running = {i: snap(i, "training", "running-train", remainingTimeMs=600_000) for i in "abc"}
    answer(watch, poll(watch, 0.0), 0.0, running)
    assert watch.next_step(1.0) == Sleep(MAX)
    watch.nudge(["a"], 10.0)
    watch.nudge(["b", "a"], 10.05)  # a second nudge of a: not later, not twice
    assert watch.next_step(10.05) == Sleep(10.0 + NUDGE_DELAY)
    assert poll(watch, 10.0 + NUDGE_DELAY).chunks == (("a", "b"),)
    assert (watch.stats.nudged, watch.stats.ignored_nudges) == (3, 0)


def test_a_nudge_polls_sooner_than_half_the_minimum_but_never_later_than_due() -> None:
    watch = core(["a"])
    answer(watch, poll(watch, 0.0), 0.0)  # next due at GAP
    watch.nudge(["a"], 0.01)
    step = poll(watch, 0.01 + NUDGE_DELAY)
    assert step.chunks == (("a",),)
    answer(watch, step, 0.2)  # next due at 0.2 + GAP
    nudged_at = 0.2 + GAP - NUDGE_DELAY / 2  # due sooner than the nudge would make it
    watch.nudge(["a"], nudged_at)
    assert watch.next_step(nudged_at) == Sleep(0.2 + GAP)


def test_nudges_of_ids_not_polled_are_ignored_and_counted() -> None:
    watch = core(["a", "ended"])
    answer(watch, poll(watch, 0.0), 0.0, {"ended": snap("ended", "trained")})
    watch.nudge(["ended", "never-watched"], 1.0)
    watch.remove(["a"])
    watch.nudge(["a"], 1.0)
    assert (watch.stats.nudged, watch.stats.ignored_nudges) == (0, 3)
    assert watch.next_step(1.0) == End()
    with pytest.raises(TypeError, match="model_ids"):
        watch.nudge("a", 1.0)  # type: ignore[arg-type]  # a str is not a list of ids


def test_a_nudge_waits_for_the_backoff_a_server_asked_for() -> None:
    watch = core(["a"])
    fail(watch, poll(watch, 0.0), 0.0, failure(429, **{"retry-after": "30"}))
    watch.nudge(["a"], 1.0)
    assert watch.next_step(1.0) == Sleep(30.0)


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (failure(None), True),
        (APITimeoutError("slow", method="POST", path="/p", request_sent=True), True),
        (failure(408), True),
        (failure(429), True),
        (failure(500), True),
        (failure(503), True),
        (failure(501), True),
        (failure(400), False),
        (failure(401), False),
        (failure(404), False),
        (
            APIResponseDecodeError(
                "bad", method="P", path="/", status_code=200, json_path="$", body=b""
            ),
            False,
        ),
    ],
)
def test_transient_errors_are_retried_others_raised(error: APIError, transient: bool) -> None:
    assert is_transient(error) is transient
    assert default_error_policy(error, 1) == ("retry" if transient else "raise")


def test_one_shared_backoff_doubles_caps_and_resets() -> None:
    watch = core([f"m{i}" for i in range(5)], chunk_size=2, max_interval=10.0)
    now = 0.0
    delays = []
    for _ in range(5):
        step = poll(watch, now)
        assert len(step.chunks) == 3  # the failed ids stay due
        failed, after = fail(watch, step, now, failure(503))
        assert len(failed) == 3
        assert {e.retry_in for e in failed} == {failed[0].retry_in}
        delay = failed[0].retry_in
        assert delay is not None
        delays.append(delay)
        assert after == Sleep(now + delay)
        now += delay
    assert delays == [2.0, 4.0, 8.0, 10.0, 10.0]
    answer(watch, poll(watch, now), now)
    step = poll(watch, now + GAP)
    failed, _ = fail(watch, step, now + GAP, failure(None))
    assert [(e.failures, e.retry_in) for e in failed] == [(1, 2.0)] * 3


@given(st.floats(0, 0.99), st.floats(0, 0.999))
def test_the_watch_backs_off_as_the_client_retries(jitter: float, draw: float) -> None:
    """One backoff (retry.py's): the watch's n-th failed tick waits what the client's n-th
    retry would, with the watch's intervals as its bounds and its jitter as the spread."""
    watch = WatchCore(
        ["a"],
        WatchConfig(min_interval=1.0, max_interval=60.0, jitter=jitter),
        rng=lambda: draw,
    )
    now = 0.0
    for failures in range(1, 5):
        (event,), _ = fail(watch, poll(watch, now), now, failure(503))
        expected = backoff(failures, first=1.0, cap=60.0, jitter=jitter, draw=draw)
        assert event.retry_in == max(expected, 1.0)
        now += max(expected, 1.0)


def test_the_servers_retry_after_wins_within_the_intervals() -> None:
    watch = core(["a"], max_interval=50.0)
    failed, _ = fail(watch, poll(watch, 0.0), 0.0, failure(429, **{"retry-after": "42"}))
    assert [e.retry_in for e in failed] == [42.0]
    assert watch.next_step(1.0) == Sleep(42.0)


@pytest.mark.parametrize(("asked", "waited"), [("0", MIN), ("-5", MIN), ("3600", 10.0)])
def test_a_retry_after_outside_the_intervals_is_clamped(asked: str, waited: float) -> None:
    watch = core(["a"], max_interval=10.0)
    failed, after = fail(watch, poll(watch, 0.0), 0.0, failure(429, **{"retry-after": asked}))
    assert [e.retry_in for e in failed] == [waited]
    assert after == Sleep(waited)


@given(
    st.sampled_from(["retry-after", "retry-after-ms"]),
    st.one_of(
        st.builds(str, st.floats(allow_nan=True, allow_infinity=True)),
        st.builds(str, st.integers(-(10**12), 10**12)),
        st.text(max_size=30),
    ),
    st.integers(1, 30),
)
def test_no_retry_after_makes_the_watch_poll_sooner_than_min_or_later_than_max(
    header: str, value: str, failed_ticks: int
) -> None:
    watch = core(["a"], max_interval=30.0)
    now = 0.0
    for _ in range(failed_ticks):
        (event,), _ = fail(watch, poll(watch, now), now, failure(503, **{header: value}))
        assert event.retry_in is not None and MIN <= event.retry_in <= 30.0
        now += event.retry_in


def test_poll_failed_describes_the_failure_and_round_trips() -> None:
    watch = core(["a", "b"])
    (event,), _ = fail(watch, poll(watch, 0.0), 0.0, failure(502))
    assert (event.model_ids, event.error, event.status, event.failures) == (
        ("a", "b"),
        "InternalServerError",
        502,
        1,
    )
    assert "POST /models/get-bulk -> 502" in event.message
    line = msgspec.json.encode(event)
    assert msgspec.json.decode(line)["event"] == "poll_failed"
    assert msgspec.json.decode(line, type=WatchEvent) == event


@pytest.mark.parametrize("action", ["stop", "raise"])
def test_the_policy_can_end_the_watch_on_the_error(action: ErrorAction) -> None:
    seen: list[tuple[str, int]] = []

    def policy(error: APIError, failures: int) -> ErrorAction:
        seen.append((type(error).__name__, failures))
        return action

    watch = WatchCore(["a"], WatchConfig(error_policy=policy))
    watch.start(0.0)
    error = failure(503)
    (event,), end = fail(watch, poll(watch, 0.0), 0.0, error)
    assert end == (End(error) if action == "raise" else End(stopped_by=error))
    assert seen == [("InternalServerError", 1)]
    assert event.retry_in is None
    assert watch.next_step(0.0) == End()  # it ends once


def test_raise_outweighs_retry_and_successful_chunks_are_still_observed() -> None:
    watch = core(["a", "b"], chunk_size=1)
    step = poll(watch, 0.0)
    auth = failure(401)
    receive(
        watch,
        [
            answered(step.chunks[0], [snap("a", "trained")], 0.0, 1.7e9),
            answered(step.chunks[1], auth, 0.0, 1.7e9),
        ],
    )
    events, end = emitted(watch, 0.0)
    assert end == End(auth)
    assert [type(e) for e in events] == [Trained, PollFailed]


# -- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "parameter"),
    [
        ({"chunk_size": 0}, "chunk_size"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"min_interval": 0.0}, "min_interval"),
        ({"min_interval": 5.0, "max_interval": 1.0}, "min_interval"),
        ({"max_interval": math.inf}, "min_interval"),
        ({"max_gap": 1.0}, "max_gap"),  # below min_interval
        ({"max_gap": 61.0}, "max_gap"),  # above max_interval
        ({"max_gap": math.nan}, "max_gap"),
        ({"jitter": 1.0}, "jitter"),
        ({"timeout": 0.0}, "timeout"),
        ({"timeout": math.nan}, "timeout"),
        ({"poll_timeout": 0.0}, "poll_timeout"),
        ({"poll_timeout": -1.0}, "poll_timeout"),
        ({"poll_timeout": math.inf}, "poll_timeout"),
        ({"poll_timeout": math.nan}, "poll_timeout"),
    ],
)
def test_bad_settings_fail_before_any_io(config: dict[str, Any], parameter: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WatchConfig(**config)
    assert caught.value.parameter == parameter


def test_the_watch_takes_every_option_of_its_config_and_no_other() -> None:
    """`client.models.watch(**options)` is typed by `WatchOptions` and built into `WatchConfig`:
    one list of options, spelled the same in both."""
    assert WatchOptions.__optional_keys__ == {field.name for field in fields(WatchConfig)}
    assert WatchOptions.__required_keys__ == frozenset()
    assert PollOptions.__optional_keys__ < WatchOptions.__optional_keys__


@pytest.mark.parametrize(
    ("config", "gap"),
    [
        ({}, 2.75),
        ({"min_interval": 5.0}, 5.0),  # the default gap gives way to a longer minimum
        ({"min_interval": 0.1, "max_interval": 1.0}, 1.0),  # and to a shorter maximum
        ({"min_interval": 0.1, "max_gap": 0.4}, 0.4),
    ],
)
def test_the_gap_defaults_within_the_intervals(config: dict[str, Any], gap: float) -> None:
    assert WatchConfig(**config).gap == gap


@given(
    st.floats(0.01, 100.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.one_of(st.none(), st.floats(0.001, 1e6)),
)
def test_a_poll_s_timeout_is_four_gaps_within_its_bounds_unless_given(
    low: float, gap_share: float, high_share: float, given_timeout: float | None
) -> None:
    high = low + high_share * 100.0
    config = WatchConfig(
        min_interval=low,
        max_interval=high,
        max_gap=low + gap_share * (high - low),
        poll_timeout=given_timeout,
    )
    if given_timeout is not None:
        assert config.request_timeout == given_timeout
    else:
        assert config.request_timeout == min(max(4 * config.gap, 10.0), 60.0)


def test_the_default_poll_timeout_is_eleven_seconds() -> None:
    assert WatchConfig().request_timeout == 4 * 2.75


def test_bulk_fetches_and_watches_share_their_chunking_defaults() -> None:
    config = WatchConfig()
    assert (config.chunk_size, config.max_concurrency) == (
        DEFAULT_CHUNK_SIZE,
        DEFAULT_MAX_CONCURRENCY,
    )


# -- a whole run, simulated ---------------------------------------------------------------------

STATES: list[tuple[str, str | None, dict[str, float]]] = [
    ("new", None, {}),
    ("training", "pending", {}),
    ("training", "queued-for-train", {"position": 7}),
    ("training", "running-train", {"progress": 0.5, "remainingTimeMs": 4000}),
    ("trained", None, {}),
    ("failed", None, {}),
    ("training-canceled", None, {}),
]


@settings(max_examples=60)
@given(st.data(), st.integers(1, 30), st.integers(1, 8))
def test_simulated_watch_keeps_its_guarantees(data: st.DataObject, count: int, batch: int) -> None:
    """Random answers, failures and changes of the set, on a simulated clock."""
    ids = [f"m{i}" for i in range(count)]
    watch = WatchCore(
        ids,
        WatchConfig(chunk_size=batch, min_interval=MIN, max_interval=MAX, jitter=0.2),
        rng=lambda: data.draw(st.floats(0, 0.999), label="jitter"),
    )
    watch.start(0.0)
    now = 0.0
    last_poll: dict[str, float] = {}
    terminal: dict[str, int] = {}
    for _ in range(40):
        if data.draw(st.booleans(), label="change the set"):
            extra = data.draw(st.lists(st.sampled_from([*ids, "x1", "x2"]), max_size=3))
            if data.draw(st.booleans()):
                # An id whose training ended is watched afresh: polled at once, and its end
                # reported once more.
                for model_id in extra:
                    state = watch.state(model_id)
                    if state is not None and state.finished:
                        last_poll.pop(model_id, None)
                        terminal.pop(model_id, None)
                watch.add(extra)
            else:
                watch.remove(extra)
                for model_id in extra:
                    last_poll.pop(model_id, None)
                    terminal.pop(model_id, None)
        step = watch.next_step(now)
        if isinstance(step, End):
            assert step == End() and watch.unfinished == 0
            break
        assert not isinstance(step, Emit)  # every event was taken
        if isinstance(step, Sleep):
            assert step.until > now
            now = step.until
            continue
        due = [i for chunk in step.chunks for i in chunk]
        assert len(step.chunks) == math.ceil(len(due) / batch)
        assert set(due) <= watch.unfinished_ids
        results = []
        for chunk in step.chunks:
            if data.draw(st.integers(0, 9)) == 0:
                results.append(answered(chunk, failure(503), now, now))
                continue
            models = []
            for model_id in chunk:
                if model_id in last_poll:
                    assert now - last_poll[model_id] > MIN / 2
                last_poll[model_id] = now
                if data.draw(st.integers(0, 19)) > 0:
                    status, stage, progress = data.draw(st.sampled_from(STATES))
                    models.append(snap(model_id, status, stage, **progress))
            results.append(answered(chunk, models, now, now))
        receive(watch, results)
        answered_ids = {i for a in results if a.chunk.error is None for i in a.chunk.model_ids}
        events, after = emitted(watch, now)
        for event in events:
            if isinstance(event, TERMINAL_EVENTS):
                terminal[event.model_id] = terminal.get(event.model_id, 0) + 1
        assert all(n == 1 for n in terminal.values())
        assert watch.unfinished == len(watch.unfinished_ids)
        if isinstance(after, End):
            assert after == End() and watch.unfinished == 0
            break
        # The answered ids are not due again at once; ids seen in the queue before may be, when
        # it moved faster than they were scheduled for.
        assert isinstance(after, Sleep) or not answered_ids & {i for c in after.chunks for i in c}


def unreadable(index: int, model_id: str | None) -> InvalidModel:
    error = f"Expected `str`, got `int` at $.models[{index}].status"
    return InvalidModel(index=index, model_id=model_id, error=error, raw=msgspec.Raw(b"{}"))


def test_an_unreadable_model_is_reported_not_gone_and_polled_again_after_min_interval() -> None:
    watch = core(["a", "b", "c"])
    step = poll(watch, 0.0)
    receive(
        watch,
        [
            answered(
                step.chunks[0], [snap("a", status="trained")], 0.0, 100.0, (unreadable(1, "b"),)
            )
        ],
    )
    events, after = emitted(watch, 0.0)
    assert [type(event) for event in events] == [Trained, Gone, SnapshotUnreadable]
    gone, report = events[1], events[2]
    assert isinstance(gone, Gone) and gone.model_id == "c"
    assert report == SnapshotUnreadable(
        observed_at=100.0, model_id="b", index=1, error=unreadable(1, "b").error
    )
    assert after == Sleep(MIN)
    assert watch.next_step(MIN - 0.01) == Sleep(MIN)
    assert poll(watch, MIN).chunks == (("b",),)


def test_an_unreadable_model_without_a_readable_id_makes_no_model_of_its_request_gone() -> None:
    watch = core(["a", "b", "c"])
    step = poll(watch, 0.0)
    receive(
        watch,
        [
            answered(
                step.chunks[0], [snap("a", status="trained")], 0.0, 100.0, (unreadable(0, None),)
            )
        ],
    )
    events, _ = emitted(watch, 0.0)
    assert [type(event) for event in events] == [Trained, SnapshotUnreadable]
    assert poll(watch, MIN).chunks == (("b", "c"),)
