"""The command line: `scenario-async` (or `python -m scenario_async`).

    scenario-async --version               its version, and those of aiohttp, msgspec, Python
    scenario-async demo                    create, train and watch models on the emulator
    scenario-async emulator                run a local Scenario models API
    scenario-async models list|get|bulk|watch|train|cancel ...
    scenario-async models restore|presets|prompt-guide|scores ...

Layout: exits.py (exit codes, error -> code), board.py and render.py (pure: events and models
to rows and lines), display.py and live.py (output: JSON lines, plain lines, the rich live
table), runner.py (errors to a line and a code), models.py and demo.py (the commands).
"""

from __future__ import annotations

import argparse
import io
import platform
import sys
from collections.abc import Sequence

import aiohttp
import msgspec

from .._version import __version__
from ..emulator import cli as emulator_cli
from . import demo, models
from .exits import EXIT_CODES_HELP, ExitCode
from .runner import reported

__all__ = ["ExitCode", "build_parser", "main"]


def _version_line() -> str:
    """`scenario-async <version>`, with the versions a bug report needs beside it: the HTTP
    and JSON libraries the client runs on, and Python's."""
    return (
        f"scenario-async {__version__} (aiohttp {aiohttp.__version__}, "
        f"msgspec {msgspec.__version__}, Python {platform.python_version()})"
    )


def _never_fail_to_encode() -> None:
    """A character the terminal's encoding lacks (a model named in Japanese, under
    `PYTHONIOENCODING=ascii` or a C locale) is shown as its escape, `\\u65e5`, rather than
    ending the command with `UnicodeEncodeError`."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenario-async",
        description="Scenario's models API from the command line, and a local emulator of it.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version_line())
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo.add_parser(subcommands)
    emulator_cli.add_parser(subcommands)
    models.add_parser(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns its exit code (`ExitCode`, or 0 for `--help`, `--version`)."""
    parser = build_parser()
    _never_fail_to_encode()

    def parse_and_run() -> int:
        # Parsing is inside too: an argument type may read stdin (`--set-file -`), where
        # Ctrl-C lands.
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit:
            return int(exit.code or 0)
        code: int = args.run(args)
        return code

    return reported(parse_and_run)
