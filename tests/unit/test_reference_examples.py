"""The reference's Python example of every operation, run on our client.

Each example in the API reference (`### Example` in 001_568c99e5f6c87a37.txt) is written
here as it reads after switching: `from scenario_async import AsyncScenario` and `await`
in front of the call. It runs against `MockTransport` answering with the sample response
printed under it in the reference (`#### Response`), and the printed value is checked.
A scalar is checked against a literal and against what the official SDK prints for the
same example and response; an object, on a few attributes and on the type name printed.
The 9 operations the reference lacks have examples written in its style, with only the
required arguments (and `prompt`, which the API requires), run on their written samples.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Any

import pytest

from scenario_async import AsyncScenario, MockTransport, TransportRequest, TransportResponse
from tests.support.samples import OPERATIONS, REFERENCE_OPERATIONS, sample_bytes, sample_json
from tests.support.wire import call_operation, our_client, sdk_client

REFERENCE = Path("/work/shared/api/001_568c99e5f6c87a37.txt")

# The header every example starts with, after the switch.
HEADER = """\
import os
from scenario_async import AsyncScenario

client = AsyncScenario(
    api_key=os.environ.get("SCENARIO_SDK_API_KEY"),  # This is the default and can be omitted
    api_secret=os.environ.get("SCENARIO_SDK_API_SECRET"),  # This is the default and can be omitted
)
"""

# operation -> the example's body, with `await`.
EXAMPLES: dict[str, str] = {
    "models.list": """
page = await client.models.list()
page = page.models[0]
print(page.id)
""",
    "models.create": """
model = await client.models.create()
print(model.model)
""",
    "models.get_bulk": """
response = await client.models.get_bulk()
print(response.models)
""",
    "models.retrieve": """
model = await client.models.retrieve(
    model_id="modelId",
)
print(model.model)
""",
    "models.update": """
model = await client.models.update(
    model_id="modelId",
)
print(model.model)
""",
    "models.delete": """
model = await client.models.delete(
    "modelId",
)
print(model)
""",
    "models.copy": """
response = await client.models.copy(
    model_id="modelId",
)
print(response.model)
""",
    "models.download": """
response = await client.models.download(
    model_id="modelId",
)
print(response.job_id)
""",
    "models.delete_images": """
response = await client.models.delete_images(
    model_id="modelId",
    ids=["string"],
)
print(response)
""",
    "models.update_tags": """
response = await client.models.update_tags(
    model_id="modelId",
)
print(response.added)
""",
    "models.transfer": """
response = await client.models.transfer(
    model_id="modelId",
    destination_project_id="destinationProjectId",
)
print(response.model)
""",
    "models.description.retrieve": """
description = await client.models.description.retrieve(
    model_id="modelId",
)
print(description.description)
""",
    "models.description.update": """
description = await client.models.description.update(
    model_id="modelId",
    description="description",
)
print(description.description)
""",
    "models.examples.list": """
examples = await client.models.examples.list(
    model_id="modelId",
)
print(examples.examples)
""",
    "models.examples.update": """
example = await client.models.examples.update(
    model_id="modelId",
    asset_ids=["string"],
)
print(example.examples)
""",
    "models.train.trigger": """
response = await client.models.train.trigger(
    model_id="modelId",
)
print(response.job)
""",
    "models.train.action": """
response = await client.models.train.action(
    model_id="modelId",
    action="cancel",
)
print(response.model)
""",
    "models.training_images.add": """
response = await client.models.training_images.add(
    model_id="modelId",
)
print(response.training_image)
""",
    "models.training_images.replace_pairs": """
response = await client.models.training_images.replace_pairs(
    model_id="modelId",
    body=[{}],
)
print(response.count)
""",
    "models.training_images.replace": """
response = await client.models.training_images.replace(
    training_image_id="trainingImageId",
    model_id="modelId",
)
print(response.training_image)
""",
    "models.training_images.delete": """
training_image = await client.models.training_images.delete(
    training_image_id="trainingImageId",
    model_id="modelId",
)
print(training_image)
""",
    "models.restore": """
response = await client.models.restore(
    model_id="modelId",
)
print(response.model)
""",
    "models.presets.create": """
preset = await client.models.presets.create(
    model_id="modelId",
    inference_id="inferenceId",
)
print(preset.preset)
""",
    "models.presets.update": """
preset = await client.models.presets.update(
    preset_id="presetId",
    model_id="modelId",
    is_default=True,
)
print(preset.preset)
""",
    "models.presets.list": """
presets = await client.models.presets.list(
    model_id="modelId",
)
print(presets.presets)
""",
    "models.presets.delete": """
preset = await client.models.presets.delete(
    preset_id="presetId",
    model_id="modelId",
)
print(preset)
""",
    "models.prompt_guide.retrieve": """
prompt_guide = await client.models.prompt_guide.retrieve(
    model_id="modelId",
)
print(prompt_guide.prompt_guide)
""",
    "models.prompt_guide.update": """
