"""Generated files are what their generator writes today: a builder's changed signature that
was not regenerated fails here, before a type checker reads the stale one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_operation_signatures_are_regenerated() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_signatures.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
