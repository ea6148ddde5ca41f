"""The emulator against misuse: strangers never touch the fault schedule, connections that
never finish a request head are closed, the clock refuses dates it cannot write, and the
process takes its credentials from the environment."""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import signal
import socket
import sys
import time

import aiohttp
import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator, Faults
from scenario_async.emulator.clock import LATEST
from tests.support.emulated import basic, client_of, clock_route
from tests.support.processes import running
from tests.support.waiting import PATIENCE

# -- credentials before faults -------------------------------------------------------------

FAULTS = Faults(error=0.3, rate_limit=0.3)


async def _statuses(*, strangers: int) -> tuple[list[int], list[int]]:
    """The statuses of `strangers` requests without credentials, then of 40 with them."""
    async with Emulator(seed=3, faults=FAULTS) as emu, aiohttp.ClientSession() as session:
        url = f"{emu.base_url}/models"
        refused = []
        for _ in range(strangers):
            async with session.get(url) as response:
                refused.append(response.status)
        authorization = {"Authorization": basic(emu.api_key, emu.api_secret)}
        seen = []
        for _ in range(40):
            async with session.get(url, headers=authorization) as response:
                seen.append(response.status)
    return refused, seen


async def test_strangers_get_401_and_leave_the_fault_schedule_alone() -> None:
    refused, seen = await _statuses(strangers=50)
    assert refused == [401] * 50
    assert seen == (await _statuses(strangers=0))[1]
    assert {200, 429} < set(seen)  # the schedule does strike those who get in


# -- the header timeout --------------------------------------------------------------------

# Short, so that a test waits little for a stalled connection to be closed. A normal request's
# head is in the socket before the emulator accepts the connection (`_normal_request`), so it
# is read a few turns of the loop after the deadline is set, long before it runs out.
TIMEOUT = 0.2
_GET = b"GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: "


async def _normal_request(emulator: Emulator) -> bytes:
    """A list of models; the whole answer, read until the emulator closes the connection."""
    head = _GET + basic(emulator.api_key, emulator.api_secret).encode()
    head += b"\r\nConnection: close\r\n\r\n"
    # A blocking connect and send: on loopback both complete in the kernel, before the
    # emulator (on this very loop) has accepted anything.
    sock = socket.create_connection(("127.0.0.1", emulator.port))
    sock.sendall(head)
    reader, writer = await asyncio.open_connection(sock=sock)
    try:
        with anyio.fail_after(PATIENCE):
            return await reader.read()
    finally:
        writer.close()


async def _closed_by_the_emulator(stream: anyio.abc.SocketStream, dribble: bytes = b"") -> bytes:
    """What the emulator sent before it closed the connection, sending `dribble` a byte at a
    time meanwhile."""
    received = b""
    with anyio.fail_after(PATIENCE):
        for at in range(10**6):
            try:
                if at < len(dribble):
                    await stream.send(dribble[at : at + 1])
                with anyio.move_on_after(0.01):  # pacing the dribble; no outcome rests on it
                    received += await stream.receive()
            except (anyio.EndOfStream, anyio.BrokenResourceError):
                return received
    raise AssertionError("the emulator never closed the connection")


@pytest.mark.scenario_emulator(header_timeout=TIMEOUT)
async def test_connections_that_never_finish_a_head_are_closed_and_others_served(
    scenario_emulator: Emulator,
) -> None:
    emulator = scenario_emulator
    port = emulator.port
    slow_head = b"GET /v1/models HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: y\r\n" * 1000
    async with (
        await anyio.connect_tcp("127.0.0.1", port) as silent,
        await anyio.connect_tcp("127.0.0.1", port) as slow,
    ):
        assert (await _normal_request(emulator)).startswith(b"HTTP/1.1 200 OK")
        assert await _closed_by_the_emulator(silent) == b""
        assert await _closed_by_the_emulator(slow, slow_head) == b""
    assert (await _normal_request(emulator)).startswith(b"HTTP/1.1 200 OK")


@pytest.mark.scenario_emulator(header_timeout=TIMEOUT)
async def test_a_kept_alive_connection_gets_as_long_for_its_next_head(
    scenario_emulator: Emulator,
) -> None:
    head = _GET + basic(scenario_emulator.api_key, scenario_emulator.api_secret).encode()
    async with await anyio.connect_tcp("127.0.0.1", scenario_emulator.port) as stream:
        await stream.send(head + b"\r\n\r\n")
        answer = b""
        with anyio.fail_after(PATIENCE):
            while not answer.endswith(b'{"models":[]}'):
                answer += await stream.receive()
        assert answer.startswith(b"HTTP/1.1 200 OK")
        assert await _closed_by_the_emulator(stream, head) == b""


@pytest.mark.scenario_emulator(header_timeout=TIMEOUT)
async def test_many_stalled_connections_are_all_closed(scenario_emulator: Emulator) -> None:
    port = scenario_emulator.port
    streams = []
    try:
        for n in range(50):
            streams.append(await anyio.connect_tcp("127.0.0.1", port))
            if n % 2:  # half of them send nothing, half the start of a head
                await streams[-1].send(b"GET /v1/models HTTP/1.1\r\nHost:")
        assert (await _normal_request(scenario_emulator)).startswith(b"HTTP/1.1 200 OK")
        async with anyio.create_task_group() as group:
            for stream in streams:
                group.start_soon(_closed_by_the_emulator, stream)
    finally:
        for stream in streams:
            await stream.aclose()
    assert (await _normal_request(scenario_emulator)).startswith(b"HTTP/1.1 200 OK")


