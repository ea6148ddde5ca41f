"""Our client and the official SDK put the same request on the wire, and read the same answer.

One table drives every case: (operation, positional args, keyword args). Each case is sent
through `scenario_sdk.AsyncScenario` (httpx mock transport) and through our `AsyncScenario`
(`MockTransport`), both answered with the reference's sample response of that operation,
and the two requests are compared: method, raw (percent-encoded) path, decoded path, query
as a multiset of decoded pairs, and the JSON body parsed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from scenario_async import (
    AsyncScenario,
    MockTransport,
    TransportRequest,
    TransportResponse,
    ValidationError,
)
from tests.support.samples import OPERATIONS, sample_json
from tests.support.wire import (
    BASE_URL,
    BASIC_AUTH,
    WireRequest,
    call_operation,
    from_httpx,
    from_transport,
    our_client,
    sdk_client,
)

UNICODE_ID = "modèle_ü✓"
ODD_ID = "model id+plus@at"
SUBDELIMS_ID = "m!$&'()*,;=:~"
SAMPLE_PROMPTS = ["a sks cat on the beach", "a sks cat, watercolor"]

FULL_PARAMETERS: dict[str, Any] = {
    "age": "adult",
    "batch_size": 2,
    "class_prompt": "a cat",
    "clone_type": "instant",
    "concept_prompt": "a sks cat",
    "gender": "female",
    "language": "en",
    "learning_rate": 1e-4,
    "learning_rate_text_encoder": 5e-5,
    "learning_rate_unet": 2e-4,
    "lr_scheduler": "cosine-with-restarts",
    "max_train_steps": 500,
    "nb_epochs": 10,
    "nb_repeats": 2,
    "num_text_train_steps": 100,
    "num_u_net_train_steps": 400,
    "optimize_for": "likeness",
    "prior_loss_weight": 1.5,
    "random_crop": True,
    "random_crop_ratio": 0.5,
    "random_crop_scale": 0.25,
    "rank": 16,
    "remove_background_noise": False,
    "sample_prompts": SAMPLE_PROMPTS,
    "sample_source_images": ["asset_src1", "asset_src2"],
    "scale_lr": True,
    "seed": 42,
    "text_encoder_training_ratio": 0.25,
    "validation_frequency": 100,
    "validation_prompt": "a sks cat in a hat",
    "voice_description": "warm",
    "wandb_key": "w" * 40,
}

CONCEPTS = [
    {"model_id": "model_base", "scale": 1.0},
    {"model_id": "model_lora", "scale": -0.5, "model_epoch": "000003"},
]

EXTRAS: dict[str, Any] = {
    "extra_query": {"traceId": "t-1", "originalAssets": "false"},
    "extra_headers": {"X-Trace": "abc"},
}
EXTRAS_WITH_BODY: dict[str, Any] = {**EXTRAS, "extra_body": {"note": "hi", "nested": {"a": [1]}}}

Case = tuple[str, str, tuple[Any, ...], dict[str, Any]]

# (id, operation, args, kwargs)
CASES: list[Case] = [
    # models.list
    ("minimal", "models.list", (), {}),
    (
        "types-page-sort",
        "models.list",
        (),
        {
            "types": ["flux.1-lora", "sd-xl-lora", "flux.1-kontext-lora"],
            "page_size": 50,
            "sort_by": "createdAt",
            "sort_direction": "asc",
            "created_after": "2024-01-01T00:00:00.000Z",
            "created_before": "2025-01-01T00:00:00Z",
            "privacy": "public",
        },
    ),
    (
        "all-scalars",
        "models.list",
        (),
        {
            "blacklisted": True,
            "collection_id": "collection_1",
            "collection_ids": "c1,c2",
            "loaded_only": False,
            "original_assets": True,
            "page_size": 500,
            "pagination_token": "tok/en+with=chars&more",
            "privacy": "private",
            "project_id": "proj 1",
            "sort_by": "updatedAt",
            "status": "trained",
            "tags": "sci-fi,landscape",
            "type": "flux.1-lora",
            "updated_after": "2024-06-01",
            "updated_before": "2024-07-01",
        },
    ),
    ("single-type", "models.list", (), {"types": ["custom"], "sort_by": "score"}),
    ("extras", "models.list", (), {"page_size": 1, **EXTRAS}),
    # models.create
    ("minimal", "models.create", (), {}),
    (
        "all-fields",
        "models.create",
        (),
        {
            "original_assets": True,
            "project_id": "proj_1",
            "base_model_id": "flux.1-dev",
            "class_slug": "art-style-character-design",
            "collection_ids": ["c1", "c2"],
            "concepts": CONCEPTS,
            "name": "My LoRA ✓",
            "short_description": "Cinematic scenes",
            "type": "flux.1-composition",
        },
    ),
    ("null-class-slug", "models.create", (), {"class_slug": None, "name": "n"}),
    ("extras", "models.create", (), {"name": "x", **EXTRAS_WITH_BODY}),
    # models.get_bulk
    ("minimal", "models.get_bulk", (), {}),
    (
        "all-fields",
        "models.get_bulk",
        (),
        {
            "original_assets": False,
            "project_id": "proj_1",
            "all_training_images": True,
            "minimal": False,
            "model_ids": ["model_a", UNICODE_ID, ODD_ID],
            "settings": True,
            "thumbnail": False,
            "training_images_preview": True,
        },
    ),
    ("extras", "models.get_bulk", (), {"model_ids": ["m"], **EXTRAS_WITH_BODY}),
    # models.retrieve
    ("minimal", "models.retrieve", ("model_x",), {}),
    (
        "query",
        "models.retrieve",
        ("model_x",),
        {"original_assets": True, "project_id": "proj_1"},
    ),
    ("unicode-id", "models.retrieve", (UNICODE_ID,), {}),
    ("space-plus-at-id", "models.retrieve", (ODD_ID,), {}),
    ("subdelims-id", "models.retrieve", (SUBDELIMS_ID,), {}),
    ("percent-id", "models.retrieve", ("100%_sure",), {}),
    ("keyword-id", "models.retrieve", (), {"model_id": "model_kw"}),
    ("extras", "models.retrieve", ("model_x",), EXTRAS),
    # models.update
    ("minimal", "models.update", ("model_x",), {}),
    (
        "all-fields",
        "models.update",
        ("model_x",),
        {
            "original_assets": True,
            "project_id": "proj_1",
            "class_slug": "art-style",
            "concepts": CONCEPTS,
            "epoch": "000005",
            "name": "renamed",
            "negative_prompt_embedding": "ugly",
            "parameters": FULL_PARAMETERS,
            "prompt_embedding": "pretty",
            "short_description": "short",
            "thumbnail": "asset_thumb",
            "type": "flux.1-lora",
        },
    ),
    (
        "nulls",
        "models.update",
        ("model_x",),
        {"class_slug": None, "epoch": None, "thumbnail": None},
    ),
    (
        "training-parameters",
        "models.update",
        (UNICODE_ID,),
        {
            "parameters": {
                "learning_rate": 1e-4,
                "max_train_steps": 500,
                "sample_prompts": SAMPLE_PROMPTS,
                "rank": 32,
                "seed": 9007199254740991,
            }
        },
    ),
    ("extras", "models.update", ("model_x",), {"name": "x", **EXTRAS_WITH_BODY}),
    # models.delete
    ("minimal", "models.delete", ("model_x",), {}),
    ("project", "models.delete", (ODD_ID,), {"project_id": "proj_1"}),
    ("extras", "models.delete", ("model_x",), EXTRAS),
    # models.copy
    ("minimal", "models.copy", ("model_x",), {}),
    (
        "all-fields",
        "models.copy",
        (UNICODE_ID,),
        {
            "original_assets": True,
            "project_id": "proj_1",
            "copy_as_trained": True,
            "copy_examples": False,
        },
    ),
    ("extras", "models.copy", ("model_x",), EXTRAS_WITH_BODY),
    # models.download
    ("minimal", "models.download", ("model_x",), {}),
    (
        "all-fields",
        "models.download",
        ("model_x",),
        {"dry_run": "api", "project_id": "proj_1", "model_epoch": "000002"},
    ),
    ("dry-run-true", "models.download", (ODD_ID,), {"dry_run": "true"}),
    ("extras", "models.download", ("model_x",), EXTRAS_WITH_BODY),
    # models.delete_images
    ("one-id", "models.delete_images", ("model_x",), {"ids": ["asset_1"]}),
    (
        "many-ids",
        "models.delete_images",
        (UNICODE_ID,),
        {"ids": ["asset_1", "asset_2", "asset 3"], "project_id": "proj_1"},
    ),
    ("extras", "models.delete_images", ("model_x",), {"ids": ["a"], **EXTRAS}),
    # models.update_tags
    ("minimal", "models.update_tags", ("model_x",), {}),
    (
        "all-fields",
        "models.update_tags",
        ("model_x",),
        {"project_id": "p", "add": ["sci-fi", "été"], "delete": ["old"], "strict": True},
    ),
    ("empty-lists", "models.update_tags", ("model_x",), {"add": [], "delete": []}),
    ("extras", "models.update_tags", ("model_x",), {"add": ["t"], **EXTRAS_WITH_BODY}),
    # models.transfer
    ("minimal", "models.transfer", ("model_x",), {"destination_project_id": "proj_dest"}),
    (
        "all-fields",
        "models.transfer",
        (ODD_ID,),
        {
            "destination_project_id": "proj_dest",
            "project_id": "proj_src",
            "destination_team_id": "team_1",
        },
    ),
    (
        "extras",
        "models.transfer",
        ("model_x",),
        {"destination_project_id": "d", **EXTRAS_WITH_BODY},
    ),
    # models.description.retrieve
    ("minimal", "models.description.retrieve", ("model_x",), {}),
    (
        "query",
        "models.description.retrieve",
        (UNICODE_ID,),
        {"original_assets": False, "project_id": "proj_1"},
    ),
    ("extras", "models.description.retrieve", ("model_x",), EXTRAS),
    # models.description.update
    (
        "minimal",
        "models.description.update",
        ("model_x",),
        {"description": "# Title\n\nMarkdown ✓"},
    ),
    ("null", "models.description.update", ("model_x",), {"description": None}),
    (
        "query",
        "models.description.update",
        (ODD_ID,),
        {"description": "", "original_assets": True, "project_id": "proj_1"},
    ),
    (
        "extras",
        "models.description.update",
        ("model_x",),
        {"description": "d", **EXTRAS_WITH_BODY},
    ),
    # models.examples.list
    ("minimal", "models.examples.list", ("model_x",), {}),
    (
        "query",
        "models.examples.list",
        (UNICODE_ID,),
        {"original_assets": True, "project_id": "proj_1"},
    ),
    ("extras", "models.examples.list", ("model_x",), EXTRAS),
    # models.examples.update
    ("minimal", "models.examples.update", ("model_x",), {"asset_ids": ["asset_1"]}),
    (
        "query",
        "models.examples.update",
        ("model_x",),
        {"asset_ids": ["a1", "a2"], "original_assets": False, "project_id": "proj_1"},
    ),
    ("empty", "models.examples.update", ("model_x",), {"asset_ids": []}),
    ("extras", "models.examples.update", ("model_x",), {"asset_ids": ["a"], **EXTRAS_WITH_BODY}),
    # models.train.trigger
    ("minimal", "models.train.trigger", ("model_x",), {}),
    (
        "query",
        "models.train.trigger",
        ("model_x",),
        {
            "dry_run": "true",
            "original_assets": True,
            "project_id": "proj_1",
            "training_images_count": 12,
        },
    ),
    (
        "parameters",
        "models.train.trigger",
        ("model_x",),
        {
            "parameters": {
                "learning_rate": 1e-4,
                "max_train_steps": 500,
                "sample_prompts": SAMPLE_PROMPTS,
                "validation_frequency": 100,
                "batch_size": 1,
            }
        },
    ),
    ("all-parameters", "models.train.trigger", (UNICODE_ID,), {"parameters": FULL_PARAMETERS}),
    ("empty-parameters", "models.train.trigger", ("model_x",), {"parameters": {}}),
    ("extras", "models.train.trigger", ("model_x",), EXTRAS_WITH_BODY),
    # models.train.action
    ("cancel", "models.train.action", ("model_x",), {"action": "cancel"}),
    (
        "project",
        "models.train.action",
        (ODD_ID,),
        {"action": "cancel", "project_id": "proj_1"},
    ),
    ("extras", "models.train.action", ("model_x",), {"action": "cancel", **EXTRAS_WITH_BODY}),
    # models.training_images.add
    ("minimal", "models.training_images.add", ("model_x",), {}),
    (
        "asset-id",
        "models.training_images.add",
        ("model_x",),
        {"asset_id": "asset_1", "preset": "style", "original_assets": True, "project_id": "p"},
    ),
    (
        "asset-ids",
        "models.training_images.add",
        (UNICODE_ID,),
        {"asset_ids": [f"asset_{i}" for i in range(10)], "preset": "subject"},
    ),
    (
        "data-url",
        "models.training_images.add",
        ("model_x",),
        {"data": "data:image/png;base64,iVBORw0KGgo=", "name": "cat.png", "preset": "default"},
    ),
    ("extras", "models.training_images.add", ("model_x",), {"asset_id": "a", **EXTRAS_WITH_BODY}),
    # models.training_images.replace_pairs
    ("empty-pair", "models.training_images.replace_pairs", ("model_x",), {"body": [{}]}),
    ("no-pairs", "models.training_images.replace_pairs", ("model_x",), {"body": []}),
    (
        "pairs",
        "models.training_images.replace_pairs",
        (UNICODE_ID,),
        {
            "body": [
                {"source_id": "asset_s1", "target_id": "asset_t1", "instruction": "make it red"},
                {"source_id": "asset_s2", "target_id": "asset_t2"},
            ],
            "project_id": "proj_1",
        },
    ),
    (
        "extras",
        "models.training_images.replace_pairs",
        ("model_x",),
        {"body": [{"source_id": "s"}], **EXTRAS},
    ),
    # models.training_images.replace
    (
        "minimal",
        "models.training_images.replace",
        ("ti_1",),
        {"model_id": "model_x"},
    ),
    (
        "asset-id",
        "models.training_images.replace",
        ("ti_1",),
        {"model_id": "model_x", "asset_id": "asset_2", "preset": "style", "original_assets": True},
    ),
    (
        "data-unicode-ids",
        "models.training_images.replace",
        ("image ü+@",),
        {"model_id": UNICODE_ID, "data": "data:image/png;base64,AAAA", "name": "x.png"},
    ),
    (
        "keyword-ids",
        "models.training_images.replace",
        (),
        {"training_image_id": "ti_kw", "model_id": "model_kw", "asset_ids": ["a", "b"]},
    ),
    (
        "extras",
        "models.training_images.replace",
        ("ti_1",),
        {"model_id": "model_x", "asset_id": "a", **EXTRAS_WITH_BODY},
    ),
    # models.training_images.delete
    ("minimal", "models.training_images.delete", ("ti_1",), {"model_id": "model_x"}),
    (
        "unicode-ids",
        "models.training_images.delete",
        (SUBDELIMS_ID,),
        {"model_id": UNICODE_ID, "project_id": "proj_1"},
    ),
    (
        "extras",
        "models.training_images.delete",
        ("ti_1",),
        {"model_id": "model_x", **EXTRAS},
    ),
    # models.restore
    ("minimal", "models.restore", ("model_x",), {}),
    (
        "query",
        "models.restore",
        (UNICODE_ID,),
        {"original_assets": True, "project_id": "proj_1"},
    ),
    ("odd-id", "models.restore", (ODD_ID,), {"project_id": "proj 1"}),
    ("keyword-id", "models.restore", (), {"model_id": "model_kw"}),
    ("extras", "models.restore", ("model_x",), EXTRAS_WITH_BODY),
    # models.presets.create
    ("minimal", "models.presets.create", ("model_x",), {"inference_id": "inf_1"}),
    (
        "all-fields",
        "models.presets.create",
        (UNICODE_ID,),
        {
            "inference_id": "inf_ü✓",
            "original_assets": False,
            "project_id": "proj_1",
            "is_default": True,
        },
    ),
    (
        "not-default",
        "models.presets.create",
        (SUBDELIMS_ID,),
        {"inference_id": "inf 2+3", "is_default": False},
    ),
    (
        "extras",
        "models.presets.create",
        ("model_x",),
        {"inference_id": "i", **EXTRAS_WITH_BODY},
    ),
    # models.presets.update
    (
        "minimal",
        "models.presets.update",
        ("preset_1",),
        {"model_id": "model_x", "is_default": True},
    ),
    (
        "all-fields",
        "models.presets.update",
        ("preset ü+@",),
        {
            "model_id": UNICODE_ID,
            "is_default": False,
            "original_assets": True,
            "project_id": "proj_1",
        },
    ),
    (
        "keyword-ids",
        "models.presets.update",
        (),
        {"preset_id": SUBDELIMS_ID, "model_id": ODD_ID, "is_default": True},
    ),
    (
        "extras",
        "models.presets.update",
        ("preset_1",),
        {"model_id": "model_x", "is_default": False, **EXTRAS_WITH_BODY},
    ),
    # models.presets.list
    ("minimal", "models.presets.list", ("model_x",), {}),
    (
        "query",
        "models.presets.list",
        (ODD_ID,),
        {"original_assets": False, "project_id": "proj_1"},
    ),
    ("unicode-id", "models.presets.list", (UNICODE_ID,), {}),
    ("extras", "models.presets.list", ("model_x",), {**EXTRAS, "extra_body": {"a": 1}}),
    # models.presets.delete
    ("minimal", "models.presets.delete", ("preset_1",), {"model_id": "model_x"}),
    (
        "unicode-ids",
        "models.presets.delete",
        ("100%_sure",),
        {"model_id": UNICODE_ID, "project_id": "proj_1"},
    ),
    ("extras", "models.presets.delete", ("preset_1",), {"model_id": "model_x", **EXTRAS}),
    # models.prompt_guide.retrieve
    ("minimal", "models.prompt_guide.retrieve", ("model_x",), {}),
    ("project", "models.prompt_guide.retrieve", (UNICODE_ID,), {"project_id": "proj 1"}),
    ("extras", "models.prompt_guide.retrieve", ("model_x",), EXTRAS),
    # models.prompt_guide.update
    (
        "minimal",
        "models.prompt_guide.update",
        ("model_x",),
        {"prompt_guide": "# Instructions\n\nDescribe the subject first ✓"},
    ),
    # Documented: null deletes the prompt guide, and the SDK sends None as null.
    ("null", "models.prompt_guide.update", ("model_x",), {"prompt_guide": None}),
    (
        "empty-project",
        "models.prompt_guide.update",
        (ODD_ID,),
        {"prompt_guide": "", "project_id": "proj_1"},
    ),
    (
        "extras",
        "models.prompt_guide.update",
        ("model_x",),
        {"prompt_guide": "g", **EXTRAS_WITH_BODY},
    ),
    # models.scores.retrieve_prompt
    ("minimal", "models.scores.retrieve_prompt", ("model_x",), {"prompt": "fox"}),
    (
        "all-fields",
        "models.scores.retrieve_prompt",
        (UNICODE_ID,),
        {"prompt": "a fox, (watercolor)1.5 & more=yes/no? été ✓", "project_id": "proj_1"},
    ),
    ("odd-id", "models.scores.retrieve_prompt", (SUBDELIMS_ID,), {"prompt": "p"}),
    (
        "extras",
        "models.scores.retrieve_prompt",
        ("model_x",),
        {"prompt": "p", **EXTRAS, "extra_body": {"a": 1}},
    ),
    # models.scores.retrieve_training_dataset
    ("minimal", "models.scores.retrieve_training_dataset", ("model_x",), {}),
    (
        "project",
        "models.scores.retrieve_training_dataset",
        (ODD_ID,),
        {"project_id": "proj_1"},
    ),
    ("unicode-id", "models.scores.retrieve_training_dataset", (UNICODE_ID,), {}),
    ("extras", "models.scores.retrieve_training_dataset", ("model_x",), EXTRAS),
    # Per-call options at their edges, where the SDK's semantics are easy to miss.
    ("extra-body-override", "models.create", (), {"name": "a", "extra_body": {"name": "b"}}),
    ("extra-body-null", "models.update", ("model_x",), {"extra_body": {"epoch": None}}),
    ("extra-body-on-delete", "models.delete", ("model_x",), {"extra_body": {"a": 1}}),
    (
        "extra-query-scalars",
        "models.retrieve",
        ("model_x",),
        {"extra_query": {"flag": True, "off": False, "n": 3, "csv": ["a", "b"], "empty": []}},
    ),
    # The SDK never sends a body with GET: `extra_body` is dropped there.
    ("extra-body-dropped-on-get", "models.retrieve", ("model_x",), {"extra_body": {"a": 1}}),
    ("extra-body-dropped-on-get", "models.list", (), {"extra_body": {"a": 1}}),
    # In the SDK, `None` in `extra_query` removes the operation's own parameter.
    (
        "extra-query-none-removes",
        "models.retrieve",
        ("model_x",),
        {"original_assets": True, "extra_query": {"originalAssets": None}},
    ),
    # Nested mappings in `extra_query` are sent as `name[key]=value` by the SDK.
    (
        "extra-query-nested",
        "models.retrieve",
        ("model_x",),
        {"extra_query": {"filter": {"a": 1, "b": "x"}}},
    ),
    # The SDK leaves empty-string query values out of the URL.
    ("empty-pagination-token", "models.list", (), {"pagination_token": ""}),
    ("empty-project-id", "models.retrieve", ("model_x",), {"project_id": ""}),
]


def test_table_covers_every_operation() -> None:
    assert {operation for _, operation, _, _ in CASES} == set(OPERATIONS)


async def _send_both(
    operation: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[WireRequest, WireRequest, Any, Any]:
    sdk, seen = sdk_client(operation)
    ours, transport = our_client(operation)
    async with sdk, ours:
        sdk_result = await call_operation(sdk, operation, args, kwargs)
        our_result = await call_operation(ours, operation, args, kwargs)
    assert len(seen) == 1
    assert len(transport.requests) == 1
    return from_httpx(seen[0]), from_transport(transport.requests[0]), sdk_result, our_result


@pytest.mark.parametrize(
    ("operation", "args", "kwargs"),
    [
        pytest.param(op, args, kwargs, id=f"{op.removeprefix('models.')}-{name}")
        for name, op, args, kwargs in CASES
    ],
)
async def test_same_request_as_sdk(
    operation: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    theirs, ours, _, _ = await _send_both(operation, args, kwargs)

    assert ours.method == theirs.method
    assert ours.raw_path == theirs.raw_path
    assert ours.path == theirs.path
    assert ours.query == theirs.query
    assert ours.json == theirs.json
    # Extra headers reach the wire in both clients; both authenticate the same way.
    for name, value in kwargs.get("extra_headers", {}).items():
        assert ours.header(name) == theirs.header(name) == value
    assert ours.header("Authorization") == theirs.header("Authorization") == BASIC_AUTH
    if theirs.content:
        assert ours.header("Content-Type") == theirs.header("Content-Type")


def _preset_view(preset: Any) -> object:
    parameters = preset.parameters
    return (
        preset.id,
        preset.api_model_id,
        preset.author_id,
        preset.owner_id,
        preset.is_default,
        preset.created_at,
        preset.updated_at,
        parameters.prompt,
        parameters.type,
        parameters.aspect_ratio,
        parameters.api_model_epoch,
        parameters.ip_adapter_scales,
        parameters.ip_adapter_type,
        parameters.scheduler,
        parameters.seed,
        parameters.width,
        parameters.num_samples,
        [(c.api_model_id, c.scale, c.api_model_epoch) for c in parameters.concepts or []],
    )


# What each operation's response must read the same through both clients.
RESPONSE_VIEWS: dict[str, Callable[[Any], object]] = {
    "models.list": lambda r: (
        r.next_pagination_token,
        len(r.models),
        r.models[0].id,
        r.models[0].type,
        r.models[0].training_progress.stage,
        r.models[0].class_.slug,
        r.models[0].concepts[0].scale,
    ),
    "models.create": lambda r: (
        r.model.id,
        r.model.status,
        r.model.training_progress.stage,
        r.model.training_progress.remaining_time_ms,
        r.model.class_.concept_prompt,
        r.model.training_stats.train_duration,
    ),
    "models.get_bulk": lambda r: (
        len(r.models),
        r.models[0].id,
        r.models[0].privacy,
        r.models[0].type,
    ),
    "models.retrieve": lambda r: (
        r.model.id,
        r.model.training_progress.stage,
        r.model.training_progress.progress,
        r.model.epochs[0].assets[0].asset_id,
        r.model.concepts[0].api_model_epoch,
        r.model.concepts[0].api_model_id,
        r.model.thumbnail.url,
    ),
    "models.update": lambda r: (r.model.id, r.model.epoch, r.model.short_description),
    "models.delete": lambda r: r,
    "models.copy": lambda r: (r.model.id, r.model.parent_model_id, r.model.source),
    "models.download": lambda r: r.job_id,
    "models.delete_images": lambda r: r,
    "models.update_tags": lambda r: (r.added, r.deleted),
    "models.transfer": lambda r: (r.model.id, r.model.author_id, r.model.privacy),
    "models.description.retrieve": lambda r: (
        r.description.value,
        r.description.assets[0].id,
        r.description.assets[0].kind,
    ),
    "models.description.update": lambda r: (
        r.description.value,
        r.description.assets[0].author_id,
    ),
    "models.examples.list": lambda r: (
        len(r.examples),
        r.examples[0].asset.id,
        r.examples[0].asset.kind,
    ),
    "models.examples.update": lambda r: (len(r.examples), r.examples[0].asset.author_id),
    "models.train.trigger": lambda r: (
        r.job.job_id,
        r.job.job_type,
        r.job.status,
        r.job.progress,
        r.job.created_at,
    ),
    "models.train.action": lambda r: (r.model.id, r.model.status, r.model.training_stats.ended_at),
    "models.training_images.add": lambda r: (
        r.training_image.id,
        r.training_image.download_url,
        r.training_image.automatic_captioning,
    ),
    "models.training_images.replace_pairs": lambda r: (
        r.count,
        [(p.source_id, p.target_id, p.instruction) for p in r.pairs],
    ),
    "models.training_images.replace": lambda r: (r.training_image.id, r.training_image.name),
    "models.training_images.delete": lambda r: r,
    "models.restore": lambda r: (
        r.model.id,
        r.model.status,
        r.model.deleted_at,
        r.model.class_.api_model_id,
        r.model.inputs[0].required.conditional.operator,
        r.model.training_progress.retry_count,
        r.model.ui_config.output_properties["images"].label,
        r.model.performance_stats.variants[0].arena_score.votes,
    ),
    "models.presets.create": lambda r: _preset_view(r.preset),
    "models.presets.update": lambda r: _preset_view(r.preset),
    "models.presets.list": lambda r: [_preset_view(p) for p in r.presets],
    "models.presets.delete": lambda r: r,
    "models.prompt_guide.retrieve": lambda r: r.prompt_guide.value,
    "models.prompt_guide.update": lambda r: r.prompt_guide.value,
    "models.scores.retrieve_prompt": lambda r: (
        r.api_model_id,
        r.score,
        r.status,
        r.syntax_error,
        r.details.embedding_similarity,
        (r.details.captions_similarity.mean, r.details.captions_similarity.median),
        (r.details.prompts_similarity.min, r.details.prompts_similarity.median),
    ),
    "models.scores.retrieve_training_dataset": lambda r: (
        r.api_model_id,
        r.score,
        r.status,
        r.details.metadata_score,
        [(d.couple, d.distance) for d in r.details.asset_couples_captions_distance],
        [(d.couple, d.similarity) for d in r.details.asset_couples_similarity],
        [(d.asset_id, d.similarity) for d in r.details.assets_embedding_similarity],
        [
            (s.mean, s.median, s.min)
            for s in (
                r.details.assets_similarity,
                r.details.couples_captions_distance,
                r.details.couples_similarity,
            )
        ],
        [(w.couple, w.message) for w in r.asset_couples_warnings],
        [(w.asset_id, w.message) for w in r.assets_warnings],
    ),
}

MINIMAL_CALLS: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
for _name, _operation, _args, _kwargs in CASES:
    MINIMAL_CALLS.setdefault(_operation, (_args, _kwargs))


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.removeprefix("models."))
async def test_same_response_as_sdk(operation: str) -> None:
    args, kwargs = MINIMAL_CALLS[operation]
    _, _, theirs, ours = await _send_both(operation, args, kwargs)

    view = RESPONSE_VIEWS[operation]
    assert view(ours) == view(theirs)


async def test_retrieve_prompt_without_a_prompt_is_refused_where_the_sdk_sends_it() -> None:
    """A deliberate difference: the API answers 400 without `prompt` (the SDK documents it),
    so ours refuses the call before sending it, where the SDK sends it anyway."""
    sdk, seen = sdk_client("models.scores.retrieve_prompt")
    ours, transport = our_client("models.scores.retrieve_prompt")
    async with sdk, ours:
        await sdk.models.scores.retrieve_prompt("model_x")
        for prompt in ({}, {"prompt": ""}):
            with pytest.raises(ValidationError) as info:
                await ours.models.scores.retrieve_prompt("model_x", **prompt)
            assert info.value.parameter == "prompt"
    assert [from_httpx(request).raw_path for request in seen] == [
        "/v1/models/model_x/scores/prompt"
    ]
    assert transport.requests == []


def _page(token: str | None, ids: list[str]) -> bytes:
    models = []
    for model_id in ids:
        model = dict(sample_json("models.list")["models"][0])
        model["id"] = model_id
        models.append(model)
    page: dict[str, Any] = {"models": models}
    if token is not None:
        page["nextPaginationToken"] = token
    return json.dumps(page).encode()


PAGES = {
    None: _page("tok 2/+=", ["m1", "m2"]),
    "tok 2/+=": _page("tok3", ["m3", "m4"]),
    "tok3": _page(None, ["m5"]),
}


async def test_auto_pagination_walks_the_same_pages_as_sdk() -> None:
    from scenario_sdk import AsyncScenario as SdkClient

    sdk_requests: list[httpx.Request] = []

    def sdk_handler(request: httpx.Request) -> httpx.Response:
        sdk_requests.append(request)
        return httpx.Response(200, content=PAGES[request.url.params.get("paginationToken")])

    def our_handler(request: TransportRequest) -> TransportResponse:
        token = dict(parse_qsl(urlsplit(request.url).query)).get("paginationToken")
        return TransportResponse(200, {}, PAGES[token])

    transport = MockTransport(our_handler)
    sdk = SdkClient(
        api_key="k",
        api_secret="s",
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(sdk_handler)),
        max_retries=0,
    )
    ours = AsyncScenario(api_key="k", api_secret="s", base_url=BASE_URL, transport=transport)
    arguments: dict[str, Any] = {"page_size": 2, "types": ["flux.1-lora", "custom"]}
    async with sdk, ours:
        sdk_ids = [model.id async for model in sdk.models.list(**arguments)]
        our_ids = [model.id async for model in ours.models.list(**arguments)]

    assert our_ids == sdk_ids == ["m1", "m2", "m3", "m4", "m5"]
    theirs = [from_httpx(request) for request in sdk_requests]
    mine = [from_transport(request) for request in transport.requests]
    assert [(r.method, r.raw_path, r.query) for r in mine] == [
        (r.method, r.raw_path, r.query) for r in theirs
    ]
