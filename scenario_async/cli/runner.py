"""Running one command: its event loop, and its errors turned into a message and an exit code."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from .exits import ExitCode, classify

__all__ = ["run_command"]


def _first_leaf(error: BaseException) -> BaseException:
    """The first error of a task group's ExceptionGroup (the error itself otherwise)."""
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error


def run_command(command: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run `command` in a new event loop; an expected error is one line on stderr and its code.

    Anything `classify` does not know is a bug and keeps its traceback.
    """
    try:
        return asyncio.run(command())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as error:
        leaf = _first_leaf(error)
        classified = classify(leaf) if isinstance(leaf, Exception) else None
        if classified is None:
            raise
        code, message = classified
        print(f"error: {message}", file=sys.stderr)
        return code
