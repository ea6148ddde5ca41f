"""The exception hierarchy.

Names follow the official SDK (`APIStatusError`, `NotFoundError`, ...) so that code written
against it catches the same classes after switching imports, with the same attributes
(`message`, `request`, `body`, and `status_code` and `response` for a status error). No
exception carries a credential: messages name method and path only, and `request` is an
`HTTPRequest`, whose credential headers read `[secure]`. Every error pickles, with its
attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Generic, Protocol, cast

import msgspec
from msgspec import UNSET, UnsetType

from ._http import CallContext, HTTPRequest
from .json_decoding import decode_json, decoder_for

if TYPE_CHECKING:
    from typing_extensions import TypeVar

    # Named in annotations and strings only, which type checkers read: `Ended_co`'s and
    # `View`'s bounds and defaults among them.
    from .types import Model, ModelGetBulkResult, TrainingSnapshot  # noqa: F401
else:
    from ._defaults import TypeVar

# What a training error's `model` is; by default, any of what the subclasses carry.
Ended_co = TypeVar(
    "Ended_co",
    bound="Model | TrainingSnapshot | None",
    covariant=True,
    default="Model | TrainingSnapshot | None",
)
# What the models of a failed get-bulk fetch decoded into: its `into=`, `Model` without one.
View = TypeVar("View", default="Model")

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseDecodeError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BulkFetchError",
    "ChunkFailure",
    "ClientClosedError",
    "ConflictError",
    "ErrorResponse",
    "InternalServerError",
    "MissingCredentialsError",
    "ModelGoneError",
    "NotFoundError",
    "PermissionDeniedError",
    "PoolTimeoutError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ScenarioError",
    "StreamConsumedError",
    "TrainingCanceledError",
    "TrainingError",
    "TrainingFailedError",
    "UnprocessableEntityError",
    "ValidationError",
    "WatchTimeoutError",
    "pool_timeout",
    "status_error",
]


class ScenarioError(Exception):
    """Base class of every error this package raises."""

    def __reduce__(self) -> tuple[object, ...]:
        # Exception's own pickling calls `cls(*args)`, which the keyword-only arguments of
        # these errors refuse: remade from `args` without `__init__`, then given its
        # attributes, as pickle remakes any object.
        return _remade, (type(self), self.args), self._pickled()

    def _pickled(self) -> dict[str, object]:
        """The attributes, as they pickle."""
        return self.__dict__


def _remade(cls: type[ScenarioError], args: tuple[object, ...]) -> ScenarioError:
    error = cls.__new__(cls)
    # Set here: `OSError.__new__` (a `WatchTimeoutError` is a `TimeoutError`) leaves `args`
    # to the `__init__` of a subclass that has one.
    error.args = args
    return error


class ValidationError(ScenarioError, ValueError):
    """An argument breaks a documented constraint; raised before any I/O."""

    def __init__(self, parameter: str, rule: str, *, message: str | None = None) -> None:
        super().__init__(message or f"{parameter}: {rule}")
        self.parameter = parameter
        self.rule = rule


class MissingCredentialsError(ScenarioError):
    """No api_key/api_secret pair and no bearer token, from arguments or environment; the
    message says which half of a pair is missing, when one is given."""


class ClientClosedError(ScenarioError, RuntimeError):
    """A call on a client (or transport) after its `close()`: nothing was sent.

    A closed client stays closed, so that a call after `close()` cannot silently open a new
    connection pool that nothing will close. Make a new client instead.
    """


class StreamConsumedError(ScenarioError):
    """A streamed response body was read or streamed a second time."""

    def __init__(self) -> None:
        super().__init__(
            "the response body was already streamed: read it with `await response.read()` "
            "before streaming it, or keep the pieces while streaming"
        )


class APIError(ScenarioError):
    """Something went wrong talking to the API for one request.

    `method` and `path` name its call as the API reference names operations, and so does its
    message: the path is relative to base_url (`/models/model_x`), whatever URL the request
    went to. `request` is that request: the client gives every error it raises the request as
    sent (full URL, headers); one raised once the client's call has returned (reading a
    streamed body, `parse()`, a get-bulk body that does not decode) holds its method and path
    only.
    `body` is the server's answer, parsed, as in the official SDK: None where none was read
    (a connection error, a body too large).

    An error raised out of a listing (iterating `client.models.list(...)`, its `.models()` or
    `.pages()`, or going on from a page) names the page it was fetching: `pagination_token`
    is the token that page's request sent (UNSET for a listing's first page, asked without
    one). `client.models.list(same arguments, pagination_token=error.pagination_token)` goes
    on from that page: every model before it was handed out already. Any other error leaves
    it UNSET.
    """

    request: HTTPRequest
    body: object | None = None
    pagination_token: str | UnsetType = UNSET

    def __init__(
        self, message: str, *, method: str, path: str, request: HTTPRequest | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.request = request or HTTPRequest(method, path)


class APIConnectionError(APIError):
    """No response: the connection failed, broke, or the body could not be read.

    `request_sent` is False only when the request certainly never reached the server
    (the connection could not be opened), which is what makes a non-idempotent call
    safe to repeat. `transient` is False when trying again cannot help, so it is never retried
    (nor by a watch): a certificate that could not be verified, a TLS handshake that failed, a
    proxy refusing its credentials; the message says what to change instead.
    """

    def __init__(
        self, message: str, *, method: str, path: str, request_sent: bool, transient: bool = True
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.request_sent = request_sent
        self.transient = transient


class APITimeoutError(APIConnectionError):
    """The request did not complete within its timeout."""


class PoolTimeoutError(APITimeoutError):
    """The call's deadline passed while it waited on this side, never sent.

    It waited for a free pooled connection or for the client-side rate limit: not a server
    timeout, so raise `max_connections` or the limit rather than blame the server. Its message
    states the call's timeout as set, though a retry that waited had only what was left of it.
    """


def pool_timeout(call: CallContext, waited_for: str, limit: str) -> PoolTimeoutError:
    """A `PoolTimeoutError` for a request of `call` that waited on this side until the call's
    deadline, for what `waited_for` says did not come; `limit` names the setting that made it
    wait. The message states the call's whole timeout, whatever was left of it by then."""
    # A call without a timeout has no deadline to pass: it waits as long as it takes.
    assert call.timeout is not None
    return PoolTimeoutError(
        f"{call.method} {call.path}: {waited_for} within the call's timeout "
        f"({call.timeout:g} s), so it was never sent: raise {limit}, make fewer calls at "
        "once, or give the call a longer timeout",
        method=call.method,
        path=call.path,
        request_sent=False,
    )


