"""The payloads the emulator makes up: models, and the parts of one a request only names.

A model from `realistic_model` has every part the reference documents (inputs, epochs with
assets, training images and pairs, uiConfig, performanceStats, parameters, class, concepts):
about 20 KB of JSON, all drawn from the `random.Random` passed in, so one seed always gives the
same store and benchmarks decode what the real API sends. The other builders are pure
functions of the request values they are given: a class from its slug, an image or an example
from an asset id, a preset from an inference id, a training's job.
"""

from __future__ import annotations

import hashlib
import random
import string
from datetime import UTC, datetime
from typing import TypeVar

import msgspec
from msgspec import UnsetType

from .. import types as wire
from ..types.params import Concept

__all__ = [
    "asset_url",
    "concepts",
    "epochs",
    "example_asset",
    "iso",
    "merged_parameters",
    "model_class",
    "new_model",
    "or_default",
    "preset_parameters",
    "realistic_model",
    "training_image",
    "training_job",
]

T = TypeVar("T")
D = TypeVar("D")

_ALPHABET = string.ascii_letters + string.digits
_TYPES: tuple[wire.ModelType, ...] = (
    "flux.1-lora",
    "flux.1-lora",
    "sd-xl-lora",
    "flux.1-kontext-lora",
    "custom",
    "qwen-image-lora",
)
_WORDS = [
    "cinematic",
    "realism",
    "pixel",
    "art",
    "watercolor",
    "isometric",
    "character",
    "design",
    "dungeon",
    "forest",
    "neon",
    "portrait",
    "low-poly",
    "anime",
    "illustration",
    "sketch",
    "noir",
    "vaporwave",
    "fantasy",
    "sci-fi",
    "landscape",
]
_INPUT_TYPES: tuple[wire.ModelInputType, ...] = (
    "string",
    "number",
    "boolean",
    "file",
    "string_array",
    "model_array",
)


def asset_url(asset_id: str) -> str:
    return f"https://cdn.cloud.scenario.com/assets-transform/{asset_id}?p=100&Expires=1893456000"


def _id(rng: random.Random, prefix: str) -> str:
    return prefix + "_" + "".join(rng.choices(_ALPHABET, k=22))


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(_WORDS, k=n))


