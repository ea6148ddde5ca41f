"""Mistakes that say what to do: a client used with a plain `with` (refused at run time, and by
a type checker), and half of a key pair, which is not "no credentials" and is reported, as in
the official SDK, at the first request rather than at construction."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_async import AsyncScenario, MissingCredentialsError, MockTransport, TransportResponse
from tests.support.typecheck import mypy_strict

VARIABLES = ("SCENARIO_SDK_API_KEY", "SCENARIO_SDK_API_SECRET", "SCENARIO_SDK_JWT")


@pytest.fixture(autouse=True)
def no_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_a_plain_with_says_to_use_async_with() -> None:
    client = AsyncScenario(api_key="k", api_secret="s")
    refusal = pytest.raises(TypeError, match=r"use `async with AsyncScenario\(\.\.\.\)")
    with refusal, client:  # type: ignore[attr-defined]
        raise AssertionError("entered")
    assert not client.is_closed()


def test_a_type_checker_flags_a_plain_with(tmp_path: Path) -> None:
    out, _, status = mypy_strict(
        tmp_path,
        """
        from scenario_async import AsyncScenario

        def main() -> None:
            with AsyncScenario() as client:
                print(client)
        """,
    )
    assert status == 1
    assert 'caller.py:5: error: "AsyncScenario" has no attribute "__enter__"' in out, out


@pytest.mark.parametrize(
    ("arguments", "environment", "missing", "how"),
    [
        ({"api_key": "k"}, {}, "api_secret is not", "SCENARIO_SDK_API_SECRET"),
        ({}, {"SCENARIO_SDK_API_KEY": "k"}, "api_secret is not", "pass api_secret="),
        ({"api_secret": "s"}, {}, "api_key is not", "SCENARIO_SDK_API_KEY"),
        ({}, {"SCENARIO_SDK_API_SECRET": "s"}, "api_key is not", "pass api_key="),
        ({"api_key": "k"}, {"SCENARIO_SDK_API_KEY": "k2"}, "api_secret is not", "api_secret="),
        ({}, {}, "no credentials", "SCENARIO_SDK_JWT"),
    ],
)
async def test_half_a_key_pair_says_which_half_is_missing_at_the_first_request(
    monkeypatch: pytest.MonkeyPatch,
    arguments: dict[str, str],
    environment: dict[str, str],
    missing: str,
    how: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    transport = MockTransport(lambda request: TransportResponse(200, {}, b"{}"))
    async with AsyncScenario(transport=transport, **arguments) as client:
        with pytest.raises(MissingCredentialsError) as caught:
            await client.models.retrieve("m")
    assert missing in str(caught.value) and how in str(caught.value)
    assert "no credentials" not in str(caught.value) or not (arguments or environment)
    assert transport.requests == []


async def test_half_a_key_pair_beside_a_bearer_token_sends_the_token() -> None:
    transport = MockTransport(lambda request: TransportResponse(200, {}, b'{"model": {}}'))
    async with AsyncScenario(api_key="k", bearer_auth="jwt", transport=transport) as client:
        await client.models.retrieve.raw("m")
    assert transport.requests[0].headers["Authorization"] == "Bearer jwt"
