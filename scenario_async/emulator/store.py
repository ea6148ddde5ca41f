"""The emulator's state and its changes: models, their images, tags, examples and trainings.

A plain class over an injected clock (`now() -> seconds`), with no I/O, so it can be tested
without sockets. Every method either applies its whole change or raises `ErrorAnswer`
before changing anything. Requests arrive already decoded and validated against the
client's own request types (see `app.py`); what is checked here is what depends on the state.

Rules the emulator enforces beyond the reference (the reference is silent on them, so they
follow what a user would expect; each is an `ErrorAnswer` with the status shown):

- 404 `modelId`: unknown or deleted model (restore aside); also when `projectId` is given
  and the model is owned by another project ("assert ownership"). 404 `trainingImageId`:
  unknown image. 404 `presetId`: a preset the model does not have.
- 409 `modelId`: train.trigger on a model already `training`; train.action cancel on a model
  that is not `training`; adding, replacing or deleting training images or pairs of a model
  that is `training` (also `delete_images` naming one of its training images); download of
  a model that is not `trained`.
- 400 `trainingImages`: train.trigger on a model with no training image (unless `dryRun`,
  where `trainingImagesCount` stands in for the real count).
- 400 `data`: training_images add/replace with none of `assetId`, `assetIds`, `data`;
  `data` that is not a `data:` URL. 400 `assetIds`: an empty list.
- 400 `body[i].sourceId` / `body[i].targetId`: a pair naming an image the model does not have.
- 400 `type`: update of `type` on a model whose status is not `new` (as documented).
- 400 `epoch` / `modelEpoch`: an epoch the model does not have.
- 409 `add` / `delete` (update_tags with `strict=true`): adding a tag already present,
  deleting one that is absent.
- 400 `paginationToken`, `createdAfter` (etc.): see `listing.py`, with the list defaults.
- 400 `modelId`: restore of a model that is not deleted. 410 `modelId`: restore of a model
  deleted more than 30 days ago (emulator clock), as the SDK documents.

Behaviour choices:
- `get-bulk`: unknown ids, and those of another project's models, are left out. Which parts
  of a model each answer carries (all training images or the first 3, settings, thumbnail):
  see `views.py`.
- `copy`: a new `new` model with the images, pairs, tags, thumbnail, description and (unless
  `copyExamples=false`) examples; with `copyAsTrained=true` a `trained` source is copied as
  `trained` with its epochs and stats. `transfer` moves ownership to `destinationProjectId`.
- train.trigger merges `parameters` into the model's, records a job, and starts the
  schedule of `training.py`; a seeded share (`failure_rate`) of trainings fails part-way.
  `dryRun` answers the same job and model without changing anything.
- training_images add with `assetIds` adds them all (each id once) and answers the last one.
- `delete_images` removes the given ids from the training images and the examples, and the
  pairs that name a removed image (as deleting one training image does).
- `delete` keeps the model aside with its `deletedAt`, for `restore`; an interrupted training
  is canceled there and then, so the model comes back `training-canceled` as the SDK
  documents. Until restored, the model is unknown to every other operation, and only
  `list` with `status=deleted` shows it (deleted in the last 30 days, with `deletedAt`).
  `restore` brings it back as it was, presets, description and prompt guide included, but
  without its tags and collections (the SDK says they are not restored).
- Presets belong to their model: `isDefault` defaults to false, and making a preset the
  default makes the model's other presets not default. A preset's `parameters` are a fixed
  txt2img of the model, seeded from `inferenceId` (see `payloads.preset_parameters`).
- The prompt guide of a model without one (never set, or deleted with `null`) is the empty
  value: the SDK's update answers a guide with a string `value` even after `null`, so the
  empty value is how the API says "none", as for the description.
- The scores are pure functions of the model's training images (see `scores.py`).
"""

from __future__ import annotations

import base64
import binascii
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import msgspec
from msgspec import UNSET, UnsetType
from msgspec.structs import replace

