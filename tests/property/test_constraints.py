"""Every documented constraint, checked on both sides of its boundary.

A valid value builds a `Call` whose query or JSON body carries exactly that value under its
wire name; an invalid one raises `ValidationError` naming the parameter as the caller wrote
it, and nothing reaches the transport when the same arguments go through the client.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_async import AsyncScenario, MockTransport, ValidationError
from scenario_async.resource_methods import ResourceMethod
from scenario_async.types import Concept, TrainingImagePairParam, TrainingParameters
from tests.property.strategies import (
    DRY_RUN,
    LR_SCHEDULERS,
    MODEL_TYPES,
    OPERATIONS,
    OPTIMIZE_FOR,
    PRESETS,
    TRAINING_BOUNDS,
    TRAINING_FIELDS,
    Bound,
    Operation,
    camel,
    closed_out,
    enum_in,
    enum_out,
    expected_body,
    expected_query,
    invalid_list_cross_field,
    invalid_training_cross_field,
    invalid_training_image_cross_field,
    outside,
    texts,
    unknown_keys,
    valid_image,
    valid_list,
    valid_training_parameters,
    wire_aliases,
    within,
)

OPS = list(OPERATIONS.values())
OP_IDS = [op.name for op in OPS]
op_param = pytest.mark.parametrize("op", OPS, ids=OP_IDS)

create = OPERATIONS["models.create"]
update = OPERATIONS["models.update"]
listing = OPERATIONS["models.list"]
trigger = OPERATIONS["models.train.trigger"]
TRAINING_OPS = pytest.mark.parametrize("op", [update, trigger], ids=["update", "train.trigger"])
CONCEPT_OPS = pytest.mark.parametrize("op", [create, update], ids=["create", "update"])
IMAGE_OPS = pytest.mark.parametrize(
    "op",
    [OPERATIONS["models.training_images.add"], OPERATIONS["models.training_images.replace"]],
    ids=["add", "replace"],
)

# Values for required parameters, so that one other parameter can be tried on its own.
REQUIRED = {
    "models.delete_images": {"ids": ["a"]},
    "models.transfer": {"destination_project_id": "p"},
    "models.description.update": {"description": "d"},
    "models.examples.update": {"asset_ids": ["a"]},
    "models.train.action": {"action": "cancel"},
    "models.training_images.replace_pairs": {"body": []},
    "models.presets.create": {"inference_id": "inf_1"},
    "models.presets.update": {"is_default": True},
    "models.prompt_guide.update": {"prompt_guide": "# Guide"},
    "models.scores.retrieve_prompt": {"prompt": "a fox"},
}
NULLABLE = {"class_slug", "epoch", "thumbnail", "description", "prompt_guide"}


def build(op: Operation, **kwargs: Any) -> Any:
    return op.invoke(op.build, {**REQUIRED.get(op.name, {}), **kwargs})


def body_of(op: Operation, **kwargs: Any) -> Any:
    call = build(op, **kwargs)
    assert call.body is not None
    return msgspec.json.decode(call.body)


def query_of(op: Operation, **kwargs: Any) -> dict[str, str]:
    pairs = build(op, **kwargs).query
    assert len({name for name, _ in pairs}) == len(pairs), pairs
    return dict(pairs)


def refused(op: Operation, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        build(op, **kwargs)
    return info.value


def same_number(wire: Any, given: Any) -> bool:
    """A JSON number equals the value given, bit for bit once both are floats."""
    return (
        isinstance(wire, (int, float))
        and not isinstance(wire, bool)
        and float(wire) == float(given)
        and math.copysign(1, float(wire)) == math.copysign(1, float(given))
    )


# --- every operation: valid arguments in, exactly those values out ----------------------------


@op_param
@given(data=st.data())
def test_valid_arguments_build_a_call_carrying_exactly_those_values(
    op: Operation, data: st.DataObject
) -> None:
    kwargs = data.draw(op.valid, label="kwargs")
    call = op.invoke(op.build, kwargs)
    assert call.path.count("/") == op.template.count("/")
    assert len(dict(call.query)) == len(call.query)
    assert dict(call.query) == expected_query(op, kwargs)
    body = None if call.body is None else msgspec.json.decode(call.body)
    assert body == expected_body(op, kwargs)


@op_param
@given(data=st.data())
def test_invalid_arguments_are_refused_naming_the_parameter(
    op: Operation, data: st.DataObject
) -> None:
    case = data.draw(op.invalid, label="case")
    with pytest.raises(ValidationError) as info:
        op.invoke(op.build, case.kwargs)
    assert info.value.parameter == case.parameter, info.value.rule


def _unreachable(request: Any) -> Any:
    raise AssertionError(f"a request reached the transport: {request.method} {request.url}")


async def send(client: AsyncScenario, op: Operation, kwargs: dict[str, Any]) -> None:
    target = op.client_target(client)
    if isinstance(target, ResourceMethod):
        # The single request as built (get-bulk's chunking has its own tests: test_bulk*.py).
        target = target.raw
    result = op.invoke(target, kwargs)
    await result  # a coroutine, or the list paginator (awaitable)


@op_param
@given(data=st.data())
async def test_invalid_arguments_never_reach_the_transport(
    op: Operation, data: st.DataObject
) -> None:
    case = data.draw(op.invalid, label="case")
    transport = MockTransport(_unreachable)
    client = AsyncScenario(api_key="k", api_secret="s", transport=transport)
    with pytest.raises(ValidationError) as info:
        await send(client, op, case.kwargs)
    assert info.value.parameter == case.parameter, info.value.rule
    assert transport.requests == []


@op_param
@settings(max_examples=25)
@given(data=st.data())
async def test_valid_arguments_reach_the_transport_as_built(
    op: Operation, data: st.DataObject
) -> None:
    from scenario_async import TransportResponse

    kwargs = data.draw(op.valid, label="kwargs")
    call = op.invoke(op.build, kwargs)
    transport = MockTransport(lambda _: TransportResponse(200, {}, b'{"models": []}'))
    client = AsyncScenario(api_key="k", api_secret="s", transport=transport)
    await send(client, op, kwargs)
    [request] = transport.requests
    assert request.method == call.method
    assert request.body == call.body


# --- numeric bounds of the reference's table ---------------------------------------------------


@TRAINING_OPS
@pytest.mark.parametrize("name", sorted(TRAINING_BOUNDS))
@given(data=st.data())
def test_training_parameter_within_its_bound_is_sent_as_given(
    op: Operation, name: str, data: st.DataObject
) -> None:
    value = data.draw(within(TRAINING_BOUNDS[name]), label=name)
    as_struct = data.draw(st.booleans(), label="as_struct")
    parameters = TrainingParameters(**{name: value}) if as_struct else {name: value}
    wire = body_of(op, parameters=parameters)["parameters"]
    assert list(wire) == [camel(name)]
    assert same_number(wire[camel(name)], value)


@TRAINING_OPS
@pytest.mark.parametrize("name", sorted(TRAINING_BOUNDS))
def test_training_parameter_bound_ends(op: Operation, name: str) -> None:
    bound = TRAINING_BOUNDS[name]
    for end in (bound.lo, bound.hi):
        if end is not None and bound.holds(end):
            for value in (end, float(end)):
                wire = body_of(op, parameters={name: value})["parameters"]
                assert same_number(wire[camel(name)], value)
    for value in closed_out(bound):
        assert refused(op, parameters={name: value}).parameter == f"parameters.{name}"


@TRAINING_OPS
@pytest.mark.parametrize("name", sorted(TRAINING_BOUNDS))
@given(data=st.data())
def test_training_parameter_outside_its_bound_is_refused(
    op: Operation, name: str, data: st.DataObject
) -> None:
    value = data.draw(outside(TRAINING_BOUNDS[name]), label=name)
    as_struct = data.draw(st.booleans(), label="as_struct")
    parameters = TrainingParameters(**{name: value}) if as_struct else {name: value}
    assert refused(op, parameters=parameters).parameter == f"parameters.{name}"


@TRAINING_OPS
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("learning_rate_text_encoder", 0.001),
        ("seed", 2**53 - 1),
        ("text_encoder_training_ratio", 0.99),
        ("rank", 2),
        ("rank", 128),
        ("batch_size", 4),
        ("max_train_steps", 40000),
        ("nb_epochs", 30),
        ("random_crop_scale", 1),
    ],
)
def test_documented_boundary_values_are_sent_exactly(op: Operation, name: str, value: Any) -> None:
    wire = body_of(op, parameters={name: value})["parameters"][camel(name)]
    assert same_number(wire, value)


@TRAINING_OPS
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("learning_rate_text_encoder", math.nextafter(0.001, 1)),
        ("learning_rate_text_encoder", 0),
        ("learning_rate", 0),
        ("learning_rate", -0.0),
        ("learning_rate_unet", 0.0),
        ("prior_loss_weight", 0),
        ("seed", 2**53),
        ("seed", -1),
        ("text_encoder_training_ratio", math.nextafter(0.99, 1)),
        ("rank", 1),
        ("rank", 129),
        ("batch_size", 0),
        ("batch_size", 5),
        ("max_train_steps", 40001),
        ("num_text_train_steps", -1),
        ("num_u_net_train_steps", 40000.000000001),
        ("nb_epochs", 0),
        ("nb_repeats", 31),
        ("random_crop_ratio", -1e-300),
        ("validation_frequency", -1),
    ],
)
def test_documented_boundaries_just_outside_are_refused(
    op: Operation, name: str, value: Any
) -> None:
    assert refused(op, parameters={name: value}).parameter == f"parameters.{name}"


@TRAINING_OPS
@pytest.mark.parametrize(
    "name", ["learning_rate", "learning_rate_unet", "prior_loss_weight", "validation_frequency"]
)
@pytest.mark.parametrize("value", [math.inf, math.nan], ids=["inf", "nan"])
def test_unbounded_above_parameters_refuse_non_finite_numbers(
    op: Operation, name: str, value: float
) -> None:
    """JSON has no infinity: msgspec would send `null`, which means nothing here."""
    assert refused(op, parameters={name: value}).parameter == f"parameters.{name}"


@CONCEPT_OPS
@given(scale=within(Bound(-2, 2)), model_id=texts, as_struct=st.booleans())
def test_concept_scale_within_bounds_is_sent_as_given(
    op: Operation, scale: float, model_id: str, as_struct: bool
) -> None:
    concept = (
        Concept(model_id=model_id, scale=scale)
        if as_struct
        else {
            "model_id": model_id,
            "scale": scale,
        }
    )
    [wire] = body_of(op, concepts=[concept])["concepts"]
    assert wire["modelId"] == model_id
    assert same_number(wire["scale"], scale)


@CONCEPT_OPS
@pytest.mark.parametrize("scale", [-2, 2, -2.0, 2.0])
def test_concept_scale_ends_are_accepted(op: Operation, scale: float) -> None:
    [wire] = body_of(op, concepts=[{"model_id": "m", "scale": scale}])["concepts"]
    assert same_number(wire["scale"], scale)


@CONCEPT_OPS
@given(
    scale=outside(Bound(-2, 2)),
    index=st.integers(0, 2),
    as_struct=st.booleans(),
)
def test_concept_scale_outside_bounds_is_refused(
    op: Operation, scale: Any, index: int, as_struct: bool
) -> None:
    concepts: list[Any] = [{"model_id": "m", "scale": 1}] * index
    bad = Concept(model_id="m", scale=scale) if as_struct else {"model_id": "m", "scale": scale}
    error = refused(op, concepts=[*concepts, bad])
    assert error.parameter == f"concepts[{index}].scale"


@pytest.mark.parametrize(
    ("op", "name", "limit"),
    [
        (create, "name", 64),
        (create, "short_description", 256),
    ],
    ids=["name", "short_description"],
)
@given(data=st.data())
def test_create_text_lengths(op: Operation, name: str, limit: int, data: st.DataObject) -> None:
    fits = data.draw(
        st.one_of(st.text(max_size=limit), st.text(min_size=limit, max_size=limit)), label="fits"
    )
    assert body_of(op, **{name: fits})[camel(name)] == fits
    for value in ("x" * limit, "\U0001f600" * limit, "é" * limit):
        assert body_of(op, **{name: value})[camel(name)] == value
    too_long = data.draw(st.text(min_size=limit + 1, max_size=limit + 5), label="too_long")
    assert refused(op, **{name: too_long}).parameter == name
    assert refused(op, **{name: "\U0001f600" * (limit + 1)}).parameter == name


@TRAINING_OPS
@given(key=st.text(max_size=40), too_long=st.text(min_size=41, max_size=50))
def test_wandb_key_length(op: Operation, key: str, too_long: str) -> None:
    assert body_of(op, parameters={"wandb_key": key})["parameters"]["wandbKey"] == key
    assert body_of(op, parameters={"wandb_key": "k" * 40})["parameters"]["wandbKey"] == "k" * 40
    assert refused(op, parameters={"wandb_key": too_long}).parameter == "parameters.wandb_key"


@given(size=within(Bound(1, 500, integer=True)))
def test_page_size_within_bounds_is_sent(size: int) -> None:
    assert query_of(listing, page_size=size)["pageSize"] == str(size)


@pytest.mark.parametrize("size", [1, 500])
def test_page_size_ends_are_accepted(size: int) -> None:
    assert query_of(listing, page_size=size)["pageSize"] == str(size)


@given(size=outside(Bound(1, 500, integer=True)))
def test_page_size_outside_bounds_is_refused(size: Any) -> None:
    assert refused(listing, page_size=size).parameter == "page_size"


@pytest.mark.parametrize("size", [0, 501, -1, 1.0, 100.0, True, "100", None])
def test_page_size_just_outside_or_mistyped_is_refused(size: Any) -> None:
    assert refused(listing, page_size=size).parameter == "page_size"


@given(count=within(Bound(lo=0, integer=True)), bad=outside(Bound(lo=0, integer=True)))
def test_training_images_count(count: int, bad: Any) -> None:
    assert query_of(trigger, training_images_count=count)["trainingImagesCount"] == str(count)
    assert refused(trigger, training_images_count=bad).parameter == "training_images_count"


# --- enumerations ------------------------------------------------------------------------------

ENUMS = [
    ("models.list", "privacy", ("private", "public")),
    ("models.list", "sort_by", ("createdAt", "updatedAt", "score")),
    ("models.list", "sort_direction", ("asc", "desc")),
    ("models.list", "status", ("new", "training", "trained", "failed", "deleted")),
    ("models.list", "type", MODEL_TYPES),
    ("models.create", "type", MODEL_TYPES),
    ("models.update", "type", MODEL_TYPES),
    ("models.download", "dry_run", DRY_RUN),
    ("models.train.trigger", "dry_run", DRY_RUN),
    ("models.train.action", "action", ("cancel",)),
    ("models.training_images.add", "preset", PRESETS),
    ("models.training_images.replace", "preset", PRESETS),
]
enum_param = pytest.mark.parametrize(
    ("name", "param", "values"), ENUMS, ids=[f"{op}.{param}" for op, param, _ in ENUMS]
)


def _wire_value(op: Operation, param: str, value: Any) -> Any:
    if param in op.query_params:
        return query_of(op, **{param: value})[camel(param)]
    return body_of(op, **{param: value})[camel(param)]


@enum_param
def test_every_enum_value_is_accepted_as_is(name: str, param: str, values: tuple[str]) -> None:
    op = OPERATIONS[name]
    for value in values:
        assert _wire_value(op, param, value) == value


@enum_param
@given(data=st.data())
def test_unknown_enum_values_are_refused(
    name: str, param: str, values: tuple[str], data: st.DataObject
) -> None:
    bad = data.draw(enum_out(values), label=param)
    assert refused(OPERATIONS[name], **{param: bad}).parameter == param


@given(types=st.lists(enum_in(MODEL_TYPES), max_size=4), bad=enum_out(MODEL_TYPES))
def test_list_types_are_comma_joined_and_each_checked(types: list[str], bad: Any) -> None:
    assert query_of(listing, types=types)["types"] == ",".join(types)
    assert refused(listing, types=[*types, bad]).parameter == f"types[{len(types)}]"


@TRAINING_OPS
@pytest.mark.parametrize(
    ("param", "values"),
    [("lr_scheduler", LR_SCHEDULERS), ("optimize_for", OPTIMIZE_FOR)],
    ids=["lr_scheduler", "optimize_for"],
)
@given(data=st.data())
def test_training_enums(op: Operation, param: str, values: tuple[str], data: st.DataObject) -> None:
    for value in values:
        assert body_of(op, parameters={param: value})["parameters"][camel(param)] == value
    bad = data.draw(enum_out(values), label=param)
    assert refused(op, parameters={param: bad}).parameter == f"parameters.{param}"


# --- null where null means nothing, and wrong types -------------------------------------------

NON_NULLABLE = [(op, param) for op in OPS for param in sorted(op.params) if param not in NULLABLE]


@pytest.mark.parametrize(
    ("op", "param"), NON_NULLABLE, ids=[f"{op.name}.{p}" for op, p in NON_NULLABLE]
)
def test_none_is_refused_where_null_means_nothing(op: Operation, param: str) -> None:
    assert refused(op, **{param: None}).parameter == param


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("models.create", "class_slug"),
        ("models.update", "class_slug"),
        ("models.update", "epoch"),
        ("models.update", "thumbnail"),
        ("models.description.update", "description"),
        ("models.prompt_guide.update", "prompt_guide"),
    ],
)
def test_none_is_sent_as_null_where_it_unsets(name: str, param: str) -> None:
    assert body_of(OPERATIONS[name], **{param: None}) == {camel(param): None}


@TRAINING_OPS
@pytest.mark.parametrize("name", sorted(TRAINING_FIELDS))
def test_training_parameter_none_is_refused(op: Operation, name: str) -> None:
    assert refused(op, parameters={name: None}).parameter == f"parameters.{name}"


@op_param
@given(data=st.data())
def test_each_parameter_with_a_wrong_value_alone_is_named(
    op: Operation, data: st.DataObject
) -> None:
    param = data.draw(st.sampled_from(sorted(op.params)), label="param")
    value, suffix = data.draw(op.params[param].invalid, label="value")
    assert refused(op, **{param: value}).parameter == param + suffix


# --- unknown keys in nested dicts --------------------------------------------------------------

NESTED = [
    ("concepts", ["model_id", "scale", "model_epoch"], {"model_id": "m", "scale": 1.0}),
    ("parameters", sorted(TRAINING_FIELDS), {}),
    ("body", ["instruction", "source_id", "target_id"], {"source_id": "s"}),
]


def _nested_call(container: str, item: dict[str, Any]) -> tuple[Callable[[], Any], str]:
    if container == "concepts":
        return lambda: build(create, concepts=[item]), "concepts[0]"
    if container == "parameters":
        return lambda: build(update, parameters=item), "parameters"
    pairs = OPERATIONS["models.training_images.replace_pairs"]
    return lambda: build(pairs, body=[item]), "body[0]"


@pytest.mark.parametrize(("container", "known", "base"), NESTED, ids=[n[0] for n in NESTED])
@given(data=st.data())
def test_unknown_keys_in_nested_dicts_are_refused(
    container: str, known: list[str], base: dict[str, Any], data: st.DataObject
) -> None:
    key = data.draw(unknown_keys(known, aliases=False), label="key")
    value = data.draw(st.one_of(st.none(), st.integers(), texts), label="value")
    attempt, where = _nested_call(container, {**base, key: value})
    with pytest.raises(ValidationError) as info:
        attempt()
    assert info.value.parameter == where
    assert key in info.value.rule


@pytest.mark.parametrize(("container", "known", "base"), NESTED, ids=[n[0] for n in NESTED])
def test_wire_names_are_unknown_keys_in_nested_dicts(
    container: str, known: list[str], base: dict[str, Any]
) -> None:
    """Python callers spell nested keys in snake_case; `modelId` is not a parameter name.

    Accepting it would also let `{"model_id": "a", "modelId": "b"}` send "b" silently.
    """
    for alias in wire_aliases(known):
        attempt, where = _nested_call(container, {**base, alias: "x"})
        with pytest.raises(ValidationError) as info:
            attempt()
        assert info.value.parameter == where, alias


def test_a_concept_with_both_spellings_of_a_key_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        build(create, concepts=[{"model_id": "a", "modelId": "b", "scale": 1}])
    assert info.value.parameter == "concepts[0]"


@pytest.mark.parametrize("missing", ["model_id", "scale"])
def test_a_concept_missing_a_required_key_is_refused(missing: str) -> None:
    concept = {"model_id": "m", "scale": 1.0}
    del concept[missing]
    with pytest.raises(ValidationError) as info:
        build(create, concepts=[concept])
    assert info.value.parameter == "concepts[0]"
    assert missing in info.value.rule


def test_pairs_given_as_structs_are_sent_with_wire_names() -> None:
    pairs = OPERATIONS["models.training_images.replace_pairs"]
    pair = TrainingImagePairParam(source_id="s", target_id="t", instruction="i")
    assert body_of(pairs, body=[pair]) == [{"sourceId": "s", "targetId": "t", "instruction": "i"}]


@pytest.mark.parametrize("body", [None, {"source_id": "s"}, "s", 3])
def test_pairs_body_that_is_not_an_array_is_reported_as_body(body: Any) -> None:
    pairs = OPERATIONS["models.training_images.replace_pairs"]
    assert refused(pairs, body=body).parameter == "body"


# --- cross-field rules -------------------------------------------------------------------------


@given(kwargs=valid_list)
def test_list_arguments_respecting_the_cross_field_rules_are_accepted(
    kwargs: dict[str, Any],
) -> None:
    assert dict(build(listing, **kwargs).query) == expected_query(listing, kwargs)


@given(case=invalid_list_cross_field())
def test_list_cross_field_violations_are_refused(case: Any) -> None:
    assert refused(listing, **case.kwargs).parameter == case.parameter


@pytest.mark.parametrize(
    ("date", "sort_by"),
    [
        ("created_after", "createdAt"),
        ("created_before", "createdAt"),
        ("updated_after", "updatedAt"),
        ("updated_before", "updatedAt"),
    ],
)
def test_date_filters_with_their_sort_by_are_sent(date: str, sort_by: str) -> None:
    query = query_of(listing, **{date: "2024-01-01T00:00:00Z", "sort_by": sort_by})
    assert query == {camel(date): "2024-01-01T00:00:00Z", "sortBy": sort_by}
    for other in ("createdAt", "updatedAt", "score"):
        if other != sort_by:
            error = refused(listing, **{date: "2024-01-01T00:00:00Z", "sort_by": other})
            assert error.parameter == date
    assert refused(listing, **{date: "2024-01-01T00:00:00Z"}).parameter == date


def test_type_and_types_together_are_refused() -> None:
    assert refused(listing, type="sd-xl", types=["sd-xl"]).parameter == "types"
    assert query_of(listing, type="sd-xl") == {"type": "sd-xl"}
    assert query_of(listing, types=["sd-xl", "flux.1"]) == {"types": "sd-xl,flux.1"}


@TRAINING_OPS
@given(parameters=valid_training_parameters)
def test_training_parameters_respecting_the_cross_field_rules_are_accepted(
    op: Operation, parameters: Any
) -> None:
    assert body_of(op, parameters=parameters) == expected_body(op, {"parameters": parameters})


@TRAINING_OPS
@given(case=invalid_training_cross_field())
def test_training_cross_field_violations_are_refused(op: Operation, case: Any) -> None:
    parameters, suffix = case
    assert refused(op, parameters=parameters).parameter == "parameters" + suffix


@TRAINING_OPS
@given(steps=within(Bound(0, 40000)))
def test_validation_frequency_may_equal_max_train_steps(op: Operation, steps: float) -> None:
    wire = body_of(op, parameters={"max_train_steps": steps, "validation_frequency": steps})
    assert same_number(wire["parameters"]["validationFrequency"], steps)
    error = refused(
        op,
        parameters={
            "max_train_steps": steps,
            "validation_frequency": math.nextafter(float(steps), math.inf),
        },
    )
    assert error.parameter == "parameters.validation_frequency"


@TRAINING_OPS
@given(prompts=st.lists(texts, max_size=4), extra=st.integers(1, 3))
def test_sample_source_images_match_sample_prompts(
    op: Operation, prompts: list[str], extra: int
) -> None:
    sources = [f"asset_{i}" for i in range(len(prompts))]
    wire = body_of(op, parameters={"sample_prompts": prompts, "sample_source_images": sources})
    assert wire["parameters"] == {"samplePrompts": prompts, "sampleSourceImages": sources}
    longer = [*sources, *(["x"] * extra)]
    for bad in (longer, sources[:-1]) if sources else (longer,):
        error = refused(op, parameters={"sample_prompts": prompts, "sample_source_images": bad})
        assert error.parameter == "parameters.sample_source_images"


@IMAGE_OPS
@given(kwargs=valid_image)
def test_training_image_bodies_respecting_the_rules_are_accepted(
    op: Operation, kwargs: dict[str, Any]
) -> None:
    call = op.invoke(op.build, kwargs)
    assert call.body is not None
    assert msgspec.json.decode(call.body) == expected_body(op, kwargs)


@IMAGE_OPS
@given(case=invalid_training_image_cross_field())
def test_training_image_cross_field_violations_are_refused(op: Operation, case: Any) -> None:
    assert refused(op, **case.kwargs).parameter == case.parameter


@IMAGE_OPS
def test_asset_ids_at_most_ten(op: Operation) -> None:
    ten = [f"asset_{i}" for i in range(10)]
    assert body_of(op, asset_ids=ten) == {"assetIds": ten}
    assert refused(op, asset_ids=[*ten, "asset_10"]).parameter == "asset_ids"


@IMAGE_OPS
@pytest.mark.parametrize(
    "others",
    [{"asset_id": "a"}, {"data": "data:image/png;base64,AA==", "name": "x.png"}],
    ids=["asset_id", "data+name"],
)
def test_asset_ids_exclusions(op: Operation, others: dict[str, str]) -> None:
    assert refused(op, asset_ids=["a"], **others).parameter == "asset_ids"


# --- the operations the reference lacks: their required values -------------------------------

presets_create = OPERATIONS["models.presets.create"]
presets_update = OPERATIONS["models.presets.update"]
score_prompt = OPERATIONS["models.scores.retrieve_prompt"]


@given(prompt=st.text(min_size=1), project_id=st.none() | texts)
def test_score_prompt_is_sent_as_given(prompt: str, project_id: str | None) -> None:
    extra = {} if project_id is None else {"project_id": project_id}
    query = dict(score_prompt.invoke(score_prompt.build, {"prompt": prompt, **extra}).query)
    assert query["prompt"] == prompt


@given(project_id=st.none() | texts, bad=st.one_of(st.just(""), st.none(), st.integers()))
async def test_score_prompt_left_out_or_empty_is_refused_before_any_request(
    project_id: str | None, bad: Any
) -> None:
    """The SDK lets a call without `prompt` through, to the API's 400; ours refuses it."""
    extra = {} if project_id is None else {"project_id": project_id}
    transport = MockTransport(_unreachable)
    client = AsyncScenario(api_key="k", api_secret="s", transport=transport)
    for kwargs in (extra, {**extra, "prompt": bad}):
        with pytest.raises(ValidationError) as info:
            score_prompt.invoke(score_prompt.build, kwargs)
        assert info.value.parameter == "prompt"
        with pytest.raises(ValidationError) as info:
            await send(client, score_prompt, kwargs)
        assert info.value.parameter == "prompt"
    assert transport.requests == []


