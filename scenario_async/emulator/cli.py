"""`python -m scenario_async emulator`: run the emulator until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import os
import select
import signal
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from .._http import is_loopback
from .faults import Faults
from .server import DEFAULT_API_KEY, DEFAULT_API_SECRET, HEADER_TIMEOUT, Emulator

__all__ = ["add_parser"]

_log = logging.getLogger(__name__)

# Each flag sets the `Emulator` keyword it is named after (`--header-timeout` sets
# `header_timeout`); so do the credentials' flags.
_EMULATOR_FLAGS: dict[str, dict[str, Any]] = {
    "--host": {
        "default": "127.0.0.1",
        "help": "interface to bind; the default, loopback, is reachable from this machine only",
    },
    "--port": {"type": int, "default": 8787, "help": "port (0: any free port)"},
    "--header-timeout": {
        "type": float,
        "default": HEADER_TIMEOUT,
        "metavar": "SECONDS",
        "help": "a connection that has not sent a complete request head this long after it"
        " opened, or after its previous answer, is closed",
    },
    "--training-seconds": {"type": float, "default": 10.0, "help": "how long a training runs"},
    "--training-slots": {"type": int, "default": 4, "help": "trainings run at once"},
    "--failure-rate": {"type": float, "default": 0.0, "help": "share of trainings that fail"},
    "--seed": {"type": int, "default": 0, "help": "seed of every random choice"},
    "--models": {"type": int, "default": 0, "help": "pre-populate N full-size models"},
    "--hold": {
        "action": "store_true",
        "help": "start with the clock held: trainings move only when POST"
        ' {base_url}/_emulator/clock says so ({"advance": 2}, {"modelId": "model_x",'
        ' "stage": "running-train"}, {"hold": false})',
    },
    "--webhook-url": {
        "metavar": "URL",
        "help": "POST each training change to URL as a webhook delivery (model.training.started,"
        " .completed, .failed, .cancelled), attempted once",
    },
}


class _Credential(NamedTuple):
    variable: str
    default: str | None
    help: str
    secret: bool  # given on the command line, it gets a warning


# The credentials clients connect with: each from its flag, else its environment variable
# (which, unlike the command line, other users cannot read with `ps`), else its default.
_CREDENTIAL_FLAGS = {
    "--api-key": _Credential(
        "SCENARIO_EMULATOR_API_KEY", DEFAULT_API_KEY, "API key clients connect with", False
    ),
    "--api-secret": _Credential(
        "SCENARIO_EMULATOR_API_SECRET", DEFAULT_API_SECRET, "API secret clients connect with", True
    ),
    "--bearer-token": _Credential(
        "SCENARIO_EMULATOR_BEARER_TOKEN", None, "also let in `Authorization: Bearer TOKEN`", True
    ),
}
# Each `Faults` field, with the flag that sets it (defaulting to the field's default)
# and that flag's help.
_FAULT_FLAGS: dict[str, tuple[str, str]] = {
    "error": ("--error-rate", "500/502/503"),
    "rate_limit": ("--rate-limit-rate", "429 + Retry-After"),
    "retry_after": ("--retry-after", "seconds a 429 says to wait"),
    "drop": ("--drop-rate", "connection closed"),
    "truncate": ("--truncate-rate", "body cut short"),
    "latency": ("--latency-rate", "answered late"),
    "latency_seconds": ("--latency-seconds", "how late"),
}


def _dest(flag: str) -> str:
    """Where argparse keeps a flag's value: `--api-key` in `args.api_key`."""
    return flag.removeprefix("--").replace("-", "_")


