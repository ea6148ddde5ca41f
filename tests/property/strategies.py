"""Hypothesis strategies for the arguments of every request of the models API.

For each operation there is a strategy of VALID keyword-argument dicts (what a caller may
pass, path ids excepted) and a strategy of INVALID ones, each paired with the parameter
that a `ValidationError` must name, spelled as the caller wrote it (`concepts[1].scale`,
`parameters.learning_rate`, `body[0]`). `OPERATIONS` gathers them with what is needed to
call the builder (or the client) and to predict the wire form of a valid call.

Rules encoded here come from the API reference (`/work/shared/api/README.md`, "Parameter
constraints stated by the reference"), the request types' enumerations and, for the 9
operations the reference lacks, the official SDK 2.4.0's parameter types and docstrings; they
are written out again on purpose rather than read from the library's types, so that a wrong
bound in the library is caught instead of copied.

An invalid case breaks exactly one rule, so the parameter to report is determined. Errors
in a nested object are reported at the innermost field when one is at fault
(`concepts[0].scale`), and at the object itself when the object is of the wrong type, has an
unknown key or misses a required one (`concepts[0]`, `parameters`).
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import msgspec
from hypothesis import strategies as st
from scenario_sdk.types.model_create_params import ModelCreateParams

from scenario_async import ops
from scenario_async.calls import Call
from scenario_async.types import Concept, TrainingImagePairParam, TrainingParameters

__all__ = [
    "CONCEPT_FIELDS",
    "DRY_RUN",
    "LR_SCHEDULERS",
    "MODEL_TYPES",
    "OPERATIONS",
    "OPTIMIZE_FOR",
    "PAIR_FIELDS",
    "PRESETS",
    "TRAINING_BOUNDS",
    "TRAINING_FIELDS",
    "Bound",
    "InvalidCase",
    "Operation",
    "Param",
    "camel",
    "closed_out",
    "enum_in",
    "enum_out",
    "expected_body",
    "expected_query",
    "invalid_list_cross_field",
    "invalid_training_cross_field",
    "invalid_training_image_cross_field",
    "model_payloads",
    "operation",
    "outside",
    "texts",
    "to_wire",
    "unknown_keys",
    "valid_concepts",
    "valid_image",
    "valid_list",
    "valid_training_parameters",
    "wire_aliases",
    "within",
]


class InvalidCase(NamedTuple):
    """Keyword arguments that break one rule, and the parameter the error must name."""

    kwargs: dict[str, Any]
    parameter: str


# ---------------------------------------------------------------------------------------------
# Enumerations, as the reference and the official SDK 2.4.0 state them.

# The official SDK's own list, plus the `sd-*` types the reference documents: an oracle that
# does not read the library's `ModelType`.
MODEL_TYPES: tuple[str, ...] = (
    *typing.get_args(typing.get_type_hints(ModelCreateParams)["type"]),
    "sd-1_5",
    "sd-1_5-composition",
    "sd-1_5-lora",
    "sd-xl",
    "sd-xl-composition",
    "sd-xl-lora",
)
PRIVACY = ("private", "public")
SORT_BY = ("createdAt", "updatedAt", "score")
SORT_DIRECTION = ("asc", "desc")
LIST_STATUS = ("new", "training", "trained", "failed", "deleted")
DRY_RUN = ("true", "api")
PRESETS = ("default", "style", "subject")
ACTIONS = ("cancel",)
LR_SCHEDULERS = (
    "constant",
    "constant-with-warmup",
    "cosine",
    "cosine-with-restarts",
    "linear",
    "polynomial",
)
OPTIMIZE_FOR = ("likeness",)

# ---------------------------------------------------------------------------------------------
# Scalars.

texts = st.text(max_size=12)
"""Free-form strings: any code points, including '/', '?', ',' and non-BMP characters."""

# Values of the wrong JSON type for each kind of parameter (None where null means nothing).
_not_str = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False))
_not_str_nullable_ok = st.one_of(st.booleans(), st.integers(), st.lists(texts, max_size=2))
_not_bool = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(["true", "false", "", "1"]),
)
_not_number = st.one_of(st.none(), st.booleans(), texts, st.lists(st.integers(), max_size=2))
_not_list = st.one_of(st.none(), st.booleans(), st.integers(), texts)
_not_object = st.one_of(
    st.none(), st.booleans(), st.integers(), texts, st.lists(st.integers(), max_size=2)
)
_any_json = st.one_of(st.none(), st.booleans(), st.integers(), texts)


def camel(name: str) -> str:
    """A Python (snake_case) name as it goes on the wire."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


