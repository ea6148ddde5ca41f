"""What a newcomer's machine relies on: the Makefile picks a supported Python and never reuses a
venv another Python made; the release facts (version, license, supported Pythons, dependency
floors) are stated once and agree wherever they are read."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import scenario_async
from tools.floor_pins import floor_pins

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "make"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SUPPORTED = ["3.11", "3.12", "3.13"]


# What an outer make (`make test` running this suite) hands down: its command line's variables,
# PYTHON and VENV among them, would otherwise be the inner make's too.
INHERITED = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PYTHON", "VENV", "FLOOR_PINS"}


def make(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in INHERITED}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [MAKE, "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def fake_python(tmp_path: Path, name: str, version: str) -> Path:
    """An executable that answers the Makefile's checks as Python `version` would."""
    script = tmp_path / name
    script.write_text(
        f'#!/bin/sh\nexec {sys.executable} -c "import sys, platform; '
        f"sys.version_info = tuple(int(n) for n in '{version}'.split('.')) + ('final', 0); "
        f'platform.python_version = lambda: \'{version}\'; exec(sys.argv[1])" "$2"\n'
    )
    script.chmod(0o755)
    return script


def test_make_takes_the_running_python_when_it_is_supported() -> None:
    assert make("python", f"PYTHON={sys.executable}").returncode == 0


@pytest.mark.parametrize("version", ["3.10.13", "3.14.0"])
def test_make_refuses_an_unsupported_python_and_says_what_to_do(
    tmp_path: Path, version: str
) -> None:
    python = fake_python(tmp_path, "python-old", version)
    done = make("test", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}")
    assert done.returncode == 2
    assert f"make needs Python 3.11, 3.12 or 3.13, and {python} is none of them" in done.stderr
    assert "PYTHON=/path/to/python3.12" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_make_finds_a_supported_python_by_its_versioned_name(tmp_path: Path) -> None:
    fake_python(tmp_path, "python3", "3.10.13")
    fake_python(tmp_path, "python3.12", "3.12.1")
    done = make("-n", "suite", f"VENV={tmp_path / 'venv'}", path=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "python3.12 -m venv" in done.stdout


def test_make_says_so_when_no_python_is_supported(tmp_path: Path) -> None:
    fake_python(tmp_path, "python3", "3.10.13")
    done = make("test", path=str(tmp_path))
    assert done.returncode == 2
    assert "none of python3 python3.13 python3.12 python3.11 runs here" in done.stderr


def test_a_venv_made_by_another_python_is_made_anew(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".made-by-cpython-3.9.0").touch()
    (venv / "bin" / ".installed").touch()
    done = make("-n", "suite", f"PYTHON={sys.executable}", f"VENV={venv}")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [f"rm -rf {venv}", f"{sys.executable} -m venv {venv}"]
    assert any(line.startswith(f"{venv}/bin/pip install --quiet -e") for line in lines)


def test_a_venv_this_python_made_is_kept(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    major, minor, micro = sys.version_info[:3]
    (venv / "bin").mkdir(parents=True)
    (venv / f".made-by-cpython-{major}.{minor}.{micro}").touch()
    (venv / "bin" / ".installed").touch()
    done = make("-n", "suite", f"PYTHON={sys.executable}", f"VENV={venv}")
    assert done.returncode == 0, done.stderr
    assert "rm -rf" not in done.stdout
    assert f"{venv}/bin/pytest -n auto" in done.stdout


def test_the_version_is_one_fact() -> None:
    assert scenario_async.__version__ == importlib.metadata.version("scenario-async")
    assert re.fullmatch(r"\d+\.\d+\.\d+", scenario_async.__version__)


def test_the_license_is_stated_and_shipped() -> None:
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    assert "License :: OSI Approved :: MIT License" in PYPROJECT["project"]["classifiers"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")


def test_the_classifiers_name_every_supported_python_and_only_those() -> None:
    classified = [
        c.rsplit(" ", 1)[1]
        for c in PYPROJECT["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert classified == SUPPORTED
    assert PYPROJECT["project"]["requires-python"] == f">={SUPPORTED[0]}"
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in SUPPORTED


def test_every_runtime_dependency_has_a_floor_the_floor_job_pins() -> None:
    pins = floor_pins(PYPROJECT)
    names = [pin.split("==")[0] for pin in pins]
    assert names == ["aiohttp", "msgspec", "anyio", "yarl", "multidict", "rich"]
    assert "aiohttp==3.14.3" in pins


def test_a_dependency_without_a_floor_is_refused() -> None:
    project = {**PYPROJECT["project"], "dependencies": ["aiohttp"]}
    with pytest.raises(SystemExit, match="'aiohttp' has no '>=' floor"):
        floor_pins({"project": project})
