"""The pure parts of the CLI: events folded into the board, and models and events as text."""

from __future__ import annotations

import io
import sys
import time
from types import SimpleNamespace

import pytest

from scenario_async.cli.board import ProgressBoard
from scenario_async.cli.display import RICH_MISSING, JsonLines, PlainLines, choose_display
from scenario_async.cli.exits import ExitCode
from scenario_async.cli.models import model_ids
from scenario_async.cli.render import (
    event_line,
    format_duration,
    format_table,
    model_details,
    row_cells,
    summary_row,
)
from scenario_async.errors import ValidationError
from scenario_async.training import (
    Canceled,
    Failed,
    Gone,
    ProgressChanged,
    QueuePositionChanged,
    StageChanged,
    StatusChanged,
    Trained,
    UnknownState,
)
from scenario_async.types import Model
from scenario_async.types.model import ModelTrainingProgress, ModelTrainingStats
from scenario_async.watch_core import PollFailed

AT = 1_700_000_000.0
CLOCK = time.strftime("%H:%M:%S", time.localtime(AT))


def model(model_id: str = "model_a", status: str = "training", **fields: object) -> Model:
    return Model(id=model_id, privacy="private", type="flux.1-lora", status=status, **fields)


def running(progress: float, remaining_ms: float) -> Model:
    return model(
        training_progress=ModelTrainingProgress(
            stage="running-train", updated_at=1, progress=progress, remaining_time_ms=remaining_ms
        )
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, ""),
        (-1, ""),
        (float("nan"), ""),
        (0, "0s"),
        (0.04, "0s"),
        (0.42, "0.4s"),
        (42.4, "42s"),
        (185, "3m05s"),
        (7620, "2h07m"),
    ],
)
def test_format_duration(seconds: float | None, text: str) -> None:
    assert format_duration(seconds) == text


def test_format_table_aligns_columns_without_trailing_spaces() -> None:
    assert format_table(("ID", "NAME"), [("model_a", "x"), ("m", "")]) == [
        "ID       NAME",
        "model_a  x",
        "m",
    ]


def test_event_lines() -> None:
    m = model(name="Watercolor")
    common = {"model_id": "model_a", "observed_at": AT, "model": m}
    cases = [
        (StatusChanged(**common, from_status=None, to_status="training"), "status - -> training"),
        (
            StageChanged(**common, from_stage="pending", to_stage="queued-for-train"),
            "stage queued-for-train",
        ),
        (QueuePositionChanged(**common, from_position=None, to_position=3), "queue: 3 ahead"),
        (QueuePositionChanged(**common, from_position=1, to_position=0), "queue: next"),
        (QueuePositionChanged(**common, from_position=0, to_position=None), "left the queue"),
        (
            ProgressChanged(**common, progress=0.426, remaining_time_ms=65_000),
            "progress 43%, 1m05s left",
        ),
        (ProgressChanged(**common, progress=None, remaining_time_ms=None), "progress"),
        (UnknownState(**common, field="stage", value="upscaling"), "unknown stage 'upscaling'"),
        (Trained(**common), "trained"),
        (Failed(**common), "FAILED"),
        (Canceled(**common), "canceled"),
        (Gone(model_id="model_a", observed_at=AT, model=None, reason="missing"), "gone (missing)"),
    ]
    for event, what in cases:
        assert event_line(event) == f"{CLOCK} model_a {what}"
    failed = PollFailed(
        observed_at=AT,
        model_ids=("a", "b"),
        error="InternalServerError",
        message="boom",
        status=500,
        failures=1,
        retry_in=2.0,
    )
    assert event_line(failed) == (
        f"{CLOCK} poll of 2 model(s) failed: InternalServerError: boom; retrying in 2s"
    )


def test_the_board_follows_a_training_to_its_end() -> None:
    board = ProgressBoard(["model_a", "model_b"], [model(name="Watercolor")])
    common = {"model_id": "model_a", "observed_at": AT}
    board.apply(StageChanged(**common, model=model(), from_stage=None, to_stage="queued-for-train"))
    board.apply(QueuePositionChanged(**common, model=model(), from_position=None, to_position=2))
    cells = row_cells(board.rows["model_a"])
    assert (cells.label, cells.stage, cells.queue, cells.percent) == (
        "Watercolor (model_a)",
        "queued-for-train",
        "2 ahead",
        "",
    )
    snapshot = running(0.5, 3000)
    board.apply(QueuePositionChanged(**common, model=snapshot, from_position=0, to_position=None))
    board.apply(ProgressChanged(**common, model=snapshot, progress=0.5, remaining_time_ms=3000))
    cells = row_cells(board.rows["model_a"])
    assert (cells.queue, cells.fraction, cells.percent, cells.time_left) == ("", 0.5, "50%", "3s")
    assert board.count(None) == 2 and board.exit_code() == ExitCode.OK

    board.apply(Trained(**common, model=model(status="trained")))
    cells = row_cells(board.rows["model_a"])
    assert (cells.stage, cells.fraction, cells.time_left) == ("trained", 1.0, "")
    assert board.count("trained") == 1 and board.count(None) == 1
    assert row_cells(board.rows["model_b"]).stage == "waiting"


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        (["trained", "trained"], ExitCode.OK),
        (["trained", "canceled"], ExitCode.TRAINING_FAILED),
        (["failed", "trained"], ExitCode.TRAINING_FAILED),
        (["gone", "trained"], ExitCode.NOT_FOUND),
        (["gone", "failed"], ExitCode.TRAINING_FAILED),
    ],
)
def test_the_board_exit_code_is_the_highest_outcome(outcomes: list[str], code: ExitCode) -> None:
    ids = [f"model_{n}" for n in range(len(outcomes))]
    board = ProgressBoard(ids)
    for model_id, outcome in zip(ids, outcomes, strict=True):
        common = {"model_id": model_id, "observed_at": AT}
        match outcome:
            case "trained":
                board.apply(Trained(**common, model=model(model_id, "trained")))
            case "failed":
                board.apply(Failed(**common, model=model(model_id, "failed")))
            case "canceled":
                board.apply(Canceled(**common, model=model(model_id, "training-canceled")))
            case "gone":
                board.apply(Gone(**common, model=None, reason="missing"))
    assert board.exit_code() == code


