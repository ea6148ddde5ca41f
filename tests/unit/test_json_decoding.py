"""Decoding get-bulk bodies model by model, and keeping the bytes of the models asked for.

`raw_models_of` finds a wanted model's bytes in place when the server writes each model with
its `id` first (this API and the emulator do); written otherwise, it reads the body again.
Either way the bytes kept are the model's own, as the body holds them.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from scenario_async.json_decoding import decode_models, raw_models_of, readable_id
from scenario_async.types import ModelGetBulkResponseOf, TrainingSnapshot

ENVELOPE: Any = ModelGetBulkResponseOf[TrainingSnapshot]


def snapshot_id(model: TrainingSnapshot) -> str:
    return model.id


def is_trained(model: TrainingSnapshot) -> bool:
    return model.status == "trained"


def model(model_id: str, status: str = "training", **extra: object) -> dict[str, object]:
    return {"id": model_id, "status": status, "name": f"name of {model_id}", **extra}


def id_last(model_id: str, status: str = "training") -> dict[str, object]:
    return {"status": status, "name": f"name of {model_id}", "id": model_id}


def kept(body: bytes) -> dict[str, tuple[int, bytes]]:
    models, unreadable = decode_models(body, ENVELOPE, TrainingSnapshot)
    assert unreadable == []
    return raw_models_of(body, (models, []), is_trained, snapshot_id)


def encoded(value: object) -> bytes:
    return msgspec.json.encode(value)


def test_the_bytes_kept_are_each_wanted_models_own() -> None:
    models = [model("a"), model("b", "trained"), model("c"), model("d")]
    body = encoded({"models": models})
    assert kept(body) == {"b": (1, encoded(models[1]))}


def test_a_model_whose_id_is_not_its_first_member_is_found_all_the_same() -> None:
    models = [id_last("a"), id_last("b", "trained"), id_last("c"), id_last("d")]
    body = encoded({"models": models})
    assert kept(body) == {"b": (1, encoded(models[1]))}


def test_a_body_written_with_spaces_gives_the_models_bytes_as_written() -> None:
    models = [model("a"), model("b", "trained"), model("c"), model("d")]
    body = msgspec.json.format(encoded({"models": models}), indent=2)
    ((index, raw),) = kept(body).values()
    assert index == 1
    assert msgspec.json.decode(raw) == models[1]


def test_a_next_models_id_first_inside_a_wanted_model_does_not_cut_it_short() -> None:
    # Model "a" holds an object that starts as model "b" does: `{"id":"b"`.
    models = [model("a", "trained", parent={"id": "b"}), model("b"), model("c"), model("d")]
    body = encoded({"models": models})
    assert kept(body) == {"a": (0, encoded(models[0]))}


def test_an_object_like_a_model_before_the_models_is_not_taken_for_it() -> None:
    models = [model("a", "trained"), model("b"), model("c"), model("d")]
    body = encoded({"echo": [model("a", "trained")], "models": models})
    assert kept(body) == {"a": (0, encoded(models[0]))}


def test_nothing_wanted_keeps_nothing() -> None:
    assert kept(encoded({"models": [model("a"), model("b")]})) == {}


def test_a_model_that_does_not_decode_is_reported_with_its_index_bytes_and_error() -> None:
    body = encoded({"models": [model("a"), {"id": "b", "status": 3}, model("c")]})
    models, unreadable = decode_models(body, ENVELOPE, TrainingSnapshot)
    assert [m.id for m in models] == ["a", "c"]
    ((index, raw, error),) = unreadable
    assert (index, msgspec.json.decode(raw)) == (1, {"id": "b", "status": 3})
    assert "$.status" in str(error)


def test_a_body_that_is_no_envelope_raises_msgspecs_error() -> None:
    with pytest.raises(msgspec.ValidationError, match=r"\$\.models"):
        decode_models(b'{"models": 3}', ENVELOPE, TrainingSnapshot)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(b'{"status": 3, "id": "b"}', "b"), (b'{"id": 7}', None), (b"[1]", None)],
)
def test_the_id_of_a_model_that_did_not_decode_is_read_wherever_it_stands(
    raw: bytes, expected: str | None
) -> None:
    assert readable_id(msgspec.Raw(raw)) == expected
