"""User code type-checked as a user's project would check it: mypy --strict, on Python 3.11."""

from __future__ import annotations

import textwrap
from pathlib import Path

import mypy.api


def mypy_strict(tmp_path: Path, code: str) -> tuple[str, str, int]:
    """mypy --strict's output, errors and status for `code` (dedented) as `caller.py`."""
    source = tmp_path / "caller.py"
    source.write_text(textwrap.dedent(code))
    cache = tmp_path / "cache"
    return mypy.api.run(
        ["--strict", "--cache-dir", str(cache), "--python-version", "3.11", str(source)]
    )
