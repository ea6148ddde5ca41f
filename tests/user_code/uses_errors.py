"""Errors caught as code written against the official SDK catches them, typed without
narrowing: each attribute is there, with the type of what it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_type

import msgspec

from scenario_async import (
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APIStatusError,
    AsyncScenario,
    BulkFetchError,
    HTTPRequest,
    ModelGetBulkResult,
    ModelGoneError,
    NotFoundError,
    TrainingCanceledError,
    TrainingError,
    TrainingFailedError,
    TrainingSnapshot,
    WatchTimeoutError,
)
from scenario_async.errors import ErrorResponse, status_error
from scenario_async.types import Model


class View(msgspec.Struct):
    id: str


async def retrieve(client: AsyncScenario) -> None:
    try:
        await client.models.retrieve("model_abc")
    except NotFoundError as error:
        assert_type(error.status_code, int)
        assert_type(error.body, object | None)
        assert_type(error.request, HTTPRequest)
        assert_type(error.response, ErrorResponse)
        assert_type(error.response.status_code, int)
        assert_type(error.response.headers, Mapping[str, str])
        assert_type(error.response.content, bytes)
        assert_type(error.response.http_request, HTTPRequest)
    except APIConnectionError as error:
        assert_type(error.body, object | None)
        assert_type(error.request.url, str)
    except APIResponseDecodeError as error:
        assert_type(error.body, bytes)
    except APIError as error:
        assert_type(error.request, HTTPRequest)


async def resume(client: AsyncScenario) -> list[str]:
    try:
        return [model.id async for model in client.models.list(page_size=50)]
    except APIError as error:
        assert_type(error.pagination_token, str | msgspec.UnsetType)
        resumed = client.models.list(page_size=50, pagination_token=error.pagination_token)
        return [model.id async for model in resumed]


def made_by_hand() -> None:
    error = status_error(method="GET", path="/models/a", status_code=500, headers={}, body=b"")
    assert_type(error, APIStatusError)
    assert_type(error.response, ErrorResponse)


async def wait(client: AsyncScenario) -> None:
    try:
        await client.models.wait_for_training("model_abc")
    except (TrainingFailedError, TrainingCanceledError) as error:
        assert_type(error.model, Model)
        assert_type(error.model.id, str)
    except ModelGoneError as error:
        assert_type(error.model, TrainingSnapshot | None)
        print(error.model.id)  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess]
    except TrainingError as error:
        # mypy types the class an `except` names with Any for its parameters, pyright with
        # their defaults: strict, it reports what it cannot know.
        print(error.model)
    except WatchTimeoutError as error:
        assert_type(error.pending, dict[str, TrainingSnapshot | None])


def report(error: TrainingError) -> str:
    """Any training error goes where the base class is expected."""
    assert_type(error.model, Model | TrainingSnapshot | None)
    return error.model_id


def report_failed(error: TrainingFailedError) -> str:
    return report(error)


async def fetch(client: AsyncScenario, ids: list[str]) -> None:
    try:
        await client.models.get_bulk(model_ids=ids)
    except BulkFetchError as error:
        print([model.id for model in error.result.models])
        assert_type(error.request, HTTPRequest)


def partial(error: BulkFetchError) -> None:
    assert_type(error.result, ModelGetBulkResult[Model])
    assert_type(error.result.models, list[Model])


def projected(error: BulkFetchError[View]) -> None:
    assert_type(error.result.models, list[View])
    assert_type(error.result.models[0].id, str)
