"""The training state machine: a pure reducer from `Model` snapshots to training events.

Everything that decides which training event a watcher emits lives in this module, as data: a
table of small steps, one per row of the transition table below, that `reduce` runs in order,
the way h11's `_state.py` holds every transition of an HTTP connection. No I/O, no clock, no
task: the caller passes each snapshot with the wall-clock time it observed it (`observed_at`,
epoch seconds), and gets back the state to keep and the events to publish.

Snapshots
---------
The reducer reads a model's id, status, `updatedAt` and training progress: a `TrainingSnapshot`
(types/model.py) holds those (and the name and training stats, for a display), and so does a
full `Model`; `reduce` takes either. A watch decodes each poll's models as snapshots only, and
the full `Model` only of those whose status is terminal. So the events of a training under way
carry its `TrainingSnapshot`, and the terminal events `Trained`, `Failed` and `Canceled` carry
the full `Model`: `reduce` refuses a terminal status given as a snapshot (`ValueError`). `Gone`
carries the last snapshot kept, as there is no model to read any more.

State
-----
One `TrainingState` per watched model: the last kept snapshot (`model`, a `TrainingSnapshot`,
whichever form it came in) and the *reported view*,
the values the events have announced so far (known status, known stage, queue position, progress,
remaining time, the unknown strings already reported, and the outcome once finished). Events are
diffs of the view, so each one announces a real change, and the view only moves forward.

Vocabulary (the tables below are the data the reducer reads)
-------------------------------------------------------------
- `STATUS_PHASE`: a known `Model.status` to its phase. `new`, `copying`, `training` are ACTIVE;
  `trained` -> TRAINED, `failed` -> FAILED, `training-canceled` -> CANCELED are terminal. Any
  other string is *unknown*; a missing status (`minimal` get-bulk) says nothing.
- `STAGE_ORDER`: the known `trainingProgress.stage` values in lifecycle order; a stage's rank is
  its index: pending < pending-captcha < queued-for-train < starting-train < running-train.
- `TERMINAL_EVENT`: terminal phase to its event class (`Trained`, `Failed`, `Canceled`); `Gone`
  comes from `reduce_gone`, not from a status.

Transition table (`_GUARDS`, then `_UPDATES`: one step a row, run in this order)
--------------------------------------------------------------------
One of the first four rows that matches answers for the snapshot: the rows below it do not run.
A snapshot that passes all four is kept, and each later row emits its event only on a change.

    step                            matches                          events
    finished_absorbs_everything     anything, once finished          none; not kept
    terminal_status_ends_it         terminal status, any timestamp   as stage_forward if a snapshot
                                                                     was kept; then Trained |
                                                                     Failed | Canceled; kept,
                                                                     finished
    stale_snapshot_dropped          older than the kept snapshot     none; not kept
    stage_going_backwards_dropped   known stage ranked below view    none; not kept
    unknown_status                  unknown status, 1st time seen    UnknownState(status)
    status_change                   known status != view             StatusChanged(view -> new)
    unknown_stage                   unknown stage, 1st time seen     UnknownState(stage)
    stage_forward                   known stage ranked above view    StageChanged(view -> new)
    queue_position                  position != view                 QueuePositionChanged
    progress                        progress or remaining time       ProgressChanged
                                    != view
    (`reduce_gone`)                 gone, unless finished            Gone(last kept snapshot or
                                                                     None); finished

Rules, and the decisions behind them
------------------------------------
1. Level-triggered. Each snapshot is compared with the view, never with "the previous event",
   so `new -> trained` between two polls still yields the terminal event. Skipped stages are
   not invented: one StageChanged goes from the last reported stage straight to the observed one
   (pending -> running-train), then the terminal event if any. A model seen first as already
   terminal yields exactly its terminal event, nothing else.
2. Exactly one terminal event per model, nothing after it: a finished state absorbs every later
   snapshot and every later `reduce_gone`. A re-train after a cancel is a new watch (a new
   `TrainingState`, or `remove` then `add` on the watch).
3. Stale snapshots are dropped: no event, and they do not replace the kept snapshot. The order
   key is `trainingProgress.updatedAt` (ms) when both snapshots have a training progress, else the
   Model's `updatedAt` (ISO 8601) when both have one; two snapshots that share neither key are
   not ordered, and the new one is accepted. Equal keys are not stale (and a repeat changes
   nothing, so it says nothing). Decision: a terminal status beats staleness. The server never
   leaves a terminal status by itself, so a terminal snapshot is believed whatever its
   timestamp; "a terminal state is never missed" stays unconditional.
4. No event without a change: every event is a diff between the view and the new snapshot
   (status, stage, queue position, progress or remaining time). Fields of a snapshot without a
   training progress are unknown, not null: they leave the view as it is. Inside a training
   progress, null is a value (position 3 -> null when the job leaves the queue is a change).
5. Stages only move forward. Decision: a snapshot whose known stage ranks below the reported one
   (running-train, then queued-for-train with a newer updatedAt: a retry, or a lagging replica)
   is treated as stale as a whole: no backwards StageChanged, and its queue position and progress,
   which belong to the earlier stage, are not reported either. Its terminal status still counts
   (`terminal_status_ends_it` comes first). So the `to_stage` ranks of a model's StageChanged
   events strictly increase.
6. Unknown strings from a newer server never crash and are never terminal: UnknownState(field,
   raw value) once per distinct (field, value) per model. They leave the view unchanged: no
   StatusChanged or StageChanged names an unknown value (which also keeps stage order well
   defined); position and progress in a snapshot with an unknown stage are still reported.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Final, Literal, TypeAlias

import msgspec

from .types import Model, ModelStatus, TrainingSnapshot, TrainingStage

__all__ = [
    "STAGE_ORDER",
    "STATUS_PHASE",
    "TERMINAL_EVENT",
    "TERMINAL_EVENTS",
    "ActiveStatus",
    "Canceled",
    "Failed",
    "Gone",
    "Observed",
    "Outcome",
    "Phase",
    "ProgressChanged",
    "QueuePositionChanged",
    "Stage",
    "StageChanged",
    "Status",
    "StatusChanged",
    "TerminalEvent",
    "TerminalStatus",
    "Trained",
    "TrainingEvent",
    "TrainingState",
    "UnknownState",
    "is_terminal",
    "reduce",
    "reduce_gone",
]

# --------------------------------------------------------------------------------------------
# Vocabulary

# A model's status and stage as the types name them (types/enums.py): `Literal`s of the
# documented values to a type checker, `str` at run time, where a value outside them is the
# reducer's to report (UnknownState), not the decoder's to refuse.
Stage: TypeAlias = TrainingStage
Status: TypeAlias = ModelStatus
# The two sides of `Status`, real `Literal`s: they name only what the reducer tells apart.
ActiveStatus: TypeAlias = Literal["new", "copying", "training"]
TerminalStatus: TypeAlias = Literal["trained", "failed", "training-canceled"]
Outcome: TypeAlias = Literal["trained", "failed", "canceled", "gone"]
Observed: TypeAlias = Model | TrainingSnapshot
"""What `reduce` takes: a model as polled, in full or as its training snapshot."""


class Phase(enum.Enum):
    """What a known status means to the reducer: still going, or one of the three endings."""

    ACTIVE = "active"
    TRAINED = "trained"
    FAILED = "failed"
    CANCELED = "canceled"


STAGE_ORDER: Final[tuple[Stage, ...]] = (
    "pending",
    "pending-captcha",
    "queued-for-train",
    "starting-train",
    "running-train",
)
_STAGE_BY_NAME: Final[Mapping[str, Stage]] = {stage: stage for stage in STAGE_ORDER}
# No stage yet ranks below every stage.
_STAGE_RANK: Final[Mapping[Stage | None, int]] = {
    None: -1,
    **{stage: rank for rank, stage in enumerate(STAGE_ORDER)},
}

STATUS_PHASE: Final[Mapping[str, Phase]] = {
    "new": Phase.ACTIVE,
    "copying": Phase.ACTIVE,
    "training": Phase.ACTIVE,
    "trained": Phase.TRAINED,
    "failed": Phase.FAILED,
    "training-canceled": Phase.CANCELED,
}
_ACTIVE_STATUS: Final[Mapping[str | None, ActiveStatus]] = {
    "new": "new",
    "copying": "copying",
    "training": "training",
}

# --------------------------------------------------------------------------------------------
# Events


# Not tracked by the garbage collector (`gc=False`): a watch makes thousands of events and
# states per tick, and they hold only strings, numbers and gc=False response Structs, which
# cannot form a cycle.
class _TrainingEventBase(msgspec.Struct, frozen=True, kw_only=True, tag_field="event", gc=False):
    model_id: str
    observed_at: float
    """Wall-clock epoch seconds at which the caller observed the snapshot (or its absence)."""


class StatusChanged(_TrainingEventBase, frozen=True, kw_only=True, tag="status_changed"):
    """A known, non-terminal status replaced the reported one (None on first sight)."""

    model: TrainingSnapshot
    from_status: ActiveStatus | None
    to_status: ActiveStatus


class StageChanged(_TrainingEventBase, frozen=True, kw_only=True, tag="stage_changed"):
    """The training moved forward to a known stage; skipped stages are not invented."""

    model: TrainingSnapshot
    from_stage: Stage | None
    to_stage: Stage


class QueuePositionChanged(
    _TrainingEventBase, frozen=True, kw_only=True, tag="queue_position_changed"
):
    model: TrainingSnapshot
    from_position: float | None
    to_position: float | None


class ProgressChanged(_TrainingEventBase, frozen=True, kw_only=True, tag="progress_changed"):
    model: TrainingSnapshot
    progress: float | None
    remaining_time_ms: float | None


class UnknownState(_TrainingEventBase, frozen=True, kw_only=True, tag="unknown_state"):
    """A status or stage string this client does not know, reported once per model and value."""

    model: TrainingSnapshot
    field: Literal["status", "stage"]
    value: str


class Trained(_TrainingEventBase, frozen=True, kw_only=True, tag="trained"):
    model: Model


class Failed(_TrainingEventBase, frozen=True, kw_only=True, tag="failed"):
    model: Model


class Canceled(_TrainingEventBase, frozen=True, kw_only=True, tag="canceled"):
    model: Model


class Gone(_TrainingEventBase, frozen=True, kw_only=True, tag="gone"):
    """The server stopped returning the model; `model` is the last kept snapshot, if any."""

    model: TrainingSnapshot | None
    reason: str


TerminalEvent: TypeAlias = Trained | Failed | Canceled | Gone
TrainingEvent: TypeAlias = (
    StatusChanged
    | StageChanged
    | QueuePositionChanged
    | ProgressChanged
    | UnknownState
    | Trained
    | Failed
    | Canceled
    | Gone
)
TERMINAL_EVENTS: Final = (Trained, Failed, Canceled, Gone)

TERMINAL_EVENT: Final[Mapping[Phase, type[Trained | Failed | Canceled]]] = {
    Phase.TRAINED: Trained,
    Phase.FAILED: Failed,
    Phase.CANCELED: Canceled,
}
_OUTCOME: Final[Mapping[Phase, Outcome]] = {
    Phase.TRAINED: "trained",
    Phase.FAILED: "failed",
    Phase.CANCELED: "canceled",
}
# TERMINAL_EVENT and _OUTCOME keyed by the terminal status itself, as `reduce` reads them: a
# string lookup per snapshot, where hashing an enum member would run Python code.
_ENDING: Final[Mapping[str | None, tuple[type[Trained | Failed | Canceled], Outcome]]] = {
    status: (TERMINAL_EVENT[phase], _OUTCOME[phase])
    for status, phase in STATUS_PHASE.items()
    if phase is not Phase.ACTIVE
}

# --------------------------------------------------------------------------------------------
# State


class TrainingState(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What the reducer keeps for one model: the last kept snapshot and the reported view.

    Start a watch with `TrainingState(model_id=...)`.
    """

    model_id: str
    model: TrainingSnapshot | None = None
    """The last snapshot kept (not stale); the final one once finished (None if never seen)."""
    status: ActiveStatus | None = None
    stage: Stage | None = None
    position: float | None = None
    progress: float | None = None
    remaining_time_ms: float | None = None
    unknown: frozenset[tuple[str, str]] = frozenset()
    outcome: Outcome | None = None

    @property
    def finished(self) -> bool:
        """True once the terminal event was emitted: nothing more will come."""
        return self.outcome is not None

    @property
    def stage_rank(self) -> int:
        return _STAGE_RANK[self.stage]


