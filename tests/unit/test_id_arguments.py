"""One str (or bytes) where a list of ids is asked is a `TypeError` before any request; the
dicts the official SDK takes for nested arguments go out as our Structs do.

Iterated, `"model_abc"` is nine one-letter ids: `watch("model_abc")` watched nine models
and reported each one gone. The type checkers refuse it (tests/user_code/
uses_request_types.py); these tests are for the callers no type checker reads.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import (
    AsyncScenario,
    MockTransport,
    TransportRequest,
    TransportResponse,
    ValidationError,
    ops,
)
from scenario_async.bulk_core import check_ids_source, plan_chunks
from scenario_async.types import (
    Concept,
    TrainingImagePairParam,
    TrainingParameters,
)
from scenario_async.watch_core import WatchConfig, WatchCore


def unreachable(request: TransportRequest) -> TransportResponse:
    raise AssertionError(f"a request was sent: {request.method} {request.url}")


def client() -> AsyncScenario:
    return AsyncScenario(api_key="k", api_secret="s", transport=MockTransport(unreachable))


# Each place that takes ids, as (the parameter it names, a call with `ids` there), called
# without any I/O: the builders, the bulk plan and stream, the watch's core and the watch.
TAKES_IDS: dict[str, tuple[str, Callable[[Any], object]]] = {
    "models.get_bulk": ("model_ids", lambda ids: ops.models.get_bulk(model_ids=ids)),
    "models.create": ("collection_ids", lambda ids: ops.models.create(collection_ids=ids)),
    "models.delete_images": ("ids", lambda ids: ops.models.delete_images("m", ids=ids)),
    "models.update_tags add": ("add", lambda ids: ops.models.update_tags("m", add=ids)),
    "models.update_tags delete": ("delete", lambda ids: ops.models.update_tags("m", delete=ids)),
    "examples.update": ("asset_ids", lambda ids: ops.examples.update("m", asset_ids=ids)),
    "training_images.add": (
        "asset_ids",
        lambda ids: ops.training_images.add("m", asset_ids=ids),
    ),
    "training_images.replace": (
        "asset_ids",
        lambda ids: ops.training_images.replace("t", model_id="m", asset_ids=ids),
    ),
    "bulk plan": ("model_ids", lambda ids: plan_chunks(ids, 100)),
    "bulk stream source": ("model_ids", check_ids_source),
    "stream_bulk": ("model_ids", lambda ids: client().models.stream_bulk(ids)),
    "watch": ("model_ids", lambda ids: client().models.watch(ids)),
    "watch add": ("model_ids", lambda ids: client().models.watch([]).add(ids)),
    "watch remove": ("model_ids", lambda ids: client().models.watch(["a"]).remove(ids)),
    "watch core": ("model_ids", lambda ids: WatchCore(ids, WatchConfig())),
    "watch core add": ("model_ids", lambda ids: WatchCore([], WatchConfig()).add(ids)),
    "watch core remove": ("model_ids", lambda ids: WatchCore(["a"], WatchConfig()).remove(ids)),
}
PLACES = st.sampled_from(sorted(TAKES_IDS))


@given(place=PLACES, text=st.text())
def test_a_str_is_a_type_error_naming_the_parameter(place: str, text: str) -> None:
    parameter, call = TAKES_IDS[place]
    with pytest.raises(TypeError, match=f"^{parameter} must be a list of .*, not a str: pass "):
        call(text)


@given(place=PLACES, data=st.binary(), mutable=st.booleans())
def test_bytes_are_a_type_error_naming_the_parameter(
    place: str, data: bytes, mutable: bool
) -> None:
    parameter, call = TAKES_IDS[place]
    given_ids = bytearray(data) if mutable else data
    with pytest.raises(
        TypeError, match=f"^{parameter} must be a list of .*, not (bytes|bytearray)$"
    ):
        call(given_ids)


def test_the_message_shows_the_fix_for_one_id() -> None:
    with pytest.raises(TypeError) as caught:
        client().models.watch("model_abc")
    assert str(caught.value) == "model_ids must be a list of ids, not a str: pass ['model_abc']"
    with pytest.raises(TypeError) as caught:
        ops.models.update_tags("m", add="cats")
    assert str(caught.value) == "add must be a list of tags, not a str: pass ['cats']"


def test_a_long_str_is_not_repeated_in_the_message() -> None:
    with pytest.raises(TypeError) as caught:
        ops.models.get_bulk(model_ids="model_abc," * 100)
    assert str(caught.value) == "model_ids must be a list of ids, not a str: pass a list of ids"


@pytest.mark.parametrize(
    "arguments",
    [{"model_ids": "model_abc"}, {"model_ids": b"model_abc"}, {"model_ids": "a", "minimal": True}],
)
async def test_get_bulk_refuses_a_str_before_any_request(arguments: dict[str, Any]) -> None:
    async with client() as scenario:
        with pytest.raises(TypeError, match=r"^model_ids must be a list of ids"):
            await scenario.models.get_bulk(**arguments)
        with pytest.raises(TypeError, match=r"^model_ids must be a list of ids"):
            await scenario.models.get_bulk.raw(**arguments)
        with pytest.raises(TypeError, match=r"^model_ids must be a list of ids"):
            await scenario.models.with_raw_response.get_bulk(**arguments)


async def test_the_sdk_operations_refuse_a_str_before_any_request() -> None:
    async with client() as scenario:
        models = scenario.models
        with pytest.raises(TypeError, match=r"^ids must be a list of ids"):
            await models.delete_images("m", ids="asset_a")
        with pytest.raises(TypeError, match=r"^collection_ids must be a list of ids"):
            await models.create(collection_ids="collection_a")
        with pytest.raises(TypeError, match=r"^delete must be a list of tags"):
            await models.update_tags("m", delete="cats")
        with pytest.raises(TypeError, match=r"^asset_ids must be a list of ids"):
            await models.examples.update("m", asset_ids="asset_a")
        with pytest.raises(TypeError, match=r"^asset_ids must be a list of ids"):
            await models.training_images.add("m", asset_ids="asset_a")


def ids_from_a_generator() -> Iterator[str]:
    yield from ("a", "b")


async def ids_from_afar() -> AsyncIterator[str]:
    for model_id in ("a", "b"):
        yield model_id


@pytest.mark.parametrize(
    "model_ids",
    [["a", "b"], ("a", "b"), {"a", "b"}, frozenset({"a", "b"}), dict.fromkeys("ab").keys()],
    ids=["list", "tuple", "set", "frozenset", "dict keys"],
)
def test_a_collection_of_ids_is_watched_id_by_id(model_ids: Any) -> None:
    watch = client().models.watch(model_ids)
    assert watch.active_ids == {"a", "b"}
    watch.remove(model_ids)
    watch.add(model_ids)
    assert watch.active_ids == {"a", "b"}


def test_a_generator_of_ids_is_watched_id_by_id() -> None:
    watch = client().models.watch(ids_from_a_generator())
    watch.remove(ids_from_a_generator())
    watch.add(model_id for model_id in ("b", "c"))
    assert watch.active_ids == {"b", "c"}


async def test_stream_bulk_reads_ids_from_an_iterator_or_an_async_iterable() -> None:
    def handler(request: TransportRequest) -> TransportResponse:
        asked = json.loads(request.body or b"{}")["modelIds"]
        models = [{"id": i, "privacy": "private", "type": "flux.1-lora"} for i in asked]
        return TransportResponse(200, {}, json.dumps({"models": models}).encode())

    async with AsyncScenario(api_key="k", api_secret="s", transport=MockTransport(handler)) as c:
        for source in (ids_from_a_generator(), ids_from_afar()):
            async with c.models.stream_bulk(source) as chunks:
                assert [[m.id for m in chunk.models] async for chunk in chunks] == [["a", "b"]]


PARAMETERS = {"batch_size": 2, "sample_prompts": ["a cat"], "sample_source_images": ["asset_s"]}


def test_dicts_go_out_as_the_structs_do() -> None:
    as_dicts = ops.models.update(
        "m",
        parameters=PARAMETERS,
        concepts=[{"model_id": "lora", "scale": 0.5, "model_epoch": "000001"}],
    )
    as_structs = ops.models.update(
        "m",
        parameters=TrainingParameters(
            batch_size=2, sample_prompts=["a cat"], sample_source_images=["asset_s"]
        ),
        concepts=[Concept(model_id="lora", scale=0.5, model_epoch="000001")],
    )
    assert as_dicts.body == as_structs.body
    assert json.loads(as_dicts.body or b"") == {
        "concepts": [{"modelId": "lora", "scale": 0.5, "modelEpoch": "000001"}],
        "parameters": {
            "batchSize": 2,
            "samplePrompts": ["a cat"],
            "sampleSourceImages": ["asset_s"],
        },
    }
    trigger = ops.train.trigger("m", parameters={"max_train_steps": 500})
    steps = TrainingParameters(max_train_steps=500)
    assert trigger.body == ops.train.trigger("m", parameters=steps).body
    pairs = ops.training_images.replace_pairs("m", body=[{"source_id": "s", "target_id": "t"}])
    pair = TrainingImagePairParam(source_id="s", target_id="t")
    assert pairs.body == ops.training_images.replace_pairs("m", body=[pair]).body
    assert json.loads(pairs.body or b"") == [{"sourceId": "s", "targetId": "t"}]


def test_a_dict_is_still_checked_when_converted() -> None:
    with pytest.raises(ValidationError) as caught:
        ops.models.update("m", parameters={"batch_sise": 2})
    assert caught.value.parameter == "parameters"
    with pytest.raises(ValidationError) as caught:
        ops.train.trigger("m", parameters={"batch_size": 5})
    assert caught.value.parameter == "parameters.batch_size"
    with pytest.raises(ValidationError) as caught:
        ops.models.create(concepts=[{"model_id": "lora", "scale": "1"}])
    assert caught.value.parameter == "concepts[0].scale"
