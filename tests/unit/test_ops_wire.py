"""The exact request each of the 30 operations puts on the wire, and that its answer decodes.

Expectations are written out by hand from the API reference, or for the 9 operations it
lacks, from the official SDK 2.4.0's source (method, percent-encoded path, camelCase query
and body); nothing here computes them with the code under test. Most
cases run through `MockTransport`; a few run through the real aiohttp transport with
`aioresponses` intercepting the session.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from yarl import URL

from scenario_async import AsyncScenario, TransportResponse
from tests.support.aiohttp_mock import MockedAPI
from tests.support.samples import OPERATIONS, sample_bytes, sample_json
from tests.support.wire import BASE_URL, BASIC_AUTH, call_operation, from_transport, our_client

# base64 of "k:s", written out.
assert BASIC_AUTH == "Basic azpz"


@dataclass(frozen=True)
class Wire:
    operation: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    method: str
    raw_path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    # A property of the decoded response, and its expected value.
    check: Callable[[Any], object] = lambda response: response
    expected: object = None


PARAMETERS_IN = {
    "learning_rate": 1e-4,
    "max_train_steps": 500,
    "sample_prompts": ["a sks cat", "a sks dog"],
    "lr_scheduler": "constant-with-warmup",
    "num_u_net_train_steps": 300,
    "random_crop": True,
}
PARAMETERS_OUT = {
    "learningRate": 0.0001,
    "maxTrainSteps": 500,
    "samplePrompts": ["a sks cat", "a sks dog"],
    "lrScheduler": "constant-with-warmup",
    "numUNetTrainSteps": 300,
    "randomCrop": True,
}

WIRES: list[Wire] = [
    Wire(
        "models.list",
        (),
        {
            "types": ["flux.1-lora", "sd-xl-lora"],
            "page_size": 20,
            "sort_by": "createdAt",
            "sort_direction": "desc",
            "created_after": "2024-01-01T00:00:00Z",
            "original_assets": True,
            "pagination_token": "a+b/c=",
        },
        "GET",
        "/v1/models",
        [
            ("types", "flux.1-lora,sd-xl-lora"),
            ("pageSize", "20"),
            ("sortBy", "createdAt"),
            ("sortDirection", "desc"),
            ("createdAfter", "2024-01-01T00:00:00Z"),
            ("originalAssets", "true"),
            ("paginationToken", "a+b/c="),
        ],
        check=lambda r: (r.models[0].id, r.next_pagination_token),
        expected=("id", "nextPaginationToken"),
    ),
    Wire(
        "models.create",
        (),
        {
            "project_id": "proj_1",
            "name": "My model",
            "type": "flux.1-composition",
            "class_slug": None,
            "collection_ids": ["c1"],
            "concepts": [
                {"model_id": "model_a", "scale": 0.75},
                {"model_id": "model_b", "scale": -2, "model_epoch": "000010"},
            ],
        },
        "POST",
        "/v1/models",
        [("projectId", "proj_1")],
        {
            "name": "My model",
            "type": "flux.1-composition",
            "classSlug": None,
            "collectionIds": ["c1"],
            "concepts": [
                {"modelId": "model_a", "scale": 0.75},
                {"modelId": "model_b", "scale": -2, "modelEpoch": "000010"},
            ],
        },
        check=lambda r: (r.model.id, r.model.status),
        expected=("id", "copying"),
    ),
    Wire(
        "models.get_bulk",
        (),
        {"model_ids": ["model_a", "model_b"], "training_images_preview": True, "minimal": False},
        "POST",
        "/v1/models/get-bulk",
        [],
        {"modelIds": ["model_a", "model_b"], "trainingImagesPreview": True, "minimal": False},
        check=lambda r: [m.id for m in r.models],
        expected=["id"],
    ),
    Wire(
        "models.retrieve",
        ("modèle_ü✓",),
        {"original_assets": True},
        "GET",
        "/v1/models/mod%C3%A8le_%C3%BC%E2%9C%93",
        [("originalAssets", "true")],
        check=lambda r: (r.model.id, r.model.training_progress.stage),
        expected=("id", "pending"),
    ),
    Wire(
        "models.update",
        ("model x+y@z",),
        {
            "name": "renamed",
            "epoch": None,
            "thumbnail": None,
            "class_slug": "art-style",
            "parameters": PARAMETERS_IN,
        },
        "PUT",
        "/v1/models/model%20x+y@z",
        [],
        {
            "name": "renamed",
            "epoch": None,
            "thumbnail": None,
            "classSlug": "art-style",
            "parameters": PARAMETERS_OUT,
        },
        check=lambda r: r.model.epoch,
        expected="epoch",
    ),
    Wire(
        "models.delete",
        ("model_x",),
        {"project_id": "proj_1"},
        "DELETE",
        "/v1/models/model_x",
        [("projectId", "proj_1")],
        expected={},
    ),
    Wire(
        "models.copy",
        ("model_x",),
        {"copy_as_trained": True, "copy_examples": False},
        "POST",
        "/v1/models/model_x/copy",
        [],
        {"copyAsTrained": True, "copyExamples": False},
        check=lambda r: r.model.id,
        expected="id",
    ),
    Wire(
        "models.download",
        ("model_x",),
        {"dry_run": "api", "model_epoch": "000002"},
        "POST",
        "/v1/models/model_x/download",
        [("dryRun", "api")],
        {"modelEpoch": "000002"},
        check=lambda r: r.job_id,
        expected="jobId",
    ),
    Wire(
        "models.delete_images",
        ("model_x",),
        {"ids": ["asset_1", "asset_2"]},
        "DELETE",
        "/v1/models/model_x/images",
        [("ids", "asset_1,asset_2")],
        expected={},
    ),
    Wire(
        "models.update_tags",
        ("model_x",),
        {"add": ["sci-fi"], "delete": ["old"], "strict": True},
        "PUT",
        "/v1/models/model_x/tags",
        [],
        {"add": ["sci-fi"], "delete": ["old"], "strict": True},
        check=lambda r: (r.added, r.deleted),
        expected=(["string"], ["string"]),
    ),
    Wire(
        "models.transfer",
        ("model_x",),
        {"destination_project_id": "proj_dest", "destination_team_id": "team_1"},
        "POST",
        "/v1/models/model_x/transfer",
        [],
        {"destinationProjectId": "proj_dest", "destinationTeamId": "team_1"},
        check=lambda r: r.model.id,
        expected="id",
    ),
    Wire(
        "models.description.retrieve",
        ("model_x",),
        {"project_id": "p 1"},
        "GET",
        "/v1/models/model_x/description",
        [("projectId", "p 1")],
        check=lambda r: r.description.value,
        expected="value",
    ),
    Wire(
        "models.description.update",
        ("model_x",),
        {"description": "# Title ✓"},
        "PUT",
        "/v1/models/model_x/description",
        [],
        {"description": "# Title ✓"},
        check=lambda r: r.description.value,
        expected="value",
    ),
    Wire(
        "models.examples.list",
        ("model_x",),
        {},
        "GET",
        "/v1/models/model_x/examples",
        check=lambda r: r.examples[0].asset.id,
        expected="id",
    ),
    Wire(
        "models.examples.update",
        ("model_x",),
        {"asset_ids": ["asset_1", "asset_2"]},
        "PUT",
        "/v1/models/model_x/examples",
        [],
        {"assetIds": ["asset_1", "asset_2"]},
        check=lambda r: len(r.examples),
        expected=1,
    ),
    Wire(
        "models.train.trigger",
        ("model_x",),
        {"dry_run": "true", "training_images_count": 12, "parameters": PARAMETERS_IN},
        "PUT",
        "/v1/models/model_x/train",
        [("dryRun", "true"), ("trainingImagesCount", "12")],
        {"parameters": PARAMETERS_OUT},
        check=lambda r: (r.job.job_id, r.job.status),
        expected=("jobId", "canceled"),
    ),
    Wire(
        "models.train.action",
        ("model_x",),
        {"action": "cancel"},
        "POST",
        "/v1/models/model_x/train/action",
        [],
        {"action": "cancel"},
        check=lambda r: r.model.id,
        expected="id",
    ),
    Wire(
        "models.training_images.add",
        ("model_x",),
        {"asset_ids": ["asset_1", "asset_2"], "preset": "style"},
        "POST",
        "/v1/models/model_x/training-images",
        [],
        {"assetIds": ["asset_1", "asset_2"], "preset": "style"},
        check=lambda r: (r.training_image.id, r.training_image.download_url),
        expected=("id", "downloadUrl"),
    ),
    Wire(
        "models.training_images.replace_pairs",
        ("model_x",),
        {
            "body": [
                {"source_id": "asset_s", "target_id": "asset_t", "instruction": "add a hat"},
                {},
            ]
        },
        "PUT",
        "/v1/models/model_x/training-images/pairs",
        [],
        [{"sourceId": "asset_s", "targetId": "asset_t", "instruction": "add a hat"}, {}],
        check=lambda r: (r.count, r.pairs[0].source_id),
        expected=(0, "sourceId"),
    ),
    Wire(
        "models.training_images.replace",
        ("image 1",),
        {"model_id": "model_x", "data": "data:image/png;base64,AAAA", "name": "cat.png"},
        "PUT",
        "/v1/models/model_x/training-images/image%201",
        [],
        {"data": "data:image/png;base64,AAAA", "name": "cat.png"},
        check=lambda r: r.training_image.name,
        expected="name",
    ),
    Wire(
        "models.training_images.delete",
        ("ti_1",),
        {"model_id": "model_ü"},
        "DELETE",
        "/v1/models/model_%C3%BC/training-images/ti_1",
        expected={},
    ),
    Wire(
        "models.restore",
        ("model x",),
        {"original_assets": True, "project_id": "proj_1"},
        "POST",
        "/v1/models/model%20x/restore",
        [("originalAssets", "true"), ("projectId", "proj_1")],
        check=lambda r: (r.model.id, r.model.status),
        expected=("model_eyVcnFJcR92BxBkz7N6g5w", "trained"),
    ),
    Wire(
        "models.presets.create",
        ("model_x",),
        {"inference_id": "inf_1", "is_default": True, "original_assets": False},
        "POST",
        "/v1/models/model_x/presets",
        [("originalAssets", "false")],
        {"inferenceId": "inf_1", "isDefault": True},
        check=lambda r: (r.preset.id, r.preset.parameters.concepts[0].scale),
        expected=("preset_eyVcnFJcR92BxBkz7N6g5w", 0.8),
    ),
    Wire(
        "models.presets.update",
        ("preset ü",),
        {"model_id": "model_x", "is_default": False, "project_id": "p 1"},
        "PUT",
        "/v1/models/model_x/presets/preset%20%C3%BC",
        [("projectId", "p 1")],
        {"isDefault": False},
        check=lambda r: (r.preset.is_default, r.preset.updated_at),
        expected=(False, "2025-04-02T16:05:11.204Z"),
    ),
    Wire(
        "models.presets.list",
        ("model_x",),
        {},
        "GET",
        "/v1/models/model_x/presets",
        check=lambda r: [p.parameters.type for p in r.presets],
        expected=["controlnet_inpaint_ip_adapter", "txt2img", "img2img"],
    ),
    Wire(
        "models.presets.delete",
        ("preset_1",),
        {"model_id": "model_x", "project_id": "proj_1"},
        "DELETE",
        "/v1/models/model_x/presets/preset_1",
        [("projectId", "proj_1")],
        expected={},
    ),
    Wire(
        "models.prompt_guide.retrieve",
        ("model_x",),
        {"project_id": "proj_1"},
        "GET",
        "/v1/models/model_x/prompt-guide",
        [("projectId", "proj_1")],
        check=lambda r: r.prompt_guide.value.splitlines()[0],
        expected="# Instructions",
    ),
    Wire(
        "models.prompt_guide.update",
        ("model_x",),
        {"prompt_guide": None},
        "PUT",
        "/v1/models/model_x/prompt-guide",
        [],
        {"promptGuide": None},
        check=lambda r: r.prompt_guide.value.splitlines()[-1],
        expected="- photographic styles",
    ),
    Wire(
        "models.scores.retrieve_prompt",
        ("model_x",),
        {"prompt": "a fox & a hare, 50%"},
        "GET",
        "/v1/models/model_x/scores/prompt",
        [("prompt", "a fox & a hare, 50%")],
        check=lambda r: (r.score, r.status, r.details.embedding_similarity),
        expected=(0.72, "complete", 0.3127),
    ),
    Wire(
        "models.scores.retrieve_training_dataset",
        ("model_x",),
        {},
        "GET",
        "/v1/models/model_x/scores/training-dataset",
        check=lambda r: (
            r.score,
            len(r.details.asset_couples_similarity),
            r.assets_warnings[1].asset_id,
        ),
        expected=(0.58, 3, "asset_Pk2Lm5Nq8Rs1Tu4Vw7Xy0z"),
    ),
]


def test_every_operation_is_pinned() -> None:
    assert [wire.operation for wire in WIRES] == list(OPERATIONS)


@pytest.mark.parametrize("wire", WIRES, ids=lambda w: w.operation.removeprefix("models."))
async def test_wire_exchange(wire: Wire) -> None:
    client, transport = our_client(wire.operation)
    async with client:
        response = await call_operation(client, wire.operation, wire.args, wire.kwargs)

    [sent] = transport.requests
    request = from_transport(sent)
    assert request.method == wire.method
    assert sent.url.startswith("https://api.test/v1/")
    assert request.raw_path == wire.raw_path
    assert request.query == Counter(wire.query)
    assert request.header("Authorization") == "Basic azpz"
    assert request.header("Accept") == "application/json"
    if wire.body is None:
        assert sent.body is None
        assert request.header("Content-Type") is None
    else:
        assert request.json == wire.body
        assert request.header("Content-Type") == "application/json"
    assert wire.check(response) == wire.expected


async def test_extra_options_reach_the_wire() -> None:
    client, transport = our_client("models.retrieve")
    async with client:
        await client.models.retrieve(
            "model_x",
            original_assets=True,
            extra_query={"originalAssets": False, "trace": "t 1"},
            extra_headers={"X-Trace": "abc"},
        )
    [sent] = transport.requests
    assert sent.url == "https://api.test/v1/models/model_x?originalAssets=false&trace=t%201"
    assert sent.headers["X-Trace"] == "abc"


async def test_extra_body_is_merged_over_the_body() -> None:
    client, transport = our_client("models.create")
    async with client:
        await client.models.create(name="a", extra_body={"name": "b", "custom": [1, None]})
    [sent] = transport.requests
    assert json.loads(sent.body or b"") == {"name": "b", "custom": [1, None]}


async def test_list_pages_follow_next_pagination_token() -> None:
    first = sample_json("models.list")
    first["nextPaginationToken"] = "tok/2"
    last = sample_json("models.list")
    del last["nextPaginationToken"]
    bodies = iter([json.dumps(first).encode(), json.dumps(last).encode()])
    client, transport = our_client("models.list")
    transport.handler = lambda request: TransportResponse(200, {}, next(bodies))
    async with client:
        ids = [model.id async for model in client.models.list(page_size=1)]
    assert ids == ["id", "id"]
    assert [request.url for request in transport.requests] == [
        "https://api.test/v1/models?pageSize=1",
        "https://api.test/v1/models?pageSize=1&paginationToken=tok%2F2",
    ]


# --- the real aiohttp transport, intercepted by aioresponses ------------------------------


def _aiohttp_client() -> AsyncScenario:
    return AsyncScenario(api_key="k", api_secret="s", base_url=BASE_URL)


def _sent(mocked: MockedAPI, method: str, url: str) -> Any:
    [call] = mocked.requests[(method, URL(url))]
    return call.kwargs


async def test_aiohttp_retrieve() -> None:
    url = "https://api.test/v1/models/model_x?originalAssets=true"
    with MockedAPI() as mocked:
        mocked.get(url, body=sample_bytes("models.retrieve"), content_type="application/json")
        async with _aiohttp_client() as client:
            response = await client.models.retrieve("model_x", original_assets=True)
        sent = _sent(mocked, "GET", url)
    assert response.model.id == "id"
    assert sent["headers"]["Authorization"] == "Basic azpz"
    assert sent["data"] is None


async def test_aiohttp_get_bulk() -> None:
    url = "https://api.test/v1/models/get-bulk?projectId=proj_1"
    with MockedAPI() as mocked:
        mocked.post(url, body=sample_bytes("models.get_bulk"), content_type="application/json")
        async with _aiohttp_client() as client:
            response = await client.models.get_bulk(project_id="proj_1", model_ids=["m1", "m2"])
        sent = _sent(mocked, "POST", url)
    assert [model.id for model in response.models] == ["id"]
    assert sent["headers"]["Authorization"] == "Basic azpz"
    assert sent["headers"]["Content-Type"] == "application/json"
    assert json.loads(sent["data"]) == {"modelIds": ["m1", "m2"]}


async def test_aiohttp_train_trigger() -> None:
    url = "https://api.test/v1/models/model_x/train?trainingImagesCount=3"
    with MockedAPI() as mocked:
        mocked.put(url, body=sample_bytes("models.train.trigger"), content_type="application/json")
        async with _aiohttp_client() as client:
            response = await client.models.train.trigger(
                "model_x",
                training_images_count=3,
                parameters={"learning_rate": 1e-4, "max_train_steps": 500},
            )
        sent = _sent(mocked, "PUT", url)
    assert response.job.job_id == "jobId"
    assert json.loads(sent["data"]) == {
        "parameters": {"learningRate": 0.0001, "maxTrainSteps": 500}
    }


async def test_aiohttp_training_images_delete() -> None:
    url = "https://api.test/v1/models/model_x/training-images/ti_1"
    with MockedAPI() as mocked:
        mocked.delete(url, body=b"{}", content_type="application/json")
        async with _aiohttp_client() as client:
            response = await client.models.training_images.delete("ti_1", model_id="model_x")
        sent = _sent(mocked, "DELETE", url)
    assert response == {}
    assert sent["data"] is None


async def test_aiohttp_list_pages() -> None:
    first = sample_json("models.list")
    first["nextPaginationToken"] = "t2"
    last = sample_json("models.list")
    last["models"][0]["id"] = "second"
    del last["nextPaginationToken"]
    with MockedAPI() as mocked:
        mocked.get("https://api.test/v1/models?pageSize=1", payload=first)
        mocked.get("https://api.test/v1/models?pageSize=1&paginationToken=t2", payload=last)
        async with _aiohttp_client() as client:
            ids = [model.id async for model in client.models.list(page_size=1)]
    assert ids == ["id", "second"]


async def test_aiohttp_sends_the_encoded_path_unchanged() -> None:
    url = "https://api.test/v1/models/mod%C3%A8le%20+@/description?projectId=p%201"
    with MockedAPI() as mocked:
        mocked.get(url, body=sample_bytes("models.description.retrieve"))
        async with _aiohttp_client() as client:
            response = await client.models.description.retrieve("modèle +@", project_id="p 1")
        [(method, sent_url)] = mocked.requests
    assert response.description.value == "value"
    assert method == "GET"
    # aioresponses records the URL with its query re-encoded (`p+1`): check the query decoded.
    assert sent_url.raw_path == "/v1/models/mod%C3%A8le%20+@/description"
    assert dict(sent_url.query) == {"projectId": "p 1"}