@dataclass(frozen=True)
class Bound:
    """A numeric constraint of the reference: `lo <=/< x <=/< hi`, either side optional."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False  # the Python type is `int`: floats are refused

    def holds(self, x: float) -> bool:
        if math.isnan(x) or math.isinf(x):
            return False  # not a JSON number: it would go on the wire as null
        if self.lo is not None and (x <= self.lo if self.lo_open else x < self.lo):
            return False
        return not (self.hi is not None and (x >= self.hi if self.hi_open else x > self.hi))


def within(bound: Bound) -> st.SearchStrategy[float]:
    """Values that satisfy `bound`, its exact closed ends included (as int and as float)."""
    # Integers for float parameters stay within 2**53, where a JSON number (a double) is exact.
    exact = None if bound.integer else 2**53
    ints = st.integers(
        min_value=(-exact if exact else None)
        if bound.lo is None
        else math.floor(bound.lo) + (1 if bound.lo_open else 0),
        max_value=exact if bound.hi is None else math.ceil(bound.hi) - (1 if bound.hi_open else 0),
    ).filter(bound.holds)
    ends = [e for e in (bound.lo, bound.hi) if e is not None and bound.holds(e)]
    if bound.integer:
        return st.one_of(st.sampled_from([int(e) for e in ends]), ints) if ends else ints
    floats = st.floats(
        min_value=bound.lo,
        max_value=bound.hi,
        exclude_min=bound.lo_open and bound.lo is not None,
        exclude_max=bound.hi_open and bound.hi is not None,
        allow_nan=False,
        allow_infinity=False,
    ).filter(bound.holds)
    inner = [
        math.nextafter(bound.lo, math.inf) if bound.lo is not None and bound.lo_open else None,
        math.nextafter(bound.hi, -math.inf) if bound.hi is not None and bound.hi_open else None,
    ]
    edges = [*ends, *(float(e) for e in ends), *(e for e in inner if e is not None)]
    return st.one_of(st.sampled_from(edges), floats, ints) if edges else st.one_of(floats, ints)


def closed_out(bound: Bound) -> list[float]:
    """The representable numbers just outside each end of `bound`."""
    out: list[float] = []
    if bound.lo is not None:
        if bound.integer:
            out.append(math.ceil(bound.lo) - (0 if bound.lo_open else 1))
        elif bound.lo_open:
            out += [bound.lo, math.nextafter(bound.lo, -math.inf)]
        else:
            out.append(math.nextafter(bound.lo, -math.inf))
    if bound.hi is not None:
        if bound.integer:
            out.append(math.floor(bound.hi) + (0 if bound.hi_open else 1))
        elif bound.hi_open:
            out += [bound.hi, math.nextafter(bound.hi, math.inf)]
        else:
            out.append(math.nextafter(bound.hi, math.inf))
    return out


def outside(bound: Bound) -> st.SearchStrategy[Any]:
    """Numbers that break `bound` (NaN and infinities included), and non-numbers."""

    def breaks(x: float) -> bool:
        return not bound.holds(x)

    numbers: list[st.SearchStrategy[Any]] = [
        st.sampled_from([*closed_out(bound), math.nan, math.inf, -math.inf]).filter(breaks)
    ]
    if bound.lo is not None:
        numbers.append(st.floats(max_value=bound.lo).filter(breaks))
        numbers.append(st.integers(max_value=math.ceil(bound.lo)).filter(breaks))
    if bound.hi is not None:
        numbers.append(st.floats(min_value=bound.hi).filter(breaks))
        numbers.append(st.integers(min_value=math.floor(bound.hi)).filter(breaks))
    if bound.integer:
        numbers.append(st.floats())  # a float, even 1.0, is not an int
    return st.one_of(*numbers, _not_number)


def enum_in(values: Sequence[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(list(values))


def enum_out(values: Sequence[str]) -> st.SearchStrategy[Any]:
    near = [v.upper() for v in values] + [v + " " for v in values] + ["", "bogus"]
    return st.one_of(
        st.sampled_from([n for n in near if n not in values]),
        st.text(max_size=12).filter(lambda s: s not in values),
        _not_str,
    )


def bounded_text(max_len: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=max_len),
        st.text(min_size=max_len, max_size=max_len),
        st.just("\U0001f600" * max_len),  # code points, not UTF-16 units or bytes
    )


def too_long_text(max_len: int) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.text(min_size=max_len + 1, max_size=max_len + 8),
        st.just("\U0001f600" * (max_len + 1)),
        _not_str,
    )


# ---------------------------------------------------------------------------------------------
# One parameter: what is valid, and what is not (with the suffix the error path gets).


@dataclass(frozen=True)
class Param:
    valid: st.SearchStrategy[Any]
    # (value, suffix appended to the parameter name in the expected error)
    invalid: st.SearchStrategy[tuple[Any, str]]


def _at_self(values: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, str]]:
    return values.map(lambda v: (v, ""))


def _string(nullable: bool = False) -> Param:
    valid = st.one_of(texts, st.none()) if nullable else texts
    return Param(valid, _at_self(_not_str_nullable_ok if nullable else _not_str))


def _boolean() -> Param:
    return Param(st.booleans(), _at_self(_not_bool))


def _number(bound: Bound) -> Param:
    return Param(within(bound), _at_self(outside(bound)))


def _enum(values: Sequence[str]) -> Param:
    return Param(enum_in(values), _at_self(enum_out(values)))


def _non_empty_string() -> Param:
    return Param(st.text(min_size=1, max_size=12), _at_self(st.one_of(st.just(""), _not_str)))


def _limited(max_len: int) -> Param:
    return Param(bounded_text(max_len), _at_self(too_long_text(max_len)))


@st.composite
def _bad_element(
    draw: st.DrawFn, good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]
) -> tuple[list[Any], int]:
    items = draw(st.lists(good, max_size=3))
    index = draw(st.integers(0, len(items)))
    items.insert(index, draw(bad))
    return items, index


def _list_of(
    item: st.SearchStrategy[Any],
    bad_item: st.SearchStrategy[Any],
    *,
    max_size: int = 4,
    or_str: bool = False,
    argument: bool = False,
) -> Param:
    """A list parameter (a tuple is accepted too); `or_str`: a single string is valid as well;
    `argument`: an operation's own argument, where a single string is a `TypeError` rather
    than a `ValidationError` (tests/unit/test_id_arguments.py), so not drawn here."""
    lists = st.lists(item, max_size=max_size)
    valid = st.one_of(lists, lists.map(tuple))
    not_list = (
        _not_list.filter(lambda v: not isinstance(v, str)) if or_str or argument else _not_list
    )
    if or_str:
        valid = st.one_of(valid, texts)
    invalid = st.one_of(
        _at_self(not_list),
        _bad_element(item, bad_item).map(lambda pair: (pair[0], f"[{pair[1]}]")),
    )
    return Param(valid, invalid)


def _strings(*, or_str: bool = False, argument: bool = False) -> Param:
    return _list_of(texts, _not_str, or_str=or_str, argument=argument)


# ---------------------------------------------------------------------------------------------
# Nested objects: concepts, training parameters, training-image pairs.


def wire_aliases(known: Sequence[str]) -> list[str]:
    """The wire (camelCase) names of fields that differ from their Python names."""
    return [camel(k) for k in known if camel(k) != k]


def unknown_keys(known: Sequence[str], *, aliases: bool = True) -> st.SearchStrategy[str]:
    """Keys a nested dict must not have: anything but the Python names of its fields,
    including (`aliases`) the fields' wire names, which are not Python argument names."""
    wire = [k for k in wire_aliases(known) if k not in known]
    other = st.text(min_size=1, max_size=10).filter(lambda k: k not in known and k not in wire)
    return st.one_of(st.sampled_from(wire), other) if aliases and wire else other