def iso(seconds: float) -> str:
    """Milliseconds ISO 8601 in UTC, as the API writes dates."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def epochs(rng: random.Random, parameters: wire.ModelParameters | None) -> list[wire.ModelEpoch]:
    """The epochs a Flux LoRA training leaves, with one sample asset per sample prompt."""
    count = int(parameters.nb_epochs) if parameters and parameters.nb_epochs else 10
    samples = len(parameters.sample_prompts or ()) if parameters else 4
    result: list[wire.ModelEpoch] = []
    for n in range(1, count + 1):
        assets: list[wire.ModelEpochAsset] = []
        for _ in range(samples):
            asset_id = _id(rng, "asset")
            assets.append(wire.ModelEpochAsset(asset_id=asset_id, url=asset_url(asset_id)))
        result.append(wire.ModelEpoch(epoch=f"{n:06d}", assets=assets))
    return result


def _inputs(rng: random.Random) -> list[wire.ModelInput]:
    inputs: list[wire.ModelInput] = []
    for n in range(14):
        kind = rng.choice(_INPUT_TYPES)
        inputs.append(
            wire.ModelInput(
                name=f"input{n}_{rng.choice(_WORDS)}",
                type=kind,
                label=_words(rng, 2).title(),
                description=_words(rng, 12),
                hint=_words(rng, 6),
                group=rng.choice(("basic", "advanced", "style")),
                default=rng.randint(1, 50) if kind == "number" else None,
                min=0 if kind == "number" else None,
                max=100 if kind == "number" else None,
                step=1 if kind == "number" else None,
                allowed_values=rng.sample(_WORDS, 4) if kind == "string" else None,
                kind="image" if kind == "file" else None,
                required=wire.ModelInputRequired(always=rng.random() < 0.3),
                placeholder=_words(rng, 3),
                prompt=kind == "string",
                api_model_types=["flux.1-lora", "flux.1-composition"],
            )
        )
    return inputs


def _ui_config(rng: random.Random, inputs: list[wire.ModelInput]) -> wire.ModelUiConfig:
    return wire.ModelUiConfig(
        input_properties={
            i.name: wire.ModelUiConfigInputProperties(collapsed=rng.random() < 0.5) for i in inputs
        },
        loras_component=wire.ModelUiConfigLorasComponent(
            label="LoRAs",
            api_model_input="loras",
            scale_input="lorasScales",
            api_model_id_input="modelId",
        ),
        output_properties={"image": wire.ModelUiConfigOutputProperties(label="Image")},
        presets=[
            wire.ModelUiConfigPreset(fields=["width", "height"], presets={"square": [1024, 1024]}),
            wire.ModelUiConfigPreset(fields=["guidance"], presets={"soft": 2.5, "strong": 7.5}),
        ],
        resolution_component=wire.ModelUiConfigResolutionComponent(
            height_input="height",
            label="Resolution",
            presets=[
                wire.ModelUiConfigResolutionComponentPreset(height=h, label=f"{w}x{h}", width=w)
                for w, h in ((1024, 1024), (1344, 768), (768, 1344), (1536, 640))
            ],
            width_input="width",
        ),
        selects={"scheduler": ["euler", "dpm++", "ddim"]},
        trigger_generate=wire.ModelUiConfigTriggerGenerate(label="Generate", position="bottom"),
    )


def _performance(rng: random.Random, now: float) -> wire.ModelPerformanceStats:
    variants = [
        wire.ModelPerformanceStatsVariant(
            capability=capability,
            computed_at=iso(now - 86400),
            variant_key=f"{capability}:{resolution}",
            arena_score=wire.ModelPerformanceStatsVariantArenaScore(
                arena_category="text_to_image",
                arena_model_name=_words(rng, 2),
                fetched_at=iso(now - 3600),
                rank=rng.randint(1, 80),
                rating=round(rng.uniform(900, 1300), 2),
                rating_lower=round(rng.uniform(880, 900), 2),
                rating_upper=round(rng.uniform(1300, 1320), 2),
                votes=rng.randint(100, 90000),
            ),
            cost_per_asset_max_cu=rng.randint(5, 20),
            cost_per_asset_min_cu=rng.randint(1, 5),
            cost_per_asset_p50_cu=rng.randint(3, 10),
            inference_latency_p50_sec=round(rng.uniform(2, 10), 2),
            inference_latency_p75_sec=round(rng.uniform(10, 20), 2),
            resolution=resolution,
            total_latency_p50_sec=round(rng.uniform(3, 12), 2),
            total_latency_p75_sec=round(rng.uniform(12, 30), 2),
        )
        for capability, resolution in (("txt2img", "1K"), ("img2img", "1K"), ("txt2img", "2K"))
    ]
    return wire.ModelPerformanceStats(variants=variants, default="txt2img:1K")


def realistic_model(rng: random.Random, model_id: str, created: float, owner_id: str) -> wire.Model:
    now = created + 30
    model_type = rng.choice(_TYPES)
    trained = rng.random() < 0.8
    images: list[wire.TrainingImage] = []
    for n in range(20):
        image_id = _id(rng, "asset")
        images.append(
            wire.TrainingImage(
                id=image_id,
                automatic_captioning=_words(rng, 10),
                created_at=iso(created + n),
                description=_words(rng, 5),
                download_url=asset_url(image_id),
                name=f"training-{n:03d}.png",
            )
        )
    parameters = wire.ModelParameters(
        batch_size=1,
        concept_prompt="sks",
        learning_rate=0.0001,
        learning_rate_text_encoder=0.00001,
        lr_scheduler="constant",
        max_train_steps=rng.choice((500, 1000, 2000)),
        nb_epochs=10,
        nb_repeats=rng.randint(1, 8),
        rank=rng.choice((16, 32, 64)),
        sample_prompts=[_words(rng, 8) for _ in range(4)],
        seed=rng.randint(0, 2**31),
        validation_prompt=_words(rng, 8),
    )
    inputs = _inputs(rng)
    name = _words(rng, 2).title()
    return wire.Model(
        id=model_id,
        privacy="public" if rng.random() < 0.2 else "private",
        type=model_type,
        capabilities=["txt2img", "img2img", "controlnet", "inpaint"],
        collection_ids=[_id(rng, "collection") for _ in range(2)],
        created_at=iso(created),
        custom=model_type == "custom",
        example_asset_ids=[_id(rng, "asset") for _ in range(6)],
        source="scenario",
        status="trained" if trained else "new",
        tags=rng.sample(_WORDS, 4),
        training_images_number=len(images),
        updated_at=iso(now),
        access_restrictions=0,
        author_id="user_emulator",
        class_=wire.ModelClass(
            category="art-style",
            concept_prompt=f"a sks {name.lower()}",
            api_model_id="flux.1-dev",
            name=name,
            prompt=f"a {name.lower()}",
            slug=f"art-style-{name.lower().replace(' ', '-')}",
            status="published",
            thumbnails=[asset_url(_id(rng, "asset")) for _ in range(3)],
        ),
        compliant_model_ids=["flux.1-dev", "flux.1-schnell"],
        concepts=[
            wire.ModelConcept(api_model_id=_id(rng, "model"), scale=round(rng.uniform(-2, 2), 2))
        ],
        epoch="000010" if trained else None,
        epochs=epochs(rng, parameters) if trained else None,
        inputs=inputs,
        api_model_keyword="sks",
        name=name,
        negative_prompt_embedding=_words(rng, 6),
        owner_id=owner_id,
        parameters=parameters,
        performance_stats=_performance(rng, now),
        prompt_embedding=_words(rng, 6),
        short_description=_words(rng, 14),
        thumbnail=wire.ModelThumbnail(asset_id=images[0].id, url=images[0].download_url),
        training_image_pairs=[
            wire.TrainingImagePair(instruction=_words(rng, 6), source_id=a.id, target_id=b.id)
            for a, b in zip(images[0:10:2], images[1:10:2], strict=True)
        ],
        training_images=images,
        training_stats=wire.ModelTrainingStats(
            started_at=iso(created + 60),
            ended_at=iso(created + 1800),
            queue_duration=60,
            train_duration=1740,
        )
        if trained
        else None,
        ui_config=_ui_config(rng, inputs),
        user_id="user_emulator",
    )


def preset_parameters(model: wire.Model, inference_id: str) -> wire.PresetParameters:
    """The parameters of a preset saved from the inference `inference_id` of `model`.

    The emulator runs no inference, so every preset is the same txt2img of the model, but its
    seed comes from the inference id: presets of one inference have the same parameters.
    """
    digest = hashlib.sha256(inference_id.encode()).digest()
    return wire.PresetParameters(
        prompt="an illustration of a phoenix flying over a mountain, in the style of "
        f"{model.name or model.id}, 8k, bokeh effect",
        type="txt2img",
        guidance=3.5,
        height=1024,
        width=1024,
        num_inference_steps=28,
        num_samples=4,
        seed=str(int.from_bytes(digest[:4], "big")),
        api_model_epoch=model.epoch,
    )


def or_default(value: T | UnsetType, default: D) -> T | D:
    """A request's `value`, or `default` where the request leaves it out."""
    return default if isinstance(value, UnsetType) else value


