"""The progress board: what a live display shows per model, folded from watch events.

Pure: `apply` takes each event the watch yields, in order; the displays read the rows, and
redraw them at most every `REFRESH_EVERY` seconds. The board also decides the exit code of a
watch from the outcomes it saw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, assert_never

from .. import training
from ..training import Observed
from ..types import Model
from ..watch_core import PollFailed, SnapshotUnreadable, WatchEvent
from .exits import ExitCode

__all__ = ["REFRESH_EVERY", "ProgressBoard", "Row"]

# Seconds between two redraws of the live table, at most ten frames a second.
REFRESH_EVERY: Final = 0.1


@dataclass(slots=True)
class Row:
    """One model as the display shows it: the latest value the events announced."""

    model_id: str
    name: str | None = None
    status: str | None = None
    stage: str | None = None
    position: float | None = None
    progress: float | None = None
    remaining_ms: float | None = None
    outcome: training.Outcome | None = None


class ProgressBoard:
    """The rows of a watch, in the order the ids were given, and the last poll error."""

    def __init__(self, model_ids: Iterable[str], models: Iterable[Model] = ()) -> None:
        self.rows: dict[str, Row] = {model_id: Row(model_id) for model_id in model_ids}
        for model in models:
            self._named(model)
        self.last_error: str | None = None

    def _named(self, model: Observed | None) -> Row | None:
        if model is None:
            return None
        row = self.rows.setdefault(model.id, Row(model.id))
        row.name = row.name or model.name
        return row

    def _row(self, model_id: str, model: Observed | None) -> Row:
        return self._named(model) or self.rows.setdefault(model_id, Row(model_id))

    def apply(self, event: WatchEvent) -> None:
        if isinstance(event, PollFailed):
            self.last_error = f"{event.error}: {event.message}"
            return
        if isinstance(event, SnapshotUnreadable):
            self.last_error = f"model {event.model_id or '?'} unreadable: {event.error}"
            return
        row = self._row(event.model_id, event.model)
        self.last_error = None
        match event:
            case training.StatusChanged(to_status=status):
                row.status = status
            case training.StageChanged(to_stage=stage):
                row.stage = stage
            case training.QueuePositionChanged(to_position=position):
                row.position = position
            case training.ProgressChanged(progress=progress, remaining_time_ms=remaining):
                row.progress, row.remaining_ms = progress, remaining
            case training.UnknownState(field="status", value=value):
                row.status = value
            case training.UnknownState(value=value):
                row.stage = value
            case training.Trained(model=model):
                row.outcome, row.status, row.progress = "trained", model.status, 1.0
            case training.Failed(model=model):
                row.outcome, row.status = "failed", model.status
            case training.Canceled(model=model):
                row.outcome, row.status = "canceled", model.status
            case training.Gone():
                row.outcome = "gone"
            case _:
                assert_never(event)
        if row.outcome is not None:
            row.position = row.remaining_ms = None

    def count(self, outcome: training.Outcome | None) -> int:
        """Rows with this outcome; `None` counts the rows still training."""
        return sum(row.outcome == outcome for row in self.rows.values())

    def exit_code(self) -> ExitCode:
        """NOT_FOUND if a model is gone, TRAINING_FAILED if one failed or was canceled
        (the highest wins), else OK."""
        codes = [ExitCode.OK]
        for row in self.rows.values():
            if row.outcome == "gone":
                codes.append(ExitCode.NOT_FOUND)
            elif row.outcome in ("failed", "canceled"):
                codes.append(ExitCode.TRAINING_FAILED)
        return max(codes)
