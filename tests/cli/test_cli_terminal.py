"""`watch` and `demo` as a person and as a script see them: in a pseudo-terminal, the live
table; with output piped, plain lines. Each runs `python -m scenario_async` as a process.

A process takes as long as the machine lets it to start, so the watch tests hold the emulator's
clock with the trainings in the stage to be shown, and let it go only once the process has
printed that stage.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Callable

import anyio
import pytest

from scenario_async.emulator import Emulator
from tests.support.emulated import training_models
from tests.support.processes import running

BAR = "━"
ESCAPE = "\x1b["
DEMO = ["demo", "--models", "2", "--images", "1", "--training-seconds", "0.5", "--interval", "0.1"]


def environment(emulator: Emulator | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENARIO_")}
    env["TERM"] = "xterm-256color"
    if emulator is not None:
        env["SCENARIO_SDK_API_KEY"] = emulator.api_key
        env["SCENARIO_SDK_API_SECRET"] = emulator.api_secret
        env["SCENARIO_BASE_URL"] = emulator.base_url
    return env


def in_terminal(
    argv: list[str],
    env: dict[str, str],
    *,
    once_shown: str | None = None,
    then: Callable[[], None] = lambda: None,
) -> tuple[int, str]:
    """Run the CLI with a 120x40 pseudo-terminal as stdin, stdout and stderr; call `then` on
    the test's event loop once the screen has shown `once_shown`."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "scenario_async", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError as error:  # EIO: every writer closed the terminal
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            output += chunk
            if once_shown is not None and once_shown.encode() in output:
                once_shown = None
                anyio.from_thread.run_sync(then)
    finally:
        os.close(master)
    return process.wait(timeout=60), output.decode("utf-8", "replace")


def piped(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scenario_async", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.scenario_emulator(training_seconds=1.0, training_slots=1, hold=True)
async def test_watch_in_a_terminal_shows_the_live_table(scenario_emulator: Emulator) -> None:
    ids = await training_models(scenario_emulator, 2, "Term")
    scenario_emulator.advance_to(ids[1], "queued-for-train")  # one slot: the second one waits
    argv = ["models", "watch", *ids, "--interval", "0.1", "--max-interval", "0.2"]
    code, screen = await anyio.to_thread.run_sync(
        lambda: in_terminal(
            argv,
            environment(scenario_emulator),
            once_shown="queued-for-train",
            then=scenario_emulator.release,
        )
    )
    assert code == 0, screen
    assert BAR in screen and ESCAPE in screen
    assert "PROGRESS" in screen and "LEFT" in screen
    assert "queued-for-train" in screen
    assert "2 model(s): 2 trained, 0 failed, 0 canceled, 0 training" in screen


@pytest.mark.scenario_emulator(training_seconds=0.5, hold=True)
async def test_watch_piped_prints_plain_lines(scenario_emulator: Emulator) -> None:
    (model_id,) = await training_models(scenario_emulator, 1, "Term")
    scenario_emulator.advance_to(model_id, "running-train", progress=0.5)
    argv = ["models", "watch", model_id, "--interval", "0.1", "--max-interval", "0.2"]
    command = [sys.executable, "-m", "scenario_async", *argv]
    async with running(command, environment(scenario_emulator)) as watch:
        await watch.wait_for(f"{model_id} stage running-train")
        scenario_emulator.release()
        assert await watch.finish() == 0, watch.stderr
    assert BAR not in watch.stdout and ESCAPE not in watch.stdout
    lines = watch.stdout.splitlines()
    assert all(line.split()[1] == model_id for line in lines)
    assert lines[-1].endswith(f"{model_id} trained")


def test_demo_in_a_terminal_shows_the_live_table_then_the_summary() -> None:
    code, screen = in_terminal(DEMO, environment())
    assert code == 0, screen
    assert BAR in screen and ESCAPE in screen and "LEFT" in screen
    assert "2 model(s): 2 trained, 0 failed, 0 canceled, 0 training" in screen
    assert "Fetched the 2 models back with one get-bulk:" in screen


def test_demo_piped_prints_plain_lines_then_the_summary() -> None:
    result = piped(DEMO, environment())
    assert result.returncode == 0, result.stderr
    assert BAR not in result.stdout and ESCAPE not in result.stdout
    assert result.stdout.count(" trained\n") == 2
    assert "Fetched the 2 models back with one get-bulk:" in result.stdout
    assert result.stdout.rstrip().endswith(": 2 trained, 0 failed.")


@pytest.mark.scenario_emulator(training_seconds=0.5)
async def test_watch_in_a_terminal_shows_a_hostile_name_and_never_acts_on_it(
    scenario_emulator: Emulator,
) -> None:
    # Rich markup, a clear screen, a hyperlink (OSC 8): each would change the screen if
    # printed as it is; the terminal shows them as text instead. How much of a name the
    # table shows depends on its other columns: what is checked comes first.
    name = "[b]X\x1b[2J\x1b]8;;http://e\x07"
    (model_id,) = await training_models(scenario_emulator, 1, name)
    argv = ["models", "watch", model_id, "--interval", "0.1", "--max-interval", "0.2"]
    code, screen = await anyio.to_thread.run_sync(
        lambda: in_terminal(argv, environment(scenario_emulator))
    )
    assert code == 0, screen
    assert "[b]X\\x1b[2J\\x1b]8;;" in screen
    assert "\x1b[2J" not in screen and "\x1b]8;" not in screen and "\x07" not in screen
