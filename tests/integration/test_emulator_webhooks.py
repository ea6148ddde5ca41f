"""The emulator's webhook deliveries, as a receiver of one's own gets them over loopback: one per
training change, ends at the instant the emulator's clock passes them, in each model's order;
a receiver that refuses, fails or hangs costs a delivery, never the emulator."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from aiohttp import web

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator, webhooks
from scenario_async.emulator.webhooks import DELIVERY_TIMEOUT
from tests.support.emulated import client_of, start_trainings
from tests.support.waiting import PATIENCE, until

_DELIVERY_ID = re.compile(r"whd_[A-Za-z0-9]{22}")


class Receiver:
    """A webhook endpoint on a free loopback port: it answers `status` to each delivery,
    after `answer_when` is set, and queues what it got (body, then headers) on arrival."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.answer_when = asyncio.Event()
        self.answer_when.set()
        self.got: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.headers: list[dict[str, str]] = []
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.headers.append(dict(request.headers))
        self.got.put_nowait(await request.json())
        await self.answer_when.wait()
        return web.Response(status=self.status)

    async def next(self) -> dict[str, Any]:
        with anyio.fail_after(PATIENCE):
            return await self.got.get()


@asynccontextmanager
async def receiving(status: int = 204) -> AsyncIterator[Receiver]:
    receiver = Receiver(status)
    app = web.Application()
    app.router.add_post("/hooks/{secret}", receiver.handle)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    receiver.url = f"http://127.0.0.1:{port}/hooks/the-secret"
    try:
        yield receiver
    finally:
        receiver.answer_when.set()
        await runner.cleanup()


@asynccontextmanager
async def hooked(
    status: int = 204, **options: Any
) -> AsyncIterator[tuple[Receiver, Emulator, AsyncScenario]]:
    """A receiver, a held emulator delivering to it, and a client of the emulator."""
    async with (
        receiving(status) as receiver,
        Emulator(hold=True, webhook_url=receiver.url, **options) as emulator,
        client_of(emulator) as client,
    ):
        yield receiver, emulator, client


def delivery(kind: str, model_id: str, status: str, created_at: str | None) -> dict[str, Any]:
    return {
        "type": f"model.training.{kind}",
        "createdAt": created_at,
        "data": {"modelId": model_id, "projectId": "project_emulator", "status": status},
    }


def without_id(got: dict[str, Any]) -> dict[str, Any]:
    assert _DELIVERY_ID.fullmatch(got.pop("id"))
    return got


async def test_a_training_triggered_then_ended_is_delivered_started_then_completed() -> None:
    async with hooked() as (receiver, emulator, client):
        (model_id,) = await start_trainings(client, 1, "Hooked")
        triggered = (await client.models.retrieve(model_id)).model
        started = without_id(await receiver.next())
        assert started == delivery("started", model_id, "training", triggered.updated_at)

        emulator.advance_to(model_id, "ended")  # no request: the emulator settles the end
        completed = without_id(await receiver.next())
        stats = (await client.models.retrieve(model_id)).model.training_stats
        assert stats is not None
        assert completed == delivery("completed", model_id, "trained", stats.ended_at)
    assert emulator.webhooks.delivered == 2 and emulator.webhooks.failed == 0
    for headers in receiver.headers:
        assert headers["Content-Type"] == "application/json"
        assert headers["User-Agent"].startswith("scenario-async-emulator/")
        assert "Authorization" not in headers and "Cookie" not in headers


async def test_a_held_clock_delivers_an_end_only_once_moved_past_it() -> None:
    async with hooked() as (receiver, emulator, client):
        (model_id,) = await start_trainings(client, 1, "Held")
        assert (await receiver.next())["type"] == "model.training.started"
        emulator.advance_to(model_id, "running-train", progress=0.99)
        assert (await client.models.retrieve(model_id)).model.status == "training"
        emulator.advance_to(model_id, "ended")
        assert (await receiver.next())["type"] == "model.training.completed"


async def test_a_training_that_fails_is_delivered_failed_at_its_end() -> None:
    async with hooked(failure_rate=1.0) as (receiver, emulator, client):
        (model_id,) = await start_trainings(client, 1, "Doomed")
        await receiver.next()
        emulator.advance_to(model_id, "ended")
        failed = without_id(await receiver.next())
        stats = (await client.models.retrieve(model_id)).model.training_stats
        assert stats is not None
        assert failed == delivery("failed", model_id, "failed", stats.ended_at)


async def test_a_training_canceled_or_its_model_deleted_is_delivered_cancelled() -> None:
    async with hooked() as (receiver, _, client):
        canceled, deleted = await start_trainings(client, 2, "Stopped")
        await receiver.next()
        await receiver.next()
        model = (await client.models.train.action(canceled, action="cancel")).model
        cancelled = without_id(await receiver.next())
        assert cancelled == delivery("cancelled", canceled, "training-canceled", model.updated_at)
        await client.models.delete(deleted)
        assert without_id(await receiver.next())["data"] == {
            "modelId": deleted,
            "projectId": "project_emulator",
            "status": "training-canceled",
        }


