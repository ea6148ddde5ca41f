"""`get_bulk` and `stream_bulk` over loopback sockets.

Against the emulator for what a real server shows (unknown ids, order, request counts), and
against a small aiohttp app where a test needs to pin an answer or to count the requests in
flight at the server.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import anyio.lowlevel
import msgspec
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from msgspec import UNSET

from scenario_async import (
    APITimeoutError,
    AsyncScenario,
    BulkFetchError,
    InternalServerError,
    RequestSent,
    RetryScheduled,
)
from scenario_async.bulk_options import DEFAULT_MAX_CONCURRENCY
from scenario_async.emulator import Emulator
from scenario_async.types import ModelCreateBody


def client_for(emulator: Emulator, **options: Any) -> AsyncScenario:
    return AsyncScenario(
        api_key=emulator.api_key,
        api_secret=emulator.api_secret,
        base_url=emulator.base_url,
        **options,
    )


def sent_get_bulks(client: AsyncScenario) -> list[RequestSent]:
    sent: list[RequestSent] = []
    client.subscribe(
        lambda e: (
            sent.append(e)
            if isinstance(e, RequestSent) and e.operation == "models.get_bulk"
            else None
        )
    )
    return sent


def client_tasks() -> set[asyncio.Task[Any]]:
    """Tasks other than this one and the in-process servers' connection handlers."""
    return {
        task
        for task in asyncio.all_tasks()
        if task is not asyncio.current_task()
        and not task.get_coro().__qualname__.startswith("RequestHandler.")  # type: ignore[union-attr]
    }


def model(model_id: str, **fields: object) -> dict[str, object]:
    return {"id": model_id, "privacy": "private", "type": "flux.1-lora", **fields}


def every_request(asked: list[str]) -> bool:
    return True


class BulkServer:
    """A get-bulk endpoint on loopback: `answer(asked ids)` gives the status and models; each
    answer that `held(asked ids)` selects (all by default) waits for `release` (set: no wait),
    and the requests in flight are counted."""

    def __init__(
        self,
        answer: Callable[[list[str]], tuple[int, list[Any]]],
        held: Callable[[list[str]], bool] = every_request,
    ) -> None:
        self.answer = answer
        self.held = held
        self.release = asyncio.Event()
        self.release.set()
        self.requests = 0
        self.asked: list[list[str]] = []
        self.in_flight = 0
        self.peak = 0
        self.changed = asyncio.Event()
        self.server: TestServer | None = None

    async def until_in_flight(self, count: int) -> None:
        while self.in_flight < count:
            self.changed.clear()
            await self.changed.wait()

    async def until_asked(self, model_ids: list[str]) -> None:
        while model_ids not in self.asked:
            self.changed.clear()
            await self.changed.wait()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        self.changed.set()
        try:
            asked = (await request.json())["modelIds"]
            self.asked.append(asked)
            self.changed.set()
            if self.held(asked):
                await self.release.wait()
            status, models = self.answer(asked)
            payload = {"models": models} if status == 200 else {"message": "injected"}
            return web.json_response(payload, status=status, headers={"Retry-After": "0"})
        finally:
            self.in_flight -= 1

    async def client(self, **options: Any) -> AsyncScenario:
        app = web.Application()
        app.router.add_post("/v1/models/get-bulk", self.handle)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()
        base_url = str(self.server.make_url("/v1"))
        return AsyncScenario(api_key="k", api_secret="s", base_url=base_url, **options)

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()


@pytest.fixture
async def bulk_servers() -> AsyncIterator[list[BulkServer]]:
    servers: list[BulkServer] = []
    yield servers
    for server in servers:
        # The requests a test left held are answered, so that each server closes at once.
        server.release.set()
        await server.close()


def every_id(asked: list[str]) -> tuple[int, list[Any]]:
    return 200, [model(model_id) for model_id in asked]


