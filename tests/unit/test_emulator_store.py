"""The emulator's store on an injected fake clock, without sockets.

Every rule of the `store.py` docstring (and of `listing.py`'s, through `list_models`): each
refusal is checked for its status and the parameter it names, and for leaving the store
exactly as it was (a snapshot taken through the store's own read methods before and after).
Then the documented behaviour of copy, transfer, tags, delete_images, training image pairs,
download, dryRun and update of `type`, and of the operations beyond the reference: restore,
presets, prompt guide and scores.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import UNSET, UnsetType

from scenario_async.emulator import ErrorAnswer, Store
from scenario_async.emulator.payloads import iso
from scenario_async.emulator.scores import dice, syntax_error, training_dataset_score
from scenario_async.emulator.store import TrainingChange
from scenario_async.types import (
    ModelCopyBody,
    ModelCreateBody,
    ModelGetBulkBody,
    ModelTransferBody,
    ModelUpdateBody,
    ModelUpdateTagsBody,
    TrainingImage,
    TrainingImageBody,
    TrainingImagePairParam,
    TrainingParameters,
    TrainTriggerBody,
)
from scenario_async.types.queries import ModelListQuery

T0 = 1_700_000_000.0
DAY = 86400.0
TRAINING = 10.0  # training_seconds: a training with a free slot ends exactly this much later
PNG = "data:image/png;base64,iVBORw0KGgo="
Pair = TrainingImagePairParam
Project = str | UnsetType


class Clock:
    """The store's `now()`: stands still until a test moves it."""

    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def new_store(clock: Clock) -> Store:
    return Store(clock, training_seconds=TRAINING, training_slots=4, seed=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> Store:
    return new_store(clock)


# -- helpers -----------------------------------------------------------------------------


def decode(raw: bytes) -> dict[str, Any]:
    value: dict[str, Any] = msgspec.json.decode(raw)
    return value


def create(store: Store, project: Project = UNSET, **fields: Any) -> str:
    model_id: str = decode(store.create(ModelCreateBody(**fields), project))["id"]
    return model_id


def get(store: Store, model_id: str) -> dict[str, Any]:
    return decode(store.model_json(model_id))


def add_images(store: Store, model_id: str, *asset_ids: str) -> None:
    store.add_training_images(model_id, TrainingImageBody(asset_ids=list(asset_ids)), UNSET)


def image_ids(store: Store, model_id: str) -> list[str]:
    return [i["id"] for i in get(store, model_id).get("trainingImages", [])]


def trigger(store: Store, model_id: str, *, dry_run: bool = False, count: Any = UNSET) -> Any:
    body = TrainTriggerBody(parameters=TrainingParameters(nb_epochs=2))
    return store.train(model_id, body, dry_run=dry_run, images_count=count, project_id=UNSET)


def model_in(store: Store, clock: Clock, state: str, project: Project = UNSET) -> str:
    """A Flux LoRA with training images `asset_a` and `asset_b`, brought to `state`."""
    model_id = create(store, project, name=state, type="flux.1-lora")
    store.add_training_images(
        model_id, TrainingImageBody(asset_ids=["asset_a", "asset_b"]), project
    )
    if state == "new":
        return model_id
    store.failure_rate = 1.0 if state == "failed" else 0.0
    trigger(store, model_id)
    store.failure_rate = 0.0
    if state == "training-canceled":
        store.cancel(model_id, UNSET)
    elif state != "training":
        clock.t += TRAINING + 1
    assert get(store, model_id)["status"] == state
    return model_id


def snapshot(store: Store) -> tuple[int, list[bytes]]:
    """Everything a client can read: listings (of deleted models too), each model, its
    description, examples, presets and prompt guide."""
    seen: list[bytes] = []
    for privacy in ("private", "public"):
        query = ModelListQuery(privacy=privacy, page_size=500, sort_direction="asc")
        models, token = store.list_models(query)
        assert token is None
        for raw in models:
            model_id = decode(raw)["id"]
            seen += [
                raw,
                store.model_json(model_id),
                msgspec.json.encode(store.description(model_id, UNSET)),
                msgspec.json.encode(store.examples(model_id, UNSET)),
                msgspec.json.encode(store.presets(model_id, UNSET)),
                msgspec.json.encode(store.prompt_guide(model_id, UNSET)),
            ]
    seen += store.list_models(ModelListQuery(status="deleted", page_size=500))[0]
    return len(store), seen


def refused(store: Store, call: Callable[[], object], status: int, parameter: str) -> ErrorAnswer:
    """`call` raises an ErrorAnswer with this status and parameter, and changes nothing."""
    before = snapshot(store)
    with pytest.raises(ErrorAnswer) as info:
        call()
    assert (info.value.status, info.value.parameter) == (status, parameter), info.value
    assert snapshot(store) == before, "a refused operation changed the store"
    return info.value


# Every operation addressed by a model id (all but list and get-bulk), ready to succeed on a
# model from `model_in(..., "new")` were it not for the id or the project.
Op = Callable[[Store, str, Project], object]
BY_MODEL_ID: dict[str, Op] = {
    "retrieve": lambda s, m, p: s.model_json(m, p),
    "update": lambda s, m, p: s.update(m, ModelUpdateBody(name="renamed"), p),
    "delete": lambda s, m, p: s.delete(m, p),
    "copy": lambda s, m, p: s.copy(m, ModelCopyBody(), p),
    "download": lambda s, m, p: s.download(m, UNSET, p),
    "delete_images": lambda s, m, p: s.delete_images(m, ["asset_a"], p),
    "update_tags": lambda s, m, p: s.update_tags(m, ModelUpdateTagsBody(add=["x"]), p),
    "transfer": lambda s, m, p: s.transfer(m, ModelTransferBody(destination_project_id="pz"), p),
    "description.retrieve": lambda s, m, p: s.description(m, p),
    "description.update": lambda s, m, p: s.set_description(m, "text", p),
    "examples.list": lambda s, m, p: s.examples(m, p),
    "examples.update": lambda s, m, p: s.set_examples(m, ["asset_e"], p),
    "train.trigger": lambda s, m, p: s.train(
        m, TrainTriggerBody(), dry_run=False, images_count=UNSET, project_id=p
    ),
    "train.action": lambda s, m, p: s.cancel(m, p),
    "training_images.add": lambda s, m, p: s.add_training_images(
        m, TrainingImageBody(asset_id="asset_n"), p
    ),
    "training_images.replace": lambda s, m, p: s.replace_training_image(
        m, "asset_a", TrainingImageBody(asset_id="asset_n"), p
    ),
    "training_images.delete": lambda s, m, p: s.delete_training_image(m, "asset_a", p),
    "training_images.replace_pairs": lambda s, m, p: s.replace_pairs(m, [], p),
    "presets.create": lambda s, m, p: s.create_preset(m, "inference_1", True, p),
    "presets.list": lambda s, m, p: s.presets(m, p),
    "prompt_guide.retrieve": lambda s, m, p: s.prompt_guide(m, p),
    "prompt_guide.update": lambda s, m, p: s.set_prompt_guide(m, "# Guide", p),
    "scores.retrieve_prompt": lambda s, m, p: s.prompt_score(m, "a sks castle", p),
    "scores.retrieve_training_dataset": lambda s, m, p: s.training_dataset_score(m, p),
}


# -- 404 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", BY_MODEL_ID)
def test_unknown_model_is_404_model_id(store: Store, clock: Clock, operation: str) -> None:
    model_in(store, clock, "new")
    call = BY_MODEL_ID[operation]
    refused(store, lambda: call(store, "model_unknown", UNSET), 404, "modelId")


@pytest.mark.parametrize("operation", BY_MODEL_ID)
def test_deleted_model_is_404_model_id(store: Store, clock: Clock, operation: str) -> None:
    model_id = model_in(store, clock, "new")
    store.delete(model_id, UNSET)
    call = BY_MODEL_ID[operation]
    refused(store, lambda: call(store, model_id, UNSET), 404, "modelId")


@pytest.mark.parametrize("operation", BY_MODEL_ID)
def test_another_projects_model_is_404_model_id(store: Store, clock: Clock, operation: str) -> None:
    model_id = model_in(store, clock, "new", project="project_a")
    call = BY_MODEL_ID[operation]
    refused(store, lambda: call(store, model_id, "project_b"), 404, "modelId")
    try:  # the owner gets past the ownership check (it may meet another rule)
        call(store, model_id, "project_a")
    except ErrorAnswer as exc:
        assert exc.status != 404, exc


def test_list_and_get_bulk_leave_out_another_projects_models(store: Store) -> None:
    mine = create(store, "project_a")
    theirs = create(store, "project_b")
    models, _ = store.list_models(ModelListQuery(project_id="project_a"))
    assert [decode(m)["id"] for m in models] == [mine]
    found = store.get_bulk(ModelGetBulkBody(model_ids=[mine, theirs]), "project_a")
    assert [decode(m)["id"] for m in found] == [mine]


@pytest.mark.parametrize("operation", ["replace", "delete"])
def test_unknown_training_image_is_404_training_image_id(store: Store, operation: str) -> None:
    model_id = create(store)
    add_images(store, model_id, "asset_a")
    body = TrainingImageBody(asset_id="asset_n")

    def call() -> object:
        if operation == "replace":
            return store.replace_training_image(model_id, "asset_gone", body, UNSET)
        return store.delete_training_image(model_id, "asset_gone", UNSET)

    refused(store, call, 404, "trainingImageId")


# -- 409 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [False, True])
def test_triggering_a_training_model_is_409(store: Store, clock: Clock, dry_run: bool) -> None:
    model_id = model_in(store, clock, "training")
    refused(store, lambda: trigger(store, model_id, dry_run=dry_run), 409, "modelId")


@pytest.mark.parametrize("state", ["new", "trained", "failed", "training-canceled"])
def test_cancelling_a_model_that_is_not_training_is_409(
    store: Store, clock: Clock, state: str
) -> None:
    model_id = model_in(store, clock, state)
    refused(store, lambda: store.cancel(model_id, UNSET), 409, "modelId")


WHILE_TRAINING: dict[str, Callable[[Store, str], object]] = {
    "training_images.add": lambda s, m: s.add_training_images(
        m, TrainingImageBody(asset_id="asset_n"), UNSET
    ),
    "training_images.add data": lambda s, m: s.add_training_images(
        m, TrainingImageBody(data=PNG, name="n.png"), UNSET
    ),
    "training_images.replace": lambda s, m: s.replace_training_image(
        m, "asset_a", TrainingImageBody(asset_id="asset_n"), UNSET
    ),
    "training_images.delete": lambda s, m: s.delete_training_image(m, "asset_a", UNSET),
    "training_images.replace_pairs": lambda s, m: s.replace_pairs(
        m, [Pair(source_id="asset_a", target_id="asset_b")], UNSET
    ),
    "delete_images": lambda s, m: s.delete_images(m, ["asset_a"], UNSET),
}


@pytest.mark.parametrize("operation", WHILE_TRAINING)
def test_changing_the_images_of_a_training_model_is_409(
    store: Store, clock: Clock, operation: str
) -> None:
    model_id = model_in(store, clock, "training")
    refused(store, lambda: WHILE_TRAINING[operation](store, model_id), 409, "modelId")


def test_delete_images_of_a_training_model_may_still_remove_examples(
    store: Store, clock: Clock
) -> None:
    model_id = model_in(store, clock, "training")
    store.set_examples(model_id, ["asset_e1", "asset_e2"], UNSET)
    store.delete_images(model_id, ["asset_e1", "asset_unknown"], UNSET)
    model = get(store, model_id)
    assert (model["status"], model["exampleAssetIds"]) == ("training", ["asset_e2"])
    assert image_ids(store, model_id) == ["asset_a", "asset_b"]


@pytest.mark.parametrize("state", ["new", "training", "failed", "training-canceled"])
def test_download_of_a_model_that_is_not_trained_is_409(
    store: Store, clock: Clock, state: str
) -> None:
    model_id = model_in(store, clock, state)
    refused(store, lambda: store.download(model_id, UNSET, UNSET), 409, "modelId")


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        (ModelUpdateTagsBody(add=["new", "old"], strict=True), "add"),
        (ModelUpdateTagsBody(delete=["old", "absent"], strict=True), "delete"),
        # both wrong: the additions are checked first
        (ModelUpdateTagsBody(add=["old"], delete=["absent"], strict=True), "add"),
    ],
)
def test_strict_tags_refuse_present_additions_and_absent_deletions(
    store: Store, body: ModelUpdateTagsBody, parameter: str
) -> None:
    model_id = create(store)
    store.update_tags(model_id, ModelUpdateTagsBody(add=["old"]), UNSET)
    refused(store, lambda: store.update_tags(model_id, body, UNSET), 409, parameter)


