"""The one place where an operation's arguments become a `Call`: `Operation.build`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypedDict, TypeVar, cast

import msgspec
from msgspec import UNSET

from ..calls import (
    AppliedCheck,
    Call,
    HttpMethod,
    TimeoutArg,
    encode_path,
    encode_query,
    path_ids,
    timeout_of,
)
from ..errors import ValidationError
from ..types.ids import checked_not_str
from ..validation import checked_headers, checked_json_values, convert, convert_list, is_count

__all__ = [
    "ALREADY_GONE",
    "Builder",
    "Operation",
    "RequestOptions",
    "checked_query",
]

T = TypeVar("T")

_encode = msgspec.json.Encoder().encode


class RequestOptions(TypedDict, total=False):
    """Per-call options every operation takes, as in the official SDK.

    `extra_query` and `extra_body` win over the operation's own values; `timeout` replaces
    the client's default for this call (seconds, a `Timeout`, an `httpx.Timeout`; `None`: no
    limit); `max_retries` replaces the client's retry count for this call.
    """

    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, object] | None
    extra_body: Mapping[str, object] | None
    timeout: TimeoutArg
    max_retries: int | None


_OPTION_NAMES = frozenset(RequestOptions.__annotations__)

ALREADY_GONE = AppliedCheck(frozenset({404}))
"""A delete: after an attempt whose answer was lost, a retry that finds nothing (404) finds
what that attempt's delete left, and the call answers `{}` as the delete would have."""