def new_model(
    body: wire.ModelCreateBody, model_id: str, owner_id: str, author_id: str, now: float
) -> wire.Model:
    """The `new` model that `body` creates."""
    return wire.Model(
        id=model_id,
        privacy="private",
        type="sd-xl-lora" if isinstance(body.type, UnsetType) else body.type,
        capabilities=["txt2img", "img2img"],
        collection_ids=or_default(body.collection_ids, list[str]()),
        created_at=iso(now),
        custom=False,
        example_asset_ids=[],
        source="scenario",
        status="new",
        tags=[],
        training_images_number=0,
        updated_at=iso(now),
        author_id=author_id,
        owner_id=owner_id,
        user_id=author_id,
        name=or_default(body.name, ""),
        short_description=or_default(body.short_description, None),
        class_=model_class(body.class_slug),
        concepts=concepts(body.concepts),
        training_images=[],
        training_image_pairs=[],
        parameters=wire.ModelParameters(),
    )


def model_class(slug: str | UnsetType | None) -> wire.ModelClass | None:
    """The published class named by `slug` (`art-style-...`), titled from its words."""
    if isinstance(slug, UnsetType) or slug is None:
        return None
    title = slug.replace("-", " ").title()
    return wire.ModelClass(
        category=slug.split("-", 1)[0],
        concept_prompt=f"a sks {title.lower()}",
        api_model_id="flux.1-dev",
        name=title,
        prompt=f"a {title.lower()}",
        slug=slug,
        status="published",
        thumbnails=[],
    )


