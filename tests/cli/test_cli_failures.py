"""What a user can get wrong, or do, on the command line: each documented failure is one line on
stderr and its exit code from README's table, never a traceback, never a credential.

Commands run in-process (`main(argv)` in a worker thread, as in test_cli_commands.py) where that
shows what is printed, and as processes where the process itself is the point: its output
pipe closed under it, its port taken.
"""

from __future__ import annotations

import io
import os
import shlex
import socket
import sys
from collections.abc import Mapping

import anyio
import pytest
from anyio.streams.text import TextReceiveStream

from scenario_async import (
    AsyncScenario,
    BulkFetchError,
    MockTransport,
    StreamConsumedError,
    TransportResponse,
)
from scenario_async.cli import ExitCode, main
from scenario_async.cli.exits import classify
from scenario_async.emulator import Emulator
from tests.support.cli import cli
from tests.support.processes import RunningProcess, running
from tests.support.waiting import PATIENCE

SECRET = "hunter2-not-for-printing"


@pytest.fixture
def refused(scenario_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials the emulator does not know, and the emulator as the API."""
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "wrong-key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", SECRET)
    monkeypatch.setenv("SCENARIO_BASE_URL", scenario_emulator.base_url)


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    assert SECRET not in err
    (line,) = err.splitlines()
    return line


# --- credentials the API refuses: 3 -----------------------------------------------------------


@pytest.mark.usefixtures("refused")
@pytest.mark.parametrize(
    "argv",
    [
        ("models", "list"),
        ("models", "get", "model_x"),
        ("models", "bulk", "model_x", "model_y"),
        ("models", "watch", "model_x"),
        ("models", "train", "model_x", "--wait"),
        ("models", "cancel", "model_x"),
        ("models", "restore", "model_x"),
        ("models", "presets", "model_x"),
        ("models", "presets", "model_x", "--create", "inference_x"),
        ("models", "prompt-guide", "model_x", "--set", "Describe it."),
        ("models", "scores", "model_x", "--training-dataset"),
    ],
    ids=" ".join,
)
async def test_refused_credentials_exit_3_from_every_command(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(*argv) == ExitCode.CREDENTIALS
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("error: credentials refused (")
    assert "-> 401" in line


@pytest.mark.usefixtures("refused")
async def test_refused_credentials_exit_3_from_the_demo_on_an_api(
    scenario_emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("demo", "--base-url", scenario_emulator.base_url, "--models", "2", "--images", "1")
    assert await cli(*argv) == ExitCode.CREDENTIALS
    assert one_error_line(capsys.readouterr().err).startswith("error: credentials refused (")


async def test_a_get_bulk_refused_in_any_command_is_a_credentials_error() -> None:
    transport = MockTransport(lambda request: TransportResponse(401, {}, b'{"message": "no"}'))
    client = AsyncScenario(api_key="k", api_secret="s", transport=transport, max_retries=0)
    async with client:
        with pytest.raises(BulkFetchError) as info:
            await client.models.get_bulk(model_ids=["model_a", "model_b"], chunk_size=1)
    classified = classify(info.value)
    assert classified is not None
    code, message = classified
    assert code == ExitCode.CREDENTIALS
    assert message.startswith("credentials refused (POST /models/get-bulk -> 401: no)")


def test_any_other_error_the_library_reports_is_one_line_and_exit_1() -> None:
    error = StreamConsumedError()
    assert classify(error) == (ExitCode.API_ERROR, str(error))


# --- configuration and input the CLI refuses: 2 -----------------------------------------------


@pytest.mark.parametrize(
    ("argv", "base_url"),
    [
        (("models", "list", "--base-url", f"http://user:{SECRET}@127.0.0.1:9/v1"), None),
        (("models", "get", "model_x"), f"http://user:{SECRET}@127.0.0.1:9/v1"),
        (("models", "bulk", "model_x", "--base-url", "http://[::1"), None),
        (("demo", "--base-url", f"https://user:{SECRET}@api.example/v1"), None),
    ],
    ids=["flag", "environment", "not a URL", "demo"],
)
async def test_a_base_url_the_client_refuses_exits_2_without_echoing_it(
    argv: tuple[str, ...],
    base_url: str | None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "secret")
    if base_url is not None:
        monkeypatch.setenv("SCENARIO_BASE_URL", base_url)
    assert await cli(*argv) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert one_error_line(captured.err).startswith("error: invalid configuration: ")
    assert SECRET not in captured.out


async def test_a_message_quoting_a_url_never_shows_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*, base_url: str | None) -> AsyncScenario:
        raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")

    monkeypatch.setattr("scenario_async.cli.models.AsyncScenario", refuse)
    argv = ("models", "list", "--base-url", f"ftp://user:{SECRET}@files.example/v1")
    assert await cli(*argv) == ExitCode.USAGE
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        "error: invalid configuration: base_url must be an http(s) URL, "
        "got 'ftp://***@files.example/v1'"
    )


@pytest.mark.parametrize("nested", ["[" * 100_000, '{"a":' * 100_000], ids=["arrays", "objects"])
def test_parameters_nested_too_deeply_exit_2(
    nested: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "train", "model_x", "--parameters", nested]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1].endswith("argument --parameters: JSON nested too deeply")


class _CtrlC(io.StringIO):
    def read(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_while_arguments_are_read_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", _CtrlC())
    try:
        code = main(["models", "prompt-guide", "model_x", "--set-file", "-"])
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C while reading --set-file - escaped main with its traceback")
    assert code == ExitCode.INTERRUPTED
    assert capsys.readouterr().err == "interrupted\n"


# --- the process itself -----------------------------------------------------------------------


def process_environment(**variables: str) -> Mapping[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith("SCENARIO_")}
    return {**kept, **variables}


async def rest_of_stderr(started: RunningProcess) -> str:
    assert started.process.stderr is not None
    err = ""
    with anyio.fail_after(PATIENCE):
        async for chunk in TextReceiveStream(started.process.stderr):
            err += chunk
    return err


@pytest.mark.scenario_emulator(models=20)
async def test_output_closed_by_its_reader_ends_the_command_quietly(
    scenario_emulator: Emulator,
) -> None:
    # 20 full-size models are some 300 KB of JSON, far more than a pipe holds: the command is
    # still writing when `head` leaves.
    pipeline = f"{shlex.quote(sys.executable)} -m scenario_async models list --json | head -c 100"
    env = process_environment(
        SCENARIO_SDK_API_KEY=scenario_emulator.api_key,
        SCENARIO_SDK_API_SECRET=scenario_emulator.api_secret,
        SCENARIO_BASE_URL=scenario_emulator.base_url,
    )
    async with running(["bash", "-o", "pipefail", "-c", pipeline], env) as started:
        assert await started.finish() == ExitCode.API_ERROR
    assert started.stdout.startswith('{"id":"model_')
    assert started.stderr == ""


async def test_an_emulator_that_cannot_listen_says_why_and_exits_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "scenario_async", "emulator", "--port", str(port)]
        async with running(command, process_environment()) as started:
            err = await rest_of_stderr(started)
            with anyio.fail_after(PATIENCE):
                assert await started.process.wait() == ExitCode.USAGE
    assert one_error_line(err).startswith(f"error: cannot listen on 127.0.0.1:{port}: ")


@pytest.mark.parametrize(
    ("option", "line"),
    [
        (("--training-slots", "0"), "error: slots must be at least 1"),
        (
            ("--webhook-url", "localhost:8000/webhooks"),
            "error: webhook_url must be an absolute http:// or https:// URL with a host, such"
            " as http://127.0.0.1:8000/webhooks, not 'localhost:8000/webhooks'",
        ),
    ],
)
async def test_an_emulator_option_it_refuses_exits_2(option: tuple[str, str], line: str) -> None:
    command = [sys.executable, "-m", "scenario_async", "emulator", *option]
    async with running(command, process_environment()) as started:
        err = await rest_of_stderr(started)
        with anyio.fail_after(PATIENCE):
            assert await started.process.wait() == ExitCode.USAGE
    assert one_error_line(err) == line
