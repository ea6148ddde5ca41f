"""The emulator in a process of its own, for the benchmarks.

A benchmark measures the client; with the server in the same process it would measure both
and let one starve the other's event loop. The emulator runs as `python -m scenario_async
emulator --port=0`, and its base URL is read from the line it prints once it listens.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from scenario_async import AsyncScenario

__all__ = [
    "API_KEY",
    "API_SECRET",
    "ServerURL",
    "canned_process",
    "emulator_process",
    "every_model_id",
]

# The emulator CLI's default credentials: a local test double, nothing secret.
API_KEY, API_SECRET = "emulator-key", "emulator-secret"


class ServerURL(str):
    """A server's base URL that also knows the server's process, to read its CPU time."""

    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time the server has used so far (Linux: `/proc/PID/stat`)."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def emulator_process(*, models: int, seed: int = 0, **options: object) -> Iterator[ServerURL]:
    """The emulator on a free loopback port with `models` full-size models; yields its URL.

    Other emulator options are passed by keyword: `training_seconds=30.0` becomes
    `--training-seconds=30.0`.
    """
    command = [
        sys.executable,
        "-m",
        "scenario_async",
        "emulator",
        "--port=0",
        f"--models={models}",
        f"--seed={seed}",
        *(f"--{name.replace('_', '-')}={value}" for name, value in options.items()),
    ]
    # Credentials by the environment, as the emulator asks: on argv, `ps` would show them.
    credentials = {"SCENARIO_EMULATOR_API_KEY": API_KEY, "SCENARIO_EMULATOR_API_SECRET": API_SECRET}
    with _listening(command, {**os.environ, **credentials}) as url:
        yield url


async def every_model_id(client: AsyncScenario) -> list[str]:
    """The ids of the emulator's models, public ones too (a listing shows private ones alone)."""
    return [
        model.id
        for privacy in ("private", "public")
        async for model in client.models.list(privacy=privacy, page_size=500)
    ]


@contextmanager
def canned_process(body_file: Path) -> Iterator[ServerURL]:
    """`_canned.py` answering every request with the JSON in `body_file`; yields its URL."""
    with _listening(
        [sys.executable, str(Path(__file__).with_name("_canned.py")), str(body_file)]
    ) as url:
        yield url


@contextmanager
def _listening(command: list[str], env: dict[str, str] | None = None) -> Iterator[ServerURL]:
    """Run `command` until the block ends; yields the URL of its "listening on" line."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()  # "... listening on <url>"
        if "listening on" not in line:
            raise RuntimeError(f"{command[1:3]} did not start: {line!r}")
        # Whatever it says later goes on to our stderr, so that a full pipe never blocks it.
        threading.Thread(target=_forward, args=(process.stderr,), daemon=True).start()
        url = ServerURL(line.rsplit(" ", 1)[1].strip())
        url.pid = process.pid
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _forward(stream: IO[str]) -> None:
    for line in stream:
        sys.stderr.write(line)
