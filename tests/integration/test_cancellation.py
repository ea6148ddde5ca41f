"""Cancelling any number of in-flight calls leaks nothing, and the client carries on.

The emulator runs in its own process, which keeps this process's file descriptors and tasks
the client's alone: they are counted before the client exists and after it is closed. It
holds every retrieve unanswered until the test opens its gate, so the calls are caught in
flight however slow the machine. With the default pool of 100 connections and a client-side
limit of 150 calls in flight, a cancelled batch of 1,000 has 100 calls mid-request on a
socket, 50 waiting for a connection and 850 waiting for the limit; each kind must let go of
what it holds, or the next batch would stall.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys
import warnings
from collections.abc import AsyncIterator, Callable

import anyio
import pytest

from scenario_async import AiohttpTransport, AsyncScenario, RateLimit

CALLS = 1000
# The gate: until a line comes on stdin, a retrieve is held (its answer delayed an hour,
# past the end of the test); once "open" is printed back, every answer comes at once.
EMULATOR = """
import asyncio
import sys
import threading
from scenario_async.emulator import Emulator
from scenario_async.emulator.faults import Decision, FaultPlan

class Gate(FaultPlan):
    def __init__(self) -> None:
        super().__init__()
        self.opened = threading.Event()

    @property
    def active(self) -> bool:
        return True

    def decide(self, operation: str) -> Decision:
        held = operation == "models.retrieve" and not self.opened.is_set()
        return Decision(None, 0, 3600.0 if held else 0.0)

def open_on_stdin(gate: Gate) -> None:
    sys.stdin.readline()
    gate.opened.set()
    print("open", flush=True)

async def serve() -> None:
    emulator = Emulator(models=1)
    emulator.faults = gate = Gate()
    async with emulator:
        threading.Thread(target=open_on_stdin, args=(gate,), daemon=True).start()
        print(emulator.base_url, flush=True)
        await asyncio.Event().wait()

asyncio.run(serve())
"""


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class GatedEmulator:
    """The emulator process: `base_url`, and `open()` to let its answers through."""

    def __init__(self, process: asyncio.subprocess.Process, base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    async def open(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(b"open\n")
        await self.process.stdin.drain()
        # Answered once the gate is open: no request can get there before it.
        assert await self.process.stdout.readline() == b"open\n"


@pytest.fixture
async def gated_emulator() -> AsyncIterator[GatedEmulator]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        EMULATOR,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        # Waits on the process's first line, not on a time; the bound, far above a loaded
        # machine's start of a Python process, only ends a start that hangs.
        with anyio.fail_after(60):
            base_url = (await process.stdout.readline()).decode().strip()
        assert base_url, f"the emulator process exited ({await process.wait()})"
        yield GatedEmulator(process, base_url)
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()


async def settled(count: Callable[[], int], expected: int) -> int:
    """`count()` once it reaches `expected`, or its last value after a few seconds: closed
    sockets and finished tasks are reclaimed on the loop's next turns, not at once."""
    value = count()
    for _ in range(300):
        if value == expected:
            break
        await anyio.sleep(0.01)
        value = count()
    return value


@pytest.mark.filterwarnings("always")
async def test_cancelling_1000_calls_in_flight_leaks_nothing(
    gated_emulator: GatedEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    fds_before, tasks_before = open_fds(), len(asyncio.all_tasks())
    transport = AiohttpTransport()
    client = AsyncScenario(
        api_key="emulator-key",
        api_secret="emulator-secret",
        base_url=gated_emulator.base_url,
        transport=transport,
        rate_limit=RateLimit(max_concurrent=150),
    )
    with warnings.catch_warnings(record=True) as caught:
        model_id = (await client.models.list()).models[0].id
        assert transport._session is not None
        connector = transport._session.connector
        assert connector is not None
        busy = connector._acquired  # type: ignore[attr-defined]

        cancelled = 0

        async def doomed() -> None:
            nonlocal cancelled
            try:
                await client.models.retrieve(model_id)
            except anyio.get_cancelled_exc_class():
                cancelled += 1
                raise

        # The retrieves are never answered: the loop waits on the pool filling up (a few
        # loop turns), and the bounds, of 10 s or more, only end a wait that never ends.
        with anyio.fail_after(60):
            async with anyio.create_task_group() as group:
                for _ in range(CALLS):
                    group.start_soon(doomed)
                for _ in range(1000):
                    if len(busy) == 100:
                        break
                    await anyio.sleep(0.01)
                on_sockets, fds_in_flight = len(busy), open_fds()
                group.cancel_scope.cancel()
        assert cancelled == CALLS
        assert on_sockets == 100
        assert len(busy) == 0

        results: list[str] = []

        async def fetch() -> None:
            results.append((await client.models.retrieve(model_id)).model.id)

        await gated_emulator.open()
        # The next batch takes about a second; the bound only ends one that stalls.
        with anyio.fail_after(40):
            async with anyio.create_task_group() as group:
                for _ in range(CALLS):
                    group.start_soon(fetch)
        assert results == [model_id] * CALLS
        assert len(busy) == 0
        tasks_after = await settled(lambda: len(asyncio.all_tasks()), tasks_before)

        await client.close()
        fds_after = await settled(open_fds, fds_before)
        gc.collect()

    assert tasks_after == tasks_before
    assert fds_after == fds_before
    assert [str(warning.message) for warning in caught] == []
    assert [record.getMessage() for record in caplog.records] == []
    print(
        {
            "cancelled": cancelled,
            "cancelled mid-request on a socket": on_sockets,
            "cancelled waiting for a connection or the limit": cancelled - on_sockets,
            "open fds before / in flight / after": (fds_before, fds_in_flight, fds_after),
            "tasks before / after": (tasks_before, tasks_after),
            "then succeeded": len(results),
        }
    )
