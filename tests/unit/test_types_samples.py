"""Decode the sample response of every operation into its response type.

The 21 documented samples are the reference's; the other 9 are written from the official SDK
2.4.0's response types, and a test checks that they fill every field those types have.
"""

import typing
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import pydantic
import pytest
from scenario_sdk.types.model_restore_response import ModelRestoreResponse as SdkRestore
from scenario_sdk.types.models.preset_create_response import PresetCreateResponse as SdkCreate
from scenario_sdk.types.models.preset_list_response import PresetListResponse as SdkList
from scenario_sdk.types.models.preset_update_response import PresetUpdateResponse as SdkUpdate
from scenario_sdk.types.models.prompt_guide_retrieve_response import (
    PromptGuideRetrieveResponse as SdkGuide,
)
from scenario_sdk.types.models.prompt_guide_update_response import (
    PromptGuideUpdateResponse as SdkGuideUpdate,
)
from scenario_sdk.types.models.score_retrieve_prompt_response import (
    ScoreRetrievePromptResponse as SdkPromptScore,
)
from scenario_sdk.types.models.score_retrieve_training_dataset_response import (
    ScoreRetrieveTrainingDatasetResponse as SdkDatasetScore,
)

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
    ModelRestoreResponse,
    ModelRetrieveResponse,
    ModelTransferResponse,
    ModelUpdateResponse,
    ModelUpdateTagsResponse,
    PresetCreateResponse,
    PresetListResponse,
    PresetUpdateResponse,
    PromptGuideRetrieveResponse,
    PromptGuideUpdateResponse,
    ScoreRetrievePromptResponse,
    ScoreRetrieveTrainingDatasetResponse,
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
    "models.restore": ModelRestoreResponse,
    "models.presets.create": PresetCreateResponse,
    "models.presets.update": PresetUpdateResponse,
    "models.presets.list": PresetListResponse,
    "models.presets.delete": EmptyResponse,
    "models.prompt_guide.retrieve": PromptGuideRetrieveResponse,
    "models.prompt_guide.update": PromptGuideUpdateResponse,
    "models.scores.retrieve_prompt": ScoreRetrievePromptResponse,
    "models.scores.retrieve_training_dataset": ScoreRetrieveTrainingDatasetResponse,
}
# The SDK's type each sample not from the reference was written from (`delete`'s is `object`).
SDK_TYPES: dict[str, type[pydantic.BaseModel]] = {
    "models.restore": SdkRestore,
    "models.presets.create": SdkCreate,
    "models.presets.update": SdkUpdate,
    "models.presets.list": SdkList,
    "models.prompt_guide.retrieve": SdkGuide,
    "models.prompt_guide.update": SdkGuideUpdate,
    "models.scores.retrieve_prompt": SdkPromptScore,
    "models.scores.retrieve_training_dataset": SdkDatasetScore,
}


def load(op: str, type_: type[T]) -> T:
    return msgspec.json.decode((SAMPLES / f"{op}.json").read_bytes(), type=type_)


def test_one_sample_per_operation() -> None:
    assert len(RESPONSE_TYPES) == 30
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
    "op",
    [
        "models.delete",
        "models.delete_images",
        "models.training_images.delete",
        "models.presets.delete",
    ],
)
def test_empty(op: str) -> None:
    assert load(op, EmptyResponse) == {}


def _sdk_fields(model: type[pydantic.BaseModel], prefix: str = "") -> set[str]:
    """Every field of `model` and of the models nested in it, by wire path."""
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        path = prefix + (info.alias or name)
        paths.add(path)
        pending: list[Any] = [info.annotation]
        while pending:
            annotation = pending.pop()
            if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
                paths |= _sdk_fields(annotation, path + ".")
            else:
                pending += typing.get_args(annotation)
    return paths


