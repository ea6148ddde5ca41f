"""Any valid arguments of any of the 30 operations go on the wire as the official SDK sends them.

The table-driven cases of tests/integration/test_sdk_wire_equality.py pin chosen argument
sets; here Hypothesis draws the arguments from the operations' documented domains
(tests/property/strategies.py), sends them through both clients, and compares method, raw
path, query and JSON body, numbers by type as well as value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.property.strategies import OPERATIONS, Operation
from tests.support.wire import (
    from_httpx,
    from_transport,
    our_client,
    response_form,
    sdk_client,
)


def as_sdk_arguments(value: Any) -> Any:
    """Our Structs among the arguments as the plain dicts the official SDK takes."""
    if isinstance(value, msgspec.Struct):
        return {
            name: as_sdk_arguments(getattr(value, name))
            for name in value.__struct_fields__
            if getattr(value, name) is not msgspec.UNSET
        }
    if isinstance(value, Mapping):
        return {key: as_sdk_arguments(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_sdk_arguments(item) for item in value]
    return value


@pytest.mark.parametrize("op", list(OPERATIONS.values()), ids=lambda op: op.name)
@settings(max_examples=30)
@given(data=st.data())
async def test_any_valid_call_is_the_sdk_s_request(op: Operation, data: st.DataObject) -> None:
    kwargs = as_sdk_arguments(data.draw(op.valid, label="kwargs"))
    operation = "models." + op.name.removeprefix("models.")
    sdk, seen = sdk_client(operation)
    ours, transport = our_client(operation)
    async with sdk, ours:
        await op.invoke(op.client_target(sdk), kwargs)
        # The single request as built: get-bulk's chunking has tests of its own.
        await op.invoke(response_form(ours, operation, "with_raw_response"), kwargs)
    [theirs] = [from_httpx(request) for request in seen]
    [mine] = [from_transport(request) for request in transport.requests]
    assert mine.method == theirs.method
    assert mine.raw_path == theirs.raw_path
    assert mine.query == theirs.query
    assert mine.json == theirs.json
    if theirs.content:  # (the SDK names a JSON content type on bodiless requests too)
        assert mine.header("Content-Type") == theirs.header("Content-Type")
