"""`Emulator`: the store and the app on a loopback port, as an async context manager."""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import time
from collections.abc import Callable, Mapping
from typing import Self

from aiohttp import web

from .app import build_app
from .clock import EmulatorClock
from .connections import HeadDeadline
from .faults import FaultPlan, Faults
from .store import Store, TrainingChange
from .training import Milestone
from .webhooks import WebhookCounts, WebhookSender, checked_webhook_url

__all__ = ["DEFAULT_API_KEY", "DEFAULT_API_SECRET", "HEADER_TIMEOUT", "Emulator"]

# Published in the docs and `--help`: a local test double needs no secret, but anything that
# can reach its port gets in with them.
DEFAULT_API_KEY = "emulator-key"
DEFAULT_API_SECRET = "emulator-secret"
# Longer than the 30 s our client keeps an idle connection: the client always lets go of an
# idle connection first, so it never sends a request on one the emulator is closing.
HEADER_TIMEOUT = 60.0


class Emulator:
    """A local Scenario models API for tests, benchmarks and demos.

    `training_seconds` is how long a training takes once it has a slot (the reported
    timestamps stay real); `training_slots` trainings run at once, the others queue.
    `failure_rate` is the seeded share of trainings that fail. `models` pre-populates the
    store with full-size models. `faults` is a `Faults` for every operation, or a mapping of
    operation name (`"models.retrieve"`, or `"*"` for the rest) to `Faults`.
    The server binds `host` (loopback unless told otherwise) on `port` (0: any free port).
    A connection has `header_timeout` seconds, from its opening or its previous answer, to
    send a complete request head; then it is closed, so idle or stalled connections cannot
    hold the emulator's file descriptors.

    The emulator's time is `clock` (wall time) unless a test takes control of it: `hold=True`
    (or `hold()`) stops it, so every training stays where it is however slow the machine;
    `advance(seconds)` and `advance_to(model_id, stage)` move it forward; `release()` lets
    it flow again. A process started with `--hold` offers the same through the route
    `{base_url}/_emulator/clock`.

    With `webhook_url`, each training change is POSTed there as a webhook delivery
    (`model.training.started`, `.completed`, `.failed`, `.cancelled`; see `webhooks.py`), an
    end at the instant the emulator's clock passes it: with the clock held, once a test moves
    it there. Each delivery is attempted once; `webhooks` counts those delivered and failed.
    """

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        api_secret: str = DEFAULT_API_SECRET,
        bearer_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        header_timeout: float = HEADER_TIMEOUT,
        training_seconds: float = 2.0,
        training_slots: int = 4,
        failure_rate: float = 0.0,
        seed: int = 0,
        models: int = 0,
        faults: Faults | Mapping[str, Faults] | None = None,
        clock: Callable[[], float] = time.time,
        hold: bool = False,
        webhook_url: str | None = None,
    ) -> None:
        if not math.isfinite(header_timeout) or header_timeout <= 0:
            raise ValueError(
                f"header_timeout must be a number of seconds > 0, not {header_timeout!r}"
            )
        self.webhooks: WebhookCounts = WebhookCounts()
        self._webhooks = (
            None
            if webhook_url is None
            else WebhookSender(checked_webhook_url(webhook_url), self.webhooks, seed=seed)
        )
        self.api_key = api_key
        self.api_secret = api_secret
        self.bearer_token = bearer_token
        self.host = host
        self.port: int = port
        self.header_timeout = header_timeout
        self.clock: EmulatorClock = EmulatorClock(clock, held=hold)
        self.store: Store = Store(
            self.clock,
            training_seconds=training_seconds,
            training_slots=training_slots,
            failure_rate=failure_rate,
            seed=seed,
            on_training_change=None if self._webhooks is None else self._training_changed,
        )
        if models:
            self.store.seed_models(models, seed)
        if isinstance(faults, Faults):
            plan = FaultPlan(default=faults, seed=seed)
        else:
            routes = dict(faults or {})
            plan = FaultPlan(default=routes.pop("*", Faults()), routes=routes, seed=seed)
        self.faults = plan
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self._clock_moved = asyncio.Event()
        self._ends: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("the emulator is not running; use `async with Emulator(...)`")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    @property
    def held(self) -> bool:
        return self.clock.held

    def hold(self) -> None:
        """Stop the emulator's time: trainings stay in their stage, queue place and progress."""
        self.clock.hold()
        self._clock_moved.set()

    def release(self) -> None:
        """Let the emulator's time flow again, from where it was held."""
        self.clock.release()
        self._clock_moved.set()

    def advance(self, seconds: float) -> None:
        """Move the emulator's time forward by `seconds`, held or not; `ValueError` past the
        clock's last date (`clock.LATEST`, the end of year 9999)."""
        self.clock.advance(seconds)
        self._clock_moved.set()

    def advance_to(
        self, model_id: str, stage: Milestone = "ended", *, progress: float = 0.0
    ) -> None:
        """Move the emulator's time to the instant the training of `model_id` enters `stage`
        (`progress`, 0 to 1, of the way through running-train), or ends (`"ended"`: trained,
        or failed for a training fated to fail). With the clock held, it stays there.

        `ValueError` if the training never gets there (it is not training, finds a free slot
        and never queues, or fails first), got there earlier (time does not go back), or gets
        there after the clock's last date (`clock.LATEST`, the end of year 9999).
        """
        instant = self.store.schedule.reaches(model_id, stage, progress)
        now = self.clock()
        if instant < now:
            raise ValueError(
                f"{model_id} reached {stage} {now - instant:.3f} s ago; time does not go back"
            )
        self.clock.move_to(instant)
        self._clock_moved.set()

    def _training_changed(self, change: TrainingChange) -> None:
        assert self._webhooks is not None  # the store is told only when there are webhooks
        self._webhooks.send(change)
        # A training triggered or canceled moves the next end (cancelling frees a slot).
        self._clock_moved.set()

    async def _settle_ends(self) -> None:
        """Apply each training's end as the clock passes it, so that its delivery goes out
        even if no request comes: asleep until the next end, or until the clock is moved or
        a training triggered or canceled."""
        while True:
            self._clock_moved.clear()
            next_end = self.store.settle_ends()
            # A flowing clock runs at the pace of the wall clock; a held one moves when told.
            wait = None if self.clock.held or math.isinf(next_end) else next_end - self.clock()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._clock_moved.wait(), wait)

    async def start(self) -> None:
        deadline = HeadDeadline(self.header_timeout)
        app = build_app(
            self.store,
            control=self,
            api_key=self.api_key,
            api_secret=self.api_secret,
            bearer_token=self.bearer_token,
            faults=self.faults,
            head_deadline=deadline,
        )
        # `keepalive_timeout` bounds each head after the first (see `HeadDeadline`).
        runner = web.AppRunner(
            app, access_log=None, handle_signals=False, keepalive_timeout=self.header_timeout
        )
        await runner.setup()
        assert runner.server is not None  # set up just above
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
            # Served without an aiohttp site: a site hands the loop the server's own protocol
            # factory, with no way to give each connection its deadline.
            self._listener = await asyncio.get_running_loop().create_server(
                deadline.protocols(runner.server), sock=sock, backlog=128
            )
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        self.port = sock.getsockname()[1]
        self._runner = runner
        if self._webhooks is not None:
            await self._webhooks.start()
            self._ends = asyncio.create_task(self._settle_ends())

    async def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        ends, self._ends = self._ends, None
        if ends is not None:
            ends.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ends
        if self._webhooks is not None:
            await self._webhooks.close()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
