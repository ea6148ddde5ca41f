"""The documented enumerations of the responses: `Literal`s to a type checker, open at run time.

A type checker sees each alias below as the `Literal` of the values the API reference documents
for its fields (SDK 2.4.0's, for the fields the reference does not have): `Model.status` is a
`ModelStatus`, so a `match` on it narrows, and a misspelled value in a comparison or a `case` is
an error (mypy --strict's strict equality, pyright strict's unnecessary comparison).

At run time every alias is the plain type of its values (`str`, `int` for `AccessRestrictions`).
Why: msgspec reads these annotations at run time to build its decoders, and a `Literal` there
would be checked on decode, so a status or stage a newer server adds would make the whole
`Model` (or get-bulk page) fail to decode. As `str`, any string decodes and is kept as it came,
as the official SDK keeps it ("lenient when decoding"): the type checker's `Literal` names the
values known today, not every value a field can hold, and a `match` on one keeps a `case _:` arm
for the others (`assert_never` there would raise on them). The decoders are those of `str`: no
per-field check, no hook, no cost on the hot path. A view Struct of a caller's own, annotated
with these aliases, decodes as leniently.

Where the reference and SDK 2.4.0 disagree, the alias has the reference's values; the SDK's extra
values are named in its docstring (they decode as any other string). `ModelType`, `LrScheduler`
and `OptimizeFor` are the request types' own `Literal`s (params.py), which a request must match:
a response field reads the same values through the names here, open like the others.
"""

from typing import TYPE_CHECKING, Literal, TypeAlias

__all__ = [
    "AccessRestrictions",
    "AspectRatio",
    "AssetClassification",
    "AssetKind",
    "AssetMetadataType",
    "AssetSource",
    "AssetStatus",
    "AssetStyle",
    "BackgroundBehavior",
    "CameraMode",
    "ConditionalOperator",
    "EditCapability",
    "IPDetectionAction",
    "IPDetectionCategory",
    "ImageType",
    "InferenceType",
    "InputFidelity",
    "InputLocation",
    "IpAdapterType",
    "JobMetadataFlowLogicType",
    "JobMetadataFlowStatus",
    "JobMetadataFlowType",
    "JobStatus",
    "JobType",
    "LrScheduler",
    "MimeType",
    "Modality",
    "ModelCapability",
    "ModelClassStatus",
    "ModelInputType",
    "ModelSource",
    "ModelStatus",
    "ModelType",
    "OptimizeFor",
    "Privacy",
    "PromptSyntaxError",
    "QualityGateSensitivity",
    "QualityGateStatus",
    "QualityGateVerdict",
    "Scheduler",
    "ScoreStatus",
    "TrainingDatasetWarning",
    "TrainingStage",
    "TriggerGeneratePosition",
]

