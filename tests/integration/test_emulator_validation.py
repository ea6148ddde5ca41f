"""Property: the emulator accepts what the client calls valid and refuses the rest, cleanly.

Requests are drawn at the wire level, valid or not. The client's own builder is the oracle:
if it accepts the arguments, the emulator must answer 2xx; if it raises `ValidationError`,
the same request sent raw (aiohttp, bypassing the client) must get a 400 naming the same
parameter, and the store must be unchanged afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

import aiohttp
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_async import ValidationError
from scenario_async.emulator import Emulator
from scenario_async.ops import models as model_ops
from scenario_async.ops import train as train_ops
from scenario_async.ops import training_images as image_ops
from scenario_async.types import (
    ModelCreateBody,
    ModelUpdateBody,
    TrainingImageBody,
    TrainTriggerBody,
)
from scenario_async.types.queries import ModelListQuery, ModelType
from tests.support.emulated import basic

# Each emulator's model that update, train and image requests target, created on first use.
_TARGETS: dict[int, str] = {}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    query: dict[str, Any]
    body: dict[str, Any] | None
    check: Callable[[str], object]  # the client builder, given the target model id


def _python(tp: type[msgspec.Struct], wire: dict[str, Any]) -> dict[str, Any]:
    names = {f.encode_name: f.name for f in msgspec.structs.fields(tp)}
    return {names[key]: _snake_keys(value) for key, value in wire.items()}


def _snake_keys(value: Any) -> Any:
    """Nested objects as a Python caller spells them: snake_case keys."""
    if isinstance(value, dict):
        return {
            re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), key): _snake_keys(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_snake_keys(item) for item in value]
    return value


def _in_field_order(tp: type[msgspec.Struct], wire: dict[str, Any]) -> dict[str, Any]:
    """Keys in declaration order: the order the client checks them, so that a request with
    several faults is reported by the parameter the client would name first."""
    order = [f.encode_name for f in msgspec.structs.fields(tp)]
    return {key: wire[key] for key in order if key in wire}


def _camel(path: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), path)


def _some(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


floats = st.floats(allow_nan=False, allow_infinity=False)
parameters = _some(
    batchSize=st.floats(0, 5),
    learningRate=st.floats(-1e-4, 1e-3),
    learningRateTextEncoder=st.floats(-1e-4, 2e-3),
    maxTrainSteps=st.integers(-10, 40_010),
    validationFrequency=st.integers(-1, 41_000),
    nbEpochs=st.integers(0, 31),
    rank=st.integers(1, 130),
    randomCropRatio=st.floats(-0.1, 1.1),
    textEncoderTrainingRatio=st.floats(0, 1),
    wandbKey=st.text("abc", max_size=45),
    samplePrompts=st.lists(st.just("a prompt"), max_size=3),
    sampleSourceImages=st.lists(st.just("asset_s"), max_size=3),
    lrScheduler=st.sampled_from(["constant", "cosine", "exponential"]),
)
concepts = st.lists(_some(modelId=st.just("model_c"), scale=st.floats(-2.5, 2.5)), max_size=2)
types = st.sampled_from([*get_args(ModelType), "bogus-type"])


@st.composite
def cases(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from(["create", "update", "train", "image", "list"]))
    if kind == "create":
        body = _in_field_order(
            ModelCreateBody,
            draw(
                _some(
                    name=st.text("ab", max_size=70),
                    shortDescription=st.text("ab", max_size=270),
                    type=types,
                    concepts=concepts,
                )
            ),
        )
        return Case(
            "POST",
            "/models",
            {},
            body,
            lambda _: model_ops.create(**_python(ModelCreateBody, body)),
        )
    if kind == "update":
        body = _in_field_order(
            ModelUpdateBody,
            draw(_some(name=st.text("ab", max_size=5), parameters=parameters, concepts=concepts)),
        )
        return Case(
            "PUT",
            "/models/{id}",
            {},
            body,
            lambda model_id: model_ops.update(model_id, **_python(ModelUpdateBody, body)),
        )
    if kind == "train":
        body = draw(_some(parameters=parameters))
        query = {"dryRun": "true", "trainingImagesCount": 1}
        return Case(
            "PUT",
            "/models/{id}/train",
            query,
            body,
            lambda model_id: train_ops.trigger(
                model_id, dry_run="true", training_images_count=1, **_python(TrainTriggerBody, body)
            ),
        )
    if kind == "image":
        # An empty body and more than 10 assetIds are refused by the emulator only, until
        # the client's TrainingImageBody states them (see test_emulator_only_image_rules).
        body = draw(
            _some(
                assetId=st.just("asset_one"),
                assetIds=st.lists(st.sampled_from(["asset_a", "asset_b"]), min_size=1, max_size=10),
                data=st.just("data:image/png;base64,iVBORw0KGgo="),
                name=st.just("x.png"),
            ).filter(lambda b: bool(b.keys() & {"assetId", "assetIds", "data"}))
        )
        return Case(
            "POST",
            "/models/{id}/training-images",
            {},
            body,
            lambda model_id: image_ops.add(model_id, **_python(TrainingImageBody, body)),
        )
    query = _in_field_order(
        ModelListQuery,
        draw(
            _some(
                pageSize=st.integers(-1, 600),
                type=st.sampled_from(get_args(ModelType)),
                types=st.lists(st.sampled_from(get_args(ModelType)), min_size=1, max_size=2),
                sortBy=st.sampled_from(["createdAt", "updatedAt", "score"]),
                createdAfter=st.just("2024-01-01T00:00:00Z"),
                updatedBefore=st.just("2030-01-01T00:00:00Z"),
            )
        ),
    )
    return Case(
        "GET", "/models", query, None, lambda _: model_ops.list(**_python(ModelListQuery, query))
    )


def _query(values: dict[str, Any]) -> dict[str, str]:
    return {k: ",".join(v) if isinstance(v, list) else str(v) for k, v in values.items()}


async def _snapshot(session: aiohttp.ClientSession, base: str, model_id: str) -> bytes:
    async with session.get(f"{base}/models", params={"pageSize": "500"}) as response:
        listing = await response.read()
    async with session.get(f"{base}/models/{model_id}") as response:
        return listing + await response.read()


@pytest.mark.scenario_emulator(seed=9)
@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases())
async def test_client_and_emulator_agree(scenario_emulator: Emulator, case: Case) -> None:
    emu = scenario_emulator
    if id(emu) not in _TARGETS:
        created = emu.store.create(ModelCreateBody(name="target"), msgspec.UNSET)
        _TARGETS[id(emu)] = msgspec.json.decode(created)["id"]
    model_id = _TARGETS[id(emu)]
    try:
        case.check(model_id)
        expected: str | None = None
    except ValidationError as exc:
        expected = _camel(exc.parameter)
    authorization = basic(emu.api_key, emu.api_secret)
    async with aiohttp.ClientSession(headers={"Authorization": authorization}) as session:
        before = await _snapshot(session, emu.base_url, model_id)
        async with session.request(
            case.method,
            emu.base_url + case.path.format(id=model_id),
            params=_query(case.query),
            data=None if case.body is None else msgspec.json.encode(case.body),
        ) as response:
            answer = await response.json()
            status = response.status
        if expected is None:
            assert status == 200, answer
            return
        assert status == 400, (expected, answer)
        assert answer["parameter"] == expected, answer
        assert await _snapshot(session, emu.base_url, model_id) == before


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({}, "data"),
        ({"assetIds": [f"asset_{n}" for n in range(11)]}, "assetIds"),
        ({"data": "not-a-data-url", "name": "x.png"}, "data"),
    ],
)
async def test_emulator_only_image_rules(
    scenario_emulator: Emulator, body: dict[str, Any], parameter: str
) -> None:
    emu = scenario_emulator
    model = msgspec.json.decode(emu.store.create(ModelCreateBody(), msgspec.UNSET))
    authorization = basic(emu.api_key, emu.api_secret)
    async with aiohttp.ClientSession(headers={"Authorization": authorization}) as session:
        url = f"{emu.base_url}/models/{model['id']}/training-images"
        async with session.post(url, json=body) as response:
            assert response.status == 400
            assert (await response.json())["parameter"] == parameter
