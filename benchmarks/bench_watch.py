"""Watch-scale benchmark: one watcher over 10,000 trainings on the emulator in another process.

    .venv/bin/python benchmarks/bench_watch.py [--models 10000] [--chunk-size 100] ...

1. Starts `python -m scenario_async emulator` with N pre-populated full-size models.
2. A helper process (this file, `setup` command) lists them and triggers every training, so
   this process's peak memory is the watch's alone.
3. One `client.models.watch(ids)` runs until every model is terminal.

Reported: ticks, get-bulk requests per tick (and whether each tick sent exactly
ceil(due / chunk size)), client CPU time per tick and per polled model (`time.process_time`:
the emulator runs elsewhere, so it is all client work: decoding, reducing, scheduling),
peak memory (`ru_maxrss` of this process) and its growth over the resident set before the
watch, events per second of wall time and per CPU second. Prints a table and writes the
figures to `benchmarks/results/watch.json`.

The floor: `msgspec.json.decode` of one get-bulk body of `chunk_size` of the same models to
plain dicts, fetched before the watch and timed after it in the same process (best of 20, the
garbage collector off, as `timeit` does), per model. The targets: CPU per polled model at most
1.0x the floor, memory growth at most 150 MB for 10,000 models.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
import timeit
from collections import Counter
from pathlib import Path

import msgspec
from _server import API_KEY, API_SECRET, emulator_process, every_model_id

from scenario_async import AsyncScenario, PollFailed, RequestSent, WatchEvent
from scenario_async.bulk_options import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CONCURRENCY
from scenario_async.training import TERMINAL_EVENTS

RESULTS = Path(__file__).resolve().parent / "results" / "watch.json"
CPU_TARGET = 1.0
"""Client CPU per polled model, as a multiple of the floor."""
GROWTH_TARGET_MB = 150.0
"""Peak memory growth for 10,000 watched models."""


def resident_mb() -> float:
    """This process's resident set now (Linux: `/proc/self/statm`)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def floor_us_per_model(body: bytes, models: int) -> float:
    """Decoding `body` to plain dicts, best of 20 with the collector off, per model."""
    best = min(timeit.repeat(lambda: msgspec.json.decode(body), number=1, repeat=20))
    return 1e6 * best / models


async def trigger_all(base_url: str, concurrency: int) -> list[str]:
    """Every model's id, with its training triggered (run by the `setup` command)."""
    async with AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url) as client:
        ids = await every_model_id(client)
        queue = iter(ids)

        async def worker() -> None:
            for model_id in queue:
                await client.models.train.trigger(model_id)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return ids


async def watch_all(base_url: str, ids: list[str], args: argparse.Namespace) -> dict[str, object]:
    kinds: Counter[str] = Counter()
    terminal = 0
    per_tick: dict[int, tuple[int, int]] = {}  # tick -> (ids due, requests sent)
    async with AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url) as client:
        sample = ids[: args.chunk_size]
        floor_body = (await client.models.with_raw_response.get_bulk(model_ids=sample)).content
        watch = client.models.watch(
            ids,
            chunk_size=args.chunk_size,
            max_concurrency=args.max_concurrency,
            min_interval=args.min_interval,
            max_interval=args.max_interval,
            timeout=args.timeout,
        )

        def count(event: msgspec.Struct) -> None:
            if isinstance(event, RequestSent) and event.operation == "models.get_bulk":
                due, sent = per_tick.get(watch.stats.ticks, (watch.stats.last_due, 0))
                per_tick[watch.stats.ticks] = (due, sent + 1)

        client.subscribe(count)
        resident_before = resident_mb()
        cpu, wall = time.process_time(), time.perf_counter()
        async with watch:
            event: WatchEvent
            async for event in watch:
                kinds[type(event).__name__] += 1
                terminal += isinstance(event, TERMINAL_EVENTS)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = floor_us_per_model(floor_body, len(sample))
    stats = watch.stats
    events = sum(kinds.values())
    cpu_per_model = 1e6 * cpu / stats.polled
    return {
        "models": len(ids),
        "terminal_events": terminal,
        "poll_failures": kinds[PollFailed.__name__],
        "ticks": stats.ticks,
        "requests": stats.requests,
        "requests_per_tick_mean": stats.requests / stats.ticks,
        "requests_per_tick_max": max(sent for _, sent in per_tick.values()),
        "due_per_tick_mean": stats.polled / stats.ticks,
        "due_per_tick_max": max(due for due, _ in per_tick.values()),
        "every_tick_sent_ceil_due_over_chunk": all(
            sent == math.ceil(due / args.chunk_size) for due, sent in per_tick.values()
        ),
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "cpu_ms_per_tick": 1000 * cpu / stats.ticks,
        "cpu_us_per_polled_model": cpu_per_model,
        "floor_dict_decode_us_per_model": floor,
        "cpu_vs_floor": cpu_per_model / floor,
        f"cpu_vs_floor_within_{CPU_TARGET}x": cpu_per_model / floor <= CPU_TARGET,
        "peak_rss_mb": peak,
        "rss_before_watch_mb": resident_before,
        "rss_growth_mb": peak - resident_before,
        f"rss_growth_within_{GROWTH_TARGET_MB:.0f}_mb": peak - resident_before <= GROWTH_TARGET_MB,
        "events": events,
        "events_per_second": events / wall,
        "events_per_cpu_second": events / cpu,
        "events_by_kind": dict(kinds),
    }


def run(args: argparse.Namespace) -> None:
    with emulator_process(
        models=args.models,
        seed=args.seed,
        training_seconds=args.training_seconds,
        training_slots=args.training_slots,
        failure_rate=args.failure_rate,
    ) as base_url:
        setup = subprocess.run(
            [sys.executable, __file__, "setup", base_url, f"--concurrency={args.concurrency}"],
            check=True,
            capture_output=True,
            text=True,
        )
        ids = setup.stdout.split()
        figures = asyncio.run(watch_all(base_url, ids, args))
    settings = {
        key: getattr(args, key)
        for key in (
            "models",
            "chunk_size",
            "max_concurrency",
            "min_interval",
            "max_interval",
            "training_seconds",
            "training_slots",
            "failure_rate",
            "seed",
        )
    }
    report = {
        "benchmark": "watch",
        "settings": settings,
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "figures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    width = max(map(len, figures))
    print(f"watch benchmark: {settings}")
    for key, value in figures.items():
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
        print(f"  {key:<{width}}  {shown}")
    print(f"written to {RESULTS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command")
    setup = commands.add_parser("setup", help="(internal) trigger every training, print ids")
    setup.add_argument("base_url")
    setup.add_argument("--concurrency", type=int, default=32)
    add = parser.add_argument
    add("--models", type=int, default=10_000)
    add("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, help="ids per get-bulk request")
    add(
        "--max-concurrency",
        type=int,
        default=DEFAULT_MAX_CONCURRENCY,
        help="get-bulk requests in flight at once",
    )
    add("--min-interval", type=float, default=1.0)
    add("--max-interval", type=float, default=10.0)
    add("--timeout", type=float, default=900.0)
    add("--training-seconds", type=float, default=30.0)
    add("--training-slots", type=int, default=5_000)
    add("--failure-rate", type=float, default=0.05)
    add("--seed", type=int, default=1)
    add("--concurrency", type=int, default=32, help="parallel triggers during setup")
    args = parser.parse_args()
    if args.command == "setup":
        print("\n".join(asyncio.run(trigger_all(args.base_url, args.concurrency))))
    else:
        run(args)


if __name__ == "__main__":
    main()
