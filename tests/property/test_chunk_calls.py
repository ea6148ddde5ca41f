"""`ChunkCalls` builds each chunk's get-bulk call once its options are checked: the very call
`chunk_call` builds, for any options and any checked ids."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scenario_async.bulk_core import checked_id
from scenario_async.ops.chunks import ChunkCalls, chunk_call
from scenario_async.types import TrainingSnapshot

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
options = st.fixed_dictionaries(
    {},
    optional={
        "project_id": st.text(min_size=1, max_size=8),
        "original_assets": st.booleans(),
        "minimal": st.booleans(),
        "thumbnail": st.booleans(),
        "settings": st.booleans(),
        "all_training_images": st.booleans(),
        "training_images_preview": st.booleans(),
        "extra_body": st.dictionaries(
            st.sampled_from(["modelIds", "minimal", "x", "nested"]), json_values, max_size=3
        ),
        "extra_query": st.dictionaries(st.sampled_from(["a", "b"]), st.text(), max_size=2),
        "extra_headers": st.dictionaries(
            st.sampled_from(["X-One", "X-Two"]), st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True)
        ),
        "timeout": st.floats(min_value=0.1, max_value=60),
    },
)
ids = st.lists(st.text(min_size=1), min_size=1, max_size=20, unique=True).filter(
    lambda chunk: all(_sendable(model_id) for model_id in chunk)
)


def _sendable(model_id: str) -> bool:
    try:
        checked_id(model_id, 0)
    except ValueError:
        return False
    return True


@given(options, ids, st.sampled_from([None, TrainingSnapshot]))
def test_each_chunk_gets_the_call_chunk_call_builds(
    given_options: dict[str, Any], chunk: list[str], into: type[Any] | None
) -> None:
    calls = ChunkCalls(given_options, into)
    expected = chunk_call(tuple(chunk), given_options, into)
    assert calls(tuple(chunk)) == expected
    assert calls(tuple(reversed(chunk))) == chunk_call(tuple(reversed(chunk)), given_options, into)