def _object(
    fields: Mapping[str, Param],
    required: Sequence[str],
    struct: type[msgspec.Struct],
    valid: st.SearchStrategy[dict[str, Any]] | None = None,
) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[tuple[Any, str]]]:
    """(valid values: dicts or Structs; invalid values paired with their error suffix)."""
    optional = {k: v.valid for k, v in fields.items() if k not in required}
    dicts = (
        valid
        if valid is not None
        else st.fixed_dictionaries({k: fields[k].valid for k in required}, optional=optional)
    )
    valid_values = st.one_of(dicts, dicts.map(lambda d: struct(**d)))

    @st.composite
    def bad_field(draw: st.DrawFn) -> tuple[Any, str]:
        base = dict(draw(dicts))
        name = draw(st.sampled_from(sorted(fields)))
        value, suffix = draw(fields[name].invalid)
        base[name] = value
        # A Struct's constructor checks nothing: the same bad value inside a Struct.
        as_struct = draw(st.booleans()) and not suffix
        return (struct(**base) if as_struct else base), f".{name}{suffix}"

    @st.composite
    def unknown_key(draw: st.DrawFn) -> tuple[Any, str]:
        base = dict(draw(dicts))
        base[draw(unknown_keys(list(fields)))] = draw(_any_json)
        return base, ""

    @st.composite
    def missing(draw: st.DrawFn) -> tuple[Any, str]:
        base = dict(draw(dicts))
        del base[draw(st.sampled_from(list(required)))]
        return base, ""

    kinds = [bad_field(), unknown_key(), _at_self(_not_object)]
    if required:
        kinds.append(missing())
    return valid_values, st.one_of(*kinds)


CONCEPT_FIELDS: dict[str, Param] = {
    "model_id": _string(),
    "scale": _number(Bound(-2, 2)),
    "model_epoch": _string(),
}
valid_concept, invalid_concept = _object(CONCEPT_FIELDS, ["model_id", "scale"], Concept)


def _concepts() -> Param:
    items = st.lists(valid_concept, max_size=3)
    valid = st.one_of(items, items.map(tuple))

    @st.composite
    def bad_item(draw: st.DrawFn) -> tuple[list[Any], str]:
        items_, index = draw(_bad_element(valid_concept, st.just(None)))
        value, suffix = draw(invalid_concept)
        items_[index] = value
        return items_, f"[{index}]{suffix}"

    # A single concept instead of a list is refused as a whole.
    not_list = st.one_of(_not_list, valid_concept.filter(lambda c: isinstance(c, dict)))
    return Param(valid, st.one_of(_at_self(not_list), bad_item()))


valid_concepts = _concepts().valid

TRAINING_BOUNDS: dict[str, Bound] = {
    "batch_size": Bound(1, 4),
    "learning_rate": Bound(lo=0, lo_open=True),
    "learning_rate_unet": Bound(lo=0, lo_open=True),
    "learning_rate_text_encoder": Bound(0, 0.001, lo_open=True),
    "max_train_steps": Bound(0, 40000),
    "num_text_train_steps": Bound(0, 40000),
    "num_u_net_train_steps": Bound(0, 40000),
    "nb_epochs": Bound(1, 30),
    "nb_repeats": Bound(1, 30),
    "prior_loss_weight": Bound(lo=0, lo_open=True),
    "random_crop_ratio": Bound(0, 1),
    "random_crop_scale": Bound(0, 1),
    "rank": Bound(2, 128),
    "seed": Bound(0, 2**53 - 1),
    "text_encoder_training_ratio": Bound(0, 0.99),
    "validation_frequency": Bound(lo=0),
}
"""Each numeric training parameter of the reference's table and its bound."""

