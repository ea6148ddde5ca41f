"""A client's settings: one frozen value, checked whenever it is made, `replace` included."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scenario_async import AsyncScenario, RetryPolicy
from scenario_async.auth import Credentials, Secret
from scenario_async.config import ClientConfig

KEY_PAIR = Credentials(Secret("key"), Secret("secret"))


def test_a_replaced_setting_is_checked_as_a_given_one() -> None:
    config = ClientConfig(credentials=KEY_PAIR)
    with pytest.raises(ValueError, match="base_url must be an http"):
        replace(config, base_url="ftp://api.example/v1")
    with pytest.raises(ValueError, match="max_response_bytes must be at least 1"):
        replace(config, max_response_bytes=0)
    with pytest.raises(TypeError, match="retry_policy must be a RetryPolicy"):
        replace(config, retry_policy=2)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_what_requests_carry_follows_a_replaced_setting() -> None:
    config = ClientConfig(
        base_url="https://api.example/v1/", credentials=KEY_PAIR, default_headers={"X-T": "t"}
    )
    assert config.base_url == "https://api.example/v1"
    assert config.request_headers is not None and config.request_headers["X-T"] == "t"
    secret = replace(config, secret_headers=config.secret_headers | {"x-t"})
    assert secret.request_headers is not None
    assert isinstance(secret.request_headers["X-T"], Secret)
    assert {"authorization", "cookie", "x-t"} <= secret.secret_headers
    assert replace(config, credentials=Credentials()).request_headers is None
    elsewhere = replace(config, base_url="http://api.example:8080")
    assert elsewhere.base_origin == ("http", "api.example", 8080)
    assert elsewhere.plain_http_host == "api.example"
    assert "is base_url missing it?" in elsewhere.not_found_hint


def test_the_repr_of_a_config_shows_no_credential() -> None:
    credentials = Credentials(Secret("key-value"), Secret("secret-value"))
    config = ClientConfig(credentials=credentials, default_headers={"X-Api-Key": "token-value"})
    shown = repr(config)
    assert not any(text in shown for text in ("key-value", "secret-value", "token-value"))
    assert "[secure]" in shown


def test_max_retries_replaces_the_policys_own() -> None:
    config = ClientConfig(retry_policy=RetryPolicy(max_retries=5, initial_delay=0.5))
    assert config.retrying_at_most(None) is config
    assert config.retrying_at_most(1).retry_policy == RetryPolicy(max_retries=1, initial_delay=0.5)


async def test_a_copy_replaces_the_settings_and_shares_the_rest() -> None:
    client = AsyncScenario(api_key="key", api_secret="secret", default_headers={"X-A": "a"})
    copied = client.copy(timeout=5, default_headers={"X-B": "b"}, api_key="other")
    assert copied._config == replace(
        client._config,
        timeout=copied.timeout,
        default_headers={"X-A": "a", "X-B": "b"},
        credentials=Credentials(Secret("other"), Secret("secret")),
    )
    assert copied.timeout.total == 5.0
    assert copied._transport is client._transport
    await client.close()
    assert copied.is_closed()