# -- 400 ---------------------------------------------------------------------------------


def test_training_without_training_images_is_400(store: Store) -> None:
    model_id = create(store)
    refused(store, lambda: trigger(store, model_id), 400, "trainingImages")


def test_dry_run_counts_training_images_count_instead(store: Store, clock: Clock) -> None:
    empty = create(store)
    job, model = trigger(store, empty, dry_run=True, count=3)
    assert job.status == "queued" and decode(model)["status"] == "new"
    full = model_in(store, clock, "new")
    refused(store, lambda: trigger(store, full, dry_run=True, count=0), 400, "trainingImages")


IMAGE_BODIES = [
    (TrainingImageBody(), "data"),
    (TrainingImageBody(name="only-a-name.png"), "data"),
    (TrainingImageBody(data="iVBORw0KGgo=", name="x.png"), "data"),  # not a data URL
    (TrainingImageBody(data="image/png;base64,iVBORw0KGgo=", name="x.png"), "data"),
    (TrainingImageBody(data="data:image/png;base64", name="x.png"), "data"),  # no comma
    (TrainingImageBody(data="data:image/png;base64,not base64!", name="x.png"), "data"),
    (TrainingImageBody(asset_ids=[]), "assetIds"),
]


@pytest.mark.parametrize(("body", "parameter"), IMAGE_BODIES)
def test_bad_training_image_bodies_are_400(
    store: Store, body: TrainingImageBody, parameter: str
) -> None:
    model_id = create(store)
    add_images(store, model_id, "asset_a")
    refused(store, lambda: store.add_training_images(model_id, body, UNSET), 400, parameter)
    refused(
        store,
        lambda: store.replace_training_image(model_id, "asset_a", body, UNSET),
        400,
        parameter,
    )


