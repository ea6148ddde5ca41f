"""The command line run in-process, from a test's event loop."""

from __future__ import annotations

import anyio

from scenario_async.cli import main


async def cli(*argv: str) -> int:
    """`scenario-async *argv`'s exit code; run in a worker thread, as `main` runs its own loop."""
    return await anyio.to_thread.run_sync(main, list(argv))
