"""Throughput benchmarks: our client, the official SDK on both its backends and raw aiohttp.

    .venv/bin/python benchmarks/bench.py [--only retrieve,bulk,list,memory,projection] ...

The emulator runs in its own process with full-size pre-populated models (about 25 KB of
JSON each). Four clients do the same work against it:

- ours: `scenario_async.AsyncScenario`;
- sdk: the official `scenario_sdk.AsyncScenario` (httpx + pydantic), with its defaults;
- sdk_aiohttp: the same with `http_client=scenario_sdk.DefaultAioHttpClient()`, the aiohttp
  transport of its `aiohttp` extra (httpx's API over aiohttp, the same pydantic parsing);
- raw: one `aiohttp.ClientSession` and `msgspec.json.decode` to plain dicts, with a fixed
  `Authorization` header, no types and no retries: the floor.

Benchmarks:
1. retrieve: requests per second at concurrency 64, each a full-size `Model`, over a fixed
   time per repeat; each client's CPU time per request too (the server runs elsewhere, so
   `time.process_time` is all client work), and the server's, read from its process:
   together they show which side bounds the rate on a machine of few cores.
2. bulk: get-bulk of 500 full-size models: end-to-end latency and client CPU per call (one
   request of 500 for every client, `chunk_size=500` for ours; our default chunked form
   apart), and decoding time alone, bytes to objects, for each decoder of `_decoders.py`
   (the SDK parses alike on either backend), with the garbage collector on (collected
   before each repeat) and off.
3. list: walking 10,000 models through pagination, the same page size for all, with client
   and server CPU per model; ours also inside `async with`, where it fetches the next page
   while this one is read.
4. memory: peak memory decoding a ~100 MB get-bulk body, each decoder in a fresh process
   (see `_memory.py`: the peak resident set during the decode over the resident set with
   the body already read, so the body itself is excluded).
5. projection: decoding into a five-field view vs the full typed decode of the same body.

Every figure is the median of the repeats, with the best (fastest) beside it. The clients
run interleaved, repeat by repeat, so drift on the machine falls on all of them alike. Prints
a table and writes every figure to `benchmarks/results/bench.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import gc
import itertools
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import aiohttp
import httpx
import msgspec
import scenario_sdk
from _decoders import DECODERS, ModelView, decoder, projection_target
from _server import API_KEY, API_SECRET, ServerURL, emulator_process

from scenario_async import AsyncScenario, bulk_options

RESULTS = Path(__file__).resolve().parent / "results" / "bench.json"
MEMORY_PROBE = Path(__file__).resolve().parent / "_memory.py"
BENCHMARKS = ("retrieve", "bulk", "list", "memory", "projection")
# A full-size model, as retrieve returns it: every training image, settings, thumbnail.
BULK_OPTIONS: dict[str, Any] = {"all_training_images": True, "settings": True, "thumbnail": True}
RAW_BULK_OPTIONS = {"allTrainingImages": True, "settings": True, "thumbnail": True}
# Each ratio of medians bounded from below (">=") or above ("<=").
TARGETS = {
    "retrieve_ours_over_sdk": (">=", 10.0),
    "retrieve_ours_over_raw": (">=", 0.85),
    "retrieve_cpu_ours_over_raw": ("<=", 1.15),
    "decode_sdk_over_ours": (">=", 10.0),
    "decode_msgspec_dicts_over_ours": (">=", 1.0),
}
LABELS = {
    "ours": "ours (scenario_async)",
    "sdk": "official SDK (httpx)",
    "sdk_aiohttp": "official SDK (aiohttp)",
    "raw": "raw aiohttp + msgspec",
    "ours_chunked": "ours, default chunks",
    "ours_prefetch": "ours, prefetch 1 page",
    "ours_view": "ours, into=ModelView",
    "msgspec_dicts": "msgspec to dicts",
    "json_loads": "json.loads",
}
# Decoding alone, the SDK parses a body alike whichever backend read it.
DECODER_LABELS = {**LABELS, "sdk": "official SDK, either"}


# -- figures ---------------------------------------------------------------------------------


def summary(samples: Sequence[float], *, higher_is_better: bool = False) -> dict[str, Any]:
    best = max(samples) if higher_is_better else min(samples)
    return {"median": statistics.median(samples), "best": best, "samples": list(samples)}


@dataclass(frozen=True)
class Run:
    """One repeat's figures per unit of work (a request, a model)."""

    per_second: float
    client_cpu_us: float
    server_cpu_us: float | None  # when the server's process is known


