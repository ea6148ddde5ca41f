"""Every script in examples/ runs, as a user would run it, against the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import msgspec
import pytest

from scenario_async import AsyncScenario
from scenario_async.emulator import Emulator
from tests.support.emulated import client_of, start_trainings
from tests.support.processes import running

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_every_example_has_a_test() -> None:
    tested = {"watcher_service.py", "bulk_export.py", "training_pipeline.py"}
    assert {path.name for path in EXAMPLES.glob("*.py")} == tested


def environment(emulator: Emulator) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENARIO_")}
    return env | {
        "SCENARIO_SDK_API_KEY": emulator.api_key,
        "SCENARIO_SDK_API_SECRET": emulator.api_secret,
        "SCENARIO_BASE_URL": emulator.base_url,
    }


async def run_example(
    emulator: Emulator, name: str, *args: str, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    with anyio.fail_after(60):
        return await anyio.run_process(
            [sys.executable, str(EXAMPLES / name), *args], env=environment(emulator), check=check
        )


@pytest.fixture
async def client(scenario_emulator: Emulator) -> AsyncIterator[AsyncScenario]:
    async with client_of(scenario_emulator) as client:
        yield client


@pytest.mark.scenario_emulator(training_seconds=0.5, training_slots=1, hold=True)
async def test_watcher_service_reports_each_training_to_its_one_end(
    scenario_emulator: Emulator, client: AsyncScenario
) -> None:
    ids = await start_trainings(client, 3, "Example")
    idle = (await client.models.create(name="Not training", type="flux.1-lora")).model.id
    command = [sys.executable, str(EXAMPLES / "watcher_service.py"), "--once", "--poll", "0.1"]
    async with running(command, environment(scenario_emulator)) as service:
        # The clock is held until the service has seen every training (its first tick reports
        # each one pending), however long it took to start.
        await service.wait_for(*ids)
        scenario_emulator.release()
        assert await service.finish() == 0, service.stderr
    lines = [msgspec.json.decode(line) for line in service.stdout.splitlines()]
    assert {line["model_id"] for line in lines} == set(ids)
    assert idle not in {line["model_id"] for line in lines}
    terminal = [line["model_id"] for line in lines if line["event"] == "Trained"]
    assert sorted(terminal) == sorted(ids)
    assert "StageChanged" in {line["event"] for line in lines}
    assert service.stderr == "watching 3 model(s) in training\n"


async def test_bulk_export_writes_every_model_as_a_json_line(
    scenario_emulator: Emulator, client: AsyncScenario, tmp_path: Path
) -> None:
    ids = [
        (await client.models.create(name=f"Export {n}", type="flux.1-lora")).model.id
        for n in range(4)
    ]
    output = tmp_path / "models.jsonl"
    result = await run_example(scenario_emulator, "bulk_export.py", "-o", str(output))
    exported = [msgspec.json.decode(line) for line in output.read_bytes().splitlines()]
    assert sorted(model["id"] for model in exported) == sorted(ids)
    assert {model["name"] for model in exported} == {f"Export {n}" for n in range(4)}
    assert result.stderr == b"exported 4 model(s)\n"

    result = await run_example(
        scenario_emulator, "bulk_export.py", ids[0], "model_missing", check=False
    )
    assert result.returncode == 1
    assert [msgspec.json.decode(line)["id"] for line in result.stdout.splitlines()] == [ids[0]]
    assert result.stderr == b"not found: model_missing\nexported 1 model(s)\n"


@pytest.mark.scenario_emulator(training_seconds=0.5)
async def test_training_pipeline_creates_uploads_trains_and_waits(
    scenario_emulator: Emulator, client: AsyncScenario, tmp_path: Path
) -> None:
    images = []
    for n in range(2):
        image = tmp_path / f"image-{n}.png"
        image.write_bytes(b"\x89PNG fake image bytes")
        images.append(str(image))
    result = await run_example(
        scenario_emulator, "training_pipeline.py", "--name", "Piped", "--poll", "0.1", *images
    )
    out = result.stdout.decode().splitlines()
    model_id = out[0].removeprefix("created ")
    assert out[1] == "uploaded 2 training image(s)"
    assert out[2].startswith(f"trained {model_id} in ")
    model = (await client.models.retrieve(model_id)).model
    assert (model.name, model.status, model.training_images_number) == ("Piped", "trained", 2)
    assert b"RequestSent: PUT /models/" in result.stderr


@pytest.mark.scenario_emulator(training_seconds=0.5, failure_rate=1.0)
async def test_training_pipeline_reports_a_failed_training(scenario_emulator: Emulator) -> None:
    result = await run_example(
        scenario_emulator, "training_pipeline.py", "--poll", "0.1", check=False
    )
    assert result.returncode == 1
    assert b"training did not succeed: training of model_" in result.stderr
