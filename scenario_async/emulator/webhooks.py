"""Webhook deliveries: each training change POSTed to a URL, as a project's webhook endpoint.

Scenario does not document the payload of `model.training.*` deliveries, so the emulator
makes one up (`WebhookDelivery`): enough for a receiver to know which model to look at.
Each delivery is attempted once (a receiver that must not miss one polls as well, which is
what a watch nudged by webhooks does): a refused connection, no answer within
`DELIVERY_TIMEOUT` or an answer other than 2xx counts as failed, in one log line, and the
emulator serves on. At most `MAX_IN_FLIGHT` deliveries are in flight; those of one model go
out one after the other, in the order of its changes. At most `MAX_WAITING` wait for their
turn (in flight included): past that, the receiver is far behind, and a new delivery fails at
once. The deliveries carry no credential, and the log names the URL's origin alone: a webhook
URL's path often holds its secret.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import string
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass
from typing import Literal

import aiohttp
import msgspec

from .._version import __version__
from .payloads import iso
from .store import TrainingChange, TrainingStatus

__all__ = [
    "DELIVERY_TIMEOUT",
    "MAX_IN_FLIGHT",
    "MAX_WAITING",
    "WebhookCounts",
    "WebhookData",
    "WebhookDelivery",
    "WebhookSender",
    "checked_webhook_url",
]

_log = logging.getLogger(__name__)

DELIVERY_TIMEOUT = 10.0  # seconds a delivery may take, connection included
MAX_IN_FLIGHT = 8
MAX_WAITING = 10_000  # some 3 MB of deliveries
REPORT_EVERY = 60.0  # seconds between two lines of failed deliveries, at least
_HEADERS = {
    "Content-Type": "application/json",
    "User-Agent": f"scenario-async-emulator/{__version__}",
}
_ID_ALPHABET = string.ascii_letters + string.digits

WebhookEvent = Literal[
    "model.training.started",
    "model.training.completed",
    "model.training.failed",
    "model.training.cancelled",
]
_EVENTS: dict[TrainingStatus, WebhookEvent] = {
    "training": "model.training.started",
    "trained": "model.training.completed",
    "failed": "model.training.failed",
    "training-canceled": "model.training.cancelled",
}


class WebhookData(msgspec.Struct, kw_only=True, rename="camel"):
    model_id: str
    project_id: str | None
    status: TrainingStatus


class WebhookDelivery(msgspec.Struct, kw_only=True, rename="camel"):
    """The body of one delivery; `created_at` is the change's instant on the emulator clock."""

    id: str
    type: WebhookEvent
    created_at: str
    data: WebhookData


def checked_webhook_url(url: object) -> str:
    """`url`, if deliveries can be POSTed to it; else `TypeError` or `ValueError`."""
    if not isinstance(url, str):
        raise TypeError(f"webhook_url must be a str, not {type(url).__name__}")
    expected = (
        "webhook_url must be an absolute http:// or https:// URL with a host, such as"
        " http://127.0.0.1:8000/webhooks"
    )
    if any(c.isspace() or not c.isprintable() for c in url):
        raise ValueError(f"{expected}; it has a space or a control character")
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # a port out of range raises here
    except ValueError as exc:
        raise ValueError(f"{expected}, not {url!r} ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{expected}, not {url!r}")
    if parts.username is not None or parts.password is not None:
        # Not echoed: it holds a credential, and the emulator sends none.
        raise ValueError(f"{expected}, and no user or password (user:password@)")
    return url


@dataclass(slots=True)
class WebhookCounts:
    """Deliveries answered 2xx (`delivered`) and those that were not (`failed`)."""

    delivered: int = 0
    failed: int = 0


class WebhookSender:
    """POSTs a delivery of each `TrainingChange` it is given (`send`) to `url`, while it
    runs (from `start` to `close`; `close` drops what was not answered yet)."""

    def __init__(self, url: str, counts: WebhookCounts, *, seed: int) -> None:
        self.url = url
        self.counts = counts
        parts = urllib.parse.urlsplit(url)
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self._ids = random.Random(f"deliveries:{seed}")
        # Per model, its deliveries not answered yet, in order; the first is in flight, or
        # waits for a place among the `MAX_IN_FLIGHT`.
        self._waiting: dict[str, deque[WebhookDelivery]] = {}
        self._backlog = 0  # the deliveries in `_waiting`
        self._senders: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
        # A receiver that is down fails every delivery: one line per `REPORT_EVERY` tells
        # of them all, with the count of those not told of one by one.
        self._quiet_until = -math.inf
        self._held_back = 0

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=MAX_IN_FLIGHT),
            timeout=aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT),
            headers=_HEADERS,
            # A receiver's cookies are not sent back: a delivery carries nothing but itself.
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self) -> None:
        session, self._session = self._session, None
        senders, self._senders = self._senders, set()
        for task in senders:
            task.cancel()
        await asyncio.gather(*senders, return_exceptions=True)
        self._waiting.clear()
        self._backlog = 0
        if session is not None:
            await session.close()

    def send(self, change: TrainingChange) -> None:
        """Deliver `change` once those of its model before it are answered."""
        if self._session is None:
            return
        delivery = WebhookDelivery(
            id="whd_" + "".join(self._ids.choices(_ID_ALPHABET, k=22)),
            type=_EVENTS[change.status],
            created_at=iso(change.at),
            data=WebhookData(
                model_id=change.model_id, project_id=change.project_id, status=change.status
            ),
        )
        if self._backlog >= MAX_WAITING:
            self._failed(delivery, f"{MAX_WAITING} deliveries wait already")
            return
        self._backlog += 1
        waiting = self._waiting.get(change.model_id)
        if waiting is not None:
            waiting.append(delivery)
            return
        self._waiting[change.model_id] = deque([delivery])
        task = asyncio.create_task(self._send_in_order(change.model_id))
        self._senders.add(task)
        task.add_done_callback(self._senders.discard)

    async def _send_in_order(self, model_id: str) -> None:
        waiting = self._waiting[model_id]
        while waiting:
            async with self._in_flight:
                await self._post(waiting[0])
            waiting.popleft()
            self._backlog -= 1
        del self._waiting[model_id]

    async def _post(self, delivery: WebhookDelivery) -> None:
        assert self._session is not None  # senders run between start and close
        body = msgspec.json.encode(delivery)
        try:
            async with self._session.post(self.url, data=body, allow_redirects=False) as answer:
                if 200 <= answer.status < 300:
                    self.counts.delivered += 1
                    return
                problem = f"answered {answer.status}"
        except TimeoutError:
            problem = f"no answer within {DELIVERY_TIMEOUT:g} s"
        except (aiohttp.ClientError, OSError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
        self._failed(delivery, problem)

    def _failed(self, delivery: WebhookDelivery, problem: str) -> None:
        self.counts.failed += 1
        now = time.monotonic()
        if now < self._quiet_until:
            self._held_back += 1
            return
        held_back = (
            f" ({self._held_back} more failed since the last report; failures are reported at"
            f" most every {REPORT_EVERY:g} s)"
            if self._held_back
            else ""
        )
        _log.warning(
            "webhook delivery %s (%s of %s) to %s failed: %s; it is not attempted again%s",
            delivery.id,
            delivery.type,
            delivery.data.model_id,
            self._origin,
            problem,
            held_back,
        )
        self._quiet_until = now + REPORT_EVERY
        self._held_back = 0