async def test_a_dry_run_is_not_delivered() -> None:
    async with hooked() as (receiver, emulator, client):
        (dry,) = await start_trainings(client, 1, "Dry")
        await receiver.next()
        emulator.advance_to(dry, "ended")
        await receiver.next()
        await client.models.train.trigger(dry, dry_run="true")
        (real,) = await start_trainings(client, 1, "Real")
        assert (await receiver.next())["data"]["modelId"] == real


async def test_a_flowing_clock_delivers_every_end_without_any_request() -> None:
    async with (
        receiving() as receiver,
        Emulator(webhook_url=receiver.url, training_seconds=0.2, training_slots=2) as emulator,
    ):
        async with client_of(emulator) as client:
            ids = await start_trainings(client, 4, "Flowing")
        kinds: dict[str, list[str]] = {model_id: [] for model_id in ids}
        for _ in range(2 * len(ids)):
            got = await receiver.next()
            kinds[got["data"]["modelId"]].append(got["type"])
    assert all(
        seen == ["model.training.started", "model.training.completed"] for seen in kinds.values()
    )


async def test_the_deliveries_of_one_model_go_out_in_the_order_of_its_changes() -> None:
    async with hooked() as (receiver, emulator, client):
        receiver.answer_when.clear()  # every delivery waits for its answer
        (first,) = await start_trainings(client, 1, "First")
        assert (await receiver.next())["data"]["modelId"] == first
        emulator.advance_to(first, "ended")
        # The end of the first is settled before the second is even created, but its
        # delivery waits for the answer to the first's started one; the second's does not.
        (second,) = await start_trainings(client, 1, "Second")
        got = await receiver.next()
        assert (got["type"], got["data"]["modelId"]) == ("model.training.started", second)
        receiver.answer_when.set()
        got = await receiver.next()
        assert (got["type"], got["data"]["modelId"]) == ("model.training.completed", first)


@asynccontextmanager
async def refused() -> AsyncIterator[tuple[Emulator, AsyncScenario]]:
    """An emulator (its clock held) whose webhook URL, `/hooks/the-secret` on a loopback port
    held bound but not listening, refuses every delivery; and a client of it."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{held.getsockname()[1]}/hooks/the-secret"
        async with Emulator(hold=True, webhook_url=url) as emulator, client_of(emulator) as client:
            yield emulator, client


def webhook_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "scenario_async.emulator.webhooks"]


async def test_a_refused_delivery_is_counted_and_logged_in_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with refused() as (emulator, client):
        (model_id,) = await start_trainings(client, 1, "Refused")
        await until(lambda: emulator.webhooks.failed == 1)
        assert (await client.models.retrieve(model_id)).model.status == "training"
    assert emulator.webhooks.delivered == 0
    (record,) = webhook_lines(caplog)
    assert record.levelno == logging.WARNING and record.exc_info is None
    message = record.getMessage()
    assert "\n" not in message and "the-secret" not in message
    assert message.startswith("webhook delivery whd_")
    assert f"(model.training.started of {model_id}) to http://127.0.0.1:" in message
    assert message.endswith("; it is not attempted again")


async def test_a_receiver_that_is_down_makes_one_line_for_many_failed_deliveries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with refused() as (emulator, client):
        await start_trainings(client, 5, "Refused")
        await until(lambda: emulator.webhooks.failed == 5)
    assert len(webhook_lines(caplog)) == 1


async def test_an_answer_other_than_2xx_is_a_failed_delivery(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with hooked(status=500) as (_, emulator, client):
        await start_trainings(client, 1, "Failing")
        await until(lambda: emulator.webhooks.failed == 1)
    assert any("failed: answered 500;" in r.getMessage() for r in caplog.records)


async def test_a_delivery_past_the_ones_waiting_fails_at_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(webhooks, "MAX_WAITING", 1)
    async with hooked() as (receiver, emulator, client):
        receiver.answer_when.clear()
        (first,) = await start_trainings(client, 1, "Waited for")
        assert (await receiver.next())["data"]["modelId"] == first
        emulator.advance_to(first, "ended")
        await until(lambda: emulator.webhooks.failed == 1)
    message = caplog.records[-1].getMessage()
    assert f"(model.training.completed of {first})" in message
    assert message.endswith("failed: 1 deliveries wait already; it is not attempted again")


async def test_close_does_not_wait_for_a_receiver_that_never_answers() -> None:
    async with receiving() as receiver:
        receiver.answer_when.clear()
        emulator = Emulator(hold=True, webhook_url=receiver.url)
        await emulator.start()
        try:
            async with client_of(emulator) as client:
                await start_trainings(client, 1, "Hanging")
            await receiver.next()
        finally:
            with anyio.fail_after(DELIVERY_TIMEOUT / 2):
                await emulator.close()
        left = [
            task
            for task in asyncio.all_tasks()
            if task.get_coro().__qualname__.startswith(("Emulator.", "WebhookSender."))
        ]
        assert left == []
        assert (emulator.webhooks.delivered, emulator.webhooks.failed) == (0, 0)
