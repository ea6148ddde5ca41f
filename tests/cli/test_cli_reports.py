"""`--version`, and what the CLI says when the base URL or the configuration is wrong: one line
that says what was asked, an exit code, never a traceback."""

from __future__ import annotations

import platform
from collections.abc import AsyncIterator

import aiohttp
import msgspec
import pytest
from aiohttp import web

from scenario_async import APIStatusError, __version__
from scenario_async.cli import ExitCode, main
from scenario_async.cli.exits import classify
from scenario_async.emulator import Emulator
from tests.support.cli import cli
from tests.support.servers import serving


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    (line,) = err.splitlines()
    return line


def test_version_is_one_line_with_the_libraries_beneath(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out == (
        f"scenario-async {__version__} (aiohttp {aiohttp.__version__}, "
        f"msgspec {msgspec.__version__}, Python {platform.python_version()})\n"
    )


async def test_a_base_url_without_v1_names_the_url_it_asked(
    scenario_emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", scenario_emulator.api_key)
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", scenario_emulator.api_secret)
    root = scenario_emulator.base_url.removesuffix("/v1")  # the emulator serves under /v1
    assert await cli("models", "get", "model_x", "--base-url", root) == ExitCode.NOT_FOUND
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("error: not found: ")
    # The whole message of the error, so that the URL asked (and the client's hint about
    # /v1) reaches the user, who may otherwise look for a wrong model id.
    assert f"{root}/models/model_x" in line


@pytest.fixture
async def redirecting_to_a_bad_port() -> AsyncIterator[str]:
    """The base URL of a server that redirects every request to a port no URL can have."""

    async def redirect(request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "http://127.0.0.1:99999/v1/x"})

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", redirect)
    async with serving(app) as url:
        yield url + "/v1"


@pytest.mark.parametrize(
    "argv",
    [("models", "get", "model_x"), ("models", "watch", "model_x", "--plain")],
    ids=" ".join,
)
async def test_a_redirect_to_a_bad_port_is_an_api_error(
    argv: tuple[str, ...],
    redirecting_to_a_bad_port: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "secret")
    monkeypatch.setenv("SCENARIO_BASE_URL", redirecting_to_a_bad_port)
    # A redirect is no transient error: a watch stops at its first poll, as `get` does.
    assert await cli(*argv) == ExitCode.API_ERROR
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("error: API error: ") and "-> 302" in line


def test_any_status_error_is_an_api_error_with_its_message() -> None:
    error = APIStatusError(
        "GET /models/m -> 302: redirect refused",
        method="GET",
        path="/models/m",
        status_code=302,
        headers={},
        body=b"",
    )
    assert classify(error) == (
        ExitCode.API_ERROR,
        "API error: GET /models/m -> 302: redirect refused",
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SCENARIO_BASE_URL": "http://127.0.0.1:99999/v1"}, "base_url must be an http"),
        ({"SCENARIO_BASE_URL": "http://127.0.0.1:9/v1?page=1"}, "base_url must have no query"),
        ({"SCENARIO_CUSTOM_HEADERS": "Bad Name: x"}, "SCENARIO_CUSTOM_HEADERS: 'Bad Name' is"),
        ({"SCENARIO_CUSTOM_HEADERS": "X-A: \x1b[2J"}, "SCENARIO_CUSTOM_HEADERS: the value of"),
        ({"SCENARIO_SDK_API_KEY": "\udcff"}, "api_key and api_secret must be text UTF-8"),
    ],
    ids=["port", "query", "header name", "header value", "key not UTF-8"],
)
async def test_a_configuration_the_client_refuses_exits_2(
    variables: dict[str, str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in {
        "SCENARIO_SDK_API_KEY": "key",
        "SCENARIO_SDK_API_SECRET": "secret",
        **variables,
    }.items():
        monkeypatch.setenv(name, value)
    assert await cli("models", "get", "model_x") == ExitCode.USAGE
    assert one_error_line(capsys.readouterr().err).startswith(
        f"error: invalid configuration: {message}"
    )


async def test_a_bearer_token_no_header_can_carry_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_JWT", "token\r\nX-Injected: 1")
    assert await cli("models", "list") == ExitCode.USAGE
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("error: invalid configuration: bearer_auth: ")
    assert "X-Injected" not in line
