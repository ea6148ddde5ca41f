"""`AiohttpTransport`'s proxy and TLS choices, refused where they are given: nothing is sent,
and no refusal shows a credential its value held."""

from __future__ import annotations

import os
import ssl
from pathlib import Path
from typing import Any

import pytest

from scenario_async import AiohttpTransport, AsyncScenario, DefaultAioHttpClient


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """`monkeypatch`, with no proxy variable of the machine's left."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"ssl": "ca.pem"}, TypeError, r"ssl must be an ssl\.SSLContext, not str"),
        ({"ssl": ssl.create_default_context(), "verify": False}, ValueError, "both given"),
        ({"ssl": ssl.create_default_context(), "verify": "ca.pem"}, ValueError, "both given"),
        ({"verify": None}, TypeError, "verify must be True, False or the path of a CA bundle"),
        ({"verify": 1}, TypeError, "not int"),
        ({"verify": ""}, ValueError, "an empty path names no file"),
        ({"verify": "/no/such/ca.pem"}, ValueError, r"'/no/such/ca\.pem': there is no such file"),
        ({"trust_env": "no"}, TypeError, "trust_env must be True or False"),
        ({"proxy": 3128}, TypeError, "proxy must be a URL string"),
        ({"proxy": "socks5://127.0.0.1:1080"}, ValueError, "proxy is a socks5:// URL"),
        ({"proxy": "127.0.0.1:3128"}, ValueError, "proxy is a URL without a scheme"),
        ({"proxy": "http://"}, ValueError, r"proxy is a URL without a host, not an http://"),
        (
            {"proxy": "http://[::1"},
            ValueError,
            r"^proxy is not a URL: pass proxy='http://host:port'",
        ),
    ],
)
def test_a_bad_choice_is_refused_when_the_transport_is_made(
    options: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        AiohttpTransport(**options)


def test_a_verify_file_that_holds_no_certificate_is_refused(tmp_path: Path) -> None:
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("not a certificate\n")
    with pytest.raises(ValueError, match="cannot be read as CA certificates") as caught:
        AiohttpTransport(verify=not_pem)
    assert str(not_pem) in str(caught.value)


def test_the_choices_that_hold_are_taken(tmp_path: Path) -> None:
    # A directory of CA certificates is a bundle too, as in the official SDK (httpx).
    AiohttpTransport(verify=tmp_path)
    AiohttpTransport(verify=False)
    AiohttpTransport(ssl=ssl.create_default_context(), verify=True)
    AiohttpTransport(proxy="https://user:password@127.0.0.1:3128")


@pytest.mark.parametrize("proxy", ["http://user:s3cret-pass@127.0.0.1:99999", "ftp://u:s3cret@h"])
def test_a_refused_proxy_never_shows_its_credentials(proxy: str) -> None:
    with pytest.raises(ValueError, match=r"^proxy is ") as caught:
        AiohttpTransport(proxy=proxy)
    assert "s3cret" not in str(caught.value)


def test_a_proxy_of_the_environment_is_refused_naming_its_variable(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("ALL_PROXY", "socks5://user:s3cret@127.0.0.1:1080")
    with pytest.raises(ValueError) as caught:
        AiohttpTransport()
    assert str(caught.value) == (
        "ALL_PROXY is a socks5:// URL, not an http:// or https:// proxy: set ALL_PROXY to an "
        "http:// or https:// proxy, or pass AiohttpTransport(trust_env=False) to ignore the "
        "environment's proxies"
    )
    # Not read when told not to, nor when the variables of each scheme shadow it.
    AiohttpTransport(trust_env=False)
    environment.setenv("HTTP_PROXY", "http://127.0.0.1:3128")
    environment.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    AiohttpTransport()


def test_the_sdks_http_client_is_refused_pointing_to_the_transports_options() -> None:
    for refused in (
        lambda: AsyncScenario(api_key="k", api_secret="s", http_client=object()),
        DefaultAioHttpClient,
    ):
        with pytest.raises(TypeError, match=r"transport=AiohttpTransport\(proxy=.*ssl=.*verify="):
            refused()
