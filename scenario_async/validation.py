"""Validate caller arguments against the strict request types, before any I/O.

`msgspec.Meta` constraints are enforced only when decoding or converting, never by a
Struct's constructor, so every request value goes through `msgspec.convert`. Callers may
pass nested values the way the official SDK takes them (plain dicts with snake_case keys,
`concepts=[{"model_id": "m", "scale": 1.0}]`) or as our Structs; both are brought to wire
names first, then converted, and a failure is reported with the parameter path as the
caller wrote it (`concepts[0].scale`), not as it goes on the wire.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar, cast

import msgspec
import msgspec.inspect as mi

from .errors import ValidationError

__all__ = [
    "checked_header_names",
    "checked_headers",
    "checked_json_values",
    "convert",
    "convert_list",
    "is_count",
    "python_path",
    "split_error",
    "utf8",
]

S = TypeVar("S", bound=msgspec.Struct)

_ERROR_AT = re.compile(r"^(?P<rule>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_FIELD_IN_RULE = re.compile(r"field `([^`]+)`")
# RFC 9110: a field name is a token. A value here is visible ASCII, spaces and tabs: that
# leaves out CR and LF (a header injected into the request) and the other controls, and the
# text beyond ASCII that servers read differently (aiohttp sends UTF-8, the official SDK
# refuses it).
_FIELD_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e]*")
# Headers that frame the message or the connection (RFC 9110 7.6.1, 9112 6-7; Host, and the
# obsolete Keep-Alive and Proxy-Connection): aiohttp writes them from the request itself. One
# given as well would go out beside aiohttp's or in its place, telling the server another
# length, body encoding or host than the request has: a request the server misreads.
_FRAMING_HEADERS = frozenset(
    {
        "connection",
        "content-length",
        "host",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


def utf8(text: str, parameter: str) -> bytes:
    """`text` encoded as UTF-8, the form every string of a request is sent in.

    A lone surrogate (what `surrogateescape` decoding or a stray `\\ud800` escape leaves in a
    str) has none: refused here, naming `parameter`, rather than left to raise
    `UnicodeEncodeError` wherever the text happens to be encoded.
    """
    try:
        return text.encode()
    except UnicodeEncodeError as exc:
        raise ValidationError(
            parameter,
            f"holds a lone surrogate (U+{ord(text[exc.start]):04X} at index {exc.start}), "
            "which has no UTF-8 form to send: check how this text was decoded from bytes",
        ) from None


def _check_sendable(value: object, parameter: str) -> None:
    """Refuse a value the JSON encoder would not send as written: nan or infinity (JSON has no
    such numbers: msgspec would send `null`), text with a lone surrogate (no UTF-8 form)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(parameter, "must be a finite number")
    if isinstance(value, str):
        utf8(value, parameter)


def checked_headers(headers: Mapping[str, str], parameter: str) -> dict[str, str]:
    """`headers` as a dict, refused with an error naming `parameter` if a name or value could
    not be sent as it is (not a string, or with CR, LF, another control character or a
    character beyond ASCII) or the header frames the request (`Content-Length`, `Host`...).
    A value is never shown: it may be a credential."""
    if not isinstance(headers, Mapping):
        raise TypeError(f"{parameter} must be a mapping of header names to strings")
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(
                f"{parameter}: header names and values must be strings, got "
                f"{type(value).__name__} for {name!r}"
            )
        _check_header_name(name, parameter)
        if name.lower() in _FRAMING_HEADERS:
            raise ValidationError(
                parameter,
                f"{name!r} frames the request, which the client does from the request itself: "
                "leave it out",
            )
        if not _FIELD_VALUE.fullmatch(value):
            raise ValidationError(
                parameter,
                f"the value of {name!r} has CR, LF, another control character or a character "
                "beyond ASCII, which a header cannot carry as it is",
            )
    return dict(headers)


def checked_header_names(names: Iterable[str], parameter: str) -> frozenset[str]:
    """`names` in lower case, refused with an error naming `parameter` unless they are a
    collection of header names (a lone str is one name spelled out letter by letter)."""
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise TypeError(f"{parameter} must be a tuple of header names, such as ('X-Api-Token',)")
    checked: set[str] = set()
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"{parameter}: header names must be strings, got {type(name).__name__}")
        _check_header_name(name, parameter)
        checked.add(name.lower())
    return frozenset(checked)


def _check_header_name(name: str, parameter: str) -> None:
    if not _FIELD_NAME.fullmatch(name):
        raise ValidationError(parameter, f"{name!r} is not a valid header name")


def checked_json_values(value: object, parameter: str) -> None:
    """Refuse what `value` holds that cannot be sent as written (`_check_sendable`), at any
    depth: walked with a stack of its own, so that no nesting can exhaust Python's."""
    unchecked = [value]
    while unchecked:
        item = unchecked.pop()
        _check_sendable(item, parameter)
        if isinstance(item, Mapping):
            mapping = cast("Mapping[object, object]", item)
            unchecked.extend(mapping.keys())
            unchecked.extend(mapping.values())
        elif isinstance(item, (list, tuple)):
            unchecked.extend(cast("list[object] | tuple[object, ...]", item))


