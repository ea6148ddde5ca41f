"""Profile one client's `retrieve` at concurrency 64 against the emulator in another process.

    .venv/bin/python benchmarks/profile_retrieve.py [--client ours|sdk|sdk_aiohttp|raw]
        [--server canned]

First a plain run (requests per second, client CPU per request), then the same run under
cProfile, printing the top functions by own time and by cumulative time. `--pstats FILE`
keeps the profile for `python -m pstats`. cProfile slows a Python-heavy path more than a
C-heavy one: compare its shares, and take the speed from the plain run. For a sampling
profile without that skew, run it under py-spy with `--no-cprofile`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from _server import canned_process, emulator_process
from bench import CLIENTS, Raw, make_client, run_for


async def model_ids(base_url: str, count: int) -> list[str]:
    raw = Raw(base_url)
    try:
        return await raw.model_ids(count, 500)
    finally:
        await raw.aclose()


async def canned_body(base_url: str) -> bytes:
    """A full-size retrieve response of the emulator."""
    raw = Raw(base_url)
    try:
        (model_id,) = await raw.model_ids(1, 1)
        async with raw.session.get(f"{base_url}/models/{model_id}") as response:
            return await response.read()
    finally:
        await raw.aclose()


async def profile(base_url: str, ids: list[str], args: argparse.Namespace) -> cProfile.Profile:
    client = make_client(args.client, base_url)
    try:
        await run_for(client.retrieve, ids, args.concurrency, args.warmup)
        for _ in range(args.repeats):
            run = await run_for(client.retrieve, ids, args.concurrency, args.seconds, base_url)
            print(
                f"{args.client}: {run.per_second:,.0f} req/s, CPU per request: "
                f"client {run.client_cpu_us:,.0f} us, server {run.server_cpu_us or 0:,.0f} us"
            )
        # CPU time, not wall time: on a machine shared with the server, a wall-clock profile
        # charges the time this process waits to be scheduled to whatever call it was in
        # (typically the socket write that woke the server).
        profiler = cProfile.Profile(time.process_time)
        if args.cprofile:
            profiler.enable()
            run = await run_for(client.retrieve, ids, args.concurrency, args.seconds)
            profiler.disable()
            print(
                f"{args.client} under cProfile: {run.per_second:,.0f} req/s, "
                f"{run.client_cpu_us:,.0f} us client CPU per request"
            )
    finally:
        await client.aclose()
    return profiler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add = parser.add_argument
    add("--client", choices=tuple(CLIENTS), default="ours")
    add("--server", choices=("emulator", "canned"), default="emulator", help="see _canned.py")
    add("--models", type=int, default=1_000)
    add("--ids", type=int, default=1_000)
    add("--concurrency", type=int, default=64)
    add("--seconds", type=float, default=5.0)
    add("--warmup", type=float, default=1.0)
    add("--repeats", type=int, default=3, help="plain runs before the profiled one")
    add("--cprofile", action=argparse.BooleanOptionalAction, default=True, help="(py-spy: no)")
    add("--top", type=int, default=30)
    add("--pstats", type=Path, default=None)
    args = parser.parse_args()
    if args.server == "emulator":
        with emulator_process(models=args.models, seed=1) as base_url:
            ids = asyncio.run(model_ids(base_url, args.ids))
            profiler = asyncio.run(profile(base_url, ids, args))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            body = Path(tmp) / "model.json"
            with emulator_process(models=1, seed=1) as base_url:
                body.write_bytes(asyncio.run(canned_body(base_url)))
            with canned_process(body) as base_url:
                ids = [f"model_{n:06d}" for n in range(args.ids)]
                profiler = asyncio.run(profile(base_url, ids, args))
    if not args.cprofile:
        return
    if args.pstats is not None:
        profiler.dump_stats(args.pstats)
    for key in ("tottime", "cumulative"):
        print(f"\n--- top {args.top} by {key} ---", flush=True)
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(key).print_stats(args.top)


if __name__ == "__main__":
    main()