def _encode_body(
    body: msgspec.Struct | Sequence[msgspec.Struct] | None, extra: Mapping[str, object] | None
) -> bytes | None:
    if not extra:
        return None if body is None else _encode(body)
    built: object = {} if body is None else msgspec.to_builtins(body)
    if not isinstance(built, dict):
        raise ValidationError("extra_body", "this operation's body is a JSON array, not an object")
    checked_json_values(extra, "extra_body")
    try:
        base = cast("dict[str, object]", built)  # a Struct's fields, by their wire names
        return _encode({**base, **extra})
    except RecursionError:
        raise ValidationError("extra_body", "nests too deeply to encode") from None
    except (msgspec.EncodeError, TypeError) as exc:
        raise ValidationError("extra_body", f"cannot be encoded as JSON: {exc}") from None


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """Everything the API fixes about one operation, and how its arguments become a `Call`.

    A builder's arguments are its path's ids (the placeholders of `path`, the last one
    positional), the fields of `query` and those of `body`, by the Structs' own field names,
    and the `RequestOptions`; with `list_body`, the argument `body` is a JSON array of `body`
    items. A required field is a required argument, but for those in `sdk_optional`, which
    the official SDK lets be left out: its Struct refuses them then. `id_lists` names the
    arguments that hold a list (of ids, or of the word given), refused as one bare `str`;
    `check_query` and `check_body` are the rules between fields that no single field can
    state. `idempotent`: safe to send again; `applied`: how a retry recognizes the change of
    an attempt whose answer was lost, fixed or made from the arguments.
    """

    name: str
    method: HttpMethod
    path: str
    response_type: type[T]
    idempotent: bool
    query: type[msgspec.Struct] | None = None
    body: type[msgspec.Struct] | None = None
    list_body: bool = False
    sdk_optional: frozenset[str] = frozenset()
    id_lists: tuple[tuple[str, str], ...] = ()
    check_query: Callable[[Any], None] | None = None
    check_body: Callable[[Any], None] | None = None
    applied: AppliedCheck | Callable[[Mapping[str, Any]], AppliedCheck] | None = None
    # What `build` reads of the path and the Structs, worked out once.
    _positional: str | None = field(init=False, repr=False, compare=False)
    _required: frozenset[str] = field(init=False, repr=False, compare=False)
    _known: frozenset[str] = field(init=False, repr=False, compare=False)
    _query_fields: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # Whether the query may be left out when no argument of it is given: no required field.
    _query_optional: bool = field(init=False, repr=False, compare=False)
    _body_fields: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = path_ids(self.path)
        query = msgspec.structs.fields(self.query) if self.query is not None else ()
        body = () if self.body is None or self.list_body else msgspec.structs.fields(self.body)
        required = {f.name for f in (*query, *body) if f.required} - self.sdk_optional
        keywords = {*ids[:-1], *required, *(("body",) if self.list_body else ())}
        known = {*ids, *(f.name for f in (*query, *body)), *keywords, *_OPTION_NAMES}
        object.__setattr__(self, "_positional", ids[-1] if ids else None)
        object.__setattr__(self, "_required", frozenset(keywords))
        object.__setattr__(self, "_known", frozenset(known))
        object.__setattr__(self, "_query_fields", tuple(f.name for f in query))
        object.__setattr__(self, "_query_optional", not any(f.required for f in query))
        object.__setattr__(self, "_body_fields", tuple(f.name for f in body))

    def build(self, arguments: Mapping[str, Any], path_id: object = None) -> Call[T]:
        """The `Call` of a builder's keyword `arguments` and its positional `path_id`.

        Refused in this order, as the official SDK's explicit signatures and its checks
        refuse them: a required argument left out; a bad id in the path (reported even when
        other arguments are wrong too); a bare `str` for a list; the query, then the body;
        an argument the operation does not take; the request options.
        """
        if self._positional is not None:
            arguments = {**arguments, self._positional: path_id}
        if not self._required.issubset(arguments):
            missing = min(self._required - arguments.keys())
            raise TypeError(f"{self.name}() missing 1 required keyword-only argument: {missing!r}")
        path = encode_path(self.path, arguments)
        for parameter, items in self.id_lists:
            checked_not_str(arguments.get(parameter), parameter, items)
        query = self._query_of(arguments)
        body = self._body_of(arguments)
        if not self._known.issuperset(arguments):
            # What Python says of a misspelled argument: a dropped `projectId=` or `timeuot=`
            # would change the call.
            unknown = min(arguments.keys() - self._known)
            raise TypeError(f"{self.name}() got an unexpected keyword argument {unknown!r}")
        params: dict[str, object] = msgspec.to_builtins(query) if query is not None else {}
        headers = arguments.get("extra_headers")
        if headers:
            headers = checked_headers(headers, "extra_headers")
        applied = self.applied
        if applied is not None and not isinstance(applied, AppliedCheck):
            applied = applied(arguments)
        return Call(
            operation=self.name,
            method=self.method,
            path=path,
            response_type=self.response_type,
            query=checked_query(params, arguments.get("extra_query"), "extra_query"),
            # As in the official SDK, a GET carries no body, whatever `extra_body` says.
            body=None if self.method == "GET" else _encode_body(body, arguments.get("extra_body")),
            idempotent=self.idempotent,
            headers=tuple(headers.items()) if headers else (),
            timeout=timeout_of(arguments["timeout"]) if "timeout" in arguments else UNSET,
            max_retries=_max_retries(arguments.get("max_retries")),
            applied=applied,
        )

    def _query_of(self, arguments: Mapping[str, Any]) -> msgspec.Struct | None:
        # Most calls give no query argument: nothing to convert, nothing to encode.
        if self.query is None or (
            self._query_optional and arguments.keys().isdisjoint(self._query_fields)
        ):
            return None
        given = {
            name: value
            for name in self._query_fields
            if (value := arguments.get(name, UNSET)) is not UNSET
        }
        if not given and self._query_optional:
            return None
        query = convert(self.query, given)
        if self.check_query is not None:
            self.check_query(query)
        return query

    def _body_of(
        self, arguments: Mapping[str, Any]
    ) -> msgspec.Struct | list[msgspec.Struct] | None:
        if self.body is None:
            return None
        if self.list_body:
            return convert_list(self.body, arguments["body"], "body")
        given = {name: arguments[name] for name in self._body_fields if name in arguments}
        body = convert(self.body, given)
        if self.check_body is not None:
            self.check_body(body)
        return body


class Builder(Generic[T]):
    """An operation's builder: called with the operation's arguments, it returns their `Call`.

    Each operation's subclass, generated into its ops module from the registry, types the
    arguments (`ops/arguments.py` has their TypedDicts) and hands them to `operation.build`.
    """

    __slots__ = ("operation",)

    operation: Operation[T]

    def __init__(self, operation: Operation[T]) -> None:
        self.operation = operation

    def __repr__(self) -> str:
        return f"<builder of {self.operation.name}>"


def checked_query(
    params: Mapping[str, object], extra: Mapping[str, object] | None, parameter: str
) -> tuple[tuple[str, str], ...]:
    """`encode_query` of the operation's `params` and a caller's `extra`, refusing what in
    `extra` cannot be sent as written, with an error naming `parameter`."""
    if not extra:
        return encode_query(params)
    checked_json_values(extra, parameter)
    try:
        return encode_query(params, extra)
    except RecursionError:
        raise ValidationError(parameter, "nests too deeply to encode") from None


def _max_retries(value: int | None) -> int | None:
    if value is not None and not is_count(value, 0):
        raise ValidationError("max_retries", "must be a non-negative integer")
    return value
