"""A local Scenario models API (aiohttp.web, in memory) for tests, benchmarks and demos.

    async with Emulator(api_key="k", api_secret="s", training_seconds=1, seed=7) as emu:
        async with AsyncScenario(api_key="k", api_secret="s", base_url=emu.base_url) as c:
            ...

Pytest users get the `scenario_emulator` fixture from `scenario_async.emulator.pytest_plugin`.
"""

from .answers import ErrorAnswer
from .faults import Faults
from .server import Emulator
from .store import Store
from .training import Durations, TrainingSchedule
from .webhooks import WebhookCounts

__all__ = [
    "Durations",
    "Emulator",
    "ErrorAnswer",
    "Faults",
    "Store",
    "TrainingSchedule",
    "WebhookCounts",
]