prompt_guide = await client.models.prompt_guide.update(
    model_id="modelId",
    prompt_guide="promptGuide",
)
print(prompt_guide.prompt_guide)
""",
    "models.scores.retrieve_prompt": """
response = await client.models.scores.retrieve_prompt(
    model_id="modelId",
    prompt="prompt",
)
print(response.score)
""",
    "models.scores.retrieve_training_dataset": """
response = await client.models.scores.retrieve_training_dataset(
    model_id="modelId",
)
print(response.score)
""",
}

# What the example prints, for the examples that print a scalar.
PRINTED: dict[str, str] = {
    "models.list": "id",
    "models.delete": "{}",
    "models.download": "jobId",
    "models.delete_images": "{}",
    "models.update_tags": "['string']",
    "models.training_images.replace_pairs": "0.0",
    "models.training_images.delete": "{}",
    "models.presets.delete": "{}",
    "models.scores.retrieve_prompt": "0.72",
    "models.scores.retrieve_training_dataset": "0.58",
}

# The request each example sends: method and path (our base URL's path is /v1).
REQUESTS: dict[str, tuple[str, str]] = {
    "models.list": ("GET", "/v1/models"),
    "models.create": ("POST", "/v1/models"),
    "models.get_bulk": ("POST", "/v1/models/get-bulk"),
    "models.retrieve": ("GET", "/v1/models/modelId"),
    "models.update": ("PUT", "/v1/models/modelId"),
    "models.delete": ("DELETE", "/v1/models/modelId"),
    "models.copy": ("POST", "/v1/models/modelId/copy"),
    "models.download": ("POST", "/v1/models/modelId/download"),
    "models.delete_images": ("DELETE", "/v1/models/modelId/images?ids=string"),
    "models.update_tags": ("PUT", "/v1/models/modelId/tags"),
    "models.transfer": ("POST", "/v1/models/modelId/transfer"),
    "models.description.retrieve": ("GET", "/v1/models/modelId/description"),
    "models.description.update": ("PUT", "/v1/models/modelId/description"),
    "models.examples.list": ("GET", "/v1/models/modelId/examples"),
    "models.examples.update": ("PUT", "/v1/models/modelId/examples"),
    "models.train.trigger": ("PUT", "/v1/models/modelId/train"),
    "models.train.action": ("POST", "/v1/models/modelId/train/action"),
    "models.training_images.add": ("POST", "/v1/models/modelId/training-images"),
    "models.training_images.replace_pairs": ("PUT", "/v1/models/modelId/training-images/pairs"),
    "models.training_images.replace": (
        "PUT",
        "/v1/models/modelId/training-images/trainingImageId",
    ),
    "models.training_images.delete": (
        "DELETE",
        "/v1/models/modelId/training-images/trainingImageId",
    ),
    "models.restore": ("POST", "/v1/models/modelId/restore"),
    "models.presets.create": ("POST", "/v1/models/modelId/presets"),
    "models.presets.update": ("PUT", "/v1/models/modelId/presets/presetId"),
    "models.presets.list": ("GET", "/v1/models/modelId/presets"),
    "models.presets.delete": ("DELETE", "/v1/models/modelId/presets/presetId"),
    "models.prompt_guide.retrieve": ("GET", "/v1/models/modelId/prompt-guide"),
    "models.prompt_guide.update": ("PUT", "/v1/models/modelId/prompt-guide"),
    "models.scores.retrieve_prompt": ("GET", "/v1/models/modelId/scores/prompt?prompt=prompt"),
    "models.scores.retrieve_training_dataset": (
        "GET",
        "/v1/models/modelId/scores/training-dataset",
    ),
}

GUIDE = sample_json("models.prompt_guide.retrieve")["promptGuide"]["value"]

# For the examples that print an object: a few of its attributes, as the sample has them.
ATTRIBUTES: dict[str, dict[str, object]] = {
    "models.create": {"model.id": "id", "model.status": "copying", "model.type": "custom"},
    "models.get_bulk": {"models[0].id": "id", "models[0].privacy": "private"},
    "models.retrieve": {
        "model.id": "id",
        "model.training_progress.stage": "pending",
        "model.class_.slug": "slug",
        "model.concepts[0].scale": -2,
    },
    "models.update": {"model.id": "id", "model.epoch": "epoch"},
    "models.copy": {"model.id": "id", "model.custom": True},
    "models.transfer": {"model.id": "id", "model.author_id": "authorId"},
    "models.description.retrieve": {
        "description.value": "value",
        "description.assets[0].id": "id",
    },
    "models.description.update": {"description.value": "value"},
    "models.examples.list": {"examples[0].asset.id": "id"},
    "models.examples.update": {"examples[0].asset.author_id": "authorId"},
    "models.train.trigger": {"job.job_id": "jobId", "job.status": "canceled"},
    "models.train.action": {"model.id": "id", "model.status": "copying"},
    "models.training_images.add": {
        "training_image.id": "id",
        "training_image.download_url": "downloadUrl",
    },
    "models.training_images.replace": {"training_image.name": "name"},
    "models.restore": {
        "model.id": "model_eyVcnFJcR92BxBkz7N6g5w",
        "model.status": "trained",
        "model.deleted_at": "2025-04-09T21:47:03.000Z",
    },
    "models.presets.create": {
        "preset.id": "preset_eyVcnFJcR92BxBkz7N6g5w",
        "preset.is_default": True,
        "preset.parameters.type": "controlnet_inpaint_ip_adapter",
    },
    "models.presets.update": {"preset.is_default": False},
    "models.presets.list": {"presets[1].parameters.type": "txt2img"},
    "models.prompt_guide.retrieve": {"prompt_guide.value": GUIDE},
    "models.prompt_guide.update": {
        "prompt_guide.value": GUIDE + "\n## Avoid\n\n- photographic styles\n"
    },
}


def _attribute(value: Any, dotted: str) -> Any:
    for part in re.findall(r"\w+|\[\d+\]", dotted):
        value = value[int(part[1:-1])] if part.startswith("[") else getattr(value, part)
    return value


async def _run(source: str, client: Any) -> dict[str, Any]:
    """Run an example's body (top-level `await` allowed) with `client` in scope."""
    code = compile(source, "<example>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace: dict[str, Any] = {"client": client}
    result = eval(code, namespace)
    if result is not None:
        await result
    return namespace


def _reference_examples() -> dict[str, str]:
    """The examples as published: the code after the client is built, one per operation."""
    text = REFERENCE.read_text(encoding="utf-8")
    found = re.findall(r"### Example ```python(.*?)``` #### Response ```json", text, re.S)
    return {
        operation: code.rsplit("# This is the default and can be omitted )", 1)[1]
        for operation, code in zip(REFERENCE_OPERATIONS, found, strict=True)
    }


def _words(code: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", code)


@pytest.mark.skipif(not REFERENCE.exists(), reason="the API reference is not checked out")
@pytest.mark.parametrize(
    "operation", REFERENCE_OPERATIONS, ids=lambda op: op.removeprefix("models.")
)
def test_examples_are_the_reference_ones(operation: str) -> None:
    published = _reference_examples()[operation]
    # The only change: `await` in front of the call.
    assert _words(EXAMPLES[operation].replace("await ", "")) == _words(published)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.removeprefix("models."))
async def test_example(operation: str, capsys: pytest.CaptureFixture[str]) -> None:
    client, transport = our_client(operation)
    async with client:
        namespace = await _run(EXAMPLES[operation], client)
    printed = capsys.readouterr().out

    [request] = transport.requests
    method, path = REQUESTS[operation]
    assert (request.method, request.url) == (method, "https://api.test" + path)
    if operation in PRINTED:
        assert printed == PRINTED[operation] + "\n"
    else:
        response = next(
            value for name, value in namespace.items() if name not in {"client", "__builtins__"}
        )
        for dotted, expected in ATTRIBUTES[operation].items():
            assert _attribute(response, dotted) == expected, dotted
        assert printed.strip()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.removeprefix("models."))