# --------------------------------------------------------------------------------------------
# The reducer: the transition table, one step a row

_Folded: TypeAlias = tuple[TrainingState, list[TrainingEvent]]


class _Fold:
    """One snapshot on its way down the table: what it says, the view it moves, its events.

    `status`, `stage`, `position`, `progress`, `remaining_time_ms` and `unknown` are the reported
    view: they start as the state's, the steps move them, and a kept snapshot keeps them.
    The steps name `model_id`, `observed_at` and `snapshot` in each event they make: a shared
    `**dict` of them cost five times the event itself, on most polls of every watched model.
    """

    __slots__ = (
        "events",
        "known_stage",
        "model_id",
        "new",
        "observed_at",
        "position",
        "progress",
        "remaining_time_ms",
        "snapshot",
        "stage",
        "state",
        "status",
        "training",
        "unknown",
    )

    def __init__(self, state: TrainingState, new: Observed, observed_at: float) -> None:
        self.state = state
        self.model_id = state.model_id
        self.new = new
        self.snapshot = TrainingSnapshot.of(new)
        self.observed_at = observed_at
        self.training = training = new.training_progress
        # Declared: pyright widens the `Literal` of an unannotated attribute to plain `str`.
        self.known_stage: Stage | None = (
            _STAGE_BY_NAME.get(training.stage) if training is not None else None
        )
        self.status: ActiveStatus | None = state.status
        self.stage: Stage | None = state.stage
        self.position = state.position
        self.progress = state.progress
        self.remaining_time_ms = state.remaining_time_ms
        self.unknown = state.unknown
        self.events: list[TrainingEvent] = []

    def drop(self) -> _Folded:
        return self.state, []

    def keep(self, outcome: Outcome | None = None) -> _Folded:
        state = TrainingState(
            model_id=self.state.model_id,
            model=self.snapshot,
            status=self.status,
            stage=self.stage,
            position=self.position,
            progress=self.progress,
            remaining_time_ms=self.remaining_time_ms,
            unknown=self.unknown,
            outcome=outcome,
        )
        return state, self.events