TRAINING_FIELDS: dict[str, Param] = {
    **{name: _number(bound) for name, bound in TRAINING_BOUNDS.items()},
    "age": _string(),
    "class_prompt": _string(),
    "clone_type": _string(),
    "concept_prompt": _string(),
    "gender": _string(),
    "language": _string(),
    "validation_prompt": _string(),
    "voice_description": _string(),
    "wandb_key": _limited(40),
    "lr_scheduler": _enum(LR_SCHEDULERS),
    "optimize_for": _enum(OPTIMIZE_FOR),
    "random_crop": _boolean(),
    "remove_background_noise": _boolean(),
    "scale_lr": _boolean(),
    "sample_prompts": _strings(),
    "sample_source_images": _strings(),
}


@st.composite
def _training_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """Valid training parameters: every field optional, cross-field rules respected."""
    plain = {
        k: v.valid
        for k, v in TRAINING_FIELDS.items()
        if k
        not in ("validation_frequency", "max_train_steps", "sample_prompts", "sample_source_images")
    }
    values: dict[str, Any] = draw(st.fixed_dictionaries({}, optional=plain))
    steps = draw(st.none() | within(TRAINING_BOUNDS["max_train_steps"]))
    if steps is not None:
        values["max_train_steps"] = steps
    if draw(st.booleans()):
        frequency_bound = (
            Bound(0, steps) if steps is not None else TRAINING_BOUNDS["validation_frequency"]
        )
        values["validation_frequency"] = draw(within(frequency_bound))
    prompts = draw(st.none() | st.lists(texts, max_size=3))
    if prompts is not None:
        values["sample_prompts"] = prompts
    if draw(st.booleans()):
        values["sample_source_images"] = draw(
            st.lists(texts, min_size=len(prompts or []), max_size=len(prompts or []))
        )
    return values


valid_training_dicts = _training_dicts()
valid_training_parameters, invalid_training_parameters_value = _object(
    TRAINING_FIELDS, [], TrainingParameters, valid=valid_training_dicts
)


@st.composite
def invalid_training_cross_field(draw: st.DrawFn) -> tuple[Any, str]:
    """Training parameters valid field by field, breaking one rule between fields."""
    values = dict(draw(valid_training_dicts))
    if draw(st.booleans()):
        steps = draw(within(Bound(0, 39999, integer=draw(st.booleans()))))
        values["max_train_steps"] = steps
        values["validation_frequency"] = draw(
            st.one_of(
                st.just(math.nextafter(float(steps), math.inf)),
                within(Bound(lo=steps, lo_open=True, hi=40000)),
            )
        )
        rule = ".validation_frequency"
    else:
        prompts = values.get("sample_prompts")
        count = len(prompts) if prompts is not None else 0
        size = draw(st.integers(0, 4).filter(lambda n: n != count))
        values["sample_source_images"] = draw(st.lists(texts, min_size=size, max_size=size))
        rule = ".sample_source_images"
    as_struct = draw(st.booleans())
    return (TrainingParameters(**values) if as_struct else values), rule


def _training_parameters() -> Param:
    return Param(
        valid_training_parameters,
        st.one_of(invalid_training_parameters_value, invalid_training_cross_field()),
    )


PAIR_FIELDS: dict[str, Param] = {
    "instruction": _string(),
    "source_id": _string(),
    "target_id": _string(),
}
valid_pair, invalid_pair = _object(PAIR_FIELDS, [], TrainingImagePairParam)


def _pairs() -> Param:
    items = st.lists(valid_pair, max_size=3)

    @st.composite
    def bad_item(draw: st.DrawFn) -> tuple[list[Any], str]:
        items_, index = draw(_bad_element(valid_pair, st.just(None)))
        value, suffix = draw(invalid_pair)
        items_[index] = value
        return items_, f"[{index}]{suffix}"

    not_list = st.one_of(_not_list, valid_pair.filter(lambda p: isinstance(p, dict)))
    return Param(st.one_of(items, items.map(tuple)), st.one_of(_at_self(not_list), bad_item()))


# ---------------------------------------------------------------------------------------------
# Operations.


@dataclass(frozen=True, eq=False)
class Operation:
    """One request type: how to call it, and its valid and invalid arguments."""

    name: str  # "models.training_images.replace": also the client attribute path
    build: Callable[..., Call[Any]]
    template: str
    # Path parameters, the first one positional, the others keyword (as the SDK takes them).
    path_params: tuple[str, ...]
    query_params: frozenset[str]
    valid: st.SearchStrategy[dict[str, Any]]
    invalid: st.SearchStrategy[InvalidCase]
    # Every keyword parameter (path ids excepted), with its valid and invalid values.
    params: Mapping[str, Param]
    # The keyword whose value is the whole body (a JSON array), if any.
    body_param: str | None = None

    def invoke(
        self,
        target: Callable[..., Any],
        kwargs: Mapping[str, Any],
        ids: Mapping[str, Any] | None = None,
    ) -> Any:
        """Call `target` (the builder or the client's method) with path ids and `kwargs`."""
        ids = dict(ids or {})
        for name in self.path_params:
            ids.setdefault(name, name.removesuffix("_id") + "_1")
        if not self.path_params:
            return target(**kwargs)
        first, *rest = self.path_params
        return target(ids[first], **{name: ids[name] for name in rest}, **kwargs)

    def __repr__(self) -> str:
        return f"<Operation {self.name}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # Hypothesis prints falsifying examples with this

    def client_target(self, client: Any) -> Any:
        target = client
        for part in self.name.split("."):
            target = getattr(target, part)
        return target


