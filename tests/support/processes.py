"""A command run as a process, whose output a test waits on before it moves the emulator on.

A process takes as long as the machine lets it to start and to print, so a test never gives it
a head start measured in seconds: it holds the emulator's clock, waits until the process has
printed what shows it is looking, and only then lets the trainings go on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

import anyio
import anyio.abc
from anyio.streams.text import TextReceiveStream

from .waiting import PATIENCE


@dataclass
class RunningProcess:
    process: anyio.abc.Process
    stdout: str = ""
    stderr: str = ""
    _out: TextReceiveStream = field(init=False)

    def __post_init__(self) -> None:
        assert self.process.stdout is not None
        self._out = TextReceiveStream(self.process.stdout)

    async def wait_for(self, *texts: str) -> None:
        """Read standard output until it holds every one of `texts`."""
        with anyio.fail_after(PATIENCE):
            while not all(text in self.stdout for text in texts):
                try:
                    self.stdout += await self._out.receive()
                except anyio.EndOfStream:
                    raise AssertionError(
                        f"the process ended before printing {texts!r}; it printed:\n{self.stdout}"
                    ) from None

    async def finish(self) -> int:
        """Read the rest of both outputs; the exit code."""
        assert self.process.stderr is not None
        err = TextReceiveStream(self.process.stderr)

        async def read_stdout() -> None:
            async for chunk in self._out:
                self.stdout += chunk

        async def read_stderr() -> None:
            async for chunk in err:
                self.stderr += chunk

        with anyio.fail_after(PATIENCE):
            async with anyio.create_task_group() as group:
                group.start_soon(read_stdout)
                group.start_soon(read_stderr)
            return await self.process.wait()


@asynccontextmanager
async def running(argv: Sequence[str], env: Mapping[str, str]) -> AsyncIterator[RunningProcess]:
    """`argv` started with its outputs piped; killed on the way out if it is still running."""
    process = await anyio.open_process(list(argv), env=dict(env))
    try:
        yield RunningProcess(process)
    finally:
        if process.returncode is None:
            with suppress(ProcessLookupError):  # it may have ended since
                process.kill()
        with anyio.CancelScope(shield=True):
            await process.aclose()
