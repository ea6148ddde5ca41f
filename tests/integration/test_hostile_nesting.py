"""A server on loopback that answers with JSON nested too deeply for msgspec, in an unknown
field of a model or in an error body: every operation ends in a typed error, or, where models
are fetched many at a time, reports that one model and keeps the others. Never msgspec's
`RecursionError`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from scenario_async import (
    APIResponseDecodeError,
    AsyncScenario,
    SnapshotUnreadable,
    Trained,
    UnprocessableEntityError,
)
from tests.support.nesting import TOO_DEEP

# The ids the server answers with a model nested too deeply: always, or on the first poll only.
ALWAYS_DEEP = "deep"
DEEP_ONCE = "deep-once"


def model(model_id: str, *, deep: bool = False) -> bytes:
    known = json.dumps({"id": model_id, "privacy": "private", "type": "flux.1-lora"})
    known = known[:-1] + ', "status": "trained"'
    return known.encode() + (b', "unknownField": ' + TOO_DEEP if deep else b"") + b"}"


def answer(body: bytes, status: int = 200) -> web.Response:
    return web.Response(body=body, status=status, content_type="application/json")


class HostileServer:
    """Answers every id with a trained model, nested too deeply for `ALWAYS_DEEP` and for the
    first get-bulk poll of `DEEP_ONCE`; an error nested too deeply for the id `error`."""

    def __init__(self) -> None:
        self.polls: Counter[str] = Counter()

    def model(self, model_id: str) -> bytes:
        deep = model_id == ALWAYS_DEEP or (model_id == DEEP_ONCE and self.polls[model_id] == 1)
        return model(model_id, deep=deep)

    async def retrieve(self, request: web.Request) -> web.Response:
        model_id = request.match_info["model_id"]
        if model_id == "error":
            return answer(b'{"message": "no", "detail": ' + TOO_DEEP + b"}", status=422)
        return answer(b'{"model": ' + self.model(model_id) + b"}")

    async def list(self, request: web.Request) -> web.Response:
        return answer(b'{"models": [' + model("a") + b", " + model("b", deep=True) + b"]}")

    async def delete(self, request: web.Request) -> web.Response:
        return answer(b'{"deleted": ' + TOO_DEEP + b"}")

    async def get_bulk(self, request: web.Request) -> web.Response:
        asked: list[str] = (await request.json())["modelIds"]
        self.polls.update(asked)
        return answer(b'{"models": [' + b", ".join(self.model(i) for i in asked) + b"]}")

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1/models", self.list)
        app.router.add_post("/v1/models/get-bulk", self.get_bulk)
        app.router.add_get("/v1/models/{model_id}", self.retrieve)
        app.router.add_delete("/v1/models/{model_id}", self.delete)
        return app


@pytest.fixture
async def hostile() -> AsyncIterator[tuple[HostileServer, AsyncScenario]]:
    server = HostileServer()
    loopback = TestServer(server.app(), host="127.0.0.1")
    await loopback.start_server()
    try:
        base_url = str(loopback.make_url("/v1"))
        async with AsyncScenario(api_key="k", api_secret="s", base_url=base_url) as client:
            yield server, client
    finally:
        await loopback.close()


Hostile = tuple[HostileServer, AsyncScenario]


@pytest.mark.parametrize("operation", ["retrieve", "list", "delete"])
async def test_a_deep_model_or_answer_is_a_decode_error(hostile: Hostile, operation: str) -> None:
    _, client = hostile
    calls: dict[str, Any] = {
        "retrieve": lambda: client.models.retrieve(ALWAYS_DEEP),
        "list": lambda: client.models.list(),
        "delete": lambda: client.models.delete("a"),
    }
    with pytest.raises(APIResponseDecodeError, match="nests too deeply"):
        await calls[operation]()


async def test_a_deep_error_body_is_a_status_error_carrying_its_text(hostile: Hostile) -> None:
    _, client = hostile
    with pytest.raises(UnprocessableEntityError) as caught:
        await client.models.retrieve("error")
    assert isinstance(caught.value.body, str)
    assert caught.value.body.startswith('{"message": "no", "detail": [[[')


async def test_get_bulk_reports_the_deep_model_and_keeps_the_others(hostile: Hostile) -> None:
    _, client = hostile
    result = await client.models.get_bulk(model_ids=["a", ALWAYS_DEEP, "c"])
    assert [m.id for m in result.models] == ["a", "c"]
    assert result.missing_ids == []
    [invalid] = result.invalid
    assert (invalid.index, invalid.model_id) == (1, ALWAYS_DEEP)
    assert "nests too deeply" in invalid.error


async def test_stream_bulk_reports_the_deep_model_in_its_chunk(hostile: Hostile) -> None:
    _, client = hostile
    async with client.models.stream_bulk(["a", "b", ALWAYS_DEEP, "c"], chunk_size=2) as chunks:
        got = [chunk async for chunk in chunks]
    assert sorted(m.id for chunk in got for m in chunk.models) == ["a", "b", "c"]
    [invalid] = [item for chunk in got for item in chunk.invalid]
    assert (invalid.index, invalid.model_id) == (0, ALWAYS_DEEP)
    assert all(chunk.error is None for chunk in got)


async def test_a_watch_reports_the_deep_snapshot_and_polls_it_again(hostile: Hostile) -> None:
    server, client = hostile
    with anyio.fail_after(10):  # a hang guard: the test waits on events, not on time
        async with client.models.watch(["a", DEEP_ONCE], min_interval=0.01) as events:
            seen = [event async for event in events]
    assert [(type(event), getattr(event, "model_id", None)) for event in seen] == [
        (Trained, "a"),
        (SnapshotUnreadable, DEEP_ONCE),
        (Trained, DEEP_ONCE),
    ]
    assert isinstance(seen[1], SnapshotUnreadable)
    assert "nests too deeply" in seen[1].error
    assert server.polls[DEEP_ONCE] == 2


async def test_wait_for_training_goes_on_past_a_deep_snapshot(hostile: Hostile) -> None:
    server, client = hostile
    with anyio.fail_after(10):  # a hang guard: the test waits on the answer, not on time
        trained = await client.models.wait_for_training(DEEP_ONCE, min_interval=0.01)
    assert (trained.id, trained.status) == (DEEP_ONCE, "trained")
    assert server.polls[DEEP_ONCE] == 2
