"""The one place where validated arguments become a `Call`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypedDict, TypeVar, cast

import msgspec
from msgspec import UNSET, UnsetType

from ..calls import AppliedCheck, Call, Method, TimeoutArg, encode_query, timeout_of
from ..errors import ValidationError
from ..types.queries import AssetsQuery, ProjectQuery
from ..validation import checked_headers, checked_json_values, convert, is_count

__all__ = [
    "ALREADY_GONE",
    "Operation",
    "RequestOptions",
    "assets_query",
    "checked_query",
    "project_query",
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
    """What the API fixes about one operation: its name, method and answer type, and whether it
    is safe to send again. A builder states only its arguments, then asks for its `call`."""

    name: str
    method: Method
    response_type: type[T]
    idempotent: bool
    applied: AppliedCheck | None = None

    def call(
        self,
        path: str,
        options: RequestOptions,
        *,
        query: msgspec.Struct | None = None,
        body: msgspec.Struct | Sequence[msgspec.Struct] | None = None,
        applied: AppliedCheck | None = None,
    ) -> Call[T]:
        """The `Call` for arguments already validated; the builder encodes `path` first, so
        a bad id is the error reported even when other arguments are wrong too."""
        if options and not _OPTION_NAMES.issuperset(options):
            # What Python says of a misspelled argument, as the official SDK's explicit
            # signatures make it say: a dropped `projectId=` or `timeuot=` would change the call.
            unknown = min(options.keys() - _OPTION_NAMES)
            raise TypeError(f"{self.name}() got an unexpected keyword argument {unknown!r}")
        params: dict[str, object] = msgspec.to_builtins(query) if query is not None else {}
        headers = options.get("extra_headers")
        if headers:
            headers = checked_headers(headers, "extra_headers")
        return Call(
            operation=self.name,
            method=self.method,
            path=path,
            response_type=self.response_type,
            query=checked_query(params, options.get("extra_query"), "extra_query"),
            # As in the official SDK, a GET carries no body, whatever `extra_body` says.
            body=None if self.method == "GET" else _encode_body(body, options.get("extra_body")),
            idempotent=self.idempotent,
            headers=tuple(headers.items()) if headers else (),
            timeout=timeout_of(options["timeout"]) if "timeout" in options else UNSET,
            max_retries=_max_retries(options.get("max_retries")),
            applied=applied or self.applied,
        )


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


def assets_query(
    original_assets: bool | UnsetType, project_id: str | UnsetType
) -> AssetsQuery | None:
    """None when neither is given, as in most calls: no query to convert, none to encode."""
    if original_assets is UNSET and project_id is UNSET:
        return None
    return convert(AssetsQuery, {"original_assets": original_assets, "project_id": project_id})


def project_query(project_id: str | UnsetType) -> ProjectQuery | None:
    """None when `project_id` is not given, as `assets_query`."""
    if project_id is UNSET:
        return None
    return convert(ProjectQuery, {"project_id": project_id})


def _max_retries(value: int | None) -> int | None:
    if value is not None and not is_count(value, 0):
        raise ValidationError("max_retries", "must be a non-negative integer")
    return value