def test_the_board_keeps_the_last_poll_error_until_the_next_event() -> None:
    board = ProgressBoard(["model_a"])
    board.apply(
        PollFailed(
            observed_at=AT,
            model_ids=("model_a",),
            error="APITimeoutError",
            message="deadline passed",
            status=None,
            failures=1,
            retry_in=1.0,
        )
    )
    assert board.last_error == "APITimeoutError: deadline passed"
    board.apply(
        StageChanged(
            model_id="model_a", observed_at=AT, model=model(), from_stage=None, to_stage="pending"
        )
    )
    assert board.last_error is None


def test_model_details_and_summary_row() -> None:
    trained = model(
        status="trained",
        name="Watercolor",
        training_images_number=3,
        training_stats=ModelTrainingStats(queue_duration=4.2, train_duration=61.0),
    )
    assert model_details(trained) == [
        "id:              model_a",
        "name:            Watercolor",
        "type:            flux.1-lora",
        "status:          trained",
        "privacy:         private",
        "training images: 3",
        "queued for:      4s",
        "trained in:      1m01s",
    ]
    assert summary_row(trained) == ("Watercolor", "model_a", "trained", "3", "4s", "1m01s")
    assert model_details(running(0.25, 9000)) == [
        "id:        model_a",
        "type:      flux.1-lora",
        "status:    training",
        "privacy:   private",
        "stage:     running-train",
        "progress:  25%",
        "time left: 9s",
    ]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_display_choice() -> None:
    board = ProgressBoard(["model_a"])
    errors = io.StringIO()
    assert isinstance(
        choose_display(board, json=True, plain=False, stream=FakeTerminal(), errors=errors),
        JsonLines,
    )
    assert isinstance(
        choose_display(board, json=False, plain=False, stream=io.StringIO(), errors=errors),
        PlainLines,
    )
    assert isinstance(
        choose_display(board, json=False, plain=True, stream=FakeTerminal(), errors=errors),
        PlainLines,
    )
    live = choose_display(board, json=False, plain=False, stream=FakeTerminal(), errors=errors)
    assert type(live).__name__ == "LiveTable"
    assert errors.getvalue() == ""


def test_without_rich_a_terminal_gets_plain_lines_and_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("rich", "rich.live", "scenario_async.cli.live"):
        monkeypatch.setitem(sys.modules, name, None)
    errors = io.StringIO()
    display = choose_display(
        ProgressBoard(["model_a"]), json=False, plain=False, stream=FakeTerminal(), errors=errors
    )
    assert isinstance(display, PlainLines)
    assert errors.getvalue() == RICH_MISSING + "\n"
    assert "pip install 'scenario-async[cli]'" in RICH_MISSING


def test_model_ids_from_arguments_and_stdin_in_order_once_each() -> None:
    stdin = ["model_b\n", "\n", "  model_c  \n", "model_a\n"]
    assert model_ids(["model_a", "-", "model_d"], stdin) == [
        "model_a",
        "model_b",
        "model_c",
        "model_d",
    ]
    with pytest.raises(ValidationError, match="model_id: no ids on stdin"):
        model_ids(["-"], ["\n"])


def test_the_live_table_draws_what_a_burst_left_undrawn_at_the_next_refresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scenario_async.cli import live

    # Frozen: the burst arrives within one redraw interval of the first frame, whatever the
    # machine's speed.
    monkeypatch.setattr(live, "time", SimpleNamespace(monotonic=lambda: 100.0))
    board = ProgressBoard(["model_a"], [model(name="Watercolor")])
    screen = FakeTerminal()
    table = live.LiveTable(board, screen)
    common = {"model_id": "model_a", "observed_at": AT}
    with table:
        event = StageChanged(**common, model=model(), from_stage=None, to_stage="queued-for-train")
        board.apply(event)
        table.show(event)
        assert "queued-for-train" not in screen.getvalue()  # drawn at most ten times a second
        table.refresh()
        assert "queued-for-train" in screen.getvalue()
        drawn = len(screen.getvalue())
        table.refresh()
        assert len(screen.getvalue()) == drawn  # nothing new: nothing drawn
