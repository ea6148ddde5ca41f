"""Projection decoding on a `MockTransport`: `into=MyView` on every operation whose response
holds models, the envelope keeping its shape; and what `into` must be.

The static types a caller sees are checked by mypy in test_projection_types.py.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from scenario_async import (
    AsyncScenario,
    MockTransport,
    TransportRequest,
    TransportResponse,
    ValidationError,
    ops,
)
from scenario_async.codec import check_view, projected
from scenario_async.types import (
    ModelGetBulkResponse,
    ModelGetBulkResponseOf,
    ModelResponse,
    ModelResponseOf,
    TrainTriggerResponseOf,
)

MODEL = {
    "id": "model_1",
    "privacy": "private",
    "type": "flux.1-lora",
    "status": "training",
    "name": "Mine",
    "trainingProgress": {"stage": "running-train", "progress": 0.5, "updatedAt": 1},
    "inputs": [{"name": "prompt", "type": "string"}],
}
JOB = {
    "createdAt": "2025-01-01T00:00:00Z",
    "jobId": "job_1",
    "jobType": "flux-model-training",
    "metadata": {},
    "progress": 0,
    "status": "queued",
    "statusHistory": [],
    "updatedAt": "2025-01-01T00:00:00Z",
}


class Progress(msgspec.Struct, rename="camel"):
    stage: str
    progress: float | None = None


class View(msgspec.Struct, rename="camel"):
    id: str
    status: str | None = None
    training_progress: Progress | None = None


VIEW = View(id="model_1", status="training", training_progress=Progress("running-train", 0.5))


def answering(payload: dict[str, Any]) -> MockTransport:
    def handler(request: TransportRequest) -> TransportResponse:
        return TransportResponse(200, {}, json.dumps(payload).encode())

    return MockTransport(handler)


def unreachable(request: TransportRequest) -> TransportResponse:
    raise AssertionError(f"a request was sent: {request.method} {request.url}")


def client_on(transport: MockTransport) -> AsyncScenario:
    return AsyncScenario(api_key="k", api_secret="s", transport=transport)


@pytest.mark.parametrize(
    ("operation", "args", "kwargs"),
    [
        ("retrieve", ("model_1",), {}),
        ("create", (), {"name": "Mine"}),
        ("update", ("model_1",), {"name": "Mine"}),
        ("copy", ("model_1",), {}),
        ("transfer", ("model_1",), {"destination_project_id": "proj_2"}),
        ("train.action", ("model_1",), {"action": "cancel"}),
    ],
)
async def test_model_operations_decode_the_model_into_the_view(
    operation: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    transport = answering({"model": MODEL})
    async with client_on(transport) as client:
        target: Any = client.models
        for part in operation.split("."):
            target = getattr(target, part)
        projected_response = await target(*args, into=View, **kwargs)
        full = await target(*args, **kwargs)
    assert isinstance(projected_response, ModelResponseOf)
    assert projected_response.model == VIEW
    assert type(full) is ModelResponse
    # The same request either way: a projection changes only how the answer is read.
    first, second = transport.requests
    assert (first.method, first.url, first.body) == (second.method, second.url, second.body)


async def test_train_trigger_keeps_its_job_and_decodes_its_model_into_the_view() -> None:
    async with client_on(answering({"job": JOB, "model": MODEL})) as client:
        response = await client.models.train.trigger("model_1", into=View)
    assert isinstance(response, TrainTriggerResponseOf)
    assert response.model == VIEW
    assert response.job.job_id == "job_1"


async def test_get_bulk_and_stream_bulk_decode_into_the_view() -> None:
    async with client_on(answering({"models": [MODEL]})) as client:
        result = await client.models.get_bulk(model_ids=["model_1"], into=View)
        async with client.models.stream_bulk(["model_1"], into=View) as chunks:
            [chunk] = [chunk async for chunk in chunks]
    assert result.models == chunk.models == [VIEW]


@pytest.mark.parametrize("into", [dict, View(id="x"), "View", int, msgspec.Struct()])
async def test_into_must_be_a_struct_type_and_is_checked_before_any_request(into: Any) -> None:
    async with client_on(MockTransport(unreachable)) as client:
        with pytest.raises(ValidationError) as caught:
            await client.models.retrieve("model_1", into=into)
        assert caught.value.parameter == "into"
        with pytest.raises(ValidationError):
            client.models.list(into=into)


def test_a_projected_call_is_the_same_request_read_into_the_generic_envelope() -> None:
    call = ops.models.get_bulk(model_ids=["a"])
    view_call = projected(call, View)
    assert view_call.response_type == ModelGetBulkResponseOf[View]
    assert call.response_type is ModelGetBulkResponse
    assert (view_call.path, view_call.body, view_call.query) == (call.path, call.body, call.query)
    assert projected(call, None) is call
    assert check_view(View) is View


def test_a_call_without_models_cannot_be_projected() -> None:
    with pytest.raises(ValidationError) as caught:
        projected(ops.models.download("model_1"), View)
    assert caught.value.parameter == "into"
