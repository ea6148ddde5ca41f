"""The documented enumerations of the responses decode as any value of their type, and keep it.

A type checker reads each alias of scenario_async/types/enums.py as a `Literal` of the documented
values (tests/user_code/uses_enums.py checks that side); at run time the alias is the plain type
of its values, so a value a newer server adds decodes, and is kept, instead of failing the whole
payload. The values and the fields they type are read here from the sources the type checkers
read: the `TYPE_CHECKING` block of enums.py, and the annotations of the type modules.
"""

from __future__ import annotations

import ast
import inspect
import typing
from collections.abc import Iterator
from types import ModuleType

import msgspec
import msgspec.inspect as mi
import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_async.types as types_package
from scenario_async.training import (
    STAGE_ORDER,
    STATUS_PHASE,
    ActiveStatus,
    StageChanged,
    TerminalStatus,
    TrainingState,
    UnknownState,
    reduce,
)
from scenario_async.types import (
    Model,
    ModelGetBulkResponse,
    ModelRetrieveResponse,
    ModelStatus,
    ResponseStruct,
    TrainingSnapshot,
    TrainingStage,
    assets,
    enums,
    job,
    model,
    params,
    scores,
    shared,
)

TYPE_MODULES: tuple[ModuleType, ...] = (model, shared, job, assets, scores)

# Restated from the API reference (its training lifecycle), not read from the library.
REFERENCE_MODEL_STATUS = {"new", "copying", "training", "trained", "failed", "training-canceled"}
REFERENCE_TRAINING_STAGE = {
    "pending",
    "pending-captcha",
    "queued-for-train",
    "starting-train",
    "running-train",
}
# SDK 2.4.0's extra stage, which the reference does not document: open at run time all the same.
SDK_ONLY_STAGE = "ready-for-captcha"


def _literal_values(node: ast.expr, known: dict[str, tuple[object, ...]]) -> tuple[object, ...]:
    """The values of a `Literal[...]`, those of the aliases it names (`known`) included."""
    assert isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal"
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    values: list[object] = []
    for item in items:
        if isinstance(item, ast.Name):
            values.extend(known[item.id])
        else:
            values.append(ast.literal_eval(item))
    return tuple(values)


def _documented() -> dict[str, tuple[object, ...]]:
    """Each public alias's values, as the type checkers read them."""
    tree = ast.parse(inspect.getsource(enums))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    values: dict[str, tuple[object, ...]] = {}
    for node in block.body:
        if isinstance(node, ast.ImportFrom):  # the request types' own Literals
            for name in node.names:
                values[name.name] = typing.get_args(getattr(params, name.name))
        elif isinstance(node, ast.AnnAssign):
            assert isinstance(node.target, ast.Name)
            values[node.target.id] = _literal_values(node.value, values)
    return {name: found for name, found in values.items() if not name.startswith("_")}


DOCUMENTED = _documented()


def _enum_fields() -> Iterator[tuple[type[msgspec.Struct], str, str, bool]]:
    """(class, attribute, alias, in a list) of every response field typed with an alias."""
    for module in TYPE_MODULES:
        for node in ast.parse(inspect.getsource(module)).body:
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
                    continue
                names = {n.id for n in ast.walk(item.annotation) if isinstance(n, ast.Name)}
                for alias in sorted(names & DOCUMENTED.keys()):
                    yield getattr(module, node.name), item.target.id, alias, "list" in names


ENUM_FIELDS = list(_enum_fields())
FIELD_IDS = [f"{cls.__name__}.{attribute}" for cls, attribute, _, _ in ENUM_FIELDS]


def _minimal(info: mi.Type) -> object:
    """The smallest wire value of `info`: a Struct's required fields only."""
    match info:
        case mi.StructType():
            return {f.encode_name: _minimal(f.type) for f in info.fields if f.required}
        case mi.Metadata():
            return _minimal(info.type)
        case mi.UnionType():
            return _minimal(next(t for t in info.types if not isinstance(t, mi.NoneType)))
        case mi.StrType():
            return "x"
        case mi.IntType() | mi.FloatType():
            return 0
        case mi.BoolType():
            return False
        case mi.ListType():
            return []
        case mi.DictType():
            return {}
        case _:
            return None


