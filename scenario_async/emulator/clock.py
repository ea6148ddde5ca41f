"""The emulator's clock: wall time that a test can hold still and move forward.

Every time the emulator reports or reasons with (timestamps, training stages, queue
positions, progress) comes from one `EmulatorClock`, so a test that holds it sees the same
state on every read, however slow the machine, and moves it only when it says so. Time
never goes back: `release` resumes from the held instant rather than jumping to the wall
clock, and `advance` refuses a negative step. Nor does it go past `LATEST`, the last second
the API's dates can be written for: a step beyond is refused, and a clock running into it
stops there.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["LATEST", "EmulatorClock"]

# Every date the emulator writes is an instant the clock has reached (`iso(now)`, a training's
# start and end), and a `datetime` ends with year 9999: past this, every write would fail.
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()


class EmulatorClock:
    """`source` (wall time by default) shifted by every advance, or held still.

    Calling the clock gives the emulator's time in seconds.
    """

    def __init__(self, source: Callable[[], float] = time.time, *, held: bool = False) -> None:
        self._source = source
        self._offset = 0.0
        # The instant time last left at a jump (a release, a move): shifting the wall clock
        # by a float offset may land a rounding error short of it, and time never goes back.
        self._floor = -math.inf
        self._held_at: float | None = source() if held else None

    def __call__(self) -> float:
        if self._held_at is not None:
            return self._held_at
        return min(max(self._source() + self._offset, self._floor), LATEST)

    @property
    def held(self) -> bool:
        return self._held_at is not None

    def hold(self) -> None:
        """Stop time where it is; nothing trains on until `advance` or `release`."""
        if self._held_at is None:
            self._held_at = self()

    def release(self) -> None:
        """Let time flow again from the instant it was held at."""
        if self._held_at is not None:
            self._floor = self._held_at
            self._offset = self._held_at - self._source()
            self._held_at = None

    def advance(self, seconds: float) -> None:
        """Move time forward by `seconds`, held or not."""
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise TypeError(f"seconds must be a number, not {type(seconds).__name__}")
        try:
            step = float(seconds)
        except OverflowError:  # an int past what a float holds
            step = math.inf
        if not math.isfinite(step) or step < 0:
            raise ValueError(f"seconds must be a finite number >= 0, not {step!r}")
        self.move_to(self() + step)

    def move_to(self, instant: float) -> None:
        """Move time forward to `instant` exactly (a held clock then reads `instant`)."""
        now = self()
        if instant < now:
            raise ValueError(f"the clock does not go back ({now - instant:.3f} s)")
        if instant > LATEST:
            raise ValueError(
                "the clock does not go past 9999-12-31T23:59:59Z, the last date the API can"
                f" write; it can move at most {LATEST - now:.3f} s further"
            )
        if self._held_at is not None:
            self._held_at = instant
        else:
            self._floor = instant
            self._offset += instant - now
