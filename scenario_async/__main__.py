"""`python -m scenario_async <command>`: one subcommand per tool (`emulator`, ...)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .emulator import cli as emulator_cli


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scenario_async")
    subcommands = parser.add_subparsers(dest="command", required=True)
    emulator_cli.add_parser(subcommands)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
