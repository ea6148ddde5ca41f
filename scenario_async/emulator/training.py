"""The training clock: a pure FIFO schedule of trainings over N slots.

Nothing here runs in the background. A training is a few timestamps decided when it is
triggered; what a reader sees (stage, queue position, progress) is computed from the clock
at read time, so a thousand trainings cost nothing between two requests.

Timeline of one training (seconds on the injected clock):

    triggered ── pending ──► ready ── queued-for-train ──► start ── starting-train ──►
    run_start ── running-train (progress 0 → 1) ──► end  (trained, or failed part-way)

- `pending` and `starting` each last 10% of `training_seconds`, `running` 80%, so a training
  that finds a free slot takes exactly `training_seconds`.
- Slots are granted first come, first served, in trigger order; a training holds its slot
  from `start` until `end` (a failing training releases it when it fails).
- `position` is the number of trainings ahead in the queue that have not started yet.
- Triggering appends to the schedule in O(log slots). Cancelling frees the slot (or the
  queue place) at once and recomputes the start of every training still queued behind it.
"""

from __future__ import annotations

import bisect
import heapq
import math
from dataclasses import dataclass, field
from typing import Literal

from ..types import ModelTrainingProgress

__all__ = ["Durations", "Ended", "Milestone", "TrainingSchedule"]

# A point a test can move a training to: the start of a stage, or its end.
Milestone = Literal["pending", "queued-for-train", "starting-train", "running-train", "ended"]


@dataclass(frozen=True, slots=True)
class Durations:
    pending: float
    starting: float
    running: float

    @classmethod
    def for_total(cls, seconds: float) -> Durations:
        return cls(pending=0.1 * seconds, starting=0.1 * seconds, running=0.8 * seconds)


@dataclass(slots=True)
class _Job:
    model_id: str
    triggered: float
    ready: float
    # How long the job holds its slot: starting + running, or up to the failure point.
    busy: float
    fails: bool
    start: float = math.inf

    @property
    def end(self) -> float:
        return self.start + self.busy


@dataclass(slots=True)
class Ended:
    model_id: str
    started: float
    ended: float
    queued_for: float
    failed: bool


