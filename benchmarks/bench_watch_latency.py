"""Training-end latency: how late each way of waiting sees trainings end, and at what cost.

    .venv/bin/python benchmarks/bench_watch_latency.py [--modes watch,sdk] [--scenarios mixed]

Each scenario runs one emulator (`python -m scenario_async emulator`, a process of its own)
with enough full-size models for every mode to train fresh ones:

- `mixed`: 500 trainings of 20 s on 500 slots, 5% failing, and 5% canceled by the driver at
  random (seeded) moments of their training (the issue's 500-training run);
- `queue`: 100 trainings of 10 s on 25 slots, none failing or canceled (the issue's queue);
- `crowded`: `mixed` on 400 slots, so that about 100 trainings queue behind the others.

The modes run one after another on that emulator. For each, a driver process (this file,
`drive` command, so that its CPU is not the client's) triggers the trainings of the mode's
models concurrently, prints their ids as one JSON line, then cancels its chosen ids at their
moments. This process starts waiting as soon as it reads the ids:

- `watch`: `client.models.watch(ids)` with its defaults;
- `watch-tuned`: the watch with `TUNED`'s options;
- `watch-nudged`: the watch with its defaults, nudged by the emulator's webhook deliveries
  (`--webhook-url`): an aiohttp.web receiver in this process calls `watch.nudge([model_id])`
  for each, as README's recipe does;
- `wait`: `client.models.wait_for_training(id)` for every model at once;
- `sdk`: the official SDK, one loop per model calling `retrieve` every 2 s until the
  status is terminal, every model at once.

Measured per model: its latency, the wall time (`time.time()`) at which the caller got its
terminal event or result minus the true end of its training: `trainingStats.endedAt` of the
final model, or its `updatedAt` if canceled (the instant the emulator applied the cancel; the
emulator's clock is this machine's wall clock). Each model falls in one category: `canceled`,
else `queued` (its `trainingStats.queueDuration` is positive), else `failed`, else `trained`;
each category's latencies are reported as n, p50, p95 and max (nearest rank). Per mode: the
polling requests sent (get-bulk or retrieve; ours counted from `RequestSent` events, the SDK's
by the loop) per model, and this process's CPU time (`time.process_time`) over the run.
Every model must get exactly one terminal event: if one gets none or several, the benchmark
exits with an error naming them.

Prints one table, then `TARGETS` with pass or fail, and writes every figure to
`benchmarks/results/watch_latency.json`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import platform
import random
import socket
import subprocess
import sys
import time
from collections.abc import AsyncGenerator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager, nullcontext, suppress
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import msgspec
import scenario_sdk
from _server import API_KEY, API_SECRET, emulator_process, every_model_id
from aiohttp import web

from scenario_async import (
    AsyncScenario,
    Canceled,
    ConflictError,
    Failed,
    Gone,
    RequestSent,
    Trained,
    TrainingCanceledError,
    TrainingFailedError,
    TrainingWatch,
)
from scenario_async.watch_core import WatchOptions

RESULTS = Path(__file__).resolve().parent / "results" / "watch_latency.json"

TUNED: WatchOptions = {"min_interval": 0.5, "max_gap": 1.0}
"""The options of the `watch-tuned` mode: tighter than the defaults, at a higher request cost."""

SDK_POLL_SECONDS = 2.0
SDK_TERMINAL = frozenset({"trained", "failed", "training-canceled"})
POLLING_OPERATIONS = frozenset({"models.get_bulk", "models.retrieve"})
CATEGORIES = ("trained", "failed", "queued", "canceled")


@dataclass(frozen=True)
class Scenario:
    """A set of trainings; each field but the name is a command-line option."""

    name: str
    trainings: int
    training_seconds: float
    training_slots: int
    failure_rate: float = 0.0
    cancel_rate: float = 0.0

    def __post_init__(self) -> None:
        if self.trainings < 1 or self.training_slots < 1 or not self.training_seconds > 0:
            raise ValueError(f"{self.name}: trainings, slots and seconds must be positive")
        if not (0 <= self.failure_rate <= 1 and 0 <= self.cancel_rate <= 1):
            raise ValueError(f"{self.name}: the failure and cancel rates are shares, 0 to 1")


SCENARIOS = {
    scenario.name: scenario
    for scenario in (
        Scenario("mixed", 500, 20.0, 500, failure_rate=0.05, cancel_rate=0.05),
        Scenario("queue", 100, 10.0, 25),
        Scenario("crowded", 500, 20.0, 400, failure_rate=0.05, cancel_rate=0.05),
    )
}


@dataclass(frozen=True)
class Target:
    """The issue's goal for one mode of one scenario: each category's p95, and the cost."""

    scenario: str
    mode: str
    p95_seconds: float
    categories: tuple[str, ...]
    requests_per_model: float | None = None


TARGETS = (
    # The issue's: with the defaults, every ending within 3 s, at 0.1 requests per model on the
    # 500-training run; and within 0.5 s when webhook deliveries nudge the watch.
    Target("mixed", "watch", 3.0, ("trained", "failed"), requests_per_model=0.1),
    Target("queue", "watch", 3.0, ("trained", "queued")),
    Target("crowded", "watch", 3.0, ("trained", "failed", "queued")),
    Target("mixed", "watch-nudged", 0.5, ("trained", "failed", "canceled")),
)


# --------------------------------------------------------------------------------------------
# What a mode records


class TrainingStats(Protocol):
    @property
    def ended_at(self) -> str | None: ...
    @property
    def queue_duration(self) -> float | None: ...


class FinalModel(Protocol):
    """A model as a training left it: ours (`Model`) and the SDK's both read as one."""

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str | None: ...
    @property
    def updated_at(self) -> str | None: ...
    @property
    def training_stats(self) -> TrainingStats | None: ...


