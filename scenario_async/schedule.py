"""When a watch polls each model next: the rules of its schedule, with no I/O.

After each answered poll of a model that goes on, its next poll gets a window: the model is
polled by the moment the window is due, and not before it opens (`min_interval / 2` after
this poll, but for an end poll). A tick comes when the first window is due. It polls every
model whose window is open and due within `min_interval / 2`, so that models due at about
the same time share requests; and when its last request has room left, it fills it with
other models whose window is open, the soonest due first, among those due within `max_gap`:
a request that goes out anyway carries them for nothing, and their later polls move to this
tick's rhythm instead of costing ticks of their own. The window, by the first rule that
applies (`PollSchedule.window`):

1. Running, its end predicted within `max_gap` (`remainingTimeMs` R, 0 < R <= `max_gap`): the
   end poll. Its window opens at the predicted end (or `min_interval / 2` from now, when that
   is later), never before it: no tick polls the model while the server still expects it to
   be running. It is due `min_interval / 2` after that (1 s by default), or `max_gap` from
   now when that is sooner. Jitter does not move it.
2. Running, overdue (R = 0): due `min_interval` from now; it should end any moment.
3. Queued at position p (0 included): due when the queue, draining at the rate the watch
   observes (`QueueDrain`), should have brought it half-way to its start: p / rate / 2,
   within [`max_gap`, `max_interval`] (half-way, because a queue moves in steps, as batches
   of trainings end, and a start seen late may be an end seen late). While no drain was seen
   yet, `min_interval` per position, within [`max_gap`, `4 * max_gap`] (11 s by default).
   When the observed rate grows by a quarter or more, every queued model's next poll is
   brought forward to what the new rate says (`QueueDrain.expected_waits`).
4. Anything else (pending, starting, running with its end further than `max_gap` or not
   predicted, no progress reported, a stage from a newer server): due `max_gap` from now, so
   that a training failing part-way is seen at most `max_gap` late.

Every delay but the end poll's is jittered shorter, never longer: multiplied by a factor drawn
from [1 - jitter, 1] (one draw per tick), then kept at `min_interval` or more. So
`max_gap` bounds how late an ending is seen at any stage but in a queue, error backoff aside,
plus the time the tick itself takes; and no model is polled twice within `min_interval / 2`
but when nudged or added.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Final, TypeAlias

from .training import Observed

__all__ = ["DEFAULT_MAX_GAP", "PollSchedule", "QueueDrain", "Window"]

Window: TypeAlias = tuple[float, float]
"""When a model's next poll may come, and when it must: (opens, due), on the watch's clock."""

DEFAULT_MAX_GAP: Final = 2.75
"""Seconds between two polls of a model in training, at most, unless told otherwise: a
training that fails part-way is seen within them. Shorter costs requests, longer latency."""

_GROWTH: Final = 1.25
"""How much the observed drain rate must grow before queued models are polled sooner."""
_UNPACED_GAPS: Final = 4
"""How many `max_gap` a queued model waits at most while no drain was seen."""


class PollSchedule:
    """The delay before a model's next poll is due, per the rules in the module docstring."""

    __slots__ = ("_gap", "_half", "_high", "_jitter", "_low", "_unpaced")

    def __init__(
        self, *, min_interval: float, max_gap: float, max_interval: float, jitter: float
    ) -> None:
        self._low = min_interval
        self._half = min_interval / 2
        self._gap = max_gap
        self._high = max_interval
        self._jitter = jitter
        self._unpaced = min(_UNPACED_GAPS * max_gap, max_interval)

    def window(self, model: Observed, now: float, drain_rate: float, draw: float) -> Window:
        """When `model`, polled at `now` and going on, may and must be polled next.

        `drain_rate`: the queue's observed positions per second (0: none seen yet); `draw`:
        uniform in [0, 1), for the jitter.
        """
        progress = model.training_progress
        delay = self._gap
        if progress is not None:
            position, remaining_ms = progress.position, progress.remaining_time_ms
            # Comparisons with nan are false: `0 <= x < inf` also leaves nan out.
            if position is not None and 0 <= position < math.inf:
                delay = self.queue_wait(position, drain_rate)
            elif progress.stage == "running-train" and remaining_ms is not None:
                if remaining_ms == 0:
                    delay = self._low
                elif 0 < remaining_ms <= 1000 * self._gap:
                    half = self._half
                    remaining = remaining_ms / 1000
                    opens = now + (remaining if remaining > half else half)
                    due = opens + half
                    latest = now + self._gap
                    return opens, (due if due < latest else latest if latest > opens else opens)
        delay *= 1 - self._jitter * draw
        # Run for every model of every tick: a comparison, not a max() call.
        return now + self._half, now + (self._low if delay < self._low else delay)

    def queue_wait(self, position: float, drain_rate: float) -> float:
        """Seconds until the queue, at `drain_rate`, has brought `position` half-way to its
        start, within the intervals (rule 3)."""
        if drain_rate > 0:
            wait, high = position / drain_rate / 2, self._high
        else:
            wait, high = self._low * position, self._unpaced
        return self._gap if wait < self._gap else high if wait > high else wait


class QueueDrain:
    """How fast the training queue moves, in positions per second, as a watch observes it.

    Each model still queued is measured from its first queued observation: the positions it
    moved over the time since. A tick's estimate pools its models' moves over their times;
    ticks in which nothing moved keep the previous rate. A model that left the queue says
    nothing more: when it left, between two polls, is unknown. One rate for the watch: every
    model it watches is taken to wait in the same queue.
    """

    __slots__ = ("_moved", "_queued", "_rescheduled_at", "_span", "rate")

    def __init__(self) -> None:
        self.rate: float = 0.0
        """Positions per second; 0 until the queue was seen to move."""
        # Each queued model's first and last queued observations: (when, position) twice.
        self._queued: dict[str, tuple[float, float, float, float]] = {}
        self._moved = 0.0
        self._span = 0.0
        self._rescheduled_at = 0.0

    def observe(self, model_id: str, now: float, position: float | None) -> None:
        """A poll saw `model_id` at `position` in the queue (None: not queued)."""
        if position is None or not 0 <= position < math.inf:
            self.forget(model_id)
            return
        seen = self._queued.get(model_id)
        if seen is None:
            self._queued[model_id] = (now, position, now, position)
        else:
            first_seen, first_position = seen[0], seen[1]
            self._moved += first_position - position
            self._span += now - first_seen
            self._queued[model_id] = (first_seen, first_position, now, position)

    def forget(self, model_id: str) -> None:
        """`model_id` is no longer queued and polled: it ended, went, or was removed."""
        self._queued.pop(model_id, None)

    def settle(self) -> bool:
        """Fold a tick's observations into the rate. True when the rate grew by a quarter or
        more since queued models were last brought forward (or was first seen): bring them
        forward to `expected_waits`."""
        moved, span = self._moved, self._span
        self._moved = self._span = 0.0
        if moved > 0 and span > 0:
            self.rate = moved / span
            if self.rate >= _GROWTH * self._rescheduled_at:
                self._rescheduled_at = self.rate
                return True
        return False

    def expected_waits(self, schedule: PollSchedule) -> Iterator[tuple[str, float, float]]:
        """Each queued model with when it was last polled and when its next poll is due at
        the current rate (rule 3)."""
        rate = self.rate
        for model_id, (_, _, seen, position) in self._queued.items():
            yield model_id, seen, seen + schedule.queue_wait(position, rate)
