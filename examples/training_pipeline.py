"""A training pipeline: create a model, upload its training images, train it, wait for the end.

    python examples/training_pipeline.py --name "Watercolor" images/*.png

Each step is one awaited call; the request events (sent, retried, failed) are logged to stderr
by a subscriber. The wait polls with a deadline and ends in exactly one of: the trained model,
`TrainingFailedError`, `TrainingCanceledError`, `ModelGoneError` or `WatchTimeoutError`, each
carrying the last snapshot of the model. With no image files given, it uploads a generated
one-pixel PNG, which is enough for the emulator.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import mimetypes
import sys
from pathlib import Path

import msgspec

from scenario_async import (
    AsyncScenario,
    RequestEvent,
    RetryScheduled,
    TrainingError,
    WatchTimeoutError,
)

ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def data_url(name: str, content: bytes) -> str:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def log_request(event: msgspec.Struct) -> None:
    if isinstance(event, RetryScheduled):
        print(f"  retrying {event.path} in {event.delay:.1f}s ({event.reason})", file=sys.stderr)
    elif isinstance(event, RequestEvent):
        print(f"  {type(event).__name__}: {event.method} {event.path}", file=sys.stderr)


async def pipeline(name: str, images: list[Path], wait_for: float, poll: float) -> int:
    files = [(path.name, path.read_bytes()) for path in images] or [("pixel.png", ONE_PIXEL_PNG)]
    async with AsyncScenario() as client:
        client.subscribe(log_request)
        model = (await client.models.create(name=name, type="flux.1-lora")).model
        print(f"created {model.id}")
        for filename, content in files:
            await client.models.training_images.add(
                model.id, name=filename, data=data_url(filename, content)
            )
        print(f"uploaded {len(files)} training image(s)")
        try:
            trained = await client.models.train_and_wait(
                model.id,
                parameters={"learning_rate": 1e-4, "nb_epochs": 2},
                timeout=wait_for,
                min_interval=poll,
            )
        except TrainingError as error:
            print(f"training did not succeed: {error}", file=sys.stderr)
            return 1
        except WatchTimeoutError as error:
            print(f"still training after {wait_for:g}s: {error}", file=sys.stderr)
            return 2
        stats = trained.training_stats
        took = f" in {stats.train_duration:g}s" if stats and stats.train_duration else ""
        print(f"trained {trained.id}{took}")
        return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("images", nargs="*", type=Path, help="training images (png, jpg)")
    parser.add_argument("--name", default="Pipeline model")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds to wait at most")
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between polls, at least")
    args = parser.parse_args()
    sys.exit(asyncio.run(pipeline(args.name, args.images, args.timeout, args.poll)))
