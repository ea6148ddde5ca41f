"""`scenario-async models bulk` prints what came back and reports the rest from the bulk result:
ids not found (exit 4), models that did not decode and requests that failed (exit 1)."""

from __future__ import annotations

import argparse
import json

import msgspec
import pytest

from scenario_async import AsyncScenario, MockTransport, TransportRequest, TransportResponse
from scenario_async.cli.exits import ExitCode
from scenario_async.cli.models import _bulk


def model(model_id: str, **fields: object) -> dict[str, object]:
    return {"id": model_id, "privacy": "private", "type": "custom", **fields}


def handler(request: TransportRequest) -> TransportResponse:
    asked = json.loads(request.body or b"{}")["modelIds"]
    if "model_down" in asked:
        return TransportResponse(503, {}, b'{"message": "unavailable"}')
    models = [model(i, status=7 if i == "model_bad" else "new") for i in asked if "gone" not in i]
    return TransportResponse(200, {}, json.dumps({"models": models}).encode())


async def run(*ids: str) -> int:
    client = AsyncScenario(
        api_key="k", api_secret="s", transport=MockTransport(handler), max_retries=0
    )
    async with client:
        return await _bulk(client, argparse.Namespace(model_ids=list(ids), json=True))


def printed_ids(out: str) -> list[str]:
    return [msgspec.json.decode(line)["id"] for line in out.splitlines()]


async def test_every_id_found_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run("model_a", "model_b", "model_a") == ExitCode.OK
    captured = capsys.readouterr()
    assert printed_ids(captured.out) == ["model_a", "model_b"]
    assert captured.err == ""


async def test_unknown_and_unreadable_models_are_reported_and_the_rest_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await run("model_a", "model_gone", "model_bad") == ExitCode.NOT_FOUND
    captured = capsys.readouterr()
    assert printed_ids(captured.out) == ["model_a"]
    assert captured.err.splitlines() == [
        "error: unreadable model model_bad: Expected `str | null`, got `int` at $.models[1].status",
        "error: not found: model_gone",
    ]


async def test_a_failed_request_is_reported_with_its_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await run("model_down") == ExitCode.API_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: API error: POST /models/get-bulk -> 503: unavailable")
    assert captured.err.endswith("(1 ids not fetched)\n")
