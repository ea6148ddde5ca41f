"""`to_dict()` and `to_json()` of every response give what the official SDK's give.

Each operation's sample (tests/samples) is read by our response type and by the SDK's (the
return type of its client method), both are dumped under every combination of the options,
and the dumps are compared. The SDK's object is read two ways: validated (`model_validate`),
so that its numbers take their fields' types and the dumps compare type for type (`1` is not
`1.0`, `True` is not `1`); and as its client returns it by default (`construct`, without
validation), where a JSON int stays an int in a float field, so numbers compare by value.
Hypothesis then varies the samples, leaving optional fields out and setting nullable ones
to null, which is where "not carried" and "carried as null" part ways.

The differences that follow from our types, each asserted as such rather than hidden:

- A field that came as `null` into an optional field (`X | None = None`) reads the same as
  one that did not come: with `exclude_unset`, and neither `exclude_defaults` nor
  `exclude_none`, ours leaves it out where the SDK keeps it as `None`.
- Fields our types declare and SDK 2.4.0 does not (`ModelInputRequired.conditional_values`,
  from the API reference) are extras to the SDK: kept under the API's key whatever
  `use_api_names` says, and absent when not carried. They are compared on their own.
- Unknown fields, which the SDK keeps and dumps, are ignored by our types. Not compared:
  every key of every sample is a field of ours (`_keys` below fails on any other).
"""

from __future__ import annotations

import functools
import importlib
import itertools
import json
import pkgutil
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

import msgspec
import msgspec.inspect as mi
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_sdk._models import construct_type
from scenario_sdk.resources.models import AsyncModelsResource

import scenario_async.ops
from scenario_async.ops._build import Operation
from scenario_async.types._base import ResponseStruct
from tests.support.samples import OPERATIONS, SAMPLES_DIR, sample_json

# Our fields that SDK 2.4.0 does not declare, API name to attribute name.
SDK_UNDECLARED = {"conditionalValues": "conditional_values"}


class Options(TypedDict):
    """The options `to_dict` and `to_json` share with the SDK's, `mode` and `indent` aside."""

    use_api_names: bool
    exclude_unset: bool
    exclude_defaults: bool
    exclude_none: bool


GRID = [
    Options(use_api_names=a, exclude_unset=u, exclude_defaults=d, exclude_none=n)
    for a, u, d, n in itertools.product((True, False), repeat=4)
]
MODES: tuple[Literal["python", "json"], ...] = ("python", "json")


def _our_response_types() -> dict[str, Any]:
    """Each operation's response type, from the `Operation` its builder module declares."""
    found: dict[str, Any] = {}
    for module in pkgutil.iter_modules(scenario_async.ops.__path__):
        namespace = vars(importlib.import_module(f"scenario_async.ops.{module.name}"))
        found.update(
            {v.name: v.response_type for v in namespace.values() if isinstance(v, Operation)}
        )
    return found


OURS = _our_response_types()


def sdk_type(operation: str) -> Any:
    """The type the SDK's client method returns (a list's page type, for a paginator)."""
    target: Any = AsyncModelsResource
    for part in operation.split(".")[1:]:
        attribute = getattr(target, part)
        function = attribute.func if isinstance(attribute, functools.cached_property) else attribute
        target = typing.get_type_hints(function)["return"]
    args = typing.get_args(target)
    return args[1] if args else target


def _dumped(operation: str) -> bool:
    type_ = OURS.get(operation)
    return isinstance(type_, type) and issubclass(type_, ResponseStruct)


# Picks up every operation whose sample exists, the ones added after this file included.
SAMPLED = [op for op in OPERATIONS if (SAMPLES_DIR / f"{op}.json").exists()]
DUMPED = [op for op in SAMPLED if _dumped(op)]
op_param = pytest.mark.parametrize("op", DUMPED)


def ours_from(op: str, data: Any) -> ResponseStruct:
    decoded: ResponseStruct = msgspec.json.decode(msgspec.json.encode(data), type=OURS[op])
    return decoded


def validated(op: str, data: Any) -> Any:
    return sdk_type(op).model_validate(data)


def constructed(op: str, data: Any) -> Any:
    """The SDK's object as its client returns it without `_strict_response_validation`."""
    return construct_type(type_=sdk_type(op), value=data)


def typed(value: Any, *, numbers_by_value: bool = False) -> Any:
    """`value` with each scalar tagged by its type, so that `==` tells 1, 1.0 and True apart."""
    if isinstance(value, dict):
        return {k: typed(v, numbers_by_value=numbers_by_value) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v, numbers_by_value=numbers_by_value) for v in value]
    if numbers_by_value and type(value) in (int, float):
        return ("number", float(value))
    return (type(value).__name__, value)