def _operation(
    name: str,
    build: Callable[..., Call[Any]],
    template: str,
    params: Mapping[str, Param],
    *,
    query: Sequence[str] = (),
    required: Sequence[str] = (),
    valid: st.SearchStrategy[dict[str, Any]] | None = None,
    cross_field: Sequence[st.SearchStrategy[InvalidCase]] = (),
    body_param: str | None = None,
) -> Operation:
    path_params = tuple(re.findall(r"\{(\w+)\}", template))
    if len(path_params) == 2:  # the SDK takes the nested id first, the model's by keyword
        path_params = (path_params[1], path_params[0])
    if valid is None:
        valid = st.fixed_dictionaries(
            {k: params[k].valid for k in required},
            optional={k: v.valid for k, v in params.items() if k not in required},
        )
    base = valid

    @st.composite
    def one_bad(draw: st.DrawFn) -> InvalidCase:
        kwargs = dict(draw(base))
        parameter = draw(st.sampled_from(sorted(params)))
        value, suffix = draw(params[parameter].invalid)
        kwargs[parameter] = value
        return InvalidCase(kwargs, parameter + suffix)

    invalid = st.one_of(one_bad(), *cross_field) if params else st.nothing()
    return Operation(
        name,
        build,
        template,
        path_params,
        frozenset(query),
        valid,
        invalid,
        dict(params),
        body_param,
    )


_ASSETS_QUERY = {"original_assets": _boolean(), "project_id": _string()}
_PROJECT_QUERY = {"project_id": _string()}
_MODEL = "/models/{model_id}"


# list ----------------------------------------------------------------------------------------

_LIST_PARAMS: dict[str, Param] = {
    **_ASSETS_QUERY,
    "blacklisted": _boolean(),
    "collection_id": _string(),
    "collection_ids": _strings(or_str=True),
    "created_after": _string(),
    "created_before": _string(),
    "loaded_only": _boolean(),
    "page_size": _number(Bound(1, 500, integer=True)),
    "pagination_token": _string(),
    "privacy": _enum(PRIVACY),
    "sort_by": _enum(SORT_BY),
    "sort_direction": _enum(SORT_DIRECTION),
    "status": _enum(LIST_STATUS),
    "tags": _strings(or_str=True),
    "type": _enum(MODEL_TYPES),
    "types": _list_of(enum_in(MODEL_TYPES), enum_out(MODEL_TYPES)),
    "updated_after": _string(),
    "updated_before": _string(),
}
_DATES = {
    "created_after": "createdAt",
    "created_before": "createdAt",
    "updated_after": "updatedAt",
    "updated_before": "updatedAt",
}
_LIST_PLAIN = {
    k: v.valid for k, v in _LIST_PARAMS.items() if k not in (*_DATES, "sort_by", "type", "types")
}


@st.composite
def _valid_list(draw: st.DrawFn) -> dict[str, Any]:
    kwargs = draw(st.fixed_dictionaries({}, optional=_LIST_PLAIN))
    kind = draw(st.sampled_from(["none", "type", "types"]))
    if kind != "none":
        kwargs[kind] = draw(_LIST_PARAMS[kind].valid)
    sort_by = draw(st.none() | enum_in(SORT_BY))
    if sort_by is not None:
        kwargs["sort_by"] = sort_by
        for name, needed in _DATES.items():
            if needed == sort_by and draw(st.booleans()):
                kwargs[name] = draw(texts)
    return kwargs


valid_list = _valid_list()


@st.composite
def invalid_list_cross_field(draw: st.DrawFn) -> InvalidCase:
    """`type` with `types`, or a date filter without the `sort_by` it needs."""
    kwargs = draw(st.fixed_dictionaries({}, optional=_LIST_PLAIN))
    if draw(st.booleans()):
        kwargs["type"] = draw(enum_in(MODEL_TYPES))
        kwargs["types"] = draw(_LIST_PARAMS["types"].valid)
        return InvalidCase(kwargs, "types")
    name = draw(st.sampled_from(sorted(_DATES)))
    kwargs[name] = draw(texts)
    sort_by = draw(st.none() | enum_in([s for s in SORT_BY if s != _DATES[name]]))
    if sort_by is not None:
        kwargs["sort_by"] = sort_by
    return InvalidCase(kwargs, name)


# training images ------------------------------------------------------------------------------

_DATA_URLS = st.sampled_from(
    ["data:image/png;base64,iVBORw0KGgo=", "data:image/jpeg;base64,/9j/4AAQSkZJRg=="]
)
_IMAGE_PARAMS: dict[str, Param] = {
    **_ASSETS_QUERY,
    "asset_id": _string(),
    "asset_ids": _list_of(texts, _not_str, max_size=10, argument=True),
    "data": Param(_DATA_URLS, _at_self(_not_str)),
    "name": _string(),
    "preset": _enum(PRESETS),
}


