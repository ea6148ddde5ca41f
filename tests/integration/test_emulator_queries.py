"""List filters and sorting, get-bulk options, auth and error bodies, over loopback.

Through our client where it can send the request, raw aiohttp where the client would
refuse the input first. Tests that depend on creation or update times run the emulator on
an injected fake clock, so nothing here waits or depends on timing.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, get_args

import aiohttp
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec import UNSET

from scenario_async import AsyncScenario, AuthenticationError, NotFoundError
from scenario_async.emulator import Emulator
from scenario_async.types import ModelCreateBody
from scenario_async.types.queries import ModelType
from tests.support.emulated import basic

T0 = 1_700_000_000.0
TRAINING = 10.0
AUTH_ERROR = {"message": "missing or invalid credentials", "parameter": "Authorization"}


class Clock:
    """The emulator store's `now()`: stands still until a test moves it."""

    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def client_for(emu: Emulator, **options: Any) -> AsyncScenario:
    return AsyncScenario(
        api_key=emu.api_key, api_secret=emu.api_secret, base_url=emu.base_url, **options
    )


def public_client(emu: Emulator) -> AsyncScenario:
    """A client that sends `Authorization: public-auth-token`, as the reference documents."""
    return AsyncScenario(
        bearer_auth="unused",
        base_url=emu.base_url,
        default_headers={"Authorization": "public-auth-token"},
        max_retries=0,
    )


def raw_session(emu: Emulator, authorization: str | None = "default") -> aiohttp.ClientSession:
    if authorization == "default":
        authorization = basic(emu.api_key, emu.api_secret)
    headers = {} if authorization is None else {"Authorization": authorization}
    return aiohttp.ClientSession(headers=headers)


def set_privacy(emu: Emulator, model_id: str, privacy: str) -> None:
    """The API has no operation that sets a model's privacy, so tests set it in the store."""
    store = emu.store
    store._change(store._get(model_id), store.now(), privacy=privacy)


def iso(seconds: float, offset_minutes: int = 0) -> str:
    zone = timezone(timedelta(minutes=offset_minutes))
    text = datetime.fromtimestamp(seconds, UTC).astimezone(zone).isoformat()
    return text.replace("+00:00", "Z")


async def listed_ids(client: AsyncScenario, **query: Any) -> list[str]:
    return [m.id async for m in client.models.list(**query)]


@pytest.fixture
async def fake_clock_emulator() -> AsyncIterator[tuple[Emulator, Clock]]:
    clock = Clock()
    async with Emulator(clock=clock, training_seconds=TRAINING, seed=5) as emu:
        yield emu, clock


# -- list filters ------------------------------------------------------------------------


async def test_status_filter(fake_clock_emulator: tuple[Emulator, Clock]) -> None:
    emu, clock = fake_clock_emulator
    async with client_for(emu) as client:
        ids: dict[str, str] = {}
        for status in ("trained", "failed", "training", "new", "canceled"):
            model_id = (await client.models.create(name=status)).model.id
            ids[status] = model_id
            if status == "new":
                continue
            await client.models.training_images.add(model_id, asset_id="asset_a")
            emu.store.failure_rate = 1.0 if status == "failed" else 0.0
            await client.models.train.trigger(model_id)
            if status == "canceled":
                await client.models.train.action(model_id, action="cancel")
            elif status != "training":
                clock.t += TRAINING + 1
        emu.store.failure_rate = 0.0
        for status in ("new", "training", "trained", "failed"):
            listed = await listed_ids(client, status=status)
            assert listed == [ids[status]], status
            page = await client.models.list(status=status)
            assert {m.status for m in page.models} == {status}
        assert await listed_ids(client, status="deleted") == []
        assert set(await listed_ids(client)) == set(ids.values())


