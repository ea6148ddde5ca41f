"""JSON nested deeper than msgspec follows on any supported Python.

How deep msgspec can go is the interpreter's to say: on 3.11, Python's recursion limit less
the frames on the stack (under 1,000 levels); on 3.12, a C recursion limit of its own (about
1,500); on 3.13, about 10,000. A test that means "too deep" must be too deep on all of them.
"""

from __future__ import annotations

TOO_DEEP_LEVELS = 100_000


def nested(levels: int) -> bytes:
    """`levels` arrays, each inside the one before, as JSON; built as bytes, not by recursion."""
    return b"[" * levels + b"]" * levels


TOO_DEEP = nested(TOO_DEEP_LEVELS)