@st.composite
def _valid_image(draw: st.DrawFn) -> dict[str, Any]:
    """One of: `asset_ids` (1 to 10), or `asset_id` and/or `data`+`name` (never empty)."""
    kwargs = draw(
        st.fixed_dictionaries({}, optional={k: _ASSETS_QUERY[k].valid for k in _ASSETS_QUERY})
    )
    if draw(st.booleans()):
        kwargs["asset_ids"] = draw(st.lists(texts, min_size=1, max_size=10))
    else:
        source = draw(st.sampled_from(["asset_id", "data", "both"]))
        if source in ("asset_id", "both"):
            kwargs["asset_id"] = draw(texts)
        if source in ("data", "both"):
            kwargs["data"] = draw(_DATA_URLS)
            if draw(st.booleans()):
                kwargs["name"] = draw(texts) + ".png"
    if draw(st.booleans()):
        kwargs["preset"] = draw(enum_in(PRESETS))
    return kwargs


valid_image = _valid_image()


@st.composite
def invalid_training_image_cross_field(draw: st.DrawFn) -> InvalidCase:
    """More than 10 `asset_ids`, or `asset_ids` with `asset_id`, `data` or `name`."""
    kwargs = draw(
        st.fixed_dictionaries({}, optional={k: _ASSETS_QUERY[k].valid for k in _ASSETS_QUERY})
    )
    if draw(st.booleans()):
        kwargs["asset_ids"] = draw(st.lists(texts, min_size=11, max_size=15))
        return InvalidCase(kwargs, "asset_ids")
    kwargs["asset_ids"] = draw(st.lists(texts, min_size=1, max_size=10))
    others = draw(st.sampled_from([("asset_id",), ("data",), ("name",), ("data", "name")]))
    for other in others:
        kwargs[other] = draw(_DATA_URLS) if other == "data" else draw(texts)
    return InvalidCase(kwargs, "asset_ids")


# ---------------------------------------------------------------------------------------------

_CONCEPTS = _concepts()
_PARAMETERS = _training_parameters()
_TRAIN_QUERY: dict[str, Param] = {
    **_ASSETS_QUERY,
    "dry_run": _enum(DRY_RUN),
    "training_images_count": _number(Bound(lo=0, integer=True)),
}

OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in [
        _operation(
            "models.list",
            ops.models.list,
            "/models",
            _LIST_PARAMS,
            query=list(_LIST_PARAMS),
            valid=valid_list,
            cross_field=[invalid_list_cross_field()],
        ),
        _operation(
            "models.create",
            ops.models.create,
            "/models",
            {
                **_ASSETS_QUERY,
                "base_model_id": _string(),
                "class_slug": _string(nullable=True),
                "collection_ids": _strings(argument=True),
                "concepts": _CONCEPTS,
                "name": _limited(64),
                "short_description": _limited(256),
                "type": _enum(MODEL_TYPES),
            },
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.get_bulk",
            ops.models.get_bulk,
            "/models/get-bulk",
            {
                **_ASSETS_QUERY,
                "all_training_images": _boolean(),
                "minimal": _boolean(),
                "model_ids": _strings(argument=True),
                "settings": _boolean(),
                "thumbnail": _boolean(),
                "training_images_preview": _boolean(),
            },
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.retrieve", ops.models.retrieve, _MODEL, _ASSETS_QUERY, query=list(_ASSETS_QUERY)
        ),
        _operation(
            "models.update",
            ops.models.update,
            _MODEL,
            {
                **_ASSETS_QUERY,
                "class_slug": _string(nullable=True),
                "concepts": _CONCEPTS,
                "epoch": _string(nullable=True),
                "name": _string(),
                "negative_prompt_embedding": _string(),
                "parameters": _PARAMETERS,
                "prompt_embedding": _string(),
                "short_description": _string(),
                "thumbnail": _string(nullable=True),
                "type": _enum(MODEL_TYPES),
            },
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.delete", ops.models.delete, _MODEL, _PROJECT_QUERY, query=["project_id"]
        ),
        _operation(
            "models.copy",
            ops.models.copy,
            _MODEL + "/copy",
            {**_ASSETS_QUERY, "copy_as_trained": _boolean(), "copy_examples": _boolean()},
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.download",
            ops.models.download,
            _MODEL + "/download",
            {**_PROJECT_QUERY, "dry_run": _enum(DRY_RUN), "model_epoch": _string()},
            query=["project_id", "dry_run"],
        ),
        _operation(
            "models.delete_images",
            ops.models.delete_images,
            _MODEL + "/images",
            {**_PROJECT_QUERY, "ids": _strings(argument=True)},
            query=["project_id", "ids"],
            required=["ids"],
        ),
        _operation(
            "models.update_tags",
            ops.models.update_tags,
            _MODEL + "/tags",
            {
                **_PROJECT_QUERY,
                "add": _strings(argument=True),
                "delete": _strings(argument=True),
                "strict": _boolean(),
            },
            query=["project_id"],
        ),
        _operation(
            "models.transfer",
            ops.models.transfer,
            _MODEL + "/transfer",
            {
                **_PROJECT_QUERY,
                "destination_project_id": _string(),
                "destination_team_id": _string(),
            },
            query=["project_id"],
            required=["destination_project_id"],
        ),
        _operation(
            "models.description.retrieve",
            ops.description.retrieve,
            _MODEL + "/description",
            _ASSETS_QUERY,
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.description.update",
            ops.description.update,
            _MODEL + "/description",
            {**_ASSETS_QUERY, "description": _string(nullable=True)},
            query=list(_ASSETS_QUERY),
            required=["description"],
        ),
        _operation(
            "models.examples.list",
            ops.examples.list,
            _MODEL + "/examples",
            _ASSETS_QUERY,
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.examples.update",
            ops.examples.update,
            _MODEL + "/examples",
            {**_ASSETS_QUERY, "asset_ids": _strings(argument=True)},
            query=list(_ASSETS_QUERY),
            required=["asset_ids"],
        ),
        _operation(
            "models.train.trigger",
            ops.train.trigger,
            _MODEL + "/train",
            {**_TRAIN_QUERY, "parameters": _PARAMETERS},
            query=list(_TRAIN_QUERY),
        ),
        _operation(
            "models.train.action",
            ops.train.action,
            _MODEL + "/train/action",
            {**_PROJECT_QUERY, "action": _enum(ACTIONS)},
            query=["project_id"],
            required=["action"],
        ),
        _operation(
            "models.training_images.add",
            ops.training_images.add,
            _MODEL + "/training-images",
            _IMAGE_PARAMS,
            query=list(_ASSETS_QUERY),
            valid=valid_image,
            cross_field=[invalid_training_image_cross_field()],
        ),
        _operation(
            "models.training_images.replace_pairs",
            ops.training_images.replace_pairs,
            _MODEL + "/training-images/pairs",
            {**_PROJECT_QUERY, "body": _pairs()},
            query=["project_id"],
            required=["body"],
            body_param="body",
        ),
        _operation(
            "models.training_images.replace",
            ops.training_images.replace,
            _MODEL + "/training-images/{training_image_id}",
            _IMAGE_PARAMS,
            query=list(_ASSETS_QUERY),
            valid=valid_image,
            cross_field=[invalid_training_image_cross_field()],
        ),
        _operation(
            "models.training_images.delete",
            ops.training_images.delete,
            _MODEL + "/training-images/{training_image_id}",
            _PROJECT_QUERY,
            query=["project_id"],
        ),
        _operation(
            "models.restore",
            ops.models.restore,
            _MODEL + "/restore",
            _ASSETS_QUERY,
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.presets.create",
            ops.presets.create,
            _MODEL + "/presets",
            {**_ASSETS_QUERY, "inference_id": _non_empty_string(), "is_default": _boolean()},
            query=list(_ASSETS_QUERY),
            required=["inference_id"],
        ),
        _operation(
            "models.presets.update",
            ops.presets.update,
            _MODEL + "/presets/{preset_id}",
            {**_ASSETS_QUERY, "is_default": _boolean()},
            query=list(_ASSETS_QUERY),
            required=["is_default"],
        ),
        _operation(
            "models.presets.list",
            ops.presets.list,
            _MODEL + "/presets",
            _ASSETS_QUERY,
            query=list(_ASSETS_QUERY),
        ),
        _operation(
            "models.presets.delete",
            ops.presets.delete,
            _MODEL + "/presets/{preset_id}",
            _PROJECT_QUERY,
            query=["project_id"],
        ),
        _operation(
            "models.prompt_guide.retrieve",
            ops.prompt_guide.retrieve,
            _MODEL + "/prompt-guide",
            _PROJECT_QUERY,
            query=["project_id"],
        ),
        _operation(
            "models.prompt_guide.update",
            ops.prompt_guide.update,
            _MODEL + "/prompt-guide",
            {**_PROJECT_QUERY, "prompt_guide": _string(nullable=True)},
            query=["project_id"],
            required=["prompt_guide"],
        ),
        _operation(
            "models.scores.retrieve_prompt",
            ops.scores.retrieve_prompt,
            _MODEL + "/scores/prompt",
            # Optional in the SDK's signature; required (and not empty) by the API.
            {**_PROJECT_QUERY, "prompt": _non_empty_string()},
            query=["project_id", "prompt"],
            required=["prompt"],
        ),
        _operation(
            "models.scores.retrieve_training_dataset",
            ops.scores.retrieve_training_dataset,
            _MODEL + "/scores/training-dataset",
            _PROJECT_QUERY,
            query=["project_id"],
        ),
    ]
}
"""Every operation of the models resource, by its SDK name."""


def operation(name: str) -> Operation:
    return OPERATIONS[name]


# ---------------------------------------------------------------------------------------------
# The wire form a valid call must have, predicted from its arguments.


