"""How a watch reads its polls: training snapshots each tick, the full `Model` only at the end.

Pure: the answers are built from JSON bytes as get-bulk sends them and go through the same
decoding as the watch's requests (`decode_chunk`, `raw_models_of`, `order_chunk`), then
through the watch machine (`WatchCore`); no socket, no clock.
"""

from __future__ import annotations

import gc
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async.bulk_core import decode_chunk, id_reader, order_chunk
from scenario_async.json_decoding import raw_models_of
from scenario_async.ops.chunks import chunk_call
from scenario_async.training import (
    ProgressChanged,
    StageChanged,
    Trained,
    TrainingState,
    is_terminal,
    reduce,
)
from scenario_async.types import Model, TrainingSnapshot
from scenario_async.watch_core import (
    ChunkAnswer,
    Emit,
    Poll,
    SnapshotUnreadable,
    WatchConfig,
    WatchCore,
    WatchEvent,
)
from tests.support.ticks import receive

MIN = 2.0
CALL = chunk_call((), {}, TrainingSnapshot)
SNAPSHOT_ID = id_reader(TrainingSnapshot)


def wire(model_id: str, status: str, stage: str = "running-train", **extra: Any) -> dict[str, Any]:
    progress = {"stage": stage, "updatedAt": 1.0, "progress": 0.5, "remainingTimeMs": 9000.0}
    return {
        "id": model_id,
        "privacy": "private",
        "type": "flux.1-lora",
        "status": status,
        "name": f"name of {model_id}",
        "tags": ["a", "b"],
        "trainingImages": [
            {
                "id": "asset_1",
                "automaticCaptioning": "",
                "createdAt": "2026-01-01T00:00:00Z",
                "description": "",
                "downloadUrl": "https://example.com/1.png",
                "name": "1.png",
            }
        ],
        "trainingProgress": progress,
        **extra,
    }


def answer(model_ids: list[str], *models: object, now: float = 0.0) -> ChunkAnswer:
    """One get-bulk answer of `models`, decoded as the watch decodes it."""
    body = msgspec.json.encode({"models": list(models)})
    decoded = decode_chunk(CALL, 200, {}, body, TrainingSnapshot)
    raw = raw_models_of(body, decoded, is_terminal, SNAPSHOT_ID)
    chunk = order_chunk(tuple(model_ids), *decoded, SNAPSHOT_ID, raw)
    return ChunkAnswer(chunk, now, 1.7e9 + now)


def started(ids: list[str]) -> WatchCore:
    core = WatchCore(ids, WatchConfig(min_interval=MIN, max_interval=60.0, jitter=0.0))
    core.start(0.0)
    step = core.next_step(0.0)
    assert isinstance(step, Poll)
    return core


def taken(core: WatchCore, now: float = 0.0) -> list[WatchEvent]:
    """The events the machine emits now, as the watch yields them."""
    events: list[WatchEvent] = []
    while isinstance(step := core.next_step(now), Emit):
        events.append(step.event)
    return events


def test_a_model_that_ended_is_decoded_in_full_and_folded_only_when_its_event_is_taken() -> None:
    core = started(["a", "b"])
    body_b = wire("b", "trained", tags=["kept", "whole"])
    receive(core, [answer(["a", "b"], wire("a", "training"), body_b)])
    assert core.unfinished_ids == {"a", "b"}  # b has no terminal event yet
    events: list[WatchEvent] = []
    while not (events and isinstance(events[-1], Trained)):
        # Until b's event is taken, its bytes wait: its Model is not decoded, nor folded.
        assert core.unfinished_ids == {"a", "b"}
        step = core.next_step(0.0)
        assert isinstance(step, Emit)
        events.append(step.event)
    progress, trained = events[-2:]
    assert isinstance(progress, ProgressChanged) and progress.model_id == "a"
    assert isinstance(trained, Trained)  # first seen ended: that alone
    assert trained.model == msgspec.convert(body_b, Model, from_attributes=False)
    assert trained.model.tags == ["kept", "whole"] and trained.model.training_images
    assert core.unfinished_ids == {"a"}
    assert taken(core) == []  # taken once


def test_training_events_carry_snapshots_and_the_watch_keeps_only_snapshots() -> None:
    core = started(["a", "b"])
    receive(core, [answer(["a", "b"], wire("a", "training"), wire("b", "trained"))])
    events = taken(core)
    assert {event.model_id for event in events} == {"a", "b"}
    for event in events:
        assert not isinstance(event, SnapshotUnreadable)
        expected = Model if isinstance(event, Trained) else TrainingSnapshot
        assert type(event.model) is expected, event
    for model_id in ("a", "b"):
        state = core.state(model_id)
        assert state is not None and type(state.model) is TrainingSnapshot
    assert not any(gc.is_tracked(x) for x in (*events, core.state("a")))