def test_a_data_url_need_not_be_base64(store: Store) -> None:
    model_id = create(store)
    image = store.add_training_images(
        model_id, TrainingImageBody(data="data:image/svg+xml,<svg/>", name="a.svg"), UNSET
    )
    assert image.name == "a.svg" and image_ids(store, model_id) == [image.id]


AB = Pair(source_id="asset_a", target_id="asset_b")


@pytest.mark.parametrize(
    ("pairs", "parameter"),
    [
        ([AB, Pair(source_id="asset_x")], "body[1].sourceId"),  # AB is not applied either
        ([Pair(source_id="asset_a", target_id="asset_x")], "body[0].targetId"),
        (
            [Pair(instruction="i"), Pair(target_id="asset_a"), Pair(target_id="x")],
            "body[2].targetId",
        ),
    ],
)
def test_pairs_naming_an_image_the_model_lacks_are_400(
    store: Store, pairs: list[Pair], parameter: str
) -> None:
    model_id = create(store)
    add_images(store, model_id, "asset_a", "asset_b")
    store.replace_pairs(model_id, [Pair(source_id="asset_b", target_id="asset_a")], UNSET)
    refused(store, lambda: store.replace_pairs(model_id, pairs, UNSET), 400, parameter)


@pytest.mark.parametrize("state", ["training", "trained", "failed", "training-canceled"])
def test_type_changes_only_while_new(store: Store, clock: Clock, state: str) -> None:
    model_id = model_in(store, clock, state)
    body = ModelUpdateBody(name="renamed", type="sd-xl-lora")  # the name is not applied either
    refused(store, lambda: store.update(model_id, body, UNSET), 400, "type")


def test_type_of_a_new_model_can_change(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "new")
    updated = decode(store.update(model_id, ModelUpdateBody(type="sd-xl-lora"), UNSET))
    assert updated["type"] == "sd-xl-lora" == get(store, model_id)["type"]


def test_epochs_must_exist(store: Store, clock: Clock) -> None:
    fresh = model_in(store, clock, "new")
    refused(
        store, lambda: store.update(fresh, ModelUpdateBody(epoch="000001"), UNSET), 400, "epoch"
    )
    trained = model_in(store, clock, "trained")
    assert [e["epoch"] for e in get(store, trained)["epochs"]] == ["000001", "000002"]
    refused(
        store, lambda: store.update(trained, ModelUpdateBody(epoch="000003"), UNSET), 400, "epoch"
    )
    refused(store, lambda: store.download(trained, "000003", UNSET), 400, "modelEpoch")
    assert (
        decode(store.update(trained, ModelUpdateBody(epoch="000001"), UNSET))["epoch"] == "000001"
    )
    assert "epoch" not in decode(store.update(trained, ModelUpdateBody(epoch=None), UNSET))
    assert store.download(trained, "000002", UNSET).startswith("job_")
    assert store.download(trained, UNSET, UNSET).startswith("job_")


def test_list_refuses_foreign_tokens_and_bad_dates(store: Store) -> None:
    for n in range(3):
        create(store, name=f"m{n}")
    _, token = store.list_models(ModelListQuery(page_size=1))
    assert token is not None
    for query in (
        ModelListQuery(pagination_token="garbage!"),
        ModelListQuery(pagination_token="W10"),  # valid base64 of `[]`
        ModelListQuery(pagination_token=token, sort_direction="asc"),
        ModelListQuery(pagination_token=token, sort_by="updatedAt"),
    ):
        refused(store, lambda q=query: store.list_models(q), 400, "paginationToken")
    for name in ("createdAfter", "createdBefore", "updatedAfter", "updatedBefore"):
        query = msgspec.convert({name: "last tuesday"}, ModelListQuery)
        refused(store, lambda q=query: store.list_models(q), 400, name)
    models, _ = store.list_models(ModelListQuery(page_size=1, pagination_token=token))
    assert len(models) == 1


