"""`python -m scenario_async emulator`: run the emulator until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from .faults import Faults
from .server import Emulator

__all__ = ["add_parser"]


def add_parser(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser("emulator", help="run a local Scenario models API")
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="interface to bind (default: loopback only)")
    add("--port", type=int, default=8787, help="port (0: any free port)")
    add("--api-key", default="emulator-key")
    add("--api-secret", default="emulator-secret")
    add("--bearer-token", default=None)
    add("--training-seconds", type=float, default=10.0)
    add("--training-slots", type=int, default=4)
    add("--failure-rate", type=float, default=0.0, help="share of trainings that fail")
    add("--seed", type=int, default=0)
    add("--models", type=int, default=0, help="pre-populate N full-size models")
    add(
        "--hold",
        action="store_true",
        help="start with the clock held: trainings move only when POST {base_url}/_emulator/clock"
        ' says so ({"advance": 2}, {"modelId": "model_x", "stage": "running-train"},'
        ' {"hold": false})',
    )
    faults = parser.add_argument_group("faults (shares of requests, 0..1, all operations)")
    faults.add_argument("--error-rate", type=float, default=0.0, help="500/502/503")
    faults.add_argument("--rate-limit-rate", type=float, default=0.0, help="429 + Retry-After")
    faults.add_argument("--retry-after", type=float, default=1.0)
    faults.add_argument("--drop-rate", type=float, default=0.0, help="connection closed")
    faults.add_argument("--truncate-rate", type=float, default=0.0, help="body cut short")
    faults.add_argument("--latency-rate", type=float, default=0.0)
    faults.add_argument("--latency-seconds", type=float, default=0.05)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        faults = Faults(
            error=args.error_rate,
            rate_limit=args.rate_limit_rate,
            retry_after=args.retry_after,
            drop=args.drop_rate,
            truncate=args.truncate_rate,
            latency=args.latency_rate,
            latency_seconds=args.latency_seconds,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    emulator = Emulator(
        api_key=args.api_key,
        api_secret=args.api_secret,
        bearer_token=args.bearer_token,
        host=args.host,
        port=args.port,
        training_seconds=args.training_seconds,
        training_slots=args.training_slots,
        failure_rate=args.failure_rate,
        seed=args.seed,
        models=args.models,
        faults=faults,
        hold=args.hold,
    )
    asyncio.run(_serve(emulator))
    return 0


async def _serve(emulator: Emulator) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with emulator:
        print(f"scenario emulator listening on {emulator.base_url}", file=sys.stderr, flush=True)
        await stop.wait()
