"""Walking 3,000 models through the emulator holds a few pages at most, and leaving a
prefetching walk early leaves no task and no request behind.

Memory is counted as live model objects (a view Struct that counts its instances), not as
bytes or time: a walk keeps the page being read and the `prefetch` pages fetched ahead of it
(plus, for an instant, the previous page's last model, still in the caller's loop variable).
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any, ClassVar

import anyio.lowlevel
import msgspec
import pytest
from msgspec import UNSET

from scenario_async import AsyncScenario, RequestSent
from scenario_async.emulator import Emulator
from scenario_async.types import ModelCreateBody

MODELS = 3000
PAGE = 100

pytestmark = pytest.mark.scenario_emulator(seed=8)


class Counted(msgspec.Struct, rename="camel", weakref=True):
    """A view that knows how many of its instances are alive, and the most ever at once."""

    id: str
    live: ClassVar[int] = 0
    peak: ClassVar[int] = 0

    def __post_init__(self) -> None:
        Counted.live += 1
        Counted.peak = max(Counted.peak, Counted.live)
        weakref.finalize(self, Counted._gone)

    @staticmethod
    def _gone() -> None:
        Counted.live -= 1

    @classmethod
    def reset(cls) -> None:
        cls.live = cls.peak = 0


def populated(emulator: Emulator) -> AsyncScenario:
    for n in range(MODELS):
        emulator.store.create(ModelCreateBody(name=f"m{n}"), UNSET)
    return AsyncScenario(
        api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=emulator.base_url
    )


def client_tasks() -> set[asyncio.Task[Any]]:
    """Tasks other than this one and the in-process emulator's connection handlers."""
    return {
        task
        for task in asyncio.all_tasks()
        if task is not asyncio.current_task()
        and not task.get_coro().__qualname__.startswith("RequestHandler.")  # type: ignore[union-attr]
    }


def counting_requests(client: AsyncScenario) -> list[RequestSent]:
    sent: list[RequestSent] = []
    client.subscribe(lambda e: sent.append(e) if isinstance(e, RequestSent) else None)
    return sent


@pytest.mark.parametrize("prefetch", [0, 1, 3])
async def test_a_walk_of_3000_models_holds_at_most_prefetch_plus_one_pages(
    scenario_emulator: Emulator, prefetch: int
) -> None:
    Counted.reset()
    seen: set[str] = set()
    async with populated(scenario_emulator) as client:
        listing = client.models.list(page_size=PAGE, into=Counted)
        async with listing.models(prefetch=prefetch) as models:
            async for model in models:
                seen.add(model.id)
                # The caller's work: gives a prefetch its chance to run ahead.
                await anyio.lowlevel.checkpoint()
                assert Counted.live <= (prefetch + 1) * PAGE + 1
    assert len(seen) == MODELS
    assert Counted.peak > prefetch * PAGE  # it did fetch ahead
    print({"prefetch": prefetch, "models": MODELS, "page_size": PAGE, "peak_live": Counted.peak})


async def test_a_bare_loop_holds_one_page(scenario_emulator: Emulator) -> None:
    Counted.reset()
    async with populated(scenario_emulator) as client:
        count = 0
        async for _ in client.models.list(page_size=PAGE, into=Counted):
            count += 1
    assert count == MODELS
    assert Counted.peak <= PAGE + 1


async def test_leaving_a_prefetching_walk_early_leaves_no_task_and_no_request(
    scenario_emulator: Emulator,
) -> None:
    tasks_before = client_tasks()
    async with populated(scenario_emulator) as client:
        sent = counting_requests(client)
        async with client.models.list(page_size=PAGE).pages(prefetch=2) as pages:
            async for _ in pages:
                break
        requests = len(sent)
        assert requests <= 3
        assert client_tasks() == tasks_before
        for _ in range(50):
            await anyio.lowlevel.checkpoint()
        assert len(sent) == requests
        # The client is fine, and the connections of the cancelled requests were let go.
        page = await client.models.list(page_size=1)
        assert len(page.models) == 1
