"""Proxies and TLS, end to end over loopback: the client, a forward proxy on 127.0.0.1, the
emulator behind a TLS front whose certificate a CA of the test's own (trustme) signed.

The proxy environment is the test's alone: `monkeypatch` sets it and puts it back, and every
`*_PROXY` variable of the machine running the suite is cleared first, so that neither leaks
into the other.
"""

from __future__ import annotations

import os
import ssl
import sys
import traceback
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest
import trustme

from scenario_async import (
    AiohttpTransport,
    APIConnectionError,
    APITimeoutError,
    AsyncScenario,
    RequestSent,
    Timeout,
)
from scenario_async.emulator import Emulator
from tests.support.emulated import basic
from tests.support.ports import closed_port, unaccepting_port
from tests.support.relays import ForwardProxy, relay_to, serving


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """`monkeypatch`, with no proxy variable of the machine's left (nor CGI's REQUEST_METHOD,
    which makes urllib ignore HTTP_PROXY)."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name == "REQUEST_METHOD":
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="module")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
async def proxy() -> AsyncIterator[tuple[ForwardProxy, str]]:
    """A forward proxy and its URL."""
    forward = ForwardProxy()
    async with serving(forward.handle) as port:
        yield forward, f"http://127.0.0.1:{port}"


@pytest.fixture
async def https_base_url(
    scenario_emulator: Emulator, server_tls: ssl.SSLContext
) -> AsyncIterator[str]:
    """The emulator's base URL over TLS."""
    async with serving(relay_to(scenario_emulator.port), server_tls) as port:
        yield f"https://127.0.0.1:{port}/v1"


def client(emulator: Emulator, transport: AiohttpTransport, base_url: str = "") -> AsyncScenario:
    return AsyncScenario(
        api_key=emulator.api_key,
        api_secret=emulator.api_secret,
        base_url=base_url or emulator.base_url,
        transport=transport,
        max_retries=0,
    )


async def create_and_retrieve(scenario: AsyncScenario) -> str:
    """Two requests, each answered after our credential was checked: the new model's id."""
    async with scenario:
        model = (await scenario.models.create(name="through", type="flux.1-lora")).model
        assert (await scenario.models.retrieve(model.id)).model.name == "through"
    return model.id


async def failure(scenario: AsyncScenario) -> APIConnectionError:
    async with scenario:
        with pytest.raises(APIConnectionError) as caught:
            await scenario.models.retrieve("model_x")
    return caught.value


def origin(base_url: str) -> str:
    return base_url.removesuffix("/v1")


# --- plain HTTP through the proxy of the environment ------------------------------------------


@pytest.mark.parametrize(
    ("name", "scheme"),
    [("HTTP_PROXY", "http://"), ("http_proxy", "http://"), ("ALL_PROXY", "")],
    ids=["HTTP_PROXY", "http_proxy", "ALL_PROXY without a scheme"],
)
async def test_requests_go_through_the_proxy_the_environment_names(
    environment: pytest.MonkeyPatch,
    scenario_emulator: Emulator,
    proxy: tuple[ForwardProxy, str],
    name: str,
    scheme: str,
) -> None:
    forward, proxy_url = proxy
    environment.setenv(name, scheme + proxy_url.removeprefix("http://"))
    model_id = await create_and_retrieve(client(scenario_emulator, AiohttpTransport()))
    base = scenario_emulator.base_url
    assert forward.seen == [f"POST {base}/models", f"GET {base}/models/{model_id}"]


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "example.com, 127.0.0.1", "*"])
async def test_hosts_matching_no_proxy_are_reached_directly(
    environment: pytest.MonkeyPatch,
    scenario_emulator: Emulator,
    proxy: tuple[ForwardProxy, str],
    no_proxy: str,
) -> None:
    forward, proxy_url = proxy
    environment.setenv("HTTP_PROXY", proxy_url)
    environment.setenv("NO_PROXY", no_proxy)
    await create_and_retrieve(client(scenario_emulator, AiohttpTransport()))
    assert forward.seen == []


async def test_trust_env_false_ignores_the_environments_proxies(
    environment: pytest.MonkeyPatch, scenario_emulator: Emulator, proxy: tuple[ForwardProxy, str]
) -> None:
    forward, proxy_url = proxy
    environment.setenv("HTTP_PROXY", proxy_url)
    environment.setenv("ALL_PROXY", proxy_url)
    await create_and_retrieve(client(scenario_emulator, AiohttpTransport(trust_env=False)))
    assert forward.seen == []


async def test_the_environment_is_read_when_the_transport_is_made(
    environment: pytest.MonkeyPatch, scenario_emulator: Emulator, proxy: tuple[ForwardProxy, str]
) -> None:
    forward, proxy_url = proxy
    transport = AiohttpTransport()
    environment.setenv("HTTP_PROXY", proxy_url)
    await create_and_retrieve(client(scenario_emulator, transport))
    assert forward.seen == []