class ResponseTooLargeError(APIError):
    """The response body exceeded the client's configured maximum size."""


class ErrorResponse(Protocol):
    """The response an `APIStatusError` carries, read and closed.

    The client's is the `RawResponse` (with `retries_taken`, `elapsed`, `await .json()`...);
    an error raised otherwise, or unpickled, has one made of what the error holds.
    """

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def content(self) -> bytes: ...
    @property
    def http_request(self) -> HTTPRequest: ...


@dataclass(frozen=True, slots=True)
class _Received:
    """An `ErrorResponse` made of what an error holds."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    http_request: HTTPRequest


class APIStatusError(APIError):
    """The server answered with a non-2xx status; the body was read before raising.

    `body` is the error body parsed as JSON (its text when it is not JSON), as in the official
    SDK; `content` is the bytes as received; `response` is the response (`ErrorResponse`).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status_code: int,
        headers: Mapping[str, str],
        body: bytes,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code = status_code
        self.headers = headers
        self.content = body
        self.body: object | None = _parsed(body)

    @cached_property
    def response(self) -> ErrorResponse:
        # The client sets its own; read later than the error is made, this one shows the
        # request the client set by then.
        return _Received(self.status_code, self.headers, self.content, self.request)

    def _pickled(self) -> dict[str, object]:
        # The response pickles as what `ErrorResponse` promises: a `RawResponse` also holds
        # its call, whose types need not pickle.
        state: dict[str, object] = {**self.__dict__, "headers": _picklable(self.headers)}
        if "response" in state:
            response = self.response
            state["response"] = _Received(
                response.status_code,
                _picklable(response.headers),
                response.content,
                response.http_request,
            )
        return state


def _picklable(headers: Mapping[str, str]) -> Mapping[str, str]:
    """`headers` as they pickle: aiohttp's are a read-only multidict proxy, which does not;
    its `copy()`, a multidict with the same items, does."""
    copy: Callable[[], Mapping[str, str]] | None = getattr(headers, "copy", None)
    return headers if copy is None else copy()


