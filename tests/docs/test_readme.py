"""Every code block of README.md runs.

Python blocks, by what they contain (the rule the README states):
- a block that defines `test_` functions is a test module: pytest runs it in a subprocess;
- a block with a bare `await` is a snippet: it runs inside an `async def` whose namespace
  holds `client` (an `AsyncScenario` connected to the emulator), `model_ids` (three models
  whose training was just triggered) and `model_id` (the first of them);
- any other block is a script: it runs as `__main__`, with the environment pointing the
  library at the emulator.
Shell blocks: each `scenario-async ...` line parses, and each `make X` is a target of the
Makefile.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest

from scenario_async import AsyncScenario
from scenario_async.cli import ExitCode, build_parser
from scenario_async.emulator import Emulator
from tests.support.emulated import training_models

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    language: str
    source: str
    line: int

    @property
    def code(self) -> object:
        # dont_inherit: the blocks run without this module's `from __future__ import annotations`.
        return compile(
            self.source,
            f"README.md:{self.line}",
            "exec",
            flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
            dont_inherit=True,
        )

    @property
    def kind(self) -> str:
        if re.search(r"^(async )?def test_", self.source, re.MULTILINE):
            return "test"
        code = self.code
        assert inspect.iscode(code)
        return "snippet" if code.co_flags & inspect.CO_COROUTINE else "script"


def readme_blocks(language: str) -> list[Block]:
    text = README.read_text()
    return [
        Block(match[1], match[2], text.count("\n", 0, match.start()) + 1)
        for match in FENCE.finditer(text)
        if match[1] == language
    ]


PYTHON = readme_blocks("python")


def by_kind(kind: str) -> list[Any]:
    return [pytest.param(b, id=f"README.md:{b.line}") for b in PYTHON if b.kind == kind]


def test_the_readme_has_blocks_of_every_kind() -> None:
    assert all(by_kind(kind) for kind in ("test", "snippet", "script"))


@pytest.fixture
def environment(scenario_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCENARIO_SDK_JWT", raising=False)
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", scenario_emulator.api_key)
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", scenario_emulator.api_secret)
    monkeypatch.setenv("SCENARIO_BASE_URL", scenario_emulator.base_url)


@pytest.mark.usefixtures("environment")
@pytest.mark.parametrize("block", by_kind("script"))
async def test_script(block: Block) -> None:
    await anyio.to_thread.run_sync(exec, block.code, {"__name__": "__main__"})


def run_snippet(block: Block, emulator: Emulator, model_ids: list[str]) -> None:
    async def snippet() -> None:
        async with AsyncScenario(
            api_key=emulator.api_key, api_secret=emulator.api_secret, base_url=emulator.base_url
        ) as client:
            namespace = {"client": client, "model_ids": model_ids, "model_id": model_ids[0]}
            await eval(block.code, namespace)

    asyncio.run(snippet())


@pytest.mark.usefixtures("environment")
@pytest.mark.scenario_emulator(training_seconds=0.3)
@pytest.mark.parametrize("block", by_kind("snippet"))
async def test_snippet(block: Block, scenario_emulator: Emulator) -> None:
    model_ids = await training_models(scenario_emulator, 3, "Readme")
    await anyio.to_thread.run_sync(run_snippet, block, scenario_emulator, model_ids)


@pytest.mark.parametrize("block", by_kind("test"))
async def test_test_module(block: Block, tmp_path: Path) -> None:
    (tmp_path / "test_from_readme.py").write_text(block.source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENARIO_")}
    result = await anyio.run_process(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_from_readme.py"],
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout.decode()
    assert b"1 passed" in result.stdout


def test_the_exit_code_table_lists_every_code() -> None:
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", README.read_text(), re.M)}
    assert documented == {int(code) for code in ExitCode}


SHELL_LINES = [
    line.strip()
    for block in readme_blocks("sh")
    for line in block.source.splitlines()
    if line.strip()
]


COMMANDS = [
    command.strip()
    for line in SHELL_LINES
    for command in line.split(" | ")
    if command.strip().startswith("scenario-async ")
]


@pytest.mark.parametrize("command", COMMANDS)
def test_command_line_parses(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(command)[1:]
    if argv == ["--version"]:
        with pytest.raises(SystemExit) as leaving:
            build_parser().parse_args(argv)
        assert (leaving.value.code, capsys.readouterr().out.split()[0]) == (0, "scenario-async")
        return
    args = build_parser().parse_args(argv)
    assert callable(args.run)


@pytest.mark.parametrize(
    "target", [line.split()[1] for line in SHELL_LINES if line.startswith("make ")]
)
def test_make_target_exists(target: str) -> None:
    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
