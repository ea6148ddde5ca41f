"""`scenario-async emulator`, run in process: its help, where its credentials come from, what
it warns about, and how it logs failed accepts."""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import signal
from typing import Any

import pytest

from scenario_async.emulator import Emulator
from scenario_async.emulator import cli as emulator_cli
from scenario_async.emulator.cli import ACCEPT_FAILED, AcceptFailures
from tests.support.waiting import until

_VARIABLES = (
    "SCENARIO_EMULATOR_API_KEY",
    "SCENARIO_EMULATOR_API_SECRET",
    "SCENARIO_EMULATOR_BEARER_TOKEN",
)


@pytest.fixture(autouse=True)
def _no_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in _VARIABLES:
        monkeypatch.delenv(variable, raising=False)


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scenario-async")
    emulator_cli.add_parser(parser.add_subparsers())
    return parser.parse_args(["emulator", *argv])


def test_help_shows_the_defaults_and_where_the_credentials_come_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        _parse("--help")
    shown = " ".join(capsys.readouterr().out.split())
    for expected in [
        "--host HOST interface to bind; the default, loopback, is reachable from this machine"
        " only (default: 127.0.0.1)",
        "--port PORT port (0: any free port) (default: 8787)",
        "(default: $SCENARIO_EMULATOR_API_KEY, else emulator-key)",
        "(default: $SCENARIO_EMULATOR_API_SECRET, else emulator-secret)",
        "(default: $SCENARIO_EMULATOR_BEARER_TOKEN, else none)",
        "is closed (default: 60.0)",
    ]:
        assert expected in shown


def test_a_flag_wins_over_the_environment_which_wins_over_the_default() -> None:
    environ = {"SCENARIO_EMULATOR_API_SECRET": "s-env", "SCENARIO_EMULATOR_BEARER_TOKEN": ""}
    found = emulator_cli._credentials(_parse("--api-key", "k-argv"), environ)
    assert found == {"api_key": "k-argv", "api_secret": "s-env", "bearer_token": None}


def test_webhook_url_reaches_the_emulator_and_is_off_by_default() -> None:
    url = "http://127.0.0.1:8000/webhooks"
    assert emulator_cli.options_of(_parse(), {})["webhook_url"] is None
    assert emulator_cli.options_of(_parse("--webhook-url", url), {})["webhook_url"] == url


def _warnings_of(*argv: str) -> list[str]:
    """The warnings `emulator` prints, once listening, given `argv` and the environment."""
    args = _parse(*argv)
    found = emulator_cli._warnings(args, emulator_cli.options_of(args, os.environ))
    return [f"warning: {warning}" for warning in found]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1", "example.test"])
def test_a_reachable_host_with_the_published_credentials_is_warned_about(
    capsys: pytest.CaptureFixture[str], host: str
) -> None:
    assert _warnings_of("--host", host) == [
        f"warning: --host {host} is reachable beyond this machine, and the credentials are the"
        " published ones (emulator-key / emulator-secret): anyone who can reach the port gets"
        " in. Set your own in SCENARIO_EMULATOR_API_KEY and SCENARIO_EMULATOR_API_SECRET"
    ]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_is_not_warned_about(capsys: pytest.CaptureFixture[str], host: str) -> None:
    assert _warnings_of("--host", host) == []


def test_a_reachable_host_with_a_secret_of_ones_own_is_not_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIO_EMULATOR_API_SECRET", "mine")
    assert _warnings_of("--host", "0.0.0.0") == []


def test_secrets_on_the_command_line_are_warned_about(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ("--api-key", "k", "--api-secret", "s", "--bearer-token", "t")
    assert _warnings_of(*argv) == [
        f"warning: --{name} on the command line shows in `ps` to every user of this machine;"
        f" set SCENARIO_EMULATOR_{name.upper().replace('-', '_')} instead"
        for name in ("api-secret", "bearer-token")
    ]


# -- failed accepts ------------------------------------------------------------------------


def _out_of_files() -> dict[str, Any]:
    return {"message": ACCEPT_FAILED, "exception": OSError(errno.EMFILE, "Too many open files")}


class _Loop:
    """What the handler calls on a loop: asyncio's own handling of anything else."""

    def __init__(self) -> None:
        self.passed_on: list[dict[str, Any]] = []

    def default_exception_handler(self, context: dict[str, Any]) -> None:
        self.passed_on.append(context)


def test_failed_accepts_are_logged_once_a_minute_with_a_count(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    handler = AcceptFailures(clock=lambda: now[0])
    loop: Any = _Loop()
    for _ in range(100):
        handler(loop, _out_of_files())
        now[0] += 0.5
    other = {"message": "Task exception was never retrieved"}
    handler(loop, other)
    assert loop.passed_on == [other]
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "cannot accept connections: [Errno 24] Too many open files; clients wait until"
        " connections close. Raise the limit on open files (ulimit -n) or hold fewer"
        " connections open; this is logged at most every 60 s",
    ]
    handler(loop, _out_of_files())  # 50 s after the first: held back too
    now[0] += 10
    handler(loop, _out_of_files())  # a minute after the first
    assert (
        caplog.records[-1]
        .getMessage()
        .startswith(
            "cannot accept connections: [Errno 24] Too many open files (100 more since the last"
            " report); "
        )
    )
    assert len(caplog.records) == 2
    assert all(record.exc_info is None for record in caplog.records)


def test_the_emulator_process_logs_a_burst_of_failed_accepts_in_one_line(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    async def burst_then_stop() -> int:
        serving = asyncio.create_task(emulator_cli._serve(Emulator(), []))
        printed = ""

        def listening() -> bool:
            nonlocal printed
            printed += capsys.readouterr().err
            return "listening on" in printed

        await until(listening)
        loop = asyncio.get_running_loop()
        for _ in range(100):
            loop.call_exception_handler(_out_of_files())
        os.kill(os.getpid(), signal.SIGTERM)  # the process's own way to stop
        return await serving

    assert asyncio.run(burst_then_stop()) == 0
    failed = [r for r in caplog.records if r.getMessage().startswith("cannot accept")]
    assert len(failed) == 1
    assert failed[0].levelno == logging.ERROR