def concepts(given: list[Concept] | UnsetType) -> list[wire.ModelConcept] | None:
    if isinstance(given, UnsetType):
        return None
    return [
        wire.ModelConcept(
            api_model_id=c.model_id, scale=c.scale, api_model_epoch=or_default(c.model_epoch, None)
        )
        for c in given
    ]


def merged_parameters(
    current: wire.ModelParameters | None, update: wire.TrainingParameters
) -> wire.ModelParameters:
    """`current` with the parameters `update` gives replacing theirs."""
    merged: dict[str, object] = msgspec.to_builtins(current) if current is not None else {}
    merged.update(msgspec.to_builtins(update))
    return msgspec.convert(merged, wire.ModelParameters)


def training_image(image_id: str, name: str, now: float) -> wire.TrainingImage:
    """An image added now, uncaptioned."""
    return wire.TrainingImage(
        id=image_id,
        automatic_captioning="",
        created_at=iso(now),
        description="",
        download_url=asset_url(image_id),
        name=name,
    )


def example_asset(asset_id: str, model: wire.Model) -> wire.ExampleAsset:
    """The asset `asset_id` as an example of `model`: a 1024x1024 txt2img of it."""
    created = model.updated_at or model.created_at or ""
    return wire.ExampleAsset(
        id=asset_id,
        author_id=model.author_id or "",
        collection_ids=[],
        created_at=created,
        edit_capabilities=["UPSCALE", "REMOVE_BACKGROUND"],
        kind="image",
        metadata=wire.ExampleAssetMetadata(
            kind="image", type="inference-txt2img", api_model_id=model.id
        ),
        mime_type="image/png",
        owner_id=model.owner_id or "",
        privacy=model.privacy,
        properties=wire.ExampleAssetProperties(size=1_048_576, width=1024, height=1024),
        source="inference-txt",
        status="success",
        tags=[],
        updated_at=created,
        url=asset_url(asset_id),
    )


def training_job(model: wire.Model, job_id: str, author_id: str, now: float) -> wire.Job:
    """The job of a training of `model` queued now."""
    return wire.Job(
        created_at=iso(now),
        job_id=job_id,
        job_type="flux-model-training" if model.type.startswith("flux") else "model-training",
        metadata=wire.JobMetadata(input={"modelId": model.id}, output_model_id=model.id),
        progress=0,
        status="queued",
        status_history=[wire.JobStatusHistory(date=iso(now), status="queued")],
        updated_at=iso(now),
        author_id=author_id,
        owner_id=model.owner_id,
    )
