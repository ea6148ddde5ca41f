"""A watcher service: finds the models that are training and reports each change as a JSON line.

Every `--scan` seconds it lists the models with status `training` and adds the new ones to one
running watch, which polls them all with one get-bulk per tick. Each training event becomes one
compact JSON line on stdout (for a log pipeline); each model ends with exactly one terminal line.

    python examples/watcher_service.py              # runs until interrupted
    python examples/watcher_service.py --once       # watch what is training now, then exit

Credentials: SCENARIO_SDK_API_KEY and SCENARIO_SDK_API_SECRET (or SCENARIO_SDK_JWT);
SCENARIO_BASE_URL for another server, such as `python -m scenario_async emulator`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import anyio
import msgspec

from scenario_async import (
    AsyncScenario,
    PollFailed,
    SnapshotUnreadable,
    TrainingWatch,
    WatchEvent,
)


class LogLine(msgspec.Struct, omit_defaults=True):
    event: str
    model_id: str | None = None
    status: str | None = None
    stage: str | None = None
    progress: float | None = None
    error: str | None = None


def log_line(event: WatchEvent) -> LogLine:
    """The few fields a log needs, rather than the whole model each event carries."""
    kind = type(event).__name__
    if isinstance(event, PollFailed):
        return LogLine(event=kind, error=f"{event.error}: {event.message}")
    if isinstance(event, SnapshotUnreadable):
        return LogLine(event=kind, model_id=event.model_id, error=event.error)
    model = event.model
    progress = model.training_progress if model else None
    return LogLine(
        event=kind,
        model_id=event.model_id,
        status=model.status if model else None,
        stage=progress.stage if progress else None,
        progress=progress.progress if progress else None,
    )


async def training_ids(client: AsyncScenario) -> list[str]:
    return [model.id async for model in client.models.list(status="training")]


async def keep_scanning(client: AsyncScenario, watch: TrainingWatch, every: float) -> None:
    while True:
        await anyio.sleep(every)
        watch.add(await training_ids(client))


async def main(once: bool, scan_every: float, poll_every: float) -> None:
    async with AsyncScenario() as client:
        first = await training_ids(client)
        print(f"watching {len(first)} model(s) in training", file=sys.stderr)
        watch = client.models.watch(
            first,
            min_interval=poll_every,
            max_interval=max(poll_every, 10.0),
            timeout=None,
            stop_when_done=once,
        )
        async with watch, anyio.create_task_group() as group:
            if not once:
                group.start_soon(keep_scanning, client, watch, scan_every)
            async for event in watch:
                sys.stdout.write(msgspec.json.encode(log_line(event)).decode() + "\n")
                sys.stdout.flush()
            group.cancel_scope.cancel()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", action="store_true", help="exit when these trainings end")
    parser.add_argument("--scan", type=float, default=30.0, help="seconds between scans")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between polls, at least")
    args = parser.parse_args()
    asyncio.run(main(args.once, args.scan, args.poll))
