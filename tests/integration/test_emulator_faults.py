"""Fault injection: each configured fault shows up in its configured share, seeded."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import aiohttp
import pytest

from scenario_async.emulator import Emulator, Faults
from tests.support.emulated import basic

REQUESTS = 400
SHARES = {"error": 0.1, "rate_limit": 0.1, "drop": 0.1, "truncate": 0.1}
# A delayed answer takes at least `latency_seconds`; the reads are sent all at once, so the
# others take what serving 100 small requests takes (milliseconds, a few hundred on a loaded
# machine). A second is far above that, so telling the two apart does not race the machine.
LATENCY = Faults(latency=0.2, latency_seconds=1.0)


async def _outcome(
    session: aiohttp.ClientSession, url: str, body: object = None
) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        method = "GET" if body is None else "POST"
        async with session.request(method, url, json=body) as response:
            await response.read()
            if response.status == 429:
                assert response.headers["Retry-After"] == "2"
                kind = "rate_limit"
            elif response.status in (500, 502, 503):
                kind = "error"
            else:
                assert response.status == 200
                kind = "ok"
    except aiohttp.ClientPayloadError:
        kind = "truncate"
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
        kind = "drop"
    return kind, time.perf_counter() - started


async def _run(seed: int, *, reads: bool = True) -> tuple[Counter[str], int]:
    """The kinds of 400 faulted get-bulks; and, with `reads`, how many of 100 reads were slow."""
    faults = {
        "models.get_bulk": Faults(retry_after=2, **SHARES),
        "models.list": LATENCY,
    }
    async with Emulator(seed=seed, faults=faults) as emu:
        headers = {"Authorization": basic(emu.api_key, emu.api_secret)}
        # Faults strike get-bulk, a POST: aiohttp silently resends a GET whose connection was
        # closed, which would hide the dropped ones.
        async with aiohttp.ClientSession(headers=headers) as session:
            async with session.post(f"{emu.base_url}/models", json={}) as created:
                model_id = (await created.json())["model"]["id"]
            kinds: Counter[str] = Counter()
            for _ in range(REQUESTS):
                bulk = {"modelIds": [model_id]}
                kind, _elapsed = await _outcome(session, f"{emu.base_url}/models/get-bulk", bulk)
                kinds[kind] += 1
            slow = 0
            if reads:
                outcomes = await asyncio.gather(
                    *(_outcome(session, f"{emu.base_url}/models") for _ in range(100))
                )
                assert {kind for kind, _ in outcomes} == {"ok"}
                slow = sum(elapsed >= LATENCY.latency_seconds for _, elapsed in outcomes)
    return kinds, slow


@pytest.mark.parametrize("seed", [1, 2])
async def test_each_fault_in_its_share(seed: int) -> None:
    kinds, slow = await _run(seed)
    for kind, share in SHARES.items():
        assert abs(kinds[kind] / REQUESTS - share) < 0.05, (kind, kinds)
    assert abs(kinds["ok"] / REQUESTS - 0.6) < 0.08, kinds
    assert 10 <= slow <= 30


async def test_faults_are_seeded() -> None:
    assert (await _run(5, reads=False))[0] == (await _run(5, reads=False))[0]