# -- copy and transfer -------------------------------------------------------------------


def _decorate(store: Store, model_id: str) -> None:
    store.update_tags(model_id, ModelUpdateTagsBody(add=["hero"]), UNSET)
    store.set_description(model_id, "# Hero", UNSET)
    store.set_examples(model_id, ["asset_e1", "asset_e2"], UNSET)
    store.update(model_id, ModelUpdateBody(thumbnail="asset_t"), UNSET)
    store.replace_pairs(model_id, [Pair(source_id="asset_a", target_id="asset_b")], UNSET)


KEPT = ("trainingImages", "trainingImagePairs", "trainingImagesNumber", "tags", "thumbnail")


def test_copy_is_a_new_model_with_the_sources_content(store: Store, clock: Clock) -> None:
    source_id = model_in(store, clock, "trained")
    _decorate(store, source_id)
    clock.t += 60
    source = get(store, source_id)
    copy = decode(store.copy(source_id, ModelCopyBody(), UNSET))
    assert copy["id"] != source_id and copy["parentModelId"] == source_id
    assert copy["status"] == "new"
    assert not {"epochs", "epoch", "trainingStats", "jobId"} & copy.keys()
    assert copy["createdAt"] == copy["updatedAt"] != source["createdAt"]
    for key in (*KEPT, "exampleAssetIds", "name", "type", "parameters", "ownerId"):
        assert copy[key] == source[key], key
    assert store.description(copy["id"], UNSET).value == "# Hero"
    assert [e.asset.id for e in store.examples(copy["id"], UNSET)] == ["asset_e1", "asset_e2"]
    assert get(store, source_id) == source, "copying changed the source"
    store.update_tags(copy["id"], ModelUpdateTagsBody(delete=["hero"]), UNSET)
    store.delete_training_image(copy["id"], "asset_a", UNSET)
    assert get(store, source_id) == source, "changing the copy changed the source"


def test_copy_as_trained_keeps_epochs_and_stats(store: Store, clock: Clock) -> None:
    source_id = model_in(store, clock, "trained")
    source = get(store, source_id)
    copy = decode(store.copy(source_id, ModelCopyBody(copy_as_trained=True), UNSET))
    assert copy["status"] == "trained"
    for key in ("epochs", "trainingStats", *KEPT):
        assert copy[key] == source[key], key
    assert store.download(copy["id"], "000001", UNSET).startswith("job_")


@pytest.mark.parametrize("state", ["new", "training", "failed", "training-canceled"])
def test_copy_as_trained_of_an_untrained_model_is_new(
    store: Store, clock: Clock, state: str
) -> None:
    source_id = model_in(store, clock, state)
    copy = decode(store.copy(source_id, ModelCopyBody(copy_as_trained=True), UNSET))
    assert copy["status"] == "new" and "trainingProgress" not in copy
    clock.t += 2 * TRAINING  # a copy of a training model does not train
    assert get(store, copy["id"])["status"] == "new"
    assert get(store, source_id)["status"] == ("trained" if state == "training" else state)


@pytest.mark.parametrize(("copy_examples", "kept"), [(UNSET, True), (True, True), (False, False)])
def test_copy_examples(store: Store, copy_examples: Any, kept: bool) -> None:
    source_id = create(store)
    store.set_examples(source_id, ["asset_e1", "asset_e2"], UNSET)
    copy_id = decode(store.copy(source_id, ModelCopyBody(copy_examples=copy_examples), UNSET))["id"]
    expected = ["asset_e1", "asset_e2"] if kept else []
    assert get(store, copy_id)["exampleAssetIds"] == expected
    assert [e.asset.id for e in store.examples(copy_id, UNSET)] == expected
    assert get(store, source_id)["exampleAssetIds"] == ["asset_e1", "asset_e2"]


def test_transfer_moves_ownership(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "new", project="project_a")
    moved = decode(
        store.transfer(model_id, ModelTransferBody(destination_project_id="project_b"), "project_a")
    )
    assert moved["ownerId"] == "project_b" == get(store, model_id)["ownerId"]
    refused(store, lambda: store.model_json(model_id, "project_a"), 404, "modelId")
    assert decode(store.model_json(model_id, "project_b"))["id"] == model_id
    for project, expected in (("project_a", []), ("project_b", [model_id])):
        listed, _ = store.list_models(ModelListQuery(project_id=project))
        assert [decode(m)["id"] for m in listed] == expected
        found = store.get_bulk(ModelGetBulkBody(model_ids=[model_id]), project)
        assert [decode(m)["id"] for m in found] == expected
    assert image_ids(store, model_id) == ["asset_a", "asset_b"]


# -- tags --------------------------------------------------------------------------------

tag_lists = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4)


@settings(max_examples=150)
@given(
    start=st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True),
    add=tag_lists,
    delete=tag_lists,
    strict=st.sampled_from([UNSET, False, True]),
)
def test_update_tags(start: list[str], add: list[str], delete: list[str], strict: Any) -> None:
    store = new_store(Clock())
    model_id = create(store)
    store.update_tags(model_id, ModelUpdateTagsBody(add=start), UNSET)
    body = ModelUpdateTagsBody(add=add, delete=delete, strict=strict)
    if strict is True and set(add) & set(start):
        refused(store, lambda: store.update_tags(model_id, body, UNSET), 409, "add")
        return
    if strict is True and set(delete) - set(start):
        refused(store, lambda: store.update_tags(model_id, body, UNSET), 409, "delete")
        return
    added, deleted = store.update_tags(model_id, body, UNSET)
    assert added == [t for t in dict.fromkeys(add) if t not in start]
    assert deleted == [t for t in dict.fromkeys(delete) if t in start or t in add]
    tags = [t for t in start + added if t not in delete]
    assert get(store, model_id).get("tags") == tags
    # Without strict, the same request again is a no-op that reports nothing.
    again = ModelUpdateTagsBody(add=[t for t in add if t not in delete], delete=delete)
    assert store.update_tags(model_id, again, UNSET) == ([], [])
    assert get(store, model_id).get("tags") == tags