def _finished_absorbs_everything(fold: _Fold) -> _Folded | None:
    """Rule 2: nothing after the terminal event, which gave the state its outcome."""
    return fold.drop() if fold.state.outcome is not None else None


def _terminal_status_ends_it(fold: _Fold) -> _Folded | None:
    """Rules 1 and 3: believed whatever its timestamp; the stage it reached comes first, unless
    it is the first snapshot seen (then its terminal event is all there is to say)."""
    ending = _ENDING.get(fold.new.status)
    if ending is None:
        return None
    model = fold.new
    if not isinstance(model, Model):
        raise ValueError(
            f"{fold.state.model_id} reached {model.status!r}: its terminal event carries the "
            "full Model, give that rather than its TrainingSnapshot"
        )
    event, outcome = ending
    if fold.state.model is not None:
        _stage_forward(fold)
    fold.events.append(
        event(model_id=fold.state.model_id, observed_at=fold.observed_at, model=model)
    )
    return fold.keep(outcome)


def _stale_snapshot_dropped(fold: _Fold) -> _Folded | None:
    """Rule 3: older than the kept snapshot (a lagging replica, a late delivery)."""
    kept = fold.state.model
    return fold.drop() if kept is not None and _is_older(fold.new, kept) else None


def _stage_going_backwards_dropped(fold: _Fold) -> _Folded | None:
    """Rule 5: the whole snapshot belongs to an earlier stage, its position and progress too."""
    stage = fold.known_stage
    if stage is not None and _STAGE_RANK[stage] < _STAGE_RANK[fold.stage]:
        return fold.drop()
    return None