@dataclass(frozen=True)
class Spent:
    """Wall time, client CPU and server CPU, in seconds, of one measured stretch."""

    seconds: float
    client_cpu: float
    server_cpu: float | None

    def per(self, units: int) -> Run:
        server = None if self.server_cpu is None else 1e6 * self.server_cpu / units
        return Run(units / self.seconds, 1e6 * self.client_cpu / units, server)


class Meter:
    """Wall time, this process's CPU time and the server's, from its creation to `stop()`.

    The server runs in another process, so `time.process_time` here is all client work; the
    server's is read from its process when `server` is a `ServerURL`. On a machine of a few
    cores, the two together show which side bounds the rate.
    """

    def __init__(self, server: str | None = None) -> None:
        self._server_cpu = server.cpu_seconds if isinstance(server, ServerURL) else None
        self._server_started = self._server_cpu() if self._server_cpu else 0.0
        self._cpu_started = time.process_time()
        self.started = time.perf_counter()

    def stop(self) -> Spent:
        seconds = time.perf_counter() - self.started
        cpu = time.process_time() - self._cpu_started
        server = self._server_cpu() - self._server_started if self._server_cpu else None
        return Spent(seconds, cpu, server)


def run_figures(runs: Sequence[Run], unit: str) -> dict[str, Any]:
    """The summaries of one client's repeats: rate, client CPU and server CPU per `unit`."""
    figures = {
        f"{unit}s_per_second": summary([run.per_second for run in runs], higher_is_better=True),
        f"client_cpu_us_per_{unit}": summary([run.client_cpu_us for run in runs]),
    }
    server = [run.server_cpu_us for run in runs if run.server_cpu_us is not None]
    if server:
        figures[f"server_cpu_us_per_{unit}"] = summary(server)
    return figures


def ours_against(figures: dict[str, dict[str, Any]], unit: str) -> dict[str, float]:
    """Ratios of medians against every other client: ours' rate over theirs, their CPU over
    ours (both above 1 when ours is ahead)."""
    rate = {name: figure[f"{unit}s_per_second"]["median"] for name, figure in figures.items()}
    cpu = {name: figure[f"client_cpu_us_per_{unit}"]["median"] for name, figure in figures.items()}
    ratios = {}
    for name in figures:
        if name != "ours":
            ratios[f"ours_over_{name}"] = rate["ours"] / rate[name]
            ratios[f"cpu_{name}_over_ours"] = cpu[name] / cpu["ours"]
    return ratios


# -- the clients -----------------------------------------------------------------------------


class Client(Protocol):
    async def retrieve(self, model_id: str) -> object: ...
    async def get_bulk(self, model_ids: list[str]) -> object: ...
    async def list_models(self, count: int, page_size: int) -> int: ...
    async def aclose(self) -> None: ...


class Ours:
    def __init__(self, base_url: str, *, chunk_size: int | None = None, into: Any = None):
        self.client = AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url)
        self.options: dict[str, Any] = dict(BULK_OPTIONS)
        if chunk_size is not None:
            self.options["chunk_size"] = chunk_size
        if into is not None:
            self.options["into"] = into

    async def retrieve(self, model_id: str) -> object:
        return await self.client.models.retrieve(model_id)

    async def get_bulk(self, model_ids: list[str]) -> object:
        return await self.client.models.get_bulk(model_ids=model_ids, **self.options)

    async def list_models(self, count: int, page_size: int) -> int:
        """Models read, up to `count`: a bare `async for`, each page fetched when needed."""
        seen = 0
        async for _ in self.client.models.list(page_size=page_size):
            seen += 1
            if seen == count:
                break
        return seen

    async def aclose(self) -> None:
        await self.client.close()


class OursPrefetch(Ours):
    """Ours, listing inside `async with`: the next page is fetched while this one is read."""

    async def list_models(self, count: int, page_size: int) -> int:
        seen = 0
        async with self.client.models.list(page_size=page_size).models(prefetch=1) as models:
            async for _ in models:
                seen += 1
                if seen == count:
                    break
        return seen


