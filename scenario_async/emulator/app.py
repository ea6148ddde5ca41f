"""The HTTP edge of the emulator: parse, validate with the client's own types, call the store.

Each operation's route is the registry's (`ops/registry.py`): its wrapper, made once from
the `Operation` and the handler, decodes the query string into the operation's query type
(array parameters split on commas) and the body with the same strict msgspec request type
the client encodes with, so the client and the emulator share one definition of a valid
request. The cross-field rules are the registry's too (`check_query`, `check_body`), which
the wrapper applies to the decoded values before it hands them to the handler. A rejected
request never reaches the store, so nothing is half-applied. Errors are
`{"message", "parameter"}` JSON.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import logging
import typing
from collections.abc import Awaitable, Callable
from functools import partial
from types import GenericAlias
from typing import Annotated, Any, Protocol, TypeVar

import msgspec
from aiohttp import HttpVersion11, hdrs, web
from msgspec import UNSET, UnsetType

from ..errors import ValidationError
from ..ops._build import Operation
from ..ops.registry import OPERATIONS
from ..types import (
    ModelCopyBody,
    ModelCreateBody,
    ModelDownloadBody,
    ModelGetBulkBody,
    ModelTransferBody,
    ModelUpdateBody,
    ModelUpdateTagsBody,
    PresetCreateBody,
    PresetUpdateBody,
    TrainActionBody,
    TrainingImageBody,
    TrainingImagePairParam,
    TrainingImageReplacePairsResponse,
    TrainingImageResponse,
    TrainTriggerBody,
    queries,
)
from ..validation import split_error
from .answers import ErrorAnswer
from .connections import HeadDeadline
from .faults import FaultPlan
from .store import Store
from .training import Milestone

__all__ = ["CLOCK_PATH", "ClockControl", "build_app"]

S = TypeVar("S", bound=msgspec.Struct)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# An operation's handler: called with the request, its decoded query and its decoded body
# (`None` when the operation has none), both already checked by the operation's rules.
OperationHandler = Callable[[web.Request, Any, Any], Awaitable[web.StreamResponse]]

STORE = web.AppKey("store", Store)
# Set when the request came with `Authorization: public-auth-token`.
PUBLIC = web.RequestKey("public", bool)
_encode = msgspec.json.Encoder().encode
_JSON = "application/json"
_PUBLIC_TOKEN = "public-auth-token"
_log = logging.getLogger(__name__)


def _json(body: bytes, status: int = 200) -> web.Response:
    return web.Response(body=body, status=status, content_type=_JSON)


def _error(status: int, parameter: str | None, message: str) -> web.Response:
    body: dict[str, str] = {"message": message}
    if parameter is not None:
        body["parameter"] = parameter
    return _json(_encode(body), status)


# -- decoding ------------------------------------------------------------------------------


def _parameter(path: str, rule: str) -> str:
    path = path.lstrip(".")
    if path:
        return path
    named = rule.split("`")
    return named[1] if len(named) > 2 else "body"


def _decode_body(raw: bytes, tp: Any) -> Any:
    try:
        return msgspec.json.decode(raw if raw.strip() else b"{}", type=tp)
    except msgspec.ValidationError as exc:
        rule, path = split_error(str(exc))
        parameter = _parameter(path, rule)
        if path.startswith("["):
            parameter = "body" + path
        raise ErrorAnswer(400, parameter, rule) from None
    except msgspec.DecodeError:
        raise ErrorAnswer(400, "body", "is not valid JSON") from None


_list_params: dict[type[msgspec.Struct], frozenset[str]] = {}


def _array_params(tp: type[msgspec.Struct]) -> frozenset[str]:
    found = _list_params.get(tp)
    if found is None:
        found = frozenset(
            f.encode_name
            for f in msgspec.structs.fields(tp)
            if any(typing.get_origin(a) is list for a in (f.type, *typing.get_args(f.type)))
        )
        _list_params[tp] = found
    return found


def _decode_query(request: web.Request, tp: type[S]) -> S:
    arrays = _array_params(tp)
    values: dict[str, object] = {}
    for key in request.query:
        if key in values:
            continue
        given = request.query.getall(key)
        if key in arrays:
            values[key] = [part for value in given for part in value.split(",") if part]
        else:
            values[key] = given[-1]
    try:
        return msgspec.convert(values, tp, strict=False)
    except msgspec.ValidationError as exc:
        rule, path = split_error(str(exc))
        parameter = _parameter(path, rule).split("[")[0]
        raise ErrorAnswer(400, parameter, rule) from None


def _wire_path(tp: Any, python_path: str) -> str:
    """`parameters.validation_frequency` on `tp` as the wire names it."""
    parts: list[str] = []
    for name in python_path.split("."):
        fields = {f.name: f for f in msgspec.structs.fields(tp)} if tp is not None else {}
        field = fields.get(name)
        parts.append(field.encode_name if field else name)
        inner = (field.type, *typing.get_args(field.type)) if field else ()
        tp = next((t for t in inner if isinstance(t, type) and issubclass(t, msgspec.Struct)), None)
    return ".".join(parts)


def _rules(tp: type[msgspec.Struct], check: Callable[[], object]) -> None:
    """Run a client-side rule and report its failure with the wire name of the parameter."""
    try:
        check()
    except ValidationError as exc:
        raise ErrorAnswer(400, _wire_path(tp, exc.parameter), exc.rule) from None


def _route(operation: Operation[Any], handler: OperationHandler) -> Handler:
    """The route of `operation`: decode and check its query, then its body (read only when
    the operation has a body type), then call `handler` with both. In that order, a request
    with several problems is told the first: its query, a query rule, its body, a body rule."""
    query_type, item_type = operation.query, operation.body
    body_type: Any = GenericAlias(list, (item_type,)) if operation.list_body else item_type
    check_query, check_body = operation.check_query, operation.check_body

    async def route(request: web.Request) -> web.StreamResponse:
        query: Any = None
        if query_type is not None:
            query = _decode_query(request, query_type)
            if check_query is not None:
                _rules(query_type, partial(check_query, query))
        body: Any = None
        if item_type is not None:
            body = _decode_body(await request.read(), body_type)
            if check_body is not None:
                _rules(item_type, partial(check_body, body))
        return await handler(request, query, body)

    return route


# -- handlers ------------------------------------------------------------------------------


def _model_id(request: web.Request) -> str:
    return request.match_info["model_id"]


def _envelope(key: bytes, value: bytes) -> web.Response:
    return _json(b'{"' + key + b'":' + value + b"}")


async def list_models(request: web.Request, q: queries.ModelListQuery, _: None) -> web.Response:
    if request.get(PUBLIC, False) and q.privacy != "public":
        raise ErrorAnswer(401, "Authorization", "public-auth-token only lists privacy=public")
    models, token = request.app[STORE].list_models(q)
    body = b'{"models":[' + b",".join(models) + b"]"
    if token is not None:
        body += b',"nextPaginationToken":' + _encode(token)
    return _json(body + b"}")


async def create(
    request: web.Request, q: queries.AssetsQuery, body: ModelCreateBody
) -> web.Response:
    return _envelope(b"model", request.app[STORE].create(body, q.project_id))


async def get_bulk(
    request: web.Request, q: queries.AssetsQuery, body: ModelGetBulkBody
) -> web.Response:
    models = request.app[STORE].get_bulk(body, q.project_id)
    return _json(b'{"models":[' + b",".join(models) + b"]}")


async def retrieve(request: web.Request, q: queries.AssetsQuery, _: None) -> web.Response:
    public_only = bool(request.get(PUBLIC, False))
    model = request.app[STORE].model_json(_model_id(request), q.project_id, public_only=public_only)
    return _envelope(b"model", model)


async def update(
    request: web.Request, q: queries.AssetsQuery, body: ModelUpdateBody
) -> web.Response:
    return _envelope(b"model", request.app[STORE].update(_model_id(request), body, q.project_id))


async def delete(request: web.Request, q: queries.ProjectQuery, _: None) -> web.Response:
    request.app[STORE].delete(_model_id(request), q.project_id)
    return _json(b"{}")


async def restore(request: web.Request, q: queries.AssetsQuery, _: None) -> web.Response:
    return _envelope(b"model", request.app[STORE].restore(_model_id(request), q.project_id))


async def copy(request: web.Request, q: queries.AssetsQuery, body: ModelCopyBody) -> web.Response:
    return _envelope(b"model", request.app[STORE].copy(_model_id(request), body, q.project_id))


async def download(
    request: web.Request, q: queries.DownloadQuery, body: ModelDownloadBody
) -> web.Response:
    job_id = request.app[STORE].download(_model_id(request), body.model_epoch, q.project_id)
    return _json(_encode({"jobId": job_id}))


async def delete_images(
    request: web.Request, q: queries.DeleteImagesQuery, _: None
) -> web.Response:
    request.app[STORE].delete_images(_model_id(request), q.ids, q.project_id)
    return _json(b"{}")


async def update_tags(
    request: web.Request, q: queries.ProjectQuery, body: ModelUpdateTagsBody
) -> web.Response:
    added, deleted = request.app[STORE].update_tags(_model_id(request), body, q.project_id)
    return _json(_encode({"added": added, "deleted": deleted}))


async def transfer(
    request: web.Request, q: queries.ProjectQuery, body: ModelTransferBody
) -> web.Response:
    model = request.app[STORE].transfer(_model_id(request), body, q.project_id)
    return _envelope(b"model", model)


def _model_part(
    key: bytes,
    read: Callable[[Store, str, str | UnsetType], object],
    write: Callable[[Store, str, Any, str | UnsetType], object],
) -> tuple[OperationHandler, OperationHandler]:
    """The GET and PUT handlers of a part of a model kept beside it (its description, its
    examples, its prompt guide): both answer `{key: part}`."""

    async def retrieve_part(request: web.Request, q: queries.ProjectQuery, _: None) -> web.Response:
        part = read(request.app[STORE], _model_id(request), q.project_id)
        return _envelope(key, _encode(part))

    async def update_part(
        request: web.Request, q: queries.ProjectQuery, body: msgspec.Struct
    ) -> web.Response:
        # A part's update body holds the new part alone (`description`, `assetIds`,
        # `promptGuide`).
        (value,) = msgspec.structs.astuple(body)
        part = write(request.app[STORE], _model_id(request), value, q.project_id)
        return _envelope(key, _encode(part))

    return retrieve_part, update_part


# Declared, as every handler is: pyright's check of public types does not infer them.
description: OperationHandler
update_description: OperationHandler
examples: OperationHandler
update_examples: OperationHandler
prompt_guide: OperationHandler
update_prompt_guide: OperationHandler
description, update_description = _model_part(
    b"description", Store.description, Store.set_description
)
examples, update_examples = _model_part(b"examples", Store.examples, Store.set_examples)
prompt_guide, update_prompt_guide = _model_part(
    b"promptGuide", Store.prompt_guide, Store.set_prompt_guide
)


def _preset_id(request: web.Request) -> str:
    return request.match_info["preset_id"]


async def list_presets(request: web.Request, q: queries.AssetsQuery, _: None) -> web.Response:
    presets = request.app[STORE].presets(_model_id(request), q.project_id)
    return _envelope(b"presets", _encode(presets))


async def create_preset(
    request: web.Request, q: queries.AssetsQuery, body: PresetCreateBody
) -> web.Response:
    preset = request.app[STORE].create_preset(
        _model_id(request), body.inference_id, body.is_default, q.project_id
    )
    return _envelope(b"preset", _encode(preset))


async def update_preset(
    request: web.Request, q: queries.AssetsQuery, body: PresetUpdateBody
) -> web.Response:
    preset = request.app[STORE].update_preset(
        _model_id(request), _preset_id(request), body.is_default, q.project_id
    )
    return _envelope(b"preset", _encode(preset))


async def delete_preset(request: web.Request, q: queries.ProjectQuery, _: None) -> web.Response:
    request.app[STORE].delete_preset(_model_id(request), _preset_id(request), q.project_id)
    return _json(b"{}")


async def prompt_score(request: web.Request, q: queries.ScorePromptQuery, _: None) -> web.Response:
    score = request.app[STORE].prompt_score(_model_id(request), q.prompt, q.project_id)
    return _json(_encode(score))


async def training_dataset_score(
    request: web.Request, q: queries.ProjectQuery, _: None
) -> web.Response:
    score = request.app[STORE].training_dataset_score(_model_id(request), q.project_id)
    return _json(_encode(score))


async def train(
    request: web.Request, q: queries.TrainTriggerQuery, body: TrainTriggerBody
) -> web.Response:
    job, model = request.app[STORE].train(
        _model_id(request),
        body,
        dry_run=not isinstance(q.dry_run, msgspec.UnsetType),
        images_count=q.training_images_count,
        project_id=q.project_id,
    )
    return _json(b'{"job":' + _encode(job) + b',"model":' + model + b"}")


async def train_action(
    request: web.Request, q: queries.ProjectQuery, _: TrainActionBody
) -> web.Response:
    return _envelope(b"model", request.app[STORE].cancel(_model_id(request), q.project_id))


async def add_training_image(
    request: web.Request, q: queries.AssetsQuery, body: TrainingImageBody
) -> web.Response:
    image = request.app[STORE].add_training_images(_model_id(request), body, q.project_id)
    return _json(_encode(TrainingImageResponse(training_image=image)))


async def replace_pairs(
    request: web.Request, q: queries.ProjectQuery, pairs: list[TrainingImagePairParam]
) -> web.Response:
    stored = request.app[STORE].replace_pairs(_model_id(request), pairs, q.project_id)
    return _json(_encode(TrainingImageReplacePairsResponse(count=len(stored), pairs=stored)))


async def replace_training_image(
    request: web.Request, q: queries.AssetsQuery, body: TrainingImageBody
) -> web.Response:
    image = request.app[STORE].replace_training_image(
        _model_id(request), request.match_info["training_image_id"], body, q.project_id
    )
    return _json(_encode(TrainingImageResponse(training_image=image)))


async def delete_training_image(
    request: web.Request, q: queries.ProjectQuery, _: None
) -> web.Response:
    request.app[STORE].delete_training_image(
        _model_id(request), request.match_info["training_image_id"], q.project_id
    )
    return _json(b"{}")


# -- the emulator's own route: its clock ---------------------------------------------------


class ClockControl(Protocol):
    """What the clock route drives: the `Emulator` (see its methods)."""

    @property
    def held(self) -> bool: ...
    def hold(self) -> None: ...
    def release(self) -> None: ...
    def advance(self, seconds: float) -> None: ...
    def advance_to(
        self, model_id: str, stage: Milestone = ..., *, progress: float = ...
    ) -> None: ...


CONTROL = web.AppKey("control", ClockControl)
CLOCK_PATH = "/v1/_emulator/clock"
_OWN_OPERATIONS = "emulator."


class ClockCommand(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, rename="camel"):
    """`advance` seconds moves the clock forward, then `modelId` with `stage` (and `progress`)
    moves it to where that training reaches the stage; then `hold` true holds the clock, false
    releases it. Holding does not move time, so it comes last: a move refused holds nothing."""

    hold: bool | UnsetType = UNSET
    advance: Annotated[float, msgspec.Meta(ge=0)] | UnsetType = UNSET
    model_id: str | UnsetType = UNSET
    stage: Milestone = "ended"
    progress: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.0


def _clock_state(request: web.Request) -> web.Response:
    state = {"now": request.app[STORE].now(), "held": request.app[CONTROL].held}
    return _json(_encode(state))


async def clock(request: web.Request) -> web.Response:
    return _clock_state(request)


async def set_clock(request: web.Request) -> web.Response:
    command = _decode_body(await request.read(), ClockCommand)
    control = request.app[CONTROL]
    if not isinstance(command.advance, UnsetType):
        try:
            control.advance(command.advance)
        except ValueError as exc:  # inf (what 1e999 decodes to), or past the clock's last date
            raise ErrorAnswer(400, "advance", str(exc)) from None
    if not isinstance(command.model_id, UnsetType):
        try:
            control.advance_to(command.model_id, command.stage, progress=command.progress)
        except ValueError as exc:
            raise ErrorAnswer(409, "stage", str(exc)) from None
    if command.hold is True:
        control.hold()
    elif command.hold is False:
        control.release()
    return _clock_state(request)


# The handler of each operation; its method, path, name, query, body and rules are the
# registry's.
_HANDLERS: dict[str, OperationHandler] = {
    "models.list": list_models,
    "models.create": create,
    "models.get_bulk": get_bulk,
    "models.retrieve": retrieve,
    "models.update": update,
    "models.delete": delete,
    "models.restore": restore,
    "models.copy": copy,
    "models.download": download,
    "models.delete_images": delete_images,
    "models.update_tags": update_tags,
    "models.transfer": transfer,
    "models.description.retrieve": description,
    "models.description.update": update_description,
    "models.examples.list": examples,
    "models.examples.update": update_examples,
    "models.train.trigger": train,
    "models.train.action": train_action,
    "models.training_images.add": add_training_image,
    "models.training_images.replace_pairs": replace_pairs,
    "models.training_images.replace": replace_training_image,
    "models.training_images.delete": delete_training_image,
    "models.presets.list": list_presets,
    "models.presets.create": create_preset,
    "models.presets.update": update_preset,
    "models.presets.delete": delete_preset,
    "models.prompt_guide.retrieve": prompt_guide,
    "models.prompt_guide.update": update_prompt_guide,
    "models.scores.retrieve_prompt": prompt_score,
    "models.scores.retrieve_training_dataset": training_dataset_score,
}
# In the registry's order: `/training-images/pairs` is matched before an image's id.
ROUTES: tuple[tuple[str, str, str, Handler], ...] = tuple(
    (
        operation.method,
        "/v1" + operation.path,
        operation.name,
        _route(operation, _HANDLERS[operation.name]),
    )
    for operation in OPERATIONS
)
_CLOCK_ROUTES: tuple[tuple[str, str, str, Handler], ...] = (
    ("GET", CLOCK_PATH, "emulator.clock.retrieve", clock),
    ("POST", CLOCK_PATH, "emulator.clock.update", set_clock),
)
_PUBLIC_OPERATIONS = frozenset({"models.list", "models.retrieve"})


# -- middlewares ---------------------------------------------------------------------------


def _operation(request: web.Request) -> str | None:
    return request.match_info.route.name


def _auth_middleware(credentials: frozenset[bytes]) -> Any:
    @web.middleware
    async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.headers.get("Authorization", "")
        # Compared as bytes: `compare_digest` refuses str beyond ASCII, and a header's raw
        # bytes arrive decoded with surrogate escapes; surrogatepass encodes any str.
        raw = given.encode("utf-8", "surrogatepass")
        if given == _PUBLIC_TOKEN and _operation(request) in _PUBLIC_OPERATIONS:
            request[PUBLIC] = True
        elif not any(hmac.compare_digest(raw, c) for c in credentials):
            # Answered here, outside the fault middleware: a stranger's request must not
            # draw from the fault schedule, nor be told a fault rather than a 401.
            return _error(401, "Authorization", "missing or invalid credentials")
        return await handler(request)

    return authenticate


@web.middleware
async def _client_gone(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A client that hangs up mid-request (a cancelled call, a client-side timeout) is routine.

    aiohttp would log each one as a server error with its traceback, enough output to fill an
    unread pipe. No one is left to read the answer: 499 is nginx's "client closed request".
    """
    try:
        return await handler(request)
    except ConnectionError as exc:
        _log.debug("client left before its answer: %s %s (%s)", request.method, request.path, exc)
        return web.Response(status=499)


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ErrorAnswer as exc:
        return _error(exc.status, exc.parameter, exc.message)
    except web.HTTPException as exc:
        return _error(exc.status, None, exc.reason)
    except web.RequestPayloadError:  # e.g. `Content-Encoding: gzip` on bytes that are not
        return _error(400, "body", "is not what its Content-Encoding or Transfer-Encoding say")


