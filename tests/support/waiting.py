"""Waiting on state, never on time: a condition checked until it holds, under one deadline."""

from __future__ import annotations

from collections.abc import Callable

import anyio

# Generous: reached only when what is awaited never happens, never on a slow but working
# machine (starting Python and importing the package alone take ~1 s on a loaded one).
PATIENCE = 60.0


async def until(condition: Callable[[], bool], *, every: float = 0.01) -> None:
    """Return once `condition()` holds, checking it every `every` seconds."""
    with anyio.fail_after(PATIENCE):
        while True:
            if condition():
                return
            await anyio.sleep(every)
