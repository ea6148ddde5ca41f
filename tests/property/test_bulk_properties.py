"""The pure core of get-bulk over any ids and any server answer (bulk.py).

For any ids (repeats included), any chunk size, and a server that returns any subset of each
chunk's ids in any order (some of them as models that do not decode): the plan has
ceil(unique / chunk_size) chunks covering the unique ids in first-ask order; the merged
result keeps ask order; and every id asked is in exactly one of `models`, `missing_ids` and
`invalid`.
"""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from scenario_async import ops
from scenario_async.bulk_core import decode_chunk, id_reader, merge, order_chunk, plan_chunks
from scenario_async.types import Model

# A small alphabet, so that repeats are common.
IDS = st.lists(st.sampled_from([f"model_{n}" for n in range(40)]), max_size=120)
CALL = ops.models.get_bulk(model_ids=["m"])


@st.composite
def answers(draw: st.DrawFn, chunk: tuple[str, ...]) -> tuple[list[str], set[str]]:
    """What a server returns for `chunk`: a subset, shuffled, and which of them are broken."""
    returned = draw(st.permutations(draw(st.lists(st.sampled_from(chunk), unique=True))))
    broken = draw(st.sets(st.sampled_from(returned))) if returned else set()
    return list(returned), broken


def wire(model_ids: list[str], broken: set[str]) -> bytes:
    models = [
        {"id": i, "privacy": "private", "type": 7 if i in broken else "flux.1-lora"}
        for i in model_ids
    ]
    return json.dumps({"models": models}).encode()


@given(model_ids=IDS, chunk_size=st.integers(1, 30))
def test_the_plan_covers_the_unique_ids_in_order(model_ids: list[str], chunk_size: int) -> None:
    chunks = plan_chunks(model_ids, chunk_size)
    unique = list(dict.fromkeys(model_ids))
    assert len(chunks) == math.ceil(len(unique) / chunk_size)
    assert [i for chunk in chunks for i in chunk] == unique
    assert all(1 <= len(chunk) <= chunk_size for chunk in chunks)


@given(model_ids=IDS, chunk_size=st.integers(1, 30), data=st.data())
def test_every_id_asked_is_returned_missing_or_invalid_once_in_ask_order(
    model_ids: list[str], chunk_size: int, data: st.DataObject
) -> None:
    chunks = []
    for asked in plan_chunks(model_ids, chunk_size):
        returned, broken = data.draw(answers(asked))
        models, invalid = decode_chunk(CALL, 200, {}, wire(returned, broken), Model)
        # An invalid model is named by its place in its own response, and its id.
        assert [(returned[i.index], i.model_id) for i in invalid] == [
            (model_id, model_id) for model_id in returned if model_id in broken
        ]
        chunks.append(order_chunk(asked, models, invalid, id_reader(Model)))
    result, failures = merge(chunks)

    unique = list(dict.fromkeys(model_ids))
    got = [m.id for m in result.models]
    invalid_ids = [item.model_id for item in result.invalid]
    assert failures == []
    assert sorted(got + result.missing_ids + invalid_ids) == sorted(unique)
    assert got == [i for i in unique if i in set(got)]
    assert result.missing_ids == [i for i in unique if i in set(result.missing_ids)]