@dataclass(frozen=True)
class Ending:
    category: str
    latency: float


def ending_of(model: FinalModel, got_at: float) -> Ending:
    """Which category `model` ends in, and how long after the true end it was seen."""
    stats = model.training_stats
    if model.status == "training-canceled":
        category, ended_at = "canceled", model.updated_at
    else:
        queued = stats is not None and (stats.queue_duration or 0.0) > 0
        category = "queued" if queued else "failed" if model.status == "failed" else "trained"
        ended_at = None if stats is None else stats.ended_at
    if ended_at is None:
        raise SystemExit(f"{model.id} ended ({model.status}) without a time of its end")
    return Ending(category, got_at - datetime.fromisoformat(ended_at).timestamp())


@dataclass
class Endings:
    """What a mode saw: each model's endings (exactly one, if all goes well), its requests."""

    ids: Sequence[str]
    seen: dict[str, list[Ending]] = field(default_factory=dict[str, list[Ending]])
    requests: int = 0

    def record(self, model: FinalModel) -> None:
        """`model` ended, and the caller gets it now."""
        self.seen.setdefault(model.id, []).append(ending_of(model, time.time()))

    def check_exactly_once(self, where: str) -> None:
        """Exit with an error unless each id got one terminal event, and no other id any."""
        missed = [model_id for model_id in self.ids if model_id not in self.seen]
        repeated = sorted(model_id for model_id, seen in self.seen.items() if len(seen) > 1)
        strangers = sorted(self.seen.keys() - set(self.ids))
        if missed or repeated or strangers:
            raise SystemExit(
                f"{where}: every model must get exactly one terminal event, but {len(missed)}"
                f" got none {missed[:5]}, {len(repeated)} got several {repeated[:5]} and"
                f" {len(strangers)} that were not waited for got one {strangers[:5]}"
            )


# --------------------------------------------------------------------------------------------
# The modes: each waits until every one of `ids` has ended, recording each ending


@dataclass(frozen=True)
class Emulated:
    """The emulator a scenario runs on, and the socket its webhook deliveries are sent to:
    bound before the emulator starts (so that its URL is known), listening only while the
    `watch-nudged` mode serves it (the other modes' deliveries are refused, at no cost to
    this process)."""

    base_url: str
    webhooks: socket.socket


