"""What every command line test starts from: none of the machine's `SCENARIO_*` variables (the
credentials, base URL and headers the CLI reads), so that a test sets what it means to; and
`credentials`, for the tests that mean the test's emulator."""

from __future__ import annotations

import os

import pytest

from scenario_async.emulator import Emulator


@pytest.fixture(autouse=True)
def no_scenario_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SCENARIO_"):
            monkeypatch.delenv(name)


@pytest.fixture
def credentials(scenario_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI pointed at the test's emulator, as a user would: by the environment."""
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", scenario_emulator.api_key)
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", scenario_emulator.api_secret)
    monkeypatch.setenv("SCENARIO_BASE_URL", scenario_emulator.base_url)
