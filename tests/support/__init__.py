"""Shared helpers for the test suite: recorded samples and wire-level request capture."""