async def test_privacy_filter_and_public_listing(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with client_for(emu) as client, public_client(emu) as public:
        ids = {p: (await client.models.create(name=p)).model.id for p in ("private", "unlisted")}
        for privacy in ("public", "public-2"):
            ids[privacy] = (await client.models.create(name=privacy)).model.id
            set_privacy(emu, ids[privacy], "public")
        set_privacy(emu, ids["unlisted"], "unlisted")
        private_side = {ids["private"], ids["unlisted"]}
        public_side = {ids["public"], ids["public-2"]}

        assert set(await listed_ids(client)) == private_side  # privacy defaults to private
        assert set(await listed_ids(client, privacy="private")) == private_side
        assert set(await listed_ids(client, privacy="public")) == public_side
        page = await client.models.list(privacy="private")
        assert {m.privacy for m in page.models} == {"private", "unlisted"}

        # `Authorization: public-auth-token` lists public models only, and only with privacy=public
        assert set(await listed_ids(public, privacy="public", page_size=1)) == public_side
        with pytest.raises(AuthenticationError) as info:
            await public.models.list()
        assert info.value.body == {
            "message": "public-auth-token only lists privacy=public",
            "parameter": "Authorization",
        }
        with pytest.raises(AuthenticationError):
            await public.models.list(privacy="private")
        # ... reads a public model, never a private or unlisted one, and writes nothing
        assert (await public.models.retrieve(ids["public"])).model.id == ids["public"]
        for hidden in ("private", "unlisted"):
            with pytest.raises(NotFoundError):
                await public.models.retrieve(ids[hidden])
        with pytest.raises(AuthenticationError) as info:
            await public.models.create(name="sneaky")
        assert info.value.body == AUTH_ERROR
        assert len(emu.store) == 4


@pytest.mark.scenario_emulator(models=40, seed=12)
async def test_public_listing_defaults_to_score_descending(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with client_for(emu) as client, public_client(emu) as public:
        default = await listed_ids(public, privacy="public", page_size=3)
        by_score = await listed_ids(
            client, privacy="public", sort_by="score", sort_direction="desc"
        )
        by_date = await listed_ids(client, privacy="public", sort_by="createdAt")
    assert len(default) >= 4, "the seed gives too few public models to tell orders apart"
    assert default == by_score
    assert sorted(default) == sorted(by_date) and default != by_date


sort_keys = st.sampled_from(["createdAt", "updatedAt", "score"])


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    created=st.lists(st.integers(0, 4), min_size=1, max_size=9),
    touched=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 3)), max_size=6),
    sort_by=sort_keys,
    direction=st.sampled_from(["asc", "desc"]),
    page_size=st.integers(1, 4),
)
async def test_a_sorted_walk_is_in_order_complete_and_without_repeats(
    created: list[int],
    touched: list[tuple[int, int]],
    sort_by: Literal["createdAt", "updatedAt", "score"],
    direction: Literal["asc", "desc"],
    page_size: int,
) -> None:
    """Models created at drawn times (ties included), some updated later; every page walk
    gives them all once, ordered by the sort key, ties in creation order."""
    clock = Clock()
    async with Emulator(clock=clock) as emu, client_for(emu) as client:
        ids: list[str] = []
        created_at: dict[str, float] = {}
        for offset in sorted(created):
            clock.t = T0 + offset
            model_id = (await client.models.create(name=f"m{len(ids)}")).model.id
            ids.append(model_id)
            created_at[model_id] = clock.t
        updated_at = dict(created_at)
        for index, later in touched:
            clock.t += later
            model_id = ids[index % len(ids)]
            await client.models.update(model_id, short_description=f"at {clock.t}")
            updated_at[model_id] = clock.t

        key = {"createdAt": created_at, "updatedAt": updated_at, "score": dict.fromkeys(ids, 0)}
        expected = sorted(ids, key=lambda m: (key[sort_by][m], ids.index(m)))
        if direction == "desc":
            expected.reverse()

        walked: list[str] = []
        pages = client.models.list(page_size=page_size, sort_by=sort_by, sort_direction=direction)
        async for page in pages.pages():
            assert 1 <= len(page.models) <= page_size
            if page.next_pagination_token:
                assert len(page.models) == page_size
            walked += [m.id for m in page.models]
    assert walked == expected


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    created=st.lists(st.integers(0, 6), min_size=1, max_size=8),
    after=st.none() | st.integers(-1, 7),
    before=st.none() | st.integers(-1, 7),
    offset_minutes=st.sampled_from([0, 120, -330]),
)
async def test_created_after_and_before_are_exclusive_bounds(
    created: list[int], after: int | None, before: int | None, offset_minutes: int
) -> None:
    clock = Clock()
    async with Emulator(clock=clock) as emu, client_for(emu) as client:
        at: dict[str, int] = {}
        for offset in created:
            clock.t = T0 + offset
            at[(await client.models.create()).model.id] = offset
        query: dict[str, Any] = {"sort_by": "createdAt"}
        if after is not None:
            query["created_after"] = iso(T0 + after, offset_minutes)
        if before is not None:
            query["created_before"] = iso(T0 + before, offset_minutes)
        listed = await listed_ids(client, **query)
    low = -1 if after is None else after
    high = 99 if before is None else before
    assert sorted(listed) == sorted(m for m, t in at.items() if low < t < high)