class Sdk:
    def __init__(self, base_url: str, http_client: httpx.AsyncClient | None = None) -> None:
        self.client = scenario_sdk.AsyncScenario(
            api_key=API_KEY, api_secret=API_SECRET, base_url=base_url, http_client=http_client
        )

    async def retrieve(self, model_id: str) -> object:
        return await self.client.models.retrieve(model_id)

    async def get_bulk(self, model_ids: list[str]) -> object:
        return await self.client.models.get_bulk(model_ids=model_ids, **BULK_OPTIONS)

    async def list_models(self, count: int, page_size: int) -> int:
        seen = 0
        async with aclosing(aiter(self.client.models.list(page_size=page_size))) as models:
            async for _ in models:
                seen += 1
                if seen == count:
                    break
        return seen

    async def aclose(self) -> None:
        await self.client.close()


class Raw:
    """The floor: one session, a fixed header, bytes to dicts; a non-200 is an error."""

    def __init__(self, base_url: str) -> None:
        token = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
        self.base_url = base_url
        self.session = aiohttp.ClientSession(headers={"Authorization": f"Basic {token}"})

    async def _json(self, response: aiohttp.ClientResponse) -> Any:
        body = await response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")
        return msgspec.json.decode(body)

    async def retrieve(self, model_id: str) -> object:
        async with self.session.get(f"{self.base_url}/models/{model_id}") as response:
            return await self._json(response)

    async def get_bulk(self, model_ids: list[str]) -> object:
        return msgspec.json.decode(await self.get_bulk_body(model_ids))

    async def get_bulk_body(self, model_ids: list[str]) -> bytes:
        body = msgspec.json.encode({"modelIds": model_ids, **RAW_BULK_OPTIONS})
        headers = {"Content-Type": "application/json"}
        url = f"{self.base_url}/models/get-bulk"
        async with self.session.post(url, data=body, headers=headers) as response:
            data = await response.read()
            if response.status != 200:
                raise RuntimeError(f"{response.status}: {data[:200]!r}")
            return data

    async def list_models(self, count: int, page_size: int) -> int:
        return len(await self.model_ids(count, page_size))

    async def model_ids(self, count: int, page_size: int) -> list[str]:
        """The ids of the first `count` models of the default listing (private models)."""
        ids: list[str] = []
        query = {"pageSize": str(page_size)}
        while len(ids) < count:
            async with self.session.get(f"{self.base_url}/models", params=query) as response:
                page = await self._json(response)
            ids += (model["id"] for model in page["models"][: count - len(ids)])
            token = page.get("nextPaginationToken")
            if not token:
                break
            query = {"pageSize": str(page_size), "paginationToken": token}
        return ids

    async def aclose(self) -> None:
        await self.session.close()


# Every benchmark with a column per client runs these, in this order, interleaved.
CLIENTS: dict[str, Callable[[str], Client]] = {
    "ours": Ours,
    "sdk": Sdk,
    "sdk_aiohttp": lambda base_url: Sdk(base_url, scenario_sdk.DefaultAioHttpClient()),
    "raw": Raw,
}


def make_client(name: str, base_url: str) -> Client:
    return CLIENTS[name](base_url)


# -- 1. retrieve throughput ------------------------------------------------------------------


async def run_for(
    call: Callable[[str], Awaitable[object]],
    ids: Sequence[str],
    concurrency: int,
    seconds: float,
    server: str | None = None,
) -> Run:
    """`call` over `ids` for `seconds`, `concurrency` at a time; figures per request."""
    pool = itertools.cycle(ids)
    done = 0
    meter = Meter(server)
    stop_at = meter.started + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < stop_at:
            await call(next(pool))
            done += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return meter.stop().per(done)


async def bench_retrieve(
    clients: dict[str, Client], ids: Sequence[str], server: str, args: argparse.Namespace
) -> dict[str, Any]:
    runs: dict[str, list[Run]] = {name: [] for name in clients}
    for client in clients.values():  # opens the connections and warms every cache
        await run_for(client.retrieve, ids, args.concurrency, args.warmup)
    for _ in range(args.repeats):
        for name, client in clients.items():
            gc.collect()
            runs[name].append(
                await run_for(client.retrieve, ids, args.concurrency, args.seconds, server)
            )
    figures = {name: run_figures(done, "request") for name, done in runs.items()}
    return {"clients": figures, "ratios": ours_against(figures, "request")}


# -- 2 and 5. get-bulk: end to end, and decoding alone ---------------------------------------


