"""`python -m scenario_async emulator`: run the emulator until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

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


def run(args: argparse.Namespace) -> int:
    try:
        faults = Faults(
            **{field: getattr(args, _dest(flag)) for field, (flag, _) in _FAULT_FLAGS.items()}
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    options = {_dest(flag): getattr(args, _dest(flag)) for flag in _EMULATOR_FLAGS}
    asyncio.run(_serve(Emulator(faults=faults, **options)))
    return 0


async def _serve(emulator: Emulator) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with emulator:
        print(f"scenario emulator listening on {emulator.base_url}", file=sys.stderr, flush=True)
        await stop.wait()