# -- training images, pairs, delete_images -----------------------------------------------


def test_add_with_asset_ids_adds_them_all_and_answers_the_last(store: Store) -> None:
    model_id = create(store)
    image = store.add_training_images(
        model_id, TrainingImageBody(asset_ids=["asset_a", "asset_b", "asset_c"]), UNSET
    )
    assert image.id == "asset_c"
    model = get(store, model_id)
    assert image_ids(store, model_id) == ["asset_a", "asset_b", "asset_c"]
    assert model["trainingImagesNumber"] == 3
    # Each id once, where it was last named (an asset added again moves to the end).
    again = TrainingImageBody(asset_ids=["asset_d", "asset_a", "asset_d"])
    assert store.add_training_images(model_id, again, UNSET).id == "asset_d"
    assert image_ids(store, model_id) == ["asset_b", "asset_c", "asset_a", "asset_d"]
    assert get(store, model_id)["trainingImagesNumber"] == 4


def test_deleting_a_training_image_drops_the_pairs_that_name_it(store: Store) -> None:
    model_id = create(store)
    add_images(store, model_id, "asset_a", "asset_b", "asset_c")
    pairs = [
        Pair(source_id="asset_a", target_id="asset_b", instruction="ab"),
        Pair(source_id="asset_b", target_id="asset_c"),
        Pair(instruction="free"),
    ]
    stored = store.replace_pairs(model_id, pairs, UNSET)
    assert [(p.source_id, p.target_id) for p in stored] == [
        ("asset_a", "asset_b"),
        ("asset_b", "asset_c"),
        (None, None),
    ]
    store.delete_training_image(model_id, "asset_c", UNSET)
    model = get(store, model_id)
    assert model["trainingImagePairs"] == [
        {"instruction": "ab", "sourceId": "asset_a", "targetId": "asset_b"},
        {"instruction": "free"},
    ]
    assert model["trainingImagesNumber"] == 2
    assert store.replace_pairs(model_id, [], UNSET) == []
    assert get(store, model_id)["trainingImagePairs"] == []


def test_delete_images_removes_training_images_and_examples(store: Store) -> None:
    model_id = create(store)
    add_images(store, model_id, "asset_a", "asset_b", "asset_c")
    store.set_examples(model_id, ["asset_a", "asset_e1", "asset_e2"], UNSET)
    store.replace_pairs(
        model_id,
        [
            Pair(source_id="asset_a", target_id="asset_b"),
            Pair(source_id="asset_b", target_id="asset_c"),
        ],
        UNSET,
    )
    store.delete_images(model_id, ["asset_a", "asset_e1", "asset_unknown"], UNSET)
    model = get(store, model_id)
    assert image_ids(store, model_id) == ["asset_b", "asset_c"]
    assert model["trainingImagesNumber"] == 2
    assert model["exampleAssetIds"] == ["asset_e2"]
    assert [e.asset.id for e in store.examples(model_id, UNSET)] == ["asset_e2"]
    # a pair must name training images: the one that named `asset_a` goes with it
    assert model["trainingImagePairs"] == [{"sourceId": "asset_b", "targetId": "asset_c"}]


ASSETS = st.sampled_from(["asset_a", "asset_b", "asset_c", "asset_d"])
IMAGE_OPS = st.one_of(
    st.tuples(st.just("add"), st.lists(ASSETS, min_size=1, max_size=4)),
    st.tuples(st.just("add_data"), st.just([])),
    st.tuples(st.just("replace"), st.lists(ASSETS, min_size=2, max_size=2)),
    st.tuples(st.just("delete"), st.lists(ASSETS, min_size=1, max_size=1)),
    st.tuples(st.just("delete_images"), st.lists(ASSETS, max_size=3)),
    st.tuples(st.just("pairs"), st.lists(ASSETS, max_size=4)),
)


@settings(max_examples=150)
@given(operations=st.lists(IMAGE_OPS, min_size=1, max_size=12))
def test_training_images_stay_consistent(operations: list[tuple[str, list[str]]]) -> None:
    """Whatever the sequence of image operations: ids are unique, the count matches, every
    pair names a training image of the model, and every asset added is there."""
    store = new_store(Clock())
    model_id = create(store)
    for kind, assets in operations:
        try:
            if kind == "add":
                store.add_training_images(model_id, TrainingImageBody(asset_ids=assets), UNSET)
            elif kind == "add_data":
                store.add_training_images(model_id, TrainingImageBody(data=PNG), UNSET)
            elif kind == "replace":
                body = TrainingImageBody(asset_id=assets[1])
                store.replace_training_image(model_id, assets[0], body, UNSET)
            elif kind == "delete":
                store.delete_training_image(model_id, assets[0], UNSET)
            elif kind == "delete_images":
                store.delete_images(model_id, assets, UNSET)
            else:
                pairs = [Pair(source_id=a, target_id=b) for a, b in itertools.pairwise(assets)]
                store.replace_pairs(model_id, pairs, UNSET)
        except ErrorAnswer as exc:
            assert (exc.status, exc.parameter[:5]) in {(404, "train"), (400, "body[")}, exc
            continue
        model = get(store, model_id)
        ids = [i["id"] for i in model["trainingImages"]]
        assert len(ids) == len(set(ids)), f"duplicate training image ids after {kind}: {ids}"
        assert model["trainingImagesNumber"] == len(ids)
        for pair in model.get("trainingImagePairs", []):
            assert {pair.get("sourceId"), pair.get("targetId")} - {None} <= set(ids), kind
        if kind == "add":
            assert set(assets) <= set(ids)
        if kind in ("delete", "delete_images"):
            assert not set(assets) & set(ids)


# -- training, dryRun, download ----------------------------------------------------------