def to_wire(value: Any) -> Any:
    """Caller arguments (dicts with Python keys, Structs, tuples) as their JSON value."""
    if isinstance(value, msgspec.Struct):
        return {
            camel(f): to_wire(getattr(value, f))
            for f in value.__struct_fields__
            if getattr(value, f) is not msgspec.UNSET
        }
    if isinstance(value, Mapping):
        return {camel(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    return value


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_query_value(v) for v in value)
    return value if isinstance(value, str) else str(value)


def expected_query(op: Operation, kwargs: Mapping[str, Any]) -> dict[str, str]:
    """Wire name -> value of every query parameter given.

    As in the official SDK, a scalar that encodes to an empty string is left out; an array
    is always sent, even when empty.
    """
    return {
        camel(k): _query_value(v)
        for k, v in kwargs.items()
        if k in op.query_params and (isinstance(v, (list, tuple)) or _query_value(v))
    }


def expected_body(op: Operation, kwargs: Mapping[str, Any]) -> Any:
    """The JSON the body must decode to (`None` when the operation sends no body)."""
    if op.body_param is not None:
        return to_wire(kwargs[op.body_param])
    body = {k: v for k, v in kwargs.items() if k not in op.query_params}
    if not body and op.build in _BODILESS:
        return None
    return to_wire(body)


_BODILESS = {
    ops.models.list,
    ops.models.retrieve,
    ops.models.delete,
    ops.models.delete_images,
    ops.models.restore,
    ops.description.retrieve,
    ops.examples.list,
    ops.training_images.delete,
    ops.presets.list,
    ops.presets.delete,
    ops.prompt_guide.retrieve,
    ops.scores.retrieve_prompt,
    ops.scores.retrieve_training_dataset,
}


# ---------------------------------------------------------------------------------------------
# Responses: `Model` payloads as the API sends them (camelCase, no nulls).

MODEL_STATUSES = ("new", "training", "trained", "failed", "training-canceled", "copying")
TRAINING_STAGES = (
    "pending",
    "pending-captcha",
    "queued-for-train",
    "starting-train",
    "running-train",
)

_json_numbers = st.one_of(
    st.integers(-(2**53), 2**53), st.floats(allow_nan=False, allow_infinity=False)
)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _required(
    required: Mapping[str, st.SearchStrategy[Any]], **optional: st.SearchStrategy[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(dict(required), optional=optional)


_strs = st.lists(texts, max_size=3)
_training_progress = _required(
    {"stage": st.one_of(st.sampled_from(TRAINING_STAGES), texts), "updatedAt": _json_numbers},
    captchaImageUrl=texts,
    position=_json_numbers,
    progress=st.floats(0, 1),
    remainingTimeMs=_json_numbers,
    retryableError=texts,
    retryCount=_json_numbers,
    startedAt=_json_numbers,
)
_model_parameters = _optional(
    **{
        camel(name): (
            _json_numbers
            if name in TRAINING_BOUNDS
            else st.booleans()
            if name in ("random_crop", "remove_background_noise", "scale_lr")
            else _strs
            if name in ("sample_prompts", "sample_source_images")
            else texts
        )
        for name in TRAINING_FIELDS
    }
)

model_payloads: st.SearchStrategy[dict[str, Any]] = _required(
    {
        "id": texts,
        "privacy": st.one_of(st.sampled_from(["private", "public", "unlisted"]), texts),
        "type": st.one_of(st.sampled_from(MODEL_TYPES), texts),
    },
    capabilities=_strs,
    collectionIds=_strs,
    createdAt=texts,
    custom=st.booleans(),
    exampleAssetIds=_strs,
    source=texts,
    status=st.one_of(st.sampled_from(MODEL_STATUSES), texts),
    tags=_strs,
    trainingImagesNumber=_json_numbers,
    updatedAt=texts,
    accessRestrictions=st.integers(-(2**63), 2**63 - 1),
    authorId=texts,
    **{
        "class": st.fixed_dictionaries(
            {
                "category": texts,
                "conceptPrompt": texts,
                "modelId": texts,
                "name": texts,
                "prompt": texts,
                "slug": texts,
                "status": texts,
                "thumbnails": _strs,
            }
        )
    },
    compliantModelIds=_strs,
    concepts=st.lists(
        _required({"modelId": texts, "scale": _json_numbers}, modelEpoch=texts), max_size=2
    ),
    deletedAt=texts,
    disableRefund=st.booleans(),
    epoch=texts,
    epochs=st.lists(
        _required(
            {"epoch": texts},
            assets=st.lists(st.fixed_dictionaries({"assetId": texts, "url": texts}), max_size=2),
        ),
        max_size=2,
    ),
    jobId=texts,
    modelKeyword=texts,
    name=texts,
    negativePromptEmbedding=texts,
    ownerId=texts,
    parameters=_model_parameters,
    parentModelId=texts,
    promptEmbedding=texts,
    shortDescription=texts,
    softDeletionOn=texts,
    thumbnail=st.fixed_dictionaries({"assetId": texts, "url": texts}),
    trainingImagePairs=st.lists(
        _optional(instruction=texts, sourceId=texts, targetId=texts), max_size=2
    ),
    trainingImages=st.lists(
        st.fixed_dictionaries(
            {
                "id": texts,
                "automaticCaptioning": texts,
                "createdAt": texts,
                "description": texts,
                "downloadUrl": texts,
                "name": texts,
            }
        ),
        max_size=2,
    ),
    trainingProgress=_training_progress,
    trainingStats=_optional(
        endedAt=texts, queueDuration=_json_numbers, startedAt=texts, trainDuration=_json_numbers
    ),
    userId=texts,
)
"""A `Model` as the API sends it: wire names, no nulls, finite numbers."""