def is_count(value: object, minimum: int) -> bool:
    """An int of at least `minimum`, and not a bool: what a size, a limit or a count must be."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


@functools.cache
def _info(tp: Any) -> mi.Type:
    return mi.type_info(tp)


def _alternatives(info: mi.Type) -> Iterator[mi.Type]:
    """`info` without its constraints, and, for a union, each of its members, in order."""
    while isinstance(info, mi.Metadata):
        info = info.type
    yield info
    if isinstance(info, mi.UnionType):
        for member in info.types:
            yield from _alternatives(member)


def _struct_in(info: mi.Type) -> mi.StructType | None:
    return next((t for t in _alternatives(info) if isinstance(t, mi.StructType)), None)


def _items_in(info: mi.Type) -> mi.Type | None:
    """The item type of the first collection `info` may be."""
    collections = (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)
    return next((t.item_type for t in _alternatives(info) if isinstance(t, collections)), None)


def _to_wire(value: object, info: mi.Type, path: str) -> object:
    if isinstance(value, msgspec.Struct):
        value = msgspec.structs.asdict(value)
    _check_sendable(value, path)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        mapping = cast("Mapping[object, object]", value)
        struct = _struct_in(info)
        if struct is None:
            return mapping
        # Looked up with the caller's keys, of any type: one not a str is an unknown field.
        fields: dict[object, mi.Field] = {f.name: f for f in struct.fields}
        wire: dict[object, object] = {}
        for key, item in mapping.items():
            if item is msgspec.UNSET:
                continue
            field = fields.get(key)
            # Python callers spell keys in snake_case; taking a wire name here would also let
            # `{"model_id": "a", "modelId": "b"}` send "b" without a word.
            if field is None:
                raise ValidationError(path or "arguments", f"unknown field `{key}`")
            wire[field.encode_name] = _to_wire(item, field.type, f"{path}.{key}")
        return wire
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray)):
        items = cast("Iterable[object]", value)
        item_info = _items_in(info)
        if item_info is not None:
            return [_to_wire(item, item_info, f"{path}[{i}]") for i, item in enumerate(items)]
        return items
    return value


@functools.cache
def _fields_by_name(tp: Any) -> dict[str, mi.Field]:
    struct = _struct_in(_info(tp))
    assert struct is not None, tp
    return {f.name: f for f in struct.fields}


def convert(tp: type[S], values: Mapping[str, object]) -> S:
    """Build `tp` from keyword arguments, leaving out unset ones; raise `ValidationError`."""
    fields = _fields_by_name(tp)
    wire = {
        fields[name].encode_name: _to_wire(value, fields[name].type, name)
        for name, value in values.items()
        if value is not msgspec.UNSET
    }
    try:
        return msgspec.convert(wire, tp)
    except msgspec.ValidationError as exc:
        parameter, rule = python_path(tp, str(exc))
        raise ValidationError(parameter or "arguments", rule) from None


def convert_list(tp: type[S], values: object, parameter: str) -> list[S]:
    """Build a list of `tp` (a JSON-array body) from dicts or Structs."""
    try:
        return msgspec.convert(_to_wire(values, _info(list[tp]), parameter), list[tp])  # type: ignore[valid-type]
    except msgspec.ValidationError as exc:
        path, rule = python_path(list[tp], str(exc))  # type: ignore[valid-type]
        raise ValidationError(parameter + path, rule) from None


def split_error(message: str) -> tuple[str, str]:
    """msgspec's `rule - at `$.wire.path`` as (rule, `.wire.path`)."""
    match = _ERROR_AT.match(message)
    assert match is not None
    return match.group("rule"), match.group("path") or ""


def python_path(tp: Any, message: str) -> tuple[str, str]:
    """Turn msgspec's `rule - at `$.wire.path`` into (`python.path`, rule); "" is the root."""
    rule, wire_path = split_error(message)
    info: mi.Type | None = _info(tp)
    parts: list[str] = []
    for name, index in _PATH_PART.findall(wire_path):
        if index:
            parts.append(f"[{index}]")
            info = _items_in(info) if info is not None else None
            continue
        struct = _struct_in(info) if info is not None else None
        field = next((f for f in struct.fields if f.encode_name == name), None) if struct else None
        parts.append(("." if parts else "") + (field.name if field else name))
        info = field.type if field else None
    struct = _struct_in(info) if info is not None else None
    if struct is not None:
        names = {f.encode_name: f.name for f in struct.fields}
        missing = _FIELD_IN_RULE.search(rule)
        if missing and not parts and missing.group(1) in names:
            return names[missing.group(1)], "is required"
        rule = _FIELD_IN_RULE.sub(lambda m: f"field `{names.get(m.group(1), m.group(1))}`", rule)
    return "".join(parts), rule