async def _expect(request: web.Request) -> web.StreamResponse | None:
    """`Expect: 100-continue` answered as aiohttp answers it; any other expectation refused
    in the emulator's JSON, where aiohttp's own 417 quotes the header back, and fails with a
    500 on a value whose bytes are not UTF-8."""
    if request.headers.get(hdrs.EXPECT, "").lower() != "100-continue":
        return _error(417, "Expect", "only 100-continue is supported")
    if request.version == HttpVersion11:
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.writer.output_size = 0  # the answer proper has not started
    return None


def _fault_middleware(plan: FaultPlan) -> Any:
    @web.middleware
    async def inject(request: web.Request, handler: Handler) -> web.StreamResponse:
        operation = _operation(request) or "unknown"
        if operation.startswith(_OWN_OPERATIONS):  # a test's control of the clock: no fault
            return await handler(request)
        decision = plan.decide(operation)
        if decision.delay:
            await asyncio.sleep(decision.delay)
        if decision.fault == "error":
            return _error(decision.status, None, "injected server error")
        if decision.fault == "rate_limit":
            limited = _error(429, None, "injected rate limit")
            limited.headers["Retry-After"] = f"{decision.retry_after:g}"
            return limited
        response = await handler(request)
        if decision.fault is None or not isinstance(response, web.Response):
            return response
        transport = request.transport
        if decision.fault == "drop":
            if transport is not None:
                transport.abort()
            return response
        body = response.body if isinstance(response.body, bytes) else b""
        truncated = web.StreamResponse(status=response.status, headers=response.headers)
        truncated.content_length = len(body)
        await truncated.prepare(request)
        await truncated.write(body[: len(body) // 2])
        if transport is not None:
            transport.abort()
        return truncated

    return inject


def _authorizations(api_key: str, api_secret: str, bearer_token: str | None) -> frozenset[bytes]:
    found = {b"Basic " + base64.b64encode(f"{api_key}:{api_secret}".encode())}
    if bearer_token is not None:
        found.add(f"Bearer {bearer_token}".encode())
    return frozenset(found)


def build_app(
    store: Store,
    *,
    api_key: str,
    api_secret: str,
    bearer_token: str | None = None,
    faults: FaultPlan | None = None,
    control: ClockControl | None = None,
    head_deadline: HeadDeadline,
) -> web.Application:
    """The emulator's app, which tells `head_deadline` which connections sent their first
    request; with `control`, it also serves the clock route (`CLOCK_PATH`)."""
    # From the outside in: the deadline first, so that nothing later counts against it; a
    # client gone, which a fault's own writes (a truncated body) can find too; credentials,
    # before any fault; faults, around `_errors` so that they strike error answers too.
    auth = _auth_middleware(_authorizations(api_key, api_secret, bearer_token))
    middlewares = [head_deadline.middleware, _client_gone, auth]
    if faults is not None and faults.active:
        middlewares.append(_fault_middleware(faults))
    middlewares.append(_errors)
    app = web.Application(middlewares=middlewares)
    app[STORE] = store
    routes = ROUTES
    if control is not None:
        app[CONTROL] = control
        routes += _CLOCK_ROUTES
    for method, path, name, handler in routes:
        app.router.add_route(method, path, handler, name=name, expect_handler=_expect)
    return app