@pytest.mark.scenario_emulator(seed=5)
async def test_1000_ids_with_unknown_and_repeated_come_back_in_ask_order_with_missing(
    scenario_emulator: Emulator,
) -> None:
    store = scenario_emulator.store
    known = [msgspec.json.decode(store.create(ModelCreateBody(), UNSET))["id"] for _ in range(900)]
    unknown = [f"model_unknown_{n}" for n in range(100)]
    known_left = iter(known)
    unique = [unknown[n // 10] if n % 10 == 0 else next(known_left) for n in range(1000)]
    asked = unique[:500] + unique[::7] + unique[500:] + unique[-3:]
    first_asks = list(dict.fromkeys(asked))  # unique[::7] asks some later ids early
    assert sorted(first_asks) == sorted(unique) and len(asked) > 1100
    async with client_for(scenario_emulator) as client:
        sent = sent_get_bulks(client)
        result = await client.models.get_bulk(model_ids=asked, chunk_size=100)

    assert [m.id for m in result.models] == [i for i in first_asks if i in set(known)]
    assert result.missing_ids == [i for i in first_asks if i in set(unknown)]
    assert result.invalid == []
    assert len(sent) == math.ceil(len(unique) / 100) == 10


async def test_no_more_than_max_concurrency_requests_are_in_flight_at_the_server(
    bulk_servers: list[BulkServer],
) -> None:
    server = BulkServer(every_id)
    bulk_servers.append(server)
    server.release.clear()
    ids = [f"model_{n}" for n in range(200)]
    async with await server.client() as client, anyio.create_task_group() as group:
        results: list[Any] = []

        async def fetch() -> None:
            results.append(
                await client.models.get_bulk(model_ids=ids, chunk_size=5, max_concurrency=4)
            )

        group.start_soon(fetch)
        # Held at the server until the limit is reached: it is, and never passed.
        await server.until_in_flight(4)
        for _ in range(20):
            await anyio.lowlevel.checkpoint()
        assert server.in_flight == 4
        server.release.set()
    assert server.peak == 4
    assert server.requests == 40
    assert [m.id for m in results[0].models] == ids


async def test_a_malformed_model_is_reported_with_its_index_and_id_and_the_rest_kept(
    bulk_servers: list[BulkServer],
) -> None:
    def one_bad(asked: list[str]) -> tuple[int, list[Any]]:
        models = [model(i) for i in asked]
        if "model_7" in asked:
            models[asked.index("model_7")] = model("model_7", trainingProgress={"stage": 3})
        return 200, models

    server = BulkServer(one_bad)
    bulk_servers.append(server)
    ids = [f"model_{n}" for n in range(12)]
    async with await server.client() as client:
        result = await client.models.get_bulk(model_ids=ids, chunk_size=5)
    assert [m.id for m in result.models] == [i for i in ids if i != "model_7"]
    [invalid] = result.invalid
    assert (invalid.index, invalid.model_id) == (2, "model_7")
    assert invalid.error.endswith("at $.models[2].trainingProgress.stage")
    assert json.loads(bytes(invalid.raw))["trainingProgress"] == {"stage": 3}
    assert result.missing_ids == []


async def test_a_chunk_failing_after_its_retries_raises_with_the_other_chunks_result(
    bulk_servers: list[BulkServer],
) -> None:
    def failing(asked: list[str]) -> tuple[int, list[Any]]:
        return (503, []) if "model_13" in asked or "model_31" in asked else every_id(asked)

    server = BulkServer(failing)
    bulk_servers.append(server)
    ids = [f"model_{n}" for n in range(40)]
    async with await server.client(max_retries=2) as client:
        retries: list[RetryScheduled] = []
        client.subscribe(lambda e: retries.append(e) if isinstance(e, RetryScheduled) else None)
        with pytest.raises(BulkFetchError) as caught:
            await client.models.get_bulk(model_ids=ids, chunk_size=10)

    error = caught.value
    failed = {"model_1" + str(n) for n in range(10)} | {"model_3" + str(n) for n in range(10)}
    assert [m.id for m in error.result.models] == [i for i in ids if i not in failed]
    assert sorted(f.model_ids for f in error.failures) == [
        tuple(ids[10:20]),
        tuple(ids[30:40]),
    ]
    assert all(isinstance(f.error, InternalServerError) for f in error.failures)
    assert len(retries) == 4  # two failing chunks, two retries each
    assert server.requests == 2 + 2 * 3


async def test_a_stream_reads_ids_lazily_and_leaving_it_early_leaves_nothing_behind(
    bulk_servers: list[BulkServer],
) -> None:
    server = BulkServer(every_id)
    bulk_servers.append(server)
    read = 0
    closed = False

    async def ids() -> AsyncIterator[str]:
        nonlocal read, closed
        try:
            for n in range(100_000):
                read += 1
                yield f"model_{n}"
        finally:
            closed = True

    tasks_before = client_tasks()
    async with await server.client() as client:
        taken = 0
        async with client.models.stream_bulk(ids(), chunk_size=10, max_concurrency=3) as chunks:
            async for chunk in chunks:
                assert chunk.error is None and len(chunk.models) == 10
                taken += len(chunk.model_ids)
                # In flight or waiting: 3 chunks at most, and the one being read.
                assert read - taken <= (3 + 1) * 10
                if taken == 200:
                    server.release.clear()  # the next requests stay in flight
                    for _ in range(20):
                        await anyio.lowlevel.checkpoint()
                    assert server.in_flight > 0
                    break
        assert closed
        assert client_tasks() == tasks_before
        requests = server.requests
        server.release.set()
        # The client is still usable, and nothing was left to send.
        assert len((await client.models.get_bulk(model_ids=["a", "b"])).models) == 2
    assert server.requests == requests + 1
    assert read < 300


async def test_a_stream_yields_failed_chunks_as_chunks_and_goes_on(
    bulk_servers: list[BulkServer],
) -> None:
    def failing(asked: list[str]) -> tuple[int, list[Any]]:
        return (500, []) if "model_4" in asked else every_id(asked[1:])

    server = BulkServer(failing)
    bulk_servers.append(server)
    ids = [f"model_{n}" for n in range(9)]
    client = await server.client(max_retries=0)
    async with client, client.models.stream_bulk(iter(ids), chunk_size=3) as chunks:
        seen = {chunk.model_ids: chunk async for chunk in chunks}
    assert sorted(seen) == [tuple(ids[0:3]), tuple(ids[3:6]), tuple(ids[6:9])]
    failed = seen[tuple(ids[3:6])]
    assert isinstance(failed.error, InternalServerError)
    assert failed.models == failed.missing_ids == []
    assert [m.id for m in seen[tuple(ids[6:9])].models] == ids[7:9]
    assert seen[tuple(ids[6:9])].missing_ids == ["model_6"]


async def test_an_error_in_the_callers_block_comes_out_as_itself_and_cancels_the_fetches(
    bulk_servers: list[BulkServer],
) -> None:
    server = BulkServer(every_id)
    bulk_servers.append(server)
    server.release.clear()
    tasks_before = client_tasks()
    async with await server.client() as client:
        with pytest.raises(KeyError):
            async with client.models.stream_bulk([f"m{n}" for n in range(50)], chunk_size=5):
                await server.until_in_flight(8)
                raise KeyError("the caller's own")
        assert client_tasks() == tasks_before
        with anyio.CancelScope() as outside:
            async with client.models.stream_bulk(["a", "b"]) as chunks:
                # Cancelled from outside while its request is held at the server: a state
                # waited on, not a time that a slow machine could pass before the request.
                await server.until_asked(["a", "b"])
                outside.cancel()
                async for _ in chunks:
                    pass
        assert outside.cancelled_caught
        assert client_tasks() == tasks_before
        server.release.set()


def stalling(
    servers: list[BulkServer], held: Callable[[list[str]], bool] = every_request
) -> BulkServer:
    """A server, closed with `servers`, that answers every id, but for the requests `held`
    selects: those it holds until the test ends."""
    server = BulkServer(every_id, held)
    server.release.clear()
    servers.append(server)
    return server


def chunks_of(ids: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(ids[start : start + size]) for start in range(0, len(ids), size)]


def fetched_nothing_in_time(
    error: BulkFetchError[Any], plan: list[tuple[str, ...]], sent: int
) -> None:
    """Every chunk of `plan` is a timeout failure, in plan order; the first `sent` chunks may
    have reached the server, the others never went out."""
    assert [failure.model_ids for failure in error.failures] == plan
    assert error.result.models == []
    assert all(isinstance(failure.error, APITimeoutError) for failure in error.failures)
    assert not any(failure.error.request_sent for failure in error.failures[sent:])


async def test_get_bulk_timeout_bounds_the_whole_fetch_and_nothing_goes_out_after_it(
    bulk_servers: list[BulkServer],
) -> None:
    server = stalling(bulk_servers)
    ids = [f"model_{n}" for n in range(10_000)]
    plan = chunks_of(ids, 100)
    async with await server.client() as client:
        started = time.monotonic()
        with pytest.raises(BulkFetchError) as caught:
            await client.models.get_bulk(model_ids=ids, timeout=1)
        elapsed = time.monotonic() - started

    # Only the chunks in flight when the deadline passed reached the server (with a deadline
    # per chunk, all 100 did, one after another, for about 13 s).
    assert server.requests <= DEFAULT_MAX_CONCURRENCY
    assert all(tuple(asked) in plan[:DEFAULT_MAX_CONCURRENCY] for asked in server.asked)
    fetched_nothing_in_time(caught.value, plan, sent=DEFAULT_MAX_CONCURRENCY)
    assert elapsed < 10


async def test_get_bulk_keeps_what_was_fetched_in_time_and_fails_the_rest(
    bulk_servers: list[BulkServer],
) -> None:
    ids = [f"model_{n}" for n in range(50)]
    stalled = ids[20:30]
    server = stalling(bulk_servers, held=lambda asked: asked == stalled)
    async with await server.client() as client:
        with pytest.raises(BulkFetchError) as caught:
            # One chunk at a time: the two before the stalled one are answered, the two after
            # it wait for its slot until the deadline has passed.
            await client.models.get_bulk(model_ids=ids, chunk_size=10, max_concurrency=1, timeout=2)

    error = caught.value
    assert [m.id for m in error.result.models] == ids[:20]
    assert [failure.model_ids for failure in error.failures] == chunks_of(ids[20:], 10)
    assert all(isinstance(failure.error, APITimeoutError) for failure in error.failures)
    assert [failure.error.request_sent for failure in error.failures] == [True, False, False]
    assert server.asked == [ids[0:10], ids[10:20], stalled]


async def test_without_a_timeout_of_its_own_get_bulk_is_bounded_by_the_clients(
    bulk_servers: list[BulkServer],
) -> None:
    server = stalling(bulk_servers)
    ids = [f"model_{n}" for n in range(1000)]
    async with await server.client(timeout=1) as client:
        with pytest.raises(BulkFetchError) as caught:
            await client.models.get_bulk(model_ids=ids, max_concurrency=2)

    assert server.requests <= 2
    fetched_nothing_in_time(caught.value, chunks_of(ids, 100), sent=2)


async def test_a_stream_bounds_each_chunks_request_and_not_the_stream(
    bulk_servers: list[BulkServer],
) -> None:
    server = stalling(bulk_servers)
    ids = [f"model_{n}" for n in range(30)]
    async with await server.client() as client:
        stream = client.models.stream_bulk(ids, chunk_size=10, max_concurrency=1, timeout=0.5)
        async with stream as chunks:
            seen = [chunk async for chunk in chunks]

    # Each chunk went out after the one before it had used up its own timeout.
    assert server.asked == [ids[0:10], ids[10:20], ids[20:30]]
    assert [chunk.model_ids for chunk in seen] == chunks_of(ids, 10)
    for chunk in seen:
        assert isinstance(chunk.error, APITimeoutError)
        assert chunk.error.request_sent
