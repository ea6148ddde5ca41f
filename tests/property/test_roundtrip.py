"""Encoding and decoding lose nothing: request types round-trip through JSON, the body a
builder sends decodes (with the strict request type a server would use) to what the caller
meant, `Model` payloads round-trip, and unknown fields and enum values are tolerated."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import ops
from scenario_async.calls import decode
from scenario_async.types import (
    Concept,
    DescriptionUpdateBody,
    ExampleUpdateBody,
    Model,
    ModelCopyBody,
    ModelCreateBody,
    ModelDownloadBody,
    ModelGetBulkBody,
    ModelListPage,
    ModelResponse,
    ModelTransferBody,
    ModelUpdateBody,
    ModelUpdateTagsBody,
    PresetCreateBody,
    PresetUpdateBody,
    PromptGuideUpdateBody,
    TrainActionBody,
    TrainingImageBody,
    TrainingImagePairParam,
    TrainingParameters,
    TrainTriggerBody,
)
from scenario_async.types.queries import (
    AssetsQuery,
    DeleteImagesQuery,
    DownloadQuery,
    ModelListQuery,
    ProjectQuery,
    ScorePromptQuery,
    TrainTriggerQuery,
)
from tests.property.strategies import (
    OPERATIONS,
    Operation,
    camel,
    expected_body,
    model_payloads,
    texts,
    to_wire,
    valid_concepts,
    valid_training_parameters,
)

# The request types of each operation: (body type, query type).
REQUEST_TYPES: dict[str, tuple[Any, type[msgspec.Struct]]] = {
    "models.list": (None, ModelListQuery),
    "models.create": (ModelCreateBody, AssetsQuery),
    "models.get_bulk": (ModelGetBulkBody, AssetsQuery),
    "models.retrieve": (None, AssetsQuery),
    "models.update": (ModelUpdateBody, AssetsQuery),
    "models.delete": (None, ProjectQuery),
    "models.copy": (ModelCopyBody, AssetsQuery),
    "models.download": (ModelDownloadBody, DownloadQuery),
    "models.delete_images": (None, DeleteImagesQuery),
    "models.update_tags": (ModelUpdateTagsBody, ProjectQuery),
    "models.transfer": (ModelTransferBody, ProjectQuery),
    "models.description.retrieve": (None, AssetsQuery),
    "models.description.update": (DescriptionUpdateBody, AssetsQuery),
    "models.examples.list": (None, AssetsQuery),
    "models.examples.update": (ExampleUpdateBody, AssetsQuery),
    "models.train.trigger": (TrainTriggerBody, TrainTriggerQuery),
    "models.train.action": (TrainActionBody, ProjectQuery),
    "models.training_images.add": (TrainingImageBody, AssetsQuery),
    "models.training_images.replace_pairs": (list[TrainingImagePairParam], ProjectQuery),
    "models.training_images.replace": (TrainingImageBody, AssetsQuery),
    "models.training_images.delete": (None, ProjectQuery),
    "models.restore": (None, AssetsQuery),
    "models.presets.create": (PresetCreateBody, AssetsQuery),
    "models.presets.update": (PresetUpdateBody, AssetsQuery),
    "models.presets.list": (None, AssetsQuery),
    "models.presets.delete": (None, ProjectQuery),
    "models.prompt_guide.retrieve": (None, ProjectQuery),
    "models.prompt_guide.update": (PromptGuideUpdateBody, ProjectQuery),
    "models.scores.retrieve_prompt": (None, ScorePromptQuery),
    "models.scores.retrieve_training_dataset": (None, ProjectQuery),
}
CASES = [(OPERATIONS[name], *types) for name, types in REQUEST_TYPES.items()]
with_body = [(op, body) for op, body, _ in CASES if body is not None]


def test_every_operation_has_its_request_types() -> None:
    assert set(REQUEST_TYPES) == set(OPERATIONS)


def roundtrip(value: Any, tp: Any) -> Any:
    return msgspec.json.decode(msgspec.json.encode(value), type=tp)


@pytest.mark.parametrize(("op", "body_type"), with_body, ids=[op.name for op, _ in with_body])
@given(data=st.data())
def test_request_bodies_round_trip(op: Operation, body_type: Any, data: st.DataObject) -> None:
    kwargs = data.draw(op.valid, label="kwargs")
    body = msgspec.convert(expected_body(op, kwargs), body_type)
    assert roundtrip(body, body_type) == body
    # What the builder sends is that same value, read with the strict request type.
    call = op.invoke(op.build, kwargs)
    assert call.body is not None
    assert msgspec.json.decode(call.body, type=body_type) == body


@pytest.mark.parametrize(
    ("op", "query_type"), [(op, q) for op, _, q in CASES], ids=[op.name for op, _, _ in CASES]
)
@given(data=st.data())
def test_request_queries_round_trip(
    op: Operation, query_type: type[msgspec.Struct], data: st.DataObject
) -> None:
    kwargs = data.draw(op.valid, label="kwargs")
    query = msgspec.convert(
        {camel(k): to_wire(v) for k, v in kwargs.items() if k in op.query_params}, query_type
    )
    assert roundtrip(query, query_type) == query


@given(concepts=valid_concepts)
def test_concepts_round_trip(concepts: Any) -> None:
    values = msgspec.convert(to_wire(concepts), list[Concept])
    assert roundtrip(values, list[Concept]) == values
    assert [msgspec.structs.asdict(c) for c in values] == [
        {"model_epoch": msgspec.UNSET, **(c if isinstance(c, dict) else msgspec.structs.asdict(c))}
        for c in concepts
    ]


@given(parameters=valid_training_parameters)
def test_training_parameters_round_trip(parameters: Any) -> None:
    value = msgspec.convert(to_wire(parameters), TrainingParameters)
    assert roundtrip(value, TrainingParameters) == value
    assert msgspec.json.decode(msgspec.json.encode(value)) == to_wire(parameters)


# --- responses ---------------------------------------------------------------------------------


@given(payload=model_payloads)
def test_model_payloads_round_trip(payload: dict[str, Any]) -> None:
    model = msgspec.json.decode(msgspec.json.encode(payload), type=Model)
    assert roundtrip(model, Model) == model
    # Encoding uses the wire names and keeps every field received.
    assert msgspec.json.decode(msgspec.json.encode(model)) == payload


@given(payload=model_payloads)
def test_model_built_from_a_dict_round_trips(payload: dict[str, Any]) -> None:
    model = msgspec.convert(payload, Model)
    assert roundtrip(model, Model) == model
    assert msgspec.to_builtins(model) == payload


@given(models=st.lists(model_payloads, max_size=3), token=st.none() | texts)
def test_model_envelopes_round_trip(models: list[dict[str, Any]], token: str | None) -> None:
    page = msgspec.convert(
        {"models": models, **({} if token is None else {"nextPaginationToken": token})},
        ModelListPage,
    )
    assert roundtrip(page, ModelListPage) == page
    assert page.next_pagination_token == token
    for payload in models:
        response = msgspec.convert({"model": payload}, ModelResponse)
        assert roundtrip(response, ModelResponse) == response


# --- tolerance ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


def extra_fields(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(
        st.text(min_size=1, max_size=12).filter(lambda k: k not in known), json_values, max_size=4
    )


MODEL_WIRE_NAMES = {f.encode_name for f in msgspec.structs.fields(Model)}
PROGRESS_WIRE_NAMES = {"stage", "updatedAt", "captchaImageUrl", "position", "progress"} | {
    "remainingTimeMs",
    "retryableError",
    "retryCount",
    "startedAt",
}


@given(
    payload=model_payloads,
    extra=extra_fields(MODEL_WIRE_NAMES),
    progress_extra=extra_fields(PROGRESS_WIRE_NAMES),
    status=texts,
    stage=texts,
    model_type=texts,
    privacy=texts,
)
def test_unknown_fields_and_enum_values_are_tolerated(
    payload: dict[str, Any],
    extra: dict[str, Any],
    progress_extra: dict[str, Any],
    status: str,
    stage: str,
    model_type: str,
    privacy: str,
) -> None:
    progress = {**payload.get("trainingProgress", {"updatedAt": 1}), "stage": stage}
    known = {
        **payload,
        "status": status,
        "type": model_type,
        "privacy": privacy,
        "trainingProgress": progress,
    }
    sent = {**extra, **known, "trainingProgress": {**progress_extra, **progress}}
    model = msgspec.json.decode(msgspec.json.encode(sent), type=Model)
    assert model.status == status
    assert model.type == model_type
    assert model.privacy == privacy
    assert model.training_progress is not None
    assert model.training_progress.stage == stage
    # Unknown fields are dropped; everything known is kept.
    assert msgspec.json.decode(msgspec.json.encode(model)) == known


def test_the_documented_example_of_unknown_values_decodes() -> None:
    body = msgspec.json.encode(
        {
            "model": {
                "id": "model_1",
                "privacy": "private",
                "type": "flux.9",
                "status": "quantum-training",
                "hyperdrive": {"engaged": True},
                "trainingProgress": {"stage": "warp-drive", "updatedAt": 1.5, "eta": "soon"},
            }
        }
    )
    response = decode(ops.models.retrieve("model_1"), 200, {}, body)
    assert response.model.type == "flux.9"
    assert response.model.status == "quantum-training"
    assert response.model.training_progress is not None
    assert response.model.training_progress.stage == "warp-drive"
    assert response.model.training_progress.updated_at == 1.5