def without_undeclared(value: Any) -> Any:
    """`value` without the fields SDK 2.4.0 does not declare, under either name."""
    names = {*SDK_UNDECLARED, *SDK_UNDECLARED.values()}
    if isinstance(value, dict):
        return {k: without_undeclared(v) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [without_undeclared(v) for v in value]
    return value


def comparable(dump: Any, *, numbers_by_value: bool = False) -> Any:
    return typed(without_undeclared(dump), numbers_by_value=numbers_by_value)


# --- the samples, under every combination of the options ----------------------------------------


def test_every_operation_is_compared() -> None:
    """The operations left out answer with a bare object: `object` in the SDK, nothing to dump."""
    assert set(SAMPLED) == set(OPERATIONS)
    assert DUMPED
    for op in set(SAMPLED) - set(DUMPED):
        assert OURS[op] == dict[str, Any], op
        assert sdk_type(op) is object, op


@op_param
def test_sample_dumps_as_the_validated_sdk_object(op: str) -> None:
    ours, theirs = ours_from(op, sample_json(op)), validated(op, sample_json(op))
    for options, mode in itertools.product(GRID, MODES):
        assert comparable(ours.to_dict(mode=mode, **options)) == comparable(
            theirs.to_dict(mode=mode, **options)
        ), (options, mode)
    for options, indent in itertools.product(GRID, (None, 2)):
        assert comparable(json.loads(ours.to_json(indent=indent, **options))) == comparable(
            json.loads(theirs.to_json(indent=indent, **options))
        ), (options, indent)


@op_param
def test_sample_dumps_as_the_sdk_client_returns_it(op: str) -> None:
    """`construct` keeps JSON ints in float fields: numbers compare by value. It also keeps
    every aliased key as an extra (see below), and its nested objects dump only the keys they
    were built from even with `exclude_unset=False`: the API's names and `exclude_unset` only.
    """
    ours, theirs = ours_from(op, sample_json(op)), constructed(op, sample_json(op))
    for options in GRID:
        if not (options["use_api_names"] and options["exclude_unset"]):
            continue
        assert comparable(ours.to_dict(**options), numbers_by_value=True) == comparable(
            theirs.to_dict(**options), numbers_by_value=True
        ), options
        assert comparable(json.loads(ours.to_json(**options)), numbers_by_value=True) == comparable(
            json.loads(theirs.to_json(**options)), numbers_by_value=True
        ), options


def test_the_sdk_client_object_also_dumps_api_keys_under_attribute_names() -> None:
    """A deliberate difference: the SDK's `construct` files `jobId` both as the field
    `job_id` and as an extra, so its `use_api_names=False` dump carries both keys."""
    op = "models.download"
    assert constructed(op, sample_json(op)).to_dict(use_api_names=False) == {
        "job_id": "jobId",
        "jobId": "jobId",
    }
    assert ours_from(op, sample_json(op)).to_dict(use_api_names=False) == {"job_id": "jobId"}


def test_fields_the_sdk_does_not_declare() -> None:
    """`conditionalValues` is a field of ours, named as any field is; to the SDK an extra,
    named as it came, and absent when it did not come."""
    op = "models.retrieve"
    carried = sample_json(op)
    missing = sample_json(op)
    del missing["model"]["inputs"][0]["required"]["conditionalValues"]

    def required(dump: dict[str, Any]) -> Any:
        return dump["model"]["inputs"][0]["required"]

    ours, theirs = ours_from(op, carried), validated(op, carried)
    assert required(ours.to_dict())["conditionalValues"] == {}
    assert required(ours.to_dict(use_api_names=False))["conditional_values"] == {}
    assert required(theirs.to_dict())["conditionalValues"] == {}
    assert required(theirs.to_dict(use_api_names=False))["conditionalValues"] == {}

    ours, theirs = ours_from(op, missing), validated(op, missing)
    assert required(ours.to_dict(exclude_unset=False))["conditionalValues"] is None
    assert "conditionalValues" not in required(theirs.to_dict(exclude_unset=False))


@pytest.mark.parametrize(
    "op", ["models.download", "models.update_tags", "models.training_images.replace_pairs"]
)
@pytest.mark.parametrize("indent", [None, 2, 4])
def test_json_text_is_the_sdk_text(op: str, indent: int | None) -> None:
    """Where our fields come in the SDK's order, the text itself is the same."""
    ours, theirs = ours_from(op, sample_json(op)), validated(op, sample_json(op))
    assert ours.to_json(indent=indent) == theirs.to_json(indent=indent)


def test_modes_and_warnings() -> None:
    """Both modes give the same JSON-ready dict; `warnings` changes nothing; another mode is
    refused (pydantic 2 would read it as "python", the SDK's pydantic-1 path refuses it)."""
    ours = ours_from("models.retrieve", sample_json("models.retrieve"))
    python = ours.to_dict(mode="python")
    assert ours.to_dict(mode="json") == python
    assert ours.to_dict(warnings=False) == python
    assert json.loads(ours.to_json(indent=None, warnings=False)) == python
    assert "\n" not in ours.to_json(indent=None)
    with pytest.raises(ValueError, match="mode"):
        ours.to_dict(mode="xml")  # type: ignore[arg-type]


# --- variations: optional fields left out, nullable fields set to null ------------------------

# One step into a JSON value: a key (as the API names it, as our attribute does) or an index.
Step = tuple[str, str] | int


@dataclass(frozen=True)
class Key:
    """A key of a sample, and what our type says of it."""

    path: tuple[Step, ...]
    # A field of one of our Structs (else an entry of a free-form dict).
    field: bool
    optional: bool
    nullable: bool

    @property
    def name(self) -> str:
        """The key, as the API names it."""
        last = self.path[-1]
        assert isinstance(last, tuple)
        return last[0]


def _admits_none(info: mi.Type) -> bool:
    if isinstance(info, mi.UnionType):
        return any(_admits_none(member) for member in info.types)
    return isinstance(info, (mi.NoneType, mi.AnyType))


def _member_for(value: Any, info: mi.Type) -> mi.Type:
    """The member of a union that reads `value` (a union holds one container type at most)."""
    if not isinstance(info, mi.UnionType):
        return info
    wanted = (mi.StructType, mi.DictType) if isinstance(value, dict) else (mi.ListType,)
    return next((m for m in info.types if isinstance(m, wanted)), info)


def _keys(value: Any, info: mi.Type, path: tuple[Step, ...]) -> Iterator[Key]:
    info = _member_for(value, info)
    if isinstance(info, mi.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f for f in info.fields}
        for key, item in value.items():
            field = fields[key]
            step = (*path, (key, field.name))
            yield Key(step, True, not field.required, _admits_none(field.type))
            yield from _keys(item, field.type, step)
    elif isinstance(value, dict) and isinstance(info, (mi.DictType, mi.AnyType)):
        item_info = info.value_type if isinstance(info, mi.DictType) else info
        for key, item in value.items():
            step = (*path, (key, key))
            yield Key(step, False, True, _admits_none(item_info))
            yield from _keys(item, item_info, step)
    elif isinstance(value, list) and isinstance(info, (mi.ListType, mi.AnyType)):
        item_info = info.item_type if isinstance(info, mi.ListType) else info
        for index, item in enumerate(value):
            yield from _keys(item, item_info, (*path, index))


Action = tuple[Literal["drop", "null"], Key]


def _apply(data: Any, actions: list[Action]) -> tuple[Any, list[Action]]:
    """`data` with `actions` applied, parents first; an action under a changed key is moot."""
    applied: list[Action] = []
    for action in sorted(actions, key=lambda a: len(a[1].path)):
        kind, key = action
        if any(key.path[: len(k.path)] == k.path for _, k in applied):
            continue
        parent = data
        for step in key.path[:-1]:
            parent = parent[step if isinstance(step, int) else step[0]]
        name = key.path[-1]
        assert isinstance(name, tuple)
        if kind == "drop":
            del parent[name[0]]
        else:
            parent[name[0]] = None
        applied.append(action)
    return data, applied


@functools.cache
def variations(op: str) -> tuple[Action, ...]:
    """Each change of the sample that our type allows and the SDK's accepts, on its own."""
    keys = list(_keys(sample_json(op), mi.type_info(OURS[op]), ()))
    candidates: list[Action] = [("drop", k) for k in keys if k.optional]
    candidates += [("null", k) for k in keys if k.nullable]
    accepted = []
    for action in candidates:
        changed, _ = _apply(sample_json(op), [action])
        try:
            validated(op, changed)
        except pydantic.ValidationError:
            continue  # required, or not nullable, in the SDK's type
        accepted.append(action)
    return tuple(accepted)


def _pop(dump: Any, path: tuple[Step, ...], api_names: bool) -> Any:
    """Take the key at `path` out of `dump`, named as `api_names` says; its value."""
    for step in path[:-1]:
        dump = dump[step if isinstance(step, int) else step[0 if api_names else 1]]
    last = path[-1]
    assert isinstance(last, tuple)
    return dump.pop(last[0 if api_names else 1])


OPTIONS = st.sampled_from(GRID)


@op_param
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_variations_dump_as_the_sdk_object(op: str, data: st.DataObject) -> None:
    possible = variations(op)
    chosen = data.draw(
        st.lists(st.sampled_from(possible), unique=True, max_size=10) if possible else st.just([]),
        label="actions",
    )
    changed, applied = _apply(sample_json(op), list(chosen))
    ours, theirs = ours_from(op, changed), validated(op, changed)
    options = data.draw(OPTIONS, label="options")
    mode = data.draw(st.sampled_from(MODES), label="mode")

    expected = theirs.to_dict(mode=mode, **options)
    expected_json = json.loads(theirs.to_json(**options))
    # The one difference: null in an optional field of ours reads as not carried, so that
    # `exclude_unset` leaves it out of ours, where the SDK keeps it as carried. (Fields the SDK
    # does not declare are left to `comparable`, which takes them out of both.)
    if options["exclude_unset"] and not (options["exclude_defaults"] or options["exclude_none"]):
        for kind, key in applied:
            if kind == "null" and key.field and key.optional and key.name not in SDK_UNDECLARED:
                assert _pop(expected, key.path, options["use_api_names"]) is None
                assert _pop(expected_json, key.path, options["use_api_names"]) is None
    assert comparable(ours.to_dict(mode=mode, **options)) == comparable(expected)
    assert comparable(json.loads(ours.to_json(**options))) == comparable(expected_json)
