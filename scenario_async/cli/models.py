"""`scenario-async models list | get | bulk | watch | train | cancel | restore | presets |
prompt-guide | scores`.

Each operation is an async function `(client, args) -> ExitCode`; the pure parts (arguments to
keyword arguments, models and events to text) live in render.py and `list_options`. Credentials
and the base URL come from the environment as for the library (`--base-url` overrides).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TextIO, cast

import anyio
import msgspec
from msgspec import UNSET

from ..client import AsyncScenario
from ..errors import BulkFetchError, ChunkFailure, ValidationError
from ..types import ScoreRetrievePromptResponse, ScoreRetrieveTrainingDatasetResponse
from ..watch_core import DEFAULT_TIMEOUT
from .board import REFRESH_EVERY, ProgressBoard
from .display import Display, choose_display
from .exits import ConfigurationError, ExitCode, classify_api_error
from .render import (
    MODEL_HEADERS,
    PRESET_HEADERS,
    dataset_score_details,
    format_table,
    model_details,
    model_row,
    preset_row,
    printable,
    printable_lines,
    prompt_score_details,
)

__all__ = [
    "add_parser",
    "configured_client",
    "follow",
    "list_options",
    "model_ids",
    "positive_float",
    "positive_int",
]

Operation = Callable[[AsyncScenario, argparse.Namespace], Awaitable[ExitCode]]

_IDS_HELP = "a model id; - reads ids from stdin, one per line"
_LIST_FILTERS = ("type", "status", "privacy", "tags", "sort_by", "sort_direction", "page_size")


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError as error:
        raise argparse.ArgumentTypeError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise argparse.ArgumentTypeError("JSON nested too deeply") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError("must be a JSON object")
    # A JSON object's keys are strings.
    return cast("dict[str, Any]", value)


def model_ids(arguments: Sequence[str], stdin: Iterable[str]) -> list[str]:
    """The ids given, in order and once each; `-` stands for the ids on stdin, one per line.

    Raises `ValidationError` when that leaves no id at all."""
    ids: list[str] = []
    for argument in arguments:
        if argument == "-":
            ids.extend(line.strip() for line in stdin if line.strip())
        else:
            ids.append(argument)
    if not ids:
        raise ValidationError("model_id", "no ids on stdin")
    return list(dict.fromkeys(ids))


def list_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of `client.models.list` that the command line set."""
    return {name: getattr(args, name) for name in _LIST_FILTERS if getattr(args, name) is not None}


def _file_text(path: str) -> str:
    """The text of the file at `path`; `-` reads stdin."""
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        raise argparse.ArgumentTypeError(f"cannot read {path!r}: {error}") from None


def _write_json(value: msgspec.Struct | dict[str, Any]) -> None:
    sys.stdout.write(msgspec.json.encode(value).decode() + "\n")


def _print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    print("\n".join(format_table(headers, rows)))


def _say(line: str, file: TextIO | None = None) -> None:
    """Print a line of ours that quotes ids, statuses or messages: made `printable` first."""
    print(printable(line), file=file)


def _report(args: argparse.Namespace, value: msgspec.Struct | dict[str, Any], line: str) -> None:
    """What a command changed: the API's answer `value` with `--json`, else `line`."""
    if args.json:
        _write_json(value)
    else:
        _say(line)


async def follow(
    client: AsyncScenario,
    ids: Sequence[str],
    board: ProgressBoard,
    display: Display,
    *,
    min_interval: float,
    max_interval: float,
    timeout: float | None,  # noqa: ASYNC109 (the watch's own, carried in its error)
) -> None:
    """Watch `ids` to the end, folding each event into `board` and showing it."""

    async def refresh() -> None:
        while True:
            await anyio.sleep(REFRESH_EVERY)
            display.refresh()

    with display:
        async with (
            client.models.watch(
                ids, min_interval=min_interval, max_interval=max_interval, timeout=timeout
            ) as events,
            anyio.create_task_group() as group,
        ):
            group.start_soon(refresh)
            async for event in events:
                board.apply(event)
                display.show(event)
            group.cancel_scope.cancel()


