"""Bulk, pagination, the watcher and the resources against a fake `Sender`: no client, no
transport, no socket. What they need of the client is the two-method protocol, so a dozen lines
of fake stand in for it, and what they sent is read from the `Call` values it was given.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import BulkFetchError, InternalServerError, RawResponse, Sender, bulk
from scenario_async.calls import Call
from scenario_async.pagination import ModelPaginator
from scenario_async.resources import ModelsResource
from scenario_async.training import Gone, StageChanged, Trained
from scenario_async.watch import TrainingWatch

T = TypeVar("T")

# Each poll of a training model moves it one step along this script, then it stays trained.
SCRIPT: list[dict[str, Any]] = [
    {"status": "training", "trainingProgress": {"stage": "pending", "updatedAt": 1}},
    {"status": "training", "trainingProgress": {"stage": "running-train", "updatedAt": 2}},
    {"status": "trained", "trainingProgress": {"stage": "running-train", "updatedAt": 3}},
]


class FakeSender:
    """Answers get-bulk from `known` (ids in reverse, to be put back in order), a retrieve
    with its model, and a listing in pages of two; a get-bulk asking for `failing` gets a 500."""

    def __init__(self, known: set[str], failing: str | None = None) -> None:
        self.known = known
        self.failing = failing
        self.calls: list[Call[Any]] = []
        self.polls: dict[str, int] = {}

    async def send(self, call: Call[T]) -> T:
        return await (await self.send_raw(call)).parse()

    @asynccontextmanager
    async def stream(self, call: Call[T]) -> AsyncIterator[RawResponse[T]]:
        yield await self.send_raw(call)

    async def send_raw(self, call: Call[T]) -> RawResponse[T]:
        self.calls.append(call)
        if call.operation == "models.get_bulk":
            asked = json.loads(call.body or b"{}")["modelIds"]
            if self.failing in asked:
                raise InternalServerError(
                    "boom", method="POST", path=call.path, status_code=500, headers={}, body=b""
                )
            found = [self._next(i) for i in reversed(asked) if i in self.known]
            answer: dict[str, Any] = {"models": found}
        elif call.operation == "models.retrieve":
            answer = {"model": self._model(call.path.rsplit("/", 1)[1])}
        else:
            ids = sorted(self.known)
            start = int(dict(call.query).get("paginationToken", "0"))
            token = {"nextPaginationToken": str(start + 2)} if start + 2 < len(ids) else {}
            answer = {"models": [self._model(i) for i in ids[start : start + 2]], **token}
        return RawResponse(call, 200, {}, content=msgspec.json.encode(answer))

    def _model(self, model_id: str, **fields: Any) -> dict[str, Any]:
        return {"id": model_id, "privacy": "private", "type": "flux.1-lora", **fields}

    def _next(self, model_id: str) -> dict[str, Any]:
        step = self.polls.get(model_id, 0)
        self.polls[model_id] = step + 1
        return self._model(model_id, **SCRIPT[min(step, len(SCRIPT) - 1)])


def asked_ids(sender: FakeSender) -> list[list[str]]:
    return [json.loads(call.body or b"{}")["modelIds"] for call in sender.calls]


def test_the_client_and_the_fake_are_both_senders() -> None:
    sender: Sender = FakeSender(set())
    assert isinstance(ModelsResource(sender), ModelsResource)


@given(
    ids=st.lists(st.sampled_from([f"m{i}" for i in range(30)]), max_size=60),
    known=st.sets(st.sampled_from([f"m{i}" for i in range(30)])),
    chunk_size=st.integers(1, 12),
    max_concurrency=st.integers(1, 4),
)
async def test_get_bulk_through_a_sender_is_chunked_ordered_and_loses_nothing(
    ids: list[str], known: set[str], chunk_size: int, max_concurrency: int
) -> None:
    sender = FakeSender(known)
    result = await bulk.get_bulk(
        sender, model_ids=ids, chunk_size=chunk_size, max_concurrency=max_concurrency
    )
    unique = list(dict.fromkeys(ids))
    assert len(sender.calls) == math.ceil(len(unique) / chunk_size)
    assert sorted(i for chunk in asked_ids(sender) for i in chunk) == sorted(unique)
    assert [m.id for m in result.models] == [i for i in unique if i in known]
    assert result.missing_ids == [i for i in unique if i not in known]


async def test_a_failed_chunk_is_reported_with_its_ids_after_the_others() -> None:
    sender = FakeSender({"a", "b", "c", "d"}, failing="c")
    with pytest.raises(BulkFetchError) as info:
        await bulk.get_bulk(sender, model_ids=["a", "b", "c", "d"], chunk_size=2)
    assert [m.id for m in info.value.result.models] == ["a", "b"]
    assert [failure.model_ids for failure in info.value.failures] == [("c", "d")]


async def test_stream_bulk_through_a_sender_yields_every_chunk() -> None:
    sender = FakeSender({"a", "b", "c"})
    async with bulk.stream_bulk(sender, iter(["a", "b", "c", "x"]), chunk_size=3) as chunks:
        seen = [chunk async for chunk in chunks]
    assert sorted(chunk.model_ids for chunk in seen) == [("a", "b", "c"), ("x",)]
    assert {m.id for chunk in seen for m in chunk.models} == {"a", "b", "c"}
    assert [i for chunk in seen for i in chunk.missing_ids] == ["x"]


async def test_the_chunks_of_one_get_bulk_count_their_timeout_from_its_start() -> None:
    sender = FakeSender({"a", "b", "c", "d", "e"})
    before = time.monotonic()
    await bulk.get_bulk(sender, model_ids=["a", "b", "c", "d", "e"], chunk_size=2)
    after = time.monotonic()
    assert len(sender.calls) == 3
    [counted_from] = {call.timeout_from for call in sender.calls}
    assert counted_from is not None and before <= counted_from <= after


async def test_the_chunks_of_a_stream_count_their_timeout_each_from_its_own_request() -> None:
    sender = FakeSender({"a", "b", "c", "d", "e"})
    async with bulk.stream_bulk(sender, ["a", "b", "c", "d", "e"], chunk_size=2) as chunks:
        assert len([chunk async for chunk in chunks]) == 3
    assert [call.timeout_from for call in sender.calls] == [None, None, None]


async def test_a_watch_through_a_sender_reports_each_stage_and_one_end_per_model() -> None:
    sender = FakeSender({"a", "b", "c"})
    watch = TrainingWatch(sender, ["a", "b", "c", "gone"], chunk_size=2, min_interval=0.001)
    async with watch as events:
        seen = [event async for event in events]
    ends = [e for e in seen if isinstance(e, Trained | Gone)]
    assert sorted((type(e).__name__, e.model_id) for e in ends) == [
        ("Gone", "gone"),
        ("Trained", "a"),
        ("Trained", "b"),
        ("Trained", "c"),
    ]
    stages = [(e.model_id, e.to_stage) for e in seen if isinstance(e, StageChanged)]
    for model_id in "abc":
        assert [s for i, s in stages if i == model_id] == ["pending", "running-train"]
    assert all(len(chunk) <= 2 for chunk in asked_ids(sender))
    assert watch.active_ids == frozenset()


async def test_resources_and_pagination_send_through_their_sender() -> None:
    sender = FakeSender({"a", "b", "c"})
    models = ModelsResource(sender)
    retrieved = await models.retrieve("b")
    assert retrieved.model.id == "b"
    paginator = models.list()
    assert isinstance(paginator, ModelPaginator)
    assert [m.id async for m in paginator] == ["a", "b", "c"]
    assert [call.operation for call in sender.calls] == ["models.retrieve"] + ["models.list"] * 2
