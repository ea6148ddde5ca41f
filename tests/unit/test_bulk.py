"""Get-bulk for any number of ids, on a `MockTransport`: decoding, ordering, validation, raw.

The domains (any ids, any server subset) are property-tested in
tests/property/test_bulk_properties.py; the concurrency, against the emulator, in
tests/integration/test_bulk_loopback.py.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from scenario_async import (
    APIResponseDecodeError,
    AsyncScenario,
    BulkFetchError,
    InternalServerError,
    InvalidModel,
    MissingCredentialsError,
    MockTransport,
    ModelGetBulkResult,
    TransportRequest,
    TransportResponse,
    ValidationError,
    ops,
)
from scenario_async.bulk_core import decode_chunk, id_reader, order_chunk, plan_chunks
from scenario_async.types import Model, ModelGetBulkResponse


class View(msgspec.Struct, rename="camel"):
    id: str
    status: str | None = None


class RenamedId(msgspec.Struct):
    model_id: str = msgspec.field(name="id")


class NoId(msgspec.Struct):
    status: str


def model(model_id: str, **fields: object) -> dict[str, object]:
    return {"id": model_id, "privacy": "private", "type": "flux.1-lora", **fields}


def body(*models: object) -> bytes:
    return json.dumps({"models": list(models)}).encode()


def server(known: set[str] | None = None, fail_when: str | None = None) -> MockTransport:
    """A get-bulk endpoint that returns the ids it knows (all by default), in reverse order;
    a request asking for `fail_when` gets a 500."""

    def handler(request: TransportRequest) -> TransportResponse:
        asked = json.loads(request.body or b"{}").get("modelIds", ["unasked_1"])
        if fail_when in asked:
            return TransportResponse(500, {}, b'{"message": "boom"}')
        found = [model(i) for i in reversed(asked) if known is None or i in known]
        return TransportResponse(200, {}, body(*found))

    return MockTransport(handler)


def unreachable(request: TransportRequest) -> TransportResponse:
    raise AssertionError(f"a request was sent: {request.method} {request.url}")


def client_on(transport: MockTransport, **options: Any) -> AsyncScenario:
    return AsyncScenario(api_key="k", api_secret="s", transport=transport, **options)


def asked(transport: MockTransport) -> list[list[str]]:
    return [json.loads(request.body or b"{}")["modelIds"] for request in transport.requests]


CALL = ops.models.get_bulk(model_ids=["a"])


# --- the pure core ------------------------------------------------------------------------


def test_a_good_body_decodes_in_one_pass() -> None:
    models, invalid = decode_chunk(CALL, 200, {}, body(model("a"), model("b")), Model)
    assert [m.id for m in models] == ["a", "b"]
    assert invalid == []


def test_a_bad_model_is_reported_and_the_others_kept() -> None:
    bad = model("b", trainingProgress={"stage": 7})
    raw = body(model("a"), bad, model("c"))
    models, invalid = decode_chunk(CALL, 200, {}, raw, Model)
    assert [m.id for m in models] == ["a", "c"]
    [item] = invalid
    assert (item.index, item.model_id) == (1, "b")
    assert item.error == "Expected `str`, got `int` at $.models[1].trainingProgress.stage"
    assert json.loads(bytes(item.raw)) == bad


def test_a_bad_model_without_a_readable_id_is_reported_with_none() -> None:
    models, invalid = decode_chunk(CALL, 200, {}, body(7, model("a"), {"id": 3}), Model)
    assert [m.id for m in models] == ["a"]
    assert [(i.index, i.model_id) for i in invalid] == [(0, None), (2, None)]
    assert invalid[1].error == "Expected `str`, got `int` at $.models[2].id"


@pytest.mark.parametrize(
    ("raw", "json_path"),
    [(b"not json", "$"), (b'{"data": []}', "$"), (b'{"models": {}}', "$.models")],
)
def test_a_body_that_is_not_a_model_list_is_a_decode_error(raw: bytes, json_path: str) -> None:
    with pytest.raises(APIResponseDecodeError) as caught:
        decode_chunk(CALL, 200, {}, raw, Model)
    assert caught.value.json_path == json_path


def test_a_chunk_is_put_in_ask_order_with_unasked_models_after() -> None:
    returned = [Model(id=i, privacy="p", type="t") for i in ("c", "x", "a", "c")]
    chunk = order_chunk(("a", "b", "c"), returned, [], id_reader(Model))
    assert [m.id for m in chunk.models] == ["a", "c", "x"]
    assert chunk.missing_ids == ["b"]


def test_an_id_returned_invalid_is_not_missing() -> None:
    invalid = [InvalidModel(index=0, model_id="b", error="e", raw=msgspec.Raw(b"{}"))]
    chunk = order_chunk(("a", "b"), [], invalid, id_reader(Model))
    assert chunk.missing_ids == ["a"]
    assert chunk.invalid == invalid


def test_a_view_is_matched_by_the_field_named_id_on_the_wire() -> None:
    assert id_reader(RenamedId)(RenamedId(model_id="m")) == "m"
    with pytest.raises(ValidationError) as caught:
        id_reader(NoId)
    assert caught.value.parameter == "into"


def test_the_plan_drops_repeats_and_cuts_chunks() -> None:
    assert plan_chunks(["a", "b", "a", "c", "d", "b", "e"], 2) == [("a", "b"), ("c", "d"), ("e",)]
    assert plan_chunks([], 100) == []


@pytest.mark.parametrize(
    ("model_ids", "parameter"),
    [({"a", "b"}, "model_ids"), (["a", ""], "model_ids[1]"), (["a", 7], "model_ids[1]")],
)  # A lone str is a TypeError: tests/unit/test_id_arguments.py
def test_the_plan_refuses_what_is_not_a_sequence_of_ids(model_ids: Any, parameter: str) -> None:
    with pytest.raises(ValidationError) as caught:
        plan_chunks(model_ids, 10)
    assert caught.value.parameter == parameter


# --- get_bulk on a mock transport ---------------------------------------------------------


async def test_ids_are_chunked_deduplicated_and_returned_in_ask_order() -> None:
    transport = server(known={"a", "b", "d", "e"})
    async with client_on(transport) as client:
        result = await client.models.get_bulk(
            model_ids=["a", "b", "c", "a", "d", "e"], chunk_size=2
        )
    assert sorted(asked(transport)) == [["a", "b"], ["c", "d"], ["e"]]
    assert [m.id for m in result.models] == ["a", "b", "d", "e"]
    assert result.missing_ids == ["c"]
    assert result.invalid == []
    assert isinstance(result, ModelGetBulkResult)


async def test_sdk_options_go_with_every_chunk() -> None:
    transport = server()
    async with client_on(transport) as client:
        await client.models.get_bulk(
            model_ids=["a", "b", "c"], chunk_size=2, project_id="p", minimal=True
        )
    assert all("projectId=p" in request.url for request in transport.requests)
    assert all(json.loads(r.body or b"")["minimal"] is True for r in transport.requests)


async def test_without_ids_one_request_goes_out_as_the_sdk_sends_it() -> None:
    transport = server()
    async with client_on(transport) as client:
        result = await client.models.get_bulk()
    [request] = transport.requests
    assert request.body == b"{}"
    assert [m.id for m in result.models] == ["unasked_1"]
    assert result.missing_ids == []


async def test_no_ids_asked_means_no_request() -> None:
    async with client_on(MockTransport(unreachable)) as client:
        result = await client.models.get_bulk(model_ids=[])
    assert result == ModelGetBulkResult(models=[])


async def test_a_bad_model_is_in_invalid_and_the_others_in_models() -> None:
    def handler(request: TransportRequest) -> TransportResponse:
        return TransportResponse(200, {}, body(model("a"), model("b", status=["x"]), model("c")))

    async with client_on(MockTransport(handler)) as client:
        result = await client.models.get_bulk(model_ids=["a", "b", "c"])
    assert [m.id for m in result.models] == ["a", "c"]
    assert [(i.index, i.model_id) for i in result.invalid] == [(1, "b")]
    assert result.missing_ids == []


async def test_a_failed_chunk_raises_after_the_others_with_their_result() -> None:
    transport = server(fail_when="c")
    async with client_on(transport, max_retries=1) as client:
        with pytest.raises(BulkFetchError) as caught:
            await client.models.get_bulk(model_ids=list("abcdefg"), chunk_size=2)
    error = caught.value
    assert [m.id for m in error.result.models] == ["a", "b", "e", "f", "g"]
    [failure] = error.failures
    assert failure.model_ids == ("c", "d")
    assert isinstance(failure.error, InternalServerError)
    assert error.__cause__ is failure.error
    assert "1 of 4 get-bulk requests failed, 2 ids not fetched" in str(error)
    # Each chunk went through the client's retry policy: the failed one was tried twice.
    assert len(transport.requests) == 5


async def test_into_decodes_each_model_into_the_view() -> None:
    async with client_on(server()) as client:
        result = await client.models.get_bulk(model_ids=["a", "b"], into=View)
    assert result.models == [View(id="a"), View(id="b")]


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [
        ({"model_ids": ["a", ""]}, "model_ids[1]"),
        ({"model_ids": ["a"], "chunk_size": 0}, "chunk_size"),
        ({"model_ids": ["a"], "chunk_size": True}, "chunk_size"),
        ({"model_ids": ["a"], "max_concurrency": 0}, "max_concurrency"),
        ({"model_ids": ["a"], "into": dict}, "into"),
        ({"model_ids": ["a"], "into": NoId}, "into"),
        ({"model_ids": ["a"], "minimal": "yes"}, "minimal"),
        ({"into": 3}, "into"),
        ({"max_concurrency": -1}, "max_concurrency"),
    ],
)
async def test_bad_arguments_fail_before_any_request(
    arguments: dict[str, Any], parameter: str
) -> None:
    async with client_on(MockTransport(unreachable)) as client:
        with pytest.raises(ValidationError) as caught:
            await client.models.get_bulk(**arguments)
    assert caught.value.parameter == parameter


@pytest.mark.parametrize(
    ("model_ids", "arguments", "parameter"),
    [
        (3, {}, "model_ids"),
        (["a"], {"chunk_size": 0}, "chunk_size"),
        (["a"], {"max_concurrency": 0}, "max_concurrency"),
        (["a"], {"into": NoId}, "into"),
        (["a"], {"thumbnail": 1}, "thumbnail"),
    ],
)
async def test_stream_checks_its_arguments_when_built(
    model_ids: Any, arguments: dict[str, Any], parameter: str
) -> None:
    async with client_on(MockTransport(unreachable)) as client:
        with pytest.raises(ValidationError) as caught:
            client.models.stream_bulk(model_ids, **arguments)
    assert caught.value.parameter == parameter


async def test_stream_reports_a_bad_id_when_it_reads_it_after_the_chunks_before() -> None:
    async with client_on(server()) as client:
        seen: list[str] = []
        async with client.models.stream_bulk(["a", "b", "", "c"], chunk_size=2) as chunks:
            with pytest.raises(ValidationError) as caught:
                async for chunk in chunks:
                    seen += [m.id for m in chunk.models]
    assert caught.value.parameter == "model_ids[2]"
    assert seen == ["a", "b"]


async def test_an_error_outside_any_response_comes_out_as_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("SCENARIO_SDK_API_KEY", "SCENARIO_SDK_API_SECRET", "SCENARIO_SDK_JWT"):
        monkeypatch.delenv(name, raising=False)
    async with AsyncScenario(transport=MockTransport(unreachable)) as client:
        with pytest.raises(MissingCredentialsError):
            await client.models.get_bulk(model_ids=list("abcdef"), chunk_size=2)
        async with client.models.stream_bulk(list("abcdef"), chunk_size=2) as chunks:
            with pytest.raises(MissingCredentialsError):
                await anext(chunks)


async def test_stream_must_be_entered() -> None:
    async with client_on(MockTransport(unreachable)) as client:
        with pytest.raises(RuntimeError, match="async with"):
            async for _ in client.models.stream_bulk(["a"]):
                pass


async def test_raw_and_build_are_the_single_request_as_the_sdk_sends_it() -> None:
    transport = server()
    ids = [f"m{n}" for n in range(150)]
    async with client_on(transport) as client:
        call = client.models.get_bulk.build(model_ids=ids)
        raw = await client.models.get_bulk.raw(model_ids=ids)
        legacy = await client.models.with_raw_response.get_bulk(model_ids=["a", "a"])
    assert call.response_type is ModelGetBulkResponse
    assert json.loads(call.body or b"") == {"modelIds": ids}
    assert asked(transport) == [ids, ["a", "a"]]
    assert len((await raw.parse()).models) == 150
    assert [m.id for m in (await legacy.parse()).models] == ["a", "a"]
