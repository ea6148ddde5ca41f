"""Running a command line: its errors turned into one line on stderr and an exit code."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import cast

from .exits import ExitCode, classify
from .render import printable

__all__ = ["reported"]

# The userinfo of a URL (`//user:secret@`), which a message quoting a URL could carry.
_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")


def _first_leaf(error: BaseException) -> BaseException:
    """The first error of a task group's ExceptionGroup (the error itself otherwise)."""
    while isinstance(error, BaseExceptionGroup):
        group = cast("BaseExceptionGroup[BaseException]", error)
        error = group.exceptions[0]
    return error


def _stdout_gone() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush on the way out does not
    fail on the closed pipe again (and print its own traceback)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError):  # not a file (a test's capture): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def reported(run: Callable[[], int]) -> int:
    """`run()`'s exit code; an expected error is one line on stderr and its code instead.

    Anything `classify` does not know is a bug and keeps its traceback.
    """
    try:
        return run()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as error:
        leaf = _first_leaf(error)
        if isinstance(leaf, BrokenPipeError):
            # The reader of our output left (`| head`): it has what it wanted, so no message.
            _stdout_gone()
            return ExitCode.API_ERROR
        classified = classify(leaf) if isinstance(leaf, Exception) else None
        if classified is None:
            raise
        code, message = classified
        # The message may quote the server (its error body) or a URL: shown, never acted on.
        print(f"error: {printable(_USERINFO.sub('***@', message))}", file=sys.stderr)
        return code
