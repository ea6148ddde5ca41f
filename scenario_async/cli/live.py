"""The live progress table on a terminal, drawn with rich (the optional `cli` extra).

Redraws at most every `REFRESH_EVERY` seconds while events stream in (a tick of a large watch
brings many at once), and always when a model finishes and on exit, so the last frame left on
the screen is exact. What a burst of events left undrawn is drawn by the next `refresh`, which
the caller makes every `REFRESH_EVERY`: a watch whose models then stay put (queued, or held by a
test) still shows their last state, not the first event of the burst.
"""

from __future__ import annotations

import time
from typing import Final, Self, TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from ..training import TERMINAL_EVENTS
from ..watch_core import WatchEvent
from .board import REFRESH_EVERY, ProgressBoard
from .render import printable, row_cells

__all__ = ["LiveTable"]

# STAGE, QUEUE, percent and LEFT columns, and one space on each side of six columns' edges.
_FIXED: Final = 16 + 7 + 4 + 6 + 2 * 5 + 1
_STYLES: Final = {
    "trained": "green",
    "failed": "bold red",
    "canceled": "yellow",
    "gone": "magenta",
}


class LiveTable:
    def __init__(self, board: ProgressBoard, stream: TextIO) -> None:
        self._board = board
        self._console = Console(file=stream)
        self._live = Live(console=self._console, auto_refresh=False)
        self._drawn_at = -REFRESH_EVERY
        self._stale = False

    def __enter__(self) -> Self:
        self._live.start()
        self._draw()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._draw()
        self._live.stop()

    def show(self, event: WatchEvent) -> None:
        if isinstance(event, TERMINAL_EVENTS) or time.monotonic() - self._drawn_at >= REFRESH_EVERY:
            self._draw()
        else:
            self._stale = True

    def refresh(self) -> None:
        if self._stale:
            self._draw()

    def _draw(self) -> None:
        self._stale = False
        self._drawn_at = time.monotonic()
        self._live.update(self._render(), refresh=True)

    def _render(self) -> Group:
        board = self._board
        # Fixed widths for the short columns; the model label takes what the terminal has left.
        bar = 20 if self._console.width >= 90 else 12
        label = min(max(self._console.width - bar - _FIXED, 12), 48)
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("MODEL", no_wrap=True, overflow="ellipsis", width=label)
        table.add_column("STAGE", no_wrap=True, width=16)
        table.add_column("QUEUE", no_wrap=True, width=7)
        table.add_column("PROGRESS", no_wrap=True, width=bar)
        table.add_column("", justify="right", no_wrap=True, width=4)
        table.add_column("LEFT", justify="right", no_wrap=True, width=6)
        for row in board.rows.values():
            cells = row_cells(row)
            style = _STYLES.get(row.outcome or "", "")
            # Text, never a str: rich reads a str's `[link=...]` or `[bold]` as markup, and a
            # model's name is the server's to choose.
            table.add_row(
                Text(cells.label),
                Text(cells.stage, style=style),
                Text(cells.queue),
                ProgressBar(total=1.0, completed=cells.fraction, width=bar),
                Text(cells.percent),
                Text(cells.time_left),
            )
        training = board.count(None)
        summary = Text(
            f"{len(board.rows)} model(s): {board.count('trained')} trained, "
            f"{board.count('failed')} failed, {board.count('canceled')} canceled, "
            f"{training} training"
        )
        parts: list[Table | Text] = [summary, table]
        if board.last_error:
            parts.append(Text(f"last poll failed: {printable(board.last_error)}", style="red"))
        return Group(*parts)