@pytest.mark.parametrize("seconds", [0.0, -1.0, math.inf, math.nan])
def test_the_header_timeout_is_a_positive_number_of_seconds(seconds: float) -> None:
    with pytest.raises(ValueError, match="header_timeout must be a number of seconds > 0"):
        Emulator(header_timeout=seconds)


# -- the clock's range ---------------------------------------------------------------------


def _advance_json(seconds: float | int) -> bytes:
    """`{"advance": seconds}` as bytes: JSON has no NaN nor infinity, but a client can send
    them (or 1e999, which decodes to infinity)."""
    if isinstance(seconds, float) and math.isnan(seconds):
        return b'{"advance": NaN}'
    if isinstance(seconds, float) and math.isinf(seconds):
        return b'{"advance": %s1e999}' % (b"-" if seconds < 0 else b"")
    return json.dumps({"advance": seconds}).encode()


STEPS = st.one_of(
    st.floats(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.sampled_from([1e308, 5e-324, -0.0, LATEST, LATEST - 1.7e9, 2.5e11, 8.2e12]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(seconds=STEPS, held=st.booleans())
async def test_any_step_is_refused_unchanged_or_leaves_a_usable_clock(
    seconds: float | int, held: bool
) -> None:
    async with Emulator(hold=held) as emu:
        authorization = basic(emu.api_key, emu.api_secret)
        # Read the clock held, then let it go on from there at the wall clock's pace: it can
        # be no further than the wall clock went since, unless the step moved it.
        emu.hold()
        before, wall_before = emu.clock(), time.time()
        if not held:
            emu.release()
        status, answer = await clock_route(
            emu.base_url, _advance_json(seconds), authorization=authorization
        )
        if status == 400:
            not_json = isinstance(seconds, float) and math.isnan(seconds)
            assert answer["parameter"] == ("body" if not_json else "advance")
            assert emu.held is held
            assert before <= emu.clock() <= before + (time.time() - wall_before) + 1e-3
            return
        assert status == 200, answer
        assert before <= answer["now"] <= LATEST
        async with client_of(emu) as client:
            assert (await client.models.create(name="after a step")).model.created_at


# A wall clock that stands still, so that the step to the last date is exact.
@pytest.mark.scenario_emulator(hold=True, clock=lambda: 1.7e9)
async def test_the_clock_stops_at_its_last_date(scenario_emulator: Emulator) -> None:
    emu = scenario_emulator
    authorization = basic(emu.api_key, emu.api_secret)
    body = {"advance": LATEST - 1.7e9, "hold": False}
    status, state = await clock_route(emu.base_url, body, authorization=authorization)
    assert (status, state) == (200, {"now": LATEST, "held": False})
    status, answer = await clock_route(emu.base_url, {"advance": 1}, authorization=authorization)
    assert (status, answer["parameter"]) == (400, "advance")
    assert "9999-12-31T23:59:59Z" in answer["message"]
    async with client_of(emu) as client:
        model = (await client.models.create(name="at the end of time")).model
        assert model.created_at == "9999-12-31T23:59:59.000Z"


@pytest.mark.scenario_emulator(hold=True)
async def test_a_refused_step_holds_nothing(scenario_emulator: Emulator) -> None:
    scenario_emulator.release()
    authorization = basic(scenario_emulator.api_key, scenario_emulator.api_secret)
    body = {"hold": True, "advance": 1e308}
    status, _ = await clock_route(scenario_emulator.base_url, body, authorization=authorization)
    assert status == 400 and not scenario_emulator.held


# -- the process's credentials -------------------------------------------------------------

_URL = re.compile(r"listening on (http://127\.0\.0\.1:\d+/v1)")


def _environment(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENARIO_")}
    return env | variables


async def _serve_and_list(arguments: list[str], env: dict[str, str], key: str, secret: str) -> str:
    """Start the emulator with `arguments`; list models with `key` and `secret`, check that
    the published credentials are refused, stop it; what it wrote on stderr."""
    command = [sys.executable, "-m", "scenario_async", "emulator", "--port", "0", *arguments]
    async with running(command, env) as started:
        stderr = started.process.stderr
        assert stderr is not None
        errors = b""
        with anyio.fail_after(PATIENCE):
            while not _URL.search(errors.decode()):
                errors += await stderr.receive()
        found = _URL.search(errors.decode())
        assert found
        base_url = found.group(1)
        async with AsyncScenario(api_key=key, api_secret=secret, base_url=base_url) as client:
            assert (await client.models.list()).models == []
        async with aiohttp.ClientSession() as session:
            published = {"Authorization": basic("emulator-key", "emulator-secret")}
            async with session.get(f"{base_url}/models", headers=published) as response:
                assert response.status == 401
        started.process.send_signal(signal.SIGTERM)
        with anyio.fail_after(PATIENCE):
            assert await started.process.wait() == 0
            async for rest in stderr:
                errors += rest
    return errors.decode()


async def test_the_process_takes_its_credentials_from_the_environment() -> None:
    env = _environment(SCENARIO_EMULATOR_API_KEY="k-env", SCENARIO_EMULATOR_API_SECRET="s-env")
    errors = await _serve_and_list([], env, "k-env", "s-env")
    assert "warning" not in errors and "s-env" not in errors


async def test_a_secret_on_the_command_line_wins_and_is_warned_about() -> None:
    env = _environment(SCENARIO_EMULATOR_API_SECRET="s-env")
    errors = await _serve_and_list(["--api-secret", "s-argv"], env, "emulator-key", "s-argv")
    # A harness may read the first line and nothing more: it is still the "listening on" one.
    listening, warning, *_ = errors.splitlines()
    assert _URL.search(listening)
    assert warning == (
        "warning: --api-secret on the command line shows in `ps` to every user of this"
        " machine; set SCENARIO_EMULATOR_API_SECRET instead"
    )
