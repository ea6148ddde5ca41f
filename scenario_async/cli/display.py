"""Where watch events go: JSON lines, plain lines, or the live table on a terminal.

Every display is a context manager with `show(event)`; the caller folds each event into the
`ProgressBoard` before showing it, and calls `refresh()` every `REFRESH_EVERY` (board.py) seconds.
The live table needs the optional `rich` dependency
(`pip install 'scenario-async[cli]'`); without it a terminal gets plain lines and a note.
"""

from __future__ import annotations

from typing import Protocol, Self, TextIO

import msgspec

from ..watch_core import WatchEvent
from .board import ProgressBoard
from .render import event_line

__all__ = [
    "RICH_MISSING",
    "Display",
    "JsonLines",
    "PlainLines",
    "choose_display",
]

RICH_MISSING = (
    "note: live progress needs the 'rich' package: pip install 'scenario-async[cli]'; "
    "showing plain lines"
)


class Display(Protocol):
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def show(self, event: WatchEvent) -> None: ...
    def refresh(self) -> None:
        """Draw what `show` left undrawn, if anything."""


class _Lines:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stream.flush()

    def refresh(self) -> None:
        """Every line was written when shown."""


class JsonLines(_Lines):
    """One JSON object per event, as msgspec encodes the event Struct (tag in `event`)."""

    def show(self, event: WatchEvent) -> None:
        self._stream.write(msgspec.json.encode(event).decode() + "\n")
        self._stream.flush()


class PlainLines(_Lines):
    """One human-readable line per event, for logs and pipes."""

    def show(self, event: WatchEvent) -> None:
        self._stream.write(event_line(event) + "\n")
        self._stream.flush()


def choose_display(
    board: ProgressBoard, *, json: bool, plain: bool, stream: TextIO, errors: TextIO
) -> Display:
    """JSON lines if asked; the live table on a terminal; plain lines otherwise."""
    if json:
        return JsonLines(stream)
    if plain or not stream.isatty():
        return PlainLines(stream)
    try:
        from .live import LiveTable
    except ImportError:
        print(RICH_MISSING, file=errors)
        return PlainLines(stream)
    return LiveTable(board, stream)