def _decoded(cls: type[msgspec.Struct], attribute: str, value: object, in_list: bool) -> object:
    """`value` sent in `cls`'s field `attribute`, as decoded and read back."""
    wire = _minimal(mi.type_info(cls))
    assert isinstance(wire, dict)
    field = next(f for f in msgspec.structs.fields(cls) if f.name == attribute)
    wire[field.encode_name] = [value] if in_list else value
    decoded = getattr(msgspec.json.decode(msgspec.json.encode(wire), type=cls), attribute)
    return decoded[0] if in_list else decoded


def test_the_aliases_are_the_documented_values_to_a_type_checker_and_open_at_run_time() -> None:
    assert set(enums.__all__) == DOCUMENTED.keys()
    for name, values in DOCUMENTED.items():
        (value_type,) = {type(value) for value in values}
        assert getattr(enums, name) is value_type, name
    exported = set(types_package.__all__)
    # The three the requests share are exported from params.py, as the request Literals.
    assert DOCUMENTED.keys() <= exported
    assert set(DOCUMENTED["ModelStatus"]) == REFERENCE_MODEL_STATUS
    assert set(DOCUMENTED["TrainingStage"]) == REFERENCE_TRAINING_STAGE
    assert SDK_ONLY_STAGE not in DOCUMENTED["TrainingStage"]


def test_the_reducer_knows_every_documented_status_and_stage() -> None:
    assert set(STATUS_PHASE) == set(DOCUMENTED["ModelStatus"])
    sides = typing.get_args(ActiveStatus) + typing.get_args(TerminalStatus)
    assert sorted(sides) == sorted(DOCUMENTED["ModelStatus"])
    assert DOCUMENTED["TrainingStage"] == STAGE_ORDER  # both in lifecycle order


def test_every_aliased_field_is_found_and_the_main_ones_are_typed_as_documented() -> None:
    found = {(cls.__name__, attribute): alias for cls, attribute, alias, _ in ENUM_FIELDS}
    assert len(DOCUMENTED.keys() - set(found.values())) == 0  # every alias types a field
    assert found[("Model", "status")] == "ModelStatus"
    assert found[("TrainingSnapshot", "status")] == "ModelStatus"
    assert found[("ModelTrainingProgress", "stage")] == "TrainingStage"
    assert found[("Job", "status")] == "JobStatus"
    assert found[("Model", "capabilities")] == "ModelCapability"


def test_no_response_field_is_checked_against_a_list_of_values() -> None:
    """A `Literal` (or an Enum) in a response type would refuse tomorrow's values."""
    responses = [
        value
        for value in vars(types_package).values()
        if isinstance(value, type) and issubclass(value, ResponseStruct)
    ]
    pending: list[mi.Type] = list(mi.multi_type_info(responses))
    seen: set[type] = set()
    while pending:
        info = pending.pop()
        match info:
            case mi.LiteralType() | mi.EnumType():
                pytest.fail(f"a closed set of values in a response type: {info}")
            case mi.StructType() if info.cls not in seen:
                seen.add(info.cls)
                pending.extend(f.type for f in info.fields)
            case mi.UnionType():
                pending.extend(info.types)
            case mi.ListType():
                pending.append(info.item_type)
            case mi.DictType():
                pending.append(info.value_type)
            case mi.Metadata():
                pending.append(info.type)
            case _:
                pass
    assert Model in seen


@pytest.mark.parametrize(("cls", "attribute", "alias", "in_list"), ENUM_FIELDS, ids=FIELD_IDS)
def test_every_documented_value_decodes(
    cls: type[msgspec.Struct], attribute: str, alias: str, in_list: bool
) -> None:
    for value in DOCUMENTED[alias]:
        assert _decoded(cls, attribute, value, in_list) == value


@pytest.mark.parametrize(("cls", "attribute", "alias", "in_list"), ENUM_FIELDS, ids=FIELD_IDS)
def test_a_value_from_a_newer_server_decodes_and_is_kept(
    cls: type[msgspec.Struct], attribute: str, alias: str, in_list: bool
) -> None:
    newer = 33 if alias == "AccessRestrictions" else "added-by-a-newer-server"
    assert _decoded(cls, attribute, newer, in_list) == newer