def _parsed(body: bytes) -> object:
    """The error body as the official SDK gives it: JSON when it parses, else its text."""
    text = body.decode("utf-8", "replace").strip()
    try:
        parsed: object = decode_json(text, decoder_for(Any))
    except msgspec.DecodeError:
        return text
    return parsed


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class APIResponseDecodeError(APIError):
    """A 2xx body could not be read as its expected type: it is not JSON, nests too deeply to
    decode, or does not match; `json_path` names where (`$.models[3].id`; `$`: the whole body).
    `body` is the body as received. The message of one that is no JSON names the response's
    Content-Type, its length and its first bytes: what answered, when the API did not.
    """

    def __init__(
        self, message: str, *, method: str, path: str, status_code: int, json_path: str, body: bytes
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code = status_code
        self.json_path = json_path
        # The official SDK's is the parsed body; this one did not parse as it should.
        self.body: bytes = body  # pyright: ignore[reportIncompatibleVariableOverride]


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(
    *,
    method: str,
    path: str,
    status_code: int,
    headers: Mapping[str, str],
    body: bytes,
    note: str = "",
) -> APIStatusError:
    """The typed error for a non-2xx response, with the server's message when it gave one,
    then `note`: what the client knows of the cause."""
    cls = _STATUS_CLASSES.get(status_code)
    if cls is None:
        cls = InternalServerError if status_code >= 500 else APIStatusError
    detail = _server_message(body)
    message = f"{method} {path} -> {status_code}" + (f": {detail}" if detail else "") + note
    return cls(
        message, method=method, path=path, status_code=status_code, headers=headers, body=body
    )


def _server_message(body: bytes) -> str:
    try:
        payload = decode_json(body, decoder_for(Any))
    except msgspec.DecodeError:
        return body[:200].decode("utf-8", "replace")
    if isinstance(payload, dict):
        fields = cast("dict[object, object]", payload)
        for key in ("message", "error", "reason"):
            value = fields.get(key)
            if isinstance(value, str):
                return value
    return ""


@dataclass(frozen=True, slots=True)
class ChunkFailure:
    """A get-bulk request that failed after its retries, and the ids it asked for."""

    model_ids: tuple[str, ...]
    error: APIError


class BulkFetchError(APIError, Generic[View]):
    """Some get-bulk requests failed after their retries; every other one finished first.

    `result` holds what the requests that succeeded returned, `failures` each failed request's
    ids and error, so no id is silently lost. An `APIError`, as a single failed request is:
    the first failed one's (`request`). A fetch `into=MyView` raises a
    `BulkFetchError[MyView]`; an `except BulkFetchError` cannot tell which fetch raised and
    types it as a fetch of `Model`s: `cast(BulkFetchError[MyView], error)` says otherwise.
    """

    def __init__(
        self, message: str, *, result: ModelGetBulkResult[View], failures: list[ChunkFailure]
    ) -> None:
        first = failures[0].error
        super().__init__(message, method=first.method, path=first.path, request=first.request)
        self.result = result
        self.failures = failures


class TrainingError(ScenarioError, Generic[Ended_co]):
    """A waited-for training did not end trained; `model` is the model as it ended (the full
    `Model`), or, for a model gone, the last `TrainingSnapshot` seen, if any."""

    def __init__(self, message: str, *, model_id: str, model: Ended_co) -> None:
        super().__init__(message)
        self.model_id = model_id
        # Final: read-only, as a covariant `Ended_co` must be, so that a `TrainingFailedError`
        # (of a `Model`) is a `TrainingError`.
        self.model: Final = model


class TrainingFailedError(TrainingError["Model"]):
    """The training ended with status `failed`."""


class TrainingCanceledError(TrainingError["Model"]):
    """The training ended with status `training-canceled`."""


class ModelGoneError(TrainingError["TrainingSnapshot | None"]):
    """The server stopped returning the model; `reason` says how (e.g. "missing")."""

    def __init__(
        self, message: str, *, model_id: str, model: TrainingSnapshot | None, reason: str
    ) -> None:
        super().__init__(message, model_id=model_id, model=model)
        self.reason = reason


class WatchTimeoutError(ScenarioError, TimeoutError):
    """A watch or wait ran out of time with models still unfinished.

    `timeout` is the seconds it had; `pending` maps each unfinished id to its last
    `TrainingSnapshot` (None if never seen); `model` is that snapshot when exactly one model
    was pending, as for a single wait.
    """

    def __init__(
        self, message: str, *, timeout: float, pending: Mapping[str, TrainingSnapshot | None]
    ) -> None:
        super().__init__(message)
        self.timeout = timeout
        self.pending: dict[str, TrainingSnapshot | None] = dict(pending)

    @property
    def model(self) -> TrainingSnapshot | None:
        if len(self.pending) != 1:
            return None
        return next(iter(self.pending.values()))