async def test_type_and_types_filters(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    kinds: list[ModelType] = ["flux.1-lora", "flux.1-lora", "sd-xl-lora", "flux.1", "custom"]
    async with client_for(emu) as client:
        ids = [(await client.models.create(type=kind)).model.id for kind in kinds]
        of = {kind: {i for i, k in zip(ids, kinds, strict=True) if k == kind} for kind in kinds}
        for kind in kinds:
            assert set(await listed_ids(client, type=kind)) == of[kind]
        for pair in itertools.combinations(sorted(set(kinds)), 2):
            assert set(await listed_ids(client, types=list(pair))) == of[pair[0]] | of[pair[1]]
        assert set(await listed_ids(client, types=list(get_args(ModelType)))) == set(ids)
        assert await listed_ids(client, type="qwen-image-lora") == []


async def test_tags_filter(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with client_for(emu) as client:
        ids: dict[str, str] = {}
        for name, tags in (("a", ["a"]), ("ab", ["a", "b"]), ("b", ["b"]), ("none", [])):
            ids[name] = (await client.models.create(name=name)).model.id
            if tags:
                await client.models.update_tags(ids[name], add=tags)
        assert set(await listed_ids(client, tags="a")) == {ids["a"], ids["ab"]}
        assert set(await listed_ids(client, tags=["b"])) == {ids["b"], ids["ab"]}
        both = set(await listed_ids(client, tags=["a", "b"]))
        assert ids["ab"] in both and ids["none"] not in both
        assert await listed_ids(client, tags="c") == []
        await client.models.update_tags(ids["ab"], delete=["a"])
        assert set(await listed_ids(client, tags="a")) == {ids["a"]}


# -- get-bulk ----------------------------------------------------------------------------


async def test_get_bulk_options(scenario_emulator: Emulator) -> None:
    """Every combination of the five options (unset, false, true), as the docstring of
    `views.py` settles what the reference leaves open: `trainingImagesPreview=true` wins."""
    emu = scenario_emulator
    images = [f"asset_{n}" for n in range(5)]
    async with client_for(emu) as client:
        model_id = (await client.models.create(name="bulk", type="flux.1-lora")).model.id
        await client.models.training_images.add(model_id, asset_ids=images)
        await client.models.update(model_id, prompt_embedding="pe", negative_prompt_embedding="ne")
        bare_id = (await client.models.create(name="bare")).model.id
        options = ("minimal", "training_images_preview", "all_training_images")
        options += ("settings", "thumbnail")
        for values in itertools.product((UNSET, False, True), repeat=len(options)):
            given_options = {k: v for k, v in zip(options, values, strict=True) if v is not UNSET}
            page = await client.models.get_bulk(
                model_ids=["model_unknown", model_id, bare_id], **given_options
            )
            assert [m.id for m in page.models] == [model_id, bare_id], "unknown ids are absent"
            model, bare = page.models
            if given_options.get("minimal") is True:
                for m in page.models:
                    assert msgspec.to_builtins(m).keys() == {"id", "name", "type", "privacy"}
                continue
            preview = given_options.get("training_images_preview")
            every = preview is not True and (
                given_options.get("all_training_images") is True or preview is False
            )
            assert model.training_images is not None
            assert [i.id for i in model.training_images] == (images if every else images[:3])
            with_settings = given_options.get("settings") is True
            embeddings = (model.prompt_embedding, model.negative_prompt_embedding)
            assert embeddings == (("pe", "ne") if with_settings else (None, None))
            if given_options.get("thumbnail") is True:
                assert model.thumbnail is not None
                assert model.thumbnail.asset_id == images[0]  # falls back to the first image
            else:
                assert model.thumbnail is None
            assert bare.thumbnail is None  # no thumbnail and no image to fall back on

        await client.models.update(model_id, thumbnail="asset_chosen")
        [model] = (await client.models.get_bulk(model_ids=[model_id], thumbnail=True)).models
        assert model.thumbnail is not None and model.thumbnail.asset_id == "asset_chosen"
        assert (await client.models.get_bulk(model_ids=["model_unknown"])).models == []
        assert (await client.models.get_bulk(model_ids=[])).models == []


async def test_get_bulk_leaves_out_deleted_and_other_projects_models(
    scenario_emulator: Emulator,
) -> None:
    emu = scenario_emulator
    async with client_for(emu) as client:
        kept = (await client.models.create(project_id="project_a")).model.id
        other = (await client.models.create(project_id="project_b")).model.id
        gone = (await client.models.create(project_id="project_a")).model.id
        await client.models.delete(gone)
        everyone = [kept, other, gone]
        page = await client.models.get_bulk(model_ids=everyone, project_id="project_a")
        assert [m.id for m in page.models] == [kept]
        assert [m.id for m in (await client.models.get_bulk(model_ids=everyone)).models] == [
            kept,
            other,
        ]


# -- auth --------------------------------------------------------------------------------

WRONG_AUTHORIZATIONS = {
    "missing": None,
    "wrong secret": basic("emulator-key", "wrong"),
    "wrong key": basic("wrong", "emulator-secret"),
    "not base64": "Basic emulator-key:emulator-secret",
    "empty": "",
    "wrong bearer": "Bearer not-the-token",
    "bare token": "the-token",
    "public token on a write": "public-auth-token",
}


@pytest.mark.scenario_emulator(bearer_token="the-token")
async def test_wrong_or_missing_credentials_get_401_with_a_json_body(
    scenario_emulator: Emulator,
) -> None:
    emu = scenario_emulator
    for case, authorization in WRONG_AUTHORIZATIONS.items():
        async with (
            raw_session(emu, authorization) as session,
            session.post(f"{emu.base_url}/models", json={"name": "x"}) as response,
        ):
            assert response.status == 401, case
            assert response.content_type == "application/json", case
            assert await response.json() == AUTH_ERROR, case
    assert len(emu.store) == 0, "a refused request created a model"
    for authorization in (basic(emu.api_key, emu.api_secret), "Bearer the-token"):
        async with (
            raw_session(emu, authorization) as session,
            session.post(f"{emu.base_url}/models", json={"name": "x"}) as response,
        ):
            assert response.status == 200, authorization
    assert len(emu.store) == 2


async def test_bearer_is_refused_when_the_emulator_has_no_token(
    scenario_emulator: Emulator,
) -> None:
    emu = scenario_emulator
    async with AsyncScenario(bearer_auth="anything", base_url=emu.base_url) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.models.list()
    assert (info.value.status_code, info.value.body) == (401, AUTH_ERROR)


async def test_our_client_with_a_wrong_secret_gets_authentication_error(
    scenario_emulator: Emulator,
) -> None:
    emu = scenario_emulator
    async with AsyncScenario(
        api_key=emu.api_key, api_secret="not-the-secret", base_url=emu.base_url
    ) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.models.retrieve("model_x")
    assert (info.value.status_code, info.value.body) == (401, AUTH_ERROR)


# -- 404 and 400 -------------------------------------------------------------------------


async def test_unknown_training_image_ids_get_404(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    async with client_for(emu) as client:
        model_id = (await client.models.create()).model.id
        await client.models.training_images.add(model_id, asset_id="asset_a")
        before = (await client.models.retrieve(model_id)).model
        with pytest.raises(NotFoundError) as info:
            await client.models.training_images.replace(
                "asset_gone", model_id=model_id, asset_id="asset_b"
            )
        assert isinstance(info.value.body, dict)
        assert info.value.body["parameter"] == "trainingImageId"
        with pytest.raises(NotFoundError) as info:
            await client.models.training_images.delete("asset_gone", model_id=model_id)
        assert isinstance(info.value.body, dict)
        assert info.value.body["parameter"] == "trainingImageId"
        with pytest.raises(NotFoundError) as info:
            await client.models.training_images.delete("asset_a", model_id="model_gone")
        assert isinstance(info.value.body, dict)
        assert info.value.body["parameter"] == "modelId"
        assert (await client.models.retrieve(model_id)).model == before


BAD_LIST_QUERIES = [
    ({"pageSize": "0"}, "pageSize"),
    ({"pageSize": "501"}, "pageSize"),
    ({"pageSize": "ten"}, "pageSize"),
    ({"sortBy": "name"}, "sortBy"),
    ({"sortDirection": "sideways"}, "sortDirection"),
    ({"privacy": "unlisted"}, "privacy"),  # the reference lists only private and public
    ({"status": "copying"}, "status"),
    ({"type": "flux.9"}, "type"),
    ({"type": "flux.1-lora", "types": "sd-xl-lora"}, "types"),
    ({"createdAfter": "2024-01-01T00:00:00Z"}, "createdAfter"),  # needs sortBy=createdAt
    ({"sortBy": "createdAt", "createdBefore": "last tuesday"}, "createdBefore"),
    ({"paginationToken": "not-a-token"}, "paginationToken"),
]


@pytest.mark.parametrize(("query", "parameter"), BAD_LIST_QUERIES)
async def test_bad_list_queries_get_400_naming_the_parameter(
    scenario_emulator: Emulator, query: dict[str, str], parameter: str
) -> None:
    emu = scenario_emulator
    emu.store.create(ModelCreateBody(), UNSET)
    async with (
        raw_session(emu) as session,
        session.get(f"{emu.base_url}/models", params=query) as response,
    ):
        assert response.status == 400
        assert response.content_type == "application/json"
        body = await response.json()
    assert body["parameter"] == parameter, body
    assert body["message"]


@pytest.mark.parametrize("size", ["1", "500"])
async def test_page_size_bounds_are_accepted(scenario_emulator: Emulator, size: str) -> None:
    emu = scenario_emulator
    for _ in range(2):
        emu.store.create(ModelCreateBody(), UNSET)
    async with (
        raw_session(emu) as session,
        session.get(f"{emu.base_url}/models", params={"pageSize": size}) as response,
    ):
        assert response.status == 200
        body = await response.json()
    assert len(body["models"]) == min(int(size), 2)
    assert ("nextPaginationToken" in body) == (size == "1")
