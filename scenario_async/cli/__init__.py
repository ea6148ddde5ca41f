"""The command line: `scenario-async` (or `python -m scenario_async`).

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
from collections.abc import Sequence

from ..emulator import cli as emulator_cli
from . import demo, models
from .exits import EXIT_CODES_HELP, ExitCode
from .runner import reported

__all__ = ["ExitCode", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenario-async",
        description="Scenario's models API from the command line, and a local emulator of it.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo.add_parser(subcommands)
    emulator_cli.add_parser(subcommands)
    models.add_parser(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns its exit code (`ExitCode`, or 0 for `--help`)."""
    parser = build_parser()

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