async def _list(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    models = client.models.list(**list_options(args))
    rows: list[tuple[str, ...]] = []
    count = 0
    async for model in models:
        if args.json:
            _write_json(model)
        else:
            rows.append(model_row(model))
        count += 1
        if count == args.limit:
            break
    if args.json:
        return ExitCode.OK
    if rows:
        _print_table(MODEL_HEADERS, rows)
    else:
        print("no models")
    return ExitCode.OK


async def _get(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    model = (await client.models.retrieve(args.model_id)).model
    if args.json:
        _write_json(model)
    else:
        print("\n".join(model_details(model)))
    return ExitCode.OK


async def _bulk(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    ids = model_ids(args.model_ids, sys.stdin)
    try:
        result = await client.models.get_bulk(model_ids=ids)
        failures: list[ChunkFailure] = []
    except BulkFetchError as error:
        # Show what the other requests returned before saying what could not be fetched.
        result, failures = error.result, error.failures
    if args.json:
        for model in result.models:
            _write_json(model)
    elif result.models:
        _print_table(MODEL_HEADERS, map(model_row, result.models))
    codes = [ExitCode.OK]
    for invalid in result.invalid:
        _say(f"error: unreadable model {invalid.model_id or '?'}: {invalid.error}", sys.stderr)
        codes.append(ExitCode.API_ERROR)
    for failure in failures:
        code, message = classify_api_error(failure.error)
        _say(f"error: {message} ({len(failure.model_ids)} ids not fetched)", sys.stderr)
        codes.append(code)
    if result.missing_ids:
        _say(f"error: not found: {', '.join(result.missing_ids)}", sys.stderr)
        codes.append(ExitCode.NOT_FOUND)
    return max(codes)


async def _watch_to_end(
    client: AsyncScenario, args: argparse.Namespace, ids: Sequence[str]
) -> ExitCode:
    board = ProgressBoard(ids)
    display = choose_display(
        board, json=args.json, plain=args.plain, stream=sys.stdout, errors=sys.stderr
    )
    await follow(
        client,
        ids,
        board,
        display,
        min_interval=args.interval,
        max_interval=max(args.interval, args.max_interval),
        timeout=args.timeout or None,
    )
    return board.exit_code()


async def _watch(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    return await _watch_to_end(client, args, model_ids(args.model_ids, sys.stdin))


async def _train(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    parameters = UNSET if args.parameters is None else args.parameters
    response = await client.models.train.trigger(args.model_id, parameters=parameters)
    _report(args, response, f"training started: {response.model.id} (job {response.job.job_id})")
    if not args.wait:
        return ExitCode.OK
    return await _watch_to_end(client, args, [response.model.id])


async def _cancel(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    model = (await client.models.train.action(args.model_id, action="cancel")).model
    _report(args, model, f"training canceled: {model.id} (status {model.status})")
    return ExitCode.OK


async def _restore(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    model = (await client.models.restore(args.model_id)).model
    _report(args, model, f"restored: {model.id} (status {model.status})")
    return ExitCode.OK


async def _presets(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    """List the presets, or change one: create, make (not) the default, delete."""
    presets = client.models.presets
    if args.default and args.create is None:
        raise ValidationError("--default", "goes with --create only")
    if args.delete is not None:
        deleted = await presets.delete(args.delete, model_id=args.model_id)
        _report(args, deleted, f"preset deleted: {args.delete}")
        return ExitCode.OK
    if args.create is not None:
        is_default = True if args.default else UNSET
        preset = (
            await presets.create(args.model_id, inference_id=args.create, is_default=is_default)
        ).preset
        done = "created"
    elif args.set_default is not None or args.unset_default is not None:
        preset_id = args.set_default or args.unset_default
        wanted = args.set_default is not None
        preset = (await presets.update(preset_id, model_id=args.model_id, is_default=wanted)).preset
        done = "made the default" if wanted else "no longer the default"
    else:
        listed = (await presets.list(args.model_id)).presets
        if args.json:
            for preset in listed:
                _write_json(preset)
        elif listed:
            _print_table(PRESET_HEADERS, map(preset_row, listed))
        else:
            print("no presets")
        return ExitCode.OK
    default = " (default)" if preset.is_default else ""
    _report(args, preset, f"preset {done}: {preset.id}{default}")
    return ExitCode.OK


async def _prompt_guide(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    """Show the prompt guide (its markdown as it is), or set or clear it."""
    guide = client.models.prompt_guide
    text = args.set if args.set is not None else args.set_file
    if text is not None or args.clear:
        value = (await guide.update(args.model_id, prompt_guide=text)).prompt_guide
        line = f"prompt guide cleared: {args.model_id}"
        if text is not None:
            line = f"prompt guide set: {args.model_id} ({len(value.value)} characters)"
        _report(args, value, line)
        return ExitCode.OK
    value = (await guide.retrieve(args.model_id)).prompt_guide
    if args.json:
        _write_json(value)
    elif value.value:
        # Markdown of many lines: its line breaks kept, any other control character shown.
        print("\n".join(printable_lines(value.value.rstrip("\n"))))
    else:  # the API's way to say there is none
        print("no prompt guide")
    return ExitCode.OK


async def _scores(client: AsyncScenario, args: argparse.Namespace) -> ExitCode:
    scores = client.models.scores
    response: ScoreRetrievePromptResponse | ScoreRetrieveTrainingDatasetResponse
    if args.training_dataset:
        response = await scores.retrieve_training_dataset(args.model_id)
        lines = dataset_score_details(response)
    else:
        response = await scores.retrieve_prompt(args.model_id, prompt=args.prompt)
        lines = prompt_score_details(response)
    if args.json:
        _write_json(response)
    else:
        print("\n".join(lines))
    return ExitCode.OK


def configured_client(base_url: str | None) -> AsyncScenario:
    """A client configured by the environment, and `base_url` if given (`--base-url`).

    Raises `ConfigurationError` for a setting the client refuses (a base URL with a password
    in it, or one that is no URL), which is the user's to fix, not a bug to trace back.
    """
    try:
        return AsyncScenario(base_url=base_url)
    except (ValueError, TypeError) as error:
        raise ConfigurationError(str(error)) from None


def _runner(operation: Operation) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        async def command() -> int:
            async with configured_client(args.base_url) as client:
                return await operation(client, args)

        return asyncio.run(command())

    return run


def _watch_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--plain", action="store_true", help="plain lines even on a terminal")
    add("--interval", type=positive_float, default=1.0, help="seconds between polls, at least")
    add("--max-interval", type=positive_float, default=5.0, help="seconds between polls, at most")
    add(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"give up after this many seconds (default {DEFAULT_TIMEOUT:g}; 0: never)",
    )


# argparse has no public name for what add_subparsers() returns.
def add_parser(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--base-url", help="API base URL (default: $SCENARIO_BASE_URL, else Scenario's API)"
    )
    common.add_argument(
        "--json", action="store_true", help="JSON output: one object per line for lists, streams"
    )
    models = subcommands.add_parser("models", help="everyday operations on models")
    operations = models.add_subparsers(dest="operation", required=True, metavar="OPERATION")

    def operation(name: str, run: Operation, help: str) -> argparse.ArgumentParser:
        parser = operations.add_parser(name, parents=[common], help=help, description=help)
        parser.set_defaults(run=_runner(run))
        return parser

    parser = operation("list", _list, "list models, every page (filters as in the API)")
    parser.add_argument("--type", help="model type, e.g. flux.1-lora")
    parser.add_argument("--status", help="new, training, trained, failed or deleted")
    parser.add_argument("--privacy", help="private or public")
    parser.add_argument("--tags", help="comma-separated tags")
    parser.add_argument("--sort-by", help="createdAt, updatedAt or score")
    parser.add_argument("--sort-direction", help="asc or desc")
    parser.add_argument("--page-size", type=int, help="models per request, 1..500")
    parser.add_argument("--limit", type=positive_int, help="stop after this many models")

    parser = operation("get", _get, "show one model")
    parser.add_argument("model_id")

    parser = operation("bulk", _bulk, "fetch many models at once with get-bulk")
    parser.add_argument("model_ids", nargs="+", metavar="model_id", help=_IDS_HELP)

    parser = operation("watch", _watch, "follow trainings to the end, live on a terminal")
    parser.add_argument("model_ids", nargs="+", metavar="model_id", help=_IDS_HELP)
    _watch_arguments(parser)

    parser = operation("train", _train, "start training a model (its training images)")
    parser.add_argument("model_id")
    parser.add_argument(
        "--parameters",
        type=_json_object,
        help="training parameters as JSON, e.g. '{\"learning_rate\": 0.0001}'",
    )
    parser.add_argument("--wait", action="store_true", help="then watch it to the end")
    _watch_arguments(parser)

    parser = operation("cancel", _cancel, "cancel a model's training")
    parser.add_argument("model_id")

    parser = operation("restore", _restore, "restore a model deleted in the last 30 days")
    parser.add_argument("model_id")

    parser = operation("presets", _presets, "list a model's presets, or create or change one")
    parser.add_argument("model_id")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--create", metavar="INFERENCE_ID", help="save an inference as a preset")
    change.add_argument("--set-default", metavar="PRESET_ID", help="make a preset the default")
    change.add_argument("--unset-default", metavar="PRESET_ID", help="make it not the default")
    change.add_argument("--delete", metavar="PRESET_ID", help="delete a preset")
    parser.add_argument(
        "--default", action="store_true", help="with --create: the new preset is the default"
    )

    parser = operation("prompt-guide", _prompt_guide, "show, set or clear a model's prompt guide")
    parser.add_argument("model_id")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--set", metavar="MARKDOWN", help="the new prompt guide")
    change.add_argument(
        "--set-file",
        metavar="PATH",
        type=_file_text,
        help="the new prompt guide from a file (-: stdin)",
    )
    change.add_argument("--clear", action="store_true", help="delete the prompt guide")

    parser = operation("scores", _scores, "score a prompt, or the training dataset, for a model")
    parser.add_argument("model_id")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--prompt", help="the prompt to score against the model")
    kind.add_argument(
        "--training-dataset", action="store_true", help="score the model's training images"
    )