def test_dry_run_changes_nothing(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "new")
    before = snapshot(store)
    body = TrainTriggerBody(parameters=TrainingParameters(nb_epochs=5, rank=8))
    job, model = store.train(model_id, body, dry_run=True, images_count=UNSET, project_id=UNSET)
    assert (job.status, job.metadata.output_model_id) == ("queued", model_id)
    assert decode(model)["status"] == "new"
    assert snapshot(store) == before
    clock.t += 2 * TRAINING
    after = get(store, model_id)
    assert after["status"] == "new"
    assert not {"jobId", "trainingProgress", "trainingStats"} & after.keys()
    assert after["parameters"] == {}


def test_a_training_runs_on_the_injected_clock(store: Store, clock: Clock) -> None:
    model_id = create(store, type="flux.1-lora")
    add_images(store, model_id, "asset_a")
    store.update(model_id, ModelUpdateBody(parameters=TrainingParameters(rank=8)), UNSET)
    job, raw = trigger(store, model_id)
    started = decode(raw)
    assert started["status"] == "training" and started["jobId"] == job.job_id
    assert started["trainingProgress"]["stage"] == "pending"
    assert started["parameters"] == {"nbEpochs": 2, "rank": 8}  # merged into the model's
    clock.t += TRAINING - 0.5
    assert get(store, model_id)["trainingProgress"]["stage"] == "running-train"
    clock.t += 0.5
    done = get(store, model_id)
    assert done["status"] == "trained" and "trainingProgress" not in done
    assert [e["epoch"] for e in done["epochs"]] == ["000001", "000002"]
    assert done["trainingStats"]["queueDuration"] == 0
    assert done["trainingStats"]["trainDuration"] == pytest.approx(0.9 * TRAINING)


def test_only_flux_lora_trainings_leave_epochs(store: Store, clock: Clock) -> None:
    model_id = create(store, type="sd-xl-lora")
    add_images(store, model_id, "asset_a")
    trigger(store, model_id)
    clock.t += TRAINING
    done = get(store, model_id)
    assert done["status"] == "trained" and "epochs" not in done


def test_a_cancelled_or_deleted_training_never_ends(store: Store, clock: Clock) -> None:
    canceled = model_in(store, clock, "training-canceled")
    deleted = model_in(store, clock, "training")
    store.delete(deleted, UNSET)
    clock.t += 2 * TRAINING
    assert get(store, canceled)["status"] == "training-canceled"
    assert len(store) == 1
    refused(store, lambda: store.model_json(deleted), 404, "modelId")


def test_each_training_change_is_told_in_order_at_its_instant(clock: Clock) -> None:
    changes: list[TrainingChange] = []
    store = Store(clock, training_seconds=TRAINING, seed=1, on_training_change=changes.append)
    trained, canceled, deleted, dry = (model_in(store, clock, "new") for _ in range(4))
    for model_id in (trained, canceled, deleted):
        trigger(store, model_id)
    trigger(store, dry, dry_run=True)
    assert store.settle_ends() == T0 + TRAINING
    clock.t += 1
    store.cancel(canceled, UNSET)
    store.delete(deleted, UNSET)
    clock.t += TRAINING  # past the end: applied by the next call, at the instant it ended
    assert store.settle_ends() == math.inf
    project = "project_emulator"
    assert changes == [
        TrainingChange(trained, project, "training", T0),
        TrainingChange(canceled, project, "training", T0),
        TrainingChange(deleted, project, "training", T0),
        TrainingChange(canceled, project, "training-canceled", T0 + 1),
        TrainingChange(deleted, project, "training-canceled", T0 + 1),
        TrainingChange(trained, project, "trained", T0 + TRAINING),
    ]


def test_a_failed_training_has_stats_and_no_epochs(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "failed")
    model = get(store, model_id)
    assert "epochs" not in model and model["trainingStats"]["trainDuration"] > 0
    trigger(store, model_id)  # a failed model can be trained again
    clock.t += TRAINING
    assert get(store, model_id)["status"] == "trained"


def test_download_of_a_trained_model_answers_a_job(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "trained")
    before = snapshot(store)
    assert store.download(model_id, UNSET, UNSET).startswith("job_")
    assert snapshot(store) == before


# -- delete and restore ------------------------------------------------------------------


def listed(store: Store, **query: Any) -> list[dict[str, Any]]:
    models, _ = store.list_models(ModelListQuery(page_size=500, **query))
    return [decode(m) for m in models]


def test_restore_brings_a_deleted_model_back_without_tags_and_collections(
    store: Store, clock: Clock
) -> None:
    model_id = create(store, type="flux.1-lora", collection_ids=["collection_a"])
    add_images(store, model_id, "asset_a", "asset_b")
    trigger(store, model_id)
    clock.t += TRAINING
    _decorate(store, model_id)
    store.set_prompt_guide(model_id, "# Guide", UNSET)
    preset = store.create_preset(model_id, "inference_1", True, UNSET)
    before = get(store, model_id)
    assert (before["status"], before["tags"], before["collectionIds"]) == (
        "trained",
        ["hero"],
        ["collection_a"],
    )
    clock.t += 60
    deleted_at = clock.t
    store.delete(model_id, UNSET)
    assert listed(store) == []
    assert store.get_bulk(ModelGetBulkBody(model_ids=[model_id]), UNSET) == []
    (aside,) = listed(store, status="deleted")
    assert (aside["id"], aside["deletedAt"], aside["status"]) == (
        model_id,
        iso(deleted_at),
        "trained",
    )

    clock.t += 7 * DAY
    restored = decode(store.restore(model_id, UNSET))
    assert restored == get(store, model_id) and "deletedAt" not in restored
    assert (restored["tags"], restored["collectionIds"]) == ([], [])
    assert restored["updatedAt"] == iso(clock.t)
    for key in ("status", "epochs", "trainingImages", "trainingImagePairs", "exampleAssetIds"):
        assert restored[key] == before[key], key
    assert store.description(model_id, UNSET).value == "# Hero"
    assert store.prompt_guide(model_id, UNSET).value == "# Guide"
    assert store.presets(model_id, UNSET) == [preset]
    assert [m["id"] for m in listed(store)] == [model_id]
    assert listed(store, status="deleted") == []


