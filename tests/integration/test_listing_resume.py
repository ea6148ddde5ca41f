"""A listing that fails past its retries says which page it was fetching, and going on from
there hands out every model left, none twice and none skipped, whichever way it was walked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from msgspec import UNSET

from scenario_async import (
    APIConnectionError,
    APIError,
    InternalServerError,
    ModelPaginator,
)
from scenario_async.emulator import Emulator
from scenario_async.emulator.faults import Decision, FaultPlan
from scenario_async.types import Model, ModelCreateBody
from tests.support.emulated import client_of

MODELS = 11
ARGUMENTS: dict[str, Any] = {"page_size": 2, "sort_by": "createdAt", "sort_direction": "asc"}


class FailingOneList(FaultPlan):
    """The `failing`-th list request (from 1) gets `fault`; every other request is answered."""

    def __init__(self, failing: int, fault: Decision) -> None:
        super().__init__()
        self.failing = failing
        self.fault = fault
        self.lists = 0

    @property
    def active(self) -> bool:
        return True

    def decide(self, operation: str) -> Decision:
        if operation == "models.list":
            self.lists += 1
            if self.lists == self.failing:
                return self.fault
        return Decision(None)


Walk = Callable[[ModelPaginator[Model], list[str]], Awaitable[None]]


async def bare_loop(listing: ModelPaginator[Model], seen: list[str]) -> None:
    async for model in listing:
        seen.append(model.id)


async def prefetching_models(listing: ModelPaginator[Model], seen: list[str]) -> None:
    async with listing.models(prefetch=2) as models:
        async for model in models:
            seen.append(model.id)


async def prefetching_pages(listing: ModelPaginator[Model], seen: list[str]) -> None:
    async with listing.pages() as pages:
        async for page in pages:
            seen.extend(model.id for model in page.models)


async def bare_pages(listing: ModelPaginator[Model], seen: list[str]) -> None:
    async for page in listing.pages():
        seen.extend(model.id for model in page.models)


async def over_the_first_page(listing: ModelPaginator[Model], seen: list[str]) -> None:
    async for model in await listing:
        seen.append(model.id)


async def iter_pages(listing: ModelPaginator[Model], seen: list[str]) -> None:
    async for page in (await listing).iter_pages():
        seen.extend(model.id for model in page.models)


async def get_next_page(listing: ModelPaginator[Model], seen: list[str]) -> None:
    page = await listing
    seen.extend(model.id for model in page.models)
    while page.has_next_page():
        page = await page.get_next_page()
        seen.extend(model.id for model in page.models)


WALKS = [
    bare_loop,
    prefetching_models,
    prefetching_pages,
    bare_pages,
    over_the_first_page,
    iter_pages,
    get_next_page,
]
FAULTS = {
    "503": (Decision("error", 503), InternalServerError),
    "dropped": (Decision("drop"), APIConnectionError),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("failing", [1, 3])
@pytest.mark.parametrize("walk", WALKS)
async def test_a_failed_listing_goes_on_from_the_page_it_was_fetching(
    walk: Walk, failing: int, fault: str
) -> None:
    decision, error_type = FAULTS[fault]
    emulator = Emulator()
    for n in range(MODELS):
        emulator.store.create(ModelCreateBody(name=f"m{n}"), UNSET)
    emulator.faults = plan = FailingOneList(failing, decision)
    seen: list[str] = []
    async with emulator, client_of(emulator).with_options(max_retries=0) as client:
        with pytest.raises(APIError) as caught:
            await walk(client.models.list(**ARGUMENTS), seen)
        error = caught.value
        resumed = [
            model.id
            async for model in client.models.list(
                **ARGUMENTS, pagination_token=error.pagination_token
            )
        ]
        every = [model.id async for model in client.models.list(**ARGUMENTS)]
    assert isinstance(error, error_type)
    assert plan.lists > failing
    assert len(seen) == 2 * (failing - 1)
    assert (error.pagination_token is UNSET) == (failing == 1)
    assert len(set(every)) == MODELS
    assert seen + resumed == every


async def test_a_listing_resumed_from_its_own_token_names_that_token_for_its_first_page() -> None:
    emulator = Emulator()
    for n in range(MODELS):
        emulator.store.create(ModelCreateBody(name=f"m{n}"), UNSET)
    emulator.faults = FailingOneList(2, Decision("error", 503))
    async with emulator, client_of(emulator).with_options(max_retries=0) as client:
        first = await client.models.list(**ARGUMENTS)
        token = first.next_pagination_token
        assert token is not None
        with pytest.raises(InternalServerError) as caught:
            await client.models.list(**ARGUMENTS, pagination_token=token)
    assert caught.value.pagination_token == token
