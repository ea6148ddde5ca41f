"""scenario_async: a typed, async-only client for Scenario's models API."""
