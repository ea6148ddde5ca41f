"""Decode the documented sample response of every operation into its response type."""

from pathlib import Path
from typing import Any, TypeVar

import msgspec
import pytest

from scenario_async.types import (
    DescriptionRetrieveResponse,
    DescriptionUpdateResponse,
    EmptyResponse,
    ExampleListResponse,
    ExampleUpdateResponse,
    Job,
    Model,
    ModelCopyResponse,
    ModelCreateResponse,
    ModelDownloadResponse,
    ModelGetBulkResponse,
    ModelListPage,
    ModelResponse,
    ModelRetrieveResponse,
    ModelTransferResponse,
    ModelUpdateResponse,
    ModelUpdateTagsResponse,
    TrainActionResponse,
    TrainingImageAddResponse,
    TrainingImageReplacePairsResponse,
    TrainingImageReplaceResponse,
    TrainTriggerResponse,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

T = TypeVar("T")

RESPONSE_TYPES: dict[str, Any] = {
    "models.list": ModelListPage,
    "models.create": ModelCreateResponse,
    "models.get_bulk": ModelGetBulkResponse,
    "models.retrieve": ModelRetrieveResponse,
    "models.update": ModelUpdateResponse,
    "models.delete": EmptyResponse,
    "models.copy": ModelCopyResponse,
    "models.download": ModelDownloadResponse,
    "models.delete_images": EmptyResponse,
    "models.update_tags": ModelUpdateTagsResponse,
    "models.transfer": ModelTransferResponse,
    "models.description.retrieve": DescriptionRetrieveResponse,
    "models.description.update": DescriptionUpdateResponse,
    "models.examples.list": ExampleListResponse,
    "models.examples.update": ExampleUpdateResponse,
    "models.train.trigger": TrainTriggerResponse,
    "models.train.action": TrainActionResponse,
    "models.training_images.add": TrainingImageAddResponse,
    "models.training_images.replace_pairs": TrainingImageReplacePairsResponse,
    "models.training_images.replace": TrainingImageReplaceResponse,
    "models.training_images.delete": EmptyResponse,
}


def load(op: str, type_: type[T]) -> T:
    return msgspec.json.decode((SAMPLES / f"{op}.json").read_bytes(), type=type_)


def test_one_sample_per_operation() -> None:
    assert len(RESPONSE_TYPES) == 21
    assert {p.name.removesuffix(".json") for p in SAMPLES.glob("models.*.json")} == set(
        RESPONSE_TYPES
    )


@pytest.mark.parametrize("op", sorted(RESPONSE_TYPES))
def test_sample_decodes_and_round_trips(op: str) -> None:
    type_ = RESPONSE_TYPES[op]
    decoded = load(op, type_)
    again = msgspec.json.decode(msgspec.json.encode(decoded), type=type_)
    assert again == decoded


@pytest.mark.parametrize("op", sorted(RESPONSE_TYPES))
def test_nothing_in_the_sample_is_dropped(op: str) -> None:
    """Every key of the sample survives decode + encode (no field missing from the types)."""
    raw = msgspec.json.decode((SAMPLES / f"{op}.json").read_bytes())
    decoded = load(op, RESPONSE_TYPES[op])
    assert msgspec.json.decode(msgspec.json.encode(decoded)) == raw


def check_model(model: Model) -> None:
    assert model.id == "id"
    assert model.class_ is not None
    assert model.class_.slug == "slug"
    assert model.class_.api_model_id == "modelId"
    assert model.status == "copying"
    assert model.training_progress is not None
    assert model.training_progress.stage == "pending"
    assert model.training_progress.remaining_time_ms == 0
    assert model.training_stats is not None
    assert model.training_stats.train_duration == 0
    assert model.concepts is not None
    assert model.concepts[0].api_model_epoch == "modelEpoch"
    assert model.concepts[0].scale == -2
    assert model.parameters is not None
    assert model.parameters.learning_rate_text_encoder == 0.0005
    assert model.parameters.num_u_net_train_steps == 0
    assert model.inputs is not None
    assert model.inputs[0].required is not None
    assert model.inputs[0].required.conditional_values == {}
    assert model.training_images is not None
    assert model.training_images[0].download_url == "downloadUrl"
    assert model.training_image_pairs is not None
    assert model.training_image_pairs[0].source_id == "sourceId"
    assert model.ui_config is not None
    assert model.ui_config.loras_component is not None
    assert model.ui_config.loras_component.api_model_id_input == "modelIdInput"


@pytest.mark.parametrize(
    "op",
    [
        "models.create",
        "models.retrieve",
        "models.update",
        "models.copy",
        "models.transfer",
        "models.train.action",
    ],
)
def test_model_envelopes(op: str) -> None:
    check_model(load(op, ModelResponse).model)


def test_list_page() -> None:
    page = load("models.list", ModelListPage)
    assert page.next_pagination_token == "nextPaginationToken"
    check_model(page.models[0])


def test_get_bulk_tolerates_the_minimal_model() -> None:
    bulk = load("models.get_bulk", ModelGetBulkResponse)
    assert bulk.models[0].privacy == "private"
    assert bulk.models[0].type == "custom"
    minimal = msgspec.json.decode(
        b'{"models": [{"id": "m", "privacy": "public", "type": "flux.1-lora"}]}',
        type=ModelGetBulkResponse,
    )
    assert minimal.models[0].capabilities is None
    assert minimal.models[0].status is None


def test_unknown_fields_and_enum_values_decode() -> None:
    data = b'{"model": {"id": "m", "privacy": "team-only", "type": "flux.9", "newField": 1}}'
    model = msgspec.json.decode(data, type=ModelResponse).model
    assert (model.privacy, model.type) == ("team-only", "flux.9")


def test_train_trigger() -> None:
    res = load("models.train.trigger", TrainTriggerResponse)
    job: Job = res.job
    assert job.job_id == "jobId"
    assert job.job_type == "assets-download"
    assert job.status == "canceled"
    assert job.status_history[0].status == "canceled"
    assert job.billing is not None
    assert job.billing.cu_cost == 0
    assert job.metadata.workflow_job_id == "workflowJobId"
    assert job.metadata.flow is not None
    step = job.metadata.flow[0]
    assert (step.id, step.status, step.type) == ("id", "failure", "custom-model")
    assert step.logic is not None
    assert step.logic.cases is not None
    assert step.logic.cases[0].condition == "condition"
    assert step.api_model_id == "modelId"
    check_model(res.model)
    assert res.creative_units_cost == 0


def test_download_and_tags() -> None:
    assert load("models.download", ModelDownloadResponse).job_id == "jobId"
    tags = load("models.update_tags", ModelUpdateTagsResponse)
    assert (tags.added, tags.deleted) == (["string"], ["string"])


@pytest.mark.parametrize(
    ("op", "type_"),
    [
        ("models.description.retrieve", DescriptionRetrieveResponse),
        ("models.description.update", DescriptionUpdateResponse),
    ],
)
def test_description(op: str, type_: type[DescriptionRetrieveResponse]) -> None:
    description = load(op, type_).description
    assert description.value == "value"
    assert description.models[0].short_description == "shortDescription"
    assert description.assets[0].properties.transcription is not None
    assert description.assets[0].properties.transcription.text == "text"


@pytest.mark.parametrize(
    ("op", "type_"),
    [
        ("models.examples.list", ExampleListResponse),
        ("models.examples.update", ExampleUpdateResponse),
    ],
)
def test_examples(op: str, type_: type[ExampleListResponse]) -> None:
    example = load(op, type_).examples[0]
    assert example.api_model_id == "modelId"
    assert example.asset.kind == "3d"
    assert example.asset.metadata.type == "3d-texture"
    assert example.job is not None
    assert example.job.job_type == "assets-download"


@pytest.mark.parametrize(
    ("op", "type_"),
    [
        ("models.training_images.add", TrainingImageAddResponse),
        ("models.training_images.replace", TrainingImageReplaceResponse),
    ],
)
def test_training_image(op: str, type_: type[TrainingImageAddResponse]) -> None:
    image = load(op, type_).training_image
    assert (image.id, image.automatic_captioning) == ("id", "automaticCaptioning")


def test_training_image_pairs() -> None:
    res = load("models.training_images.replace_pairs", TrainingImageReplacePairsResponse)
    assert res.count == 0
    assert res.pairs[0].target_id == "targetId"


@pytest.mark.parametrize(
    "op", ["models.delete", "models.delete_images", "models.training_images.delete"]
)
def test_empty(op: str) -> None:
    assert load(op, EmptyResponse) == {}