def _unknown_status(fold: _Fold) -> None:
    """Rule 6: a status string this client does not know."""
    status = fold.new.status
    if status is not None and status not in STATUS_PHASE:
        _report_unknown(fold, "status", status)


def _status_change(fold: _Fold) -> None:
    """Rule 4; a snapshot without a status (`minimal` get-bulk) says nothing of it."""
    status = _ACTIVE_STATUS.get(fold.new.status)
    if status is not None and status != fold.status:
        fold.events.append(
            StatusChanged(
                model_id=fold.model_id,
                observed_at=fold.observed_at,
                model=fold.snapshot,
                from_status=fold.status,
                to_status=status,
            )
        )
        fold.status = status


def _unknown_stage(fold: _Fold) -> None:
    """Rule 6; the view's stage stays, the snapshot's position and progress still count."""
    if fold.training is not None and fold.known_stage is None:
        _report_unknown(fold, "stage", fold.training.stage)


def _stage_forward(fold: _Fold) -> None:
    """Rule 1: straight to the observed stage, the skipped ones are not invented."""
    stage = fold.known_stage
    if stage is not None and _STAGE_RANK[stage] > _STAGE_RANK[fold.stage]:
        fold.events.append(
            StageChanged(
                model_id=fold.model_id,
                observed_at=fold.observed_at,
                model=fold.snapshot,
                from_stage=fold.stage,
                to_stage=stage,
            )
        )
        fold.stage = stage