def webhook_url(bound: socket.socket) -> str:
    """Where the receiver on `bound` takes webhook deliveries."""
    host, port = bound.getsockname()[:2]
    return f"http://{host}:{port}/webhooks/scenario"


# `mode(emulated, ids, endings)`. A mode that needs something running around its wait (a
# webhook receiver) opens it in its own body, so the table stays one function per mode.
Mode = Callable[[Emulated, list[str], Endings], Coroutine[Any, Any, None]]


@asynccontextmanager
async def counted_client(base_url: str, endings: Endings) -> AsyncGenerator[AsyncScenario]:
    """Our client, its polling requests counted in `endings`."""

    def count(event: msgspec.Struct) -> None:
        if isinstance(event, RequestSent) and event.operation in POLLING_OPERATIONS:
            endings.requests += 1

    async with AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url) as client:
        client.subscribe(count)
        yield client


async def watch(
    emulated: Emulated,
    ids: list[str],
    endings: Endings,
    options: WatchOptions | None = None,
    *,
    nudged: bool = False,
) -> None:
    async with (
        counted_client(emulated.base_url, endings) as client,
        client.models.watch(ids, **(options or {})) as events,
        webhook_receiver(emulated.webhooks, events) if nudged else nullcontext(),
    ):
        async for event in events:
            match event:
                case Trained(model=model) | Failed(model=model) | Canceled(model=model):
                    endings.record(model)
                case Gone(model_id=model_id, reason=reason):
                    raise SystemExit(f"the watch lost {model_id} ({reason})")
                case _:
                    pass


async def watch_tuned(emulated: Emulated, ids: list[str], endings: Endings) -> None:
    await watch(emulated, ids, endings, TUNED)


async def watch_nudged(emulated: Emulated, ids: list[str], endings: Endings) -> None:
    await watch(emulated, ids, endings, nudged=True)


@asynccontextmanager
async def webhook_receiver(listening: socket.socket, watch: TrainingWatch) -> AsyncGenerator[None]:
    """Each webhook delivery nudges `watch` for its model, while the block runs."""

    async def receive(request: web.Request) -> web.Response:
        delivery = await request.json()
        model_id = delivery.get("data", {}).get("modelId")
        if isinstance(model_id, str):
            watch.nudge([model_id])
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/webhooks/scenario", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.SockSite(runner, listening).start()
        yield
    finally:
        await runner.cleanup()


async def wait(emulated: Emulated, ids: list[str], endings: Endings) -> None:
    async with counted_client(emulated.base_url, endings) as client:

        async def wait_one(model_id: str) -> None:
            try:
                model = await client.models.wait_for_training(model_id)
            except (TrainingFailedError, TrainingCanceledError) as ended:
                model = ended.model
            endings.record(model)

        async with asyncio.TaskGroup() as group:
            for model_id in ids:
                group.create_task(wait_one(model_id))


async def sdk(emulated: Emulated, ids: list[str], endings: Endings) -> None:
    async with scenario_sdk.AsyncScenario(
        api_key=API_KEY, api_secret=API_SECRET, base_url=emulated.base_url
    ) as client:

        async def poll_one(model_id: str) -> None:
            while True:
                model = (await client.models.retrieve(model_id)).model
                endings.requests += 1
                if model.status in SDK_TERMINAL:
                    endings.record(model)
                    return
                await asyncio.sleep(SDK_POLL_SECONDS)

        async with asyncio.TaskGroup() as group:
            for model_id in ids:
                group.create_task(poll_one(model_id))


MODES: dict[str, Mode] = {
    "watch": watch,
    "watch-tuned": watch_tuned,
    "watch-nudged": watch_nudged,
    "wait": wait,
    "sdk": sdk,
}


# --------------------------------------------------------------------------------------------
# The driver (`drive` command, in a process of its own)


