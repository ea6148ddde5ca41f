"""Pure formatting: models, events and board rows to the text the CLI prints.

Nothing here writes anywhere; the commands and displays print what these functions return.
Text the server chose (names, tags, statuses, its error messages) reaches a terminal, so every
line and cell made here goes through `printable`, and so does any other human line the CLI
prints; `--json` output is JSON-escaped instead, and left exactly as msgspec encodes it.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import assert_never

from .. import training
from ..types import (
    Model,
    Preset,
    ScoreRetrievePromptResponse,
    ScoreRetrieveTrainingDatasetResponse,
    ScoreSummary,
)
from ..watch_core import PollFailed, SnapshotUnreadable, WatchEvent
from .board import Row

__all__ = [
    "MODEL_HEADERS",
    "PRESET_HEADERS",
    "SUMMARY_HEADERS",
    "RowCells",
    "dataset_score_details",
    "event_line",
    "format_duration",
    "format_table",
    "model_details",
    "model_row",
    "preset_row",
    "printable",
    "printable_lines",
    "prompt_score_details",
    "row_cells",
    "summary_row",
]

MODEL_HEADERS = ("ID", "NAME", "TYPE", "STATUS", "UPDATED")
PRESET_HEADERS = ("ID", "DEFAULT", "TYPE", "UPDATED", "PROMPT")
SUMMARY_HEADERS = ("NAME", "ID", "STATUS", "IMAGES", "QUEUED", "TRAINED IN")
_NAME_WIDTH = 32
_PROMPT_WIDTH = 48

# What a terminal would act on rather than show: C0 controls (escape sequences start with ESC;
# a tab or a line break would break a table row or the one-line-per-event promise), DEL and
# C1 (0x9b is a one-byte CSI on some terminals); the line and paragraph separators (line
# breaks to str.splitlines and to some terminals); the bidi controls (Unicode's Bidi_Control:
# an embedding, override or isolate reorders the rest of the line, our ids and statuses
# included, so that what is read is not what is there: a model name "\u202e..." could make
# an id look like another); lone surrogates (no UTF-8 form: printing one fails). Letters of
# right-to-left scripts need none of these to show right, so they are left as they are.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe to show on a terminal, on one line: each character a terminal would act on
    (see `_UNPRINTABLE`) shown as its Python escape, `\\x1b` or `\\u202e`, the rest as it is.

    Backslashes are left alone, so a name spelling `\\x1b` out reads the same as one holding
    the character: `--json` tells them apart. Rich markup (`[bold]`) is no concern here: the
    live table draws cells as `rich.text.Text`, which never reads markup.
    """
    return _UNPRINTABLE.sub(_escaped, text)


def printable_lines(text: str) -> list[str]:
    """Text of many lines (a prompt guide's markdown), each line `printable`: its line breaks
    kept as breaks, whatever they were (`\\r\\n`, `\\r`, ...)."""
    return [printable(line) for line in text.splitlines()]


