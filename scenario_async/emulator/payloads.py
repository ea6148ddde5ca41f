"""Full-size, deterministic model payloads, so benchmarks decode what the real API sends.

A model here has every part the reference documents (inputs, epochs with assets, training
images and pairs, uiConfig, performanceStats, parameters, class, concepts): about 20 KB of
JSON, all drawn from the `random.Random` passed in, so one seed always gives the same store.
"""

from __future__ import annotations

import hashlib
import random
import string
from datetime import UTC, datetime

from .. import types as wire

__all__ = ["asset_url", "epochs", "iso", "preset_parameters", "realistic_model"]

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