async def drive(args: argparse.Namespace) -> None:
    """Train models `first` to `first + count` (in id order), print their ids, cancel some.

    `cancel_rate` of them, chosen at random, are each canceled at a random moment between 10%
    and 90% of `training_seconds` after the ids are printed; one that ended before its
    moment stays as it ended.
    """
    base_url = args.base_url
    async with AsyncScenario(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url) as client:
        every_id = sorted(await every_model_id(client))
        ids = every_id[args.first : args.first + args.count]
        if len(ids) < args.count:
            raise SystemExit(
                f"the emulator has {len(every_id)} models, not {args.first + args.count}"
            )
        await asyncio.gather(*(client.models.train.trigger(model_id) for model_id in ids))
        print(json.dumps({"ids": ids}), flush=True)
        printed = time.monotonic()

        async def cancel_at(model_id: str, moment: float) -> None:
            await asyncio.sleep(printed + moment - time.monotonic())
            with suppress(ConflictError):  # it ended first
                await client.models.train.action(model_id, action="cancel")

        rng = random.Random(args.seed)
        chosen = rng.sample(ids, round(args.cancel_rate * len(ids)))
        moments = [rng.uniform(0.1, 0.9) * args.training_seconds for _ in chosen]
        await asyncio.gather(*map(cancel_at, chosen, moments))


# --------------------------------------------------------------------------------------------
# Measuring


def percentile(ordered: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of `ordered` (sorted, not empty)."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(
    emulated: Emulated, scenario: Scenario, mode: str, first: int, seed: int
) -> dict[str, Any]:
    """Run `mode` over fresh trainings of `scenario`, models `first` onwards; its figures."""
    driver = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "drive",
            emulated.base_url,
            f"--first={first}",
            f"--count={scenario.trainings}",
            f"--cancel-rate={scenario.cancel_rate}",
            f"--training-seconds={scenario.training_seconds}",
            f"--seed={seed}:{scenario.name}:{mode}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert driver.stdout is not None
        line = driver.stdout.readline()
        if not line:
            raise SystemExit(f"{scenario.name}/{mode}: the driver gave no ids (see its error)")
        ids: list[str] = json.loads(line)["ids"]
        endings = Endings(ids)
        cpu, wall = time.process_time(), time.perf_counter()
        asyncio.run(MODES[mode](emulated, ids, endings))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if driver.wait(timeout=60) != 0:
            raise SystemExit(f"{scenario.name}/{mode}: the driver failed (see its error)")
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    endings.check_exactly_once(f"{scenario.name}/{mode}")
    latencies: dict[str, list[float]] = {category: [] for category in CATEGORIES}
    for (ending,) in endings.seen.values():
        latencies[ending.category].append(ending.latency)
    categories: dict[str, dict[str, float]] = {}
    for category, values in latencies.items():
        ordered = sorted(values)
        categories[category] = {"n": len(ordered)}
        if ordered:
            categories[category] |= {
                "p50": percentile(ordered, 0.50),
                "p95": percentile(ordered, 0.95),
                "max": ordered[-1],
            }
    return {
        "scenario": scenario.name,
        "mode": mode,
        "models": len(ids),
        "latency_seconds": categories,
        "requests": endings.requests,
        "requests_per_model": endings.requests / len(ids),
        "cpu_seconds": cpu,
        "cpu_ms_per_model": 1000 * cpu / len(ids),
        "wall_seconds": wall,
    }