STRING_FIELDS = [field for field in ENUM_FIELDS if field[2] != "AccessRestrictions"]


@given(field=st.sampled_from(STRING_FIELDS), value=st.text())
def test_any_string_decodes_in_any_enumerated_field(
    field: tuple[type[msgspec.Struct], str, str, bool], value: str
) -> None:
    cls, attribute, _, in_list = field
    assert _decoded(cls, attribute, value, in_list) == value


@given(status=st.text(), stage=st.text())
def test_a_model_with_any_status_and_stage_decodes_whole(status: str, stage: str) -> None:
    wire = {
        "id": "model_abc",
        "privacy": "private",
        "type": "flux.1-lora",
        "status": status,
        "trainingProgress": {"stage": stage, "updatedAt": 1.0, "progress": 0.5},
    }
    got = msgspec.json.decode(msgspec.json.encode(wire), type=Model)
    assert got.status == status
    assert got.training_progress is not None
    assert (got.training_progress.stage, got.training_progress.progress) == (stage, 0.5)
    snapshot = msgspec.json.decode(msgspec.json.encode(wire), type=TrainingSnapshot)
    assert snapshot.status == status


def test_a_model_of_a_newer_server_decodes_in_every_envelope() -> None:
    """New values in every enumerated field of a model at once, and the rest still reads."""
    newer = {
        "id": "model_abc",
        "privacy": "team-only",
        "type": "flux.3-lora",
        "status": "archived",
        "source": "github",
        "capabilities": ["txt2img", "txt2hologram"],
        "accessRestrictions": 10,
        "name": "Cinematic",
        "trainingProgress": {"stage": SDK_ONLY_STAGE, "updatedAt": 2.0, "position": 3},
        "inputs": [{"name": "prompt", "type": "rich_text", "kind": "hologram"}],
        "uiConfig": {"triggerGenerate": {"label": "Go", "position": "left"}},
    }
    body = msgspec.json.encode({"model": newer})
    single = msgspec.json.decode(body, type=ModelRetrieveResponse).model
    bulk = msgspec.json.decode(msgspec.json.encode({"models": [newer]}), type=ModelGetBulkResponse)
    for got in (single, bulk.models[0]):
        assert (got.status, got.privacy, got.type, got.source) == (
            "archived",
            "team-only",
            "flux.3-lora",
            "github",
        )
        assert got.capabilities == ["txt2img", "txt2hologram"]
        assert got.access_restrictions == 10
        assert got.name == "Cinematic"
        assert got.training_progress is not None
        assert (got.training_progress.stage, got.training_progress.position) == (SDK_ONLY_STAGE, 3)
        assert got.inputs is not None
        assert (got.inputs[0].type, got.inputs[0].kind) == ("rich_text", "hologram")


def test_a_view_of_a_callers_own_typed_with_the_aliases_is_as_open() -> None:
    class View(msgspec.Struct):
        status: ModelStatus | None = None
        stages: list[TrainingStage] = []

    got = msgspec.json.decode(b'{"status": "archived", "stages": ["validating"]}', type=View)
    assert (got.status, got.stages) == ("archived", ["validating"])


def test_the_reducer_reports_a_stage_outside_the_documented_ones_and_carries_on() -> None:
    def polled(stage: str, at: float) -> Model:
        wire = {
            "id": "model_abc",
            "privacy": "private",
            "type": "flux.1-lora",
            "status": "training",
            "trainingProgress": {"stage": stage, "updatedAt": at},
        }
        return msgspec.json.decode(msgspec.json.encode(wire), type=Model)

    state, events = reduce(TrainingState(model_id="model_abc"), polled(SDK_ONLY_STAGE, 1.0), 1.0)
    unknown = [e for e in events if isinstance(e, UnknownState)]
    assert [(e.field, e.value) for e in unknown] == [("stage", SDK_ONLY_STAGE)]
    assert state.stage is None
    state, events = reduce(state, polled("running-train", 2.0), 2.0)
    assert [(e.from_stage, e.to_stage) for e in events if isinstance(e, StageChanged)] == [
        (None, "running-train")
    ]