# argparse has no public name for what add_subparsers() returns.
def add_parser(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    parser = subcommands.add_parser(
        "emulator",
        help="run a local Scenario models API",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    for flag, options in _EMULATOR_FLAGS.items():
        parser.add_argument(flag, **options)
    credentials = parser.add_argument_group(
        "credentials",
        "Best set in the environment: `ps` shows a command line to every user of this machine.",
    )
    for flag, credential in _CREDENTIAL_FLAGS.items():
        # No argparse default: `--help` would show it as the value, where the variable's wins.
        credentials.add_argument(
            flag,
            default=argparse.SUPPRESS,
            help=f"{credential.help} (default: ${credential.variable}, else"
            f" {credential.default or 'none'})",
        )
    faults = parser.add_argument_group(
        "faults, on every operation (rates: shares of requests, 0..1)"
    )
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


def _credentials(args: argparse.Namespace, environ: Mapping[str, str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for flag, credential in _CREDENTIAL_FLAGS.items():
        given: str | None = getattr(args, _dest(flag), None)
        if given is None:
            given = environ.get(credential.variable) or credential.default
        found[_dest(flag)] = given
    return found


def _warnings(args: argparse.Namespace, options: Mapping[str, Any]) -> list[str]:
    warnings = [
        f"{flag} on the command line shows in `ps` to every user of this machine;"
        f" set {credential.variable} instead"
        for flag, credential in _CREDENTIAL_FLAGS.items()
        if credential.secret and hasattr(args, _dest(flag))
    ]
    if not is_loopback(options["host"]) and options["api_secret"] == DEFAULT_API_SECRET:
        key, secret = (_CREDENTIAL_FLAGS[f].variable for f in ("--api-key", "--api-secret"))
        warnings.append(
            f"--host {options['host']} is reachable beyond this machine, and the credentials are"
            f" the published ones ({DEFAULT_API_KEY} / {DEFAULT_API_SECRET}): anyone who can"
            f" reach the port gets in. Set your own in {key} and {secret}"
        )
    return warnings


def options_of(args: argparse.Namespace, environ: Mapping[str, str]) -> dict[str, Any]:
    """The `Emulator` arguments the command line and the environment give, faults aside."""
    options = {_dest(flag): getattr(args, _dest(flag)) for flag in _EMULATOR_FLAGS}
    return options | _credentials(args, environ)


def run(args: argparse.Namespace) -> int:
    options = options_of(args, os.environ)
    try:
        faults = Faults(
            **{field: getattr(args, _dest(flag)) for field, (flag, _) in _FAULT_FLAGS.items()}
        )
        emulator = Emulator(faults=faults, **options)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _log_to_stderr()
    return asyncio.run(_serve(emulator, _warnings(args, options)))


# What asyncio reports when `accept()` fails for want of a file descriptor or of memory.
ACCEPT_FAILED = "socket.accept() out of system resource"


class AcceptFailures:
    """The loop's exception handler: accepts that fail for want of resources, in one line at
    most every `every` seconds, with how many were held back; anything else as asyncio would.

    At its limit of open files, a server cannot accept a connection; asyncio logs each failed
    accept with a traceback and tries again a second later, for as long as the limit holds.
    """

    def __init__(self, every: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._clock = clock
        self._next = -math.inf
        self._held_back = 0

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") != ACCEPT_FAILED:
            loop.default_exception_handler(context)
            return
        now = self._clock()
        if now < self._next:
            self._held_back += 1
            return
        held_back = f" ({self._held_back} more since the last report)" if self._held_back else ""
        _log.error(
            "cannot accept connections: %s%s; clients wait until connections close. Raise the"
            " limit on open files (ulimit -n) or hold fewer connections open; this is logged"
            " at most every %g s",
            context.get("exception"),
            held_back,
            self._every,
        )
        self._next = now + self._every
        self._held_back = 0


async def _serve(emulator: Emulator, warnings: list[str]) -> int:
    """Serve until SIGINT or SIGTERM. The "listening on" line comes first, `warnings` after it:
    a harness may read that first line and nothing more."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(AcceptFailures())
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
        for warning in warnings:
            _log.warning("warning: %s", warning)
        await stop.wait()
    finally:
        await emulator.close()
    return 0