async def bench_bulk_latency(
    calls: dict[str, Callable[[], Awaitable[object]]], repeats: int
) -> dict[str, Any]:
    """Milliseconds per call, end to end and of client CPU, one call at a time."""
    for call in calls.values():
        await call()
    spent: dict[str, list[Spent]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            gc.collect()
            meter = Meter()
            await call()
            spent[name].append(meter.stop())
    return {
        "ms": {name: summary([1e3 * one.seconds for one in done]) for name, done in spent.items()},
        "cpu_ms": {
            name: summary([1e3 * one.client_cpu for one in done]) for name, done in spent.items()
        },
    }


def time_decode(name: str, body: bytes, repeats: int, *, gc_on: bool) -> dict[str, Any]:
    decode = decoder(name)
    decode(body)  # warm
    samples = []
    for _ in range(repeats):
        gc.collect()
        if not gc_on:
            gc.disable()
        try:
            started = time.perf_counter()
            result = decode(body)
            samples.append(1e3 * (time.perf_counter() - started))
        finally:
            gc.enable()
        del result
    return summary(samples)


def bench_decode(names: Sequence[str], body: bytes, args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for name in names:
        repeats = args.slow_repeats if name == "sdk" else args.decode_repeats
        figures[name] = {
            "gc_on_ms": time_decode(name, body, repeats, gc_on=True),
            "gc_off_ms": time_decode(name, body, repeats, gc_on=False),
        }
    return figures


# -- 3. listing ------------------------------------------------------------------------------


async def timed_listing(client: Client, count: int, page_size: int, server: ServerURL) -> Run:
    """Reading `count` models through pagination; figures per model."""
    gc.collect()
    meter = Meter(server)
    seen = await client.list_models(count, page_size)
    spent = meter.stop()
    if seen < count:
        raise RuntimeError(f"only {seen} models listed, {count} asked: seed more (--models)")
    return spent.per(count)


async def bench_list(
    clients: dict[str, Client], server: ServerURL, args: argparse.Namespace
) -> dict[str, Any]:
    runs: dict[str, list[Run]] = {name: [] for name in clients}
    for _ in range(args.list_repeats):
        for name, client in clients.items():
            runs[name].append(await timed_listing(client, args.list_count, args.page_size, server))
    figures = {name: run_figures(done, "model") for name, done in runs.items()}
    return {"clients": figures, "ratios": ours_against(figures, "model")}


# -- 4. memory -------------------------------------------------------------------------------


def bench_memory(path: Path) -> dict[str, Any]:
    figures = {}
    for name in DECODERS:
        probe = subprocess.run(
            [sys.executable, str(MEMORY_PROBE), name, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        figures[name] = json.loads(probe.stdout)
    return figures


# -- the run ---------------------------------------------------------------------------------


async def network_phase(
    base_url: ServerURL, args: argparse.Namespace
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Every benchmark that talks to the server; the figures, and the bodies to decode."""
    only = args.only
    results: dict[str, Any] = {}
    bodies: dict[str, bytes] = {}
    clients = {name: make_client(name, base_url) for name in CLIENTS}
    raw = clients["raw"]
    assert isinstance(raw, Raw)
    extra: list[Client] = []
    try:
        # Ids enough for every benchmark (~25 kB a model), each model's full JSON then
        # encoded once by the server (it caches it), so that no client meets a cold server.
        memory_ids = int(args.memory_mb * 1e6 / 24_000) if "memory" in only else 0
        ids = await raw.model_ids(max(args.bulk_size, args.retrieve_ids, memory_ids), 500)
        await raw.get_bulk_body(ids)
        bulk_ids = ids[: args.bulk_size]
        bodies["bulk"] = await raw.get_bulk_body(bulk_ids)
        payload = results["payload"] = {
            "bulk_models": len(bulk_ids),
            "bulk_body_bytes": len(bodies["bulk"]),
            "model_bytes_mean": len(bodies["bulk"]) / len(bulk_ids),
        }
        if "memory" in only:
            wanted = math.ceil(args.memory_mb * 1e6 / payload["model_bytes_mean"])
            if len(ids) < wanted:
                ids = await raw.model_ids(wanted, 500)
            bodies["memory"] = await raw.get_bulk_body(ids[:wanted])
            payload.update(memory_models=wanted, memory_body_bytes=len(bodies["memory"]))

        if "retrieve" in only:
            print("1. retrieve ...", file=sys.stderr, flush=True)
            pool = await raw.get_bulk_body(ids[: args.retrieve_ids])
            envelope = len(b'{"models":[]}') + args.retrieve_ids - 1  # brackets and commas
            size = (len(pool) - envelope) / args.retrieve_ids + len(b'{"model":}')
            payload["retrieve_body_bytes_mean"] = size
            results["retrieve"] = await bench_retrieve(
                clients, ids[: args.retrieve_ids], base_url, args
            )

        if "bulk" in only or "projection" in only:
            print("2. get-bulk ...", file=sys.stderr, flush=True)
            # One request of all the ids for every client; ours chunked as it is by default
            # apart, and ours decoding into the view.
            single = Ours(base_url, chunk_size=len(bulk_ids))
            view = Ours(base_url, chunk_size=len(bulk_ids), into=ModelView)
            extra += (single, view)
            calls: dict[str, Callable[[], Awaitable[object]]] = {
                "ours": functools.partial(single.get_bulk, bulk_ids)
            }
            if "bulk" in only:
                calls.update(
                    (name, functools.partial(client.get_bulk, bulk_ids))
                    for name, client in clients.items()
                    if name != "ours"
                )
                calls["ours_chunked"] = functools.partial(clients["ours"].get_bulk, bulk_ids)
            if "projection" in only:
                calls["ours_view"] = functools.partial(view.get_bulk, bulk_ids)
            results["bulk_latency"] = {
                "chunk_size_one_request": len(bulk_ids),
                "chunked_defaults": {
                    "chunk_size": bulk_options.DEFAULT_CHUNK_SIZE,
                    "max_concurrency": bulk_options.DEFAULT_MAX_CONCURRENCY,
                },
                **await bench_bulk_latency(calls, args.bulk_repeats),
            }

        if "list" in only:
            print("3. list ...", file=sys.stderr, flush=True)
            prefetch = OursPrefetch(base_url)
            extra.append(prefetch)
            listing = {**clients, "ours_prefetch": prefetch}
            results["list"] = await bench_list(listing, base_url, args)
    finally:
        for client in (*clients.values(), *extra):
            await client.aclose()
    return results, bodies


def versions() -> dict[str, str]:
    names = (
        "scenario-async",
        "scenario-sdk",
        "msgspec",
        "aiohttp",
        "httpx",
        "httpx-aiohttp",
        "pydantic",
    )
    return {name: metadata.version(name) for name in names}


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    print(f"starting the emulator with {args.models:,} models ...", file=sys.stderr)
    with emulator_process(models=args.models, seed=args.seed) as base_url:
        results, bodies = asyncio.run(network_phase(base_url, args))
    if "bulk" in args.only:
        print("2. decode ...", file=sys.stderr, flush=True)
        results["bulk_decode"] = bench_decode(DECODERS, bodies["bulk"], args)
    elif "projection" in args.only:
        results["bulk_decode"] = bench_decode(("ours", "ours_view"), bodies["bulk"], args)
    if "memory" in args.only:
        print("4. memory ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "memory.json"
            path.write_bytes(bodies.pop("memory"))
            results["memory"] = bench_memory(path)
    results["projection_target"] = projection_target()[1]
    settings = {
        key: getattr(args, key)
        for key in (
            "models",
            "seed",
            "concurrency",
            "seconds",
            "warmup",
            "repeats",
            "retrieve_ids",
            "bulk_size",
            "bulk_repeats",
            "decode_repeats",
            "slow_repeats",
            "list_count",
            "page_size",
            "list_repeats",
            "memory_mb",
        )
    }
    settings["only"] = sorted(args.only)
    report = {
        "benchmark": "scenario_async vs official SDK (httpx, aiohttp) vs raw aiohttp",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "parameters": settings,
        "results": results,
        "targets": targets(results),
        "wall_seconds": time.perf_counter() - started,
    }
    return report


def targets(results: dict[str, Any]) -> dict[str, Any]:
    reached: dict[str, Any] = {}
    if "retrieve" in results:
        ratios = results["retrieve"]["ratios"]
        reached["retrieve_ours_over_sdk"] = ratios["ours_over_sdk"]
        reached["retrieve_ours_over_raw"] = ratios["ours_over_raw"]
        reached["retrieve_cpu_ours_over_raw"] = 1 / ratios["cpu_raw_over_ours"]
    decode = results.get("bulk_decode", {})
    if "sdk" in decode:
        ours = decode["ours"]["gc_on_ms"]["median"]
        reached["decode_sdk_over_ours"] = decode["sdk"]["gc_on_ms"]["median"] / ours
        reached["decode_msgspec_dicts_over_ours"] = (
            decode["msgspec_dicts"]["gc_on_ms"]["median"] / ours
        )
    figures = {}
    for name, value in reached.items():
        bound, target = TARGETS[name]
        met = value >= target if bound == ">=" else value <= target
        figures[name] = {"reached": value, "bound": bound, "target": target, "met": met}
    return figures


# -- the table -------------------------------------------------------------------------------


def table(report: dict[str, Any]) -> str:
    r, p = report["results"], report["parameters"]
    payload = r["payload"]
    lines = [
        f"scenario_async benchmarks  {report['date']}  {report['machine']['cpu']} "
        f"x{report['machine']['cpus']}  Python {report['machine']['python']}",
        "  " + "  ".join(f"{k} {v}" for k, v in report["versions"].items()),
        f"  emulator in its own process, {p['models']:,} models; median of repeats, "
        "best (fastest) beside it",
        "  cost/ours: time per request or model (or memory) of that row over ours; CPU/ours: "
        "the same for client CPU; above 1, ours is ahead",
    ]

    def row(label: str, *cells: str) -> str:
        return f"  {label:<26}" + "".join(f"{cell:>16}" for cell in cells)

    def ms(figure: dict[str, Any]) -> tuple[str, str]:
        return f"{figure['median']:,.1f}", f"{figure['best']:,.1f}"

    def over_ours(name: str, cost: float, ours_cost: float) -> str:
        return f"{cost / ours_cost:.2f}x" if name != "ours" else ""

    def rates(figures: dict[str, Any], unit: str, short: str) -> list[str]:
        """A row per client: rate, client CPU and server CPU per `unit`, against ours."""
        rows = [
            row(
                "client",
                f"{short}/s median",
                f"{short}/s best",
                "cost/ours",
                f"CPU us/{short}",
                "CPU/ours",
                f"server us/{short}",
            )
        ]
        ours = figures["ours"]
        for name, figure in figures.items():
            rate = figure[f"{unit}s_per_second"]
            cpu = figure[f"client_cpu_us_per_{unit}"]["median"]
            server = figure.get(f"server_cpu_us_per_{unit}")
            rows.append(
                row(
                    LABELS[name],
                    f"{rate['median']:,.0f}",
                    f"{rate['best']:,.0f}",
                    over_ours(name, 1 / rate["median"], 1 / ours[f"{unit}s_per_second"]["median"]),
                    f"{cpu:,.0f}",
                    over_ours(name, cpu, ours[f"client_cpu_us_per_{unit}"]["median"]),
                    f"{server['median']:,.0f}" if server else "",
                )
            )
        return rows

    if "retrieve" in r:
        kb = payload["retrieve_body_bytes_mean"] / 1e3
        lines += [
            "",
            f"1. retrieve, concurrency {p['concurrency']}, full-size Models ({kb:.1f} kB mean "
            f"over {p['retrieve_ids']:,} ids), {p['repeats']} x {p['seconds']:g} s",
            *rates(r["retrieve"]["clients"], "request", "req"),
        ]
    if "bulk_latency" in r:
        latency = r["bulk_latency"]
        mb = payload["bulk_body_bytes"] / 1e6
        chunk = latency["chunk_size_one_request"]
        lines += [
            "",
            f"2. get-bulk of {payload['bulk_models']} full-size models ({mb:.2f} MB), "
            f"end to end, one at a time"
            + (f" (ours: chunk_size={chunk})" if chunk else " (ours: one request)"),
            row("client", "ms median", "ms best", "cost/ours", "CPU ms", "CPU/ours"),
        ]
        ours, ours_cpu = latency["ms"]["ours"]["median"], latency["cpu_ms"]["ours"]["median"]
        defaults = latency["chunked_defaults"]
        labels = {
            **LABELS,
            "ours_chunked": f"ours, chunks {defaults['chunk_size']} x{defaults['max_concurrency']}",
        }
        for name, figure in latency["ms"].items():
            cpu = latency["cpu_ms"][name]["median"]
            lines.append(
                row(
                    labels[name],
                    *ms(figure),
                    over_ours(name, figure["median"], ours),
                    f"{cpu:,.1f}",
                    over_ours(name, cpu, ours_cpu),
                )
            )
    if "bulk_decode" in r:
        decode = r["bulk_decode"]
        lines += [
            "",
            "2. get-bulk decode alone, bytes -> objects, same body "
            f"({payload['bulk_body_bytes'] / 1e6:.2f} MB)",
            row("decoder", "ms gc on", "best", "ms gc off", "cost/ours"),
        ]
        base = decode["ours"]["gc_on_ms"]["median"]
        for name, figure in decode.items():
            on, off = figure["gc_on_ms"], figure["gc_off_ms"]
            lines.append(
                row(
                    DECODER_LABELS[name],
                    *ms(on),
                    f"{off['median']:,.1f}",
                    over_ours(name, on["median"], base),
                )
            )
    if "list" in r:
        lines += [
            "",
            f"3. list {p['list_count']:,} models, page_size={p['page_size']}, "
            f"{p['list_repeats']} repeats",
            *rates(r["list"]["clients"], "model", "model"),
        ]
    if "memory" in r:
        mb = payload["memory_body_bytes"] / 1e6
        lines += [
            "",
            f"4. peak memory decoding a {mb:.0f} MB get-bulk body "
            f"({payload['memory_models']:,} models), fresh process each, "
            "peak RSS over the body's",
            row("decoder", "peak MB", "retained MB", "decode s", "cost/ours"),
        ]
        base = r["memory"]["ours"]["peak_delta_mb"]
        for name, figure in r["memory"].items():
            lines.append(
                row(
                    DECODER_LABELS[name],
                    f"{figure['peak_delta_mb']:,.1f}",
                    f"{figure['retained_mb']:,.1f}",
                    f"{figure['seconds']:.2f}",
                    over_ours(name, figure["peak_delta_mb"], base),
                )
            )
    if "bulk_decode" in r and "ours_view" in r["bulk_decode"]:
        decode = r["bulk_decode"]
        full, view = decode["ours"]["gc_on_ms"]["median"], decode["ours_view"]["gc_on_ms"]["median"]
        lines += [
            "",
            f"5. projection: {r['projection_target']} vs full Model, same body",
            f"  decode: full {full:,.1f} ms, view {view:,.1f} ms: {full / view:.1f}x faster "
            f"(gc off: {decode['ours']['gc_off_ms']['median']:,.1f} vs "
            f"{decode['ours_view']['gc_off_ms']['median']:,.1f} ms)",
        ]
        latency = r.get("bulk_latency", {}).get("ms", {})
        if "ours_view" in latency:
            lines.append(
                f"  end to end: full {latency['ours']['median']:,.1f} ms, "
                f"into=ModelView {latency['ours_view']['median']:,.1f} ms"
            )
        if "memory" in r:
            memory = r["memory"]
            lines.append(
                f"  peak memory ({payload['memory_body_bytes'] / 1e6:.0f} MB body): full "
                f"{memory['ours']['peak_delta_mb']:,.1f} MB, view "
                f"{memory['ours_view']['peak_delta_mb']:,.1f} MB"
            )
    if report["targets"]:
        lines += ["", "targets (ratios of medians, this run)"]
        for name, target in report["targets"].items():
            verdict = "met" if target["met"] else "MISSED"
            lines.append(
                f"  {name:<32} {target['reached']:>8.2f}x  target {target['bound']} "
                f"{target['target']:g}x  {verdict}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add = parser.add_argument
    add("--only", default=",".join(BENCHMARKS), help="comma-separated: " + ",".join(BENCHMARKS))
    add("--models", type=int, default=13_000, help="models in the emulator")
    add("--seed", type=int, default=1)
    add("--concurrency", type=int, default=64)
    add("--seconds", type=float, default=3.0, help="retrieve: seconds per repeat")
    add("--warmup", type=float, default=1.0, help="retrieve: seconds of warm-up per client")
    add("--repeats", type=int, default=5, help="retrieve: repeats per client")
    add("--retrieve-ids", type=int, default=1_000, help="retrieve: distinct ids cycled")
    add("--bulk-size", type=int, default=500)
    add("--bulk-repeats", type=int, default=7)
    add("--decode-repeats", type=int, default=15)
    add("--slow-repeats", type=int, default=5, help="decode repeats of the SDK's parsing")
    add("--list-count", type=int, default=10_000)
    add("--page-size", type=int, default=100)
    add("--list-repeats", type=int, default=3)
    add("--memory-mb", type=float, default=100.0)
    add("--json", type=Path, default=RESULTS, help="where to write the figures")
    args = parser.parse_args()
    args.only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = args.only - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    report = run(args)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