async def test_a_proxy_given_goes_with_its_credentials_and_ours_still_reach_the_server(
    environment: pytest.MonkeyPatch, scenario_emulator: Emulator, proxy: tuple[ForwardProxy, str]
) -> None:
    forward, proxy_url = proxy
    # The environment says nothing against a proxy given as an argument.
    environment.setenv("NO_PROXY", "*")
    with_credentials = proxy_url.replace("http://", "http://proxy-user:p%40ss@")
    await create_and_retrieve(client(scenario_emulator, AiohttpTransport(proxy=with_credentials)))
    expected = basic("proxy-user", "p@ss")
    assert forward.authorizations == [expected, expected]


async def test_a_netrc_entry_for_the_host_changes_nothing(
    environment: pytest.MonkeyPatch, scenario_emulator: Emulator, tmp_path: Path
) -> None:
    # aiohttp's own trust_env would send these instead of our credential, or refuse the call.
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login netrc-user password netrc-password\n")
    netrc.chmod(0o600)
    environment.setenv("NETRC", str(netrc))
    await create_and_retrieve(client(scenario_emulator, AiohttpTransport()))


# --- HTTPS: a CA of our own, directly and through the proxy's tunnel --------------------------


@pytest.mark.parametrize("given", ["verify=path", "verify=str", "ssl=context"])
@pytest.mark.parametrize("tunnelled", [True, False], ids=["tunnelled", "direct"])
async def test_https_with_the_ca_given_succeeds(
    environment: pytest.MonkeyPatch,
    scenario_emulator: Emulator,
    proxy: tuple[ForwardProxy, str],
    https_base_url: str,
    ca: trustme.CA,
    ca_file: Path,
    given: str,
    tunnelled: bool,
) -> None:
    forward, proxy_url = proxy
    if tunnelled:
        environment.setenv("HTTPS_PROXY", proxy_url)
    if given == "ssl=context":
        context = ssl.create_default_context()
        ca.configure_trust(context)
        transport = AiohttpTransport(ssl=context)
    else:
        transport = AiohttpTransport(verify=ca_file if given == "verify=path" else str(ca_file))
    await create_and_retrieve(client(scenario_emulator, transport, https_base_url))
    # One tunnel: both requests went over the one pooled connection.
    tunnel = f"CONNECT {origin(https_base_url).removeprefix('https://')}"
    assert forward.seen == ([tunnel] if tunnelled else [])


@pytest.mark.parametrize("tunnelled", [True, False], ids=["tunnelled", "direct"])
async def test_an_unknown_ca_fails_at_once_saying_what_to_do(
    environment: pytest.MonkeyPatch,
    scenario_emulator: Emulator,
    proxy: tuple[ForwardProxy, str],
    https_base_url: str,
    tunnelled: bool,
) -> None:
    if tunnelled:
        environment.setenv("HTTPS_PROXY", proxy[1])
    scenario = client(scenario_emulator, AiohttpTransport(), https_base_url)
    attempts: list[RequestSent] = []

    def count(event: object) -> None:
        if isinstance(event, RequestSent):
            attempts.append(event)

    scenario.subscribe(count)
    error = await failure(scenario.with_options(max_retries=3))
    # Another try would meet the same certificate: none is made.
    assert (len(attempts), error.transient) == (1, False)
    where = origin(https_base_url).removeprefix("https://")
    assert error.message == (
        f"GET /models/model_x: the TLS certificate of {where} could not be verified "
        "(unable to get local issuer certificate): if a CA of your own signed it, pass its CA "
        "bundle as AiohttpTransport(verify='ca.pem') or "
        "ssl=ssl.create_default_context(cafile='ca.pem'), or start the program with "
        "SSL_CERT_FILE set to it"
    )
    assert error.request_sent is False
    assert not isinstance(error, APITimeoutError)


async def test_ssl_cert_file_set_when_the_program_starts_is_trusted_by_default(
    scenario_emulator: Emulator, https_base_url: str, ca_file: Path
) -> None:
    # What the message of an unknown CA offers: OpenSSL reads it as aiohttp makes its context.
    program = (
        "import asyncio, sys\n"
        "from scenario_async import AsyncScenario\n"
        "async def main():\n"
        "    async with AsyncScenario(base_url=sys.argv[1], max_retries=0) as client:\n"
        "        print((await client.models.list()).models)\n"
        "asyncio.run(main())\n"
    )
    env = {name: value for name, value in os.environ.items() if not name.lower().endswith("_proxy")}
    env |= {
        "SSL_CERT_FILE": str(ca_file),
        "SCENARIO_SDK_API_KEY": scenario_emulator.api_key,
        "SCENARIO_SDK_API_SECRET": scenario_emulator.api_secret,
    }
    result = await anyio.run_process(
        [sys.executable, "-c", program, https_base_url], env=env, check=False
    )
    assert (result.returncode, result.stdout) == (0, b"[]\n"), result.stderr.decode()


