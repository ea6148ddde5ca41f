"""tests/user_code/migrated_from_sdk.py is a program written for the official SDK: with its
imports switched back to `scenario_sdk` it type-checks clean under mypy --strict and pyright
strict, as it does with ours (`make typecheck` checks that side). So switching the import is
all a migration needs, for a program of the SDK's as a type checker reads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.typecheck import mypy_strict

PROGRAM = Path(__file__).resolve().parents[1] / "user_code" / "migrated_from_sdk.py"


def sdk_program() -> str:
    return PROGRAM.read_text().replace("scenario_async", "scenario_sdk")


def test_the_migrated_program_is_a_clean_sdk_program_under_mypy(tmp_path: Path) -> None:
    out, err, status = mypy_strict(tmp_path, sdk_program())
    assert status == 0 and not err, out


def test_the_migrated_program_is_a_clean_sdk_program_under_pyright(tmp_path: Path) -> None:
    (tmp_path / "program.py").write_text(sdk_program())
    (tmp_path / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11"})
    )
    venv_bin = Path(sys.executable).parent
    done = subprocess.run(
        [str(venv_bin / "pyright"), "--outputjson", "program.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    report = json.loads(done.stdout)
    assert report["summary"]["errorCount"] == 0, report["generalDiagnostics"]
    assert report["summary"]["filesAnalyzed"] == 1
