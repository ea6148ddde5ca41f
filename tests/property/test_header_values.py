"""Headers a caller gives (default_headers, extra_headers, the bearer token): any text is either
refused where it is given, naming where it came from, or goes on the wire as it is."""

from __future__ import annotations

from typing import Any

from aiohttp.http_writer import _py_serialize_headers
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict

from scenario_async import AsyncScenario, ValidationError, ops

# Every code point, surrogates included: what a str may hold.
any_text = st.text(st.characters(codec=None, categories=None), max_size=12)
names = st.one_of(any_text, st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True))
values = st.one_of(any_text, st.from_regex(r"[ -~]{0,12}", fullmatch=True))


def _refusal(token: str) -> str:
    try:
        AsyncScenario(bearer_auth=token)
    except ValidationError as exc:
        return str(exc)
    raise AssertionError("a token with a line feed was accepted")


REFUSED_TOKEN = _refusal("\n")


def sendable(name: str, value: str) -> None:
    """What aiohttp will write for this header: it raises on what it cannot."""
    wire = _py_serialize_headers("GET / HTTP/1.1", CIMultiDict({name: value}))
    wire.decode("ascii")
    assert wire.count(b"\r\n") == 3  # the request line, this one header, the blank line


def refused(error: Exception, parameter: str) -> None:
    if isinstance(error, ValidationError):
        assert error.parameter == parameter
    else:
        assert isinstance(error, TypeError) and parameter in str(error)


@given(names, values)
def test_default_headers_are_refused_at_construction_or_sendable(name: str, value: str) -> None:
    try:
        client = AsyncScenario(api_key="k", api_secret="s", default_headers={name: value})
    except (ValidationError, TypeError) as exc:
        refused(exc, "default_headers")
        return
    assert client._config.default_headers[name] == value
    sendable(name, value)


@given(names, values)
def test_extra_headers_are_refused_by_the_builder_or_sendable(name: str, value: str) -> None:
    try:
        call = ops.models.retrieve("model_1", extra_headers={name: value})
    except (ValidationError, TypeError) as exc:
        refused(exc, "extra_headers")
        return
    assert call.headers == ((name, value),)
    sendable(name, value)


@given(values)
def test_a_bearer_token_is_refused_without_being_shown_or_sendable(token: str) -> None:
    try:
        client = AsyncScenario(bearer_auth=token)
    except ValidationError as exc:
        # The same words for every token: none of it is shown.
        assert (exc.parameter, str(exc)) == ("bearer_auth", REFUSED_TOKEN)
        return
    authorization: Any = client._config.credentials.authorization
    sendable("Authorization", authorization)