async def test_verify_false_turns_the_checks_off(
    environment: pytest.MonkeyPatch,
    scenario_emulator: Emulator,
    proxy: tuple[ForwardProxy, str],
    https_base_url: str,
) -> None:
    environment.setenv("HTTPS_PROXY", proxy[1])
    await create_and_retrieve(
        client(scenario_emulator, AiohttpTransport(verify=False), https_base_url)
    )
    assert len(proxy[0].seen) == 1


async def test_an_https_proxy_is_reached_over_tls_checked_against_the_same_ca(
    scenario_emulator: Emulator,
    server_tls: ssl.SSLContext,
    https_base_url: str,
    ca_file: Path,
) -> None:
    forward = ForwardProxy()
    async with serving(forward.handle, server_tls) as port:
        transport = AiohttpTransport(proxy=f"https://127.0.0.1:{port}", verify=ca_file)
        await create_and_retrieve(client(scenario_emulator, transport, https_base_url))
    assert [line.split(" ")[0] for line in forward.seen] == ["CONNECT"]


# --- where a connection failed, and why -------------------------------------------------------


async def test_a_closed_port_is_named_with_the_reason(scenario_emulator: Emulator) -> None:
    with closed_port() as port:
        scenario = client(scenario_emulator, AiohttpTransport(), f"http://127.0.0.1:{port}/v1")
        error = await failure(scenario)
    assert error.message == (
        f"GET /models/model_x: could not connect to 127.0.0.1:{port} (connection refused): "
        "check base_url and that the server is up"
    )
    assert error.request_sent is False
    assert error.transient is True
    # What failed is kept, not aiohttp's frames: their locals hold the request as written.
    assert isinstance(error.__cause__, OSError)
    assert error.__cause__.__traceback__ is None


async def test_tls_to_a_plain_http_server_fails_saying_to_check_the_scheme(
    scenario_emulator: Emulator,
) -> None:
    https = scenario_emulator.base_url.replace("http://", "https://")
    error = await failure(client(scenario_emulator, AiohttpTransport(), https))
    where = f"127.0.0.1:{scenario_emulator.port}"
    assert error.message.startswith(f"GET /models/model_x: the TLS handshake with {where} ")
    assert error.message.endswith(": check that base_url's scheme and port are the server's")


async def test_a_connect_timeout_names_the_host(scenario_emulator: Emulator) -> None:
    with unaccepting_port() as port:
        scenario = client(scenario_emulator, AiohttpTransport(), f"http://127.0.0.1:{port}/v1")
        error = await failure(scenario.with_options(timeout=Timeout(total=None, connect=0.2)))
    assert isinstance(error, APITimeoutError)
    assert error.message == (
        f"GET /models/model_x: timed out connecting to 127.0.0.1:{port}, nothing sent"
    )


@pytest.mark.parametrize("given", ["argument", "environment"])
async def test_an_unreachable_proxy_is_named_without_its_credentials(
    environment: pytest.MonkeyPatch, scenario_emulator: Emulator, given: str
) -> None:
    with closed_port() as port:
        proxy_url = f"http://proxy-user:hunter2-secret@127.0.0.1:{port}"
        if given == "argument":
            transport, check = AiohttpTransport(proxy=proxy_url), "check proxy= "
        else:
            environment.setenv("HTTP_PROXY", proxy_url)
            transport, check = AiohttpTransport(), "check HTTP_PROXY "
        error = await failure(client(scenario_emulator, transport))
    assert error.message.startswith(
        f"GET /models/model_x: could not connect to the proxy http://127.0.0.1:{port} "
        f"(connection refused): {check}"
    )
    # aiohttp's error holds the proxy's URL: it is not kept, and nothing printed shows it.
    assert error.__cause__ is None
    assert error.__context__ is None
    printed = "".join(traceback.format_exception(error)) + repr(transport.__dict__)
    assert "hunter2" not in printed


@pytest.mark.parametrize(
    ("answer", "transient", "attempts"),
    [("407 Proxy Authentication Required", False, 1), ("503 Service Unavailable", True, 3)],
    ids=["refused for good", "for the moment"],
)
async def test_a_proxy_refusing_the_tunnel_is_named_with_its_answer(
    scenario_emulator: Emulator, https_base_url: str, answer: str, transient: bool, attempts: int
) -> None:
    refusing = ForwardProxy(refusal=f"HTTP/1.1 {answer}\r\nContent-Length: 0\r\n\r\n".encode())
    async with serving(refusing.handle) as port:
        transport = AiohttpTransport(proxy=f"http://127.0.0.1:{port}", verify=False)
        scenario = client(scenario_emulator, transport, https_base_url)
        error = await failure(scenario.with_options(max_retries=2))
    where = origin(https_base_url).removeprefix("https://")
    assert error.message == (
        f"GET /models/model_x: the proxy http://127.0.0.1:{port} refused a tunnel to {where} "
        f"({answer}): check proxy= (its host, port and credentials)"
    )
    assert error.request_sent is False
    assert error.__cause__ is None
    assert error.__context__ is None
    # A refusal of our credentials stands; a proxy unavailable for now is tried again.
    assert (error.transient, len(refusing.seen)) == (transient, attempts)
