"""Settings for the whole suite.

Hypothesis runs without a per-example deadline: its default (200 ms an example) is a bound on
wall-clock time, which a loaded machine can exceed on any example without the code being at
fault, and Hypothesis then fails the test as flaky. No property of this project is a timing;
the benchmarks measure time, the tests do not.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("suite", deadline=None)
settings.load_profile("suite")