def _sample_fields(value: Any, prefix: str = "") -> set[str]:
    """Every key in `value` by path, list items merged, and every key of a map's values too
    (so `inputProperties.<name>.collapsed` counts as `inputProperties.collapsed`)."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            paths |= {prefix + key} | _sample_fields(item, prefix + key + ".")
            if isinstance(item, dict):
                for nested in item.values():
                    paths |= _sample_fields(nested, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            paths |= _sample_fields(item, prefix)
    return paths


@pytest.mark.parametrize("op", sorted(SDK_TYPES))
def test_samples_written_from_the_sdk_fill_every_field_and_validate_with_it(op: str) -> None:
    raw = msgspec.json.decode((SAMPLES / f"{op}.json").read_bytes())
    SDK_TYPES[op].model_validate(raw)  # every enumeration value is one the SDK knows
    assert _sdk_fields(SDK_TYPES[op]) - _sample_fields(raw) == set()


def test_restore_is_a_model_envelope() -> None:
    model = load("models.restore", ModelRestoreResponse).model
    assert (model.id, model.status, model.type) == (
        "model_eyVcnFJcR92BxBkz7N6g5w",
        "trained",
        "flux.1-lora",
    )
    assert model.class_ is not None
    assert model.class_.api_model_id == "model_class_illustration"
    assert model.inputs is not None
    assert model.inputs[0].required is not None
    assert model.inputs[0].required.conditional is not None
    assert model.inputs[0].required.conditional.operator == "or"


@pytest.mark.parametrize(
    ("op", "type_"),
    [
        ("models.presets.create", PresetCreateResponse),
        ("models.presets.update", PresetUpdateResponse),
    ],
)
def test_preset(op: str, type_: type[PresetCreateResponse]) -> None:
    preset = load(op, type_).preset
    assert preset.api_model_id == "model_eyVcnFJcR92BxBkz7N6g5w"
    assert preset.is_default is (op == "models.presets.create")
    parameters = preset.parameters
    assert parameters.type == "controlnet_inpaint_ip_adapter"
    assert parameters.api_model_epoch == "000012"
    assert parameters.ip_adapter_scales == [0.9, 0.45]
    assert parameters.scheduler == "EulerAncestralDiscreteScheduler"
    assert parameters.seed == "1234567890"
    assert parameters.concepts is not None
    assert [c.api_model_id for c in parameters.concepts] == [
        "model_GTrL3mq4SXWyMxkOHRxlpw",
        "model_6VrLs8nC1DHWCfKGaVne0g",
    ]
    assert parameters.concepts[1].api_model_epoch is None


def test_preset_list() -> None:
    presets = load("models.presets.list", PresetListResponse).presets
    assert [p.parameters.type for p in presets] == [
        "controlnet_inpaint_ip_adapter",
        "txt2img",
        "img2img",
    ]
    assert [p.is_default for p in presets] == [True, False, False]
    assert presets[1].parameters.concepts is None


def test_prompt_guide() -> None:
    retrieved = load("models.prompt_guide.retrieve", PromptGuideRetrieveResponse)
    updated = load("models.prompt_guide.update", PromptGuideUpdateResponse)
    assert retrieved.prompt_guide.value.startswith("# Instructions\n")
    assert updated.prompt_guide.value.startswith(retrieved.prompt_guide.value)


def test_prompt_score() -> None:
    score = load("models.scores.retrieve_prompt", ScoreRetrievePromptResponse)
    assert (score.score, score.status) == (0.72, "complete")
    assert score.syntax_error == "Prompt weight should be between 0 and 2"
    assert score.details.captions_similarity.median == 0.4102
    assert score.details.prompts_similarity is not None
    assert score.details.prompts_similarity.min == 0.2941


def test_training_dataset_score() -> None:
    score = load("models.scores.retrieve_training_dataset", ScoreRetrieveTrainingDatasetResponse)
    details = score.details
    assert (score.score, score.status, details.metadata_score) == (0.58, "incomplete", 0.6667)
    assert [d.distance for d in details.asset_couples_captions_distance] == [0.6154, 0.0833, 0.7]
    assert details.asset_couples_similarity[1].couple == [
        "asset_GTrL3mq4SXWyMxkOHRxlpw",
        "asset_Pk2Lm5Nq8Rs1Tu4Vw7Xy0z",
    ]
    assert details.assets_embedding_similarity[2].asset_id == "asset_Pk2Lm5Nq8Rs1Tu4Vw7Xy0z"
    assert details.couples_similarity.min == 0.6402
    assert score.assets_warnings is not None
    assert score.assets_warnings[0].message == [
        "Missing caption",
        "Width and height must be larger than 1024",
    ]
    assert score.asset_couples_warnings is not None
    assert score.asset_couples_warnings[0].message == [
        "Captions are too close",
        "Similarity is too high",
    ]


def test_unknown_score_status_and_messages_decode() -> None:
    data = (
        b'{"details": {"captionsSimilarity": {"mean": 0, "median": 0, "min": 0},'
        b' "embeddingSimilarity": 0}, "modelId": "m", "score": 0, "status": "stale",'
        b' "syntaxError": "a new rule"}'
    )
    score = msgspec.json.decode(data, type=ScoreRetrievePromptResponse)
    assert (score.status, score.syntax_error) == ("stale", "a new rule")
    assert score.details.prompts_similarity is None
