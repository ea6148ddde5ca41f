"""The `scenario_emulator` pytest fixture: a running `Emulator` per test.

Configure it with a marker, whose keyword arguments go to `Emulator`:

    @pytest.mark.scenario_emulator(training_seconds=0.5, models=100)
    async def test_x(scenario_emulator): ...

With `hold=True` the emulator's clock stands still until the test moves it
(`scenario_emulator.advance_to(model_id, "running-train")`, `advance`, `release`).

Needs pytest-asyncio; without it the plugin defines nothing, so it never breaks a test run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .server import Emulator

__all__ = ["pytest_configure"]

_MARKER = "scenario_emulator"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{_MARKER}(**options): keyword arguments for the scenario_emulator fixture"
    )


try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - the fixture needs an asyncio test runner
    pass
else:

    @pytest_asyncio.fixture
    async def scenario_emulator(request: pytest.FixtureRequest) -> AsyncIterator[Emulator]:
        """A running emulator; `emulator.base_url`, `api_key` and `api_secret` connect to it."""
        marker = request.node.get_closest_marker(_MARKER)
        options = dict(marker.kwargs) if marker else {}
        async with Emulator(**options) as emulator:
            yield emulator