@given(inference_id=st.text(min_size=1), is_default=st.none() | st.booleans())
def test_preset_inference_id_is_sent_as_given(inference_id: str, is_default: bool | None) -> None:
    if is_default is None:
        body = body_of(presets_create, inference_id=inference_id)
        assert body == {"inferenceId": inference_id}
    else:
        body = body_of(presets_create, inference_id=inference_id, is_default=is_default)
        assert body == {"inferenceId": inference_id, "isDefault": is_default}


@pytest.mark.parametrize("bad", ["", None, 0, b"inf", ["inf"]])
def test_preset_inference_id_must_be_a_non_empty_string(bad: Any) -> None:
    assert refused(presets_create, inference_id=bad).parameter == "inference_id"


@pytest.mark.parametrize("op", [presets_create, presets_update], ids=["create", "update"])
@pytest.mark.parametrize("bad", [None, 0, 1, "true", "false", ""])
def test_preset_is_default_must_be_a_bool(op: Operation, bad: Any) -> None:
    assert refused(op, is_default=bad).parameter == "is_default"
    assert body_of(op, is_default=True)["isDefault"] is True
    assert body_of(op, is_default=False)["isDefault"] is False


@given(text=st.text(), bad=st.one_of(st.booleans(), st.integers(), st.lists(texts, max_size=2)))
def test_prompt_guide_is_text_or_null(text: str, bad: Any) -> None:
    guide = OPERATIONS["models.prompt_guide.update"]
    assert body_of(guide, prompt_guide=text) == {"promptGuide": text}
    assert body_of(guide, prompt_guide=None) == {"promptGuide": None}
    assert refused(guide, prompt_guide=bad).parameter == "prompt_guide"
