"""The documented enumerations of the responses, as a user's type checker sees them.

Each is a `Literal` of the documented values (scenario_async/types/enums.py), though at run time
the field holds whatever string the server sent: a `match` keeps a `case _:` arm for the values
a newer server adds.
"""

from __future__ import annotations

from typing import Literal, assert_type

from scenario_async.training import (
    ActiveStatus,
    StageChanged,
    StatusChanged,
    TerminalStatus,
    TrainingState,
)
from scenario_async.types import (
    AccessRestrictions,
    Job,
    JobStatus,
    Model,
    ModelCapability,
    ModelStatus,
    ModelTrainingProgress,
    ModelType,
    TrainingSnapshot,
    TrainingStage,
)


def statuses(model: Model, snapshot: TrainingSnapshot, job: Job) -> None:
    assert_type(
        model.status,
        Literal["new", "copying", "training", "trained", "failed", "training-canceled"] | None,
    )
    assert_type(snapshot.status, ModelStatus | None)
    assert_type(model.type, ModelType)  # the request types' own Literal: one set of values
    assert_type(model.access_restrictions, AccessRestrictions | None)
    assert_type(job.status, JobStatus)
    for capability in model.capabilities or ():
        assert_type(capability, ModelCapability)
    # A misspelled value: mypy's strict equality flags it, and pyright strict's unnecessary
    # comparison (on for this folder, pyproject.toml).
    if model.status == "trainde":  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]
        pass
    guessed: ModelStatus = "archived"  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    del guessed


def stage_label(progress: ModelTrainingProgress) -> str:
    stage = progress.stage
    assert_type(stage, TrainingStage)
    match stage:
        case "pending" | "pending-captcha":
            assert_type(stage, Literal["pending", "pending-captcha"])
            return "waiting"
        case "queued-for-train":
            return "queued"
        case "starting-train" | "running-train":
            assert_type(stage, Literal["starting-train", "running-train"])
            return "training"
        case _:  # a stage a newer server added: kept as the string it sent
            return "unknown"


def training_events(stage: StageChanged, status: StatusChanged, state: TrainingState) -> None:
    assert_type(stage.to_stage, TrainingStage)
    assert_type(stage.from_stage, TrainingStage | None)
    assert_type(stage.model.status, ModelStatus | None)
    assert_type(stage.model.training_progress, ModelTrainingProgress | None)
    assert_type(status.to_status, ActiveStatus)
    assert_type(state.stage, TrainingStage | None)
    if stage.to_stage == "queued-for-trian":  # type: ignore[comparison-overlap]  # pyright: ignore[reportUnnecessaryComparison]
        pass


# The reducer's two sides of a status are the whole of `ModelStatus`, each way round: a status
# documented later, and added to one side only, fails here.
def split_status(status: ModelStatus) -> ActiveStatus | TerminalStatus:
    return status


def whole_status(status: ActiveStatus | TerminalStatus) -> ModelStatus:
    return status
