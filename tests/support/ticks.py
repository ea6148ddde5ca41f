"""A watch machine's tick answered all at once, as the tests of the machine drive it."""

from __future__ import annotations

from collections.abc import Iterable

from scenario_async.watch_core import ChunkAnswer, WatchCore


def receive(machine: WatchCore, answers: Iterable[ChunkAnswer]) -> None:
    """What the tick in flight's requests gave (those that answered, in any order), then the
    tick is over: what the watch's loop does, an answer at a time, as they come."""
    for answer in answers:
        machine.take(answer)
    machine.tick_over()