from ..types import (
    Description,
    DescriptionModel,
    Example,
    Job,
    Model,
    ModelCopyBody,
    ModelCreateBody,
    ModelGetBulkBody,
    ModelThumbnail,
    ModelTrainingStats,
    ModelTransferBody,
    ModelUpdateBody,
    ModelUpdateTagsBody,
    Preset,
    PromptGuide,
    ScoreRetrievePromptResponse,
    ScoreRetrieveTrainingDatasetResponse,
    TrainingImage,
    TrainingImageBody,
    TrainingImagePair,
    TrainingImagePairParam,
    TrainTriggerBody,
)
from ..types.queries import ModelListQuery
from . import listing, payloads
from .answers import ErrorAnswer
from .payloads import iso, or_default
from .records import Record
from .scores import prompt_score, training_dataset_score
from .training import Durations, Ended, TrainingSchedule
from .views import FULL, LISTED, View, bulk_view, encoded

__all__ = ["Store", "TrainingChange", "TrainingStatus"]

_ID_ALPHABET = string.ascii_letters + string.digits
_RESTORABLE_FOR = 30 * 86400.0  # seconds a deleted model can be restored for
_MENTION = re.compile(r"\bmodel_[A-Za-z0-9]+")


def _not_found(model_id: str) -> ErrorAnswer:
    return ErrorAnswer(404, "modelId", f"model {model_id!r} not found")


def _owned(record: Record | None, model_id: str, project_id: str | UnsetType) -> Record:
    """`record`, unless there is none or `projectId` names another owner (404 `modelId`)."""
    if record is None:
        raise _not_found(model_id)
    if not isinstance(project_id, UnsetType) and record.model.owner_id != project_id:
        raise _not_found(model_id)
    return record


TrainingStatus = Literal["training", "trained", "failed", "training-canceled"]
"""The statuses a training moves a model to: triggered, ended (either way), canceled."""


@dataclass(frozen=True, slots=True)
class TrainingChange:
    """The training of `model_id` moved the model to `status` at `at` (emulator clock)."""

    model_id: str
    project_id: str | None
    status: TrainingStatus
    at: float


