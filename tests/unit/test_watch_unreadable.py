"""A watch whose get-bulk answer holds a model that does not decode: that model is reported and
polled again, the others go on, and nothing is taken for gone. Through the test double."""

from __future__ import annotations

import json
from typing import Any

import anyio

from scenario_async import (
    AsyncScenario,
    MockTransport,
    SnapshotUnreadable,
    Trained,
    TransportRequest,
    TransportResponse,
)


def model(model_id: str, status: Any) -> dict[str, Any]:
    return {"id": model_id, "privacy": "private", "type": "flux.1-lora", "status": status}


async def test_an_unreadable_model_is_reported_then_watched_to_its_end() -> None:
    answers = [
        [model("a", "trained"), model("b", 5)],
        [model("b", "trained")],
    ]
    asked: list[list[str]] = []

    def get_bulk(request: TransportRequest) -> TransportResponse:
        assert request.body is not None
        asked.append(json.loads(request.body)["modelIds"])
        body = json.dumps({"models": answers.pop(0)}).encode()
        return TransportResponse(200, {"Content-Type": "application/json"}, body)

    transport = MockTransport(get_bulk)
    async with AsyncScenario(api_key="key", api_secret="secret", transport=transport) as client:
        with anyio.fail_after(5):
            async with client.models.watch(["a", "b"], min_interval=0.01) as events:
                seen = [event async for event in events]

    assert asked == [["a", "b"], ["b"]]
    assert [(type(event), getattr(event, "model_id", None)) for event in seen] == [
        (Trained, "a"),
        (SnapshotUnreadable, "b"),
        (Trained, "b"),
    ]
    report = seen[1]
    assert isinstance(report, SnapshotUnreadable)
    assert report.index == 1
    assert report.error.endswith("at $.models[1].status")