@dataclass(slots=True)
class TrainingSchedule:
    durations: Durations
    slots: int
    # Every job not yet collected by `pop_ended`, in trigger (FIFO) order.
    _jobs: dict[str, _Job] = field(default_factory=dict[str, _Job])
    # Jobs in FIFO order and their starts, which FIFO granting keeps non-decreasing; ended
    # jobs may linger here (they started in the past, so they never count in a position).
    _order: list[_Job] = field(default_factory=list[_Job])
    _starts: list[float] = field(default_factory=list[float])
    _index: dict[str, int] = field(default_factory=dict[str, int])
    # When each slot is next free, once every scheduled job has been granted one.
    _free: list[float] = field(default_factory=list[float])
    _ends: list[tuple[float, str]] = field(default_factory=list[tuple[float, str]])

    def __post_init__(self) -> None:
        if self.slots < 1:
            raise ValueError("slots must be at least 1")
        self._free = [-math.inf] * self.slots

    def __contains__(self, model_id: str) -> bool:
        return model_id in self._jobs

    def add(self, model_id: str, now: float, *, fail_at: float | None = None) -> None:
        """Schedule a training; `fail_at` (0..1 of the running phase) makes it fail there."""
        d = self.durations
        last_ready = self._order[-1].ready if self._order else -math.inf
        running = d.running if fail_at is None else d.running * fail_at
        job = _Job(
            model_id=model_id,
            triggered=now,
            ready=max(now + d.pending, last_ready),
            busy=d.starting + running,
            fails=fail_at is not None,
        )
        self._jobs[model_id] = job
        self._grant(job)
        self._index[model_id] = len(self._order)
        self._order.append(job)
        self._starts.append(job.start)
        heapq.heappush(self._ends, (job.end, model_id))

    def _grant(self, job: _Job) -> None:
        job.start = max(job.ready, heapq.heappop(self._free))
        heapq.heappush(self._free, job.end)

    def remove(self, model_id: str, now: float) -> None:
        """Cancel a training: its slot or queue place is given to the ones behind it."""
        del self._jobs[model_id]
        live = list(self._jobs.values())
        running = [job for job in live if job.start <= now]
        self._free = [job.end for job in running] + [now] * (self.slots - len(running))
        heapq.heapify(self._free)
        for job in live:
            if job.start > now:
                self._grant(job)
        self._order = live
        self._starts = [job.start for job in live]
        self._index = {job.model_id: i for i, job in enumerate(live)}
        self._ends = [(job.end, job.model_id) for job in live]
        heapq.heapify(self._ends)

    def next_end(self) -> float:
        """When the next training not yet collected by `pop_ended` ends (`math.inf`: none)."""
        return self._ends[0][0] if self._ends else math.inf

    def pop_ended(self, now: float) -> list[Ended]:
        """Collect the trainings that ended by `now`, in the order they ended."""
        ended: list[Ended] = []
        while self._ends and self._ends[0][0] <= now:
            _, model_id = heapq.heappop(self._ends)
            job = self._jobs.pop(model_id)
            ended.append(
                Ended(
                    model_id=model_id,
                    started=job.start,
                    ended=job.end,
                    queued_for=job.start - job.ready,
                    failed=job.fails,
                )
            )
        if ended and len(self._order) > 2 * len(self._jobs) + 64:
            self._order = list(self._jobs.values())
            self._starts = [job.start for job in self._order]
            self._index = {job.model_id: i for i, job in enumerate(self._order)}
        return ended

    def reaches(self, model_id: str, milestone: Milestone, progress: float = 0.0) -> float:
        """The instant the training enters `milestone` (`progress` of the way through
        running-train); `ValueError` if it never does: it is not scheduled, it finds a free
        slot and never queues, or it fails before that progress."""
        job = self._jobs.get(model_id)
        if job is None:
            raise ValueError(f"{model_id} is not training")
        if not 0.0 <= progress <= 1.0 or (progress and milestone != "running-train"):
            raise ValueError("progress is a share (0 to 1) of running-train alone")
        match milestone:
            case "pending":
                return job.triggered
            case "queued-for-train":
                if job.ready >= job.start:
                    raise ValueError(f"{model_id} never queues: a slot is free when it is ready")
                return job.ready
            case "starting-train":
                return job.start
            case "running-train":
                instant = job.start + self.durations.starting + progress * self.durations.running
                if job.fails and instant >= job.end:
                    raise ValueError(f"{model_id} fails before {progress:.0%} of running-train")
                return instant
            case "ended":
                return job.end

    def progress(self, model_id: str, now: float) -> ModelTrainingProgress:
        """What `trainingProgress` says at `now` (times in ms, as on the wire); only valid
        before the training ended (see `pop_ended`)."""
        job = self._jobs[model_id]
        d = self.durations
        started = _ms(job.triggered)
        if now < job.ready:
            return ModelTrainingProgress(stage="pending", updated_at=started, started_at=started)
        if now < job.start:
            i = self._index[model_id]
            begun = bisect.bisect_right(self._starts, now, 0, i)
            moved = self._starts[begun - 1] if begun else job.ready
            return ModelTrainingProgress(
                stage="queued-for-train",
                updated_at=_ms(max(job.ready, moved)),
                started_at=started,
                position=i - begun,
            )
        run_start = job.start + d.starting
        if now < run_start:
            return ModelTrainingProgress(
                stage="starting-train", updated_at=_ms(job.start), started_at=_ms(job.start)
            )
        done = min(1.0, (now - run_start) / d.running) if d.running > 0 else 1.0
        return ModelTrainingProgress(
            stage="running-train",
            updated_at=_ms(now),
            started_at=_ms(job.start),
            progress=round(done, 4),
            remaining_time_ms=max(0, _ms(run_start + d.running - now)),
        )


def _ms(seconds: float) -> int:
    return int(seconds * 1000)
