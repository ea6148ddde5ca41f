"""`scenario-async models ...` and `demo`, run in-process (`main(argv)`) against the emulator.

`main` runs its own event loop, so it runs in a worker thread while the emulator fixture
serves on the test's loop. Output is read from capsys, exit codes from `main`'s return value.
Tests that need a training seen in a given stage hold the emulator's clock there until the
command has printed it, rather than hoping the command looks in time.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import msgspec
import pytest

from scenario_async import AsyncScenario
from scenario_async.cli import ExitCode, main
from scenario_async.cli.demo import TRAINING_IMAGE
from scenario_async.emulator import Emulator
from tests.support.cli import cli
from tests.support.emulated import client_of
from tests.support.waiting import until


@pytest.fixture
async def client(scenario_emulator: Emulator) -> AsyncIterator[AsyncScenario]:
    async with client_of(scenario_emulator) as client:
        yield client


async def new_model(client: AsyncScenario, name: str, *, images: int = 1) -> str:
    model = (await client.models.create(name=name, type="flux.1-lora")).model
    for _ in range(images):
        await client.models.training_images.add(model.id, data=TRAINING_IMAGE, name="a.png")
    return model.id


def json_lines(text: str) -> list[dict[str, Any]]:
    return [msgspec.json.decode(line) for line in text.splitlines()]


class Printed:
    """What a command run by `cli` prints, read while it runs."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys
        self.out = ""

    def read(self) -> str:
        self.out += self._capsys.readouterr().out
        return self.out

    async def wait_for(self, text: str) -> None:
        await until(lambda: text in self.read())


async def hold_running_until_printed(
    emulator: Emulator, model_id: str, printed: Printed, text: str
) -> None:
    """Once `model_id` trains, keep it half-way through running-train until `text` is printed."""
    await until(lambda: model_id in emulator.store.schedule)
    emulator.advance_to(model_id, "running-train", progress=0.5)
    await printed.wait_for(text)
    emulator.release()


# --- success paths ---------------------------------------------------------------------------