if TYPE_CHECKING:
    from .params import LrScheduler, ModelType, OptimizeFor

    ModelStatus: TypeAlias = Literal[
        "new", "copying", "training", "trained", "failed", "training-canceled"
    ]
    """`Model.status`, `TrainingSnapshot.status`."""

    TrainingStage: TypeAlias = Literal[
        "pending", "pending-captcha", "queued-for-train", "starting-train", "running-train"
    ]
    """`Model.training_progress.stage`, in lifecycle order. SDK 2.4.0 adds `ready-for-captcha`,
    which the reference does not document.
    """

    ModelSource: TypeAlias = Literal["civitai", "huggingface", "other", "scenario"]
    """`Model.source`."""

    InferenceType: TypeAlias = Literal[
        "controlnet",
        "controlnet_img2img",
        "controlnet_inpaint",
        "controlnet_inpaint_ip_adapter",
        "controlnet_ip_adapter",
        "controlnet_reference",
        "controlnet_texture",
        "img2img",
        "img2img_ip_adapter",
        "img2img_texture",
        "inpaint",
        "inpaint_ip_adapter",
        "outpaint",
        "reference",
        "reference_texture",
        "txt2img",
        "txt2img_ip_adapter",
        "txt2img_texture",
    ]
    """`ExampleInferenceParameters.type` (and a preset's)."""

    ModelCapability: TypeAlias = Literal[
        InferenceType,
        "3d23d",
        "audio2audio",
        "audio2video",
        "img23d",
        "img2txt",
        "img2video",
        "txt23d",
        "txt2audio",
        "txt2txt",
        "txt2video",
        "video23d",
        "video2audio",
        "video2img",
        "video2video",
    ]
    """Each of `Model.capabilities`: an `InferenceType`, or one of the others listed. SDK 2.4.0 adds
    `audio2txt` and `video2txt`, which the reference does not document.
    """

    AccessRestrictions: TypeAlias = Literal[0, 25, 50, 75, 100]
    """`Model.access_restrictions`."""

    ModelClassStatus: TypeAlias = Literal["published", "unpublished"]
    """`Model.class_.status`."""

    Privacy: TypeAlias = Literal["private", "public", "unlisted"]
    """`Model.privacy`, and an asset's and a description model's."""

    TriggerGeneratePosition: TypeAlias = Literal["bottom", "top"]
    """`Model.ui_config.trigger_generate.position`."""

    ModelInputType: TypeAlias = Literal[
        "boolean",
        "file",
        "file_array",
        "inputs_array",
        "model",
        "model_array",
        "number",
        "number_array",
        "string",
        "string_array",
    ]
    """`ModelInput.type`: the type of a model's (or a workflow node's) input."""

    AssetKind: TypeAlias = Literal["3d", "audio", "document", "image", "image-hdr", "json", "video"]
    """An asset's `kind`, and a model input's. SDK 2.4.0 adds `text`, which the reference does not
    document.
    """

    BackgroundBehavior: TypeAlias = Literal["opaque", "transparent"]
    """`ModelInput.background_behavior`."""

    ConditionalOperator: TypeAlias = Literal["and", "or"]
    """`ModelInput.required.conditional.operator` (SDK 2.4.0; not in the reference)."""

    JobStatus: TypeAlias = Literal[
        "canceled",
        "failure",
        "finalizing",
        "in-progress",
        "pending",
        "queued",
        "success",
        "warming-up",
    ]
    """`Job.status` and each of its `status_history`."""

    JobType: TypeAlias = Literal[
        "assets-download",
        "canvas-export",
        "caption",
        "caption-llava",
        "custom",
        "describe-style",
        "detection",
        "embed",
        "flux",
        "flux-model-training",
        "generate-prompt",
        "image-generation",
        "image-prompt-editing",
        "inference",
        "mesh-preview-rendering",
        "model-download",
        "model-import",
        "model-training",
        "musubi-model-training",
        "openai-image-generation",
        "patch-image",
        "pixelate",
        "reframe",
        "remove-background",
        "repaint",
        "restyle",
        "segment",
        "skybox-3d",
        "skybox-base-360",
        "skybox-hdri",
        "skybox-upscale-360",
        "texture",
        "translate",
        "upload",
        "upscale",
        "upscale-skybox",
        "upscale-texture",
        "vectorize",
        "workflow",
    ]
    """`Job.job_type`. SDK 2.4.0 adds `splat`, which the reference does not document."""

    JobMetadataFlowStatus: TypeAlias = Literal[
        "failure", "pending", "processing", "skipped", "success"
    ]
    """The status of a workflow node (`JobMetadataFlow.status`). SDK 2.4.0 adds `rejected`, which
    the reference does not document.
    """

    JobMetadataFlowType: TypeAlias = Literal[
        "custom-model",
        "for-each",
        "generate-prompt",
        "list",
        "logic",
        "model",
        "remove-background",
        "transform",
        "user-approval",
        "workflow",
    ]
    """The type of a workflow node (`JobMetadataFlow.type`). SDK 2.4.0 adds `user-selection`, which
    the reference does not document.
    """

    JobMetadataFlowLogicType: TypeAlias = Literal["if-else"]
    """`JobMetadataFlow.logic_type`."""

    IPDetectionAction: TypeAlias = Literal["allowed", "blocked", "flagged"]
    """`IPDetection.action` (SDK 2.4.0; not in the reference)."""

    IPDetectionCategory: TypeAlias = Literal[
        "artist-style", "brand-trademark", "celebrity-likeness", "custom", "fictional-character"
    ]
    """`IPDetectionFinding.category` (SDK 2.4.0; not in the reference)."""

    _AssetOrigin: TypeAlias = Literal[
        "3d23d",
        "audio2audio",
        "audio2video",
        "background-removal",
        "canvas",
        "canvas-drawing",
        "canvas-export",
        "detection",
        "generative-fill",
        "image-prompt-editing",
        "img23d",
        "img2img",
        "img2video",
        "inference-reference",
        "inference-reference-texture",
        "patch",
        "pixelization",
        "reframe",
        "restyle",
        "segment",
        "segmentation-image",
        "segmentation-mask",
        "skybox-3d",
        "skybox-base-360",
        "skybox-hdri",
        "texture",
        "txt23d",
        "txt2audio",
        "txt2img",
        "txt2video",
        "unknown",
        "uploaded",
        "uploaded-3d",
        "uploaded-audio",
        "uploaded-avatar",
        "uploaded-video",
        "upscale",
        "upscale-skybox",
        "upscale-texture",
        "upscale-video",
        "vectorization",
        "video23d",
        "video2audio",
        "video2img",
        "video2video",
        "voice-clone",
    ]
    """The values an asset's `source` and its metadata's `type` share."""

    AssetSource: TypeAlias = Literal[
        _AssetOrigin,
        "3d23d:texture",
        "3d:texture",
        "3d:texture:albedo",
        "3d:texture:metallic",
        "3d:texture:mtl",
        "3d:texture:normal",
        "3d:texture:roughness",
        "inference-control-net",
        "inference-control-net-img",
        "inference-control-net-inpainting",
        "inference-control-net-inpainting-ip-adapter",
        "inference-control-net-ip-adapter",
        "inference-control-net-reference",
        "inference-control-net-texture",
        "inference-img",
        "inference-img-ip-adapter",
        "inference-img-texture",
        "inference-in-paint",
        "inference-in-paint-ip-adapter",
        "inference-txt",
        "inference-txt-ip-adapter",
        "inference-txt-texture",
        "texture:albedo",
        "texture:ao",
        "texture:edge",
        "texture:height",
        "texture:metallic",
        "texture:normal",
        "texture:smoothness",
    ]
    """An asset's `source`. SDK 2.4.0 adds `audio2txt`, `img2splat`, `img2txt`, `txt2txt`,
    `uploaded-text` and `video2txt`, which the reference does not document.
    """

    AssetStatus: TypeAlias = Literal["error", "pending", "success"]
    """`ExampleAsset.status`."""

    EditCapability: TypeAlias = Literal[
        "DETECTION",
        "GENERATIVE_FILL",
        "PIXELATE",
        "PROMPT_EDITING",
        "REFINE",
        "REFRAME",
        "REMOVE_BACKGROUND",
        "SEGMENTATION",
        "UPSCALE",
        "UPSCALE_360",
        "VECTORIZATION",
    ]
    """Each of `ExampleAsset.edit_capabilities`."""

    MimeType: TypeAlias = Literal[
        "application/gzip",
        "application/json",
        "application/octet-stream",
        "application/pdf",
        "application/safetensors",
        "application/vnd.autodesk.fbx",
        "application/x-authorware-bin",
        "application/x-zip-compressed",
        "application/x.autodesk.fbx",
        "application/zip",
        "audio/flac",
        "audio/m4a",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "image/aces",
        "image/avif",
        "image/bmp",
        "image/gif",
        "image/heic",
        "image/jpeg",
        "image/png",
        "image/svg+xml",
        "image/tiff",
        "image/vnd.radiance",
        "image/webp",
        "image/x-exr",
        "model/glb",
        "model/gltf+json",
        "model/gltf-binary",
        "model/ksplat",
        "model/mtl",
        "model/obj",
        "model/ply",
        "model/sog",
        "model/splat",
        "model/spz",
        "model/stl",
        "model/vnd.collada+xml",
        "model/vnd.ms-package.3dmanufacturing-3dmodel+xml",
        "model/vnd.usdz+zip",
        "model/x-3d-vox",
        "model/x-blender",
        "model/x-fbx",
        "model/x-maya-ascii",
        "model/x-maya-binary",
        "model/x-vsplat",
        "model/x3d+xml",
        "text/plain",
        "video/mp4",
        "video/quicktime",
        "video/webm",
    ]
    """An asset's `original_mime_type` (SDK 2.4.0; the reference does not list them)."""

    AssetClassification: TypeAlias = Literal[
        "effect", "interview", "music", "other", "sound", "speech", "text", "unknown"
    ]
    """`AssetProperties.classification`, of an audio asset."""

    CameraMode: TypeAlias = Literal["aerial", "interior", "turntable"]
    """`AssetProperties.camera_mode` (SDK 2.4.0; not in the reference)."""

    AssetMetadataType: TypeAlias = Literal[
        _AssetOrigin,
        "3d-texture",
        "3d-texture-albedo",
        "3d-texture-metallic",
        "3d-texture-mtl",
        "3d-texture-normal",
        "3d-texture-roughness",
        "3d23d-texture",
        "inference-controlnet",
        "inference-controlnet-img2img",
        "inference-controlnet-inpaint",
        "inference-controlnet-inpaint-ip-adapter",
        "inference-controlnet-ip-adapter",
        "inference-controlnet-reference",
        "inference-controlnet-texture",
        "inference-img2img",
        "inference-img2img-ip-adapter",
        "inference-img2img-texture",
        "inference-inpaint",
        "inference-inpaint-ip-adapter",
        "inference-txt2img",
        "inference-txt2img-ip-adapter",
        "inference-txt2img-texture",
        "texture-albedo",
        "texture-ao",
        "texture-edge",
        "texture-height",
        "texture-metallic",
        "texture-normal",
        "texture-smoothness",
    ]
    """`ExampleAssetMetadata.type`: mostly `AssetSource`'s values, some spelled otherwise
    (`inference-txt2img` for `inference-txt`, `texture-albedo` for `texture:albedo`). SDK 2.4.0
    adds to it the values it adds to `AssetSource`, which the reference does not document.
    """

    ImageType: TypeAlias = Literal["seamfull", "skybox", "texture"]
    """`ExampleAssetMetadata.image_type`."""

    InputFidelity: TypeAlias = Literal["high", "low"]
    """`ExampleAssetMetadata.input_fidelity`."""

    InputLocation: TypeAlias = Literal["bottom", "left", "middle", "right", "top"]
    """`ExampleAssetMetadata.input_location`."""

    Modality: TypeAlias = Literal[
        "canny",
        "depth",
        "grayscale",
        "lineart_anime",
        "mlsd",
        "normal",
        "pose",
        "scribble",
        "segmentation",
        "sketch",
    ]
    """`ExampleAssetMetadata.modality`."""

    AssetStyle: TypeAlias = Literal[
        "3d-cartoon",
        "3d-rendered",
        "anime",
        "cartoon",
        "cinematic",
        "claymation",
        "cloud-skydome",
        "comic",
        "cyberpunk",
        "enchanted",
        "fantasy",
        "ink",
        "manga",
        "manga-color",
        "minimalist",
        "neon-tron",
        "oil-painting",
        "pastel",
        "photo",
        "photography",
        "psychedelic",
        "retro-fantasy",
        "scifi-concept-art",
        "space",
        "standard",
        "whimsical",
    ]
    """`ExampleAssetMetadata.style`."""

    QualityGateStatus: TypeAlias = Literal["error", "scored"]
    """`ExampleAssetQualityGate.status` (SDK 2.4.0; not in the reference)."""

    QualityGateSensitivity: TypeAlias = Literal["high", "low", "medium"]
    """`ExampleAssetQualityGate.sensitivity` (SDK 2.4.0; not in the reference)."""

    QualityGateVerdict: TypeAlias = Literal["fail", "pass", "warn"]
    """`ExampleAssetQualityGate.verdict` (SDK 2.4.0; not in the reference)."""

    AspectRatio: TypeAlias = Literal[
        "16:9", "1:1", "21:9", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "9:21"
    ]
    """`ExampleInferenceParameters.aspect_ratio` (and a preset's)."""

    IpAdapterType: TypeAlias = Literal["character", "style"]
    """`ExampleInferenceParameters.ip_adapter_type` (and a preset's)."""

    Scheduler: TypeAlias = Literal[
        "DDIMScheduler",
        "DDPMScheduler",
        "DEISMultistepScheduler",
        "DPMSolverMultistepScheduler",
        "DPMSolverSinglestepScheduler",
        "EulerAncestralDiscreteScheduler",
        "EulerDiscreteScheduler",
        "HeunDiscreteScheduler",
        "KDPM2AncestralDiscreteScheduler",
        "KDPM2DiscreteScheduler",
        "LCMScheduler",
        "LMSDiscreteScheduler",
        "PNDMScheduler",
        "TCDScheduler",
        "UniPCMultistepScheduler",
    ]
    """`ExampleInferenceParameters.scheduler` (and a preset's)."""

    ScoreStatus: TypeAlias = Literal["complete", "incomplete", "unknown"]
    """The `status` of both scores (SDK 2.4.0)."""

    PromptSyntaxError: TypeAlias = Literal[
        "Prompt weight should be between 0 and 2",
        "Prompt weight symbol should be - or + with a maximum length of 5. Ex: --, ++, ---, +++++",
        "Unsupported prompt syntax: '[to:when], [from::when]'",
        "Unsupported prompt syntax: 'word:<weight>' or '(word):<weight>'. Please use 'word<weight>' or '(word)<weight>' instead",  # noqa: E501
        "Unsupported prompt syntax: --(s|c)ref",
        "Unsupported prompt syntax: <name:weight> or <lora:name:weight>",
        "Unsupported url in prompt",
    ]
    """`ScoreRetrievePromptResponse.syntax_error` (SDK 2.4.0)."""

    TrainingDatasetWarning: TypeAlias = Literal[
        "Captions are identical",
        "Captions are too close",
        "Empty caption",
        "Missing caption",
        "Missing metadata",
        "Same asset",
        "Similarity is too high",
        "Similarity with other assets is too low",
        "Width and height must be larger than 1024",
    ]
    """Each `message` of a training dataset score's warnings (SDK 2.4.0)."""
else:
    # Every name of `__all__`, bound to the plain type of its values: one line for all of them,
    # so that none is missed.
    globals().update(dict.fromkeys(__all__, str), AccessRestrictions=int)