class Store:
    """`on_training_change`, if given, is told of each `TrainingChange` as the store applies
    it, in the order of the changes (a training's end is applied once the clock has passed
    it and the store is next read or changed, or `settle_ends` is called)."""

    def __init__(
        self,
        now: Callable[[], float],
        *,
        training_seconds: float = 5.0,
        training_slots: int = 4,
        failure_rate: float = 0.0,
        seed: int = 0,
        owner_id: str = "project_emulator",
        author_id: str = "user_emulator",
        on_training_change: Callable[[TrainingChange], None] | None = None,
    ) -> None:
        self.now = now
        self.failure_rate = failure_rate
        self.owner_id = owner_id
        self.author_id = author_id
        self.schedule: TrainingSchedule = TrainingSchedule(
            Durations.for_total(training_seconds), training_slots
        )
        self._on_training_change = on_training_change
        self._records: dict[str, Record] = {}
        self._deleted: dict[str, Record] = {}
        self._seq = 0
        self._ids = random.Random(f"ids:{seed}")
        self._fate = random.Random(f"fate:{seed}")
        self._seed = seed

    # -- bookkeeping -------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        return prefix + "_" + "".join(self._ids.choices(_ID_ALPHABET, k=22))

    def __len__(self) -> int:
        return len(self._records)

    def _settle(self) -> float:
        """Apply the ends of trainings that finished by now; return now."""
        now = self.now()
        for ended in self.schedule.pop_ended(now):
            self._finish(ended)
        return now

    def settle_ends(self) -> float:
        """Apply the ends of trainings that finished by now; return when the next one ends
        (`math.inf` if none is training)."""
        self._settle()
        return self.schedule.next_end()

    def _training_changed(self, record: Record, status: TrainingStatus, at: float) -> None:
        if self._on_training_change is not None:
            model = record.model
            self._on_training_change(TrainingChange(model.id, model.owner_id, status, at))

    def _finish(self, ended: Ended) -> None:
        record = self._records.get(ended.model_id)
        if record is None:
            return
        model = record.model
        stats = ModelTrainingStats(
            started_at=iso(ended.started),
            ended_at=iso(ended.ended),
            queue_duration=round(ended.queued_for, 3),
            train_duration=round(ended.ended - ended.started, 3),
        )
        if ended.failed:
            self._change(record, ended.ended, status="failed", training_stats=stats)
            self._training_changed(record, "failed", ended.ended)
            return
        epochs = (
            payloads.epochs(random.Random(f"{self._seed}:{model.id}"), model.parameters)
            if "lora" in model.type and model.type.startswith("flux")
            else model.epochs
        )
        self._change(record, ended.ended, status="trained", training_stats=stats, epochs=epochs)
        self._training_changed(record, "trained", ended.ended)

    def _change(self, record: Record, now: float, **changes: object) -> None:
        record.model = replace(record.model, updated_at=iso(now), **changes)
        record.updated = now
        record.encoded.clear()

    def _add(self, model: Model, now: float, score: float = 0.0) -> Record:
        self._seq += 1
        record = Record(model=model, seq=self._seq, created=now, updated=now, score=score)
        self._records[model.id] = record
        return record

    def _get(self, model_id: str, project_id: str | UnsetType = UNSET) -> Record:
        return _owned(self._records.get(model_id), model_id, project_id)

    def _not_training(self, record: Record) -> None:
        if record.model.status == "training":
            raise ErrorAnswer(409, "modelId", "the model is training; cancel the training first")

    # -- answers -----------------------------------------------------------------------

    def _encoded(self, record: Record, view: View, now: float) -> bytes:
        model_id = record.model.id
        progress = self.schedule.progress(model_id, now) if model_id in self.schedule else None
        return encoded(record.model, view, progress, record.encoded)

    def model_json(
        self, model_id: str, project_id: str | UnsetType = UNSET, *, public_only: bool = False
    ) -> bytes:
        now = self._settle()
        record = self._get(model_id, project_id)
        if public_only and record.model.privacy != "public":
            raise _not_found(model_id)
        return self._encoded(record, FULL, now)

    # -- models ------------------------------------------------------------------------

    def seed_models(self, count: int, seed: int) -> None:
        """Add `count` full-size models (about 20 KB of JSON each), deterministic from `seed`."""
        now = self.now()
        for i in range(count):
            rng = random.Random(f"model:{seed}:{i}")
            created = now - (count - i) * 60.0
            model = payloads.realistic_model(rng, self.new_id("model"), created, self.owner_id)
            record = self._add(model, created, score=rng.random())
            record.updated = created + 30

    def create(self, body: ModelCreateBody, project_id: str | UnsetType) -> bytes:
        now = self._settle()
        owner = or_default(project_id, self.owner_id)
        model = payloads.new_model(body, self.new_id("model"), owner, self.author_id, now)
        record = self._add(model, now)
        return self._encoded(record, FULL, now)

    def list_models(self, q: ModelListQuery) -> tuple[list[bytes], str | None]:
        now = self._settle()
        if q.status == "deleted":
            pool = [r for r in self._deleted.values() if self._restorable(r, now)]
        else:
            pool = list(self._records.values())
        found, token = listing.page(pool, q)
        return [self._encoded(r, LISTED, now) for r in found], token

    def get_bulk(self, body: ModelGetBulkBody, project_id: str | UnsetType) -> list[bytes]:
        now = self._settle()
        view = bulk_view(body)
        found: list[bytes] = []
        for model_id in or_default(body.model_ids, ()):
            record = self._records.get(model_id)
            if record is None:
                continue
            if not isinstance(project_id, UnsetType) and record.model.owner_id != project_id:
                continue
            found.append(self._encoded(record, view, now))
        return found

    def update(self, model_id: str, body: ModelUpdateBody, project_id: str | UnsetType) -> bytes:
        now = self._settle()
        record = self._get(model_id, project_id)
        model = record.model
        changes: dict[str, object] = {}
        if not isinstance(body.type, UnsetType) and body.type != model.type:
            if model.status != "new":
                raise ErrorAnswer(400, "type", "can only be changed while the model status is new")
            changes["type"] = body.type
        if not isinstance(body.epoch, UnsetType):
            if body.epoch is not None and body.epoch not in _epoch_names(model):
                raise ErrorAnswer(400, "epoch", f"the model has no epoch {body.epoch!r}")
            changes["epoch"] = body.epoch
        if not isinstance(body.thumbnail, UnsetType):
            changes["thumbnail"] = (
                None
                if body.thumbnail is None
                else ModelThumbnail(asset_id=body.thumbnail, url=payloads.asset_url(body.thumbnail))
            )
        if not isinstance(body.class_slug, UnsetType):
            changes["class_"] = payloads.model_class(body.class_slug)
        if not isinstance(body.concepts, UnsetType):
            changes["concepts"] = payloads.concepts(body.concepts)
        if not isinstance(body.parameters, UnsetType):
            changes["parameters"] = payloads.merged_parameters(model.parameters, body.parameters)
        for name in ("name", "short_description", "prompt_embedding", "negative_prompt_embedding"):
            value = getattr(body, name)
            if not isinstance(value, UnsetType):
                changes[name] = value
        self._change(record, now, **changes)
        return self._encoded(record, FULL, now)

    def delete(self, model_id: str, project_id: str | UnsetType) -> None:
        now = self._settle()
        record = self._get(model_id, project_id)
        changes: dict[str, object] = {"deleted_at": iso(now)}
        interrupted = model_id in self.schedule
        if interrupted:
            self.schedule.remove(model_id, now)
            changes["status"] = "training-canceled"
        # Not `_change`: deleting a model does not update it, and a restore shows it as it was.
        record.model = replace(record.model, **changes)
        record.encoded.clear()
        record.deleted = now
        self._deleted[model_id] = self._records.pop(model_id)
        if interrupted:
            self._training_changed(record, "training-canceled", now)

    def _restorable(self, record: Record, now: float) -> bool:
        return record.deleted is not None and now - record.deleted <= _RESTORABLE_FOR

    def restore(self, model_id: str, project_id: str | UnsetType) -> bytes:
        now = self._settle()
        if model_id in self._records:
            self._get(model_id, project_id)  # another project's model is still not found
            raise ErrorAnswer(400, "modelId", "the model is not deleted")
        record = _owned(self._deleted.get(model_id), model_id, project_id)
        if not self._restorable(record, now):
            raise ErrorAnswer(410, "modelId", "the model was deleted more than 30 days ago")
        self._records[model_id] = self._deleted.pop(model_id)
        record.deleted = None
        self._change(record, now, deleted_at=None, tags=[], collection_ids=[])
        return self._encoded(record, FULL, now)

    def copy(self, model_id: str, body: ModelCopyBody, project_id: str | UnsetType) -> bytes:
        now = self._settle()
        source = self._get(model_id, project_id).model
        as_trained = body.copy_as_trained is True and source.status == "trained"
        changes: dict[str, object] = {
            "id": self.new_id("model"),
            "created_at": iso(now),
            "updated_at": iso(now),
            "parent_model_id": source.id,
            "job_id": None,
            "training_progress": None,
        }
        if not as_trained:
            changes.update(status="new", epochs=None, epoch=None, training_stats=None)
        if body.copy_examples is False:
            changes["example_asset_ids"] = []
        record = self._add(replace(source, **changes), now)
        record.description = self._records[model_id].description
        return self._encoded(record, FULL, now)

    def download(
        self, model_id: str, model_epoch: str | UnsetType, project_id: str | UnsetType
    ) -> str:
        self._settle()
        model = self._get(model_id, project_id).model
        if model.status != "trained":
            raise ErrorAnswer(409, "modelId", "only a trained model can be downloaded")
        if not isinstance(model_epoch, UnsetType) and model_epoch not in _epoch_names(model):
            raise ErrorAnswer(400, "modelEpoch", f"the model has no epoch {model_epoch!r}")
        return self.new_id("job")

    def delete_images(self, model_id: str, ids: list[str], project_id: str | UnsetType) -> None:
        now = self._settle()
        record = self._get(model_id, project_id)
        gone = set(ids)
        if any(i.id in gone for i in record.model.training_images or []):
            self._not_training(record)
        examples = [a for a in record.model.example_asset_ids or [] if a not in gone]
        self._drop_images(record, now, gone, example_asset_ids=examples)

    def update_tags(
        self, model_id: str, body: ModelUpdateTagsBody, project_id: str | UnsetType
    ) -> tuple[list[str], list[str]]:
        now = self._settle()
        record = self._get(model_id, project_id)
        tags = list(record.model.tags or [])
        add, delete = or_default(body.add, ()), or_default(body.delete, ())
        if body.strict is True:
            if present := [t for t in add if t in tags]:
                raise ErrorAnswer(409, "add", f"tags already present: {present}")
            if absent := [t for t in delete if t not in tags]:
                raise ErrorAnswer(409, "delete", f"tags not found: {absent}")
        added = [t for t in dict.fromkeys(add) if t not in tags]
        tags += added
        deleted = [t for t in dict.fromkeys(delete) if t in tags]
        tags = [t for t in tags if t not in deleted]
        if added or deleted:
            self._change(record, now, tags=tags)
        return added, deleted

    def transfer(
        self, model_id: str, body: ModelTransferBody, project_id: str | UnsetType
    ) -> bytes:
        now = self._settle()
        record = self._get(model_id, project_id)
        self._change(record, now, owner_id=body.destination_project_id)
        return self._encoded(record, FULL, now)

    # -- description and examples ------------------------------------------------------

    def description(self, model_id: str, project_id: str | UnsetType) -> Description:
        self._settle()
        record = self._get(model_id, project_id)
        text = record.description or ""
        models: list[DescriptionModel] = []
        for mentioned in dict.fromkeys(_MENTION.findall(text)):
            other = self._records.get(mentioned)
            if other is not None:
                models.append(msgspec.convert(other.model, DescriptionModel, from_attributes=True))
        return Description(assets=[], models=models, value=text)

    def set_description(
        self, model_id: str, text: str | None, project_id: str | UnsetType
    ) -> Description:
        now = self._settle()
        record = self._get(model_id, project_id)
        record.description = text
        self._change(record, now)
        return self.description(model_id, project_id)

    def examples(self, model_id: str, project_id: str | UnsetType) -> list[Example]:
        self._settle()
        model = self._get(model_id, project_id).model
        return [
            Example(asset=payloads.example_asset(asset_id, model), api_model_id=model.id)
            for asset_id in model.example_asset_ids or []
        ]

    def set_examples(
        self, model_id: str, asset_ids: list[str], project_id: str | UnsetType
    ) -> list[Example]:
        now = self._settle()
        record = self._get(model_id, project_id)
        self._change(record, now, example_asset_ids=list(dict.fromkeys(asset_ids)))
        return self.examples(model_id, project_id)

    # -- presets -----------------------------------------------------------------------

    def presets(self, model_id: str, project_id: str | UnsetType) -> list[Preset]:
        self._settle()
        return list(self._get(model_id, project_id).presets)

    def create_preset(
        self,
        model_id: str,
        inference_id: str,
        is_default: bool | UnsetType,
        project_id: str | UnsetType,
    ) -> Preset:
        now = self._settle()
        record = self._get(model_id, project_id)
        model = record.model
        preset = Preset(
            id=self.new_id("preset"),
            author_id=self.author_id,
            created_at=iso(now),
            is_default=False,
            api_model_id=model.id,
            owner_id=model.owner_id or self.owner_id,
            parameters=payloads.preset_parameters(model, inference_id),
            updated_at=iso(now),
        )
        record.presets.append(preset)
        if is_default is True:
            return self._make_default(record, preset.id, now)
        return preset

    def update_preset(
        self, model_id: str, preset_id: str, is_default: bool, project_id: str | UnsetType
    ) -> Preset:
        now = self._settle()
        record = self._get(model_id, project_id)
        at = _preset_index(record.presets, preset_id)
        if is_default:
            return self._make_default(record, preset_id, now)
        preset = record.presets[at]
        if preset.is_default:
            preset = record.presets[at] = replace(preset, is_default=False, updated_at=iso(now))
        return preset

    def _make_default(self, record: Record, preset_id: str, now: float) -> Preset:
        """Make `preset_id` the model's one default preset; answer it."""
        for n, preset in enumerate(record.presets):
            if preset.is_default != (preset.id == preset_id):
                record.presets[n] = replace(
                    preset, is_default=not preset.is_default, updated_at=iso(now)
                )
        return record.presets[_preset_index(record.presets, preset_id)]

    def delete_preset(self, model_id: str, preset_id: str, project_id: str | UnsetType) -> None:
        self._settle()
        record = self._get(model_id, project_id)
        del record.presets[_preset_index(record.presets, preset_id)]

    # -- prompt guide and scores -------------------------------------------------------

    def prompt_guide(self, model_id: str, project_id: str | UnsetType) -> PromptGuide:
        self._settle()
        return PromptGuide(value=self._get(model_id, project_id).prompt_guide or "")

    def set_prompt_guide(
        self, model_id: str, text: str | None, project_id: str | UnsetType
    ) -> PromptGuide:
        now = self._settle()
        record = self._get(model_id, project_id)
        record.prompt_guide = text
        self._change(record, now)  # as a new description does, it updates the model
        return self.prompt_guide(model_id, project_id)

    def prompt_score(
        self, model_id: str, prompt: str, project_id: str | UnsetType
    ) -> ScoreRetrievePromptResponse:
        self._settle()
        model = self._get(model_id, project_id).model
        return prompt_score(model.id, model.training_images or [], prompt)

    def training_dataset_score(
        self, model_id: str, project_id: str | UnsetType
    ) -> ScoreRetrieveTrainingDatasetResponse:
        self._settle()
        model = self._get(model_id, project_id).model
        return training_dataset_score(model.id, model.training_images or [])

    # -- training ----------------------------------------------------------------------

    def train(
        self,
        model_id: str,
        body: TrainTriggerBody,
        *,
        dry_run: bool,
        images_count: int | UnsetType,
        project_id: str | UnsetType,
    ) -> tuple[Job, bytes]:
        now = self._settle()
        record = self._get(model_id, project_id)
        model = record.model
        if model.status == "training":
            raise ErrorAnswer(409, "modelId", "the model is already training")
        count = len(model.training_images or [])
        if dry_run and not isinstance(images_count, UnsetType):
            count = images_count
        if count == 0:
            raise ErrorAnswer(400, "trainingImages", "add at least one training image first")
        job = payloads.training_job(model, self.new_id("job"), self.author_id, now)
        if dry_run:
            return job, self._encoded(record, FULL, now)
        fails = self._fate.random() < self.failure_rate
        fail_at = 0.2 + 0.6 * self._fate.random() if fails else None
        parameters = model.parameters
        if not isinstance(body.parameters, UnsetType):
            parameters = payloads.merged_parameters(parameters, body.parameters)
        self._change(
            record,
            now,
            status="training",
            job_id=job.job_id,
            parameters=parameters,
            training_stats=None,
            epochs=None,
            epoch=None,
        )
        self.schedule.add(model.id, now, fail_at=fail_at)
        self._training_changed(record, "training", now)
        return job, self._encoded(record, FULL, now)

    def cancel(self, model_id: str, project_id: str | UnsetType) -> bytes:
        now = self._settle()
        record = self._get(model_id, project_id)
        if model_id not in self.schedule:
            raise ErrorAnswer(409, "modelId", "the model is not training")
        self.schedule.remove(model_id, now)
        self._change(record, now, status="training-canceled")
        self._training_changed(record, "training-canceled", now)
        return self._encoded(record, FULL, now)

    # -- training images ---------------------------------------------------------------

    def _images_from(self, body: TrainingImageBody, now: float) -> list[TrainingImage]:
        if not isinstance(body.asset_ids, UnsetType):
            if not body.asset_ids:
                raise ErrorAnswer(400, "assetIds", "must not be empty")
            return [payloads.training_image(a, a, now) for a in body.asset_ids]
        if not isinstance(body.asset_id, UnsetType):
            return [payloads.training_image(body.asset_id, body.asset_id, now)]
        if isinstance(body.data, UnsetType):
            raise ErrorAnswer(400, "data", "one of assetId, assetIds or data is required")
        _check_data_url(body.data)
        image_id = self.new_id("asset")
        return [payloads.training_image(image_id, or_default(body.name, image_id), now)]

    def add_training_images(
        self, model_id: str, body: TrainingImageBody, project_id: str | UnsetType
    ) -> TrainingImage:
        now = self._settle()
        record = self._get(model_id, project_id)
        self._not_training(record)
        # One image per id: an asset named twice in `assetIds` counts where it was last named,
        # as adding an asset the model already has moves it to the end.
        added = list({i.id: i for i in reversed(self._images_from(body, now))}.values())[::-1]
        fresh = {i.id for i in added}
        images = [i for i in record.model.training_images or [] if i.id not in fresh] + added
        self._change(record, now, training_images=images, training_images_number=len(images))
        return added[-1]

    def replace_training_image(
        self, model_id: str, image_id: str, body: TrainingImageBody, project_id: str | UnsetType
    ) -> TrainingImage:
        now = self._settle()
        record = self._get(model_id, project_id)
        images = list(record.model.training_images or [])
        at = _image_index(images, image_id)
        self._not_training(record)
        new = self._images_from(body, now)[-1]
        images[at] = replace(new, id=image_id)
        self._change(record, now, training_images=images)
        return images[at]

    def delete_training_image(
        self, model_id: str, image_id: str, project_id: str | UnsetType
    ) -> None:
        now = self._settle()
        record = self._get(model_id, project_id)
        # An unknown image is a 404, even on a model that is training.
        _image_index(record.model.training_images or [], image_id)
        self._not_training(record)
        self._drop_images(record, now, {image_id})

    def _drop_images(self, record: Record, now: float, gone: set[str], **changes: object) -> None:
        """Remove the training images in `gone` and the pairs that name one of them."""
        images = [i for i in record.model.training_images or [] if i.id not in gone]
        pairs = [
            p
            for p in record.model.training_image_pairs or []
            if p.source_id not in gone and p.target_id not in gone
        ]
        self._change(
            record,
            now,
            training_images=images,
            training_images_number=len(images),
            training_image_pairs=pairs,
            **changes,
        )

    def replace_pairs(
        self, model_id: str, pairs: list[TrainingImagePairParam], project_id: str | UnsetType
    ) -> list[TrainingImagePair]:
        now = self._settle()
        record = self._get(model_id, project_id)
        self._not_training(record)
        known = {i.id for i in record.model.training_images or []}
        for n, pair in enumerate(pairs):
            for name, value in (("sourceId", pair.source_id), ("targetId", pair.target_id)):
                if not isinstance(value, UnsetType) and value not in known:
                    raise ErrorAnswer(
                        400, f"body[{n}].{name}", f"{value!r} is not a training image"
                    )
        stored = [
            TrainingImagePair(
                instruction=or_default(p.instruction, None),
                source_id=or_default(p.source_id, None),
                target_id=or_default(p.target_id, None),
            )
            for p in pairs
        ]
        self._change(record, now, training_image_pairs=stored)
        return stored


# -- rules of the state ------------------------------------------------------------------


def _epoch_names(model: Model) -> set[str]:
    return {e.epoch for e in model.epochs or []}


def _image_index(images: list[TrainingImage], image_id: str) -> int:
    for n, image in enumerate(images):
        if image.id == image_id:
            return n
    raise ErrorAnswer(404, "trainingImageId", f"training image {image_id!r} not found")


def _preset_index(presets: list[Preset], preset_id: str) -> int:
    for n, preset in enumerate(presets):
        if preset.id == preset_id:
            return n
    raise ErrorAnswer(404, "presetId", f"preset {preset_id!r} not found")


def _check_data_url(data: str) -> None:
    header, sep, payload = data.partition(",")
    if not (header.startswith("data:") and sep):
        raise ErrorAnswer(400, "data", "must be a data URL (data:<mime>;base64,<data>)")
    if header.endswith(";base64"):
        try:
            base64.b64decode(payload, validate=True)
        except binascii.Error:
            raise ErrorAnswer(400, "data", "is not valid base64") from None
