"""`python -m scenario_async emulator`: run the emulator until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import select
import signal
import sys
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from .faults import Faults
from .server import Emulator

__all__ = ["add_parser"]


# Each flag sets the `Emulator` keyword it is named after (`--api-key` sets `api_key`).
_EMULATOR_FLAGS: dict[str, dict[str, Any]] = {
    "--host": {"default": "127.0.0.1", "help": "interface to bind (default: loopback only)"},
    "--port": {"type": int, "default": 8787, "help": "port (0: any free port)"},
    "--api-key": {"default": "emulator-key"},
    "--api-secret": {"default": "emulator-secret"},
    "--bearer-token": {"default": None},
    "--training-seconds": {"type": float, "default": 10.0},
    "--training-slots": {"type": int, "default": 4},
    "--failure-rate": {"type": float, "default": 0.0, "help": "share of trainings that fail"},
    "--seed": {"type": int, "default": 0},
    "--models": {"type": int, "default": 0, "help": "pre-populate N full-size models"},
    "--hold": {
        "action": "store_true",
        "help": "start with the clock held: trainings move only when POST"
        ' {base_url}/_emulator/clock says so ({"advance": 2}, {"modelId": "model_x",'
        ' "stage": "running-train"}, {"hold": false})',
    },
}
# Each `Faults` field, with the flag that sets it (defaulting to the field's default)
# and that flag's help.
_FAULT_FLAGS: dict[str, tuple[str, str | None]] = {
    "error": ("--error-rate", "500/502/503"),
    "rate_limit": ("--rate-limit-rate", "429 + Retry-After"),
    "retry_after": ("--retry-after", None),
    "drop": ("--drop-rate", "connection closed"),
    "truncate": ("--truncate-rate", "body cut short"),
    "latency": ("--latency-rate", None),
    "latency_seconds": ("--latency-seconds", None),
}


def _dest(flag: str) -> str:
    """Where argparse keeps a flag's value: `--api-key` in `args.api_key`."""
    return flag.removeprefix("--").replace("-", "_")


def add_parser(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("emulator", help="run a local Scenario models API")
    for flag, options in _EMULATOR_FLAGS.items():
        parser.add_argument(flag, **options)
    faults = parser.add_argument_group("faults (shares of requests, 0..1, all operations)")
    no_faults = Faults()
    for field, (flag, help_text) in _FAULT_FLAGS.items():
        faults.add_argument(flag, type=float, default=getattr(no_faults, field), help=help_text)
    parser.set_defaults(run=run)


class _StderrWithoutBlocking(logging.Handler):
    """Log lines to stderr, dropped while it is a full pipe rather than waited on.

    A harness often reads the "listening on" line and never reads stderr again: once the pipe
    fills, a blocking write would stop the whole event loop, and the server with it.
    """

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def emit(self, record: logging.LogRecord) -> None:
        try:
            data = (self.format(record) + "\n").encode(errors="backslashreplace")
            # A write of at most PIPE_BUF bytes to a pipe that polls writable never blocks.
            for start in range(0, len(data), select.PIPE_BUF):
                if not select.select([], [self._fd], [], 0)[1]:
                    return
                os.write(self._fd, data[start : start + select.PIPE_BUF])
        except OSError:  # the reader closed its end: nowhere to write to
            pass
        except Exception:
            self.handleError(record)


class _ClientFaultsInOneLine(logging.Filter):
    """A malformed request (its head, or a body that does not decode as its headers say) is
    the client's fault, answered 400: one line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError | web.RequestPayloadError):
            record.msg = f"{record.getMessage()}: {type(error).__name__}"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


def _log_to_stderr() -> None:
    handler = _StderrWithoutBlocking(sys.stderr.fileno())
    handler.addFilter(_ClientFaultsInOneLine())
    logging.getLogger().addHandler(handler)


def run(args: argparse.Namespace) -> int:
    try:
        faults = Faults(
            **{field: getattr(args, _dest(flag)) for field, (flag, _) in _FAULT_FLAGS.items()}
        )
        options = {_dest(flag): getattr(args, _dest(flag)) for flag in _EMULATOR_FLAGS}
        emulator = Emulator(faults=faults, **options)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _log_to_stderr()
    return asyncio.run(_serve(emulator))


async def _serve(emulator: Emulator) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await emulator.start()
    except OSError as exc:  # the port is taken, or the host is not this machine's
        where = f"{emulator.host}:{emulator.port}"
        print(f"error: cannot listen on {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        print(f"scenario emulator listening on {emulator.base_url}", file=sys.stderr, flush=True)
        await stop.wait()
    finally:
        await emulator.close()
    return 0