def check_targets(runs: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each target of a scenario and mode that ran: what it asks, what was reached, if met."""
    checks: list[dict[str, Any]] = []
    for target in TARGETS:
        run = next(
            (r for r in runs if (r["scenario"], r["mode"]) == (target.scenario, target.mode)), None
        )
        if run is None:
            continue
        where = f"{target.scenario}/{target.mode}"
        for category in target.categories:
            p95 = run["latency_seconds"][category].get("p95", math.inf)
            checks.append(
                {
                    "what": f"{where} {category} p95 (s)",
                    "reached": p95,
                    "at_most": target.p95_seconds,
                    "met": p95 <= target.p95_seconds,
                }
            )
        if target.requests_per_model is not None:
            cost = run["requests_per_model"]
            checks.append(
                {
                    "what": f"{where} requests per model",
                    "reached": cost,
                    "at_most": target.requests_per_model,
                    "met": cost <= target.requests_per_model,
                }
            )
    return checks


def table(runs: Sequence[dict[str, Any]]) -> list[str]:
    """One row per scenario and mode; each category as `n: p50/p95/max` seconds."""
    header = [
        "scenario",
        "mode",
        *(f"{category} n: p50/p95/max s" for category in CATEGORIES),
        "req/model",
        "CPU s",
        "CPU ms/model",
    ]
    rows = [header]
    for run in runs:
        cells = [run["scenario"], run["mode"]]
        for category in CATEGORIES:
            figures = run["latency_seconds"][category]
            shown = "/".join(
                f"{figures[key]:.2f}" for key in ("p50", "p95", "max") if key in figures
            )
            cells.append(f"{figures['n']}: {shown}" if shown else "0")
        cells += [
            f"{run['requests_per_model']:.3f}",
            f"{run['cpu_seconds']:.2f}",
            f"{run['cpu_ms_per_model']:.2f}",
        ]
        rows.append(cells)
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def run(scenarios: Sequence[Scenario], args: argparse.Namespace) -> None:
    runs: list[dict[str, Any]] = []
    for scenario in scenarios:
        with socket.socket() as webhooks:
            webhooks.bind(("127.0.0.1", 0))
            with emulator_process(
                models=scenario.trainings * len(args.modes),
                seed=args.seed,
                training_seconds=scenario.training_seconds,
                training_slots=scenario.training_slots,
                failure_rate=scenario.failure_rate,
                webhook_url=webhook_url(webhooks),
            ) as base_url:
                emulated = Emulated(base_url, webhooks)
                for index, mode in enumerate(args.modes):
                    first = index * scenario.trainings
                    runs.append(measure(emulated, scenario, mode, first, args.seed))
    checks = check_targets(runs)
    report = {
        "benchmark": "watch_latency",
        "settings": {
            "seed": args.seed,
            "scenarios": [asdict(s) for s in scenarios],
            "tuned": TUNED,
        },
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "runs": runs,
        "targets": checks,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print("\n".join(table(runs)))
    for check in checks:
        verdict = "pass" if check["met"] else "FAIL"
        print(f"target: {check['what']} {check['reached']:.3f} <= {check['at_most']}  {verdict}")
    print(f"written to {RESULTS}")


def names(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """An argparse type: a comma-separated list of some of `choices`."""

    def parse(text: str) -> list[str]:
        chosen = text.split(",")
        unknown = [name for name in chosen if name not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(f"{unknown} not among {list(choices)}")
        return chosen

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n", 1)[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command")
    driver = commands.add_parser("drive", help="(internal) train some models, print ids, cancel")
    driver.add_argument("base_url")
    driver.add_argument("--first", type=int, required=True)
    driver.add_argument("--count", type=int, required=True)
    driver.add_argument("--cancel-rate", type=float, required=True)
    driver.add_argument("--training-seconds", type=float, required=True)
    driver.add_argument("--seed", required=True)
    add = parser.add_argument
    add("--modes", type=names(list(MODES)), default=list(MODES), help="comma-separated")
    add("--scenarios", type=names(list(SCENARIOS)), default=list(SCENARIOS), help="comma-separated")
    add("--seed", type=int, default=1, help="seed of every random choice")
    options = fields(Scenario)[1:]
    for scenario in SCENARIOS.values():
        for option in options:
            default: float = getattr(scenario, option.name)
            add(
                f"--{scenario.name}-{option.name.replace('_', '-')}",
                type=type(default),
                default=default,
                help=f"{scenario.name} scenario: {option.name.replace('_', ' ')}",
            )
    args = parser.parse_args()
    if args.command == "drive":
        asyncio.run(drive(args))
        return
    try:
        scenarios = [
            Scenario(name, **{f.name: getattr(args, f"{name}_{f.name}") for f in options})
            for name in args.scenarios
        ]
    except ValueError as error:
        parser.error(str(error))
    run(scenarios, args)


if __name__ == "__main__":
    main()