async def test_example_prints_what_the_sdk_prints(
    operation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sdk, _ = sdk_client(operation)
    async with sdk:
        await _run(EXAMPLES[operation], sdk)
    theirs = capsys.readouterr().out

    client, _ = our_client(operation)
    async with client:
        await _run(EXAMPLES[operation], client)
    ours = capsys.readouterr().out

    if operation in PRINTED:
        assert ours == theirs
    else:
        # Reprs of whole objects differ in field order and extras (pydantic vs msgspec);
        # what an example shows first, the type it prints, is the same.
        assert _printed_type(ours) == _printed_type(theirs)


def _printed_type(printed: str) -> str:
    match = re.match(r"\[?(\w+)\(", printed)
    assert match is not None, printed[:80]
    return match.group(1)


async def test_example_header_builds_a_working_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples' header: credentials from the SDK's environment variables."""
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "k")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "s")
    monkeypatch.delenv("SCENARIO_BASE_URL", raising=False)
    monkeypatch.delenv("SCENARIO_SDK_JWT", raising=False)

    def handler(request: TransportRequest) -> TransportResponse:
        return TransportResponse(200, {}, sample_bytes("models.retrieve"))

    transport = MockTransport(handler)
    # The header builds a client over aiohttp: its edge is swapped for the mock.
    monkeypatch.setattr("scenario_async.client.AiohttpTransport", lambda: transport)
    namespace = await _run(HEADER, None)
    client = namespace["client"]
    assert isinstance(client, AsyncScenario)
    assert client.base_url == "https://api.cloud.scenario.com/v1"
    async with client:
        response = await call_operation(client, "models.retrieve", (), {"model_id": "modelId"})
    assert response.model.id == "id"
    [request] = transport.requests
    assert request.url == "https://api.cloud.scenario.com/v1/models/modelId"
    assert request.headers["Authorization"] == "Basic azpz"
    assert os.environ["SCENARIO_SDK_API_KEY"] == "k"