def _queue_position(fold: _Fold) -> None:
    """Rule 4: without a training progress the position is unknown, not null."""
    if fold.training is None:
        return
    position = fold.training.position
    if position != fold.position:
        fold.events.append(
            QueuePositionChanged(
                model_id=fold.model_id,
                observed_at=fold.observed_at,
                model=fold.snapshot,
                from_position=fold.position,
                to_position=position,
            )
        )
    fold.position = position


def _progress(fold: _Fold) -> None:
    """Rule 4, as `_queue_position`, for the progress and the remaining time together."""
    if fold.training is None:
        return
    progress, remaining = fold.training.progress, fold.training.remaining_time_ms
    if (progress, remaining) != (fold.progress, fold.remaining_time_ms):
        fold.events.append(
            ProgressChanged(
                model_id=fold.model_id,
                observed_at=fold.observed_at,
                model=fold.snapshot,
                progress=progress,
                remaining_time_ms=remaining,
            )
        )
    fold.progress, fold.remaining_time_ms = progress, remaining


def _report_unknown(fold: _Fold, field: Literal["status", "stage"], value: str) -> None:
    """Rule 6: once per (field, value) per model; the view's status and stage stay as they are."""
    if (field, value) not in fold.unknown:
        fold.unknown = fold.unknown | {(field, value)}
        fold.events.append(
            UnknownState(
                model_id=fold.model_id,
                observed_at=fold.observed_at,
                model=fold.snapshot,
                field=field,
                value=value,
            )
        )


# The table: the rows that may answer for a snapshot, then those that move the view.
_GUARDS: Final[tuple[Callable[[_Fold], _Folded | None], ...]] = (
    _finished_absorbs_everything,
    _terminal_status_ends_it,
    _stale_snapshot_dropped,
    _stage_going_backwards_dropped,
)
_UPDATES: Final[tuple[Callable[[_Fold], None], ...]] = (
    _unknown_status,
    _status_change,
    _unknown_stage,
    _stage_forward,
    _queue_position,
    _progress,
)


def reduce(
    state: TrainingState, new: Observed, observed_at: float
) -> tuple[TrainingState, list[TrainingEvent]]:
    """Fold one snapshot into `state`: the state to keep and the events, per the table above.

    `new` is a full `Model` or its `TrainingSnapshot`; one with a terminal status must be the
    `Model`, which its terminal event carries (`ValueError` otherwise).
    """
    if new.id != state.model_id:
        raise ValueError(f"snapshot of {new.id!r} given to the state of {state.model_id!r}")
    fold = _Fold(state, new, observed_at)
    for guard in _GUARDS:
        if (ended := guard(fold)) is not None:
            return ended
    for update in _UPDATES:
        update(fold)
    return fold.keep()


def reduce_gone(
    state: TrainingState, observed_at: float, reason: str
) -> tuple[TrainingState, list[TrainingEvent]]:
    """The server no longer returns the model (`reason`: e.g. "missing" from get-bulk, "404").

    Gone is terminal: it is emitted once, and never after another terminal event.
    """
    if state.finished:
        return state, []
    event = Gone(model_id=state.model_id, observed_at=observed_at, model=state.model, reason=reason)
    return msgspec.structs.replace(state, outcome="gone"), [event]


def is_terminal(model: Observed) -> bool:
    """True if `model`'s status ends its training (trained, failed or training-canceled)."""
    return model.status in _ENDING


def _is_older(new: Observed, kept: TrainingSnapshot) -> bool:
    """Rule 3: ordered by progress updatedAt if both have it, else by Model updatedAt."""
    new_training, kept_training = new.training_progress, kept.training_progress
    if new_training is not None and kept_training is not None:
        return new_training.updated_at < kept_training.updated_at
    new_updated, kept_updated = _iso_ms(new.updated_at), _iso_ms(kept.updated_at)
    if new_updated is not None and kept_updated is not None:
        return new_updated < kept_updated
    return False


def _iso_ms(value: str | None) -> float | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() * 1000.0