@pytest.mark.usefixtures("credentials")
async def test_list_prints_a_table_of_every_model(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [await new_model(client, f"Listed {n}", images=0) for n in range(3)]
    assert await cli("models", "list", "--page-size", "2") == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TYPE", "STATUS", "UPDATED"]
    assert sorted(line.split()[0] for line in lines[1:]) == sorted(ids)
    assert all("flux.1-lora" in line and " new " in line for line in lines[1:])


@pytest.mark.usefixtures("credentials")
async def test_list_json_is_one_model_per_line_and_honours_limit(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = {await new_model(client, f"Listed {n}", images=0) for n in range(3)}
    assert await cli("models", "list", "--json", "--limit", "2", "--page-size", "1") == 0
    models = json_lines(capsys.readouterr().out)
    assert len(models) == 2
    assert {model["id"] for model in models} <= ids
    assert all(model["type"] == "flux.1-lora" for model in models)


@pytest.mark.usefixtures("credentials")
async def test_list_with_no_models_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli("models", "list") == ExitCode.OK
    assert capsys.readouterr().out == "no models\n"


@pytest.mark.usefixtures("credentials")
async def test_get_shows_the_model(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Shown", images=2)
    assert await cli("models", "get", model_id) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"id:              {model_id}\n" in out
    assert "name:            Shown\n" in out
    assert "training images: 2" in out

    assert await cli("models", "get", model_id, "--json") == ExitCode.OK
    (model,) = json_lines(capsys.readouterr().out)
    assert model["id"] == model_id and model["name"] == "Shown"
    assert model["trainingImagesNumber"] == 2


@pytest.mark.usefixtures("credentials")
async def test_bulk_fetches_every_id(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [await new_model(client, f"Bulk {n}", images=0) for n in range(3)]
    assert await cli("models", "bulk", *ids, "--json") == ExitCode.OK
    assert [model["id"] for model in json_lines(capsys.readouterr().out)] == ids

    assert await cli("models", "bulk", *ids) == ExitCode.OK
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ids


@pytest.mark.usefixtures("credentials")
async def test_bulk_reads_ids_from_stdin(
    client: AsyncScenario, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [await new_model(client, f"Piped {n}", images=0) for n in range(2)]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{i}\n" for i in ids)))
    assert await cli("models", "bulk", "-", "--json") == ExitCode.OK
    assert [model["id"] for model in json_lines(capsys.readouterr().out)] == ids

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert await cli("models", "watch", "-") == ExitCode.USAGE
    assert capsys.readouterr().err == "error: invalid argument model_id: no ids on stdin\n"


@pytest.mark.usefixtures("credentials")
@pytest.mark.scenario_emulator(training_seconds=0.5, hold=True)
async def test_train_then_wait_ends_trained(
    scenario_emulator: Emulator, client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Trained")
    argv = ("models", "train", model_id, "--wait", "--interval", "0.05", "--max-interval", "0.1")
    printed = Printed(capsys)
    async with anyio.create_task_group() as group:
        running = f"{model_id} stage running-train"
        group.start_soon(hold_running_until_printed, scenario_emulator, model_id, printed, running)
        assert await cli(*argv) == ExitCode.OK
    lines = printed.read().splitlines()
    assert lines[0].startswith(f"training started: {model_id} (job ")
    assert lines[-1].endswith(f"{model_id} trained")
    assert any(line.endswith(f"{model_id} stage running-train") for line in lines)


@pytest.mark.usefixtures("credentials")
@pytest.mark.scenario_emulator(training_seconds=0.5, hold=True)
async def test_watch_json_streams_events_to_the_terminal_one(
    scenario_emulator: Emulator, client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [await new_model(client, f"Watched {n}") for n in range(2)]
    for model_id in ids:
        await client.models.train.trigger(model_id)
    printed = Printed(capsys)
    async with anyio.create_task_group() as group:
        progress = '"event":"progress_changed"'
        group.start_soon(hold_running_until_printed, scenario_emulator, ids[-1], printed, progress)
        assert await cli("models", "watch", *ids, "--json", "--interval", "0.05") == ExitCode.OK
    events = json_lines(printed.read())
    terminal = [event for event in events if event["event"] == "trained"]
    assert sorted(event["model_id"] for event in terminal) == sorted(ids)
    assert {event["event"] for event in events} >= {"stage_changed", "progress_changed"}


@pytest.mark.usefixtures("credentials")
@pytest.mark.scenario_emulator(hold=True)
async def test_train_then_cancel(client: AsyncScenario, capsys: pytest.CaptureFixture[str]) -> None:
    model_id = await new_model(client, "Canceled")
    assert await cli("models", "train", model_id, "--json") == ExitCode.OK
    (started,) = json_lines(capsys.readouterr().out)
    assert started["model"]["status"] == "training"

    assert await cli("models", "cancel", model_id) == ExitCode.OK
    assert capsys.readouterr().out == f"training canceled: {model_id} (status training-canceled)\n"
    assert (await client.models.retrieve(model_id)).model.status == "training-canceled"


@pytest.mark.usefixtures("credentials")
async def test_restore_brings_a_deleted_model_back(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Restored")
    await client.models.delete(model_id)
    assert await cli("models", "restore", model_id) == ExitCode.OK
    assert capsys.readouterr().out == f"restored: {model_id} (status new)\n"
    assert (await client.models.retrieve(model_id)).model.training_images_number == 1

    assert await cli("models", "restore", model_id) == ExitCode.API_ERROR  # not deleted: 400
    err = capsys.readouterr().err
    assert err.startswith(f"error: API error: POST /models/{model_id}/restore -> 400")

    await client.models.delete(model_id)
    assert await cli("models", "restore", model_id, "--json") == ExitCode.OK
    (model,) = json_lines(capsys.readouterr().out)
    assert (model["id"], model["status"], model["tags"]) == (model_id, "new", [])


@pytest.mark.usefixtures("credentials")
async def test_presets_are_listed_created_made_default_and_deleted(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Preset")
    assert await cli("models", "presets", model_id) == ExitCode.OK
    assert capsys.readouterr().out == "no presets\n"

    assert await cli("models", "presets", model_id, "--create", "inference_1") == ExitCode.OK
    first = capsys.readouterr().out.removeprefix("preset created: ").strip()
    argv = ("models", "presets", model_id, "--create", "inference_2", "--default", "--json")
    assert await cli(*argv) == ExitCode.OK
    (second,) = json_lines(capsys.readouterr().out)
    assert (second["modelId"], second["isDefault"]) == (model_id, True)

    assert await cli("models", "presets", model_id) == ExitCode.OK
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split() == ["ID", "DEFAULT", "TYPE", "UPDATED", "PROMPT"]
    assert rows[0].split()[:2] == [first, "txt2img"]  # not the default: an empty cell
    assert rows[1].split()[:3] == [second["id"], "yes", "txt2img"]
    assert all(row.endswith("…") and "an illustration of a phoenix" in row for row in rows)

    assert await cli("models", "presets", model_id, "--set-default", first) == ExitCode.OK
    assert capsys.readouterr().out == f"preset made the default: {first} (default)\n"
    assert await cli("models", "presets", model_id, "--unset-default", first) == ExitCode.OK
    assert capsys.readouterr().out == f"preset no longer the default: {first}\n"
    assert await cli("models", "presets", model_id, "--delete", second["id"]) == ExitCode.OK
    assert capsys.readouterr().out == f"preset deleted: {second['id']}\n"
    assert await cli("models", "presets", model_id, "--json") == ExitCode.OK
    assert [(p["id"], p["isDefault"]) for p in json_lines(capsys.readouterr().out)] == [
        (first, False)
    ]

    argv = ("models", "presets", model_id, "--delete", second["id"])
    assert await cli(*argv) == ExitCode.NOT_FOUND
    assert capsys.readouterr().err.startswith("error: not found: ")
    assert await cli("models", "presets", model_id, "--default") == ExitCode.USAGE
    assert capsys.readouterr().err == (
        "error: invalid argument --default: goes with --create only\n"
    )


@pytest.mark.usefixtures("credentials")
async def test_prompt_guide_is_shown_set_and_cleared(
    client: AsyncScenario,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model_id = await new_model(client, "Guided", images=0)
    assert await cli("models", "prompt-guide", model_id) == ExitCode.OK
    assert capsys.readouterr().out == "no prompt guide\n"

    assert await cli("models", "prompt-guide", model_id, "--set", "# Guide") == ExitCode.OK
    assert capsys.readouterr().out == f"prompt guide set: {model_id} (7 characters)\n"
    assert await cli("models", "prompt-guide", model_id) == ExitCode.OK
    assert capsys.readouterr().out == "# Guide\n"

    guide = tmp_path / "guide.md"
    guide.write_text("# Instructions\n\nUse sks.\n", encoding="utf-8")
    assert await cli("models", "prompt-guide", model_id, "--set-file", str(guide)) == 0
    capsys.readouterr()
    assert await cli("models", "prompt-guide", model_id, "--json") == ExitCode.OK
    assert json_lines(capsys.readouterr().out) == [{"value": "# Instructions\n\nUse sks.\n"}]
    monkeypatch.setattr("sys.stdin", io.StringIO("# From stdin\n"))
    assert await cli("models", "prompt-guide", model_id, "--set-file", "-") == ExitCode.OK
    capsys.readouterr()
    assert (await client.models.prompt_guide.retrieve(model_id)).prompt_guide.value == (
        "# From stdin\n"
    )

    assert await cli("models", "prompt-guide", model_id, "--clear") == ExitCode.OK
    assert capsys.readouterr().out == f"prompt guide cleared: {model_id}\n"
    assert await cli("models", "prompt-guide", model_id) == ExitCode.OK
    assert capsys.readouterr().out == "no prompt guide\n"

    argv = ("models", "prompt-guide", model_id, "--set-file", str(tmp_path / "missing.md"))
    assert await cli(*argv) == ExitCode.USAGE
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.usefixtures("credentials")
async def test_scores_of_a_prompt_and_of_the_training_dataset(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Scored", images=2)
    argv = ("models", "scores", model_id, "--prompt", "a castle, https://example.com/c.png")
    assert await cli(*argv) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "score",
        "captions similarity",
        "embedding similarity",
        "syntax error",
    ]
    assert lines[0].endswith("(incomplete)")
    assert lines[-1] == "syntax error:         Unsupported url in prompt"
    assert await cli("models", "scores", model_id, "--prompt", "a castle", "--json") == 0
    (score,) = json_lines(capsys.readouterr().out)
    assert (score["modelId"], score["status"]) == (model_id, "incomplete")
    assert "syntaxError" not in score and 0 <= score["score"] <= 1

    assert await cli("models", "scores", model_id, "--training-dataset") == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("score:") and lines[0].endswith("(incomplete)")
    assert lines[1] == "metadata score:     0.00"
    images = (await client.models.retrieve(model_id)).model.training_images or []
    assert lines[-3:] == ["warnings (2):"] + [f"  {i.id}: Missing caption" for i in images]
    argv = ("models", "scores", model_id, "--training-dataset", "--json")
    assert await cli(*argv) == ExitCode.OK
    (dataset,) = json_lines(capsys.readouterr().out)
    assert len(dataset["details"]["assetCouplesSimilarity"]) == 1


# --- exit codes ------------------------------------------------------------------------------


@pytest.mark.usefixtures("credentials")
@pytest.mark.scenario_emulator(training_seconds=0.3, failure_rate=1.0)
async def test_watch_exits_5_when_a_training_fails(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Doomed")
    await client.models.train.trigger(model_id)
    assert await cli("models", "watch", model_id, "--interval", "0.05") == 5
    assert capsys.readouterr().out.splitlines()[-1].endswith(f"{model_id} FAILED")


@pytest.mark.usefixtures("credentials")
@pytest.mark.scenario_emulator(hold=True)
async def test_watch_exits_6_at_its_deadline(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Slow")
    await client.models.train.trigger(model_id)
    assert await cli("models", "watch", model_id, "--interval", "0.05", "--timeout", "0.3") == 6
    assert "1 model(s) still unfinished" in capsys.readouterr().err


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize(
    "argv",
    [
        ("models", "get", "model_unknown"),
        ("models", "train", "model_unknown"),
        ("models", "cancel", "model_unknown"),
        ("models", "restore", "model_unknown"),
        ("models", "presets", "model_unknown"),
        ("models", "prompt-guide", "model_unknown"),
        ("models", "scores", "model_unknown", "--training-dataset"),
    ],
)
async def test_unknown_id_exits_4(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(*argv) == ExitCode.NOT_FOUND
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: not found: ")
    assert "model_unknown" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.usefixtures("credentials")
async def test_bulk_with_unknown_ids_prints_the_rest_and_exits_4(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    known = await new_model(client, "Known", images=0)
    assert await cli("models", "bulk", known, "model_gone_1", "--json") == ExitCode.NOT_FOUND
    captured = capsys.readouterr()
    assert [model["id"] for model in json_lines(captured.out)] == [known]
    assert captured.err == "error: not found: model_gone_1\n"


@pytest.mark.usefixtures("credentials")
async def test_watch_of_an_unknown_id_exits_4(capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli("models", "watch", "model_unknown", "--interval", "0.05") == 4
    assert capsys.readouterr().out.endswith("model_unknown gone (missing)\n")


@pytest.mark.usefixtures("credentials")
async def test_an_api_refusal_exits_1(
    client: AsyncScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    model_id = await new_model(client, "Idle", images=0)
    assert await cli("models", "cancel", model_id) == ExitCode.API_ERROR
    assert capsys.readouterr().err.startswith(f"error: API error: POST /models/{model_id}/train")


@pytest.mark.usefixtures("credentials")
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("models", "list", "--page-size", "0"), "error: invalid argument page_size"),
        (("models", "list", "--status", "bogus"), "error: invalid argument status"),
        (("models", "train", "m", "--parameters", '{"batch_size": 9}'), "batch_size"),
        (("models", "scores", "m", "--prompt", ""), "error: invalid argument prompt"),
    ],
)
async def test_values_the_api_constraints_refuse_exit_2_before_any_request(
    argv: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(*argv) == ExitCode.USAGE
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("models", "list"),
        ("models", "get", "model_x"),
        ("models", "bulk", "model_x"),
        ("models", "watch", "model_x"),
        ("models", "train", "model_x"),
        ("models", "cancel", "model_x"),
        ("models", "restore", "model_x"),
        ("models", "presets", "model_x"),
        ("models", "prompt-guide", "model_x"),
        ("models", "scores", "model_x", "--prompt", "a castle"),
    ],
)
async def test_missing_credentials_exit_3(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(*argv) == ExitCode.CREDENTIALS
    captured = capsys.readouterr()
    assert captured.err.startswith("error: no credentials: set SCENARIO_SDK_API_KEY")
    assert "Traceback" not in captured.err


async def test_refused_credentials_exit_3(
    scenario_emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "wrong-key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "super-secret-value")
    assert await cli("models", "list", "--base-url", scenario_emulator.base_url) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: credentials refused (GET /models -> 401")
    assert "super-secret-value" not in err


def test_demo_with_a_base_url_needs_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--base-url", "http://127.0.0.1:9/v1"]) == ExitCode.CREDENTIALS
    assert "error: no credentials" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("nonsense",),
        ("models",),
        ("models", "get"),
        ("models", "frobnicate"),
        ("models", "list", "--limit", "0"),
        ("models", "watch", "m", "--interval", "-1"),
        ("models", "train", "m", "--parameters", "[1, 2]"),
        ("models", "train", "m", "--parameters", "{not json"),
        ("models", "scores", "m"),
        ("models", "scores", "m", "--prompt", "x", "--training-dataset"),
        ("models", "presets", "m", "--create", "i", "--delete", "p"),
        ("models", "prompt-guide", "m", "--set", "x", "--clear"),
        ("demo", "--models", "0"),
        ("demo", "--failure-rate", "2"),
    ],
)
def test_bad_arguments_exit_2_with_usage(
    argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(list(argv)) == ExitCode.USAGE
    assert "usage: scenario-async" in capsys.readouterr().err


def test_help_lists_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == ExitCode.OK
    out = capsys.readouterr().out
    for command in ("demo", "emulator", "models"):
        assert command in out
    assert "exit codes:" in out and "4    not found" in out


@pytest.mark.parametrize("proxy", [None, "HTTP_PROXY", "ALL_PROXY"])
def test_demo_runs_on_the_embedded_emulator(
    proxy: str | None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if proxy is not None:
        # A proxy nothing listens on: the demo's emulator is in-process, reached directly.
        monkeypatch.setenv(proxy, "http://127.0.0.1:9")
    argv = [
        "demo",
        "--models",
        "2",
        "--images",
        "1",
        "--training-seconds",
        "0.3",
        "--interval",
        "0.05",
    ]
    assert main(argv) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Created 2 models, uploaded 2 training images, triggered 2 trainings" in out
    assert "Fetched the 2 models back with one get-bulk:" in out
    summary = out.split("get-bulk:\n\n", 1)[1].splitlines()
    assert summary[0].split() == ["NAME", "ID", "STATUS", "IMAGES", "QUEUED", "TRAINED", "IN"]
    assert [row.split()[0] for row in summary[1:3]] == ["Watercolor", "Pixel"]
    assert all(" trained " in row for row in summary[1:3])
    assert "Done in " in out and ": 2 trained, 0 failed." in out
