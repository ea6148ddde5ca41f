"""The webhook URL the emulator is given: checked where it is given, with a message that says
what is expected, and never echoing a credential."""

from __future__ import annotations

import pytest

from scenario_async.emulator import Emulator
from scenario_async.emulator.webhooks import checked_webhook_url

_EXPECTED = "webhook_url must be an absolute http:// or https:// URL with a host"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/webhooks",
        "https://hooks.example.test/scenario?token=abc",
        "http://[::1]:9000/",
        "http://localhost",
    ],
)
def test_an_http_url_with_a_host_is_taken_as_it_is(url: str) -> None:
    assert checked_webhook_url(url) == url
    assert Emulator(webhook_url=url).webhooks.delivered == 0


@pytest.mark.parametrize(
    "url",
    [
        "",
        "/webhooks",
        "127.0.0.1:8000/webhooks",
        "ftp://example.test/webhooks",
        "http:///webhooks",
        "http://[::1/webhooks",
        "http://example.test:99999/",
        "http://example.test/web hooks",
        "http://example.test/\nwebhooks",
    ],
)
def test_a_url_deliveries_cannot_be_posted_to_is_refused_at_construction(url: str) -> None:
    with pytest.raises(ValueError, match=_EXPECTED):
        Emulator(webhook_url=url)


def test_a_url_with_credentials_is_refused_without_echoing_them() -> None:
    with pytest.raises(ValueError, match="no user or password") as refused:
        checked_webhook_url("https://hook-user:s3cret@example.test/webhooks")
    assert "s3cret" not in str(refused.value) and "hook-user" not in str(refused.value)


def test_a_url_that_is_not_a_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="webhook_url must be a str, not bytes"):
        checked_webhook_url(b"http://example.test/")