def test_a_training_interrupted_by_delete_comes_back_canceled(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "training")
    store.delete(model_id, UNSET)
    assert model_id not in store.schedule
    clock.t += 2 * TRAINING
    restored = decode(store.restore(model_id, UNSET))
    assert restored["status"] == "training-canceled" and "trainingProgress" not in restored
    clock.t += 2 * TRAINING
    assert get(store, model_id)["status"] == "training-canceled"
    trigger(store, model_id)  # and it can be trained again
    clock.t += TRAINING
    assert get(store, model_id)["status"] == "trained"


def test_restore_refusals(store: Store, clock: Clock) -> None:
    live = model_in(store, clock, "new", project="project_a")
    refused(store, lambda: store.restore(live, UNSET), 400, "modelId")
    refused(store, lambda: store.restore(live, "project_a"), 400, "modelId")
    refused(store, lambda: store.restore(live, "project_b"), 404, "modelId")
    refused(store, lambda: store.restore("model_unknown", UNSET), 404, "modelId")

    old, recent = live, model_in(store, clock, "new", project="project_a")
    store.delete(old, UNSET)
    clock.t += DAY
    store.delete(recent, UNSET)
    refused(store, lambda: store.restore(recent, "project_b"), 404, "modelId")
    clock.t += 29 * DAY  # `old` was deleted 30 days ago: the last instant it can come back
    assert [m["id"] for m in listed(store, status="deleted")] == [recent, old]
    clock.t += 0.001
    assert [m["id"] for m in listed(store, status="deleted")] == [recent]
    refused(store, lambda: store.restore(old, UNSET), 410, "modelId")
    assert decode(store.restore(recent, "project_a"))["id"] == recent
    refused(store, lambda: store.restore(recent, UNSET), 400, "modelId")


# -- presets -----------------------------------------------------------------------------


def defaults(store: Store, model_id: str) -> list[str]:
    return [p.id for p in store.presets(model_id, UNSET) if p.is_default]


def test_presets_belong_to_their_model_with_one_default_at_most(store: Store, clock: Clock) -> None:
    model_id = model_in(store, clock, "trained", project="project_a")
    store.update(model_id, ModelUpdateBody(epoch="000002"), UNSET)
    first = store.create_preset(model_id, "inference_1", UNSET, UNSET)
    assert (first.api_model_id, first.owner_id, first.author_id) == (
        model_id,
        "project_a",
        store.author_id,
    )
    assert first.created_at == first.updated_at == iso(clock.t) and not first.is_default
    assert first.parameters.type == "txt2img" and "trained" in first.parameters.prompt
    assert first.parameters.api_model_epoch == "000002"  # the epoch the model uses

    clock.t += 1
    second = store.create_preset(model_id, "inference_1", True, UNSET)
    assert second.is_default and second.id != first.id
    assert second.parameters == first.parameters  # the same inference, the same parameters
    third = store.create_preset(model_id, "inference_2", False, UNSET)
    assert third.parameters.seed != first.parameters.seed
    assert [p.id for p in store.presets(model_id, UNSET)] == [first.id, second.id, third.id]

    clock.t += 1
    made = store.update_preset(model_id, first.id, True, UNSET)
    assert made.is_default and made.updated_at == iso(clock.t)
    assert defaults(store, model_id) == [first.id]
    (_, was_default, _) = store.presets(model_id, UNSET)
    assert not was_default.is_default and was_default.updated_at == iso(clock.t)
    assert not store.update_preset(model_id, first.id, False, UNSET).is_default
    assert defaults(store, model_id) == []

    store.delete_preset(model_id, second.id, UNSET)
    assert [p.id for p in store.presets(model_id, UNSET)] == [first.id, third.id]


def test_unknown_presets_and_other_models_presets_are_404_preset_id(
    store: Store, clock: Clock
) -> None:
    mine, theirs = model_in(store, clock, "new"), model_in(store, clock, "new")
    other = store.create_preset(theirs, "inference_1", True, UNSET).id
    for preset_id in ("preset_unknown", other):
        refused(
            store, lambda p=preset_id: store.update_preset(mine, p, True, UNSET), 404, "presetId"
        )
        refused(store, lambda p=preset_id: store.delete_preset(mine, p, UNSET), 404, "presetId")
    refused(store, lambda: store.update_preset("model_x", other, True, UNSET), 404, "modelId")
    refused(store, lambda: store.delete_preset(theirs, other, "project_b"), 404, "modelId")
    store.delete_preset(theirs, other, UNSET)
    refused(store, lambda: store.delete_preset(theirs, other, UNSET), 404, "presetId")


PRESET_OPS = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "delete"]),
        st.integers(0, 3),
        st.sampled_from([UNSET, False, True]),
    ),
    max_size=12,
)


@settings(max_examples=100)
@given(operations=PRESET_OPS)
def test_a_model_never_has_two_default_presets(operations: list[tuple[str, int, Any]]) -> None:
    store = new_store(Clock())
    model_id = create(store)
    for kind, n, is_default in operations:
        ids = [p.id for p in store.presets(model_id, UNSET)]
        if kind == "create":
            preset = store.create_preset(model_id, f"inference_{n}", is_default, UNSET)
            assert preset.is_default == (is_default is True)
        elif n < len(ids) and kind == "update":
            wanted = is_default is True
            assert store.update_preset(model_id, ids[n], wanted, UNSET).is_default == wanted
            assert (ids[n] in defaults(store, model_id)) == wanted
        elif n < len(ids):
            store.delete_preset(model_id, ids[n], UNSET)
        assert len(defaults(store, model_id)) <= 1


# -- prompt guide ------------------------------------------------------------------------


def test_the_prompt_guide_is_empty_until_set_and_after_null(store: Store, clock: Clock) -> None:
    model_id = create(store)
    assert store.prompt_guide(model_id, UNSET).value == ""
    clock.t += 5
    assert store.set_prompt_guide(model_id, "# Instructions\n...", UNSET).value == (
        "# Instructions\n..."
    )
    assert store.prompt_guide(model_id, UNSET).value == "# Instructions\n..."
    assert get(store, model_id)["updatedAt"] == iso(clock.t)
    assert store.set_prompt_guide(model_id, None, UNSET).value == ""
    assert store.prompt_guide(model_id, UNSET).value == ""


