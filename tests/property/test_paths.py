"""No id can change the path: whatever text is passed as `model_id`, `training_image_id` or
`preset_id` is either refused, naming that parameter, or lands percent-encoded in its own
segment."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from yarl import URL

from scenario_async import AsyncScenario, MockTransport, TransportResponse, ValidationError
from scenario_async.resource_methods import ResourceMethod
from tests.property.strategies import OPERATIONS, Operation

BASE_URL = "https://api.test/v1"
# Every operation with a path parameter, once per parameter.
PATH_CASES = [(op, name) for op in OPERATIONS.values() for name in op.path_params]
path_case = pytest.mark.parametrize(
    ("op", "name"), PATH_CASES, ids=[f"{op.name}:{name}" for op, name in PATH_CASES]
)
# Arguments for the operations that need some beyond the ids.
REQUIRED: dict[str, dict[str, Any]] = {
    "models.delete_images": {"ids": ["a"]},
    "models.transfer": {"destination_project_id": "p"},
    "models.description.update": {"description": "d"},
    "models.examples.update": {"asset_ids": ["a"]},
    "models.train.action": {"action": "cancel"},
    "models.training_images.replace_pairs": {"body": []},
    "models.training_images.add": {"asset_id": "a"},
    "models.training_images.replace": {"asset_id": "a"},
    "models.presets.create": {"inference_id": "inf_1"},
    "models.presets.update": {"is_default": True},
    "models.prompt_guide.update": {"prompt_guide": "# Guide"},
    "models.scores.retrieve_prompt": {"prompt": "a fox"},
}

hostile_ids = st.one_of(
    st.text(),
    st.text(alphabet="./%2e?#\\", max_size=8),
    st.sampled_from(
        [
            ".",
            "..",
            "%2e",
            "%2E%2E",
            "a/b",
            "../x",
            "a?b=1",
            "a#f",
            "a\x00b",
            "a\nb",
            "\x7f",
            "%2f",
            "%5C",
            "%3F",
            "%23",
            "%00",
            "...",
            ".a",
            "a.",
            "é/ü",
            "\U0001f600",
            " ",
            "%",
            "%zz",
            "a;b=c",
            "@:",
        ]
    ),
)


def build(op: Operation, ids: dict[str, Any]) -> Any:
    return op.invoke(op.build, REQUIRED.get(op.name, {}), ids)


def check_path(op: Operation, name: str, value: str, path: str) -> None:
    template = op.template.split("/")
    segments = path.split("/")
    assert len(segments) == len(template), (path, op.template)
    for part, segment in zip(template, segments, strict=True):
        if part == "{" + name + "}":
            assert unquote(segment) == value
        elif not part.startswith("{"):
            assert segment == part
        assert segment not in (".", ".."), path
        assert unquote(segment) not in (".", ".."), path
    assert "?" not in path
    assert "#" not in path


@path_case
@given(value=hostile_ids)
@example(value="..")
@example(value="a/../../b")
@example(value="%2e%2e")
def test_an_id_is_refused_or_confined_to_its_segment(op: Operation, name: str, value: str) -> None:
    try:
        call = build(op, {name: value})
    except ValidationError as exc:
        assert exc.parameter == name
        return
    check_path(op, name, value, call.path)


@path_case
@given(
    value=st.text(
        alphabet=st.characters(categories=["L", "N"]) | st.sampled_from("-_~.!$&'()*+,;=:@ "),
        min_size=1,
    ).filter(lambda v: v not in (".", ".."))
)
def test_ordinary_ids_are_accepted_and_encoded(op: Operation, name: str, value: str) -> None:
    call = build(op, {name: value})
    check_path(op, name, value, call.path)
    assert call.path.isascii()


@path_case
@pytest.mark.parametrize("value", ["", ".", "..", "a/b", "a?b", "a#b", "a\\b", "a\x00b", "%2e%2e"])
def test_empty_and_path_changing_ids_are_refused(op: Operation, name: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        build(op, {name: value})
    assert info.value.parameter == name


@path_case
@pytest.mark.parametrize("value", [None, 1, b"abc", ["a"]])
def test_non_string_ids_are_refused(op: Operation, name: str, value: Any) -> None:
    with pytest.raises(ValidationError) as info:
        build(op, {name: value})
    assert info.value.parameter == name


def _ok(_: Any) -> TransportResponse:
    return TransportResponse(200, {}, b"{}")


@path_case
@given(value=hostile_ids)
async def test_the_transport_receives_the_encoded_path_under_the_base_url(
    op: Operation, name: str, value: str
) -> None:
    transport = MockTransport(_ok)
    client = AsyncScenario(api_key="k", api_secret="s", base_url=BASE_URL, transport=transport)
    target = op.client_target(client)
    assert isinstance(target, ResourceMethod)
    try:
        call = build(op, {name: value})
    except ValidationError:
        with pytest.raises(ValidationError) as info:
            await op.invoke(target.raw, REQUIRED.get(op.name, {}), {name: value})
        assert info.value.parameter == name
        assert transport.requests == []
        return
    await op.invoke(target.raw, REQUIRED.get(op.name, {}), {name: value})
    [request] = transport.requests
    assert request.url.startswith(BASE_URL + call.path)
    raw_path = URL(request.url, encoded=True).raw_path
    assert raw_path == "/v1" + call.path
    assert len(raw_path.split("/")) == len(op.template.split("/")) + 1
    check_path(op, name, value, raw_path.removeprefix("/v1"))
