"""Numbers go on the wire as the caller gave them: an int as an int, a float as a float.

msgspec converts an int given for a `float` field into a float, so `batch_size=2` once went
out as `2.0`, where the official SDK sends `2`. Each numeric field of a request body now takes
an int or a float under the same documented bound. Here every one of them, drawn within its
bound from the reference's table (`TRAINING_BOUNDS`: ints and floats, the exact ends
included), must come out of the builder's encoded body with its type and value (`repr` equal:
`2` stays `2`, `2.0` stays `2.0`, `-0.0` keeps its sign); a bool is refused as before; and the
same call through the official SDK puts the same JSON on the wire, compared strictly
(`tests/support/wire.py`'s `JsonFloat`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scenario_async import ValidationError, ops
from scenario_async.calls import Call
from scenario_async.types import Concept, TrainingParameters
from scenario_async.types._base import RequestStruct
from tests.property.strategies import TRAINING_BOUNDS, Bound, camel, within
from tests.support.wire import call_operation, from_httpx, from_transport, our_client, sdk_client

SCALE = Bound(-2, 2)
# (learning_rate_text_encoder's bound, (0, 0.001], holds no int: it takes floats only.)
FLOAT_ONLY = {("TrainingParameters", "learning_rate_text_encoder")}
# Query parameters go out as text, and are counts: ints only, as before.
QUERY_COUNTS = {("ModelListQuery", "page_size"), ("TrainTriggerQuery", "training_images_count")}
BODY_NUMBERS = {("TrainingParameters", name) for name in TRAINING_BOUNDS} | {("Concept", "scale")}

Build = Callable[..., Call[Any]]
TRAINING_BUILDERS: dict[str, Build] = {
    "models.update": lambda **kw: ops.models.update("m", **kw),
    "models.train.trigger": lambda **kw: ops.train.trigger("m", **kw),
}
CONCEPT_BUILDERS: dict[str, Build] = {
    "models.create": lambda **kw: ops.models.create(**kw),
    "models.update": lambda **kw: ops.models.update("m", **kw),
}


def _request_types() -> list[type[RequestStruct]]:
    found, stack = [], list(RequestStruct.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        found.append(cls)
    return found


def _fields(cls: type[RequestStruct]) -> tuple[mi.Field, ...]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    return info.fields


def _numeric_kinds(info: mi.Type) -> set[str]:
    members = info.types if isinstance(info, mi.UnionType) else (info,)
    return {type(m).__name__ for m in members if isinstance(m, (mi.IntType, mi.FloatType))}


def test_every_numeric_request_field_is_drawn_here() -> None:
    """Every request field that takes a number, in every request type `scenario_async.types`
    defines (those of modules added later included), is a body number drawn below or a query
    count."""
    kinds = {
        (cls.__name__, field.name): _numeric_kinds(field.type)
        for cls in _request_types()
        for field in _fields(cls)
        if _numeric_kinds(field.type)
    }
    assert set(kinds) == BODY_NUMBERS | QUERY_COUNTS
    for key, found in kinds.items():
        if key in QUERY_COUNTS:
            assert found == {"IntType"}, key
        elif key in FLOAT_ONLY:
            assert found == {"FloatType"}, key
        else:
            assert found == {"IntType", "FloatType"}, key


def same(sent: Any, given: Any) -> bool:
    """The same JSON number: the same Python type, and `repr` equal (so -0.0 is not 0.0)."""
    return type(sent) is type(given) and repr(sent) == repr(given)


@st.composite
def training_numbers(draw: st.DrawFn) -> dict[str, Any]:
    """Some numeric training parameters, each within its bound, their one rule kept."""
    values = draw(
        st.fixed_dictionaries({}, optional={n: within(b) for n, b in TRAINING_BOUNDS.items()})
    )
    assume(values.get("validation_frequency", 0) <= values.get("max_train_steps", float("inf")))
    return values


@pytest.mark.parametrize("op", sorted(TRAINING_BUILDERS))
@given(numbers=training_numbers(), as_struct=st.booleans())
def test_training_numbers_keep_their_type(
    op: str, numbers: dict[str, Any], as_struct: bool
) -> None:
    parameters = TrainingParameters(**numbers) if as_struct else numbers
    call = TRAINING_BUILDERS[op](parameters=parameters)
    assert call.body is not None
    sent = msgspec.json.decode(call.body)["parameters"]
    assert sent.keys() == {camel(name) for name in numbers}
    for name, value in numbers.items():
        assert same(sent[camel(name)], value), (name, sent[camel(name)], value)


@pytest.mark.parametrize("op", sorted(CONCEPT_BUILDERS))
@given(
    scales=st.lists(st.tuples(within(SCALE), st.booleans()), min_size=1, max_size=4),
)
def test_concept_scales_keep_their_type(op: str, scales: list[tuple[Any, bool]]) -> None:
    concepts = [
        Concept(model_id=f"m{i}", scale=scale)
        if as_struct
        else {"model_id": f"m{i}", "scale": scale}
        for i, (scale, as_struct) in enumerate(scales)
    ]
    call = CONCEPT_BUILDERS[op](concepts=concepts)
    assert call.body is not None
    sent = msgspec.json.decode(call.body)["concepts"]
    for concept, (scale, _) in zip(sent, scales, strict=True):
        assert same(concept["scale"], scale), (concept["scale"], scale)


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize("name", sorted(TRAINING_BOUNDS))
def test_a_bool_is_not_a_training_number(name: str, flag: bool) -> None:
    for build in TRAINING_BUILDERS.values():
        with pytest.raises(ValidationError) as info:
            build(parameters={name: flag})
        assert info.value.parameter == f"parameters.{name}"


@pytest.mark.parametrize("flag", [True, False])
def test_a_bool_is_not_a_scale(flag: bool) -> None:
    for build in CONCEPT_BUILDERS.values():
        with pytest.raises(ValidationError) as info:
            build(concepts=[{"model_id": "m", "scale": flag}])
        assert info.value.parameter == "concepts[0].scale"


# --- the same body as the official SDK's -----------------------------------------------------


async def _bodies(operation: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The JSON body each client sends for one call: (ours, the SDK's)."""
    sdk, seen = sdk_client(operation)
    ours, transport = our_client(operation)
    async with sdk, ours:
        await call_operation(sdk, operation, args, kwargs)
        await call_operation(ours, operation, args, kwargs)
    [theirs] = seen
    [mine] = transport.requests
    return from_transport(mine).json, from_httpx(theirs).json


@pytest.mark.parametrize("operation", sorted(TRAINING_BUILDERS))
@settings(max_examples=25)
@given(numbers=training_numbers())
async def test_training_numbers_as_the_sdk_sends_them(
    operation: str, numbers: dict[str, Any]
) -> None:
    ours, theirs = await _bodies(operation, ("m",), {"parameters": numbers})
    assert ours == theirs


@settings(max_examples=25)
@given(scales=st.lists(within(SCALE), min_size=1, max_size=3))
async def test_concept_scales_as_the_sdk_sends_them(scales: list[Any]) -> None:
    concepts = [{"model_id": f"m{i}", "scale": scale} for i, scale in enumerate(scales)]
    ours, theirs = await _bodies("models.create", (), {"concepts": concepts})
    assert ours == theirs