# -- scores ------------------------------------------------------------------------------


def image(image_id: str, caption: str = "", url: str | None = None) -> TrainingImage:
    return TrainingImage(
        id=image_id,
        automatic_captioning=caption,
        created_at=iso(T0),
        description="",
        download_url=url or f"https://cdn.example/{image_id}",
        name=f"{image_id}.png",
    )


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("night", "nacht", 0.25),  # ni ig gh ht / na ac ch ht: `ht` in common
        ("a sks Castle", "A SKS castle", 1.0),  # case and whitespace aside
        ("forest", "forest", 1.0),
        ("abc", "xyz", 0.0),
        ("", "", 0.0),
        ("a", "a", 1.0),
        ("a", "b", 0.0),
    ],
)
def test_dice(first: str, second: str, expected: float) -> None:
    assert dice(first, second) == expected == dice(second, first)


@pytest.mark.parametrize(
    ("prompt", "message"),
    [
        ("a castle, see https://example.com/ref.png", "Unsupported url in prompt"),
        ("a castle www.example.com", "Unsupported url in prompt"),
        (
            "a castle <lora:castles:0.8>",
            "Unsupported prompt syntax: <name:weight> or <lora:name:weight>",
        ),
        ("a castle <castles:1>", "Unsupported prompt syntax: <name:weight> or <lora:name:weight>"),
        ("a castle --sref 123", "Unsupported prompt syntax: --(s|c)ref"),
        ("a [castle:tower:0.5]", "Unsupported prompt syntax: '[to:when], [from::when]'"),
        ("a [castle::10]", "Unsupported prompt syntax: '[to:when], [from::when]'"),
        ("a (castle)1.2, 16:9, <3, --ar 2", None),
    ],
)
def test_syntax_errors(prompt: str, message: str | None) -> None:
    assert syntax_error(prompt) == message


def test_prompt_score_compares_the_prompt_with_each_caption_or_name(
    store: Store, clock: Clock
) -> None:
    empty = create(store)
    score = store.prompt_score(empty, "a castle", UNSET)
    assert (score.status, score.details.captions_similarity.mean, score.syntax_error) == (
        "incomplete",
        0.0,
        None,
    )
    model_id = model_in(store, clock, "new")  # images asset_a and asset_b, no caption
    score = store.prompt_score(model_id, "asset_a", UNSET)
    similarities = sorted(dice("asset_a", name) for name in ("asset_a", "asset_b"))
    assert score.details.captions_similarity.min == round(similarities[0], 4)
    assert score.details.captions_similarity.median == round(sum(similarities) / 2, 4)
    assert score.status == "incomplete" and score.api_model_id == model_id
    assert -1 <= score.details.embedding_similarity <= 1 and 0 <= score.score <= 1
    assert score.details.prompts_similarity is None
    assert store.prompt_score(model_id, "asset_a", UNSET) == score  # same inputs, same answer
    assert store.prompt_score(model_id, "asset_b", UNSET) != score
    url = store.prompt_score(model_id, "asset_a https://example.com", UNSET)
    assert url.syntax_error == "Unsupported url in prompt"


def test_scores_of_a_captioned_model_are_complete_and_the_same_in_every_store(clock: Clock) -> None:
    answers = []
    for _ in range(2):
        store = new_store(clock)
        store.seed_models(1, seed=5)
        (model,) = listed(store)
        answers.append(
            (
                msgspec.json.encode(store.prompt_score(model["id"], "neon forest", UNSET)),
                msgspec.json.encode(store.training_dataset_score(model["id"], UNSET)),
            )
        )
    assert answers[0] == answers[1]
    prompt, dataset = (decode(raw) for raw in answers[0])
    assert prompt["status"] == dataset["status"] == "complete"
    details = dataset["details"]
    n = len(get(store, model["id"])["trainingImages"])
    assert len(details["assetCouplesCaptionsDistance"]) == n * (n - 1) // 2
    assert len(details["assetCouplesSimilarity"]) == n * (n - 1) // 2
    assert len(details["assetsEmbeddingSimilarity"]) == n
    assert details["metadataScore"] == 1.0 and "assetsWarnings" not in dataset
    for spread in ("assetsSimilarity", "couplesCaptionsDistance", "couplesSimilarity"):
        s = details[spread]
        assert -1 <= s["min"] <= min(s["mean"], s["median"]) <= 1, spread
    assert 0 <= dataset["score"] <= 1


def test_training_dataset_warnings() -> None:
    images = [
        image("asset_a", "a red castle on a hill"),
        image("asset_b", "A red castle on a hill"),  # the same caption
        image("asset_c", "a red castle on a hills"),  # too close
        image("asset_d", "", url="https://cdn.example/asset_a"),  # asset_a again, no caption
    ]
    score = training_dataset_score("model_m", images)
    couples = {tuple(w.couple): w.message for w in score.asset_couples_warnings or []}
    assert couples[("asset_a", "asset_b")] == ["Captions are identical"]
    assert couples[("asset_a", "asset_c")] == ["Captions are too close"]
    assert couples[("asset_a", "asset_d")] == ["Same asset", "Similarity is too high"]
    assert [(w.asset_id, w.message) for w in score.assets_warnings or []] == [
        ("asset_d", ["Missing caption"])
    ]
    distances = {tuple(d.couple): d.distance for d in score.details.asset_couples_captions_distance}
    assert distances[("asset_a", "asset_b")] == 0.0 and distances[("asset_a", "asset_d")] == 1.0
    assert score.status == "incomplete"
    # 3 of 4 images captioned, and 3 of the 6 couples without a warning
    assert score.details.metadata_score == 0.75 * (1 - len(couples) / 6)

    empty = training_dataset_score("model_m", [])
    assert (empty.score, empty.status, empty.details.metadata_score) == (0.0, "incomplete", 0.0)
    assert empty.asset_couples_warnings is None and empty.assets_warnings is None
