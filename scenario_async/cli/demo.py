"""`scenario-async demo`: the whole client in a quarter of a minute.

Starts the embedded emulator (unless `--base-url` is given, with credentials in the
environment), creates a handful of models concurrently, uploads training images, triggers the
trainings, shows them live until each ends, fetches every model back with one get-bulk and
prints a summary.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from typing import Final

import anyio

from ..client import AsyncScenario
from ..emulator import Emulator
from ..transport import AiohttpTransport
from ..types import Model
from .board import ProgressBoard
from .display import choose_display
from .models import configured_client, follow, positive_float, positive_int
from .render import SUMMARY_HEADERS, format_table, summary_row

__all__ = ["add_parser"]

# A 1x1 PNG: the emulator checks that training images are base64 data URLs.
TRAINING_IMAGE: Final = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
    "DwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
MODEL_TYPE: Final = "flux.1-lora"
STYLES: Final = ("Watercolor", "Pixel art", "Blueprint", "Ukiyo-e", "Neon noir", "Claymation")


async def _prepare(client: AsyncScenario, index: int, images: int) -> Model:
    """Create one model, upload its training images, trigger its training."""
    style = STYLES[index % len(STYLES)]
    name = style if index < len(STYLES) else f"{style} {index // len(STYLES) + 1}"
    model = (
        await client.models.create(
            name=name, type=MODEL_TYPE, short_description=f"scenario-async demo: {style}"
        )
    ).model
    for number in range(images):
        await client.models.training_images.add(
            model.id, data=TRAINING_IMAGE, name=f"{style.lower()}-{number + 1}.png"
        )
    await client.models.train.trigger(model.id)
    return model


async def _create_all(client: AsyncScenario, count: int, images: int) -> list[Model]:
    models: list[Model | None] = [None] * count

    async def prepare(index: int) -> None:
        models[index] = await _prepare(client, index, images)

    async with anyio.create_task_group() as group:
        for index in range(count):
            group.start_soon(prepare, index)
    return [model for model in models if model is not None]


async def demo(args: argparse.Namespace) -> int:
    started = time.monotonic()
    async with contextlib.AsyncExitStack() as stack:
        if args.base_url is None:
            emulator = await stack.enter_async_context(
                Emulator(
                    training_seconds=args.training_seconds,
                    training_slots=args.slots,
                    failure_rate=args.failure_rate,
                    seed=args.seed,
                )
            )
            # The emulator runs in this process: a proxy of the environment could only be in
            # the way (HTTP_PROXY without NO_PROXY=127.0.0.1 would send it every request).
            client = AsyncScenario(
                api_key=emulator.api_key,
                api_secret=emulator.api_secret,
                base_url=emulator.base_url,
                transport=AiohttpTransport(trust_env=False),
            )
            print(
                f"Emulator on {emulator.base_url}: trainings take "
                f"{args.training_seconds:g} s, {args.slots} at a time."
            )
        else:
            client = configured_client(args.base_url)
            print(f"Scenario API at {args.base_url}.")
        client = await stack.enter_async_context(client)

        models = await _create_all(client, args.models, args.images)
        model_ids = [model.id for model in models]
        print(
            f"Created {len(models)} models, uploaded {len(models) * args.images} training "
            f"images, triggered {len(models)} trainings ({time.monotonic() - started:.1f} s).\n"
        )

        board = ProgressBoard(model_ids, models)
        display = choose_display(
            board, json=False, plain=args.plain, stream=sys.stdout, errors=sys.stderr
        )
        await follow(
            client,
            model_ids,
            board,
            display,
            min_interval=args.interval,
            max_interval=args.interval * 2,
            timeout=args.timeout,
        )

        fetched = (await client.models.get_bulk(model_ids=model_ids)).models
        print(f"\nFetched the {len(fetched)} models back with one get-bulk:\n")
        print("\n".join(format_table(SUMMARY_HEADERS, map(summary_row, fetched))))
    print(
        f"\nDone in {time.monotonic() - started:.1f} s: {board.count('trained')} trained, "
        f"{board.count('failed')} failed."
    )
    return board.exit_code()


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text!r}")
    return value


def _run(args: argparse.Namespace) -> int:
    return asyncio.run(demo(args))


# argparse has no public name for what add_subparsers() returns.
def add_parser(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    parser = subcommands.add_parser(
        "demo",
        help="create, train and watch a few models on the embedded emulator",
        description=__doc__,
    )
    add = parser.add_argument
    add("--models", type=positive_int, default=5, help="how many models (default 5)")
    add("--images", type=positive_int, default=3, help="training images per model (default 3)")
    add("--plain", action="store_true", help="plain lines even on a terminal")
    add("--interval", type=positive_float, default=0.25, help="seconds between polls")
    add("--timeout", type=positive_float, default=300.0, help="give up after this many seconds")
    add(
        "--base-url",
        help="use this API instead of the emulator (credentials from SCENARIO_SDK_* variables)",
    )
    emulator = parser.add_argument_group("embedded emulator")
    emulator.add_argument(
        "--training-seconds", type=positive_float, default=6.0, help="one training (default 6)"
    )
    emulator.add_argument(
        "--slots", type=positive_int, default=3, help="trainings at once (default 3)"
    )
    emulator.add_argument(
        "--failure-rate", type=_share, default=0.0, help="share of trainings that fail"
    )
    emulator.add_argument("--seed", type=int, default=0)
    parser.set_defaults(run=_run)
