"""scenario_async: a typed, async-only client for Scenario's models API.

Switching from the official SDK is one import: `from scenario_async import AsyncScenario`.
"""

from ._http import HTTPRequest
from ._version import __version__
from .bulk import ChunkIterator
from .bulk_core import BulkChunk
from .calls import AppliedCheck, Call, Timeout
from .client import AsyncScenario
from .config import (
    DEFAULT_BASE_URL,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
)
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseDecodeError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BulkFetchError,
    ChunkFailure,
    ClientClosedError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    ModelGoneError,
    NotFoundError,
    PermissionDeniedError,
    PoolTimeoutError,
    RateLimitError,
    ResponseTooLargeError,
    ScenarioError,
    StreamConsumedError,
    TrainingCanceledError,
    TrainingError,
    TrainingFailedError,
    UnprocessableEntityError,
    ValidationError,
    WatchTimeoutError,
)
from .events import (
    ChangeAlreadyApplied,
    RequestEvent,
    RequestFailed,
    RequestSent,
    ResponseReceived,
    RetryScheduled,
)
from .limits import RateLimit
from .pagination import ModelIterator, ModelPage, ModelPaginator, PageInfo, PageIterator
from .retry import RetryPolicy
from .sending import RawResponse, Sender
from .training import (
    Canceled,
    Failed,
    Gone,
    ProgressChanged,
    QueuePositionChanged,
    StageChanged,
    StatusChanged,
    Trained,
    TrainingEvent,
    UnknownState,
)
from .transport import (
    AiohttpTransport,
    MockTransport,
    Transport,
    TransportRequest,
    TransportResponse,
)
from .types import InvalidModel, ModelGetBulkResult, TrainingSnapshot
from .watch import TrainingWatch
from .watch_core import (
    ErrorAction,
    ErrorPolicy,
    PollFailed,
    SnapshotUnreadable,
    WatchConfig,
    WatchEvent,
    WatchStats,
    default_error_policy,
)

# The official SDK's name for a raw or streamed response, for annotations written against it.
AsyncAPIResponse = RawResponse

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APIResponseDecodeError",
    "APIStatusError",
    "APITimeoutError",
    "AiohttpTransport",
    "AppliedCheck",
    "AsyncAPIResponse",
    "AsyncScenario",
    "AuthenticationError",
    "BadRequestError",
    "BulkChunk",
    "BulkFetchError",
    "Call",
    "Canceled",
    "ChangeAlreadyApplied",
    "ChunkFailure",
    "ChunkIterator",
    "ClientClosedError",
    "ConflictError",
    "DefaultAioHttpClient",
    "DefaultAsyncHttpxClient",
    "DefaultHttpxClient",
    "ErrorAction",
    "ErrorPolicy",
    "Failed",
    "Gone",
    "HTTPRequest",
    "InternalServerError",
    "InvalidModel",
    "MissingCredentialsError",
    "MockTransport",
    "ModelGetBulkResult",
    "ModelGoneError",
    "ModelIterator",
    "ModelPage",
    "ModelPaginator",
    "NotFoundError",
    "PageInfo",
    "PageIterator",
    "PermissionDeniedError",
    "PollFailed",
    "PoolTimeoutError",
    "ProgressChanged",
    "QueuePositionChanged",
    "RateLimit",
    "RateLimitError",
    "RawResponse",
    "RequestEvent",
    "RequestFailed",
    "RequestSent",
    "ResponseReceived",
    "ResponseTooLargeError",
    "RetryPolicy",
    "RetryScheduled",
    "ScenarioError",
    "Sender",
    "SnapshotUnreadable",
    "StageChanged",
    "StatusChanged",
    "StreamConsumedError",
    "Timeout",
    "Trained",
    "TrainingCanceledError",
    "TrainingError",
    "TrainingEvent",
    "TrainingFailedError",
    "TrainingSnapshot",
    "TrainingWatch",
    "Transport",
    "TransportRequest",
    "TransportResponse",
    "UnknownState",
    "UnprocessableEntityError",
    "ValidationError",
    "WatchConfig",
    "WatchEvent",
    "WatchStats",
    "WatchTimeoutError",
    "__version__",
    "default_error_policy",
]