def format_duration(seconds: float | None) -> str:
    """`0s`, `0.4s`, `42s`, `3m05s`, `2h07m`; empty when unknown."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return ""
    if seconds < 0.05:
        return "0s"
    if seconds < 1:
        return f"{seconds:.1f}s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def format_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Left-aligned columns, two spaces apart, no trailing spaces; every cell `printable`
    before the columns are measured."""
    table = [tuple(headers), *(tuple(map(printable, row)) for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


def _cut(text: str, width: int) -> str:
    """`text` made `printable`, then cut to `width` characters: measured as it will show."""
    text = printable(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _name(model: Model) -> str:
    return _cut(model.name or "", _NAME_WIDTH)


def model_row(model: Model) -> tuple[str, ...]:
    """A model as one row under `MODEL_HEADERS`."""
    return (model.id, _name(model), model.type, model.status or "", model.updated_at or "")


def _images(model: Model) -> str:
    """The count of training images, a JSON number (`2.0` from the emulator) shown as `2`; a
    count no server should send (`2.5`) as it is, not rounded into a plausible one."""
    images = model.training_images_number
    if images is None:
        return ""
    number = float(images)
    return f"{number:.0f}" if number.is_integer() else str(number)


def summary_row(model: Model) -> tuple[str, ...]:
    """A model after training, as one row under `SUMMARY_HEADERS`."""
    stats = model.training_stats
    return (
        _name(model),
        model.id,
        model.status or "",
        _images(model),
        format_duration(stats.queue_duration if stats else None),
        format_duration(stats.train_duration if stats else None),
    )


def preset_row(preset: Preset) -> tuple[str, ...]:
    """A preset as one row under `PRESET_HEADERS`."""
    parameters = preset.parameters
    return (
        preset.id,
        "yes" if preset.is_default else "",
        parameters.type,
        preset.updated_at,
        _cut(" ".join(parameters.prompt.split()), _PROMPT_WIDTH),
    )


def _labelled(fields: Sequence[tuple[str, object]]) -> list[str]:
    """`label: value` lines, values aligned and `printable`; a field without a value is left
    out."""
    shown = [(label, value) for label, value in fields if value not in (None, "")]
    width = max(len(label) for label, _ in shown)
    return [f"{label + ':':<{width + 1}} {printable(str(value))}" for label, value in shown]


def _spread(summary: ScoreSummary) -> str:
    return f"min {summary.min:.2f}, mean {summary.mean:.2f}, median {summary.median:.2f}"


def prompt_score_details(score: ScoreRetrievePromptResponse) -> list[str]:
    """`models scores --prompt`: the score first, then what it is made of."""
    details = score.details
    prompts = details.prompts_similarity
    return _labelled(
        [
            ("score", f"{score.score:.2f} ({score.status})"),
            ("captions similarity", _spread(details.captions_similarity)),
            ("prompts similarity", None if prompts is None else _spread(prompts)),
            ("embedding similarity", f"{details.embedding_similarity:.2f}"),
            ("syntax error", score.syntax_error),
        ]
    )


def dataset_score_details(score: ScoreRetrieveTrainingDatasetResponse) -> list[str]:
    """`models scores --training-dataset`: the score, its parts, then one line per warning
    (an image's, then a couple's)."""
    details = score.details
    lines = _labelled(
        [
            ("score", f"{score.score:.2f} ({score.status})"),
            ("metadata score", f"{details.metadata_score:.2f}"),
            ("images similarity", _spread(details.assets_similarity)),
            ("couples similarity", _spread(details.couples_similarity)),
            ("captions distance", _spread(details.couples_captions_distance)),
        ]
    )
    warnings = [
        *(f"{w.asset_id}: {', '.join(w.message)}" for w in score.assets_warnings or ()),
        *(
            f"{' + '.join(w.couple)}: {', '.join(w.message)}"
            for w in score.asset_couples_warnings or ()
        ),
    ]
    if warnings:
        lines += [f"warnings ({len(warnings)}):", *(f"  {printable(w)}" for w in warnings)]
    return lines


def model_details(model: Model) -> list[str]:
    """`models get`: the fields a person looks at first, one `label: value` per line."""
    fields: list[tuple[str, object]] = [
        ("id", model.id),
        ("name", model.name),
        ("type", model.type),
        ("status", model.status),
        ("privacy", model.privacy),
        ("training images", _images(model)),
        ("created", model.created_at),
        ("updated", model.updated_at),
    ]
    if (progress := model.training_progress) is not None:
        fields += [
            ("stage", progress.stage),
            ("queue position", progress.position),
            ("progress", None if progress.progress is None else f"{progress.progress:.0%}"),
            ("time left", _left(progress.remaining_time_ms)),
        ]
    if (stats := model.training_stats) is not None:
        fields += [
            ("queued for", format_duration(stats.queue_duration)),
            ("trained in", format_duration(stats.train_duration)),
        ]
    return _labelled(fields)


def _left(remaining_ms: float | None) -> str:
    return format_duration(None if remaining_ms is None else remaining_ms / 1000)


def _queue(position: float | None) -> str:
    if position is None:
        return ""
    return "next" if position <= 0 else f"{int(position)} ahead"


def event_line(event: WatchEvent) -> str:
    """One plain `printable` line per event: `HH:MM:SS model_id what-happened`."""
    clock = time.strftime("%H:%M:%S", time.localtime(event.observed_at))
    return printable(f"{clock} {_happened(event)}")


def _happened(event: WatchEvent) -> str:
    if isinstance(event, PollFailed):
        retry = "" if event.retry_in is None else f"; retrying in {format_duration(event.retry_in)}"
        what = f"poll of {len(event.model_ids)} model(s) failed: {event.error}: {event.message}"
        return f"{what}{retry}"
    if isinstance(event, SnapshotUnreadable):
        return f"{event.model_id or '?'} unreadable: {event.error}"
    match event:
        case training.StatusChanged(from_status=before, to_status=after):
            what = f"status {before or '-'} -> {after}"
        case training.StageChanged(to_stage=stage):
            what = f"stage {stage}"
        case training.QueuePositionChanged(to_position=None):
            what = "left the queue"
        case training.QueuePositionChanged(to_position=position):
            what = f"queue: {_queue(position)}"
        case training.ProgressChanged(progress=progress, remaining_time_ms=remaining):
            percent = "" if progress is None else f"{progress:.0%}"
            left = _left(remaining)
            details = ", ".join(p for p in (percent, left and f"{left} left") if p)
            what = f"progress {details}".rstrip()
        case training.UnknownState(field=field, value=value):
            what = f"unknown {field} {value!r}"
        case training.Trained():
            what = "trained"
        case training.Failed():
            what = "FAILED"
        case training.Canceled():
            what = "canceled"
        case training.Gone(reason=reason):
            what = f"gone ({reason})"
        case _:
            assert_never(event)
    return f"{event.model_id} {what}"


@dataclass(frozen=True, slots=True)
class RowCells:
    """A board row as the live display lays it out, its text `printable`."""

    label: str
    stage: str
    queue: str
    fraction: float
    percent: str
    time_left: str


def row_cells(row: Row) -> RowCells:
    label = row.model_id if not row.name else f"{row.name} ({row.model_id})"
    stage = row.outcome or row.stage or row.status or "waiting"
    fraction = min(max(row.progress or 0.0, 0.0), 1.0)
    return RowCells(
        label=printable(label),
        stage=printable(stage),
        queue=_queue(row.position),
        fraction=fraction,
        percent=f"{fraction:.0%}" if row.progress is not None else "",
        time_left=_left(row.remaining_ms),
    )
