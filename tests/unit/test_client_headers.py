"""Headers a user gives: the ones that frame a request are refused where they are given, naming
the header and where it came from, before anything is sent; `secret_headers` is checked at
construction and kept by copies; a credential is the same text on the wire and `[secure]` in
any repr."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenario_async import (
    AsyncScenario,
    MockTransport,
    TransportRequest,
    TransportResponse,
    ValidationError,
)
from tests.support.emulated import basic

FRAMING = [
    "Content-Length",
    "Transfer-Encoding",
    "Host",
    "Connection",
    "Upgrade",
    "TE",
    "Trailer",
    "Keep-Alive",
    "Proxy-Connection",
]
AUTHORIZATION = basic("key", "secret").removeprefix("Basic ")
MODEL = {"model": {"id": "m", "privacy": "private", "type": "flux.1-lora", "status": "new"}}


@st.composite
def spelled(draw: st.DrawFn) -> str:
    """A framing header's name in any mix of cases."""
    name = draw(st.sampled_from(FRAMING))
    upper = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(name, upper, strict=True))


def answering() -> MockTransport:
    return MockTransport(lambda request: TransportResponse(200, {}, json.dumps(MODEL).encode()))


def client(**options: Any) -> AsyncScenario:
    return AsyncScenario(api_key="key", api_secret="secret", transport=answering(), **options)


def refuses(error: BaseException, name: str, parameter: str) -> None:
    assert isinstance(error, ValidationError) and isinstance(error, ValueError)
    assert error.parameter == parameter
    assert repr(name) in str(error) and str(error).startswith(parameter)


@given(spelled())
def test_a_framing_header_is_refused_at_construction(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        client(default_headers={"X-Fine": "1", name: "0"})
    refuses(caught.value, name, "default_headers")


@given(spelled(), st.sampled_from(["default_headers", "set_default_headers"]))
def test_a_framing_header_is_refused_by_copy(name: str, parameter: str) -> None:
    with pytest.raises(ValidationError) as caught:
        client().copy(**{parameter: {name: "0"}})
    # `copy` hands both to the new client as its `default_headers`.
    refuses(caught.value, name, "default_headers")
    with pytest.raises(ValidationError):
        client().with_options(**{parameter: {name: "0"}})


@given(spelled())
def test_a_framing_header_is_refused_from_the_environment(name: str) -> None:
    previous = os.environ.get("SCENARIO_CUSTOM_HEADERS")
    os.environ["SCENARIO_CUSTOM_HEADERS"] = f"X-Fine: 1\n{name}: 0"
    try:
        with pytest.raises(ValidationError) as caught:
            client()
    finally:
        if previous is None:
            del os.environ["SCENARIO_CUSTOM_HEADERS"]
        else:
            os.environ["SCENARIO_CUSTOM_HEADERS"] = previous
    refuses(caught.value, name, "SCENARIO_CUSTOM_HEADERS")


@given(spelled())
async def test_a_framing_header_per_call_is_refused_before_anything_is_sent(name: str) -> None:
    async with client() as scenario:
        with pytest.raises(ValidationError) as caught:
            await scenario.models.retrieve("m", extra_headers={name: "0"})
        with pytest.raises(ValidationError):
            await scenario.models.create(name="x", extra_headers={name: "0"})
        transport = scenario._transport
    refuses(caught.value, name, "extra_headers")
    assert isinstance(transport, MockTransport) and transport.requests == []


@pytest.mark.parametrize(
    ("given_names", "error"),
    [
        ("X-Token", TypeError),  # one name, not a tuple of them
        (("X-Token", 3), TypeError),
        (None, TypeError),
        (("X Token",), ValidationError),
        (("X-Token\r\n",), ValidationError),
        (("",), ValidationError),
    ],
)
def test_secret_headers_are_checked_at_construction_and_by_copy(
    given_names: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="secret_headers"):
        client(secret_headers=given_names)
    with pytest.raises(error, match="secret_headers"):
        client().copy(secret_headers=given_names)


async def test_a_credential_goes_out_as_given_and_shows_as_secure() -> None:
    options = {"default_headers": {"X-Token": "t0ken", "x-api-key": "k3y", "X-Trace": "tr"}}
    async with client(secret_headers=["x-token"], **options) as scenario:
        raw = await scenario.models.retrieve.raw("m", extra_headers={"Cookie": "c00kie"})
        transport = scenario._transport
    assert isinstance(transport, MockTransport)
    (sent,) = transport.requests
    assert isinstance(sent, TransportRequest)
    assert {name: sent.headers[name] for name in ("X-Token", "x-api-key", "Cookie")} == {
        "X-Token": "t0ken",
        "x-api-key": "k3y",
        "Cookie": "c00kie",
    }
    shown = raw.http_request.headers
    assert [shown[name] for name in ("Authorization", "X-Token", "x-api-key", "Cookie")] == [
        "[secure]"
    ] * 4
    assert shown["X-Trace"] == "tr"
    for text in (repr(sent), repr(dict(sent.headers)), repr(raw.http_request), repr(scenario)):
        assert not any(value in text for value in ("t0ken", "k3y", "c00kie", AUTHORIZATION))