def test_a_model_that_ended_but_does_not_decode_in_full_is_unreadable_and_polled_again() -> None:
    core = started(["a"])
    broken = wire("a", "trained", tags=5)  # its training fields read well, its tags do not
    receive(core, [answer(["a"], broken, now=10.0)])
    [event] = taken(core, 10.0)
    assert isinstance(event, SnapshotUnreadable)
    assert (event.model_id, event.index) == ("a", 0)
    assert "$.models[0].tags" in event.error
    assert core.unfinished_ids == {"a"}
    assert core.next_step(10.0 + MIN - 0.01) != Poll((("a",),))
    assert core.next_step(10.0 + MIN) == Poll((("a",),))
    receive(core, [answer(["a"], wire("a", "trained"), now=12.0)])
    assert [type(e) for e in taken(core, 12.0)] == [Trained]
    assert core.unfinished_ids == frozenset()


def test_a_model_removed_before_its_ending_is_taken_says_nothing_more() -> None:
    core = started(["a", "b"])
    early = wire("b", "training", stage="queued-for-train")
    receive(core, [answer(["a", "b"], wire("a", "training"), early)])
    taken(core)
    assert isinstance(core.next_step(9.0), Poll)  # at the end of remainingTimeMs
    receive(core, [answer(["a", "b"], wire("a", "trained"), wire("b", "trained"), now=9.0)])
    core.remove(["a"])
    events = taken(core, 9.0)
    assert [(type(e), e.model_id) for e in events] == [(StageChanged, "b"), (Trained, "b")]
    assert core.unfinished_ids == frozenset()


def test_the_reducer_refuses_an_ending_given_as_a_snapshot() -> None:
    snapshot = msgspec.convert(wire("m1", "failed"), TrainingSnapshot)
    with pytest.raises(ValueError, match=r"m1.*full Model"):
        reduce(TrainingState(model_id="m1"), snapshot, 1.0)


def test_a_snapshot_holds_what_a_model_says_of_its_training() -> None:
    model = msgspec.convert(wire("a", "training", trainingStats={"queueDuration": 3.0}), Model)
    snapshot = TrainingSnapshot.of(model)
    assert snapshot == msgspec.json.decode(msgspec.json.encode(model), type=TrainingSnapshot)
    assert TrainingSnapshot.of(snapshot) is snapshot
    assert (snapshot.name, snapshot.training_stats) == (model.name, model.training_stats)


# Each model of an answer: valid (its status), or broken in a field the snapshot reads.
entries = st.lists(
    st.one_of(
        st.sampled_from(["training", "trained", "failed", "training-canceled", "weird"]),
        st.just("broken"),
    ),
    max_size=12,
)


@given(entries)
def test_the_bytes_kept_are_those_of_each_model_that_ended_at_its_index(kinds: list[str]) -> None:
    models: list[dict[str, Any]] = []
    for index, kind in enumerate(kinds):
        if kind == "broken":
            models.append({**wire(f"m{index}", "trained"), "trainingProgress": 7})
        else:
            models.append(wire(f"m{index}", kind))
    body = msgspec.json.encode({"models": models})
    decoded = decode_chunk(CALL, 200, {}, body, TrainingSnapshot)
    kept = raw_models_of(body, decoded, is_terminal, SNAPSHOT_ID)
    ended = {
        f"m{index}": index
        for index, kind in enumerate(kinds)
        if kind in ("trained", "failed", "training-canceled")
    }
    assert {model_id: index for model_id, (index, _) in kept.items()} == ended
    for _model_id, (index, data) in kept.items():
        assert type(data) is bytes
        assert msgspec.json.decode(data) == models[index]
    assert [item.index for item in decoded[1]] == [i for i, k in enumerate(kinds) if k == "broken"]


@st.composite
def awkward_answers(draw: st.DrawFn) -> bytes:
    """Get-bulk bodies as servers may write them: compact or indented, `id` first or last,
    objects inside a model whose `id` is another model's, members after `models`."""
    count = draw(st.integers(1, 8))
    models: list[dict[str, Any]] = []
    for index in range(count):
        model = wire(f"m{index}", draw(st.sampled_from(["training", "trained", "failed"])))
        if draw(st.booleans()):  # an object inside it, with the next model's id first
            model["ui"] = {"id": f"m{index + 1}", "x": [{"id": f"m{index}"}]}
        if draw(st.booleans()):
            model = {key: model[key] for key in [*model.keys() - {"id"}, "id"]}
        models.append(model)
    envelope: dict[str, Any] = {"models": models}
    if draw(st.booleans()):
        envelope["after"] = [{"id": "m0"}]
    body = msgspec.json.encode(envelope)
    return (
        msgspec.json.format(body, indent=draw(st.sampled_from([0, 2])))
        if draw(st.booleans())
        else body
    )


@given(awkward_answers())
def test_the_bytes_kept_are_each_model_s_own_however_the_answer_is_written(body: bytes) -> None:
    decoded = decode_chunk(CALL, 200, {}, body, TrainingSnapshot)
    kept = raw_models_of(body, decoded, is_terminal, SNAPSHOT_ID)
    raws = msgspec.json.decode(body, type=dict[str, Any])["models"]
    every = msgspec.json.decode(body, type=dict[str, list[msgspec.Raw]])
    expected = {
        model["id"]: (index, bytes(every["models"][index]))
        for index, model in enumerate(raws)
        if model["status"] in ("trained", "failed")
    }
    assert kept == expected
