"""Integration tests run against the emulator over loopback sockets.

The emulator's pytest plugin is registered by the package's `pytest11` entry point once
installed; registering it here too only when it is missing keeps both setups working
without registering it twice.
"""

from __future__ import annotations

import pytest

from scenario_async.emulator import pytest_plugin


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.is_registered(pytest_plugin):
        config.pluginmanager.register(pytest_plugin, "scenario_async.emulator")
